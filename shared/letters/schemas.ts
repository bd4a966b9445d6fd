import type { E164 } from '../platform/ports/sms';
import type { LetterStatus, SmsPlan } from './rules/letter';

/**
 * The records of the letter register 跟蹤服務信函登記表 (R-FUP-6, R-X-1): a letter is one SMS to a
 * customer with its text, segments and delivery status (keys in shared/letters/store.ts).
 */
export interface Letter extends Omit<SmsPlan, 'status'> {
  id: string;
  branchId: string;
  customerId: string;
  to: E164;
  status: LetterStatus;
  /** The record the letter is about, for example `{ kind: 'order', id }`. */
  subject?: { kind: string; id: string } | undefined;
  providerMessageId?: string | undefined;
  /** Why the last send failed (the provider's error name and message). */
  error?: string | undefined;
  attempts: number;
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export interface LetterRef {
  branchId: string;
  customerId: string;
  id: string;
  createdAt: string;
}

export interface NewLetter {
  /** A caller that must not file the same letter twice (a retried duty) passes a stable id. */
  id?: string;
  branchId: string;
  customerId: string;
  to: E164;
  plan: SmsPlan;
  subject?: { kind: string; id: string };
}

export interface LetterStatusChange {
  status: LetterStatus;
  providerMessageId?: string;
  error?: string;
  /** A deferred letter's new send time. */
  sendAt?: string;
}
