import type { Actor } from '../kernel/access';
import type { Store } from '../platform/dynamo/client';
import {
  changedFields,
  createRecord,
  fromItem,
  getRecordOr404,
  type Idempotency,
  stampNew,
  updateRecord,
} from '../platform/dynamo/records';
import { clock } from '../platform/ports/clock';
import { firstReportDutySteps } from '../reports/actions/reports';
import { checkBranchPolicy } from './rules';
import type { Branch, CreateBranch, UpdateBranch } from './schemas';
import { branchItem, branchKey, forgetBranchSettings } from './store';

/** Opening a branch and changing its settings (R-ACC-1, issue 4 item 2). */
export async function createBranch(
  store: Store,
  input: CreateBranch,
  actor: Actor,
  idempotency?: Idempotency,
): Promise<Branch> {
  checkBranchPolicy(input.policy);
  const branch: Branch = { ...input, ...stampNew(actor) };
  await createRecord(store, {
    idempotency,
    item: branchItem(branch),
    // R-RPT-1: the branch's reports are scheduled from its first day.
    steps: firstReportDutySteps(store, branch, clock().now()),
    change: {
      actor,
      action: 'branch.created',
      subject: { kind: 'branch', id: branch.id },
      summary: `Branch ${branch.id} ${branch.name} opened`,
      changes: Object.keys(input).sort(),
      logPartition: branchKey(branch.id).pk,
    },
  });
  return branch;
}

export async function updateBranch(
  store: Store,
  id: string,
  input: UpdateBranch,
  actor: Actor,
): Promise<Branch> {
  const current = await getRecordOr404(store, branchKey(id), `Branch ${id}`);
  const { version, ...changes } = input;
  if (changes.policy) checkBranchPolicy(changes.policy);
  const next = { ...current, ...changes };
  const changed = changedFields(current, next);
  const stored = await updateRecord(store, {
    current,
    expectedVersion: version,
    next,
    actor,
    change: {
      action: 'branch.updated',
      subject: { kind: 'branch', id },
      summary: `Branch ${id} settings changed: ${changed.join(', ') || 'nothing'}`,
      changes: changed,
      logPartition: branchKey(id).pk,
    },
  });
  forgetBranchSettings(id);
  return fromItem<Branch>(stored);
}
