import type { Actor } from '../domain/access';
import { ConflictError } from '../domain/errors';
import type { OrderState } from '../domain/orders/state-machine';
import { policyFor } from '../domain/policy';
import { planSms, type SmsPlan } from '../domain/sms/letter';
import { formatSmsTime } from '../domain/sms/render';
import type { SmsLocale } from '../domain/sms/templates';
import { logger } from '../middleware/logger';
import { isE164, smsSender } from '../ports/sms';
import type { Duty } from '../schemas/duty';
import type { Order } from '../schemas/order';
import { branchSettings } from '../store/branches';
import type { Store } from '../store/client';
import { getCustomer } from '../store/customers';
import { dutyKey } from '../store/duties';
import { deliverLetter, getLetter, type Letter, type LetterRef, recordLetterSteps } from '../store/letters';
import { getOrder } from '../store/orders';
import { getRecord, type Key, putStep, transact } from '../store/records';
import { escalateIfOpen } from './escalation';
import { checkEscalationDueAt, delayNoticePayload, delayStates, findOrder } from './lifecycle';
import type { PerformContext, Performers } from './sweeper';

/**
 * What the sweeper does when a lifecycle duty's time comes (R-PKP-2, R-PKP-3, R-PRG-1, R-PRG-2,
 * R-X-1, R-X-3).
 *
 * `pickup-notice`: the SMS "your car will be ready at …" in the customer's language with the
 * branch's signature and local time, filed in the letter register and sent through the SMS port.
 * Exactly once towards the register: the letter's id is the duty's id and a guard item next to
 * the duty (`BR#<b>#DUTY#<id>` / `LETTER`) names the letter, so a retried or re-claimed attempt
 * sends the letter it already filed instead of filing another. Towards the phone it is
 * at-least-once (a crash between the provider's answer and the status write repeats it; the
 * outbox drops the repeat by the letter id, SNS cannot).
 *
 * `delay-notice` (R-PRG-2, R-PKP-3): the same, with the template that apologises, says why (the
 * dispatcher's anomaly, else that the work needs more time) and gives the new expected time.
 *
 * `progress-check`: the check shows in the dispatcher's "my duties now" from `openAt`; the sweep
 * looks at it when it falls due and escalates it to the branch supervisor unless the dispatcher
 * answered (shared/duties/escalation.ts). `escalation`: nothing more happens when it falls due.
 */
export const dutyEngineActor: Actor = {
  staffId: 'duty-engine',
  login: 'duty-engine',
  name: 'Duty engine',
  roles: ['admin'],
  branches: '*',
};

/**
 * The order states in which the pickup notice still makes sense: work under way or finished and
 * not yet settled. Cancelled, declined, settled and exited orders get nothing.
 */
const noticeStates: readonly OrderState[] = ['in_workshop', 'awaiting_addon', 'quality_check', 'ready'];

const letterGuardKey = (duty: Duty): Key => ({ pk: dutyKey(duty.branchId, duty.id).pk, sk: 'LETTER' });

async function filedLetter(store: Store, duty: Duty): Promise<Letter | undefined> {
  const guard = await getRecord(store, letterGuardKey(duty));
  if (!guard) return undefined;
  const letter = await getLetter(store, guard.letter as LetterRef);
  if (!letter) throw new Error(`Duty ${duty.id} names letter ${String(guard.letter)} that is not on file`);
  return letter;
}

type Branch = Awaited<ReturnType<typeof branchSettings>>;
type Customer = Awaited<ReturnType<typeof getCustomer>>;

/** What one SMS duty says: the order states in which it still goes, and its text. */
interface NoticeSpec {
  name: string;
  states: readonly OrderState[];
  plan: (input: { order: Order; customer: Customer; branch: Branch; now: Date }) => SmsPlan;
}

/** Files the notice's letter with its guard, or returns the one an earlier attempt filed. */
async function fileLetter(
  store: Store,
  duty: Duty,
  now: Date,
  spec: NoticeSpec,
): Promise<Letter | undefined> {
  const earlier = await filedLetter(store, duty);
  if (earlier) return earlier;
  const order = await getOrder(store, duty.branchId, duty.subject.id);
  if (!spec.states.includes(order.state)) {
    logger.debug(`${spec.name} not sent: the order moved on`, {
      dutyId: duty.id,
      orderId: order.id,
      state: order.state,
    });
    return undefined;
  }
  const [customer, branch] = await Promise.all([
    getCustomer(store, duty.branchId, order.customerId),
    branchSettings(store, duty.branchId),
  ]);
  const phone = customer.phones[0]?.number;
  if (!phone || !isE164(phone)) {
    logger.warn(`${spec.name} not sent: the customer has no E.164 phone`, { dutyId: duty.id });
    return undefined;
  }
  const plan = spec.plan({ order, customer, branch, now });
  const { letter, steps } = recordLetterSteps(
    store,
    {
      id: duty.id,
      branchId: duty.branchId,
      customerId: customer.id,
      to: phone,
      plan,
      subject: { kind: 'order', id: order.id },
    },
    dutyEngineActor,
  );
  const ref: LetterRef = {
    branchId: letter.branchId,
    customerId: letter.customerId,
    id: letter.id,
    createdAt: letter.createdAt,
  };
  try {
    await transact(store, [
      putStep(
        store,
        { ...letterGuardKey(duty), type: 'duty-letter', letter: ref },
        {
          expression: 'attribute_not_exists(pk)',
          onConditionFailed: () => new ConflictError(`duty ${duty.id} already filed its letter`),
        },
      ),
      ...steps,
    ]);
  } catch (error) {
    // Another attempt of the same duty filed it meanwhile (a reclaimed lease): send that one.
    if (error instanceof ConflictError) return filedLetter(store, duty);
    throw error;
  }
  return letter;
}

const pickupNoticeSpec: NoticeSpec = {
  name: 'pickup notice',
  states: noticeStates,
  plan: ({ order, customer, branch, now }) =>
    planSms({
      templateId: 'pickup-notice',
      variables: {
        plate: order.plate,
        time: formatSmsTime(new Date(order.promisedAt), branch.timeZone, customer.locale),
      },
      customer,
      branch,
      now,
      // Sent at its lead time even in quiet hours: the notice is bound to the promise (decisions).
      urgent: true,
    }),
};

/**
 * R-PKP-3: the reason when the dispatcher named no anomaly (only the expected finish moved), in
 * the customer's language; it follows "因" / "because" in the template.
 */
const lateWorkReason: Record<SmsLocale, string> = {
  'zh-Hant': '維修工作需要更多時間',
  'zh-Hans': '维修工作需要更多时间',
  en: 'the work needs more time',
};

function delayNoticeSpec(duty: Duty): NoticeSpec {
  const payload = delayNoticePayload.parse(duty.payload);
  return {
    name: 'delay notice',
    states: delayStates,
    plan: ({ order, customer, branch, now }) =>
      planSms({
        templateId: 'delay-notice',
        variables: {
          plate: order.plate,
          reason: payload.reason ?? lateWorkReason[customer.locale],
          time: formatSmsTime(new Date(payload.expectedFinish), branch.timeZone, customer.locale),
        },
        customer,
        branch,
        now,
        // The customer hears of the delay before the promised time, quiet hours or not.
        urgent: true,
      }),
  };
}

/** Files the duty's letter once and sends it (at-least-once towards the phone, see above). */
async function sendNotice(
  store: Store,
  duty: Duty,
  context: PerformContext,
  spec: NoticeSpec,
): Promise<void> {
  const letter = await fileLetter(store, duty, context.now, spec);
  if (!letter) return;
  // The letter's id is the duty's id: the same provider key on every attempt of this duty.
  const delivered = await deliverLetter(store, { letter, sender: smsSender(), actor: dutyEngineActor });
  // A refused send is retried by the sweeper with backoff, then dead-lettered (visible, alarmed).
  if (delivered.status === 'failed') throw new Error(`SMS ${delivered.id} failed: ${delivered.error ?? ''}`);
}

/**
 * The progress check fell due (80 %, R-PRG-1): unanswered, it escalates to the supervisor, due
 * before the pickup notice would tell the customer the car is ready. The check of an order that
 * left the workshop is moot.
 */
async function progressCheckDue(store: Store, duty: Duty, context: PerformContext): Promise<void> {
  if (duty.completedAt) return;
  const order = await findOrder(store, duty.branchId, duty.subject.id);
  if (order && !delayStates.includes(order.state)) return;
  await escalateIfOpen(store, duty, {
    now: context.now,
    dueAt: checkEscalationDueAt(order, context.now, policyFor()),
  });
}

/** The performers of the repair order's duties, registered in the sweeper Lambda and the local runtime. */
export function orderDutyPerformers(store: Store): Performers {
  return {
    'pickup-notice': (duty, context) => sendNotice(store, duty, context, pickupNoticeSpec),
    'delay-notice': (duty, context) => sendNotice(store, duty, context, delayNoticeSpec(duty)),
    'progress-check': (duty, context) => progressCheckDue(store, duty, context),
    // An escalation falls due on the branch's overdue list; it is not escalated further.
    escalation: async (duty) => {
      logger.debug('escalation due', { dutyId: duty.id, assignee: duty.assignee });
    },
  };
}
