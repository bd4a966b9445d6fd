import { ConflictError } from '../kernel/errors';
import type { Store } from '../platform/dynamo/client';
import {
  fromItem,
  getRecord,
  getRecordOr404,
  type Item,
  type Key,
  queryAll,
  queryPage,
} from '../platform/dynamo/records';
import type { Staff, StaffMember } from './schemas';

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

export function guardItem(staff: Staff, at: string): Item {
  return {
    ...loginKey(staff.login),
    type: 'guard',
    owner: { kind: 'staff', id: staff.id, href: staffHref(staff.id) },
    field: 'login',
    value: staff.login,
    at,
  };
}

export async function loginTaken(store: Store, login: string): Promise<Error> {
  const guard = await getRecord(store, loginKey(login));
  const owner = guard?.owner as { kind: string; id: string; href: string } | undefined;
  return new ConflictError(
    `login ${login} is already taken${owner ? ` (${owner.kind} ${owner.id})` : ''}`,
    owner,
  );
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
