import { getCustomer } from '../../archive/store/customers';
import { policyOf } from '../../branches/rules';
import { branchPolicy, branchSettings } from '../../branches/store';
import type { Duty } from '../../duty-engine/schemas';
import type { DutyCompletions } from '../../duty-engine/store';
import type { PerformContext, Performers, PerformOutcome } from '../../duty-engine/sweeper';
import { escalateIfOpen } from '../../follow-up/actions/escalate';
import { type DutySmsPlan, type DutySmsSpec, sendDutySms } from '../../letters/actions';
import { planSms, type SmsPlan } from '../../letters/rules/letter';
import { formatSmsTime } from '../../letters/rules/render';
import type { SmsLocale } from '../../letters/rules/templates';
import type { Store } from '../../platform/dynamo/client';
import { logger } from '../../platform/logger';
import { isE164 } from '../../platform/ports/sms';
import { linkExpiry } from '../../self-service/rules/links';
import type { LinkPurpose } from '../../self-service/schemas/links';
import { checkEscalationDueAt, delayStates } from '../rules/duties';
import { pickupNoticeSendAt } from '../rules/notice-time';
import type { OrderState } from '../rules/state-machine';
import { delayNoticePayload } from '../schemas/duties';
import type { Order } from '../schemas/order';
import { getOrder } from '../store/orders';
import { findOrder, progressCheckAnswerSteps } from './lifecycle';

/**
 * The order states in which the pickup notice still makes sense: work under way or finished and
 * not yet settled. Cancelled, declined, settled and exited orders get nothing.
 */
const noticeStates: readonly OrderState[] = ['in_workshop', 'awaiting_addon', 'quality_check', 'ready'];

type Branch = Awaited<ReturnType<typeof branchSettings>>;
type Customer = Awaited<ReturnType<typeof getCustomer>>;

/** What one SMS duty says: the order states in which it still goes, and its text and time. */
interface NoticeSpec {
  name: string;
  states: readonly OrderState[];
  plan: (input: { duty: Duty; order: Order; customer: Customer; branch: Branch; now: Date }) => SmsPlan;
  /** R-SELF-1: the purpose of the self-service link the SMS carries, if any. */
  link?: LinkPurpose;
  /** Whether the order still has something to say (beyond its state); dropped otherwise. */
  pending?: (order: Order, duty: Duty) => boolean;
}

/**
 * What the order's notice says now, for the shared SMS duty (shared/letters/actions.ts
 * `sendDutySms`): dropped when the order moved on or the customer has no phone any more.
 */
function orderNotice(store: Store, spec: NoticeSpec): DutySmsSpec {
  return {
    name: spec.name,
    plan: async (duty, now): Promise<DutySmsPlan> => {
      const order = await getOrder(store, duty.branchId, duty.subject.id);
      const context = { orderId: order.id, state: order.state };
      if (!spec.states.includes(order.state)) return { drop: 'the order moved on', level: 'debug', context };
      if (spec.pending && !spec.pending(order, duty))
        return { drop: 'nothing is pending any more', level: 'debug', context };
      const [customer, branch] = await Promise.all([
        getCustomer(store, duty.branchId, order.customerId),
        branchSettings(store, duty.branchId),
      ]);
      const phone = customer.phones[0]?.number;
      if (!phone || !isE164(phone))
        return { drop: 'the customer has no E.164 phone', level: 'warn', context };
      const record = { kind: 'order' as const, id: order.id };
      return {
        customerId: customer.id,
        to: phone,
        plan: spec.plan({ duty, order, customer, branch, now }),
        subject: record,
        // R-SELF-1: the notice carries a status link to the order (issued with its letter when the
        // text holds it, that is unless the branch turned links off).
        ...(spec.link
          ? {
              link: {
                purpose: spec.link,
                record,
                expiresAt: linkExpiry(spec.link, now, policyOf(branch)).toISOString(),
              },
            }
          : {}),
      };
    },
  };
}

const pickupNoticeSpec: NoticeSpec = {
  name: 'pickup notice',
  states: noticeStates,
  link: 'status',
  plan: ({ duty, order, customer, branch, now }) => {
    const promisedAt = new Date(order.promisedAt);
    return planSms({
      templateId: 'pickup-notice',
      variables: {
        plate: order.plate,
        time: formatSmsTime(promisedAt, branch.timeZone, customer.locale),
      },
      customer,
      branch,
      now,
      withLink: true,
      // R-PKP-2, R-X-1: at the lead time, moved out of quiet hours towards the promise or, when
      // the promise itself is in them, to the evening before. The duty's `dueAt` is the lead
      // time the lifecycle computed (shared/orders/duties/lifecycle.ts); it moves with the promise.
      sendAt: pickupNoticeSendAt({
        leadAt: new Date(duty.dueAt),
        promisedAt,
        now,
        quietHours: branch.quietHours,
        timeZone: branch.timeZone,
        beforeQuietMinutes: policyOf(branch).sms.beforeQuietHoursMinutes,
      }),
    });
  },
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
    link: 'status',
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
        withLink: true,
        // The customer hears of the delay before the promised time, quiet hours or not.
        urgent: true,
      }),
  };
}

/** An amount as the customer reads it in an SMS: `CNY 1280.00` (minor units to major). */
function smsAmount(minor: number, currency: string): string {
  return `${currency} ${(minor / 100).toFixed(2)}`;
}

/**
 * R-ADD-2, R-SELF-1: the add-on question: every item still pending with their total price, and
 * the add-on link to answer each (or, links off, a call or a reply). An order no longer waiting
 * for an answer, or one whose items were all answered meanwhile (by the advisor), sends nothing.
 */
const addOnQuestionSpec: NoticeSpec = {
  name: 'add-on question',
  states: ['awaiting_addon'],
  link: 'addon',
  // R-ADD-2, R-SELF-1: one question lists every pending item, so the question of the item raised
  // last speaks for them all: items raised together get one SMS, not one each (a question of
  // before the change, with no item named, still goes).
  pending: (order, duty) => {
    const last = order.addOns.filter((a) => a.status === 'pending').at(-1);
    const asksFor = duty.payload.addOnId;
    return last !== undefined && (asksFor === undefined || asksFor === last.id);
  },
  plan: ({ order, customer, branch, now }) => {
    const pending = order.addOns.filter((a) => a.status === 'pending');
    return planSms({
      templateId: 'addon-approval-request',
      variables: {
        plate: order.plate,
        items: pending.map((a) => a.description).join(customer.locale === 'en' ? '; ' : '、'),
        amount: smsAmount(
          pending.reduce((total, a) => total + a.price, 0),
          order.currency,
        ),
      },
      customer,
      branch,
      now,
      withLink: true,
      // The car waits in the workshop for the answer: the question goes at once, quiet hours or not.
      urgent: true,
    });
  },
};

/**
 * Files the notice's letter once and sends it (shared/letters/actions.ts `sendDutySms`): a letter
 * that must wait for the end of quiet hours defers the duty to its `sendAt` (R-X-1).
 */
function sendNotice(
  store: Store,
  duty: Duty,
  context: PerformContext,
  spec: NoticeSpec,
): Promise<PerformOutcome | undefined> {
  return sendDutySms(store, duty, context, orderNotice(store, spec));
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
    dueAt: checkEscalationDueAt(order, context.now, await branchPolicy(store, duty.branchId)),
  });
}

/**
 * The inspection fell due unfiled (R-WS-4, R-QC-3): the supervisor gets it, due at once, while
 * the car still waits in quality control.
 */
async function inspectionDue(store: Store, duty: Duty, context: PerformContext): Promise<void> {
  if (duty.completedAt) return;
  const order = await findOrder(store, duty.branchId, duty.subject.id);
  if (order?.state !== 'quality_check') return;
  await escalateIfOpen(store, duty, { now: context.now, dueAt: context.now });
}

/**
 * The performers of the repair order's duties, registered in the sweeper Lambda and the local
 * runtime: what the sweeper does when a lifecycle duty's time comes (R-PKP-2, R-PKP-3, R-PRG-1,
 * R-PRG-2, R-X-1, R-X-3).
 *
 * `pickup-notice`: the SMS "your car will be ready at …" in the customer's language with the
 * branch's signature and local time, filed in the letter register and sent through the SMS port.
 * Exactly once towards the register: the letter's id is the duty's id and a guard item next to
 * the duty (`BR#<b>#DUTY#<id>` / `LETTER`) names the letter, so a retried or re-claimed attempt
 * sends the letter it already filed instead of filing another. Towards the phone it is
 * at-least-once (a crash between the provider's answer and the status write repeats it; the
 * outbox drops the repeat by the letter id, SNS cannot).
 *
 * Quiet hours (R-X-1, R-FUP-5): the pickup notice goes at `pickupNoticeSendAt` (out of quiet
 * hours towards the promise, or the evening before when the promise is inside them). When that
 * is later than now, its letter is filed `deferred` and the duty throws `DeferDuty` to come back
 * at the letter's `sendAt` (no failed attempt); on that visit, and on every retry, the letter is
 * planned again and rewritten if the promise moved meanwhile, or withdrawn if the order moved on.
 *
 * `delay-notice` (R-PRG-2, R-PKP-3): the same, with the template that apologises, says why (the
 * dispatcher's anomaly, else that the work needs more time) and gives the new expected time. It
 * is urgent: it goes in quiet hours too, since it must reach the customer before the promise.
 *
 * `progress-check`: the check shows in the dispatcher's "my duties now" from `openAt`; the sweep
 * looks at it when it falls due and escalates it to the branch supervisor unless the dispatcher
 * answered (shared/duty-engine/escalation.ts). `escalation`: nothing more happens when it falls due.
 */
export function orderDutyPerformers(store: Store): Performers {
  return {
    'pickup-notice': (duty, context) => sendNotice(store, duty, context, pickupNoticeSpec),
    'delay-notice': (duty, context) => sendNotice(store, duty, context, delayNoticeSpec(duty)),
    'addon-question': (duty, context) => sendNotice(store, duty, context, addOnQuestionSpec),
    'progress-check': (duty, context) => progressCheckDue(store, duty, context),
    inspection: (duty, context) => inspectionDue(store, duty, context),
    // An escalation falls due on the branch's overdue list; it is not escalated further.
    escalation: async (duty) => {
      logger.debug('escalation due', { dutyId: duty.id, assignee: duty.assignee });
    },
  };
}

/**
 * How a person completes the order's duties: the dispatcher's progress-check answer may move the
 * promise and schedule the delay notice (R-PRG-2); the inspection is completed by filing it, so
 * the inspection record goes with it (R-QC-3).
 */
export function orderDutyCompletions(store: Store): DutyCompletions {
  return {
    'progress-check': {
      steps: (duty, { result, completedAt, actor }) =>
        progressCheckAnswerSteps(store, duty, result, completedAt, actor),
    },
    inspection: {
      elsewhere:
        'filing the inspection: POST /branches/{branchId}/orders/{orderId}/passInspection or failInspection (R-QC-3)',
      rule: 'R-QC-3',
    },
  };
}
