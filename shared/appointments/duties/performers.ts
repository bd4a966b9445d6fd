import { getCustomer } from '../../archive/store/customers';
import { policyOf } from '../../branches/rules';
import { branchSettings } from '../../branches/store';
import { dutyEngineActor } from '../../duty-engine/actor';
import type { Duty } from '../../duty-engine/schemas';
import type { PerformContext, Performers } from '../../duty-engine/sweeper';
import { type DutySmsPlan, sendDutySms } from '../../letters/actions';
import { planSms } from '../../letters/rules/letter';
import { formatSmsTime } from '../../letters/rules/render';
import type { Store } from '../../platform/dynamo/client';
import { logger } from '../../platform/logger';
import { isE164 } from '../../platform/ports/sms';
import { linkExpiry } from '../../self-service/rules/links';
import { recordNoShow } from '../actions';
import { isNoShow, reminderSendAt } from '../rules';
import { getAppointment } from '../store';
import { rebookStep } from './schedule';

/**
 * What the sweeper does when an appointment's duty falls due (R-APT-3..5, R-X-3).
 *
 * `appointment-reminder` (R-APT-4): the SMS with the plate and the local time, in the customer's
 * language with the branch's signature, sent once through the shared SMS duty
 * (shared/letters/actions.ts `sendDutySms`: a letter guard, quiet hours by `DeferDuty`). Planned
 * again on every visit: a move while it waited rewrites the letter; a cancelled, arrived or
 * no-show appointment withdraws it.
 *
 * `appointment-no-show` (R-APT-5): not checked in by the grace limit, the appointment becomes a
 * no-show and its advisor gets `rebook-appointment`. A check-in or a move meanwhile ended or moved
 * this duty, so it finds nothing to do.
 *
 * `appointment-notice`, `rebook-appointment`: human duties; when they fall due they stay on the
 * branch's overdue list until someone completes them.
 */
function reminderPlan(store: Store) {
  return async (duty: Duty, now: Date): Promise<DutySmsPlan> => {
    const appointment = await getAppointment(store, duty.branchId, duty.subject.id);
    const context = { appointmentId: appointment.id, state: appointment.state };
    if (appointment.state !== 'booked' && appointment.state !== 'confirmed') {
      return { drop: `the appointment is ${appointment.state}`, level: 'debug', context };
    }
    const [customer, branch] = await Promise.all([
      getCustomer(store, duty.branchId, appointment.customerId),
      branchSettings(store, duty.branchId),
    ]);
    const phone = customer.phones[0]?.number;
    if (!phone || !isE164(phone)) return { drop: 'the customer has no E.164 phone', level: 'warn', context };
    const policy = policyOf(branch);
    const startAt = new Date(appointment.startAt);
    const sendAt = reminderSendAt({
      startAt,
      leadHours: policy.appointment.reminderLeadHours,
      now,
      quietHours: branch.quietHours,
      timeZone: branch.timeZone,
      beforeQuietMinutes: policy.sms.beforeQuietHoursMinutes,
    });
    // R-APT-4: a reminder is only worth sending before the appointment; a sweep that comes after
    // it (or whose next allowed time, out of quiet hours, is after it) sends nothing.
    if (!sendAt)
      return { drop: 'too late: the appointment starts before a reminder may go', level: 'debug', context };
    const record = { kind: 'appointment' as const, id: appointment.id };
    // R-SELF-1, R-APT-1: the confirm link lives the policy's days, never past the appointment.
    const linkEnds = Math.min(linkExpiry('appointment', now, policy).getTime(), startAt.getTime());
    return {
      customerId: customer.id,
      to: phone,
      subject: record,
      link: { purpose: 'appointment', record, expiresAt: new Date(linkEnds).toISOString() },
      plan: planSms({
        templateId: 'appointment-reminder',
        variables: {
          plate: appointment.plate,
          time: formatSmsTime(startAt, branch.timeZone, customer.locale),
        },
        customer,
        branch,
        now,
        withLink: true,
        // Past its time (a sweep that ran late): now, still out of quiet hours.
        sendAt,
      }),
    };
  };
}

async function noShowDue(store: Store, duty: Duty, context: PerformContext): Promise<void> {
  const appointment = await getAppointment(store, duty.branchId, duty.subject.id);
  const branch = await branchSettings(store, duty.branchId);
  const grace = policyOf(branch).appointment.noShowGraceMinutes;
  if (!isNoShow(context.now, new Date(appointment.startAt), grace)) return;
  const recorded = await recordNoShow(store, appointment, {
    now: context.now,
    actor: dutyEngineActor,
    rebook: (a) => rebookStep(store, a, context.now),
  });
  if (recorded)
    logger.info('appointment no-show', { appointmentId: appointment.id, branchId: duty.branchId });
}

export function appointmentPerformers(store: Store): Performers {
  const reminder = { name: 'appointment reminder', plan: reminderPlan(store) };
  return {
    'appointment-reminder': (duty, context) => sendDutySms(store, duty, context, reminder),
    'appointment-no-show': (duty, context) => noShowDue(store, duty, context),
    'appointment-notice': async (duty) => {
      logger.debug('appointment notice due', { dutyId: duty.id, assignee: duty.assignee });
    },
    // R-APT-1, R-SELF-1: the customer asked by link to move it; the advisor calls back.
    'appointment-move-request': async (duty) => {
      logger.debug('move request call due', { dutyId: duty.id, assignee: duty.assignee });
    },
    'rebook-appointment': async (duty) => {
      logger.debug('rebook call due', { dutyId: duty.id, assignee: duty.assignee });
    },
  };
}
