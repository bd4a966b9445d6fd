import { ulid } from 'ulid';
import { branchExists, branchSettings } from '../../branches/store';
import { cancelDutyStep, getDuty, scheduleDutyStep } from '../../duty-engine/store';
import { handOverCustomerDuties } from '../../follow-up/store/absences';
import type { Actor } from '../../kernel/access';
import { archiveCompleteBy } from '../../kernel/deadlines';
import { ConflictError, NotFoundError, ValidationError } from '../../kernel/errors';
import { type Policy, policyFor } from '../../kernel/policy';
import type { LogEntry } from '../../kernel/schemas';
import type { Store } from '../../platform/dynamo/client';
import {
  changedFields,
  fromItem,
  type Guard,
  getConsistentRecord,
  getRecordOr404,
  guardStep,
  type Idempotency,
  type Item,
  idempotencyStep,
  type Key,
  logEntryItem,
  mustExistStep,
  type Precondition,
  putStep,
  queryPage,
  stampNew,
  transact,
  updateRecord,
} from '../../platform/dynamo/records';
import { membershipKey } from '../../staff/store';
import { archiveGaps, isArchiveComplete } from '../rules/completeness';
import { normalizePhoneList, requirePhone } from '../rules/phone';
import {
  type CreateCustomer,
  type Customer,
  clearableCustomerFields,
  type UpdateCustomer,
} from '../schemas/customer';
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
export const customerHref = (branchId: string, customerId: string) =>
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
const agentWorksHere = (branchId: string, staffId: string): Precondition => ({
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

function phoneGuard(branchId: string, customerId: string, e164: string): Guard {
  return {
    key: phoneGuardKey(branchId, e164),
    owner: { kind: 'customer', id: customerId, href: customerHref(branchId, customerId) },
    field: 'phone',
    value: e164,
  };
}

function toItem(customer: Customer): Item {
  return { ...customerKey(customer.branchId, customer.id), type: 'customer', ...customer };
}

/**
 * R-ARC-2: the `archive-incomplete` duty of a new archive, at `archiveCompleteBy(createdAt)`:
 * a human duty in the follow-up agent's queue (R-FUP-1). The performer
 * (shared/archive/duties.ts) looks at the archive then and, when the customer has no
 * agent yet, gives an incomplete archive to the agent who would call them.
 */
function archiveDutyStep(store: Store, customer: Customer, policy: Policy) {
  const at = archiveCompleteBy(new Date(customer.createdAt), policy).toISOString();
  return scheduleDutyStep(store, {
    kind: 'archive-incomplete',
    subject: { kind: 'customer', id: customer.id },
    branchId: customer.branchId,
    ...(customer.followUpAgentId ? { assignee: customer.followUpAgentId } : {}),
    openAt: at,
    dueAt: at,
  });
}

export async function createCustomer(
  store: Store,
  branchId: string,
  input: CreateCustomer,
  actor: Actor,
  idempotency?: Idempotency,
): Promise<Customer> {
  const settings = await branchSettings(store, branchId);
  const phones = normalizePhoneList(
    input.phones.map((p) => ({ number: p.number, label: p.label ?? 'mobile' })),
    settings.phoneRegion,
    'body.phones',
  );
  const customer: Customer = {
    ...input,
    id: ulid(),
    branchId,
    phones,
    locale: input.locale ?? settings.locale,
    marketingOptOut: input.marketingOptOut ?? false,
    wishes: input.wishes ?? [],
    ...stampNew(actor),
  };
  // R-ARC-2: the archive must be complete within 2 days; the duty that checks it is written in
  // the same transaction as the archive, for its follow-up agent (chosen when it fires, if none yet).
  const archiveDuty = archiveDutyStep(store, customer, policyFor(settings.policy));
  // Kept on the archive (like an order's `duties`), so an update can cancel it and a reader sees it.
  Object.assign(customer, { archiveDutyId: archiveDuty.duty.id });
  const item = toItem(customer);
  const at = customer.createdAt;
  await transact(store, [
    // createRecord's steps (idempotency first, so a replay wins over the phone guards) plus the duty.
    ...(idempotency ? [idempotencyStep(store, idempotency, fromItem(item), at)] : []),
    putStep(store, item, {
      expression: 'attribute_not_exists(pk)',
      onConditionFailed: () => new ConflictError(`customer ${customer.id} exists`),
    }),
    ...phones.map((p) => guardStep(store, phoneGuard(branchId, customer.id, p.number), at)),
    mustExistStep(store, branchExists(branchId)),
    ...(customer.followUpAgentId
      ? [mustExistStep(store, agentWorksHere(branchId, customer.followUpAgentId))]
      : []),
    archiveDuty.step,
    putStep(
      store,
      logEntryItem(
        {
          actor,
          action: 'customer.created',
          subject: { kind: 'customer', id: customer.id },
          summary: `Archive opened for ${customer.name}`,
          changes: Object.keys(input).sort(),
          logPartition: customerPartition(branchId, customer.id),
        },
        at,
      ),
    ),
  ]);
  return customer;
}

export async function getCustomer(store: Store, branchId: string, customerId: string): Promise<Customer> {
  return fromItem<Customer>(
    await getRecordOr404(store, customerKey(branchId, customerId), `Customer ${customerId}`),
  );
}

export async function updateCustomer(
  store: Store,
  branchId: string,
  customerId: string,
  input: UpdateCustomer,
  actor: Actor,
): Promise<Customer> {
  const current = await getRecordOr404(store, customerKey(branchId, customerId), `Customer ${customerId}`);
  const { version, phones: phonesInput, ...changes } = input;
  const next: Item = { ...current, ...changes };
  for (const field of clearableCustomerFields) if (next[field] === null) delete next[field];

  // Replacing the phone list claims the new numbers and releases the dropped ones in the same
  // transaction (R-ARC-3): no moment where a number belongs to two customers or to none.
  const before = (current.phones ?? []) as Customer['phones'];
  const addGuards: Guard[] = [];
  const removeGuards: Key[] = [];
  if (phonesInput) {
    const settings = await branchSettings(store, branchId);
    const phones = normalizePhoneList(phonesInput, settings.phoneRegion, 'body.phones');
    const oldNumbers = new Set(before.map((p) => p.number));
    const newNumbers = new Set(phones.map((p) => p.number));
    for (const n of newNumbers) if (!oldNumbers.has(n)) addGuards.push(phoneGuard(branchId, customerId, n));
    for (const n of oldNumbers) if (!newNumbers.has(n)) removeGuards.push(phoneGuardKey(branchId, n));
    next.phones = phones;
  }

  const changed = changedFields(current, next);
  const agent = changes.followUpAgentId;
  const stored = await updateRecord(store, {
    current,
    expectedVersion: version,
    next,
    actor,
    addGuards,
    removeGuards,
    preconditions: agent ? [agentWorksHere(branchId, agent)] : [],
    change: {
      action: 'customer.updated',
      subject: { kind: 'customer', id: customerId },
      summary: `Archive of ${String(next.name)} changed: ${changed.join(', ') || 'nothing'}`,
      changes: changed,
      logPartition: customerPartition(branchId, customerId),
    },
  });
  await cancelArchiveDutyOnceComplete(store, stored);
  // R-FUP-1: a new designated agent takes over the customer's open duties. After the write, like
  // the archive duty: each move is its own conditional write, and the customer's update stands.
  const previousAgent = current.followUpAgentId;
  if (typeof previousAgent === 'string' && typeof agent === 'string' && previousAgent !== agent) {
    await handOverCustomerDuties(store, { branchId, customerId, from: previousAgent, to: agent });
  }
  return fromItem<Customer>(stored);
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
 * R-ARC-2: an update that completes the archive cancels its duty while it is still pending.
 * After the customer's write, not in it: the duty is only a reminder and its performer checks
 * the archive again when it fires, so a crash in between costs nothing, while a duty that fires
 * between the read and the write must not turn the customer's update into a 409.
 */
async function cancelArchiveDutyOnceComplete(store: Store, item: Item): Promise<void> {
  const dutyId = item.archiveDutyId;
  if (typeof dutyId !== 'string') return;
  const customer = fromItem<Customer>(item);
  if (archiveGaps(customer, []).some((gap) => !gap.startsWith('vehicle'))) return;
  const [duty, vehicles] = await Promise.all([
    getDuty(store, customer.branchId, dutyId),
    archiveVehicles(store, customer.branchId, customer.id),
  ]);
  if (duty.status !== 'pending' || !isArchiveComplete(customer, vehicles)) return;
  try {
    await transact(store, [cancelDutyStep(store, dutyId, customer.branchId)]);
  } catch (error) {
    // It fired meanwhile; its performer saw the archive complete.
    if (!(error instanceof ConflictError)) throw error;
  }
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
