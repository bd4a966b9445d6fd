import { dutyEngineActor } from '../duty-engine/actor';
import type { Duty } from '../duty-engine/schemas';
import { DeferDuty, type PerformContext, type PerformOutcome } from '../duty-engine/sweeper';
import type { Actor } from '../kernel/access';
import { ConflictError } from '../kernel/errors';
import type { Store } from '../platform/dynamo/client';
import { putStep, transact } from '../platform/dynamo/records';
import { logger } from '../platform/logger';
import { nowIso } from '../platform/ports/clock';
import { type E164, type SmsSender, smsSender } from '../platform/ports/sms';
import { isUnsent, letterNeedsRevision, optOutSuppresses, type SmsPlan, waitsUntil } from './rules/letter';
import { isDue } from './rules/register';
import type { Letter, LetterRef, LetterStatusChange, NewLetter } from './schemas';
import {
  dutyLetter,
  dutyLetterGuardKey,
  lastOutboundStep,
  phoneOptOut,
  recordLetterSteps,
  reviseLetterSteps,
  updateLetterStatusSteps,
} from './store';

/**
 * The use cases of the letter register (R-FUP-6, R-X-1): filing a letter, sending it through the
 * SMS port, moving its status and revising one that waits; the store holds its keys and steps.
 */

/** Files a new SMS in the register on its own (R-FUP-6); a repeated id is a 409. */
export async function recordLetter(store: Store, input: NewLetter, actor: Actor): Promise<Letter> {
  const { letter, steps } = recordLetterSteps(store, input, actor);
  await transact(store, steps);
  return letter;
}

export async function updateLetterStatus(
  store: Store,
  current: Letter,
  change: LetterStatusChange,
  actor: Actor,
): Promise<Letter> {
  const { letter, steps } = updateLetterStatusSteps(store, current, change, actor);
  await transact(store, steps);
  return letter;
}

async function reviseLetter(
  store: Store,
  current: Letter,
  next: { to: E164; plan: SmsPlan },
  actor: Actor,
): Promise<Letter> {
  const { letter, steps } = reviseLetterSteps(store, current, next, actor);
  await transact(store, steps);
  return letter;
}

/**
 * Sends a letter that is due (queued, failed before, or deferred and past its `sendAt`) and records the outcome:
 * sent with the provider's id, or failed with the reason, for the caller to retry or dead-letter.
 * A letter that is not due comes back unchanged: a deferred one still waiting for the end of quiet
 * hours (`waitsUntil` in shared/letters/rules/letter.ts says until when) is the caller's to come back
 * to at `sendAt` (a duty defers itself, shared/orders/duties/performers.ts); nothing sends it otherwise.
 * The letter id is the idempotency key. SNS has no deduplication for SMS, so a crash between the
 * provider's answer and the status write can repeat a message on retry: at-least-once, not
 * exactly-once (docs: the SMS duty).
 */
export async function deliverLetter(
  store: Store,
  input: { letter: Letter; sender: SmsSender; actor: Actor; pace?: () => Promise<void> },
): Promise<Letter> {
  const { letter, sender, actor } = input;
  if (!isDue(letter, nowIso())) return letter;
  // R-SELF-3, R-X-1: the one send path honours the phone's opt-out by reply.
  const optOut = await phoneOptOut(store, letter.to);
  if (optOut?.optedOut && optOutSuppresses(letter.templateId)) {
    return updateLetterStatus(
      store,
      letter,
      { status: 'suppressed', reason: 'R-SELF-3: the phone opted out by SMS reply' },
      actor,
    );
  }
  await input.pace?.();
  let outcome: LetterStatusChange;
  try {
    const sent = await sender.send({
      to: letter.to,
      text: letter.text,
      kind: letter.kind,
      idempotencyKey: letter.id,
    });
    outcome = { status: 'sent', providerMessageId: sent.providerMessageId };
  } catch (error) {
    outcome = {
      status: 'failed',
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    };
  }
  const { letter: moved, steps } = updateLetterStatusSteps(store, letter, outcome, actor);
  // R-SELF-3: a letter sent is the phone's latest outbound message, what its next reply answers.
  await transact(
    store,
    outcome.status === 'sent' ? [...steps, lastOutboundStep(store, moved, moved.updatedAt)] : steps,
  );
  return moved;
}

/**
 * What one SMS duty says now (R-X-1, R-X-3): its recipient and plan, or why it is not sent any
 * more (the record moved on, the customer has no phone), planned again on every visit of the duty.
 */
export type DutySmsPlan =
  | { customerId: string; to: E164; plan: SmsPlan; subject: { kind: string; id: string } }
  | { drop: string; level: 'debug' | 'warn'; context?: Record<string, unknown> };

export interface DutySmsSpec {
  /** For the logs and the deferral's reason: `pickup notice`, `appointment reminder`. */
  name: string;
  plan: (duty: Duty, now: Date) => Promise<DutySmsPlan>;
}

/** Files the duty's letter with its guard; `undefined` when another attempt filed one meanwhile. */
async function fileDutyLetter(
  store: Store,
  duty: Duty,
  input: { customerId: string; to: E164; plan: SmsPlan; subject: { kind: string; id: string } },
): Promise<Letter | undefined> {
  const { letter, steps } = recordLetterSteps(
    store,
    {
      id: duty.id,
      branchId: duty.branchId,
      customerId: input.customerId,
      to: input.to,
      plan: input.plan,
      subject: input.subject,
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
        { ...dutyLetterGuardKey(duty.branchId, duty.id), type: 'duty-letter', letter: ref },
        {
          expression: 'attribute_not_exists(pk)',
          onConditionFailed: () => new ConflictError(`duty ${duty.id} already filed its letter`),
        },
      ),
      ...steps,
    ]);
  } catch (error) {
    if (error instanceof ConflictError) return undefined;
    throw error;
  }
  return letter;
}

/**
 * The letter the duty sends now: a new one on the first visit; on a later visit (a retry, a
 * reclaimed lease, the end of a quiet-hours wait) the one filed before, rewritten when planning it
 * again gives another text or time (the time it announces moved while it waited). Withdrawn, with
 * nothing sent, when the plan drops it; `undefined` then.
 */
async function currentDutyLetter(
  store: Store,
  duty: Duty,
  now: Date,
  spec: DutySmsSpec,
): Promise<Letter | undefined> {
  const filed = await dutyLetter(store, duty);
  // Sent, suppressed or withdrawn: this SMS is over.
  if (filed && !isUnsent(filed.status)) return filed;
  const planned = await spec.plan(duty, now);
  if ('drop' in planned) {
    logger[planned.level](`${spec.name} not sent: ${planned.drop}`, { dutyId: duty.id, ...planned.context });
    if (filed) await updateLetterStatus(store, filed, { status: 'withdrawn' }, dutyEngineActor);
    return undefined;
  }
  if (!filed) {
    const filedNow = await fileDutyLetter(store, duty, planned);
    // Another attempt of the same duty filed it meanwhile (a reclaimed lease): go on with that one.
    return filedNow ?? currentDutyLetter(store, duty, now, spec);
  }
  if (!letterNeedsRevision(filed, { to: planned.to, plan: planned.plan }, now)) return filed;
  return reviseLetter(store, filed, { to: planned.to, plan: planned.plan }, dutyEngineActor);
}

/**
 * Performs an SMS duty (R-X-1, R-X-3): files its letter once (the letter's id is the duty's id and
 * a guard item next to the duty names it, so a retried or re-claimed attempt sends the letter it
 * already filed) and sends it, at-least-once towards the phone (a crash between the provider's
 * answer and the status write repeats it; the outbox drops the repeat by the letter id, SNS
 * cannot). A letter that must wait for the end of quiet hours defers the duty to its `sendAt`
 * (`DeferDuty`: no attempt counted, no second letter); a refused send throws, for the sweeper to
 * retry with backoff and then dead-letter. The outcome names the letter sent (R-X-5).
 */
export async function sendDutySms(
  store: Store,
  duty: Duty,
  context: PerformContext,
  spec: DutySmsSpec,
): Promise<PerformOutcome | undefined> {
  const letter = await currentDutyLetter(store, duty, context.now, spec);
  if (!letter) return undefined;
  const delivered = await deliverLetter(store, { letter, sender: smsSender(), actor: dutyEngineActor });
  const waiting = waitsUntil(delivered, context.now);
  if (waiting) throw new DeferDuty(waiting, `${spec.name} waits for the end of quiet hours`);
  if (delivered.status === 'failed') throw new Error(`SMS ${delivered.id} failed: ${delivered.error ?? ''}`);
  const { id, customerId, createdAt, status, text, updatedAt } = delivered;
  return { result: { letter: { id, customerId, createdAt, status, text, statusAt: updatedAt } } };
}
