import * as z from 'zod';
import { expectedVersion, isoDate, isoDateTime, text, ulidId } from '../../kernel/schemas';
import { exitDocuments } from '../rules/settlement';
import { feeLineInput, lineInput, pricedLine } from './lines';
import { addOn, payment } from './order';

/**
 * Request bodies of the order's completion actions: add-on items (R-ADD), inspection (R-PKP-1,
 * inputs of R-QC), pickup preparation, discount, settlement and payments (R-PKP-4), exit
 * (R-PKP-5); and the declined work offered again at the next visit (R-ADD-2). Every body carries
 * the version read (R-ACC-5) and is strict: a client sending an amount, a total or a discount
 * the server computes or a supervisor approves gets a 400 naming the field.
 */
const money = /* @__PURE__ */ z
  .number()
  .int()
  .min(0)
  .max(100_000_000_00)
  .meta({ description: 'Minor units (fen/cents)' });

export const raiseAddOnBody = /* @__PURE__ */ z
  .strictObject({
    version: expectedVersion,
    description: text(200),
    reason: text(1000).meta({ description: 'Why the workshop needs it (explained to the customer)' }),
    lines: z.array(lineInput).min(1).max(30).meta({ description: 'Priced by the server' }),
    extraMinutes: z
      .number()
      .int()
      .min(0)
      .max(60 * 24 * 60)
      .meta({ description: 'Delay the item causes; approval moves the promised time by it (R-ADD-3)' }),
    safetyRelated: z.boolean().meta({ description: 'Flagged to the customer (R-ADD-1)' }),
    offerOf: ulidId.optional().meta({
      description:
        "Id of this vehicle's open declined work offered again; approving this item closes that offer",
    }),
  })
  .meta({ id: 'RaiseAddOn' });
export type RaiseAddOn = z.infer<typeof raiseAddOnBody>;

const answer = /* @__PURE__ */ addOn.shape.answer.unwrap().shape;

export const answerAddOnBody = /* @__PURE__ */ z
  .strictObject({
    version: expectedVersion,
    addOnId: ulidId,
    decision: answer.decision,
    // `link` is the customer's own answer through their link (R-SELF-1), never an advisor's entry.
    channel: answer.channel.exclude(['link']),
    customerContactedAt: isoDateTime.meta({ description: 'When the customer was reached' }),
    workshopToldAt: isoDateTime.meta({
      description: 'When the workshop got the supplementary order, or was told of the refusal (R-ADD-2)',
    }),
    workshopToldWho: text(80).meta({ description: 'Who in the workshop was told' }),
    note: text(1000).optional(),
  })
  .superRefine((body, ctx) => {
    if (Date.parse(body.workshopToldAt) < Date.parse(body.customerContactedAt)) {
      ctx.addIssue({
        code: 'custom',
        path: ['workshopToldAt'],
        message: 'The workshop is told after the customer answered, not before customerContactedAt',
      });
    }
  })
  .meta({ id: 'AnswerAddOn' });
export type AnswerAddOn = z.infer<typeof answerAddOnBody>;

const inspectionFields = {
  version: expectedVersion,
  assembliesInspected: z
    .number()
    .int()
    .min(0)
    .max(100)
    .meta({ description: 'Assemblies inspected besides the car (R-QC-1 workload)' }),
  recordComplete: z.boolean().meta({ description: 'The inspection record is complete (R-QC-3)' }),
};

export const passInspectionBody = /* @__PURE__ */ z
  .strictObject({ ...inspectionFields, findings: text(2000).optional() })
  .meta({ id: 'PassInspection' });
export const failInspectionBody = /* @__PURE__ */ z
  .strictObject({ ...inspectionFields, findings: text(2000).meta({ description: 'What the team must fix' }) })
  .meta({ id: 'FailInspection' });
export type InspectionInput = z.infer<typeof passInspectionBody>;

export const preparePickupBody = /* @__PURE__ */ z
  .strictObject({
    version: expectedVersion,
    cleaned: z.boolean(),
    belongingsChecked: z.boolean(),
    billsCollected: z.boolean().meta({ description: 'Bills of the workshop and parts collected (R-PKP-1)' }),
  })
  .meta({ id: 'PreparePickup' });
export type PreparePickup = z.infer<typeof preparePickupBody>;

export const approveDiscountBody = /* @__PURE__ */ z
  .strictObject({
    version: expectedVersion,
    amount: money.min(1),
    reason: text(500),
  })
  .meta({ id: 'ApproveDiscount' });
export type ApproveDiscount = z.infer<typeof approveDiscountBody>;

export const settleBody = /* @__PURE__ */ z
  .strictObject({
    version: expectedVersion,
    fees: z.array(feeLineInput).max(20).default([]).meta({
      description: 'Fees added at the desk; a declined order bills its diagnosis or estimate fee here',
    }),
  })
  .meta({
    id: 'Settle',
    description:
      'The server computes lines, totals and the amount due; the discount is the one a supervisor approved on the order, the deposit the payments recorded before it.',
  });
export type Settle = z.infer<typeof settleBody>;

export const recordPaymentBody = /* @__PURE__ */ z
  .strictObject({
    version: expectedVersion,
    amount: money.min(1),
    method: payment.shape.method,
    reference: text(100).optional(),
  })
  .meta({ id: 'RecordPayment' });
export type RecordPayment = z.infer<typeof recordPaymentBody>;

export const exitBody = /* @__PURE__ */ z
  .strictObject({
    version: expectedVersion,
    documentsHandedOver: z
      .array(z.enum(exitDocuments))
      .max(exitDocuments.length)
      .refine((docs) => new Set(docs).size === docs.length, 'List each document once'),
    customerConfirmedBy: text(80).meta({ description: 'Who signed for the car' }),
    belongingsChecked: z.boolean().meta({ description: 'The customer checked the car and belongings' }),
    nextMaintenanceDate: isoDate.optional().meta({
      description: "Overrides the date from the vehicle's maintenance cycle",
    }),
  })
  .meta({ id: 'Exit' });
export type ExitInput = z.infer<typeof exitBody>;

/** R-ADD-2: work a customer declined, kept on the vehicle and offered again at the next visit. */
export const declinedWork = /* @__PURE__ */ z
  .object({
    id: z.string().meta({ description: 'Id of the add-on item first declined' }),
    branchId: z.string(),
    vehicleId: z.string(),
    orderId: z.string().meta({ description: 'Order of the latest refusal' }),
    addOnId: z.string().meta({ description: 'Add-on item of the latest refusal' }),
    description: z.string(),
    reason: z.string(),
    lines: z.array(pricedLine).meta({ description: 'The priced lines, as last quoted' }),
    price: z.number().int().meta({ description: 'Minor units, as last quoted' }),
    currency: z.string(),
    safetyRelated: z.boolean(),
    declinedAt: isoDateTime,
    timesDeclined: z.number().int().min(1),
    status: z.enum(['open', 'closed']),
    closedAt: isoDateTime.optional(),
    closedByOrderId: z.string().optional(),
  })
  .meta({ id: 'DeclinedWork' });
export type DeclinedWork = z.infer<typeof declinedWork>;
