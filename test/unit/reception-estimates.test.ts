import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/kernel/errors';
import { defaultPolicy } from '../../shared/kernel/policy';
import { type LineInput, lineInput, type PricingMethod } from '../../shared/orders/schemas/lines';
import { estimateChanges, priceEstimate, revisedPricing } from '../../shared/reception/rules/estimate';

/** Revising an estimate (R-EST-1..3): new lines replace the old ones, kept lines are priced again. */
const labour = (system: string | undefined): LineInput => ({
  kind: 'labour',
  description: 'Labour',
  ...(system ? { system } : {}),
  hours: 1,
  rate: 20_000,
});
const parse = (line: LineInput) => lineInput.parse(line);

function estimate(method: PricingMethod, riskPremiumPercent: number | undefined, system?: string) {
  const priced = priceEstimate(method, riskPremiumPercent, [parse(labour(system))], defaultPolicy);
  return { pricingMethod: method, ...priced };
}

describe('the premium of a revised estimate (R-EST-1)', () => {
  it.each<
    [
      string,
      ReturnType<typeof estimate>,
      { pricingMethod?: PricingMethod; riskPremiumPercent?: number },
      number,
    ]
  >([
    ['a symptom estimate keeps its premium when none is sent', estimate('symptom', 20), {}, 20],
    ['a symptom estimate takes a premium sent', estimate('symptom', 20), { riskPremiumPercent: 30 }, 30],
    [
      'an estimate turned to symptom pricing gets the default premium',
      estimate('item', undefined),
      { pricingMethod: 'symptom' },
      10,
    ],
    [
      'an estimate turned from symptom to item pricing loses its premium',
      estimate('symptom', 20),
      { pricingMethod: 'item' },
      0,
    ],
  ])('%s', (_case, current, input, percent) => {
    const { priced } = revisedPricing(current, input, defaultPolicy);
    expect(priced.riskPremiumPercent).toBe(percent);
    expect(priced.totals.riskPremium).toBe((20_000 * percent) / 100);
    expect(priced.lines).toEqual(current.lines);
  });
});

describe('the method and lines of a revised estimate (R-EST-1)', () => {
  it('prices new lines, which replace the old ones', () => {
    const { pricingMethod, priced } = revisedPricing(
      estimate('item', undefined),
      { lines: [parse(labour('brakes')), parse(labour('brakes'))] },
      defaultPolicy,
    );
    expect(pricingMethod).toBe('item');
    expect(priced.totals.total).toBe(40_000);
  });

  it.each<[string, string | undefined, string[] | undefined]>([
    ['kept lines that name their system may turn to by-system pricing', 'brakes', undefined],
    ['kept lines without a system may not: 400 on body.pricingMethod', undefined, ['body.pricingMethod']],
  ])('%s', (_case, system, paths) => {
    const revise = () =>
      revisedPricing(estimate('item', undefined, system), { pricingMethod: 'system' }, defaultPolicy);
    if (!paths) {
      expect(revise().pricingMethod).toBe('system');
      return;
    }
    try {
      revise();
      throw new Error('expected a ValidationError');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).toEqual(paths);
    }
  });

  it('refuses a premium on a method other than symptom (R-EST-1)', () => {
    expect(() =>
      revisedPricing(estimate('item', undefined), { riskPremiumPercent: 5 }, defaultPolicy),
    ).toThrow(ValidationError);
  });
});

describe('what a step of the estimate logs (R-ACC-5)', () => {
  it.each<[string, Parameters<typeof estimateChanges>, string[]]>([
    ['a status move first', ['presented', 'draft', ['lines']], ['status: presented → draft', 'lines']],
    ['no move when the status stays', ['draft', 'draft', ['lines']], ['lines']],
  ])('%s', (_case, args, expected) => {
    expect(estimateChanges(...args)).toEqual(expected);
  });
});
