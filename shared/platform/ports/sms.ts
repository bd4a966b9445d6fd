/**
 * The SMS port (R-X-1). Domain code and duties send through whichever sender the process was
 * given: Amazon SNS in AWS (shared/platform/adapters/sns-sms.ts), the in-memory outbox locally and in
 * tests (shared/platform/adapters/outbox-sms.ts).
 */

/** A phone number in E.164 (`+8613800138000`); customers' numbers are stored so (R-X-1). */
export type E164 = `+${string}`;

export function isE164(value: string): value is E164 {
  return /^\+[1-9]\d{6,14}$/.test(value);
}

export type SmsKind = 'transactional' | 'marketing';

export interface SmsMessage {
  to: E164;
  /** The final text, signature included (shared/letters/rules/render.ts). */
  text: string;
  kind: SmsKind;
  /**
   * Identifies one intended message (for example the letter id). The outbox drops a repeat;
   * SNS has no such key for SMS, so exactly-once towards the phone rests on the letter register.
   */
  idempotencyKey: string;
}

export interface SmsSender {
  send(message: SmsMessage): Promise<{ providerMessageId: string }>;
}

let current: SmsSender | undefined;

/** The sender of this process; set once at start-up by the Lambda wiring or the local runtime. */
export function smsSender(): SmsSender {
  if (!current) throw new Error('No SMS sender is configured; call setSmsSender at start-up');
  return current;
}

export function setSmsSender(next: SmsSender): void {
  current = next;
}
