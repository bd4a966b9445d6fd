import { dutyEngineActor } from '../duty-engine/actor';
import type { Duty } from '../duty-engine/schemas';
import { DeferDuty, type PerformContext, type PerformOutcome } from '../duty-engine/sweeper';
import type { Actor } from '../kernel/access';
import { ConflictError } from '../kernel/errors';
import { defaultPolicy } from '../kernel/policy';
import type { Store } from '../platform/dynamo/client';
import { putStep, type Step, transact } from '../platform/dynamo/records';
import { logger } from '../platform/logger';
import { nowIso } from '../platform/ports/clock';
import { hashToken, linkSigner } from '../platform/ports/link-signer';
import { type E164, type SmsSender, smsSender } from '../platform/ports/sms';
import { linkTtl, maskedToken } from '../self-service/rules/links';
import type { LinkPurpose } from '../self-service/schemas/links';
import { issueLinkSteps } from '../self-service/store/links';
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
  link?: { linkId: string; steps: Step[] },
): Promise<Letter> {
  const { letter, steps } = reviseLetterSteps(store, current, next, actor, link?.linkId);
  await transact(store, [...steps, ...(link?.steps ?? [])]);
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
      // R-SELF-1: the token goes back in only on the way to the phone; the register keeps the mask.
      text: letter.linkId ? await withToken(letter.text, letter.linkId) : letter.text,
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

/** The SMS text with the link's token where the register holds its mask (R-SELF-1). */
async function withToken(text: string, linkId: string): Promise<string> {
  const token = await linkSigner().token(linkId);
  return text.replace(`#${maskedToken}`, `#${token}`);
}

/**
 * R-SELF-1: the self-service link an SMS duty's letter carries: what it is for, the record it
 * opens and until when. The text already holds its URL with the token masked
 * (`linkUrl(publicBaseUrl(), maskedToken)`); the link's id is the duty's id.
 */
interface DutySmsLink {
  purpose: LinkPurpose;
  record: { kind: 'order' | 'appointment'; id: string };
  expiresAt: string;
}

/**
 * What one SMS duty says now (R-X-1, R-X-3): its recipient and plan, or why it is not sent any
 * more (the record moved on, the customer has no phone), planned again on every visit of the duty.
 */
export type DutySmsPlan =
  | {
      customerId: string;
      to: E164;
      plan: SmsPlan;
      subject: { kind: string; id: string };
      link?: DutySmsLink | undefined;
    }
  | { drop: string; level: 'debug' | 'warn'; context?: Record<string, unknown> };

export interface DutySmsSpec {
  /** For the logs and the deferral's reason: `pickup notice`, `appointment reminder`. */
  name: string;
  plan: (duty: Duty, now: Date) => Promise<DutySmsPlan>;
}

/**
 * R-SELF-1: the steps that issue the duty's link (its id is the duty's), for the transaction that
 * files its letter: the link exists exactly once per letter, keyed by its token's hash.
 */
async function dutyLinkSteps(
  store: Store,
  duty: Duty,
  customerId: string,
  link: DutySmsLink,
  at: string,
): Promise<Step[]> {
  const tokenHash = hashToken(await linkSigner().token(duty.id));
  return issueLinkSteps(store, {
    link: {
      linkId: duty.id,
      branchId: duty.branchId,
      customerId,
      purpose: link.purpose,
      record: link.record,
      createdAt: at,
      expiresAt: link.expiresAt,
    },
    tokenHash,
    ttl: linkTtl(link.expiresAt, defaultPolicy),
  });
}

/** Files the duty's letter with its guard; `undefined` when another attempt filed one meanwhile. */
async function fileDutyLetter(
  store: Store,
  duty: Duty,
  input: {
    customerId: string;
    to: E164;
    plan: SmsPlan;
    subject: { kind: string; id: string };
    link?: DutySmsLink | undefined;
  },
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
      ...(input.link && input.plan.text.includes(maskedToken) ? { linkId: duty.id } : {}),
    },
    dutyEngineActor,
  );
  // R-SELF-1: only a text that carries the link (masked) issues it; links off, the plan has none.
  const linkSteps =
    input.link && input.plan.text.includes(maskedToken)
      ? await dutyLinkSteps(store, duty, input.customerId, input.link, letter.createdAt)
      : [];
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
      ...linkSteps,
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
  // R-SELF-1: a letter filed without a link (links were off) that now carries one issues it in the
  // same write; one that loses it (links turned off) keeps its link id, unused.
  const link =
    planned.link && !filed.linkId && planned.plan.text.includes(maskedToken) ? planned.link : undefined;
  const extra = link
    ? { linkId: duty.id, steps: await dutyLinkSteps(store, duty, planned.customerId, link, nowIso()) }
    : undefined;
  return reviseLetter(store, filed, { to: planned.to, plan: planned.plan }, dutyEngineActor, extra);
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
