import * as z from 'zod';
import { expectedVersion, isoDateTime, pageQuery, text, ulidId } from '../../kernel/schemas';
import { orderStates } from '../rules/state-machine';
import { feeLineInput, lineInput, pricingMethod } from './lines';
import { customerConfirmation, handover, repairCategory, transfer } from './order';

/**
 * Request bodies of the repair order's creation and of its actions up to the inspector's queue
 * (R-RO-1..5, R-WS-2/4/5, R-REC-2). Every action body carries the `version` the caller read
 * (R-ACC-5). Times may carry any offset; the store keeps them in UTC (R-X-2).
 */
const staffId = /* @__PURE__ */ ulidId.meta({ description: 'Staff id (ULID)' });

export const createOrderBody = /* @__PURE__ */ z
  .strictObject({
    estimateId: ulidId.meta({ description: 'The estimate the order is made from (R-RO-1)' }),
    promisedAt: isoDateTime.meta({
      description: 'Promised completion; must leave the buffer after the planned work and parts (R-RO-2)',
    }),
    otherRequests: text(1000).optional().meta({ description: "The customer's other requests (R-RO-1)" }),
    repairCategory: repairCategory.default('repair'),
  })
  .meta({ id: 'CreateOrder' });

export const reviseOrderBody = /* @__PURE__ */ z
  .strictObject({
    version: expectedVersion,
    lines: z.array(lineInput).min(1).max(100).optional().meta({ description: 'Replaces every line' }),
    pricingMethod: pricingMethod.optional(),
    riskPremiumPercent: z.number().min(0).max(100).optional(),
    promisedAt: isoDateTime.optional(),
    otherRequests: text(1000).nullable().optional().meta({ description: 'null clears it' }),
  })
  .refine((b) => Object.keys(b).some((k) => k !== 'version'), {
    message: 'Give at least one field to change',
  })
  .meta({ id: 'ReviseOrder', description: 'Changes a draft order; lines are priced again by the server' });

export const confirmOrderBody = /* @__PURE__ */ z
  .strictObject({
    version: expectedVersion,
    by: text(80).meta({ description: 'Who confirmed: the customer or their representative' }),
    method: customerConfirmation.shape.method,
    at: isoDateTime.optional().meta({ description: 'When the customer confirmed; now when left out' }),
  })
  .meta({ id: 'ConfirmOrder', description: "The customer's confirmation (signature) of the order (R-RO-1)" });

export const cancelOrderBody = /* @__PURE__ */ z
  .strictObject({ version: expectedVersion, reason: text(500) })
  .meta({ id: 'CancelOrder', description: 'Cancels a draft or confirmed order (before work starts)' });

/** R-REC-2: what a customer who declines pays: a diagnosis or estimate fee, or nothing. */
const declineFeeInput = /* @__PURE__ */ feeLineInput.extend({ feeType: z.enum(['diagnosis', 'estimate']) });

export const declineOrderBody = /* @__PURE__ */ z
  .strictObject({
    version: expectedVersion,
    reason: text(500).optional(),
    fees: z
      .array(declineFeeInput)
      .max(5)
      .default([])
      .meta({ description: 'Diagnosis or estimate fees charged; the order keeps only these lines' }),
  })
  .meta({
    id: 'DeclineOrder',
    description:
      'The customer declines the work after diagnosis or estimate (R-REC-2): the order keeps the fees, is settled and the car leaves with an exit notice',
  });

const document = /* @__PURE__ */ z.strictObject({
  name: text(80),
  present: z.boolean(),
  note: text(200).optional(),
});

export const recordHandoverBody = /* @__PURE__ */ z
  .strictObject({
    version: expectedVersion,
    documents: z.array(document).max(30).meta({ description: 'Vehicle documents checked (R-RO-3)' }),
    documentDiscrepancies: text(1000).optional(),
    discrepanciesSignedBy: text(80)
      .optional()
      .meta({ description: 'The customer who signed for the discrepancies; required when there are any' }),
    inspectionNotes: text(2000)
      .optional()
      .meta({ description: 'Visual inspection of body, interior, gauges' }),
    belongings: z
      .array(z.strictObject({ item: text(80), quantity: z.number().int().positive().max(1000) }))
      .max(100),
    belongingsConfirmedBy: text(80).meta({ description: 'Customer who signed the belongings list' }),
    keyTag: text(20),
    keySlot: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]{1,20}$/, 'Use 1-20 letters, digits or hyphens')
      .transform((slot) => slot.toUpperCase())
      .meta({ description: 'Key cabinet slot (case does not matter); a slot never holds two keys' }),
    fuelLevel: handover.shape.fuelLevel,
    odometerKm: z.number().int().min(0).max(2_000_000),
    odometerCorrectionReason: text(500)
      .optional()
      .meta({ description: "Required when the reading is below the vehicle's last one" }),
  })
  .superRefine((b, ctx) => {
    const missing = b.documents.some((d) => !d.present);
    if ((missing || b.documentDiscrepancies) && !b.discrepanciesSignedBy) {
      ctx.addIssue({
        code: 'custom',
        path: ['discrepanciesSignedBy'],
        message: 'Document discrepancies are signed for by the customer (R-RO-3)',
      });
    }
  })
  .meta({ id: 'RecordHandover', description: 'The handover of the car at reception (R-RO-3)' });

export const transferOrderBody = /* @__PURE__ */ z
  .strictObject({
    version: expectedVersion,
    washed: z
      .literal(true, { error: 'The car is washed before it goes to the workshop (R-RO-4)' })
      .meta({ description: 'Confirms the car was washed (R-RO-4: 清洗後送入車間)' }),
    receivedBy: staffId.meta({ description: 'The dispatcher of this branch who received the car' }),
    receivedAt: isoDateTime.optional().meta({
      description: 'When the workshop received the car; now when left out, else within 10 min of now',
    }),
    mode: transfer.shape.mode,
    teamId: staffId.optional().meta({
      description: 'single_team only: the team (its lead) chosen; the least loaded team when left out',
    }),
  })
  .refine((b) => b.mode === 'single_team' || b.teamId === undefined, {
    path: ['teamId'],
    message: 'A multi-team order goes to the workshop supervisor, who assigns the teams',
  })
  .meta({ id: 'TransferOrder', description: 'Hands the car and the order to the workshop (R-RO-4)' });

export const assignTeamsBody = /* @__PURE__ */ z
  .strictObject({
    version: expectedVersion,
    teamIds: z
      .array(staffId)
      .min(1)
      .max(10)
      .refine((ids) => new Set(ids).size === ids.length, 'A team is listed twice')
      .meta({ description: 'Every team on the order after this call (team leads’ staff ids)' }),
  })
  .meta({ id: 'AssignTeams', description: 'Sets the teams working on the order (R-WS-2)' });

export const requestPartsBody = /* @__PURE__ */ z
  .strictObject({
    version: expectedVersion,
    teamId: staffId
      .optional()
      .meta({ description: "The team on the order the parts are for; a team lead's own team when left out" }),
    items: z
      .array(
        z.strictObject({
          description: text(200),
          partNo: text(60).optional(),
          quantity: z.number().positive().max(10_000),
        }),
      )
      .min(1)
      .max(50),
  })
  .meta({ id: 'RequestParts', description: 'A team asks the parts clerk for parts (R-WS-5)' });

export const deliverPartsBody = /* @__PURE__ */ z
  .strictObject({
    version: expectedVersion,
    requestId: z.string().min(1).max(40),
    receivedBy: text(80).meta({
      description: 'Team member who took the parts (R-WS-5: delivered to the team)',
    }),
  })
  .meta({ id: 'DeliverParts', description: 'The parts clerk delivers a parts request to the team (R-WS-5)' });

export const completeWorkBody = /* @__PURE__ */ z
  .strictObject({
    version: expectedVersion,
    teamId: staffId
      .optional()
      .meta({ description: "The team that finished; a team lead's own team when left out" }),
  })
  .meta({ id: 'CompleteWork', description: 'A team marks its work done (R-WS-4)' });

export const movePromiseBody = /* @__PURE__ */ z
  .strictObject({ version: expectedVersion, promisedAt: isoDateTime, reason: text(500) })
  .meta({ id: 'MovePromise', description: 'Moves the promised completion time, with the reason' });

export const jobBoardQuery = /* @__PURE__ */ z.strictObject({
  state: z.enum(orderStates).optional().meta({
    description:
      'One column of the board (quality_check is the inspector queue; exited and cancelled list closed orders); left out, every open job grouped by state in lifecycle order, earliest promise first',
  }),
  ...pageQuery,
});

export type CreateOrder = z.infer<typeof createOrderBody>;
export type ReviseOrder = z.infer<typeof reviseOrderBody>;
export type ConfirmOrder = z.infer<typeof confirmOrderBody>;
export type CancelOrder = z.infer<typeof cancelOrderBody>;
export type DeclineOrder = z.infer<typeof declineOrderBody>;
export type RecordHandover = z.infer<typeof recordHandoverBody>;
export type TransferOrder = z.infer<typeof transferOrderBody>;
export type AssignTeams = z.infer<typeof assignTeamsBody>;
export type RequestParts = z.infer<typeof requestPartsBody>;
export type DeliverParts = z.infer<typeof deliverPartsBody>;
export type CompleteWork = z.infer<typeof completeWorkBody>;
export type MovePromise = z.infer<typeof movePromiseBody>;
