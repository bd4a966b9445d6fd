import { describe, expect, it } from 'vitest';
import { type DomainError, RuleViolationError } from '../../shared/kernel/errors';
import { priceLine } from '../../shared/orders/rules/pricing';
import {
  checkExit,
  checkOrderDiscount,
  depositsHeld,
  type ExitDocument,
  exitUpdatesVehicle,
  orderSettlement,
  paymentOf,
  vehicleAtExit,
} from '../../shared/orders/rules/settlement';
import { type LineInput, lineInput, type ParsedLineInput } from '../../shared/orders/schemas/lines';
import type { Order } from '../../shared/orders/schemas/order';
import { aDraft } from '../support/draft-orders';

const now = '2031-06-11T02:10:00.000Z';
const cashier = { staffId: 'CASHIER', name: 'Cass' };

const priced = (input: LineInput) => priceLine(lineInput.parse(input), 'estimate');
const labour = (amount: number) => priced({ kind: 'labour', description: 'Labour', hours: 1, rate: amount });
const fee = (amount: number): ParsedLineInput => ({
  kind: 'fee',
  description: 'Diagnosis fee',
  feeType: 'diagnosis',
  amount,
});
const payment = (amount: number, deposit = true): Order['payments'][number] => ({
  id: `PAY-${amount}`,
  amount,
  method: 'cash',
  receivedBy: cashier,
  at: now,
  ...(deposit ? { deposit: true } : {}),
});
const prepared = {
  cleaned: true,
  belongingsChecked: true,
  billsCollected: true,
  recordedBy: cashier,
  at: now,
};

/** A repaired car ready for pickup: 10,000.00 of labour, no discount, nothing paid. */
function anOrder(over: Partial<Order> = {}): Order {
  return aDraft({
    state: 'ready',
    lines: [labour(1_000_000)],
    totals: { labour: 1_000_000, parts: 0, fees: 0, riskPremium: 0, total: 1_000_000 },
    promisedAt: now,
    originalPromisedAt: now,
    pickupPreparation: prepared,
    version: 7,
    createdAt: now,
    updatedAt: now,
    ...over,
  });
}
const discount = (amount: number): Order['discount'] => ({
  amount,
  reason: 'Loyal customer',
  approvedBy: { staffId: 'SUPERVISOR', name: 'Sue' },
  approvedAt: now,
});

function refusal(act: () => unknown): DomainError {
  try {
    act();
  } catch (error) {
    if (error instanceof RuleViolationError) return error;
    throw error;
  }
  throw new Error('the rule did not refuse');
}

describe('the deposits held on an order (R-PKP-4)', () => {
  it.each([
    ['R-PKP-4: no payment holds no deposit', [], 0],
    ['R-PKP-4: one deposit', [payment(30_000)], 30_000],
    ['R-PKP-4: several deposits add up', [payment(30_000), payment(12_345)], 42_345],
  ])('%s', (_case, payments, held) => {
    expect(depositsHeld(payments)).toBe(held);
  });
});

describe("a discount is the supervisor's approval, within the bill less the deposits (R-PKP-4)", () => {
  it.each([
    // case, order, discount, refused with the bill named (null: approved)
    ['R-PKP-4: the whole bill may be discounted', anOrder(), 1_000_000, null],
    ['R-PKP-4: a discount above the bill is refused', anOrder(), 1_000_001, 1_000_000],
    ['R-PKP-4: deposits paid stay covered', anOrder({ payments: [payment(400_000)] }), 600_000, null],
    [
      'R-PKP-4: a discount that would leave a deposit uncovered is refused',
      anOrder({ payments: [payment(400_000)] }),
      600_001,
      600_000,
    ],
    [
      'R-PKP-4: the risk premium of symptom pricing is billed',
      anOrder({ pricingMethod: 'symptom', riskPremiumPercent: 10 }),
      1_100_000,
      null,
    ],
    [
      'R-REC-2: a declined order bills its fee lines only',
      anOrder({ state: 'declined', lines: [labour(1_000_000), priceLine(fee(20_000), 'decline')] }),
      20_001,
      20_000,
    ],
  ])('%s', (_case, order, amount, bill) => {
    if (bill === null) {
      expect(() => checkOrderDiscount(order, amount)).not.toThrow();
      return;
    }
    const error = refusal(() => checkOrderDiscount(order, amount));
    expect(error.status).toBe(422);
    expect(error.message).toBe(`The discount (${amount}) is larger than the bill (${bill})`);
    expect(error.extensions).toEqual({ rule: 'R-PKP-4' });
  });
});

describe('the settlement: lines, discount, deposits and the amount due (R-PKP-1, R-PKP-4, R-REC-2)', () => {
  it.each([
    // case, order, desk fees, total, discount, deposit, amount due
    ['R-PKP-4: the lines of a repaired car', anOrder(), [], 1_000_000, 0, 0, 1_000_000],
    ['R-PKP-4: fees added at the desk are billed', anOrder(), [fee(5_000)], 1_005_000, 0, 0, 1_005_000],
    [
      'R-PKP-4: the approved discount and the deposits are deducted',
      anOrder({ discount: discount(100_000), payments: [payment(200_000), payment(50_000)] }),
      [],
      1_000_000,
      100_000,
      250_000,
      650_000,
    ],
    [
      'R-PKP-4: the amount due may be exactly nothing',
      anOrder({ discount: discount(600_000), payments: [payment(400_000)] }),
      [],
      1_000_000,
      600_000,
      400_000,
      0,
    ],
    [
      'R-REC-2: a declined order settles its fees only, without pickup preparation',
      anOrder({
        state: 'declined',
        pickupPreparation: undefined,
        lines: [labour(1_000_000), priceLine(fee(20_000), 'decline')],
      }),
      [fee(3_000)],
      23_000,
      0,
      0,
      23_000,
    ],
  ])('%s', (_case, order, fees, total, discounted, deposit, amountDue) => {
    const { lines, figures } = orderSettlement(order, fees);
    expect(figures).toMatchObject({
      discount: discounted,
      deposit,
      amountDue,
      paid: 0,
      outstanding: amountDue,
    });
    expect(figures.totals.total).toBe(total);
    expect(lines.filter((l) => l.source === 'settlement')).toHaveLength(fees.length);
  });

  it('R-PKP-4: the amount due is never negative', () => {
    const order = anOrder({ discount: discount(800_000), payments: [payment(300_000)] });
    const error = refusal(() => orderSettlement(order, []));
    expect(error.message).toBe(
      'The discount (800000) and the deposit (300000) exceed the total (1000000); the amount due cannot be negative',
    );
    expect(error.extensions).toEqual({ rule: 'R-PKP-4' });
  });

  it.each([
    ['R-PKP-1: without pickup preparation', undefined, 'cleaned, belongingsChecked, billsCollected'],
    ['R-PKP-1: with the bills still to collect', { ...prepared, billsCollected: false }, 'billsCollected'],
  ])('%s a repaired car is not settled', (_case, pickupPreparation, missing) => {
    const error = refusal(() => orderSettlement(anOrder({ pickupPreparation }), []));
    expect(error.message).toBe(
      `Pickup preparation is not done: ${missing} (R-PKP-1); record it with preparePickup first`,
    );
    expect(error.extensions).toEqual({ rule: 'R-PKP-1' });
  });
});

describe('payments: deposits before the settlement, partial payments after it (R-PKP-4)', () => {
  const settled = (amountDue: number, paid: number): Order['settlement'] => ({
    lines: [],
    totals: { labour: amountDue, parts: 0, fees: 0, riskPremium: 0, total: amountDue },
    discount: 0,
    deposit: 0,
    amountDue,
    paid,
    outstanding: amountDue - paid,
    currency: 'CNY',
    issuedBy: cashier,
    issuedAt: now,
  });

  it.each([
    // case, order, amount, deposits held after it
    ['R-PKP-4: a first deposit', anOrder({ state: 'in_workshop' }), 300_000, 300_000],
    ['R-PKP-4: deposits up to the whole bill', anOrder({ payments: [payment(300_000)] }), 700_000, 1_000_000],
    [
      'R-PKP-4: deposits up to the bill less the approved discount',
      anOrder({ discount: discount(100_000) }),
      900_000,
      900_000,
    ],
  ])('%s', (_case, order, amount, held) => {
    expect(paymentOf(order, amount)).toEqual({ kind: 'deposit', held });
  });

  it.each([
    ['R-PKP-4: a deposit above the bill is refused', anOrder(), 1_000_001, 0, 1_000_000],
    [
      'R-PKP-4: deposits together above the bill are refused',
      anOrder({ payments: [payment(600_000)] }),
      400_001,
      600_000,
      1_000_000,
    ],
    [
      'R-PKP-4: a deposit the approved discount leaves uncovered is refused',
      anOrder({ discount: discount(100_000) }),
      900_001,
      0,
      900_000,
    ],
  ])('%s', (_case, order, amount, held, billed) => {
    const error = refusal(() => paymentOf(order, amount));
    expect(error.message).toBe(
      `The deposit (${amount}) with those already paid (${held}) is above the bill so far (${billed})`,
    );
    expect(error.extensions).toEqual({ rule: 'R-PKP-4' });
  });

  it.each([
    // case, paid before, amount, paid after, outstanding (the receivable 欠收)
    ['R-PKP-4: a partial payment leaves a receivable', 0, 400_000, 400_000, 600_000],
    ['R-PKP-4: a later payment settles the rest', 400_000, 600_000, 1_000_000, 0],
  ])('%s', (_case, paidBefore, amount, paid, outstanding) => {
    const decision = paymentOf(
      anOrder({ state: 'settled', settlement: settled(1_000_000, paidBefore) }),
      amount,
    );
    expect(decision).toMatchObject({
      kind: 'payment',
      settlement: { amountDue: 1_000_000, paid, outstanding },
    });
  });

  it('R-PKP-4: a payment above the outstanding amount is refused: the receivable never goes below 0', () => {
    const order = anOrder({ state: 'exited', settlement: settled(1_000_000, 400_000) });
    const error = refusal(() => paymentOf(order, 600_001));
    expect(error.message).toBe('The payment (600001) is above the outstanding amount (600000)');
    expect(error.extensions).toEqual({ rule: 'R-PKP-4' });
  });
});

describe('the exit: documents handed over, the customer checks and signs (R-PKP-5, R-ARC-1)', () => {
  const handover = (documentsPresent: boolean): Order['handover'] => ({
    documents: [{ name: 'Registration', present: documentsPresent }],
    belongings: [],
    belongingsConfirmedBy: 'Wong',
    keyTag: 'K-7',
    keySlot: 'B2',
    fuelLevel: 5,
    odometerKm: 42_000,
    recordedBy: { staffId: 'ADVISOR', name: 'Ada' },
    at: now,
  });
  const declined = { state: 'settled' as const, decline: { recordedBy: cashier, at: now } };
  const all: ExitDocument[] = [
    'exit_notice',
    'repair_order',
    'settlement',
    'warranty',
    'vehicle_documents',
    'keys',
  ];

  it.each([
    // case, order, documents handed over
    ['R-PKP-5: a repaired car leaves with every document', anOrder({ handover: handover(true) }), all],
    [
      'R-PKP-5: vehicle documents are due only when the handover received some',
      anOrder({ handover: handover(false) }),
      ['exit_notice', 'repair_order', 'settlement', 'warranty', 'keys'],
    ],
    [
      'R-REC-2: a declined car without handover leaves with the exit notice and the fee settlement',
      anOrder(declined),
      ['exit_notice', 'settlement'],
    ],
  ] as const)('%s', (_case, order, documentsHandedOver) => {
    expect(() => checkExit(order, { documentsHandedOver, belongingsChecked: true })).not.toThrow();
  });

  it.each([
    [
      'R-PKP-5: the warranty and the keys are missing',
      anOrder({ handover: handover(false) }),
      ['exit_notice', 'repair_order', 'settlement'],
      'Hand over before the car leaves: warranty, keys',
    ],
    [
      'R-PKP-5: the keys of a declined car the shop holds go back',
      anOrder({ ...declined, handover: handover(true) }),
      ['exit_notice', 'settlement'],
      'Hand over before the car leaves: vehicle_documents, keys',
    ],
  ] as const)('%s', (_case, order, documentsHandedOver, message) => {
    const error = refusal(() => checkExit(order, { documentsHandedOver, belongingsChecked: true }));
    expect(error.message).toBe(message);
    expect(error.extensions).toEqual({ rule: 'R-PKP-5' });
  });

  it('R-PKP-5: the customer checks the car and the belongings before signing', () => {
    const error = refusal(() =>
      checkExit(anOrder({ handover: handover(true) }), {
        documentsHandedOver: all,
        belongingsChecked: false,
      }),
    );
    expect(error.message).toBe('The customer checks the car and the belongings before signing (R-PKP-5)');
    expect(error.extensions).toEqual({ rule: 'R-PKP-5' });
  });

  it('R-PKP-5: missing documents are named before the unchecked belongings', () => {
    const error = refusal(() => checkExit(anOrder(), { documentsHandedOver: [], belongingsChecked: false }));
    expect(error.message).toMatch(/^Hand over before the car leaves: /);
  });

  it.each([
    // case, order, touches the vehicle, update
    [
      'R-ARC-1: a repair records the odometer and the maintenance dates',
      anOrder({ handover: handover(true) }),
      '2031-12-11',
      true,
      { odometerKm: 42_000, lastMaintenanceDate: '2031-06-11', nextMaintenanceDate: '2031-12-11' },
    ],
    [
      'R-ARC-1: a repair without a next date clears the one on file',
      anOrder({ handover: handover(true) }),
      undefined,
      true,
      { odometerKm: 42_000, lastMaintenanceDate: '2031-06-11', nextMaintenanceDate: null },
    ],
    [
      'R-ARC-1: a declined car records only the odometer of its handover',
      anOrder({ ...declined, handover: handover(true) }),
      undefined,
      true,
      { odometerKm: 42_000 },
    ],
    [
      'R-ARC-1: a declined car without handover leaves nothing on the vehicle',
      anOrder(declined),
      undefined,
      false,
      {},
    ],
  ])('%s', (_case, order, next, touches, update) => {
    expect(exitUpdatesVehicle(order)).toBe(touches);
    expect(vehicleAtExit(order, '2031-06-11', next)).toEqual(update);
  });
});
