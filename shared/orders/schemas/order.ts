import * as z from 'zod';
import { auditFields, isoDateTime, ulidId } from '../../kernel/schemas';
import { orderStates } from '../rules/state-machine';
import { pricedLine, pricingMethod, totals } from './lines';

/**
 * The repair order 進廠維修單 (R-RO) and everything that happens to it, kept in one item so that
 * reading an order is one request and every action is one read and one transaction. Sub-records
 * (handover, add-ons, inspections, settlement, payments, exit) live inside it.
 */
export const orderId = /* @__PURE__ */ ulidId.meta({ description: 'Repair order id (ULID)' });

const staffRef = /* @__PURE__ */ z.object({ staffId: z.string(), name: z.string() });

/** R-RO-1: the customer's confirmation (signature) before work starts. */
export const customerConfirmation = /* @__PURE__ */ z.object({
  by: z.string().meta({ description: 'Who confirmed: the customer or their representative' }),
  at: isoDateTime,
  method: z.enum(['signature', 'sms', 'phone', 'in_person']),
  recordedBy: staffRef,
});

/** R-RO-3: handover records. */
export const handover = /* @__PURE__ */ z.object({
  documents: z.array(z.object({ name: z.string(), present: z.boolean(), note: z.string().optional() })),
  documentDiscrepancies: z.string().optional(),
  discrepanciesSignedBy: z.string().optional(),
  inspectionNotes: z.string().optional(),
  belongings: z.array(z.object({ item: z.string(), quantity: z.number().int().positive() })),
  belongingsConfirmedBy: z.string().meta({ description: 'Customer who signed the belongings list' }),
  keyTag: z.string(),
  keySlot: z.string().meta({ description: 'Key cabinet slot; a slot never holds two keys' }),
  fuelLevel: z.number().int().min(0).max(8).meta({ description: 'Eighths of a tank, 0-8' }),
  odometerKm: z.number().int().min(0),
  odometerCorrectionReason: z.string().optional(),
  recordedBy: staffRef,
  at: isoDateTime,
});

/** R-RO-4 / R-WS-2: transfer to the workshop and team assignment. */
export const transfer = /* @__PURE__ */ z.object({
  washed: z.boolean(),
  receivedBy: staffRef.meta({ description: 'Dispatcher or workshop supervisor who received the car' }),
  receivedAt: isoDateTime,
  mode: z.enum(['single_team', 'multi_team']),
  recordedBy: staffRef,
});

const teamAssignment = /* @__PURE__ */ z.object({
  teamId: z.string().meta({ description: 'Staff id of the team lead' }),
  teamName: z.string(),
  assignedAt: isoDateTime,
  assignedBy: staffRef,
  doneAt: isoDateTime.optional(),
});

/** R-WS-5: parts requests from the workshop to the parts clerk, tracked until delivered. */
const partsRequest = /* @__PURE__ */ z.object({
  id: z.string(),
  items: z.array(
    z.object({ description: z.string(), partNo: z.string().optional(), quantity: z.number().positive() }),
  ),
  requestedBy: staffRef,
  /** The team on the order the parts are for (R-WS-5); its completion waits for them. */
  teamId: z.string().optional(),
  teamName: z.string().optional(),
  requestedAt: isoDateTime,
  status: z.enum(['requested', 'delivered']),
  deliveredBy: staffRef.optional(),
  deliveredAt: isoDateTime.optional(),
  receivedBy: z.string().optional().meta({ description: 'Team member who took the parts' }),
});

/** R-ADD: an add-on repair item 追加維修項目 raised by the workshop. */
export const addOn = /* @__PURE__ */ z.object({
  id: z.string(),
  description: z.string(),
  reason: z.string(),
  lines: z.array(pricedLine),
  price: z.number().int().meta({
    description: "What approving it adds to the bill: the lines plus the order's risk premium, minor units",
  }),
  extraMinutes: z.number().int().min(0).meta({ description: 'Delay the item causes' }),
  safetyRelated: z.boolean(),
  raisedBy: staffRef,
  raisedAt: isoDateTime,
  status: z.enum(['pending', 'approved', 'declined']),
  offerOf: z
    .string()
    .optional()
    .meta({ description: 'The declined work of an earlier visit this item offers again (R-ADD-2)' }),
  answer: z
    .object({
      decision: z.enum(['approved', 'declined']),
      customerContactedAt: isoDateTime,
      channel: z.enum(['phone', 'sms', 'in_person', 'self_service', 'link']).meta({
        description:
          "How the customer answered; `link`: themselves, through the SMS's self-service link (R-SELF-1)",
      }),
      recordedBy: staffRef,
      workshopToldAt: isoDateTime.meta({
        description: 'When the workshop was told (supplementary order handed over, or told of the refusal)',
      }),
      workshopToldWho: z.string().meta({ description: 'Who in the workshop was told' }),
      note: z.string().optional(),
    })
    .optional(),
});

/** R-PKP-1 and the inputs of R-QC: one inspection of the finished car. */
const inspection = /* @__PURE__ */ z.object({
  id: z.string(),
  inspector: staffRef,
  result: z.enum(['pass', 'fail']),
  findings: z.string().optional(),
  assembliesInspected: z
    .number()
    .int()
    .min(0)
    .meta({ description: 'Assemblies inspected besides the car (R-QC-1 workload)' }),
  recordComplete: z.boolean().meta({ description: 'The inspection record is complete (R-QC-3)' }),
  filedAt: isoDateTime,
  workDoneAt: isoDateTime.meta({
    description: 'When the team finished; with filedAt gives the record timeliness (R-QC-3)',
  }),
});

/** R-PKP-1: preparations before the customer is told. */
const pickupPreparation = /* @__PURE__ */ z.object({
  cleaned: z.boolean(),
  belongingsChecked: z.boolean(),
  billsCollected: z.boolean(),
  recordedBy: staffRef,
  at: isoDateTime,
});

/** R-PKP-4: a discount needs the supervisor's approval, recorded on the order. */
const discount = /* @__PURE__ */ z.object({
  amount: z.number().int().positive(),
  reason: z.string(),
  approvedBy: staffRef,
  approvedAt: isoDateTime,
});

/** R-PKP-4: the settlement 維修結算單. */
const settlement = /* @__PURE__ */ z.object({
  lines: z.array(pricedLine),
  totals,
  discount: z.number().int().min(0),
  deposit: z.number().int().min(0).meta({ description: 'Deposit already paid, deducted' }),
  amountDue: z.number().int().meta({ description: 'total − discount − deposit' }),
  paid: z.number().int().meta({ description: 'Sum of the payments' }),
  outstanding: z.number().int().meta({ description: 'Receivable 欠收: amountDue − paid' }),
  currency: z.string(),
  issuedBy: staffRef,
  issuedAt: isoDateTime,
});

export const payment = /* @__PURE__ */ z.object({
  id: z.string(),
  amount: z.number().int().positive(),
  method: z.enum(['cash', 'card', 'wechat_pay', 'alipay', 'octopus', 'fps', 'bank_transfer', 'account']),
  reference: z.string().optional(),
  /** A deposit was paid before the settlement, which deducts it (R-PKP-4). */
  deposit: z.boolean().optional(),
  receivedBy: staffRef,
  at: isoDateTime,
});

/** R-PKP-5: the exit 出廠: documents handed over and the customer's final confirmation. */
const exitRecord = /* @__PURE__ */ z.object({
  documentsHandedOver: z.array(
    z.enum(['exit_notice', 'repair_order', 'settlement', 'warranty', 'vehicle_documents', 'keys']),
  ),
  customerConfirmedBy: z.string(),
  belongingsChecked: z.boolean(),
  warranty: z.object({ until: isoDateTime, km: z.number().int().optional(), excludes: z.array(z.string()) }),
  nextMaintenanceDate: z.iso.date().optional(),
  recordedBy: staffRef,
  at: isoDateTime,
});

/** R-REC-2: the customer declined after diagnosis or estimate. */
const declineRecord = /* @__PURE__ */ z.object({
  reason: z.string().optional(),
  recordedBy: staffRef,
  at: isoDateTime,
});

const cancellation = /* @__PURE__ */ z.object({ reason: z.string(), recordedBy: staffRef, at: isoDateTime });

/**
 * The ids of the order's duties (shared/orders/duties/lifecycle.ts schedules them in the order's
 * own transactions): none before the transfer to the workshop.
 */
const orderDutyRefs = /* @__PURE__ */ z.object({
  pickupNotice: z.string().min(1).optional().meta({ description: 'The pickup notice SMS (R-PKP-2)' }),
  progressCheck: z
    .string()
    .min(1)
    .optional()
    .meta({ description: "The receiving dispatcher's progress check (R-PRG-1)" }),
  inspection: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'The inspection the car waits for once every team is done (R-WS-4, R-QC-3)' }),
});

/** Repair category 維修類別, by which reports count cars (R-RPT-1). */
export const repairCategory = /* @__PURE__ */ z
  .enum(['maintenance', 'repair', 'accident', 'warranty', 'inspection', 'other'])
  .meta({ description: 'Repair category 維修類別 for the reports (R-RPT-1)' });

export const order = /* @__PURE__ */ z
  .object({
    id: orderId,
    branchId: z.string(),
    currency: z.string(),
    state: z.enum(orderStates),
    customerId: z.string(),
    vehicleId: z.string(),
    plate: z.string(),
    customerName: z.string(),
    estimateId: z.string().optional(),
    visitId: z.string().optional(),
    vehicleType: z
      .string()
      .optional()
      .meta({ description: "The vehicle's type when the order was made (R-RPT-1)" }),
    repairCategory: repairCategory.optional(),
    pricingMethod,
    riskPremiumPercent: z.number(),
    lines: z.array(pricedLine),
    totals,
    notices: z.array(z.object({ id: z.string(), text: z.string() })),
    promisedAt: isoDateTime.meta({ description: 'Promised completion (R-RO-1, R-RO-2)' }),
    originalPromisedAt: isoDateTime,
    otherRequests: z.string().optional(),
    advisor: staffRef,
    confirmation: customerConfirmation.optional(),
    handover: handover.optional(),
    transfer: transfer.optional(),
    teams: z.array(teamAssignment),
    workshopStartAt: isoDateTime.optional().meta({ description: 'Job duration 工期 starts here (R-PRG-1)' }),
    partsRequests: z.array(partsRequest),
    addOns: z.array(addOn),
    workDoneAt: isoDateTime.optional(),
    inspections: z.array(inspection),
    pickupPreparation: pickupPreparation.optional(),
    readyAt: isoDateTime.optional(),
    discount: discount.optional(),
    settlement: settlement.optional(),
    payments: z.array(payment),
    exit: exitRecord.optional(),
    decline: declineRecord.optional(),
    cancellation: cancellation.optional(),
    duties: orderDutyRefs
      .optional()
      .meta({ description: 'Ids of the duties scheduled for the order (R-PKP-2, R-PRG-1, R-WS-4)' }),
    pickupNoticeAt: isoDateTime.optional().meta({
      description:
        'When the pickup notice SMS goes (R-X-5, R-PKP-2): its lead time before the promise, out of quiet hours; it moves with the promise. Every duty of the order, sent or not: GET …/orders/{orderId}/duties',
    }),
    ...auditFields,
  })
  .meta({ id: 'RepairOrder' });

export type Order = z.infer<typeof order>;
export type StaffRef = z.infer<typeof staffRef>;
export type OrderDutyRefs = z.infer<typeof orderDutyRefs>;
