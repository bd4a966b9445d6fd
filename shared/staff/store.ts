import { ulid } from 'ulid';
import { branchExists } from '../branches/store';
import type { Actor } from '../kernel/access';
import { ConflictError, ValidationError, VersionConflictError } from '../kernel/errors';
import type { Store } from '../platform/dynamo/client';
import {
  type Change,
  changedFields,
  deleteStep,
  fromItem,
  getRecord,
  getRecordOr404,
  type Idempotency,
  type Item,
  idempotencyStep,
  type Key,
  logEntryItem,
  mustExistStep,
  putStep,
  queryPage,
  stampNew,
  transact,
} from '../platform/dynamo/records';
import { nowIso } from '../platform/ports/clock';
import { authorizeStaffWrite, everyBranch, staffIssues } from './rules';
import {
  type CreateStaff,
  clearableStaffFields,
  type Staff,
  type StaffMember,
  type UpdateStaff,
} from './schemas';

/**
 * Staff entity (R-ACC-1, R-ACC-2, R-HR-1). Staff are chain-level, not branch data:
 * - the record: `STAFF#<id>` / `STAFF`, with its change log in the same partition (R-ACC-5);
 * - the login guard: `LOGIN#<login>` / `GUARD`, so a login is unique across the chain and
 *   the token issuer finds a person by login with two GetItems;
 * - one membership per branch: `BR#<b>#STAFF` / `<id>`, a small projection (name, login,
 *   roles, status), so a branch's staff list is one Query of branch data. Chain-wide staff
 *   (`branches: ['*']`) have none.
 *
 * records.ts writes one record with guards; a staff write also puts and deletes memberships,
 * so this module builds its own transaction from the same parts (log entry, stamps, guard
 * shape): the record, its guard, its memberships and its log entry land together or not at all.
 */
export const staffKey = (id: string): Key => ({ pk: `STAFF#${id}`, sk: 'STAFF' });
export const loginKey = (login: string): Key => ({ pk: `LOGIN#${login}`, sk: 'GUARD' });
export const branchStaffPartition = (branchId: string) => `BR#${branchId}#STAFF`;
export const membershipKey = (branchId: string, id: string): Key => ({
  pk: branchStaffPartition(branchId),
  sk: id,
});

const staffHref = (id: string) => `/staff/${id}`;

function namedBranches(staff: Pick<Staff, 'branches'>): string[] {
  return staff.branches.filter((b) => b !== everyBranch);
}

function toItem(staff: Staff): Item {
  return { ...staffKey(staff.id), type: 'staff', ...staff };
}

function membershipItem(staff: Staff, branchId: string): Item {
  const member: StaffMember = {
    id: staff.id,
    login: staff.login,
    name: staff.name,
    roles: staff.roles,
    status: staff.status,
  };
  return { ...membershipKey(branchId, staff.id), type: 'staff-member', branchId, ...member };
}

function guardItem(staff: Staff, at: string): Item {
  return {
    ...loginKey(staff.login),
    type: 'guard',
    owner: { kind: 'staff', id: staff.id, href: staffHref(staff.id) },
    field: 'login',
    value: staff.login,
    at,
  };
}

async function loginTaken(store: Store, login: string): Promise<Error> {
  const guard = await getRecord(store, loginKey(login));
  const owner = guard?.owner as { kind: string; id: string; href: string } | undefined;
  return new ConflictError(
    `login ${login} is already taken${owner ? ` (${owner.kind} ${owner.id})` : ''}`,
    owner,
  );
}

function validate(staff: Staff): void {
  const issues = staffIssues(staff);
  if (issues.length > 0) {
    throw new ValidationError(issues.map((i) => ({ path: `body.${i.path}`, message: i.message })));
  }
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
  validate(staff);
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
    putStep(store, toItem(staff), {
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

export async function getStaff(store: Store, id: string): Promise<Staff> {
  return fromItem<Staff>(await getRecordOr404(store, staffKey(id), `Staff ${id}`));
}

/** The person who signs in with this login, if any (the token issuer's directory). */
export async function findStaffByLogin(store: Store, login: string): Promise<Staff | undefined> {
  const guard = await getRecord(store, loginKey(login));
  const owner = guard?.owner as { id?: unknown } | undefined;
  if (typeof owner?.id !== 'string') return undefined;
  const item = await getRecord(store, staffKey(owner.id));
  return item ? fromItem<Staff>(item) : undefined;
}

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
  if (current.version !== version) {
    throw new VersionConflictError(
      `You read version ${version} but the record is at version ${current.version}; reload and retry`,
      current.version,
    );
  }
  validate(next);

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
  const before = namedBranches(current);
  const after = namedBranches(stored);
  const dropped = before.filter((b) => !after.includes(b));
  await transact(store, [
    putStep(store, toItem(stored), {
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

/** The people who work at a branch, in hiring order (one Query of branch data). */
export async function listBranchStaff(
  store: Store,
  branchId: string,
  options: { limit: number; cursor?: string | undefined },
): Promise<{ items: StaffMember[]; nextCursor?: string }> {
  const partition = branchStaffPartition(branchId);
  const page = await queryPage(store, {
    KeyConditionExpression: 'pk = :p',
    ExpressionAttributeValues: { ':p': partition },
    partition,
    limit: options.limit,
    cursor: options.cursor,
  });
  return {
    ...page,
    items: page.items.map((i) => {
      const { branchId: _b, ...member } = fromItem<StaffMember & { branchId: string }>(i);
      return member;
    }),
  };
}
