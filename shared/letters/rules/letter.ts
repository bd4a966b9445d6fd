import { publicBaseUrl } from '../../platform/ports/link-signer';
import type { SmsKind } from '../../platform/ports/sms';
import { linkUrl, maskedToken } from '../../self-service/rules/links';
import { nextAllowedSendTime, type QuietHours } from './quiet-hours';
import { renderSms } from './render';
import { type SegmentCount, segments } from './segments';
import {
  type SmsLocale,
  type SmsTemplate,
  type TemplateId,
  type TemplateVariables,
  templates,
} from './templates';

/**
 * A letter of the letter register 跟蹤服務信函登記表 (R-FUP-6): every SMS to a customer, with its
 * delivery status (R-X-1).
 *
 * - queued: to be sent now; deferred: waiting for `sendAt` (the end of quiet hours, or the
 *   evening slot of a pickup notice whose promise falls in them);
 * - sent: the provider accepted it (`providerMessageId`); failed: the provider refused it;
 * - suppressed: never sent, because the customer opted out of marketing (R-MKT-3);
 * - withdrawn: never sent, because what it said stopped being true while it waited (the order
 *   left the workshop before its deferred pickup notice could go);
 * - suppressed also when the phone opted out by reply (R-SELF-3, `optOutSuppresses`), with the reason;
 * - received: an inbound SMS, the customer's reply (R-SELF-3, R-FUP-6); final from the start.
 */
const letterStatuses = [
  'queued',
  'deferred',
  'sent',
  'failed',
  'suppressed',
  'withdrawn',
  'received',
] as const;
export type LetterStatus = (typeof letterStatuses)[number];

const nextStatuses: Record<LetterStatus, readonly LetterStatus[]> = {
  queued: ['sent', 'failed', 'deferred', 'suppressed', 'withdrawn'],
  deferred: ['queued', 'sent', 'failed', 'suppressed', 'withdrawn'],
  // A failed send may be retried (queued again, or deferred when the retry falls in quiet hours).
  failed: ['queued', 'deferred', 'sent', 'failed', 'suppressed', 'withdrawn'],
  // Sent, suppressed and withdrawn are final: a letter is never sent twice, nor after it was dropped.
  sent: [],
  suppressed: [],
  withdrawn: [],
  received: [],
};

/**
 * R-SELF-3, R-X-1: whether a phone's opt-out by reply stops this letter. Everything stops but the
 * service notices of the customer's own car in the shop (pickup, delay, add-on approval: they are
 * only ever planned while the order is in the workshop) and the one confirmation of the keyword.
 */
export function optOutSuppresses(templateId: TemplateId): boolean {
  const { category } = templates[templateId];
  return category !== 'service' && category !== 'keyword';
}

/** A letter not sent yet, which may still change (its text, its time) or go. */
export function isUnsent(status: LetterStatus): status is 'queued' | 'deferred' | 'failed' {
  return status === 'queued' || status === 'deferred' || status === 'failed';
}

export function canMoveLetter(from: LetterStatus, to: LetterStatus): boolean {
  return nextStatuses[from].includes(to);
}

export interface SmsPlan {
  templateId: TemplateId;
  locale: SmsLocale;
  kind: SmsKind;
  text: string;
  segments: SegmentCount['segments'];
  encoding: SegmentCount['encoding'];
  status: Extract<LetterStatus, 'queued' | 'deferred' | 'suppressed'>;
  /** When the message may go (UTC ISO): now, the time it is meant for, or the end of the branch's quiet hours. */
  sendAt: string;
  urgent: boolean;
}

/**
 * What to do with one SMS, decided without I/O: the text in the customer's language with the
 * branch's signature, its segment count, and whether it goes now, waits for the end of quiet
 * hours (R-X-1, R-FUP-5) or is suppressed because the customer opted out of marketing (R-MKT-3).
 * Transactional messages go to opted-out customers: opting out covers marketing only.
 */
export function planSms<T extends TemplateId>(input: {
  templateId: T;
  variables: TemplateVariables<T>;
  customer: { locale: SmsLocale; marketingOptOut: boolean };
  branch: {
    smsSignature?: string | undefined;
    quietHours: QuietHours;
    timeZone: string;
    /** R-SELF-1: false where carriers restrict URLs: the template's variant without a link. */
    selfServiceLinks?: boolean | undefined;
  };
  /**
   * R-SELF-1: render the template's link variant (when it has one and the branch allows links);
   * the duty then carries the link (`DutySmsPlan.link`). Default: the template's `linkByDefault`.
   */
  withLink?: boolean;
  /** R-SELF-1: the customer page's base URL (default: the port's `publicBaseUrl()`). */
  linkBaseUrl?: string;
  now: Date;
  /** Urgent messages ignore quiet hours (a same-evening pickup change, for example). */
  urgent?: boolean;
  /** When the message is meant to go if not now (a notice bound to a deadline); quiet hours still apply. */
  sendAt?: Date;
}): SmsPlan {
  const { kind } = templates[input.templateId];
  const urgent = input.urgent ?? false;
  // R-SELF-1: a template with a link variant carries the link, its token masked (the send path
  // puts the token in); the letter's duty issues the link when the text holds it.
  const template: SmsTemplate = templates[input.templateId];
  const withLink =
    template.linkText !== undefined &&
    input.branch.selfServiceLinks !== false &&
    (input.withLink ?? template.linkByDefault ?? false);
  const text = renderSms({
    templateId: input.templateId,
    locale: input.customer.locale,
    variables: input.variables,
    signature: input.branch.smsSignature,
    link: withLink ? linkUrl(input.linkBaseUrl ?? publicBaseUrl(), maskedToken) : undefined,
  });
  const count = segments(text);
  const wanted = input.sendAt && input.sendAt.getTime() > input.now.getTime() ? input.sendAt : input.now;
  const sendAt = nextAllowedSendTime(wanted, input.branch.quietHours, input.branch.timeZone, urgent);
  const suppressed = kind === 'marketing' && input.customer.marketingOptOut;
  return {
    templateId: input.templateId,
    locale: input.customer.locale,
    kind,
    text,
    segments: count.segments,
    encoding: count.encoding,
    status: suppressed ? 'suppressed' : sendAt.getTime() > input.now.getTime() ? 'deferred' : 'queued',
    sendAt: sendAt.toISOString(),
    urgent,
  };
}

/**
 * Whether a letter not sent yet must be rewritten before it goes, because planning the same SMS
 * now gives something else: another text (the promise moved, the branch changed its signature),
 * another number, or another send time (a deferral to the end of quiet hours, or a deferred letter
 * that may now go earlier). A send time at or before `now` means "now" on both sides.
 */
export function letterNeedsRevision(
  letter: { to: string; text: string; status: LetterStatus; sendAt: string },
  next: { to: string; plan: Pick<SmsPlan, 'text' | 'status' | 'sendAt'> },
  now: Date,
): boolean {
  const goesAt = (status: LetterStatus, sendAt: string) =>
    status === 'deferred' ? Math.max(Date.parse(sendAt), now.getTime()) : now.getTime();
  return (
    letter.to !== next.to ||
    letter.text !== next.plan.text ||
    (next.plan.status === 'suppressed') !== (letter.status === 'suppressed') ||
    goesAt(letter.status, letter.sendAt) !== goesAt(next.plan.status, next.plan.sendAt)
  );
}

/** When a letter waits for the end of quiet hours, that time; `undefined` when it may go now. */
export function waitsUntil(letter: { status: LetterStatus; sendAt: string }, now: Date): Date | undefined {
  if (letter.status !== 'deferred') return undefined;
  const at = Date.parse(letter.sendAt);
  return at > now.getTime() ? new Date(at) : undefined;
}
