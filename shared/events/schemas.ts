import * as z from 'zod';
import { branchId } from '../kernel/schemas';

/**
 * The domain events other systems of the chain subscribe to (issue 5 item 6, R-RPT): the key
 * changes of an order, an SMS sent, a duty dead-lettered. This file is the contract: one strict
 * schema per `detail-type`, so a field added here is a field published, and nothing else is.
 *
 * - Source: one, `auto-repair` (`eventSource` of shared/platform/ports/events.ts), for every branch; the branch is `detail.branchId`. A rule selects
 *   a branch with `{ "detail": { "branchId": ["SZ"] } }` as easily as by source, and IAM can pin
 *   the publisher to the one source (`events:source`).
 * - `detail.eventId` is derived from the stream record's id, so a record delivered twice (a
 *   retried batch) publishes events with the same id: subscribers deduplicate on it. EventBridge's
 *   own event `id` is new on every PutEvents and cannot serve.
 * - The event's `time` is the business time (when the customer confirmed, when the car left),
 *   not when the change reached the stream.
 * - PII minimisation: ids and figures only. No phone number, name, plate or SMS text leaves the
 *   service; a subscriber that needs them asks the API with its own authorization.
 */
const base = {
  eventId: z.string().min(1).meta({ description: 'Stable across redeliveries; deduplicate on it' }),
  branchId,
};
const id = /* @__PURE__ */ z.string().min(1);
const isoTime = /* @__PURE__ */ z.string().min(1);
const money = /* @__PURE__ */ z.number().int().meta({ description: 'Minor units of `currency`' });

export const eventDetails = {
  /** R-RO-1: the customer confirmed (signed) the order; work may start. */
  OrderConfirmed: z.strictObject({
    ...base,
    orderId: id,
    customerId: id,
    vehicleId: id,
    promisedAt: isoTime,
    repairCategory: z.string().optional(),
    vehicleType: z.string().optional(),
    total: money,
    currency: z.string(),
  }),
  /** R-ADD: the customer approved or declined an add-on item. */
  AddOnAnswered: z.strictObject({
    ...base,
    orderId: id,
    addOnId: id,
    decision: z.enum(['approved', 'declined']),
    price: money,
    currency: z.string(),
    safetyRelated: z.boolean(),
    extraMinutes: z.number().int().min(0),
    channel: z.string().optional(),
  }),
  /** R-PKP-1: the car passed inspection; `onTime` against the promised time. */
  OrderReady: z.strictObject({
    ...base,
    orderId: id,
    promisedAt: isoTime,
    onTime: z.boolean(),
  }),
  /** R-PKP-4: the bill was issued; `outstanding` is the receivable 欠收 at that moment. */
  OrderSettled: z.strictObject({
    ...base,
    orderId: id,
    customerId: id,
    /** The customer declined the work (R-REC-2): the bill holds the fees only. */
    declined: z.boolean(),
    currency: z.string(),
    total: money,
    discount: money,
    deposit: money,
    amountDue: money,
    paid: money,
    outstanding: money,
  }),
  /** R-PKP-5: the car left; the order is closed. */
  OrderExited: z.strictObject({
    ...base,
    orderId: id,
    customerId: id,
    vehicleId: id,
    repaired: z.boolean(),
    warrantyUntil: isoTime.optional(),
    nextMaintenanceDate: z.string().optional(),
  }),
  /** R-X-1: the SMS provider accepted a letter. No number, no text. */
  SmsSent: z.strictObject({
    ...base,
    letterId: id,
    customerId: id,
    templateId: z.string(),
    locale: z.string(),
    kind: z.string(),
    segments: z.number().int().min(0),
    subject: z.strictObject({ kind: z.string(), id }).optional(),
  }),
  /** R-X-3: a duty failed its last attempt; someone must act on it. */
  DutyDeadLettered: z.strictObject({
    ...base,
    dutyId: id,
    kind: z.string(),
    subject: z.strictObject({ kind: z.string(), id }),
    attempts: z.number().int().min(0),
    dueAt: isoTime,
    assignee: z.string().optional(),
  }),
} as const;

export type DetailType = keyof typeof eventDetails;
export const detailTypes = Object.keys(eventDetails) as DetailType[];
export type DetailOf<T extends DetailType> = z.infer<(typeof eventDetails)[T]>;

/** One domain event, before a transport (EventBridge, the local log) carries it. */
export type DomainEvent = {
  [T in DetailType]: {
    /** Equals `detail.eventId`. */
    id: string;
    detailType: T;
    /** Business time, ISO-8601 UTC. */
    time: string;
    detail: DetailOf<T>;
  };
}[DetailType];
