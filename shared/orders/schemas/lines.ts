import * as z from 'zod';

/**
 * Priced lines shared by estimates, repair orders, add-on items and settlements (R-EST-1..3).
 * Clients send quantities and unit prices in minor units; the server computes every amount and
 * total (`shared/orders/rules/pricing.ts`): a client that sends `amount` or `total` gets a 400.
 */
const maxMinor = 100_000_000_00;
const money = /* @__PURE__ */ z
  .number()
  .int()
  .min(0)
  .max(maxMinor)
  .meta({ description: 'Minor units (fen/cents)' });
/** One line's amount stays within the same bound, so totals stay exact integers (R-EST-3). */
const lineWithin = (amount: number) => amount <= maxMinor;
const description = /* @__PURE__ */ z.string().trim().min(1).max(200);
const system = /* @__PURE__ */ z
  .string()
  .trim()
  .min(1)
  .max(40)
  .meta({ description: 'Vehicle system the line belongs to (by-system pricing), e.g. brakes' });

const labourLineInput = /* @__PURE__ */ z
  .strictObject({
    kind: z.literal('labour'),
    description,
    system: system.optional(),
    hours: z.number().positive().max(500).multipleOf(0.05),
    rate: money.meta({ description: 'Labour rate per hour, minor units' }),
  })
  .refine((l) => lineWithin(l.rate * l.hours), {
    path: ['hours'],
    message: 'The line comes to more than 100,000,000.00',
  });

const partLineInput = /* @__PURE__ */ z
  .strictObject({
    kind: z.literal('part'),
    description,
    system: system.optional(),
    partNo: z.string().trim().max(60).optional(),
    quantity: z.number().positive().max(10_000).multipleOf(0.001),
    unitPrice: money,
    /** R-EST-2: who supplies the part. */
    supplier: z.enum(['shop', 'customer']),
    /** R-EST-2: OEM 正廠件 or aftermarket 副廠件. */
    grade: z.enum(['oem', 'aftermarket']),
    /** R-EST-2: the part belongs to a critical system (brakes, steering, airbags…). */
    criticalSystem: z.boolean().default(false),
    /** R-EST-2: the customer insisted on this part against the shop's advice. */
    customerInsisted: z.boolean().default(false),
    /** R-RO-2: parts to be ordered move the promised time. */
    availability: z.enum(['in_stock', 'to_order']).default('in_stock'),
    expectedAt: z.iso
      .datetime({ offset: true })
      .optional()
      .meta({ description: 'When a part to order arrives' }),
  })
  .refine((l) => lineWithin(l.unitPrice * l.quantity), {
    path: ['quantity'],
    message: 'The line comes to more than 100,000,000.00',
  });

export const feeLineInput = /* @__PURE__ */ z.strictObject({
  kind: z.literal('fee'),
  description,
  /** Diagnosis and estimate fees are what a customer who declines pays (R-REC-2). */
  feeType: z.enum(['diagnosis', 'estimate', 'towing', 'other']),
  amount: money,
});

export const lineInput = /* @__PURE__ */ z.discriminatedUnion('kind', [
  labourLineInput,
  partLineInput,
  feeLineInput,
]);
export type LineInput = z.input<typeof lineInput>;
export type ParsedLineInput = z.output<typeof lineInput>;

export const pricingMethod = /* @__PURE__ */ z
  .enum(['system', 'symptom', 'item'])
  .meta({ description: 'R-EST-1: by system 系統估價, by symptom 現象估價 (risk premium), by item 項目定價' });
export type PricingMethod = z.infer<typeof pricingMethod>;

export const pricedLine = /* @__PURE__ */ z.object({
  id: z.string(),
  kind: z.enum(['labour', 'part', 'fee']),
  description: z.string(),
  system: z.string().optional(),
  hours: z.number().optional(),
  rate: z.number().int().optional(),
  partNo: z.string().optional(),
  quantity: z.number().optional(),
  unitPrice: z.number().int().optional(),
  supplier: z.enum(['shop', 'customer']).optional(),
  grade: z.enum(['oem', 'aftermarket']).optional(),
  criticalSystem: z.boolean().optional(),
  customerInsisted: z.boolean().optional(),
  availability: z.enum(['in_stock', 'to_order']).optional(),
  expectedAt: z.string().optional(),
  feeType: z.string().optional(),
  amount: z.number().int().meta({ description: 'Computed by the server, minor units' }),
  /** R-EST-2: no warranty on this line (customer-supplied, or aftermarket on a critical system at the customer's insistence). */
  noWarranty: z.boolean(),
  /** Where the line came from: the estimate, or an approved add-on item. */
  source: z.string(),
});
export type PricedLine = z.infer<typeof pricedLine>;

export const totals = /* @__PURE__ */ z
  .object({
    labour: z.number().int(),
    parts: z.number().int(),
    fees: z.number().int(),
    riskPremium: z.number().int(),
    total: z.number().int(),
  })
  .meta({ id: 'Totals', description: 'Computed by the server in minor units' });
export type Totals = z.infer<typeof totals>;
