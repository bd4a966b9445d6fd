import type { Branch } from '../../branches/schemas';
import type { Duty } from '../../duty-engine/schemas';
import { endWithRecordSteps, getDuty, rescheduleDutyStep, scheduleDutyStep } from '../../duty-engine/store';
import type { Actor } from '../../kernel/access';
import { openingHoursOf } from '../../kernel/opening-hours';
import type { Policy } from '../../kernel/policy';
import { withdrawDutyLetterSteps } from '../../letters/store';
import type { Store } from '../../platform/dynamo/client';
import type { Step } from '../../platform/dynamo/records';
import type { StaffMember } from '../../staff/schemas';
import { reminderSendAt, workshopNoticeDueAt } from '../rules';
import type { Appointment } from '../schemas';

/**
 * The appointment's duties (R-APT-3..5, R-X-3), as steps of the appointment's own transaction,
 * each listed under the appointment (`record: { kind: 'appointment', id }`, R-X-5):
 * - `appointment-reminder`: the SMS half a day or one day before (R-APT-4), out of quiet hours;
 * - `appointment-no-show`: at the time plus the grace period (and a minute), unless checked in,
 *   the appointment becomes a no-show and its advisor gets `rebook-appointment` (R-APT-5);
 * - `appointment-notice`: the workshop's dispatcher (else supervisor) is told the same day, in
 *   their queue, so a bay is kept free (R-APT-3); one per booking, move or cancellation;
 * - `rebook-appointment`: the advisor calls the customer who did not come to book again.
 */
const record = (appointment: Pick<Appointment, 'id'>) => ({ kind: 'appointment', id: appointment.id });

const minute = 60_000;

/** When the reminder of an appointment goes, by the branch's policy and quiet hours (R-APT-4). */
function reminderTime(appointment: Pick<Appointment, 'startAt'>, branch: Branch, policy: Policy, now: Date) {
  return reminderSendAt({
    startAt: new Date(appointment.startAt),
    leadHours: policy.appointment.reminderLeadHours,
    now,
    quietHours: branch.quietHours,
    timeZone: branch.timeZone,
    beforeQuietMinutes: policy.sms.beforeQuietHoursMinutes,
  });
}

function reminderStep(store: Store, appointment: Appointment, sendAt: Date) {
  const at = sendAt.toISOString();
  return scheduleDutyStep(store, {
    kind: 'appointment-reminder',
    subject: record(appointment),
    record: record(appointment),
    branchId: appointment.branchId,
    openAt: at,
    dueAt: at,
    fireAt: at,
  });
}

function noShowStep(store: Store, appointment: Appointment, checkAt: Date) {
  const at = checkAt.toISOString();
  return scheduleDutyStep(store, {
    kind: 'appointment-no-show',
    subject: record(appointment),
    record: record(appointment),
    branchId: appointment.branchId,
    openAt: at,
    dueAt: at,
    fireAt: at,
  });
}

/** The workshop's person for the notice: a working dispatcher, else a supervisor (lowest id). */
export function workshopContact(members: readonly StaffMember[], fallback: string): string {
  const working = members
    .filter((m) => m.status === 'regular' || m.status === 'probation')
    .sort((a, b) => a.id.localeCompare(b.id));
  return (
    working.find((m) => m.roles.includes('dispatcher'))?.id ??
    working.find((m) => m.roles.includes('supervisor'))?.id ??
    fallback
  );
}

/** R-APT-3: the workshop hears of the booking (or its move or cancellation) today. */
function workshopNoticeStep(
  store: Store,
  appointment: Appointment,
  input: { assignee: string; change: 'booked' | 'moved' | 'cancelled'; branch: Branch; now: Date },
) {
  const dueAt = workshopNoticeDueAt(input.now, openingHoursOf(input.branch)).toISOString();
  return scheduleDutyStep(store, {
    kind: 'appointment-notice',
    subject: record(appointment),
    record: record(appointment),
    branchId: appointment.branchId,
    assignee: input.assignee,
    openAt: input.now.toISOString(),
    dueAt,
    // Falls due on the branch's overdue list if nobody read it today.
    fireAt: dueAt,
    payload: {
      change: input.change,
      date: appointment.localDate,
      slots: appointment.slots,
      startAt: appointment.startAt,
      plate: appointment.plate,
      work: appointment.work.slice(0, 200),
    },
  });
}

/** R-APT-5: the advisor calls the customer who did not come, due by the end of the next day. */
export function rebookStep(store: Store, appointment: Appointment, now: Date) {
  const at = now.toISOString();
  return scheduleDutyStep(store, {
    kind: 'rebook-appointment',
    subject: { kind: 'customer', id: appointment.customerId },
    record: record(appointment),
    branchId: appointment.branchId,
    assignee: appointment.advisor.staffId,
    openAt: at,
    dueAt: new Date(now.getTime() + 24 * 60 * minute).toISOString(),
    payload: { plate: appointment.plate, startAt: appointment.startAt, work: appointment.work.slice(0, 200) },
  });
}

/**
 * R-APT-1, R-SELF-1: the customer asked through their link to move the appointment: the advisor
 * calls back within the hour (a human duty in their queue) with the times the customer prefers.
 */
export function moveRequestStep(
  store: Store,
  appointment: Appointment,
  request: { preferredTimes?: string[] | undefined; note?: string | undefined },
  now: Date,
) {
  const at = now.toISOString();
  return scheduleDutyStep(store, {
    kind: 'appointment-move-request',
    subject: { kind: 'customer', id: appointment.customerId },
    record: record(appointment),
    branchId: appointment.branchId,
    assignee: appointment.advisor.staffId,
    openAt: at,
    dueAt: new Date(now.getTime() + 60 * minute).toISOString(),
    payload: {
      plate: appointment.plate,
      startAt: appointment.startAt,
      ...(request.preferredTimes?.length ? { preferredTimes: request.preferredTimes } : {}),
      ...(request.note ? { note: request.note } : {}),
    },
  });
}

/** The duties a new appointment schedules; their ids go on the appointment. */
export function bookingDutySteps(
  store: Store,
  appointment: Appointment,
  input: { branch: Branch; policy: Policy; now: Date; workshop: string },
): { steps: Step[]; duties: Appointment['duties']; reminderAt?: string } {
  const reminderAt = reminderTime(appointment, input.branch, input.policy, input.now);
  const reminder = reminderAt ? reminderStep(store, appointment, reminderAt) : undefined;
  const noShow = noShowStep(store, appointment, new Date(appointment.noShowCheckAt));
  const notice = workshopNoticeStep(store, appointment, {
    assignee: input.workshop,
    change: 'booked',
    branch: input.branch,
    now: input.now,
  });
  return {
    steps: [...(reminder ? [reminder.step] : []), noShow.step, notice.step],
    duties: {
      ...(reminder ? { reminder: reminder.duty.id } : {}),
      noShow: noShow.duty.id,
      workshopNotice: notice.duty.id,
    },
    ...(reminderAt ? { reminderAt: reminderAt.toISOString() } : {}),
  };
}

async function dutyOf(store: Store, branchId: string, id: string | undefined): Promise<Duty | undefined> {
  return id ? getDuty(store, branchId, id) : undefined;
}

/**
 * R-X-3, R-APT-4: a move takes its duties along: the pending reminder and no-show check are
 * rescheduled (a reminder already sent gets a new one for the new time, its old letter stays
 * sent); the workshop is told of the move today, and an unread notice of the old time goes.
 */
export async function moveDutySteps(
  store: Store,
  before: Appointment,
  after: Appointment,
  input: { branch: Branch; policy: Policy; now: Date; workshop: string; actor: Actor },
): Promise<{ steps: Step[]; duties: Appointment['duties']; reminderAt?: string }> {
  const [reminder, noShow, notice] = await Promise.all([
    dutyOf(store, before.branchId, before.duties.reminder),
    dutyOf(store, before.branchId, before.duties.noShow),
    dutyOf(store, before.branchId, before.duties.workshopNotice),
  ]);
  const steps: Step[] = [];
  const duties: Appointment['duties'] = { ...before.duties };
  const reminderAt = reminderTime(after, input.branch, input.policy, input.now);
  if (reminder?.status === 'pending') {
    if (reminderAt) {
      const at = reminderAt.toISOString();
      steps.push(
        rescheduleDutyStep(store, reminder.id, reminder.branchId, { openAt: at, dueAt: at, fireAt: at }),
      );
    } else {
      steps.push(...(await endWithRecordSteps(store, reminder)));
      steps.push(...(await withdrawDutyLetterSteps(store, reminder, input.actor)));
      delete duties.reminder;
    }
  } else if (reminderAt) {
    const next = reminderStep(store, after, reminderAt);
    steps.push(next.step);
    duties.reminder = next.duty.id;
  }
  const checkAt = after.noShowCheckAt;
  if (noShow?.status === 'pending') {
    steps.push(
      rescheduleDutyStep(store, noShow.id, noShow.branchId, {
        openAt: checkAt,
        dueAt: checkAt,
        fireAt: checkAt,
      }),
    );
  } else {
    const next = noShowStep(store, after, new Date(checkAt));
    steps.push(next.step);
    duties.noShow = next.duty.id;
  }
  if (notice) steps.push(...(await endWithRecordSteps(store, notice)));
  const told = workshopNoticeStep(store, after, {
    assignee: input.workshop,
    change: 'moved',
    branch: input.branch,
    now: input.now,
  });
  steps.push(told.step);
  duties.workshopNotice = told.duty.id;
  return { steps, duties, ...(reminderAt ? { reminderAt: reminderAt.toISOString() } : {}) };
}

/**
 * R-X-3: the duties that end with the appointment (cancelled, checked in, a no-show): the pending
 * reminder (and its letter waiting for the end of quiet hours) and the no-show check. A cancellation
 * also tells the workshop the bay is free: the unread notice goes, and a new one says so when the
 * old one was already read.
 */
export async function endingDutySteps(
  store: Store,
  appointment: Appointment,
  input: {
    actor: Actor;
    keepNoShow?: boolean;
    cancelled?: { branch: Branch; now: Date; workshop: string };
  },
): Promise<{ steps: Step[]; duties: Appointment['duties'] }> {
  const [reminder, noShow, notice] = await Promise.all([
    dutyOf(store, appointment.branchId, appointment.duties.reminder),
    input.keepNoShow ? undefined : dutyOf(store, appointment.branchId, appointment.duties.noShow),
    input.cancelled ? dutyOf(store, appointment.branchId, appointment.duties.workshopNotice) : undefined,
  ]);
  const steps: Step[] = [];
  const duties = { ...appointment.duties };
  if (reminder) {
    steps.push(...(await endWithRecordSteps(store, reminder)));
    steps.push(...(await withdrawDutyLetterSteps(store, reminder, input.actor)));
  }
  if (noShow) steps.push(...(await endWithRecordSteps(store, noShow)));
  if (input.cancelled) {
    const unread = notice && !notice.completedAt && !notice.cancelledAt;
    if (notice) steps.push(...(await endWithRecordSteps(store, notice)));
    if (!unread) {
      const told = workshopNoticeStep(store, appointment, {
        assignee: input.cancelled.workshop,
        change: 'cancelled',
        branch: input.cancelled.branch,
        now: input.cancelled.now,
      });
      steps.push(told.step);
      duties.workshopNotice = told.duty.id;
    }
  }
  return { steps, duties };
}
