import { ulid } from 'ulid';
import { dutyKey } from '../duty-engine/store';
import type { Actor } from '../kernel/access';
import { ConflictError, VersionConflictError } from '../kernel/errors';
import type { Store } from '../platform/dynamo/client';
import {
  fromItem,
  getConsistentRecord,
  getRecord,
  type Item,
  type Key,
  logEntryItem,
  putStep,
  queryPage,
  type Step,
} from '../platform/dynamo/records';
import { nowIso } from '../platform/ports/clock';
import type { E164 } from '../platform/ports/sms';
import { isUnsent, type SmsPlan } from './rules/letter';
import { movedLetter, newLetter, revisedLetter, revisionChanges } from './rules/register';
import type {
  InboundLetter,
  LastOutbound,
  Letter,
  LetterRef,
  LetterStatusChange,
  NewLetter,
  PhoneOptOut,
} from './schemas';

// The record types stay importable from here, where the order duties read them.
export type { InboundLetter, LastOutbound, Letter, LetterRef, PhoneOptOut } from './schemas';

/**
 * The letter register 跟蹤服務信函登記表 (R-FUP-6, R-X-1): every SMS to a customer is a letter in
 * the customer's partition, so it is on the customer's timeline:
 * - `BR#<b>#CUS#<c>` / `LETTER#<iso>#<id>`, the letter with its text, segments and status;
 * - in the `register` index under `BR#<b>#REG#letter` / `<iso>#<id>`, so a branch lists its
 *   letters by date without a Scan (R-REG-1).
 * Each write is a transaction of steps (the letter, version-conditioned, and its change-log
 * entry) that a caller may run alone or inside its own transaction, for example the duty that
 * sends the SMS marking itself done in the same write.
 */
export const letterRegisterPartition = (branchId: string) => `BR#${branchId}#REG#letter`;

function letterKey(ref: LetterRef) {
  return { pk: `BR#${ref.branchId}#CUS#${ref.customerId}`, sk: `LETTER#${ref.createdAt}#${ref.id}` };
}

function letterItem(letter: Letter | InboundLetter): Item {
  return {
    ...letterKey(letter),
    type: 'letter',
    gsi2pk: letterRegisterPartition(letter.branchId),
    gsi2sk: `${letter.createdAt}#${letter.id}`,
    ...letter,
  };
}

/** The letter a new SMS files, and the steps that file it; a repeated id is a 409. */
export function recordLetterSteps(
  store: Store,
  input: NewLetter,
  actor: Actor,
): { letter: Letter; steps: Step[] } {
  const at = nowIso();
  const letter = newLetter(input, input.id ?? ulid(), actor.staffId, at);
  const steps = [
    putStep(store, letterItem(letter), {
      expression: 'attribute_not_exists(pk)',
      onConditionFailed: () => new ConflictError(`letter ${letter.id} is already in the register`),
    }),
    putStep(
      store,
      logEntryItem(
        {
          actor,
          action: 'letter.recorded',
          subject: { kind: 'letter', id: letter.id },
          summary: `SMS ${letter.templateId} to ${letter.to}: ${letter.status}`,
          changes: ['status'],
          logPartition: letterKey(letter).pk,
        },
        at,
      ),
    ),
  ];
  return { letter, steps };
}

/**
 * The steps that write `letter` over `current` if nobody changed it since it was read (version
 * condition), with its log entry (R-FUP-6: the register keeps every move of a letter).
 */
function letterWriteSteps(
  store: Store,
  current: Letter,
  letter: Letter,
  log: { actor: Actor; action: string; summary: string; changes: string[]; at: string },
): Step[] {
  return [
    putStep(store, letterItem(letter), {
      expression: 'attribute_exists(pk) AND #version = :expected',
      names: { '#version': 'version' },
      values: { ':expected': current.version },
      onConditionFailed: () =>
        new VersionConflictError(`Letter ${current.id} changed after version ${current.version}; reload it`),
    }),
    putStep(
      store,
      logEntryItem(
        {
          actor: log.actor,
          action: log.action,
          subject: { kind: 'letter', id: current.id },
          summary: log.summary,
          changes: log.changes,
          logPartition: letterKey(current).pk,
        },
        log.at,
      ),
    ),
  ];
}

/**
 * The steps that move a letter to a new status, if nobody moved it since `current` was read
 * (version condition). A send attempt (sent or failed) counts in `attempts`.
 */
export function updateLetterStatusSteps(
  store: Store,
  current: Letter,
  change: LetterStatusChange,
  actor: Actor,
): { letter: Letter; steps: Step[] } {
  const at = nowIso();
  const letter = movedLetter(current, change, actor.staffId, at);
  const steps = letterWriteSteps(store, current, letter, {
    actor,
    action: `letter.${change.status}`,
    summary: `SMS ${current.templateId} to ${current.to}: ${current.status} → ${change.status}${
      change.error ? ` (${change.error})` : ''
    }`,
    changes: ['status', ...(change.providerMessageId ? ['providerMessageId'] : [])],
    at,
  });
  return { letter, steps };
}

/**
 * The steps that rewrite a letter not sent yet with what holds now (R-X-1, R-FUP-6): the text of
 * a new plan (the promise moved while the notice waited), its number, and its status and send
 * time (deferred to the end of quiet hours, or queued to go now). The letter keeps its id, so the
 * register still holds one letter per SMS; the change-log entry says what changed. A letter
 * already sent, suppressed or withdrawn is final (`LetterStatusError`).
 */
export function reviseLetterSteps(
  store: Store,
  current: Letter,
  next: { to: E164; plan: SmsPlan },
  actor: Actor,
  /** R-SELF-1: the link the revised text carries from now on, issued in the same transaction. */
  linkId?: string,
): { letter: Letter; steps: Step[] } {
  const at = nowIso();
  const revised = revisedLetter(current, next, actor.staffId, at);
  const letter = linkId ? { ...revised, linkId } : revised;
  const changes = revisionChanges(current, letter);
  const steps = letterWriteSteps(store, current, letter, {
    actor,
    action: 'letter.revised',
    summary: `SMS ${letter.templateId} to ${letter.to} revised (${changes.join(', ') || 'nothing'}): ${
      letter.status
    }, goes at ${letter.sendAt}`,
    changes: [...changes],
    at,
  });
  return { letter, steps };
}

/**
 * The guard item next to a duty (`BR#<b>#DUTY#<id>` / `LETTER`) that names the one letter the duty
 * filed (shared/orders/duties/performers.ts): a retried or deferred duty finds its letter there instead of
 * filing another.
 */
export const dutyLetterGuardKey = (branchId: string, dutyId: string): Key => ({
  pk: dutyKey(branchId, dutyId).pk,
  sk: 'LETTER',
});

/** The letter a duty filed, if it filed one. */
export async function dutyLetter(
  store: Store,
  duty: { branchId: string; id: string },
): Promise<Letter | undefined> {
  const guard = await getRecord(store, dutyLetterGuardKey(duty.branchId, duty.id));
  if (!guard) return undefined;
  const letter = await getLetter(store, guard.letter as LetterRef);
  if (!letter) throw new Error(`Duty ${duty.id} names letter ${String(guard.letter)} that is not on file`);
  return letter;
}

/**
 * The steps that withdraw the letter a duty filed and has not sent yet (R-X-1, R-FUP-6), for the
 * transaction that cancels the duty: when the car leaves while its pickup notice waits for the end
 * of quiet hours, the register then says the SMS was withdrawn instead of waiting forever. None
 * when the duty filed no letter or its letter is final (sent, suppressed, withdrawn).
 */
export async function withdrawDutyLetterSteps(
  store: Store,
  duty: { branchId: string; id: string },
  actor: Actor,
): Promise<Step[]> {
  const letter = await dutyLetter(store, duty);
  if (!letter || !isUnsent(letter.status)) return [];
  return updateLetterStatusSteps(store, letter, { status: 'withdrawn' }, actor).steps;
}

export async function getLetter(store: Store, ref: LetterRef): Promise<Letter | undefined> {
  const item = await getRecord(store, letterKey(ref));
  return item ? fromItem<Letter>(item) : undefined;
}

/** Letters of a branch filed in `[from, to)` (UTC ISO instants), oldest first: one Query a page. */
export async function lettersFiledBetween(
  store: Store,
  input: { branchId: string; from: string; to: string; limit: number; cursor?: string | undefined },
): Promise<{ items: Letter[]; nextCursor?: string }> {
  const partition = letterRegisterPartition(input.branchId);
  const page = await queryPage(store, {
    partition,
    limit: input.limit,
    cursor: input.cursor,
    IndexName: 'register',
    // Sort keys are `<iso>#<id>`: `<from>` sorts before every letter filed at `from`, `<to>`
    // before every letter filed at `to`, so the range is `[from, to)`.
    KeyConditionExpression: 'gsi2pk = :p AND gsi2sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':p': partition, ':from': input.from, ':to': input.to },
  });
  return {
    items: page.items.map((i) => fromItem<Letter>(i)),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}

/**
 * R-SELF-3, R-FUP-6: the steps that file a customer's reply as an inbound letter, in the register
 * and the customer's partition (their timeline, R-ARC-4), with its log entry.
 */
export function recordInboundLetterSteps(store: Store, letter: InboundLetter, actor: Actor): Step[] {
  return [
    putStep(store, letterItem(letter), {
      expression: 'attribute_not_exists(pk)',
      onConditionFailed: () => new ConflictError(`letter ${letter.id} is already in the register`),
    }),
    putStep(
      store,
      logEntryItem(
        {
          actor,
          action: 'letter.received',
          subject: { kind: 'letter', id: letter.id },
          summary: `SMS reply from ${letter.from} (${letter.outcome}): ${letter.text}`,
          changes: ['status'],
          logPartition: letterKey(letter).pk,
        },
        letter.createdAt,
      ),
    ),
  ];
}

/**
 * R-SELF-3: a phone's opt-out, chain-wide (`OPTOUT#<e164>` / `OPTOUT`), with every change and its
 * consent; the send path (shared/letters/actions.ts `deliverLetter`) reads it before every SMS.
 */
const optOutKey = (phone: E164): Key => ({ pk: `OPTOUT#${phone}`, sk: 'OPTOUT' });

export async function phoneOptOut(store: Store, phone: E164): Promise<PhoneOptOut | undefined> {
  const item = await getConsistentRecord(store, optOutKey(phone));
  return item ? fromItem<PhoneOptOut>(item) : undefined;
}

/** The step that writes the phone's opt-out over `current` (absent: none yet), version-conditioned. */
export function phoneOptOutStep(store: Store, current: PhoneOptOut | undefined, next: PhoneOptOut): Step {
  return putStep(
    store,
    { ...optOutKey(next.phone), type: 'sms-opt-out', ...next },
    current
      ? {
          expression: '#version = :expected',
          names: { '#version': 'version' },
          values: { ':expected': current.version },
          onConditionFailed: () =>
            new VersionConflictError(
              `The opt-out of ${next.phone} changed after version ${current.version}; reload it`,
            ),
        }
      : {
          expression: 'attribute_not_exists(pk)',
          onConditionFailed: () =>
            new VersionConflictError(`The opt-out of ${next.phone} was written meanwhile; retry`),
        },
  );
}

/**
 * R-SELF-3: the phone's latest outbound letter of the chain (`PHONE#<e164>` / `LAST-OUT`), written
 * with the status write of every letter sent, so a reply finds what it answers with one GetItem.
 */
const lastOutboundKey = (phone: E164): Key => ({ pk: `PHONE#${phone}`, sk: 'LAST-OUT' });

export function lastOutboundStep(store: Store, letter: Letter, sentAt: string): Step {
  const last: LastOutbound = {
    phone: letter.to,
    branchId: letter.branchId,
    customerId: letter.customerId,
    letterId: letter.id,
    letterCreatedAt: letter.createdAt,
    templateId: letter.templateId,
    ...(letter.subject ? { subject: letter.subject } : {}),
    sentAt,
  };
  return putStep(store, { ...lastOutboundKey(letter.to), type: 'last-outbound', ...last });
}

export async function lastOutbound(store: Store, phone: E164): Promise<LastOutbound | undefined> {
  const item = await getConsistentRecord(store, lastOutboundKey(phone));
  return item ? fromItem<LastOutbound>(item) : undefined;
}
