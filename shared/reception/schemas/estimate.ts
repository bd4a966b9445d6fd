import * as z from 'zod';
import { auditFields, isoDateTime, ulidId } from '../../kernel/schemas';
import { pricedLine, pricingMethod, totals } from '../../orders/schemas/lines';

/**
 * The estimate 維修估價單 (R-EST): priced lines by one of the three methods, shown to the
 * customer, then accepted (and turned into a repair order), or declined (R-REC-2).
 * Request bodies live in estimate-requests.ts.
 */
export const estimateId = /* @__PURE__ */ ulidId.meta({ description: 'Estimate id (ULID)' });

const estimateStatus = /* @__PURE__ */ z.enum(['draft', 'presented', 'accepted', 'declined', 'converted']);
export type EstimateStatus = z.infer<typeof estimateStatus>;

export const estimate = /* @__PURE__ */ z
  .object({
    id: estimateId,
    branchId: z.string(),
    currency: z.string(),
    customerId: z.string(),
    vehicleId: z.string(),
    visitId: z.string().optional(),
    diagnosisId: z.string().optional(),
    pricingMethod,
    riskPremiumPercent: z.number(),
    lines: z.array(pricedLine),
    totals,
    notices: z.array(z.object({ id: z.string(), text: z.string() })),
    status: estimateStatus,
    presentedAt: isoDateTime.optional(),
    orderId: z.string().optional().meta({ description: 'The repair order made from it' }),
    ...auditFields,
  })
  .meta({ id: 'Estimate' });
export type Estimate = z.infer<typeof estimate>;
