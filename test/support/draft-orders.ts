import { priceLine } from '../../shared/orders/rules/pricing';
import { type LineInput, lineInput, type ParsedLineInput } from '../../shared/orders/schemas/lines';
import type { Order } from '../../shared/orders/schemas/order';

/**
 * A draft repair order for the pure rules of R-RO-1, R-RO-2 and R-EST-1 (shared/orders/rules/draft.ts),
 * at a fixed instant: 10:10 in Shenzhen on the test's day.
 */
export const draftNow = '2031-06-11T02:10:00.000Z';

/** ISO time `minutes` from `draftNow` (negative: before). */
export const minutesFromDraftNow = (minutes: number) =>
  new Date(Date.parse(draftNow) + minutes * 60_000).toISOString();

const lineOf = (line: LineInput): ParsedLineInput => lineInput.parse(line);

/** `hours` of labour at 300.00 an hour, in `system` when given. */
export const labourLine = (hours: number, system?: string) =>
  lineOf({ kind: 'labour', description: 'Brake job', hours, rate: 30_000, ...(system ? { system } : {}) });

export const feeLine = (amount: number, feeType: 'diagnosis' | 'estimate' = 'diagnosis') =>
  lineOf({ kind: 'fee', description: 'Diagnosis', feeType, amount });

/** A draft of 2 h of labour at 300.00, promised in 3 hours. */
export function aDraft(over: Partial<Order> = {}): Order {
  const lines = [priceLine(labourLine(2, 'brakes'), 'estimate')];
  return {
    id: 'ORDER-1',
    branchId: 'SZ',
    currency: 'CNY',
    state: 'draft',
    customerId: 'CUSTOMER-1',
    vehicleId: 'VEHICLE-1',
    plate: '粵B12345',
    customerName: 'Wong',
    pricingMethod: 'item',
    riskPremiumPercent: 0,
    lines,
    totals: { labour: 60_000, parts: 0, fees: 0, riskPremium: 0, total: 60_000 },
    notices: [],
    promisedAt: minutesFromDraftNow(180),
    originalPromisedAt: minutesFromDraftNow(180),
    otherRequests: 'Check the horn',
    advisor: { staffId: 'ADVISOR', name: 'Ada' },
    teams: [],
    partsRequests: [],
    addOns: [],
    inspections: [],
    payments: [],
    version: 2,
    createdAt: minutesFromDraftNow(-60),
    createdBy: 'ADVISOR',
    updatedAt: minutesFromDraftNow(-60),
    updatedBy: 'ADVISOR',
    ...over,
  };
}
