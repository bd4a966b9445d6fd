import { DomainError } from '../../kernel/errors';
import type { Policy } from '../../kernel/policy';
import type { Link, LinkPurpose } from '../schemas/links';

/**
 * The pure rules of self-service links (R-SELF-1): the URL an SMS carries, how long a link lives,
 * what each purpose lets the customer do, and why a link refuses. No I/O; the token itself comes
 * from the link signer port (shared/platform/ports/link-signer.ts).
 */

/** 22 characters: 16 bytes of base64url (128 bits). */
export const linkTokenPattern = /^[A-Za-z0-9_-]{22}$/;

/**
 * What the letter register holds where the token was (R-SELF-1): the same number of characters,
 * all in the GSM 7-bit basic set like the token's, so the stored text has the segment count and
 * encoding of the SMS sent.
 */
export const maskedToken = '*'.repeat(22);

/** The customer page's URL with the token in the fragment (never sent to a server by the browser). */
export function linkUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/c#${token}`;
}

/** The link's URL in a text: put the token where the mask stands (the way to the SMS sender only). */
export function unmaskLink(text: string, baseUrl: string, token: string): string {
  return text.replace(linkUrl(baseUrl, maskedToken), linkUrl(baseUrl, token));
}

const lifetimeDays: Record<LinkPurpose, keyof Policy['selfService']> = {
  status: 'statusLinkDays',
  addon: 'addonLinkDays',
  appointment: 'appointmentLinkDays',
  survey: 'surveyLinkDays',
};

/** When a link issued at `from` expires (R-SELF-1: the policy's lifetime of its purpose). */
export function linkExpiry(purpose: LinkPurpose, from: Date, policy: Policy): Date {
  return new Date(from.getTime() + policy.selfService[lifetimeDays[purpose]] * 86_400_000);
}

/** The table's TTL (epoch seconds): the item stays some days after the link expired, then goes. */
export function linkTtl(expiresAt: string, policy: Policy): number {
  return Math.floor(Date.parse(expiresAt) / 1000) + policy.selfService.keepExpiredLinkDays * 86_400;
}

/** What a public route does with a link; each purpose allows a few. */
export type LinkAction =
  | 'view'
  | 'answer-addon'
  | 'confirm-appointment'
  | 'move-appointment'
  | 'answer-survey';

/**
 * R-SELF-1, R-ADD-2, R-APT-1: a status link also answers the order's pending add-on items (the
 * customer reading the status may decide there); an add-on link is for that only, an appointment
 * link confirms or asks to move, a survey link answers the survey. Every purpose may view.
 */
const allowed: Record<LinkPurpose, readonly LinkAction[]> = {
  status: ['view', 'answer-addon'],
  addon: ['view', 'answer-addon'],
  appointment: ['view', 'confirm-appointment', 'move-appointment'],
  survey: ['view', 'answer-survey'],
};

export function purposesAllowing(action: LinkAction): LinkPurpose[] {
  return (Object.keys(allowed) as LinkPurpose[]).filter((p) => allowed[p].includes(action));
}

export function linkAllows(purpose: LinkPurpose, action: LinkAction): boolean {
  return allowed[purpose].includes(action);
}

/** A token unknown, malformed or for another purpose: all look the same (nothing to learn by probing). */
export class LinkNotFoundError extends DomainError {
  readonly status = 404;
  readonly type = 'link-not-found';
  readonly title = 'This link is not known';
}

class LinkExpiredError extends DomainError {
  readonly status = 410;
  readonly type = 'link-expired';
  readonly title = 'This link has expired';
}

export class LinkRevokedError extends DomainError {
  readonly status = 410;
  readonly type = 'link-revoked';
  readonly title = 'This link was withdrawn by the shop';
}

export class LinkSpentError extends DomainError {
  readonly status = 410;
  readonly type = 'link-spent';
  readonly title = 'This link was already used';
}

/** R-SELF-1: too many calls with one token or from one address; `retryAfter` in seconds (and the header). */
export class TooManyRequestsError extends DomainError {
  readonly status = 429;
  readonly type = 'too-many-requests';
  readonly title = 'Too many requests: wait and try again';
  constructor(message: string, retryAfterSeconds: number) {
    super(message);
    this.extensions.retryAfter = retryAfterSeconds;
  }
}

/**
 * Why a link refuses now, or `undefined` when it serves. Revoked wins over expired (the shop's
 * act is the more telling answer); a spent link still shows (a customer may look again at what
 * they answered) but refuses every action.
 */
export function linkRefusal(
  link: Pick<Link, 'expiresAt' | 'revokedAt' | 'spentAt'>,
  action: LinkAction,
  now: Date,
): DomainError | undefined {
  if (link.revokedAt) return new LinkRevokedError('The shop withdrew this link; ask the shop for a new one');
  if (Date.parse(link.expiresAt) <= now.getTime())
    return new LinkExpiredError('This link has expired; ask the shop for a new one');
  if (link.spentAt && action !== 'view') return new LinkSpentError('This link was already used');
  return undefined;
}

/** A fixed rate window (R-SELF-1): its start (epoch s), the seconds left and the counter's TTL. */
export function rateWindow(now: Date, policy: Policy): { start: number; retryAfter: number; ttl: number } {
  const size = policy.selfService.rateWindowSeconds;
  const seconds = Math.floor(now.getTime() / 1000);
  const start = seconds - (seconds % size);
  return { start, retryAfter: Math.max(1, start + size - seconds), ttl: start + size * 2 };
}
