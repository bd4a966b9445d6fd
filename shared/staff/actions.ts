import { ulid } from 'ulid';
import { branchExists } from '../branches/store';
import type { Actor } from '../kernel/access';
import { ConflictError, VersionConflictError } from '../kernel/errors';
import type { Store } from '../platform/dynamo/client';
import {
  type Change,
  changedFields,
  deleteStep,
  fromItem,
  getRecordOr404,
  type Idempotency,
  idempotencyStep,
  logEntryItem,
  mustExistStep,
  putStep,
  stampNew,
  transact,
} from '../platform/dynamo/records';
import { nowIso } from '../platform/ports/clock';
import {
  authorizeStaffWrite,
  membershipMoves,
  namedBranches,
  requireStaffVersion,
  requireValidStaff,
} from './rules';
import { type CreateStaff, clearableStaffFields, type Staff, type UpdateStaff } from './schemas';
import { guardItem, loginTaken, membershipItem, membershipKey, staffItem, staffKey } from './store';

/**
 * The use cases of staff records (R-HR-1, R-ACC-3, R-ACC-5) that another module does not import
 * from shared/staff/store.ts. Hiring (`createStaff`) is still in the store, where
 * infra/scripts/create-admin.ts imports it.
 */

/**
 * Changes a person on top of the version the caller read (R-ACC-5): roles, branches (their
 * memberships move in the same transaction), status, contact and contract dates. `null`
 * clears an optional field. The login never changes.
 */
export async function updateStaff(
  store: Store,
  id: string,
  input: UpdateStaff,
  actor: Actor,
): Promise<Staff> {
  const item = await getRecordOr404(store, staffKey(id), `Staff ${id}`);
  const current = fromItem<Staff>(item);
  const { version, ...changes } = input;
  const merged: Record<string, unknown> = { ...current, ...changes };
  for (const field of clearableStaffFields) if (merged[field] === null) delete merged[field];
  const next = merged as Staff;
  authorizeStaffWrite(actor, next, current);
  requireStaffVersion(version, current.version);
  requireValidStaff(next);

  const at = nowIso();
  const stored: Staff = {
    ...next,
    version: current.version + 1,
    createdAt: current.createdAt,
    createdBy: current.createdBy,
    updatedAt: at,
    updatedBy: actor.staffId,
  };
  const changed = changedFields(current, stored);
  const change: Change = {
    actor,
    action: 'staff.updated',
    subject: { kind: 'staff', id },
    summary: `${stored.name} (${stored.login}) changed: ${changed.join(', ') || 'nothing'}`,
    changes: changed,
    logPartition: staffKey(id).pk,
  };
  const { write: after, drop: dropped } = membershipMoves(current, stored);
  await transact(store, [
    putStep(store, staffItem(stored), {
      expression: 'attribute_exists(pk) AND #version = :expected',
      names: { '#version': 'version' },
      values: { ':expected': current.version },
      onConditionFailed: () =>
        new VersionConflictError(`The record changed after you read version ${version}; reload and retry`),
    }),
    // Every listed branch must still exist; memberships are rewritten so the projection follows.
    ...after.map((b) => mustExistStep(store, branchExists(b))),
    ...after.map((b) => putStep(store, membershipItem(stored, b))),
    ...dropped.map((b) => deleteStep(store, membershipKey(b, id))),
    putStep(store, logEntryItem(change, at)),
  ]);
  return stored;
}

/**
 * Hires a person (R-HR-1). Every listed branch must exist (404 naming it) and the login must be
 * free (409 naming it); the caller must be allowed to place them there (R-ACC-3, 403).
 */
export async function createStaff(
  store: Store,
  input: CreateStaff,
  actor: Actor,
  idempotency?: Idempotency,
): Promise<Staff> {
  authorizeStaffWrite(actor, input);
  const staff: Staff = { id: ulid(), ...input, ...stampNew(actor) };
  requireValidStaff(staff);
  const at = staff.createdAt;
  const change: Change = {
    actor,
    action: 'staff.created',
    subject: { kind: 'staff', id: staff.id },
    summary: `${staff.name} (${staff.login}) joined as ${staff.roles.join(', ')} at ${staff.branches.join(', ')}`,
    changes: Object.keys(input).sort(),
    logPartition: staffKey(staff.id).pk,
  };
  const branches = namedBranches(staff);
  await transact(store, [
    ...(idempotency ? [idempotencyStep(store, idempotency, staff, at)] : []),
    putStep(store, staffItem(staff), {
      expression: 'attribute_not_exists(pk)',
      onConditionFailed: () => new ConflictError(`staff ${staff.id} exists`),
    }),
    putStep(store, guardItem(staff, at), {
      expression: 'attribute_not_exists(pk)',
      onConditionFailed: () => loginTaken(store, staff.login),
    }),
    ...branches.map((b) => mustExistStep(store, branchExists(b))),
    ...branches.map((b) => putStep(store, membershipItem(staff, b))),
    putStep(store, logEntryItem(change, at)),
  ]);
  return staff;
}
