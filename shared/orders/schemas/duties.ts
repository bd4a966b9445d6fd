import * as z from 'zod';
import { isoDateTime } from '../../kernel/schemas';

/**
 * The dispatcher's answer to a progress check (R-PRG-2): when the car is expected to be finished,
 * what went wrong (left out when nothing did; for the supervisor, never sent to the customer), a
 * note, and for a late car the reason the customer's SMS gives, in their words (else the
 * template's "the work needs more time" in their language). Nothing else: a misspelt field would
 * otherwise drop an anomaly silently.
 */
export const progressCheckAnswer = /* @__PURE__ */ z.strictObject({
  expectedFinish: isoDateTime.optional(),
  anomaly: z.string().trim().min(1).max(2000).optional(),
  note: z.string().max(2000).optional(),
  customerReason: z.string().trim().min(1).max(60).optional(),
});

/** Payload of a `delay-notice` duty: why and when (the new expected time, UTC ISO). */
export const delayNoticePayload = /* @__PURE__ */ z.object({
  reason: z.string().min(1).max(2000).optional(),
  expectedFinish: isoDateTime,
});
export type DelayNoticePayload = z.infer<typeof delayNoticePayload>;
