import { ulid } from 'ulid';
import { ValidationError } from '../../kernel/errors';
import { percentOf, sum, times } from '../../kernel/money';
import type { Policy } from '../../kernel/policy';
import type { ParsedLineInput, PricedLine, PricingMethod, Totals } from '../schemas/lines';

/**
 * Prices lines and totals (R-EST-1..3). Pure: the same input always gives the same figures, in
 * integer minor units. The no-warranty note (R-EST-2) and the pricing notices (R-EST-1) appear by
 * themselves.
 */
export function priceLine(input: ParsedLineInput, source: string): PricedLine {
  switch (input.kind) {
    case 'labour':
      return { ...input, id: ulid(), amount: times(input.rate, input.hours), noWarranty: false, source };
    case 'part': {
      const noWarranty =
        input.supplier === 'customer' ||
        (input.grade === 'aftermarket' && input.criticalSystem && input.customerInsisted);
      return { ...input, id: ulid(), amount: times(input.unitPrice, input.quantity), noWarranty, source };
    }
    case 'fee':
      return { ...input, id: ulid(), noWarranty: false, source };
  }
}

export function computeTotals(lines: readonly PricedLine[], riskPremiumPercent: number): Totals {
  const of = (kind: PricedLine['kind']) => sum(lines.filter((l) => l.kind === kind).map((l) => l.amount));
  const labour = of('labour');
  const parts = of('part');
  const fees = of('fee');
  // R-EST-1: the risk premium of symptom pricing applies to the work, not to fees.
  const riskPremium = percentOf(labour + parts, riskPremiumPercent);
  return { labour, parts, fees, riskPremium, total: labour + parts + fees + riskPremium };
}

/** The risk premium of a method: symptom pricing only (R-EST-1), the branch default unless set. */
export function riskPremiumFor(method: PricingMethod, requested: number | undefined, policy: Policy): number {
  if (method !== 'symptom') {
    if (requested) {
      throw new ValidationError([
        { path: 'body.riskPremiumPercent', message: 'Only symptom pricing carries a risk premium' },
      ]);
    }
    return 0;
  }
  const percent = requested ?? policy.estimate.symptomRiskPremiumPercent;
  if (percent < 0 || percent > policy.estimate.maxRiskPremiumPercent) {
    throw new ValidationError([
      { path: 'body.riskPremiumPercent', message: `Use 0-${policy.estimate.maxRiskPremiumPercent} %` },
    ]);
  }
  return percent;
}

/** R-EST-1: by-system pricing needs every labour and part line to name its system. */
export function checkMethodLines(
  method: PricingMethod,
  lines: readonly ParsedLineInput[],
  path = 'body.lines',
): void {
  if (method !== 'system') return;
  const issues = lines.flatMap((line, i) =>
    line.kind !== 'fee' && !line.system
      ? [{ path: `${path}.${i}.system`, message: 'By-system pricing names the system of each line' }]
      : [],
  );
  if (issues.length > 0) throw new ValidationError(issues);
}

/** Notices the customer must see (R-EST-1 item pricing, R-EST-2 no warranty), in English; SMS/print localise by id. */
export function notices(method: PricingMethod, lines: readonly PricedLine[]): { id: string; text: string }[] {
  const out: { id: string; text: string }[] = [];
  if (method === 'item') {
    out.push({
      id: 'item-pricing-quality',
      text: 'Priced per item of work: quality cannot always be assured.',
    });
  }
  if (method === 'symptom') {
    out.push({ id: 'symptom-pricing-risk', text: 'Priced to remove the symptom; includes a risk premium.' });
  }
  const uncovered = lines.filter((l) => l.noWarranty).map((l) => l.description);
  if (uncovered.length > 0) {
    out.push({ id: 'no-warranty', text: `No warranty on: ${uncovered.join('; ')}.` });
  }
  return out;
}
