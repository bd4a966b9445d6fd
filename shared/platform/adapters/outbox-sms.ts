import { ulid } from 'ulid';
import { nowIso } from '../ports/clock';
import type { SmsMessage, SmsSender } from '../ports/sms';

/**
 * The local outbox (issue 4, local demo): every SMS is kept in memory and printed as one line,
 * so `npm start` shows notices appearing at their times and tests read what was sent. A repeated
 * idempotency key returns the first answer and sends nothing, like a provider that deduplicates.
 */
export interface OutboxEntry extends SmsMessage {
  providerMessageId: string;
  sentAt: string;
}

export interface OutboxSmsSender extends SmsSender {
  /** Messages sent, newest first. */
  list(): OutboxEntry[];
  clear(): void;
}

export function createOutboxSmsSender(options: { print?: (line: string) => void } = {}): OutboxSmsSender {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const entries: OutboxEntry[] = [];
  const byKey = new Map<string, { providerMessageId: string }>();
  return {
    async send(message) {
      const seen = byKey.get(message.idempotencyKey);
      if (seen) return seen;
      const result = { providerMessageId: `outbox-${ulid()}` };
      byKey.set(message.idempotencyKey, result);
      entries.push({ ...message, ...result, sentAt: nowIso() });
      // One line per message, without line breaks inside, so the demo's output stays readable.
      print(`[SMS] ${message.to} ${message.text.replace(/\s*\n\s*/g, ' ')}`);
      return result;
    },
    list: () => [...entries].reverse(),
    clear() {
      entries.length = 0;
      byKey.clear();
    },
  };
}
