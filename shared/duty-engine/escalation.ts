import { ConflictError } from '../kernel/errors';
import type { Store } from '../platform/dynamo/client';
import { conditionStep, getRecord, type Key, putStep, type Step, transact } from '../platform/dynamo/records';
import { logger } from '../platform/logger';
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
 * Who takes an escalation of `duty` at `now`: an area decides (the branch's supervisor, their
 * delegate while they are away); the engine only raises it. Undefined: nobody can take it.
 */
export type EscalationTarget = (
  duty: Duty,
  now: Date,
) => Promise<{ assignee: string; delegatedFrom?: string } | undefined>;

class CompletedMeanwhile extends Error {}

/** Nobody can take the escalation (the branch has no active supervisor). */
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
  input: {
    now: Date;
    dueAt: Date;
    target: EscalationTarget;
    extra?: Record<string, unknown>;
    reason?: EscalationReason;
  },
): Promise<{ escalation: Duty; steps: Step[] }> {
  const who = await input.target(duty, input.now);
  if (!who)
    throw new NoSupervisorError(
      `Branch ${duty.branchId} has no active supervisor to escalate duty ${duty.id} to`,
    );
  const dueAt = new Date(Math.max(input.dueAt.getTime(), input.now.getTime())).toISOString();
  const { duty: escalation, step } = scheduleDutyStep(store, {
    kind: 'escalation',
    subject: { kind: 'duty', id: duty.id },
    // R-X-5: listed with the duty it escalates, under the same record.
    record: duty.record ?? duty.subject,
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
  input: { now: Date; dueAt: Date; target: EscalationTarget },
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
