/**
 * A repair order as the table's stream carries it (an unmarshalled item, keys and PII included),
 * for the tests of which domain events a change means (shared/events/rules.ts).
 */
export type Image = Record<string, unknown>;

export const imageStaff = { staffId: 'S1', name: '陳大文' };

/** A Shenzhen draft order of 1,000.00 CNY at version 3; `extra` overrides or adds fields. */
export const orderImage = (extra: Image = {}): Image => ({
  pk: 'BR#SZ#ORD#01JORDER000000000000000000',
  sk: 'ORDER',
  type: 'order',
  id: '01JORDER000000000000000000',
  branchId: 'SZ',
  state: 'draft',
  currency: 'CNY',
  customerId: '01JCUST0000000000000000000',
  vehicleId: '01JVEH00000000000000000000',
  plate: '粤B12345',
  customerName: '李小姐',
  vehicleType: 'car',
  repairCategory: 'repair',
  totals: { subtotal: 90_000, riskPremium: 10_000, total: 100_000 },
  promisedAt: '2026-11-29T08:00:00.000Z',
  advisor: imageStaff,
  addOns: [],
  payments: [],
  inspections: [],
  version: 3,
  updatedAt: '2026-11-29T09:30:00.000Z',
  ...extra,
});
