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
  /** Why a letter was suppressed when it was due (R-SELF-3: the phone opted out by reply). */
  reason?: string | undefined;
  /**
   * R-SELF-1: the self-service link the SMS carries (its id; the token is never stored: the text
   * holds 22 `*` where it stands, and the send path mints it again from this id).
   */
  linkId?: string | undefined;
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
  /** R-SELF-1: the link the text carries (masked), issued in the same transaction. */
  linkId?: string;
}

export interface LetterStatusChange {
  status: LetterStatus;
  /** Why, for a suppression (R-SELF-3). */
  reason?: string;
  providerMessageId?: string;
  error?: string;
  /** A deferred letter's new send time. */
  sendAt?: string;
}

/**
 * An inbound SMS, the customer's reply (R-SELF-3, R-FUP-6): in the letter register and the
 * customer's partition (their timeline, R-ARC-4) next to the letters sent, with the message it
 * answers and what was done with it.
 */
export interface InboundLetter {
  direction: 'inbound';
  id: string;
  branchId: string;
  customerId: string;
  from: E164;
  /** The chain's number it was sent to. */
  to: string;
  text: string;
  templateId: 'inbound';
  status: 'received';
  /** The provider's inbound message id (the idempotency key of the handling, R-X-3). */
  providerMessageId: string;
  /** The outbound letter it answers: the phone's latest (R-SELF-3). */
  inReplyTo?:
    | { letterId: string; templateId: string; subject?: { kind: string; id: string } | undefined }
    | undefined;
  subject?: { kind: string; id: string } | undefined;
  /** What the reply did: opt-out, opt-in, confirmation, or staff (a customer-reply duty). */
  outcome: string;
  attempts: 0;
  version: 1;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

/** A phone's opt-out by reply (R-SELF-3), chain-wide, with every change and its consent. */
export interface PhoneOptOut {
  phone: E164;
  optedOut: boolean;
  history: { change: 'out' | 'in'; at: string; how: string; by: string; consent?: string | undefined }[];
  version: number;
}

/** The phone's latest outbound letter of the chain (R-SELF-3): what a reply answers. */
export interface LastOutbound {
  phone: E164;
  branchId: string;
  customerId: string;
  letterId: string;
  letterCreatedAt: string;
  templateId: string;
  subject?: { kind: string; id: string } | undefined;
  sentAt: string;
}
