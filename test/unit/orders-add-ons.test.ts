import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  type DomainError,
  RuleViolationError,
  ValidationError,
} from '../../shared/kernel/errors';
import { defaultPolicy } from '../../shared/kernel/policy';
import { answeredAddOn, newAddOn } from '../../shared/orders/rules/add-ons';
import { priceLine } from '../../shared/orders/rules/pricing';
import type { AnswerAddOn, RaiseAddOn } from '../../shared/orders/schemas/completion-requests';
import { type LineInput, lineInput, type ParsedLineInput } from '../../shared/orders/schemas/lines';
import type { Order } from '../../shared/orders/schemas/order';
import { aDraft } from '../support/draft-orders';

const now = '2031-06-11T02:10:00.000Z';
const iso = (minutesFromNow: number) => new Date(Date.parse(now) + minutesFromNow * 60_000).toISOString();
const workshop = { staffId: 'LEAD-A', name: 'Lee' };
const advisor = { staffId: 'ADVISOR', name: 'Ada' };

const labourInput = (rate: number, system?: string): ParsedLineInput =>
  lineInput.parse({
    kind: 'labour',
    description: 'Replace wipers',
    hours: 1,
    rate,
    ...(system ? { system } : {}),
  });
const partInput = (over: Partial<LineInput> = {}): ParsedLineInput =>
  lineInput.parse({
    kind: 'part',
    description: 'Wiper blades',
    quantity: 2,
    unitPrice: 5_000,
    supplier: 'shop',
    grade: 'oem',
    ...over,
  } as LineInput);

/** An order in the workshop, promised in 2 hours. */
function anOrder(over: Partial<Order> = {}): Order {
  return aDraft({
    state: 'awaiting_addon',
    lines: [priceLine(labourInput(50_000), 'estimate')],
    totals: { labour: 50_000, parts: 0, fees: 0, riskPremium: 0, total: 50_000 },
    promisedAt: iso(120),
    originalPromisedAt: iso(120),
    advisor,
    version: 4,
    createdAt: iso(-600),
    updatedAt: iso(-60),
    ...over,
  });
}

const request = (over: Partial<RaiseAddOn> = {}) => ({
  description: 'Wiper blades',
  reason: 'Torn, streaks in the rain',
  lines: [partInput()],
  extraMinutes: 30,
  safetyRelated: true,
  ...over,
});
const raise = (order: Order, over: Partial<RaiseAddOn> = {}) =>
  newAddOn({ order, request: request(over), id: 'ADDON-1', by: workshop, now, policy: defaultPolicy });

function refusal(act: () => unknown): DomainError {
  try {
    act();
  } catch (error) {
    if (error instanceof Error && 'status' in error) return error as DomainError;
    throw error;
  }
  throw new Error('the rule did not refuse');
}

describe('the workshop raises an add-on item (R-ADD-1, R-ADD-3, R-EST-1)', () => {
  it('R-ADD-1: the item waits for the customer, raised now by the workshop, with its delay and safety flag', () => {
    const addOn = raise(anOrder());
    expect(addOn).toMatchObject({
      id: 'ADDON-1',
      status: 'pending',
      raisedBy: workshop,
      raisedAt: now,
      extraMinutes: 30,
      safetyRelated: true,
      price: 10_000,
    });
    expect(addOn.lines.map((l) => l.source)).toEqual(['addon:ADDON-1']);
    expect(addOn).not.toHaveProperty('offerOf');
  });

  it.each([
    // case, pricing, risk premium %, price the customer agrees to
    ['R-EST-1: by item, the price is the lines', 'item', 0, 10_000],
    ["R-EST-1: by symptom, the price includes the order's risk premium", 'symptom', 10, 11_000],
  ] as const)('%s', (_case, pricingMethod, riskPremiumPercent, price) => {
    expect(raise(anOrder({ pricingMethod, riskPremiumPercent })).price).toBe(price);
  });

  it('R-EST-1: on a by-system order each line names its system', () => {
    const error = refusal(() => raise(anOrder({ pricingMethod: 'system' }), { lines: [labourInput(1_000)] }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.extensions.errors).toEqual([
      { path: 'body.lines.0.system', message: 'By-system pricing names the system of each line' },
    ]);
  });

  it('R-ADD-3: the delay told has to cover a part to order', () => {
    const error = refusal(() =>
      raise(anOrder(), {
        lines: [partInput({ availability: 'to_order', expectedAt: iso(300) })],
        extraMinutes: 30,
      }),
    );
    expect(error).toBeInstanceOf(RuleViolationError);
    expect(error.extensions).toEqual({ rule: 'R-ADD-3' });
    expect(error.message).toMatch(/; tell the customer at least 210 minutes$/);
  });

  it.each([
    // case, add-ons already on the order, refused
    ['R-ADD-2: declined work is offered again', [], false],
    [
      'R-ADD-2: declined again, it may be offered once more',
      [{ offerOf: 'DECLINED-1', status: 'declined' }],
      false,
    ],
    [
      'R-ADD-2: an offer still waiting is not offered twice',
      [{ offerOf: 'DECLINED-1', status: 'pending' }],
      true,
    ],
    [
      'R-ADD-2: an offer approved is not offered twice',
      [{ offerOf: 'DECLINED-1', status: 'approved' }],
      true,
    ],
  ] as const)('%s', (_case, earlier, refused) => {
    const order = anOrder({
      addOns: earlier.map((e, i) => ({ ...raise(anOrder()), id: `EARLIER-${i}`, ...e })),
    });
    const act = () => raise(order, { offerOf: 'DECLINED-1' });
    if (!refused) {
      expect(act().offerOf).toBe('DECLINED-1');
      return;
    }
    const error = refusal(act);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.extensions.errors).toEqual([
      {
        path: 'body.offerOf',
        message: `Declined work DECLINED-1 is already offered on this order (add-on EARLIER-0, ${earlier[0]?.status})`,
      },
    ]);
  });
});

describe("the customer's answer to an add-on item (R-ADD-2, R-ADD-3)", () => {
  const pending = (id: string, extraMinutes = 30) => ({ ...raise(anOrder(), { extraMinutes }), id });
  const answer = (over: Partial<AnswerAddOn> = {}): Omit<AnswerAddOn, 'version'> => ({
    addOnId: 'ADDON-1',
    decision: 'approved',
    channel: 'phone',
    customerContactedAt: iso(5),
    workshopToldAt: iso(10),
    workshopToldWho: 'Lee',
    ...over,
  });

  it('R-ADD-2, R-ADD-3: approved lines join the bill and the promise moves by the delay', () => {
    const order = anOrder({ addOns: [pending('ADDON-1', 45)] });
    const { order: next, addOn } = answeredAddOn(order, answer(), advisor);
    expect(addOn.status).toBe('approved');
    expect(addOn.answer).toEqual({
      decision: 'approved',
      customerContactedAt: iso(5),
      channel: 'phone',
      recordedBy: advisor,
      workshopToldAt: iso(10),
      workshopToldWho: 'Lee',
    });
    expect(next.lines).toHaveLength(2);
    expect(next.totals.total).toBe(60_000);
    expect(next.promisedAt).toBe(iso(165));
    expect(next.originalPromisedAt).toBe(iso(120));
    expect(next.state).toBe('in_workshop');
    expect(order.addOns[0]?.status).toBe('pending');
  });

  it.each([
    // case, decision, other items, lines after, promise after, state after
    ['R-ADD-2: declined work changes nothing on the bill', 'declined', [], 1, iso(120), 'in_workshop'],
    [
      'R-ADD-1: another item waiting keeps the order waiting',
      'approved',
      [pending('ADDON-2')],
      2,
      iso(150),
      'awaiting_addon',
    ],
  ] as const)('%s', (_case, decision, others, lines, promisedAt, state) => {
    const order = anOrder({ addOns: [pending('ADDON-1'), ...others] });
    const { order: next } = answeredAddOn(order, answer({ decision, note: 'Asked to call back' }), advisor);
    expect(next.lines).toHaveLength(lines);
    expect(next.promisedAt).toBe(promisedAt);
    expect(next.state).toBe(state);
    expect(next.addOns[0]?.answer?.note).toBe('Asked to call back');
  });

  it.each([
    [
      'R-ADD-2: an unknown item is a 400',
      answer({ addOnId: 'ADDON-X' }),
      ValidationError,
      'body.addOnId: Order ORDER-1 has no add-on item ADDON-X',
    ],
    [
      'R-ADD-2: the customer is reached after the item was raised',
      answer({ customerContactedAt: iso(-1) }),
      ValidationError,
      `body.customerContactedAt: Not before the item was raised (${now})`,
    ],
  ] as const)('%s', (_case, given, kind, message) => {
    const error = refusal(() => answeredAddOn(anOrder({ addOns: [pending('ADDON-1')] }), given, advisor));
    expect(error).toBeInstanceOf(kind);
    expect(error.message).toBe(message);
  });

  it('R-ADD-2: an item answered already is a 409', () => {
    const order = anOrder({ addOns: [{ ...pending('ADDON-1'), status: 'declined' }] });
    const error = refusal(() => answeredAddOn(order, answer(), advisor));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe('Add-on item ADDON-1 was already declined');
  });
});
