import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/kernel/errors';
import { defaultPolicy } from '../../shared/kernel/policy';
import { type LineInput, lineInput, type PricingMethod } from '../../shared/orders/schemas/lines';
import {
  type EstimateAction,
  estimateChanges,
  nextEstimateStatus,
  priceEstimate,
  revisedPricing,
} from '../../shared/reception/rules/estimate';
import type { EstimateStatus } from '../../shared/reception/schemas/estimate';
import { validationIssues } from '../support/refusals';
import { expectTransition } from '../support/transitions';

/**
 * The estimate's edges (R-EST-1..3, R-REC-2, R-ACC-5): what a refused step says (a 409 naming
 * the status and the actions it allows), the figures of a revision that keeps its lines, and
 * the log of a step. Every case is built inside its `it`.
 */
const parse = (line: LineInput) => lineInput.parse(line);
const labour = (system?: string) =>
  parse({ kind: 'labour', description: 'Labour', hours: 1, rate: 20_000, ...(system ? { system } : {}) });
const fee = () => parse({ kind: 'fee', description: 'Diagnosis', feeType: 'diagnosis', amount: 5_000 });

describe('a refused estimate step names the status and what it allows (R-EST, R-REC-2)', () => {
  it.each<[EstimateStatus, EstimateAction, string[]]>([
    ['draft', 'accept', ['revise', 'present', 'decline', 'convert']],
    ['presented', 'present', ['revise', 'accept', 'decline', 'convert']],
    ['accepted', 'revise', ['decline', 'convert']],
    ['declined', 'accept', ['convert']],
  ])('%s refuses %s and lists %j', (status, action, allowed) => {
    expectTransition(() => nextEstimateStatus(status, action), {
      ok: false,
      message: `An estimate that is ${status} cannot ${action}; it allows ${allowed.join(', ')}`,
      state: status,
      allowedActions: allowed,
    });
  });

  it('R-REC-2: a converted estimate allows nothing more', () => {
    expectTransition(() => nextEstimateStatus('converted', 'convert'), {
      ok: false,
      message: 'An estimate that is converted cannot convert; it allows nothing more',
      state: 'converted',
      allowedActions: [],
    });
  });

  it.each<[EstimateStatus, EstimateAction, EstimateStatus]>([
    ['presented', 'revise', 'draft'],
    ['draft', 'present', 'presented'],
    ['declined', 'convert', 'converted'],
  ])('%s + %s → %s', (status, action, next) => {
    expect(nextEstimateStatus(status, action)).toBe(next);
  });
});

describe('the figures of an estimate (R-EST-1..3)', () => {
  it.each<[PricingMethod, number | undefined, number, number, string[]]>([
    ['symptom', undefined, 10, 22_000, ['symptom-pricing-risk']],
    ['symptom', 0, 0, 20_000, ['symptom-pricing-risk']],
    ['item', undefined, 0, 20_000, ['item-pricing-quality']],
    ['system', undefined, 0, 20_000, []],
  ])('%s pricing with premium %s: %s %, total %s, notices %j', (method, requested, percent, total, ids) => {
    const priced = priceEstimate(method, requested, [labour('brakes')], defaultPolicy);
    expect(priced.riskPremiumPercent).toBe(percent);
    expect(priced.totals.total).toBe(total);
    expect(priced.lines.map((l) => [l.kind, l.amount, l.source])).toEqual([['labour', 20_000, 'estimate']]);
    expect(priced.notices.map((n) => n.id)).toEqual(ids);
  });

  it('R-EST-1: by-system pricing of new lines names each system (400)', () => {
    expect(
      validationIssues(() => priceEstimate('system', undefined, [labour('brakes'), labour()], defaultPolicy)),
    ).toEqual(['body.lines.1.system: By-system pricing names the system of each line']);
  });
});

describe('a revised estimate that keeps its lines (R-EST-1)', () => {
  const current = (method: PricingMethod, percent: number | undefined, lines = [labour()]) => ({
    pricingMethod: method,
    ...priceEstimate(method, percent, lines, defaultPolicy),
  });

  it.each<
    [
      string,
      PricingMethod,
      number | undefined,
      PricingMethod | undefined,
      number | undefined,
      PricingMethod,
      number,
      number,
      string[],
    ]
  >([
    [
      'R-EST-1: nothing sent keeps method and premium',
      'symptom',
      25,
      undefined,
      undefined,
      'symptom',
      25,
      25_000,
      ['symptom-pricing-risk'],
    ],
    [
      'R-EST-1: a new premium on the same method',
      'symptom',
      25,
      'symptom',
      5,
      'symptom',
      5,
      21_000,
      ['symptom-pricing-risk'],
    ],
    [
      'R-EST-1: turned to item pricing',
      'symptom',
      25,
      'item',
      undefined,
      'item',
      0,
      20_000,
      ['item-pricing-quality'],
    ],
    [
      'R-EST-1: turned to symptom pricing takes the default',
      'item',
      undefined,
      'symptom',
      undefined,
      'symptom',
      10,
      22_000,
      ['symptom-pricing-risk'],
    ],
  ])('%s', (_case, method, percent, newMethod, newPercent, expectedMethod, expectedPercent, total, ids) => {
    const before = current(method, percent);
    const { pricingMethod, priced } = revisedPricing(
      before,
      {
        ...(newMethod ? { pricingMethod: newMethod } : {}),
        ...(newPercent !== undefined ? { riskPremiumPercent: newPercent } : {}),
      },
      defaultPolicy,
    );
    expect(pricingMethod).toBe(expectedMethod);
    expect(priced.riskPremiumPercent).toBe(expectedPercent);
    expect(priced.totals.total).toBe(total);
    expect(priced.lines).toEqual(before.lines);
    expect(priced.notices.map((n) => n.id)).toEqual(ids);
  });

  it('R-EST-1: kept lines without a system may not turn to by-system pricing, and the 400 says why', () => {
    const before = current('item', undefined, [fee(), labour()]);
    expect(
      validationIssues(() => revisedPricing(before, { pricingMethod: 'system' }, defaultPolicy)),
    ).toEqual([
      'body.pricingMethod: By-system pricing names the system of each line: send the lines with their systems',
    ]);
  });

  it('R-EST-1: a fee line needs no system when kept lines turn to by-system pricing', () => {
    const before = current('item', undefined, [fee(), labour('brakes')]);
    const { pricingMethod, priced } = revisedPricing(before, { pricingMethod: 'system' }, defaultPolicy);
    expect(pricingMethod).toBe('system');
    expect(priced.totals.total).toBe(25_000);
    expect(priced.notices).toEqual([]);
  });

  it('R-EST-1: new lines of a symptom estimate keep its premium unless one is sent', () => {
    const before = current('symptom', 30);
    const { priced } = revisedPricing(before, { lines: [labour(), labour()] }, defaultPolicy);
    expect(priced.riskPremiumPercent).toBe(30);
    expect(priced.totals.total).toBe(52_000);
    expect(() =>
      revisedPricing(before, { pricingMethod: 'item', riskPremiumPercent: 5 }, defaultPolicy),
    ).toThrow(ValidationError);
  });
});

describe('what a step of the estimate logs (R-ACC-5)', () => {
  it.each<[EstimateStatus, EstimateStatus, string[], string[]]>([
    ['draft', 'presented', [], ['status: draft → presented']],
    ['accepted', 'accepted', [], []],
    ['declined', 'converted', ['order'], ['status: declined → converted', 'order']],
  ])('%s → %s with %j', (from, to, changes, logged) => {
    expect(estimateChanges(from, to, changes)).toEqual(logged);
  });
});
