import { dutyShard } from '../../duty-engine/keys';
import type { Policy } from '../../kernel/policy';
import type { QuietHours } from '../../letters/rules/quiet-hours';
import { isActive } from '../../staff/rules';
import type { StaffMember } from '../../staff/schemas';
import type { Order } from '../schemas/order';
import { pickupNoticeAt, progressCheckWindow } from './deadlines';
import { pickupNoticeSendAt } from './notice-time';
import type { OrderState } from './state-machine';

/**
 * Pure rules of a repair order's duties (R-PKP-2, R-PRG-1, R-PRG-2, R-WS-4): when each one opens,
 * falls due and fires, who inspects the car, when a progress check's answer means the car is late.
 * Data and instants in, a decision out; shared/orders/duties/lifecycle.ts schedules what they say.
 */

/** The branch's quiet hours, for the pickup notice's send time (R-X-1). */
export type QuietSettings = { quietHours: QuietHours; timeZone: string };

/**
 * When each duty of an order in the workshop opens, falls due and fires: the policy's numbers.
 * With the branch's quiet hours, the pickup notice fires when it may be sent (R-X-1): at its lead
 * time, at the end of quiet hours, or the evening before a promise inside them
 * (shared/orders/rules/notice-time.ts); its `dueAt` stays the lead time.
 */
export function orderDutyTimes(
  workshopStartAt: string,
  promisedAt: string,
  policy: Policy,
  quiet?: QuietSettings,
  now: Date = new Date(workshopStartAt),
) {
  const start = new Date(workshopStartAt);
  const promise = new Date(promisedAt);
  const lead = pickupNoticeAt(start, promise, policy);
  const noticeAt = lead.toISOString();
  const sendAt = quiet
    ? pickupNoticeSendAt({
        leadAt: lead,
        promisedAt: promise,
        now,
        quietHours: quiet.quietHours,
        timeZone: quiet.timeZone,
        beforeQuietMinutes: policy.sms.beforeQuietHoursMinutes,
      }).toISOString()
    : noticeAt;
  const check = progressCheckWindow(start, promise, policy);
  return {
    // The notice is due at its lead time; it fires when it may be sent.
    pickupNotice: { openAt: noticeAt, dueAt: noticeAt, fireAt: sendAt },
    // The dispatcher sees the check from `openAt` (the queue filters on it); the sweeper looks
    // at it when it falls due, to escalate it if nobody answered (issue 4 item 3).
    progressCheck: {
      openAt: check.openAt.toISOString(),
      dueAt: check.dueAt.toISOString(),
      fireAt: check.dueAt.toISOString(),
    },
  };
}

/**
 * R-WS-4, R-QC-3: who inspects the car whose last team finished at `at`, and by when: the same
 * one for the same order (by its id among the active inspectors, in id order; a supervisor when
 * the branch has none), due within the branch's record limit. `undefined`: nobody to tell.
 */
export function inspectionAssignment(
  members: readonly StaffMember[],
  orderId: string,
  at: string,
  recordWithinMinutes: number,
): { inspector: StaffMember; dueAt: string } | undefined {
  const pool = (role: 'inspector' | 'supervisor') =>
    members.filter((m) => isActive(m) && m.roles.includes(role)).sort((a, b) => a.id.localeCompare(b.id));
  const people = pool('inspector').length > 0 ? pool('inspector') : pool('supervisor');
  const inspector = people[dutyShard(orderId, Math.max(people.length, 1))];
  if (!inspector) return undefined;
  return { inspector, dueAt: new Date(Date.parse(at) + recordWithinMinutes * 60_000).toISOString() };
}

/** The order states in which the car is not finished yet: a delay still means something. */
export const delayStates: readonly OrderState[] = ['in_workshop', 'awaiting_addon', 'quality_check'];

/** R-PRG-2: a progress check's answer says the car will be late: an expected finish after the promise. */
export function finishesLate(expectedFinish: string | undefined, promisedAt: string): boolean {
  // Stryker disable next-line ConditionalExpression: without a finish Date.parse gives NaN, and NaN > x is false as well
  return expectedFinish !== undefined && Date.parse(expectedFinish) > Date.parse(promisedAt);
}

/**
 * When the supervisor must act on an escalated progress check: before the pickup notice tells
 * the customer the car is ready (no new number: the policy's notice time, or now when that has
 * passed).
 */
export function checkEscalationDueAt(
  order: Pick<Order, 'workshopStartAt' | 'promisedAt'> | undefined,
  now: Date,
  policy: Policy,
): Date {
  if (!order?.workshopStartAt) return now;
  const noticeAt = Date.parse(
    orderDutyTimes(order.workshopStartAt, order.promisedAt, policy).pickupNotice.dueAt,
  );
  return new Date(Math.max(noticeAt, now.getTime()));
}
