import type { SmsKind } from '../../ports/sms';
import { nextAllowedSendTime, type QuietHours } from './quiet-hours';
import { renderSms } from './render';
import { type SegmentCount, segments } from './segments';
import { type SmsLocale, type TemplateId, type TemplateVariables, templates } from './templates';

/**
 * A letter of the letter register 跟蹤服務信函登記表 (R-FUP-6): every SMS to a customer, with its
 * delivery status (R-X-1).
 *
 * - queued: to be sent now; deferred: waiting for the end of quiet hours (`sendAt`);
 * - sent: the provider accepted it (`providerMessageId`); failed: the provider refused it;
 * - suppressed: never sent, because the customer opted out of marketing (R-MKT-3).
 */
export const letterStatuses = ['queued', 'deferred', 'sent', 'failed', 'suppressed'] as const;
export type LetterStatus = (typeof letterStatuses)[number];

const nextStatuses: Record<LetterStatus, readonly LetterStatus[]> = {
  queued: ['sent', 'failed', 'deferred'],
  deferred: ['queued', 'sent', 'failed'],
  // A failed send may be retried (queued again) or succeed on a retry.
  failed: ['queued', 'sent', 'failed'],
  // Sent and suppressed are final: a letter is never sent twice.
  sent: [],
  suppressed: [],
};

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
  /** When the message may go (UTC ISO): now, or the end of the branch's quiet hours. */
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
  branch: { smsSignature?: string | undefined; quietHours: QuietHours; timeZone: string };
  now: Date;
  /** Urgent messages ignore quiet hours (a same-evening pickup change, for example). */
  urgent?: boolean;
}): SmsPlan {
  const { kind } = templates[input.templateId];
  const urgent = input.urgent ?? false;
  const text = renderSms({
    templateId: input.templateId,
    locale: input.customer.locale,
    variables: input.variables,
    signature: input.branch.smsSignature,
  });
  const count = segments(text);
  const sendAt = nextAllowedSendTime(input.now, input.branch.quietHours, input.branch.timeZone, urgent);
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
