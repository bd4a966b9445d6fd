import { ConflictError } from '../../kernel/errors';
import type { E164 } from '../../platform/ports/sms';
import type { Letter, LetterStatusChange, NewLetter } from '../schemas';
import { canMoveLetter, isUnsent, type SmsPlan } from './letter';

/**
 * Rules of the letter register 跟蹤服務信函登記表 (R-FUP-6, R-X-1): what a letter holds when it is
 * filed, moved or revised, and when it is due. The register keeps every move of a letter; a
 * letter's status moves only as `canMoveLetter` allows.
 */

/** A status move the register does not allow (a sent letter sent again, a suppressed one sent). */
export class LetterStatusError extends ConflictError {}

/** The letter a new SMS files: its plan, at version 1 and no send attempt yet. */
export function newLetter(input: NewLetter, id: string, by: string, at: string): Letter {
  const { plan } = input;
  return {
    templateId: plan.templateId,
    locale: plan.locale,
    kind: plan.kind,
    text: plan.text,
    segments: plan.segments,
    encoding: plan.encoding,
    status: plan.status,
    sendAt: plan.sendAt,
    urgent: plan.urgent,
    id,
    branchId: input.branchId,
    customerId: input.customerId,
    to: input.to,
    ...(input.subject ? { subject: input.subject } : {}),
    ...(input.linkId ? { linkId: input.linkId } : {}),
    attempts: 0,
    version: 1,
    createdAt: at,
    createdBy: by,
    updatedAt: at,
    updatedBy: by,
  };
}

/**
 * A letter moved to a new status (R-X-1): a move the register does not allow is a
 * `LetterStatusError`; a send attempt (sent or failed) counts in `attempts`; only a failed
 * letter keeps an error.
 */
export function movedLetter(current: Letter, change: LetterStatusChange, by: string, at: string): Letter {
  if (!canMoveLetter(current.status, change.status)) {
    throw new LetterStatusError(
      `Letter ${current.id} is ${current.status}; it cannot become ${change.status}`,
    );
  }
  const attempted = change.status === 'sent' || change.status === 'failed';
  return {
    ...current,
    status: change.status,
    ...(change.providerMessageId ? { providerMessageId: change.providerMessageId } : {}),
    error: change.status === 'failed' ? change.error : undefined,
    ...(change.reason ? { reason: change.reason } : {}),
    ...(change.sendAt ? { sendAt: change.sendAt } : {}),
    attempts: current.attempts + (attempted ? 1 : 0),
    version: current.version + 1,
    updatedAt: at,
    updatedBy: by,
  };
}

/**
 * A letter not sent yet rewritten with what holds now (R-X-1, R-FUP-6): the text of a new plan,
 * its number, status and send time; it keeps its id, so the register holds one letter per SMS. A
 * letter already sent, suppressed or withdrawn is final (`LetterStatusError`).
 */
export function revisedLetter(
  current: Letter,
  next: { to: E164; plan: SmsPlan },
  by: string,
  at: string,
): Letter {
  if (!isUnsent(current.status)) {
    throw new LetterStatusError(`Letter ${current.id} is ${current.status}; it can no longer change`);
  }
  const { plan } = next;
  return {
    ...current,
    templateId: plan.templateId,
    locale: plan.locale,
    kind: plan.kind,
    text: plan.text,
    segments: plan.segments,
    encoding: plan.encoding,
    urgent: plan.urgent,
    to: next.to,
    status: plan.status,
    sendAt: plan.sendAt,
    error: undefined,
    version: current.version + 1,
    updatedAt: at,
    updatedBy: by,
  };
}

/** What a revision changed, for its change-log entry (R-FUP-6). */
export function revisionChanges(before: Letter, after: Letter): ('text' | 'to' | 'status' | 'sendAt')[] {
  return (['text', 'to', 'status', 'sendAt'] as const).filter((f) => before[f] !== after[f]);
}

/**
 * A letter is due to be sent when queued, failed before, or deferred and past its `sendAt`
 * (R-X-1: a deferred one waits for the end of quiet hours).
 */
export function isDue(letter: Pick<Letter, 'status' | 'sendAt'>, now: string): boolean {
  return (
    letter.status === 'queued' ||
    letter.status === 'failed' ||
    (letter.status === 'deferred' && letter.sendAt <= now)
  );
}
