import { branchSettings } from '../../branches/store';
import type { Actor } from '../../kernel/access';
import { NotFoundError, ValidationError } from '../../kernel/errors';
import type { LogEntry } from '../../kernel/schemas';
import type { Store } from '../../platform/dynamo/client';
import {
  fromItem,
  type Guard,
  getConsistentRecord,
  getRecordOr404,
  type Item,
  type Key,
  type Precondition,
  queryPage,
  type Step,
} from '../../platform/dynamo/records';
import { membershipKey } from '../../staff/store';
import { requirePhone } from '../rules/phone';
import type { Customer } from '../schemas/customer';
import type { Vehicle } from '../schemas/vehicle';

/**
 * Customer archive (R-ARC-1, R-ARC-3, R-ARC-4). Branch data, so every key starts with the branch:
 * - the record: `BR#<b>#CUS#<c>` / `PROFILE`;
 * - its timeline: `BR#<b>#CUS#<c>` / `LOG#<iso>#<ulid>`, written by records.ts with every change
 *   to the customer or to one of their vehicles;
 * - one guard per phone: `BR#<b>#PHONE#<e164>` / `GUARD`, written in the record's transaction, so
 *   a number belongs to one customer of the branch and finds them with two GetItems.
 *
 * Validation errors name the request field (`body.phones.0.number`, `query.phone`): these are
 * the API's operations, and the seed script feeds them data of the same shape.
 * The use cases are in shared/archive/actions/customers.ts.
 */
export const customerPartition = (branchId: string, customerId: string) => `BR#${branchId}#CUS#${customerId}`;
export const customerKey = (branchId: string, customerId: string): Key => ({
  pk: customerPartition(branchId, customerId),
  sk: 'PROFILE',
});
export const phoneGuardKey = (branchId: string, e164: string): Key => ({
  pk: `BR#${branchId}#PHONE#${e164}`,
  sk: 'GUARD',
});
const customerHref = (branchId: string, customerId: string) =>
  `/branches/${branchId}/customers/${customerId}`;

/** A precondition for writes that need the customer (a vehicle's owner) in this branch. */
export const customerExists = (branchId: string, customerId: string): Precondition => ({
  key: customerKey(branchId, customerId),
  error: () => new NotFoundError(`Customer ${customerId} was not found at branch ${branchId}`),
});

/**
 * R-FUP-1: the designated follow-up agent is an active follow-up agent (or supervisor) of the
 * customer's branch, checked on the membership in the write's own transaction.
 */
export const followUpAgentWorksHere = (branchId: string, staffId: string): Precondition => ({
  key: membershipKey(branchId, staffId),
  condition: {
    expression:
      'NOT (#status IN (:suspended, :left)) AND (contains(#roles, :agent) OR contains(#roles, :supervisor))',
    names: { '#status': 'status', '#roles': 'roles' },
    values: {
      ':suspended': 'suspended',
      ':left': 'left',
      ':agent': 'follow-up',
      ':supervisor': 'supervisor',
    },
  },
  error: () =>
    new ValidationError([
      {
        path: 'body.followUpAgentId',
        message: `No active follow-up agent or supervisor ${staffId} works at branch ${branchId}`,
      },
    ]),
});

export function phoneGuard(branchId: string, customerId: string, e164: string): Guard {
  return {
    key: phoneGuardKey(branchId, e164),
    owner: { kind: 'customer', id: customerId, href: customerHref(branchId, customerId) },
    field: 'phone',
    value: e164,
  };
}

export function customerItem(customer: Customer): Item {
  return { ...customerKey(customer.branchId, customer.id), type: 'customer', ...customer };
}

export async function getCustomer(store: Store, branchId: string, customerId: string): Promise<Customer> {
  return fromItem<Customer>(
    await getRecordOr404(store, customerKey(branchId, customerId), `Customer ${customerId}`),
  );
}

/**
 * R-ARC-2: the vehicles the completeness rule looks at: one Query of the `lookup` index (the
 * first 50 cars; one complete car is enough). Here rather than in vehicles.ts, which imports
 * this module.
 */
export async function archiveVehicles(
  store: Store,
  branchId: string,
  customerId: string,
): Promise<Vehicle[]> {
  const partition = customerPartition(branchId, customerId);
  const page = await queryPage(store, {
    IndexName: 'lookup',
    KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :veh)',
    ExpressionAttributeValues: { ':p': partition, ':veh': 'VEH#' },
    partition,
    limit: 50,
  });
  return page.items.map((i) => fromItem<Vehicle>(i));
}

/**
 * R-ARC-3: a returning customer found by phone, typed in any format. Two strongly consistent
 * GetItems (the guard, then the record); one when the number is not on file. The branch's phone
 * region comes from the settings cache.
 */
export async function findCustomerByPhone(
  store: Store,
  branchId: string,
  phone: string,
): Promise<Customer | undefined> {
  const settings = await branchSettings(store, branchId);
  const e164 = requirePhone(phone, settings.phoneRegion, 'query.phone');
  const guard = await getConsistentRecord(store, phoneGuardKey(branchId, e164));
  const owner = guard?.owner as Guard['owner'] | undefined;
  if (!owner) return undefined;
  const item = await getConsistentRecord(store, customerKey(branchId, owner.id));
  return item ? fromItem<Customer>(item) : undefined;
}

/**
 * R-ARC-4: the customer's timeline, newest first: one Query of the customer's partition. Every
 * archive has its opening entry, so an empty first page means there is no such customer.
 */
export async function customerTimeline(
  store: Store,
  branchId: string,
  customerId: string,
  options: { limit: number; cursor?: string | undefined },
): Promise<{ items: LogEntry[]; nextCursor?: string }> {
  const partition = customerPartition(branchId, customerId);
  const page = await queryPage(store, {
    KeyConditionExpression: 'pk = :p AND begins_with(sk, :log)',
    ExpressionAttributeValues: { ':p': partition, ':log': 'LOG#' },
    ScanIndexForward: false,
    partition,
    limit: options.limit,
    cursor: options.cursor,
  });
  if (page.items.length === 0 && !options.cursor) {
    throw new NotFoundError(`Customer ${customerId} was not found`);
  }
  return { ...page, items: page.items.map((i) => fromItem<LogEntry>(i)) };
}

/**
 * R-FUP-5: the preferred contact times the customer gave on a call go to the archive, in the
 * call's transaction. An unconditional field update (with a version bump): a PATCH read before it then gets a 409.
 */
export function preferredContactTimesSteps(
  store: Store,
  customer: Customer,
  times: string | undefined,
  actor: Actor,
  at: string,
): Step[] {
  if (!times || times === customer.preferredContactTimes) return [];
  return [
    {
      item: {
        Update: {
          TableName: store.tableName,
          Key: customerKey(customer.branchId, customer.id),
          UpdateExpression:
            'SET preferredContactTimes = :t, updatedAt = :at, updatedBy = :by, #version = #version + :one',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':t': times, ':at': at, ':by': actor.staffId, ':one': 1 },
        },
      },
    },
  ];
}
