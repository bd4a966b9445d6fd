import { describe, expect, it } from 'vitest';
import { InvalidTransitionError } from '../../shared/kernel/errors';
import { defaultPolicy } from '../../shared/kernel/policy';
import {
  checkMethodLines,
  computeTotals,
  notices,
  priceLine,
  riskPremiumFor,
} from '../../shared/orders/rules/pricing';
import { type LineInput, lineInput, type PricingMethod } from '../../shared/orders/schemas/lines';
import {
  type EstimateAction,
  estimateActions,
  nextEstimateStatus,
  priceEstimate,
} from '../../shared/reception/rules/estimate';
import type { EstimateStatus } from '../../shared/reception/schemas/estimate';
import { validationPaths } from '../support/refusals';

/** Pricing of estimates (R-EST-1..3): every amount in integer minor units, computed by the server. */
const parse = (line: LineInput) => lineInput.parse(line);
const price = (line: LineInput) => priceLine(parse(line), 'estimate');

type Labour = Extract<LineInput, { kind: 'labour' }>;
const labour = (hours: number, rate: number): Labour => ({
  kind: 'labour',
  description: 'Labour',
  system: 'brakes',
  hours,
  rate,
});
const part = (overrides: Partial<Extract<LineInput, { kind: 'part' }>> = {}): LineInput => ({
  kind: 'part',
  description: 'Brake pads',
  system: 'brakes',
  quantity: 1,
  unitPrice: 45_000,
  supplier: 'shop',
  grade: 'oem',
  ...overrides,
});
const fee = (amount: number): LineInput => ({
  kind: 'fee',
  description: 'Diagnosis',
  feeType: 'diagnosis',
  amount,
});

describe('line amounts (R-EST-3)', () => {
  it.each([
    ['1.5 h × 200.00 = 300.00', labour(1.5, 20_000), 30_000],
    ['0.25 h × 180.00 = 45.00', labour(0.25, 18_000), 4_500],
    ['0.05 h × 333.33 rounds 16.6665 half up to 16.67', labour(0.05, 33_333), 1_667],
  ])('labour: %s', (_case, line, amount) => {
    expect(price(line).amount).toBe(amount);
  });

  it.each([
    ['2 × 123.45 = 246.90', part({ quantity: 2, unitPrice: 12_345 }), 24_690],
    ['0.5 × 3.33 rounds 1.665 half up to 1.67', part({ quantity: 0.5, unitPrice: 333 }), 167],
    ['1.25 × 99.99 rounds 124.9875 half up to 124.99', part({ quantity: 1.25, unitPrice: 9_999 }), 12_499],
    ['3.5 l × 0.01 rounds 0.035 half up to 0.04', part({ quantity: 3.5, unitPrice: 1 }), 4],
  ])('part: %s', (_case, line, amount) => {
    expect(price(line).amount).toBe(amount);
  });

  it('takes a fee at its own amount', () => {
    expect(price(fee(5_000)).amount).toBe(5_000);
  });
});

describe('line bounds: every amount and total stays an exact integer (R-EST-3, R-X-4)', () => {
  const part = { kind: 'part', description: 'Engine', supplier: 'shop', grade: 'oem' } as const;
  it.each([
    [
      'a part line of 10,000 × 100,000,000.00',
      { ...part, unitPrice: 10_000_000_000, quantity: 10_000 },
      'quantity',
    ],
    [
      'a labour line of 500 h × 100,000,000.00',
      { kind: 'labour', description: 'x', hours: 500, rate: 10_000_000_000 },
      'hours',
    ],
  ] as const)('refuses %s, naming the field', (_, line, field) => {
    const parsed = lineInput.safeParse(line);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual([field]);
  });

  it('takes a line of exactly 100,000,000.00', () => {
    expect(lineInput.safeParse({ ...part, unitPrice: 5_000_000_000, quantity: 2 }).success).toBe(true);
  });
});

describe('totals and the risk premium of symptom pricing (R-EST-1)', () => {
  const lines = [labour(1.5, 20_000), part(), fee(5_000)].map(price);

  it.each([
    // labour 300.00 + parts 450.00 = 750.00; the premium is on the work, not on the 50.00 fee
    [10, { labour: 30_000, parts: 45_000, fees: 5_000, riskPremium: 7_500, total: 87_500 }],
    [0, { labour: 30_000, parts: 45_000, fees: 5_000, riskPremium: 0, total: 80_000 }],
    // 750.00 × 7.77 % = 58.275 → 58.28 (half up)
    [7.77, { labour: 30_000, parts: 45_000, fees: 5_000, riskPremium: 5_828, total: 85_828 }],
  ])('at %d percent premium the totals are %o', (percent, totals) => {
    expect(computeTotals(lines, percent)).toEqual(totals);
  });

  it('rounds the premium half up in minor units: 10 % of 123.45 is 12.35', () => {
    expect(computeTotals([price(part({ unitPrice: 12_345 }))], 10).riskPremium).toBe(1_235);
  });

  it.each<[PricingMethod, number | undefined, number]>([
    ['symptom', undefined, defaultPolicy.estimate.symptomRiskPremiumPercent],
    ['symptom', 15, 15],
    ['symptom', 0, 0],
    ['system', undefined, 0],
    ['item', 0, 0],
  ])('a %s estimate asking for %s percent carries %d percent', (method, requested, expected) => {
    expect(riskPremiumFor(method, requested, defaultPolicy)).toBe(expected);
  });

  it.each<[PricingMethod, number]>([
    ['system', 10],
    ['item', 5],
    ['symptom', defaultPolicy.estimate.maxRiskPremiumPercent + 1],
  ])('refuses a %s estimate with a %d percent premium, naming body.riskPremiumPercent', (method, percent) => {
    expect(validationPaths(() => riskPremiumFor(method, percent, defaultPolicy))).toEqual([
      'body.riskPremiumPercent',
    ]);
  });
});

describe('the no-warranty note appears by itself (R-EST-2)', () => {
  it.each<[string, boolean, LineInput]>([
    ['a customer-supplied part', true, part({ supplier: 'customer' })],
    ['a customer-supplied aftermarket part', true, part({ supplier: 'customer', grade: 'aftermarket' })],
    [
      'an aftermarket part on a critical system at the customer’s insistence',
      true,
      part({ grade: 'aftermarket', criticalSystem: true, customerInsisted: true }),
    ],
    [
      'an aftermarket part on a critical system without the customer’s insistence',
      false,
      part({ grade: 'aftermarket', criticalSystem: true }),
    ],
    [
      'an aftermarket part on a non-critical system, even insisted on',
      false,
      part({ grade: 'aftermarket', customerInsisted: true }),
    ],
    ['an OEM part from the shop', false, part()],
    ['labour', false, labour(1, 10_000)],
  ])('%s → no-warranty note: %s', (_case, noted, line) => {
    const priced = price(line);
    expect(priced.noWarranty).toBe(noted);
    const ids = notices('system', [priced]).map((n) => n.id);
    expect(ids.includes('no-warranty')).toBe(noted);
  });

  it('names every uncovered line in the one note', () => {
    const lines = [
      part({ description: 'Own brake pads', supplier: 'customer' }),
      part({ description: 'Shop filter' }),
      part({
        description: 'Copy airbag',
        grade: 'aftermarket',
        criticalSystem: true,
        customerInsisted: true,
      }),
    ].map(price);
    expect(notices('system', lines)).toEqual([
      { id: 'no-warranty', text: 'No warranty on: Own brake pads; Copy airbag.' },
    ]);
  });
});

describe('the notices of each pricing method (R-EST-1)', () => {
  it.each<[PricingMethod, string[]]>([
    ['system', []],
    ['symptom', ['symptom-pricing-risk']],
    ['item', ['item-pricing-quality']],
  ])('a %s estimate shows %o', (method, ids) => {
    expect(notices(method, [price(labour(1, 10_000))]).map((n) => n.id)).toEqual(ids);
  });
});

describe('by-system pricing names the system of every labour and part line (R-EST-1)', () => {
  it('refuses a line without a system with 400 naming body.lines.N.system', () => {
    const lines = [
      labour(1, 10_000),
      part({ system: undefined }),
      fee(1_000),
      { ...labour(0.5, 20_000), system: undefined },
    ].map(parse);
    expect(validationPaths(() => checkMethodLines('system', lines))).toEqual([
      'body.lines.1.system',
      'body.lines.3.system',
    ]);
  });

  it.each<PricingMethod>(['symptom', 'item'])('lets a %s estimate leave systems out', (method) => {
    expect(() =>
      checkMethodLines(method, [parse({ ...labour(1, 10_000), system: undefined })]),
    ).not.toThrow();
  });
});

describe('an estimate priced as a whole', () => {
  it('prices the lines, applies the default symptom premium and adds the notices', () => {
    const priced = priceEstimate(
      'symptom',
      undefined,
      [labour(1.5, 20_000), part({ supplier: 'customer', unitPrice: 0 }), fee(5_000)].map(parse),
      defaultPolicy,
    );
    expect(priced.riskPremiumPercent).toBe(10);
    expect(priced.lines.map((l) => l.amount)).toEqual([30_000, 0, 5_000]);
    expect(priced.totals).toEqual({
      labour: 30_000,
      parts: 0,
      fees: 5_000,
      riskPremium: 3_000,
      total: 38_000,
    });
    expect(priced.notices.map((n) => n.id)).toEqual(['symptom-pricing-risk', 'no-warranty']);
  });

  it('refuses a line that carries its own amount or a body that carries totals (the server computes them)', () => {
    expect(lineInput.safeParse({ ...labour(1, 10_000), amount: 1 }).success).toBe(false);
  });
});

describe('estimate status rules (R-EST, R-REC-2)', () => {
  /** Every (status, action) pair: the next status, or absent when refused with 409. */
  const expected: Record<EstimateStatus, Partial<Record<EstimateAction, EstimateStatus>>> = {
    draft: { revise: 'draft', present: 'presented', decline: 'declined', convert: 'converted' },
    presented: { revise: 'draft', accept: 'accepted', decline: 'declined', convert: 'converted' },
    accepted: { decline: 'declined', convert: 'converted' },
    declined: { convert: 'converted' },
    converted: {},
  };
  const refused = 'refused with 409';
  const pairs = (Object.keys(expected) as EstimateStatus[]).flatMap((status) =>
    estimateActions.map((action) => [status, action, expected[status][action] ?? refused] as const),
  );

  it.each(pairs)('%s + %s → %s', (status, action, next) => {
    if (next !== refused) {
      expect(nextEstimateStatus(status, action)).toBe(next);
      return;
    }
    try {
      nextEstimateStatus(status, action);
      expect.unreachable('the action should be refused');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidTransitionError);
      const refusal = error as InvalidTransitionError;
      expect(refusal.status).toBe(409);
      expect(refusal.extensions.state).toBe(status);
      expect(refusal.extensions.allowedActions).toEqual(Object.keys(expected[status]));
    }
  });
});
