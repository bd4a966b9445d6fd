import { policyOf } from '../../branches/rules';
import { branchSettings } from '../../branches/store';
import { NoSupervisorError } from '../../duty-engine/escalation';
import type { Duty } from '../../duty-engine/schemas';
import {
  completeDutyStep,
  endWithRecordSteps,
  getDuty,
  openEscalationOf,
  rescheduleDutyStep,
  scheduleDutyStep,
} from '../../duty-engine/store';
import { escalationSteps } from '../../follow-up/actions/escalate';
import { assigneeAt } from '../../follow-up/store/absences';
import type { Actor } from '../../kernel/access';
import { NotFoundError, ValidationError } from '../../kernel/errors';
import { nextOpening, openingHoursOf } from '../../kernel/opening-hours';
import type { Policy } from '../../kernel/policy';
import { zodIssues } from '../../kernel/zod-issues';
import { withdrawDutyLetterSteps } from '../../letters/store';
import type { Store } from '../../platform/dynamo/client';
import type { Step } from '../../platform/dynamo/records';
import { logger } from '../../platform/logger';
import { clock } from '../../platform/ports/clock';
import { branchMembers } from '../../staff/store';
import {
  delayStates,
  finishesLate,
  inspectionAssignment,
  orderDutyTimes,
  type QuietSettings,
} from '../rules/duties';
import { type DelayNoticePayload, progressCheckAnswer } from '../schemas/duties';
import type { Order, OrderDutyRefs } from '../schemas/order';
import { getOrder, orderActionSteps } from '../store/orders';

/**
 * The duties of a repair order's lifecycle (R-PKP-2, R-PRG-1, R-ADD-3, R-X-3): which duties an
 * order has, and the transaction steps that schedule, move and cancel them. The order actions
 * add these steps to their own transaction, so a duty exists exactly when its order says so.
 * When the duties fall due, who inspects and when an answer means late are pure rules
 * (../rules/duties.ts); the answer's schema is in ../schemas/duties.ts.
 *
 * - `pickup-notice`: a machine duty, the SMS at `pickupNoticeAt` (1 h or 4 h before the promise);
 * - `progress-check`: a human duty for the dispatcher who received the car, open from 70 % of
 *   workshop start → promise and due at 80 % (R-PRG-1); at 80 % the sweeper escalates it to the
 *   supervisor unless answered;
 * - `delay-notice`: a machine duty the dispatcher's answer schedules when the car will be late
 *   (R-PRG-2, R-PKP-3), firing at once.
 *
 * The order keeps the ids of its duties under `duties` (`orderDutyRefs` of its schema). The
 * steps below set them on the order an action is computing, so they are written with it, through
 * the one order-action function (shared/orders/store/orders.ts).
 */

/** The ids of the order's duties (none before the transfer to the workshop). */
export function orderDuties(order: Pick<Order, 'duties'>): OrderDutyRefs {
  return order.duties ?? {};
}

/**
 * R-PKP-2, R-PRG-1: the car entered the workshop (`workshopStartAt` set on `order`): schedule its
 * pickup notice and the dispatcher's progress check. Sets the duty ids on `order` and returns
 * the steps for the transfer's transaction.
 */
export function scheduleOrderDutySteps(
  store: Store,
  order: Order,
  input: { dispatcherId: string; policy: Policy; quiet: QuietSettings },
): Step[] {
  if (!order.workshopStartAt) throw new Error(`Order ${order.id} has no workshop start to time its duties`);
  const times = orderDutyTimes(
    order.workshopStartAt,
    order.promisedAt,
    input.policy,
    input.quiet,
    clock().now(),
  );
  const subject = { kind: 'order', id: order.id };
  const notice = scheduleDutyStep(store, {
    kind: 'pickup-notice',
    subject,
    branchId: order.branchId,
    ...times.pickupNotice,
  });
  const check = scheduleDutyStep(store, {
    kind: 'progress-check',
    subject,
    branchId: order.branchId,
    assignee: input.dispatcherId,
    ...times.progressCheck,
  });
  order.duties = { pickupNotice: notice.duty.id, progressCheck: check.duty.id };
  order.pickupNoticeAt = notice.duty.fireAt;
  return [notice.step, check.step];
}

/**
 * R-WS-4 ("班組完工後立即通知檢驗員"): the last team finished, so an inspector of the branch gets the
 * car in their queue at once (the same one for the same order: by its id among the active
 * inspectors; a supervisor when the branch has none), due within the branch's record limit
 * (R-QC-3); unfiled by then, the sweeper escalates it. Sets its id on `order`.
 */
export async function inspectionDutySteps(store: Store, order: Order, at: string): Promise<Step[]> {
  const [members, branch] = await Promise.all([
    branchMembers(store, order.branchId),
    branchSettings(store, order.branchId),
  ]);
  const chosen = inspectionAssignment(
    members,
    order.id,
    at,
    policyOf(branch).inspectorKpi.recordWithinMinutes,
  );
  if (!chosen) {
    logger.warn('no inspector or supervisor to tell that a car waits for inspection', { orderId: order.id });
    return [];
  }
  const { inspector, dueAt: due } = chosen;
  const { duty, step } = scheduleDutyStep(store, {
    kind: 'inspection',
    subject: { kind: 'order', id: order.id },
    branchId: order.branchId,
    ...(await assigneeAt(store, order.branchId, inspector.id, new Date(at))),
    openAt: at,
    dueAt: due,
    fireAt: due,
    payload: { plate: order.plate, teams: order.teams.map((t) => t.teamName) },
  });
  order.duties = { ...orderDuties(order), inspection: duty.id };
  return [step];
}

/**
 * R-WS-4, R-QC-3: the inspection is filed: its duty is done (whoever filed it), with the supervisor's
 * escalation of it when it came late.
 */
export async function inspectionFiledSteps(
  store: Store,
  order: Order,
  input: { actor: Actor; at: string; result: 'pass' | 'fail' },
): Promise<Step[]> {
  const id = orderDuties(order).inspection;
  if (!id) return [];
  const [duty, escalation] = await Promise.all([
    getDuty(store, order.branchId, id),
    openEscalationOf(store, order.branchId, id),
  ]);
  if (duty.completedAt || duty.cancelledAt || duty.status === 'cancelled') return [];
  const done = { actor: input.actor, at: input.at, result: { inspection: input.result } };
  return [
    completeDutyStep(store, duty, done),
    ...(escalation ? [completeDutyStep(store, escalation, { ...done, result: { settledBy: id } })] : []),
  ];
}

/**
 * The order's duties still pending, read before the action's transaction. A duty that already
 * fired (or was cancelled) is left alone. Between this read and the transaction the sweeper may
 * fire one; the transaction then fails with a 409 and the retried action skips it.
 */
async function pendingDuties(
  store: Store,
  order: Order,
): Promise<{ ref: keyof OrderDutyRefs; duty: Duty }[]> {
  const refs = orderDuties(order);
  const entries = Object.entries(refs).filter((e): e is [keyof OrderDutyRefs, string] => e[1] !== undefined);
  const read = await Promise.all(
    entries.map(async ([ref, id]) => ({ ref, duty: await getDuty(store, order.branchId, id) })),
  );
  return read.filter((r) => r.duty.status === 'pending');
}

/**
 * R-ADD-3, R-X-3: the promised time moved (by hand or by an approved add-on): the pending
 * duties move with it, in the same transaction. `order` carries the new promise.
 */
export async function rescheduleOrderDutySteps(store: Store, order: Order): Promise<Step[]> {
  if (!order.workshopStartAt) return [];
  const [pending, branch] = await Promise.all([
    pendingDuties(store, order),
    branchSettings(store, order.branchId),
  ]);
  const times = orderDutyTimes(
    order.workshopStartAt,
    order.promisedAt,
    policyOf(branch),
    branch,
    clock().now(),
  );
  // R-X-5: the order says when its notice now goes.
  if (pending.some(({ ref }) => ref === 'pickupNotice')) order.pickupNoticeAt = times.pickupNotice.fireAt;
  // The inspection is timed by the work done, not by the promise.
  return pending.flatMap(({ ref, duty }) =>
    ref === 'inspection' ? [] : [rescheduleDutyStep(store, duty.id, order.branchId, times[ref])],
  );
}

/**
 * R-X-3: the order is cancelled or the car left: its pending duties are cancelled with it, a
 * notice's letter still waiting for the end of quiet hours is withdrawn (it would wait forever),
 * and a progress check that went unanswered past its due time leaves the dispatcher's queue, with
 * the supervisor's escalation of it.
 */
export async function cancelOrderDutySteps(store: Store, order: Order, actor: Actor): Promise<Step[]> {
  const refs = Object.entries(orderDuties(order)).filter(
    (e): e is [keyof OrderDutyRefs, string] => e[1] !== undefined,
  );
  const steps = await Promise.all(
    refs.map(async ([ref, id]) => {
      const duty = await getDuty(store, order.branchId, id);
      return [
        ...(await endWithRecordSteps(store, duty)),
        ...(ref === 'pickupNotice' && duty.status === 'pending'
          ? await withdrawDutyLetterSteps(store, duty, actor)
          : []),
      ];
    }),
  );
  return steps.flat();
}

/** The order a duty is about, or `undefined` when it is not on file. */
export async function findOrder(store: Store, branchId: string, orderId: string): Promise<Order | undefined> {
  try {
    return await getOrder(store, branchId, orderId);
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

/**
 * R-PRG-2, R-PKP-3: the steps that completing a progress check with `result` adds to its
 * transaction.
 * - An expected finish later than the promise: the `delay-notice` SMS firing now (the pickup
 *   notice's lead time or earlier: now is earlier), with `customerReason` when given (the
 *   workshop's anomaly note is internal), and the promise moves to that time with the pickup
 *   notice.
 * - An anomaly or a late finish (「如有異常應立即採取應急措施,盡可能不拖延工期」): the supervisor
 *   gets an `escalation`, due now, with the anomaly, to take emergency measures. The customer
 *   hears of it only when the car will be late: an anomaly the workshop expects to absorb sends
 *   no SMS.
 * Other duty kinds, an answer on time without anomaly, and an order no longer in the workshop add
 * nothing.
 */
export async function progressCheckAnswerSteps(
  store: Store,
  duty: Duty,
  result: Record<string, unknown>,
  now: Date,
  actor: Actor,
): Promise<Step[]> {
  if (duty.kind !== 'progress-check' || duty.subject.kind !== 'order') return [];
  const parsed = progressCheckAnswer.safeParse(result);
  if (!parsed.success) throw new ValidationError(zodIssues(parsed.error, 'body.result'));
  const { expectedFinish, anomaly, customerReason } = parsed.data;
  const order = await findOrder(store, duty.branchId, duty.subject.id);
  if (!order || !delayStates.includes(order.state)) return [];
  const late = finishesLate(expectedFinish, order.promisedAt);
  const emergency = anomaly || late ? await emergencySteps(store, duty, order, { anomaly, late }, now) : [];
  if (!late || !expectedFinish) return emergency;
  const at = now.toISOString();
  // R-RO-2, R-PKP-3: the delay notice never invites the customer while the branch is closed: a
  // finish expected after closing is promised for the next opening.
  const branch = await branchSettings(store, order.branchId);
  const payload: DelayNoticePayload = {
    ...(customerReason ? { reason: customerReason } : {}),
    expectedFinish: nextOpening(new Date(expectedFinish), openingHoursOf(branch)).toISOString(),
  };
  const notice = scheduleDutyStep(store, {
    kind: 'delay-notice',
    subject: { kind: 'order', id: order.id },
    branchId: order.branchId,
    openAt: at,
    dueAt: at,
    fireAt: at,
    payload: { ...payload, checkId: duty.id },
  });
  return [
    notice.step,
    ...(await promiseMovedSteps(store, order, payload.expectedFinish, duty, actor, at)),
    ...emergency,
  ];
}

/**
 * R-PRG-2: the supervisor's escalation of an anomaly or a late finish, due now, for emergency
 * measures; a branch without a supervisor only logs it.
 */
async function emergencySteps(
  store: Store,
  duty: Duty,
  order: Order,
  found: { anomaly: string | undefined; late: boolean },
  now: Date,
) {
  const extra = {
    reason: found.anomaly ? 'anomaly' : 'late',
    ...(found.anomaly ? { anomaly: found.anomaly } : {}),
    order: { id: order.id, plate: order.plate },
  };
  try {
    return (await escalationSteps(store, duty, { now, dueAt: now, extra, reason: 'emergency' })).steps;
  } catch (error) {
    if (!(error instanceof NoSupervisorError)) throw error;
    logger.warn('progress check needs emergency measures and the branch has no supervisor', {
      dutyId: duty.id,
      ...extra,
    });
    return [];
  }
}

/**
 * R-PKP-3: the customer is told the new time, so the order's promise becomes that time: the
 * `movePromise` action on top of the version read (state machine and log entries included), in
 * the check's transaction, and the pending pickup notice follows it instead of announcing the old
 * time an hour before it. The check being answered is left to its completion.
 */
async function promiseMovedSteps(
  store: Store,
  order: Order,
  expectedFinish: string,
  check: Duty,
  actor: Actor,
  at: string,
): Promise<Step[]> {
  const [pending, branch] = await Promise.all([
    pendingDuties(store, order),
    branchSettings(store, order.branchId),
  ]);
  const times = order.workshopStartAt
    ? orderDutyTimes(order.workshopStartAt, expectedFinish, policyOf(branch), branch, new Date(at))
    : undefined;
  const { steps } = await orderActionSteps(store, order, {
    action: 'movePromise',
    actor,
    at,
    conflict: 'The order changed while the check was answered; retry',
    apply: (moved) => {
      moved.promisedAt = expectedFinish;
      const notice = pending.find(({ ref, duty }) => ref === 'pickupNotice' && duty.id !== check.id);
      if (notice && times) moved.pickupNoticeAt = times.pickupNotice.fireAt;
      return {
        order: moved,
        changes: ['promisedAt'],
        summary: `Promise moved from ${order.promisedAt} to ${expectedFinish}: the progress check expects the car then (R-PKP-3)`,
        steps: pending
          .filter(({ ref, duty }) => ref === 'pickupNotice' && duty.id !== check.id && times)
          .map(({ duty }) => rescheduleDutyStep(store, duty.id, order.branchId, times?.pickupNotice ?? duty)),
      };
    },
  });
  return steps;
}
