import type { Actor } from '../kernel/access';
import { NotFoundError, ValidationError } from '../kernel/errors';
import { type Policy, type PolicyOverrides, policyFor, policyIssues } from '../kernel/policy';
import type { Store } from '../platform/dynamo/client';
import {
  changedFields,
  createRecord,
  fromItem,
  getRecord,
  getRecordOr404,
  type Idempotency,
  type Item,
  type Key,
  queryPage,
  stampNew,
  updateRecord,
} from '../platform/dynamo/records';
import { clock } from '../platform/ports/clock';
import { firstReportDutySteps } from '../reports/actions/reports';
import type { Branch, CreateBranch, UpdateBranch } from './schemas';

/**
 * Branch entity (R-ACC-1). Key: `BR#<id>` / `BRANCH`. Every branch is also listed under the
 * `lookup` index partition `BRANCHES`, sorted by id.
 */
export const branchKey = (id: string): Key => ({ pk: `BR#${id}`, sk: 'BRANCH' });

/** A precondition for writes that need the branch to exist. */
export const branchExists = (id: string) => ({
  key: branchKey(id),
  error: () => new NotFoundError(`Branch ${id} does not exist`),
});

function toItem(branch: Branch): Item {
  return { ...branchKey(branch.id), type: 'branch', gsi1pk: 'BRANCHES', gsi1sk: branch.id, ...branch };
}

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
    item: toItem(branch),
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

/** The branch's lead times and windows merged with the chain's must still make sense (400). */
function checkBranchPolicy(overrides: PolicyOverrides | undefined): void {
  if (!overrides) return;
  const issues = policyIssues(policyFor(overrides));
  if (issues.length > 0) {
    throw new ValidationError(issues.map((i) => ({ path: `body.policy.${i.path}`, message: i.message })));
  }
}

/** The chain policy with the branch's own lead times and windows (issue 4 item 2). */
export const policyOf = (branch: Pick<Branch, 'policy'>): Policy => policyFor(branch.policy);

/** `policyOf` the branch, from the settings cache. */
export async function branchPolicy(store: Store, branchId: string): Promise<Policy> {
  return policyOf(await branchSettings(store, branchId));
}

export async function getBranch(store: Store, id: string): Promise<Branch> {
  return fromItem<Branch>(await getRecordOr404(store, branchKey(id), `Branch ${id}`));
}

/** Branch settings change rarely; a warm function keeps them for a minute to spare a read per call. */
const cache = new Map<string, { branch: Branch; until: number }>();
export async function branchSettings(store: Store, id: string, now = Date.now()): Promise<Branch> {
  const hit = cache.get(id);
  if (hit && hit.until > now) return hit.branch;
  const branch = await getBranch(store, id);
  cache.set(id, { branch, until: now + 60_000 });
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
  cache.delete(id);
  return fromItem<Branch>(stored);
}

/**
 * Every branch of the chain (one query of the `lookup` index), or, for branch staff, the branches
 * they work at, read directly (a person works at a handful at most, R-ACC-3).
 */
export async function listBranches(
  store: Store,
  options: { limit: number; cursor?: string | undefined; only?: string[] },
): Promise<{ items: Branch[]; nextCursor?: string }> {
  if (options.only) {
    const found = await Promise.all(options.only.map((id) => getRecord(store, branchKey(id))));
    return { items: found.filter((i): i is Item => i !== undefined).map((i) => fromItem<Branch>(i)) };
  }
  const page = await queryPage(store, {
    IndexName: 'lookup',
    KeyConditionExpression: 'gsi1pk = :p',
    ExpressionAttributeValues: { ':p': 'BRANCHES' },
    partition: 'BRANCHES',
    limit: options.limit,
    cursor: options.cursor,
  });
  return { ...page, items: page.items.map((i) => fromItem<Branch>(i)) };
}
