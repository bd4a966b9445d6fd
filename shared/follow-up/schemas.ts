import * as z from 'zod';
import { complaintCategory } from '../complaints/schemas';
import { auditFields, branchId, expectedVersion, isoDateTime, text, ulidId } from '../kernel/schemas';
import { staffRef } from '../reception/schemas/visit';

/**
 * After-sales follow-up 跟蹤服務 (R-FUP-1..6): the call record 跟蹤服務電話記錄表, kept in the call
 * register 跟蹤服務電話登記表, and the absences during which a delegate does an agent's duties.
 */

/**
 * What a follow-up call talks about: the seed's list (跟蹤服務 工作內容). The second call must
 * bring up something the first did not (R-FUP-3: "內容避免重復").
 */
export const callTopic = /* @__PURE__ */ z.enum([
  'vehicle-use',
  'service-opinion',
  'driving-maintenance-advice',
  'next-maintenance',
  'new-services',
  'offers',
  'other',
]);
export type CallTopic = z.infer<typeof callTopic>;

/**
 * Why the call happened: an outgoing follow-up, an incoming consultation or complaint (R-FUP-6:
 * every one goes into the call register), or telling the customer a solution (R-FUP-4).
 */
const callPurpose = /* @__PURE__ */ z.enum(['follow-up', 'consultation', 'complaint', 'solution']);

/** What the customer asked for, wished or complained about (R-FUP-4). */
const callItemKind = /* @__PURE__ */ z.enum(['request', 'wish', 'complaint']);

/**
 * - answered: answered during the call;
 * - open: could not be answered; the agent studies it and, still unsolved after 2 days, it goes
 *   to the supervisor (R-FUP-4);
 * - solved: a solution was found later; the customer is told the same day;
 * - case: a complaint left open: its complaint case (R-CMP-1, `complaintId`) carries it to an
 *   answer, a solution and the customer's satisfaction; a complaint item always opens a case,
 *   answered or not, so complaints are handled in one place.
 */
const callItemStatus = /* @__PURE__ */ z.enum(['answered', 'open', 'solved', 'case']);

const callItemInput = /* @__PURE__ */ z.strictObject({
  kind: callItemKind,
  text: text(1000).meta({ description: "The customer's words", example: '希望週末也能取車' }),
  answer: text(1000)
    .optional()
    .meta({ description: 'The answer given during the call; without one the item stays open (R-FUP-4)' }),
  category: complaintCategory.optional().meta({
    description: "A complaint item's category for its complaint case (R-CMP-1); other when left out",
  }),
});

const callItem = /* @__PURE__ */ z.object({
  id: z.string().meta({ description: 'Position in the call, 1-based, as a string' }),
  kind: callItemKind,
  text: z.string(),
  status: callItemStatus,
  answer: z.string().optional(),
  /** The `open-request` duty that carries an open item to a solution. */
  dutyId: z.string().optional(),
  solution: z.string().optional(),
  solvedAt: isoDateTime.optional(),
  solvedBy: staffRef.optional(),
  /** The `tell-customer` duty raised when the solution was found. */
  tellDutyId: z.string().optional(),
  /** R-CMP-1: the complaint case a complaint item opened (answered during the call or not). */
  complaintId: z.string().optional(),
});
export type CallItem = z.infer<typeof callItem>;

export const recordCallBody = /* @__PURE__ */ z
  .strictObject({
    customerId: ulidId,
    direction: z.enum(['outgoing', 'incoming']),
    purpose: callPurpose,
    /** The follow-up call or tell-customer duty this call does; it is completed with the call. */
    dutyId: ulidId.optional().meta({
      description: 'The duty this call carries out (a follow-up call, telling a solution); completed by it',
    }),
    at: isoDateTime
      .optional()
      .meta({ description: 'When the call took place; defaults to now; never in the future' }),
    durationMinutes: z.number().int().min(0).max(600).optional(),
    topics: z.array(callTopic).max(7).default([]).meta({
      description:
        'What the call covered; a follow-up names at least one, the second one something new (R-FUP-3)',
    }),
    keyPoints: text(4000).meta({ description: 'Key points of the conversation (R-FUP-4)' }),
    items: z.array(callItemInput).max(20).default([]).meta({
      description: 'Requests, wishes and complaints; those without an answer stay open (R-FUP-4)',
    }),
    vehicleCondition: text(1000).optional(),
    preferredContactTimes: text(120)
      .optional()
      .meta({ description: "The customer's preferred times, copied to the archive (R-FUP-5)" }),
  })
  .meta({ id: 'RecordCall' });
export type RecordCallBody = z.input<typeof recordCallBody>;

export const call = /* @__PURE__ */ z
  .object({
    id: ulidId,
    branchId,
    customerId: ulidId,
    customerName: z.string(),
    direction: z.enum(['outgoing', 'incoming']),
    purpose: callPurpose,
    /** 1 or 2 for the first and second follow-up after a visit (R-FUP-2/3). */
    round: z.number().int().min(1).max(2).optional(),
    dutyId: z.string().optional(),
    orderId: z.string().optional(),
    at: isoDateTime,
    durationMinutes: z.number().int().optional(),
    agent: staffRef,
    topics: z.array(callTopic),
    keyPoints: z.string(),
    items: z.array(callItem),
    vehicleCondition: z.string().optional(),
    preferredContactTimes: z.string().optional(),
    ...auditFields,
  })
  .meta({ id: 'Call' });
export type Call = z.infer<typeof call>;

export const solveCallItemBody = /* @__PURE__ */ z
  .strictObject({
    version: expectedVersion,
    solution: text(2000).meta({
      description: 'The solution found; the customer is told the same day (R-FUP-4)',
    }),
  })
  .meta({ id: 'SolveCallItem' });

/**
 * An absence of a staff member (R-FUP-1 "指定跟蹤業務員不在崗時"): from `from` to `until` the
 * delegate the supervisor chose does their open duties; when it ends, the duties the delegate
 * has not done go back.
 */
const absenceStatus = /* @__PURE__ */ z.enum(['scheduled', 'active', 'ended', 'cancelled']);

export const createAbsenceBody = /* @__PURE__ */ z
  .strictObject({
    staffId: ulidId.meta({ description: 'Who is away' }),
    delegateId: ulidId.meta({
      description: 'Who does their duties meanwhile: an active staff member of the branch',
    }),
    from: isoDateTime,
    until: isoDateTime,
    reason: text(200).optional().meta({ example: '年假' }),
  })
  .refine((b) => Date.parse(b.until) > Date.parse(b.from), {
    path: ['until'],
    message: 'until must be after from',
  })
  .refine((b) => b.staffId !== b.delegateId, {
    path: ['delegateId'],
    message: 'The delegate must be someone else',
  })
  .meta({ id: 'CreateAbsence' });
export type CreateAbsenceBody = z.input<typeof createAbsenceBody>;

export const absence = /* @__PURE__ */ z
  .object({
    id: ulidId,
    branchId,
    staff: staffRef,
    delegate: staffRef,
    from: isoDateTime,
    until: isoDateTime,
    reason: z.string().optional(),
    status: absenceStatus,
    /** Duties moved to the delegate so far, and moved back at the end. */
    movedDuties: z.number().int().min(0),
    returnedDuties: z.number().int().min(0),
    endedAt: isoDateTime.optional(),
    ...auditFields,
  })
  .meta({ id: 'Absence' });
export type Absence = z.infer<typeof absence>;

export const endAbsenceBody = /* @__PURE__ */ z
  .strictObject({ version: expectedVersion })
  .meta({ id: 'EndAbsence' });
