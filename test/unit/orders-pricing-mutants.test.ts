import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../shared/kernel/policy';
import { checkMethodLines, notices, priceLine, riskPremiumFor } from '../../shared/orders/rules/pricing';
import { type LineInput, lineInput } from '../../shared/orders/schemas/lines';
import { validationIssues } from '../support/refusals';

/** Survivors of the mutation run of pricing.ts (issue 14), each a requirement case (R-EST-1). */
const max = defaultPolicy.estimate.maxRiskPremiumPercent;

describe('the risk premium of symptom pricing at its bounds (R-EST-1)', () => {
  it.each([
    ['R-EST-1: 0 % is the lowest premium', 0, []],
    ['R-EST-1: the policy maximum itself is allowed', max, []],
    [
      'R-EST-1: a hundredth above the maximum is refused',
      max + 0.01,
      [`body.riskPremiumPercent: Use 0-${max} %`],
    ],
    ['R-EST-1: a negative premium is refused', -1, [`body.riskPremiumPercent: Use 0-${max} %`]],
    ['R-EST-1: a hundredth below 0 is refused', -0.01, [`body.riskPremiumPercent: Use 0-${max} %`]],
  ])('%s', (_case, percent, issues) => {
    expect(validationIssues(() => riskPremiumFor('symptom', percent, defaultPolicy))).toEqual(issues);
  });
});

const line = (input: LineInput) => lineInput.parse(input);

describe('by-system pricing with every system named (R-EST-1)', () => {
  it.each<[string, LineInput[]]>([
    [
      'R-EST-1: labour and parts that name their system pass',
      [
        { kind: 'labour', description: 'Labour', system: 'brakes', hours: 1, rate: 10_000 },
        {
          kind: 'part',
          description: 'Pads',
          system: 'brakes',
          quantity: 1,
          unitPrice: 5_000,
          supplier: 'shop',
          grade: 'oem',
        },
      ],
    ],
    [
      'R-EST-1: a fee needs no system',
      [{ kind: 'fee', description: 'Diagnosis', feeType: 'diagnosis', amount: 1_000 }],
    ],
    ['R-EST-1: no lines at all pass', []],
  ])('%s', (_case, lines) => {
    expect(() => checkMethodLines('system', lines.map(line))).not.toThrow();
  });
});

describe('the no-warranty mark of each line (R-EST-2)', () => {
  const part = {
    kind: 'part',
    description: 'Airbag',
    quantity: 1,
    unitPrice: 50_000,
    supplier: 'shop',
  } as const;
  it.each<[string, LineInput, boolean]>([
    [
      'R-EST-2: an OEM part on a critical system, even insisted on, keeps its warranty',
      { ...part, grade: 'oem', criticalSystem: true, customerInsisted: true },
      false,
    ],
    [
      'R-EST-2: a fee carries no warranty note',
      { kind: 'fee', description: 'Diagnosis', feeType: 'diagnosis', amount: 1_000 },
      false,
    ],
  ])('%s', (_case, input, noWarranty) => {
    expect(priceLine(line(input), 'estimate').noWarranty).toBe(noWarranty);
  });
});

describe('the notices say what the customer must read (R-EST-1)', () => {
  const labour = priceLine(
    line({ kind: 'labour', description: 'Labour', system: 'brakes', hours: 1, rate: 10_000 }),
    'estimate',
  );
  it.each([
    [
      'item',
      [{ id: 'item-pricing-quality', text: 'Priced per item of work: quality cannot always be assured.' }],
    ],
    [
      'symptom',
      [{ id: 'symptom-pricing-risk', text: 'Priced to remove the symptom; includes a risk premium.' }],
    ],
    ['system', []],
  ] as const)('R-EST-1: a %s estimate shows its notice word for word', (method, expected) => {
    expect(notices(method, [labour])).toEqual(expected);
  });
});
