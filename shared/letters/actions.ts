import type { Actor } from '../kernel/access';
import type { Store } from '../platform/dynamo/client';
import { transact } from '../platform/dynamo/records';
import { nowIso } from '../platform/ports/clock';
import type { E164, SmsSender } from '../platform/ports/sms';
import type { SmsPlan } from './rules/letter';
import { isDue } from './rules/register';
import type { Letter, LetterStatusChange, NewLetter } from './schemas';
import { recordLetterSteps, reviseLetterSteps, updateLetterStatusSteps } from './store';

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

export async function reviseLetter(
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
  return updateLetterStatus(store, letter, outcome, actor);
}
