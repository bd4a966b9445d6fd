import { ulid } from 'ulid';
import { branchExists } from '../branches/store';
import type { Actor } from '../kernel/access';
import { ConflictError } from '../kernel/errors';
import type { Store } from '../platform/dynamo/client';
import {
  type Change,
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
  queryAll,
  queryPage,
  stampNew,
  transact,
} from '../platform/dynamo/records';
import { authorizeStaffWrite, namedBranches, requireValidStaff } from './rules';
import type { CreateStaff, Staff, StaffMember } from './schemas';

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
 * `createStaff` is a use case still here because infra/scripts/create-admin.ts imports it from
 * this module; `updateStaff` is in shared/staff/actions.ts.
 */
export const staffKey = (id: string): Key => ({ pk: `STAFF#${id}`, sk: 'STAFF' });
const loginKey = (login: string): Key => ({ pk: `LOGIN#${login}`, sk: 'GUARD' });
const branchStaffPartition = (branchId: string) => `BR#${branchId}#STAFF`;
export const membershipKey = (branchId: string, id: string): Key => ({
  pk: branchStaffPartition(branchId),
  sk: id,
});

const staffHref = (id: string) => `/staff/${id}`;

export function staffItem(staff: Staff): Item {
  return { ...staffKey(staff.id), type: 'staff', ...staff };
}

export function membershipItem(staff: Staff, branchId: string): Item {
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

/** The people of a branch (membership projections): one Query of a small partition, every page. */
export async function branchMembers(store: Store, branchId: string): Promise<StaffMember[]> {
  const partition = branchStaffPartition(branchId);
  const items = await queryAll(store, {
    KeyConditionExpression: 'pk = :p',
    ExpressionAttributeValues: { ':p': partition },
    partition,
  });
  return items.map((item) => {
    const { branchId: _b, ...member } = fromItem<StaffMember & { branchId: string }>(item);
    return member;
  });
}
