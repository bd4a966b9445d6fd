import * as z from 'zod';
import { duty } from '../duty-engine/schemas';
import { branchId, expectedVersion, isoDateTime, text, ulidId } from '../kernel/schemas';
import { isE164 } from '../platform/ports/sms';

/**
 * Customers' SMS replies (R-SELF-3): the inbound notification End User Messaging SMS two-way
 * messaging publishes to the inbound SNS topic, and the staff inbox's requests.
 */
const e164 = /* @__PURE__ */ z.string().refine(isE164, 'Not an E.164 number');

/**
 * The SNS message body of one inbound SMS (pinpoint-sms-voice-v2 two-way). Unknown fields are
 * allowed (the service may add some); the ones acted on are required and checked.
 */
export const inboundSms = /* @__PURE__ */ z.object({
  originationNumber: e164,
  destinationNumber: z.string().min(1).max(40),
  messageBody: z.string().max(1600),
  inboundMessageId: z.string().min(1).max(200),
  messageKeyword: z.string().max(100).optional(),
  previousPublishedMessageId: z.string().max(200).optional(),
});
export type InboundSms = z.infer<typeof inboundSms>;

/** The local stand-in for the topic (POST /local/inbound-sms): who wrote, what, and an optional id. */
export const localInboundSms = /* @__PURE__ */ z.strictObject({
  from: e164,
  body: z.string().max(1600),
  id: z.string().min(1).max(200).optional(),
  to: z.string().min(1).max(40).optional(),
});

export const replyParams = /* @__PURE__ */ z.strictObject({ branchId, dutyId: ulidId });

/**
 * R-SELF-3: the staff answer to a reply, free text or a reply template; it goes as an SMS through
 * the letter register (paced, quiet hours kept) and completes the duty.
 */
export const answerReplyBody = /* @__PURE__ */ z
  .strictObject({
    version: expectedVersion,
    text: text(400)
      .optional()
      .meta({ description: 'Free text; at most the policy segment limit (replies.answerMaxSegments)' }),
    template: z
      .enum(['thanks', 'call-back', 'car-ready-soon'])
      .optional()
      .meta({ description: 'A reply template instead of free text' }),
  })
  .refine((b) => (b.text === undefined) !== (b.template === undefined), {
    message: 'Give either text or template',
    path: ['text'],
  });

export const answerReplyResult = /* @__PURE__ */ z
  .object({
    duty,
    answer: z.object({ dutyId: ulidId, text: z.string(), sendAt: isoDateTime }),
  })
  .meta({ id: 'ReplyAnswer' });

/**
 * R-SELF-3: staff put an opted-out phone back only with the customer's recorded consent: who gave
 * it, when and how.
 */
export const optInBody = /* @__PURE__ */ z.strictObject({
  phone: e164.meta({ description: 'The phone, E.164', example: '+8613800138000' }),
  consentBy: text(80).optional().meta({ description: 'Who gave consent (the customer, by name)' }),
  consentAt: isoDateTime.optional(),
  consentHow: z.enum(['in_person', 'phone_call', 'written']).optional(),
  note: text(400).optional(),
});

export const phoneOptOut = /* @__PURE__ */ z
  .object({
    phone: z.string(),
    optedOut: z.boolean(),
    history: z.array(
      z.object({
        change: z.enum(['out', 'in']),
        at: isoDateTime,
        how: z.string(),
        by: z.string(),
        consent: z.string().optional(),
      }),
    ),
    version: z.number().int().positive(),
  })
  .meta({ id: 'PhoneOptOut' });

/** R-SELF-3: a reply from a phone no branch has on file, in the chain-level queue. */
export const chainReply = /* @__PURE__ */ z
  .object({
    id: z.string(),
    from: z.string(),
    to: z.string(),
    text: z.string(),
    providerMessageId: z.string(),
    outcome: z.string().meta({ description: 'opt-out, opt-in, confirm or staff' }),
    receivedAt: isoDateTime,
  })
  .meta({ id: 'ChainReply' });
export type ChainReply = z.infer<typeof chainReply>;
