import * as z from 'zod';
import { customerId } from '../archive/schemas/customer';
import { vehicleId } from '../archive/schemas/vehicle';
import { auditFields, branchId, expectedVersion, isoDateTime, text, ulidId } from '../kernel/schemas';
import { staffRef } from '../reception/schemas/visit';

/**
 * Complaint cases 投訴處理 (R-CMP-1..4, reception rule 14): taken by phone, in person, from a
 * follow-up call's complaint item, from an SMS reply or a survey score; answered at once or
 * promised a response time 下次答復時間 (a duty that escalates when missed); solved (the customer is
 * told the same day); closed with the customer's satisfaction with the answer.
 */

const complaintId = /* @__PURE__ */ ulidId.meta({ description: 'Complaint case id (ULID)' });

const complaintStates = ['open', 'answered', 'solved', 'closed'] as const;
const complaintState = /* @__PURE__ */ z.enum(complaintStates).meta({
  description:
    'open (taken, waiting for its answer), answered (answer recorded), solved (solution recorded; the customer is told today), closed (satisfaction recorded)',
});
export type ComplaintState = z.infer<typeof complaintState>;

/** R-CMP-1, R-CMP-4: how the complaint reached the shop. */
const complaintChannel = /* @__PURE__ */ z
  .enum(['phone', 'in_person', 'call_item', 'sms_reply', 'survey'])
  .meta({
    description:
      'phone or in_person (R-CMP-1), call_item (a follow-up call’s complaint item, R-FUP-4), sms_reply or survey (R-CMP-4)',
  });
export type ComplaintChannel = z.infer<typeof complaintChannel>;

export const complaintCategory = /* @__PURE__ */ z
  .enum(['quality', 'service', 'price', 'waiting', 'staff', 'parts', 'other'])
  .meta({ description: 'What the complaint is about' });

/** R-CMP-3: whether the customer was satisfied with the answer. */
const complaintSatisfaction = /* @__PURE__ */ z
  .enum(['satisfied', 'neutral', 'dissatisfied', 'not_reachable'])
  .meta({ description: 'The customer’s satisfaction with the answer, or not_reachable' });

/** How the customer was told the promised response time 下次答復時間 (reception rule 14). */
const toldMethod = /* @__PURE__ */ z.enum(['in_person', 'phone', 'sms']);

const toldInput = /* @__PURE__ */ z.strictObject({
  method: toldMethod,
  at: isoDateTime.optional().meta({ description: 'When the customer was told; now when left out' }),
});

export const openComplaintBody = /* @__PURE__ */ z
  .strictObject({
    channel: complaintChannel,
    customerId,
    orderId: ulidId.optional().meta({ description: 'The repair order complained about' }),
    vehicleId: vehicleId.optional(),
    words: text(4000).meta({
      description: 'The customer’s own words (R-CMP-1)',
      example: '刹车片换了以后还是有异响,等了两个小时没人解释',
    }),
    category: complaintCategory,
    replyLetterId: ulidId
      .optional()
      .meta({ description: 'The inbound letter (SMS reply) it came from (R-CMP-4)' }),
    call: z
      .strictObject({ callId: ulidId, itemId: z.string().min(1).max(8) })
      .optional()
      .meta({ description: 'The follow-up call and its complaint item (channel call_item)' }),
    answer: text(4000).optional().meta({ description: 'The answer given at once (R-CMP-2)' }),
    respondBy: isoDateTime.optional().meta({
      description:
        'The promised response time 下次答復時間 (R-CMP-2): a duty for the owner, escalated to the supervisor when missed',
    }),
    told: toldInput.optional().meta({
      description: 'How and when the customer was told the promised response time',
    }),
    ownerId: z.string().min(1).max(64).optional().meta({
      description: 'Staff id of who answers it; who took it when left out',
    }),
  })
  .meta({ id: 'OpenComplaint' });
export type OpenComplaint = z.input<typeof openComplaintBody>;

export const answerComplaintBody = /* @__PURE__ */ z
  .strictObject({ version: expectedVersion, answer: text(4000) })
  .meta({ id: 'AnswerComplaint' });

export const promiseComplaintBody = /* @__PURE__ */ z
  .strictObject({
    version: expectedVersion,
    respondBy: isoDateTime.meta({ description: 'The (new) promised response time 下次答復時間' }),
    told: toldInput,
    ownerId: z.string().min(1).max(64).optional(),
  })
  .meta({ id: 'PromiseComplaintResponse' });

export const solveComplaintBody = /* @__PURE__ */ z
  .strictObject({ version: expectedVersion, solution: text(4000) })
  .meta({ id: 'SolveComplaint' });

export const closeComplaintBody = /* @__PURE__ */ z
  .strictObject({
    version: expectedVersion,
    satisfaction: complaintSatisfaction,
    note: text(1000).optional(),
  })
  .meta({ id: 'CloseComplaint' });

const promise = /* @__PURE__ */ z.object({
  respondBy: isoDateTime,
  dutyId: z.string(),
  told: z.object({ method: toldMethod, at: isoDateTime }).optional(),
  promisedBy: staffRef,
  at: isoDateTime,
});

export const complaint = /* @__PURE__ */ z
  .object({
    id: complaintId,
    branchId,
    state: complaintState,
    channel: complaintChannel,
    category: complaintCategory,
    customerId: z.string(),
    customerName: z.string(),
    orderId: z.string().optional(),
    vehicleId: z.string().optional(),
    words: z.string(),
    replyLetterId: z.string().optional(),
    call: z.object({ callId: z.string(), itemId: z.string() }).optional(),
    takenAt: isoDateTime,
    takenBy: staffRef,
    owner: z.object({ staffId: z.string() }),
    promise: promise.optional().meta({ description: 'The promised response time and its duty (R-CMP-2)' }),
    promises: z.number().int().min(0).meta({ description: 'How many times a response time was promised' }),
    answer: z
      .object({
        text: z.string(),
        at: isoDateTime,
        by: staffRef,
        minutes: z.number().int().meta({ description: 'Response time: taken → answered, in minutes' }),
        onTime: z.boolean().meta({ description: 'At once, or by the promised response time' }),
      })
      .optional(),
    solution: z
      .object({ text: z.string(), at: isoDateTime, by: staffRef, tellDutyId: z.string() })
      .optional(),
    closure: z
      .object({
        satisfaction: complaintSatisfaction,
        note: z.string().optional(),
        at: isoDateTime,
        by: staffRef,
      })
      .optional(),
    ...auditFields,
  })
  .meta({ id: 'Complaint' });
export type Complaint = z.infer<typeof complaint>;

export const complaintParams = /* @__PURE__ */ z.strictObject({ branchId, complaintId });
