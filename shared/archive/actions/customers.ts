import { ulid } from 'ulid';
import { branchExists, branchSettings } from '../../branches/store';
import type { Duty } from '../../duty-engine/schemas';
import { cancelDutyStep, dutiesOfRecord, getDuty, scheduleDutyStep } from '../../duty-engine/store';
import { handOverCustomerDuties } from '../../follow-up/actions/absences';
import type { Actor } from '../../kernel/access';
import { ConflictError } from '../../kernel/errors';
import { type Policy, policyFor } from '../../kernel/policy';
import type { Store } from '../../platform/dynamo/client';
import {
  changedFields,
  fromItem,
  type Guard,
  getRecordOr404,
  guardStep,
  type Idempotency,
  type Item,
  idempotencyStep,
  type Key,
  logEntryItem,
  mustExistStep,
  putStep,
  stampNew,
  transact,
  updateRecord,
} from '../../platform/dynamo/records';
import { archiveCompleteBy } from '../rules/completeness';
import {
  cancelsArchiveDuty,
  customerFieldsComplete,
  dutyHandOver,
  mergePatch,
  newCustomer,
  phoneNumberChanges,
} from '../rules/customer';
import { normalizePhoneList } from '../rules/phone';
import {
  type CreateCustomer,
  type Customer,
  clearableCustomerFields,
  type UpdateCustomer,
} from '../schemas/customer';
import {
  archiveVehicles,
  customerItem,
  customerKey,
  customerPartition,
  followUpAgentWorksHere,
  getCustomer,
  phoneGuard,
  phoneGuardKey,
} from '../store/customers';

/**
 * The use cases of the customer archive (R-ARC-1..4): open an archive, change it. Keys and
 * reads are in shared/archive/store/customers.ts, the rules in shared/archive/rules/.
 */

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
  const customer = newCustomer({
    request: input,
    id: ulid(),
    branchId,
    phones,
    branchLocale: settings.locale,
    stamps: stampNew(actor),
  });
  // R-ARC-2: the archive must be complete within 2 days; the duty that checks it is written in
  // the same transaction as the archive, for its follow-up agent (chosen when it fires, if none yet).
  const archiveDuty = archiveDutyStep(store, customer, policyFor(settings.policy));
  // Kept on the archive (like an order's `duties`), so an update can cancel it and a reader sees it.
  Object.assign(customer, { archiveDutyId: archiveDuty.duty.id });
  const item = customerItem(customer);
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
      ? [mustExistStep(store, followUpAgentWorksHere(branchId, customer.followUpAgentId))]
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

export async function updateCustomer(
  store: Store,
  branchId: string,
  customerId: string,
  input: UpdateCustomer,
  actor: Actor,
): Promise<Customer> {
  const current = await getRecordOr404(store, customerKey(branchId, customerId), `Customer ${customerId}`);
  const { version, phones: phonesInput, ...changes } = input;
  const next: Item = mergePatch(current, changes, clearableCustomerFields);

  // Replacing the phone list claims the new numbers and releases the dropped ones in the same
  // transaction (R-ARC-3): no moment where a number belongs to two customers or to none.
  const before = (current.phones ?? []) as Customer['phones'];
  const addGuards: Guard[] = [];
  const removeGuards: Key[] = [];
  if (phonesInput) {
    const settings = await branchSettings(store, branchId);
    const phones = normalizePhoneList(phonesInput, settings.phoneRegion, 'body.phones');
    const { claim, release } = phoneNumberChanges(before, phones);
    for (const n of claim) addGuards.push(phoneGuard(branchId, customerId, n));
    for (const n of release) removeGuards.push(phoneGuardKey(branchId, n));
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
    preconditions: agent ? [followUpAgentWorksHere(branchId, agent)] : [],
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
  const handOver = dutyHandOver(current.followUpAgentId, agent);
  if (handOver) await handOverCustomerDuties(store, { branchId, customerId, ...handOver });
  return fromItem<Customer>(stored);
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
  if (!customerFieldsComplete(customer)) return;
  const [duty, vehicles] = await Promise.all([
    getDuty(store, customer.branchId, dutyId),
    archiveVehicles(store, customer.branchId, customer.id),
  ]);
  if (!cancelsArchiveDuty(duty.status, customer, vehicles)) return;
  try {
    await transact(store, [cancelDutyStep(store, dutyId, customer.branchId)]);
  } catch (error) {
    // It fired meanwhile; its performer saw the archive complete.
    if (!(error instanceof ConflictError)) throw error;
  }
}

/**
 * R-X-5: every duty of a customer (calls, archive completion, open requests, telling the
 * solution): one Query; an empty first page reads the customer, so one not on file is a 404.
 */
export async function customerDutyList(
  store: Store,
  branchId: string,
  customerId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ items: Duty[]; nextCursor?: string }> {
  const found = await dutiesOfRecord(store, branchId, { kind: 'customer', id: customerId }, page);
  if (found.items.length === 0 && !page.cursor) await getCustomer(store, branchId, customerId);
  return found;
}
