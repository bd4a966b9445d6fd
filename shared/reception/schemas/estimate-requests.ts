import * as z from 'zod';
import { customerId } from '../../archive/schemas/customer';
import { vehicleId } from '../../archive/schemas/vehicle';
import { expectedVersion, isoDateTime, ulidId } from '../../kernel/schemas';
import { lineInput, pricingMethod } from '../../orders/schemas/lines';
import { estimate } from './estimate';
import { staffRef } from './visit';

/**
 * Request bodies of the estimate 維修估價單 (R-EST-1..3). Clients send lines (quantities and unit
 * prices in minor units) and the pricing method; the server prices every line and computes every
 * total: a line carrying `amount` (other than a fee's own amount) or a body carrying `totals` is a
 * 400 naming the field, because every object here is strict.
 */
const lines = /* @__PURE__ */ z
  .array(lineInput)
  .min(1)
  .max(100)
  .meta({ description: 'Labour, part and fee lines (an estimate or diagnosis fee is a fee line)' });

const riskPremiumPercent = /* @__PURE__ */ z
  .number()
  .min(0)
  .max(100)
  .multipleOf(0.01)
  .meta({ description: "Symptom pricing only (R-EST-1); the branch's default when left out" });

export const createEstimateBody = /* @__PURE__ */ z
  .strictObject({
    customerId,
    vehicleId: vehicleId.meta({ description: "One of the customer's vehicles" }),
    visitId: ulidId.optional().meta({ description: 'The visit the estimate was made at' }),
    diagnosisId: ulidId.optional().meta({ description: 'The diagnosis report it prices (needs visitId)' }),
    pricingMethod,
    riskPremiumPercent: riskPremiumPercent.optional(),
    lines,
  })
  .superRefine((value, ctx) => {
    if (value.diagnosisId !== undefined && value.visitId === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['visitId'],
        message: 'A diagnosis report belongs to a visit: give visitId',
      });
    }
  })
  .meta({ id: 'CreateEstimate' });
export type CreateEstimate = z.infer<typeof createEstimateBody>;

export const reviseEstimateBody = /* @__PURE__ */ z
  .strictObject({
    version: expectedVersion,
    pricingMethod: pricingMethod.optional(),
    riskPremiumPercent: riskPremiumPercent.optional(),
    lines: lines.optional().meta({ description: 'Replaces every line; left out, the lines stay' }),
  })
  .refine(
    (v) => v.pricingMethod !== undefined || v.riskPremiumPercent !== undefined || v.lines !== undefined,
    {
      message: 'Give pricingMethod, riskPremiumPercent or lines',
    },
  )
  .meta({
    id: 'ReviseEstimate',
    description: 'A draft or presented estimate is priced again; a presented one goes back to draft',
  });
export type ReviseEstimate = z.infer<typeof reviseEstimateBody>;

export const estimateActionBody = /* @__PURE__ */ z
  .strictObject({ version: expectedVersion })
  .meta({ id: 'EstimateAction' });

export const declineEstimateBody = /* @__PURE__ */ z
  .strictObject({
    version: expectedVersion,
    reason: z.string().trim().min(1).max(500).optional().meta({ description: 'Why the customer declined' }),
  })
  .meta({ id: 'DeclineEstimate' });
export type DeclineEstimate = z.infer<typeof declineEstimateBody>;

/**
 * The estimate as stored and answered: the Estimate record and who moved it through its states.
 * (These fields belong in shared/reception/schemas/estimate.ts; they live here until that file takes them.)
 */
export const estimateRecord = /* @__PURE__ */ estimate
  .extend({
    presentedBy: staffRef.optional(),
    acceptedAt: isoDateTime.optional(),
    acceptedBy: staffRef.optional().meta({ description: 'Who recorded the acceptance' }),
    decline: z.object({ reason: z.string().optional(), at: isoDateTime, recordedBy: staffRef }).optional(),
  })
  .meta({ id: 'EstimateRecord' });
export type EstimateRecord = z.infer<typeof estimateRecord>;
