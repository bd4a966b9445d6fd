import { getCustomer } from '../archive/store/customers';
import { policyOf } from '../branches/rules';
import { branchSettings } from '../branches/store';
import type { Duty } from '../duty-engine/schemas';
import { dutyKey } from '../duty-engine/store';
import { DeferDuty, type PerformContext, type Performers, type PerformOutcome } from '../duty-engine/sweeper';
import { escalateIfOpen } from '../follow-up/actions/escalate';
import { reminderCallStep } from '../follow-up/actions/schedule';
import { ConflictError } from '../kernel/errors';
import { sendDutySms } from '../letters/actions';
import { planSms, type SmsPlan } from '../letters/rules/letter';
import type { Store } from '../platform/dynamo/client';
import { getRecord, type Key, putStep, transact } from '../platform/dynamo/records';
import { logger } from '../platform/logger';
import type { E164 } from '../platform/ports/sms';
import { fileNextService } from './actions';
import { formatDueDate, maintenancePlan, mobileOf, reminderOptedOut } from './rules';
import { declinedReminderPayload } from './schemas';
import { vehicleFile } from './store';

/**
 * The reminder duties (R-MKT-1, R-ADD-2, R-X-1, R-X-3):
 * - `maintenance-reminder` (one per vehicle cycle, shared/reminders/actions.ts schedules it): at
 *   its time it re-plans from the vehicle's partition (the projection may have moved: later, it
 *   defers itself to the new time); a duty its vehicle no longer names (a new cycle) does nothing;
 * - `declined-work-reminder` (safety-related declined work, N days after): only while the work is
 *   still open;
 * then both: a customer who opted out gets nothing (`reminderOptedOut`); one with a mobile number
 * gets the SMS in their language with the branch's signature, filed once (the letter guard next
 * to the duty, as the order notices do) and deferred out of quiet hours; one without gets a
 * `reminder-call` for their follow-up agent, raised once (a `CALL` guard next to the duty) and
 * carrying the vehicle's next service (R-ARC-5). A `reminder-call` left undone by its due time
 * escalates to the supervisor.
 */

type Customer = Awaited<ReturnType<typeof getCustomer>>;
type Branch = Awaited<ReturnType<typeof branchSettings>>;

const skipped = (why: string): PerformOutcome => ({ result: { skipped: why } });

const callGuardKey = (duty: Duty): Key => ({ pk: dutyKey(duty.branchId, duty.id).pk, sk: 'CALL' });

/** R-MKT-1: no mobile number: the follow-up agent calls instead, raised once per reminder. */
async function callInstead(
  store: Store,
  duty: Duty,
  input: { customer: Customer; now: Date; reason: string; nextService: ReturnType<typeof fileNextService> },
): Promise<PerformOutcome> {
  const raised = await getRecord(store, callGuardKey(duty));
  if (raised) return { result: { call: { dutyId: raised.callDutyId } } };
  const call = await reminderCallStep(store, {
    branchId: duty.branchId,
    customer: input.customer,
    now: input.now,
    subject: duty.subject,
    reason: input.reason,
    nextService: input.nextService,
  });
  if (!call) {
    logger.warn('reminder not given: no mobile number and nobody to call', { dutyId: duty.id });
    return skipped('no mobile number and no follow-up agent');
  }
  try {
    await transact(store, [
      putStep(
        store,
        { ...callGuardKey(duty), type: 'duty-call', callDutyId: call.dutyId },
        {
          expression: 'attribute_not_exists(pk)',
          onConditionFailed: () => new ConflictError(`duty ${duty.id} already raised its call`),
        },
      ),
      call.step,
    ]);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    return callInstead(store, duty, input);
  }
  return { result: { call: { dutyId: call.dutyId } } };
}

/**
 * The reminder itself, once the duty knows it is due and what to say: through the letters area's
 * SMS duty (one letter per duty, quiet hours, R-X-5 outcome), or a call when there is no mobile.
 * A letter filed by an earlier attempt is sent as filed, or withdrawn if the customer opted out since.
 */
async function remind(
  store: Store,
  duty: Duty,
  context: PerformContext,
  input: {
    customer: Customer;
    reason: string;
    nextService: ReturnType<typeof fileNextService>;
    subject: { kind: string; id: string };
    sms: (customer: Customer) => SmsPlan;
  },
): Promise<PerformOutcome> {
  const { customer } = input;
  const to = mobileOf(customer);
  const optedOut = reminderOptedOut(customer);
  if (!optedOut && !to) return callInstead(store, duty, { ...input, now: context.now });
  const sent = await sendDutySms(store, duty, context, {
    name: duty.kind,
    plan: async () =>
      optedOut || !to
        ? { drop: 'the customer opted out of reminders', level: 'debug' }
        : { customerId: customer.id, to: to as E164, plan: input.sms(customer), subject: input.subject },
  });
  return sent ?? skipped('opted out of reminders');
}

async function maintenanceReminderDue(
  store: Store,
  duty: Duty,
  context: PerformContext,
): Promise<PerformOutcome> {
  const { now } = context;
  const [file, branch] = await Promise.all([
    vehicleFile(store, duty.branchId, duty.subject.id),
    branchSettings(store, duty.branchId),
  ]);
  const { vehicle } = file;
  if (!vehicle || file.reminder?.dutyId !== duty.id) return skipped('superseded by a new cycle');
  const policy = policyOf(branch);
  const plan = maintenancePlan({
    vehicle,
    readings: file.readings,
    timeZone: branch.timeZone,
    policy: policy.reminders,
    now,
  });
  if (!plan) return skipped('no maintenance due on file');
  // The projection moved later since the duty was timed (slower driving, a later date).
  if (Date.parse(plan.remindAt) > now.getTime()) throw new DeferDuty(new Date(plan.remindAt), 'not due yet');
  const customer = await getCustomer(store, duty.branchId, vehicle.customerId);
  return remind(store, duty, context, {
    customer,
    reason: plan.reason,
    nextService: fileNextService({ ...file, vehicle }, { timeZone: branch.timeZone, policy }, now),
    subject: { kind: 'vehicle', id: vehicle.id },
    sms: (c) =>
      planSmsFor(c, branch, now, 'maintenance-reminder', {
        plate: vehicle.plate,
        due: formatDueDate(plan.dueDate, c.locale),
      }),
  });
}

async function declinedWorkReminderDue(
  store: Store,
  duty: Duty,
  context: PerformContext,
): Promise<PerformOutcome> {
  const { now } = context;
  const { vehicleId } = declinedReminderPayload.parse(duty.payload);
  const [file, branch] = await Promise.all([
    vehicleFile(store, duty.branchId, vehicleId),
    branchSettings(store, duty.branchId),
  ]);
  const { vehicle } = file;
  const work = file.declined.find((d) => d.id === duty.subject.id);
  if (!vehicle || work?.status !== 'open') return skipped('the declined work was done or is gone');
  const customer = await getCustomer(store, duty.branchId, vehicle.customerId);
  return remind(store, duty, context, {
    customer,
    reason: `Safety-related work declined: ${work.description}`,
    nextService: fileNextService(
      { ...file, vehicle },
      { timeZone: branch.timeZone, policy: policyOf(branch) },
      now,
    ),
    subject: { kind: 'vehicle', id: vehicle.id },
    sms: (c) =>
      planSmsFor(c, branch, now, 'declined-work-reminder', { plate: vehicle.plate, item: work.description }),
  });
}

function planSmsFor<T extends 'maintenance-reminder' | 'declined-work-reminder'>(
  customer: Customer,
  branch: Branch,
  now: Date,
  templateId: T,
  variables: Parameters<typeof planSms<T>>[0]['variables'],
): SmsPlan {
  return planSms({ templateId, variables, customer, branch, now });
}

/** Register with the sweeper next to the other performers: `...reminderPerformers(store)`. */
export function reminderPerformers(store: Store): Performers {
  return {
    'maintenance-reminder': (duty, context) => maintenanceReminderDue(store, duty, context),
    'declined-work-reminder': (duty, context) => declinedWorkReminderDue(store, duty, context),
    // R-FUP-5: a reminder call not made by its due time goes to the supervisor.
    'reminder-call': async (duty, { now }) => {
      await escalateIfOpen(store, duty, { now, dueAt: now });
    },
  };
}
