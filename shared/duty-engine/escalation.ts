import { assigneeAt } from '../follow-up/store/absences';
import { ConflictError } from '../kernel/errors';
import { branchMembers, isActive } from '../orders/store/workshop';
import type { Store } from '../platform/dynamo/client';
import { conditionStep, getRecord, type Key, putStep, type Step, transact } from '../platform/dynamo/records';
import { logger } from '../platform/logger';
import type { StaffMember } from '../staff/schemas';
import type { Duty } from './schemas';
import { dutyKey, type EscalationReason, escalationGuardKey, getDuty, scheduleDutyStep } from './store';

/**
 * Escalation of an overdue human duty to the branch supervisor (issue 4 item 3, R-PRG-1). At the
 * duty's due time the sweeper hands it here: a duty a person completed is left alone; one still
 * open becomes an `escalation` duty in the supervisor's queue, about the original duty, with the
 * original kind and assignee in its payload.
 *
 * Once per original duty: a guard item next to the original (`BR#<b>#DUTY#<id>` / `ESCALATION`)
 * is written in the escalation's transaction, so a retried or re-claimed sweep finds the
 * escalation it already raised instead of raising a second one.
 */
const guardKey = (duty: Duty, reason: EscalationReason = 'late'): Key =>
  escalationGuardKey(duty.branchId, duty.id, reason);

/**
 * Who an escalation goes to: an active supervisor of the branch, another person than the one
 * who let the duty lapse when there is one; the lowest staff id among equals, so every attempt
 * picks the same person.
 */
export function supervisorFor(members: readonly StaffMember[], assignee: string | undefined) {
  const supervisors = members
    .filter((m) => isActive(m) && m.roles.includes('supervisor'))
    .sort((a, b) => a.id.localeCompare(b.id));
  return supervisors.find((m) => m.id !== assignee) ?? supervisors[0];
}

class CompletedMeanwhile extends Error {}

/** The branch has no active supervisor to take an escalation. */
export class NoSupervisorError extends Error {}

async function raisedEscalation(store: Store, duty: Duty): Promise<Duty | undefined> {
  const guard = await getRecord(store, guardKey(duty));
  return guard ? getDuty(store, duty.branchId, String(guard.escalation)) : undefined;
}

/**
 * The steps that raise the supervisor's escalation of `duty`, due at `dueAt` (never before
 * `now`): the guard next to the duty (once per duty) and the escalation in the supervisor's queue
 * (their delegate's while they are away, R-FUP-1). `extra` goes into its payload (why, when it is
 * not just lateness). `reason` picks the guard: `late` (the default) and `emergency` are
 * separate, so neither blocks nor settles the other. A branch without an active supervisor is an
 * error.
 */
export async function escalationSteps(
  store: Store,
  duty: Duty,
  input: { now: Date; dueAt: Date; extra?: Record<string, unknown>; reason?: EscalationReason },
): Promise<{ escalation: Duty; steps: Step[] }> {
  const supervisor = supervisorFor(await branchMembers(store, duty.branchId), duty.assignee);
  if (!supervisor)
    throw new NoSupervisorError(
      `Branch ${duty.branchId} has no active supervisor to escalate duty ${duty.id} to`,
    );
  const dueAt = new Date(Math.max(input.dueAt.getTime(), input.now.getTime())).toISOString();
  // A supervisor who is away has it done by their delegate (R-FUP-1).
  const who = await assigneeAt(store, duty.branchId, supervisor.id, input.now);
  const { duty: escalation, step } = scheduleDutyStep(store, {
    kind: 'escalation',
    subject: { kind: 'duty', id: duty.id },
    branchId: duty.branchId,
    ...who,
    openAt: input.now.toISOString(),
    dueAt,
    // The sweeper looks at it when due; an escalation is not escalated further (it stays overdue).
    fireAt: dueAt,
    payload: {
      kind: duty.kind,
      assignee: duty.assignee,
      subject: duty.subject,
      dueAt: duty.dueAt,
      ...input.extra,
    },
  });
  const guard = putStep(
    store,
    { ...guardKey(duty, input.reason), type: 'duty-escalation', escalation: escalation.id },
    {
      expression: 'attribute_not_exists(pk)',
      onConditionFailed: () => new ConflictError(`duty ${duty.id} was already escalated`),
    },
  );
  return { escalation, steps: [guard, step] };
}

/**
 * Raises the escalation of `duty` if it is still open, due at `dueAt` (never before `now`).
 * Returns the escalation (the one raised earlier on a repeat), or `undefined` when the duty was
 * completed. A branch without an active supervisor is an error: the sweeper retries and then
 * dead-letters the duty, where the alarm makes it visible.
 */
export async function escalateIfOpen(
  store: Store,
  duty: Duty,
  input: { now: Date; dueAt: Date },
): Promise<Duty | undefined> {
  if (duty.completedAt || !duty.assignee) return undefined;
  const earlier = await raisedEscalation(store, duty);
  if (earlier) return earlier;
  const { escalation, steps } = await escalationSteps(store, duty, input);
  try {
    await transact(store, [
      ...steps,
      // Completed since the sweeper claimed it: nothing to escalate.
      conditionStep(
        store,
        dutyKey(duty.branchId, duty.id),
        { expression: 'attribute_not_exists(completedAt)' },
        () => new CompletedMeanwhile(duty.id),
      ),
    ]);
  } catch (error) {
    if (error instanceof CompletedMeanwhile) return undefined;
    // Another attempt of the same sweep raised it meanwhile (a reclaimed lease): that one stands.
    if (error instanceof ConflictError) return raisedEscalation(store, duty);
    throw error;
  }
  logger.info('overdue duty escalated', {
    dutyId: duty.id,
    kind: duty.kind,
    assignee: duty.assignee,
    supervisor: escalation.assignee,
    escalationId: escalation.id,
  });
  return escalation;
}
