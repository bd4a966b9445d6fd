import { InvalidTransitionError, ValidationError } from '../../kernel/errors';
import type { Policy } from '../../kernel/policy';
import {
  checkMethodLines,
  computeTotals,
  notices,
  priceLine,
  riskPremiumFor,
} from '../../orders/rules/pricing';
import type { ParsedLineInput, PricedLine, PricingMethod } from '../../orders/schemas/lines';
import type { EstimateStatus } from '../schemas/estimate';
import type { EstimateRecord, ReviseEstimate } from '../schemas/estimate-requests';

/**
 * The estimate's status rules (R-EST, R-REC-2): draft → presented → accepted, declined, or
 * converted into a repair order (by the order's creation, `estimateConvertedStep`; a declined
 * estimate too, for the order that bills its fee). A revision
 * sends a presented estimate back to draft: the customer accepts only figures they were shown.
 */
export const estimateActions = ['revise', 'present', 'accept', 'decline', 'convert'] as const;
export type EstimateAction = (typeof estimateActions)[number];

const open: EstimateStatus[] = ['draft', 'presented', 'accepted'];
const estimateTransitions: Record<EstimateAction, { from: EstimateStatus[]; to: EstimateStatus }> = {
  revise: { from: ['draft', 'presented'], to: 'draft' },
  present: { from: ['draft'], to: 'presented' },
  accept: { from: ['presented'], to: 'accepted' },
  decline: { from: open, to: 'declined' },
  // A declined estimate still becomes an order: the one that bills the diagnosis or estimate
  // fee and lets the car leave with an exit notice (R-REC-2: declined there, then settled).
  convert: { from: [...open, 'declined'], to: 'converted' },
};

function allowedEstimateActions(status: EstimateStatus): EstimateAction[] {
  return estimateActions.filter((a) => estimateTransitions[a].from.includes(status));
}

/** The status after `action`, or a 409 naming the status and the actions it allows. */
export function nextEstimateStatus(status: EstimateStatus, action: EstimateAction): EstimateStatus {
  const rule = estimateTransitions[action];
  if (!rule.from.includes(status)) {
    const allowed = allowedEstimateActions(status);
    throw new InvalidTransitionError(
      `An estimate that is ${status} cannot ${action}; it allows ${allowed.join(', ') || 'nothing more'}`,
      status,
      allowed,
    );
  }
  return rule.to;
}

/** Figures of an estimate, all computed here (R-EST-1..3): a client never sends an amount or a total. */
export interface PricedEstimate {
  riskPremiumPercent: number;
  lines: PricedLine[];
  totals: EstimateRecord['totals'];
  notices: EstimateRecord['notices'];
}

export function priceEstimate(
  method: PricingMethod,
  riskPremiumPercent: number | undefined,
  lines: readonly ParsedLineInput[],
  policy: Policy,
): PricedEstimate {
  checkMethodLines(method, lines);
  const percent = riskPremiumFor(method, riskPremiumPercent, policy);
  const priced = lines.map((line) => priceLine(line, 'estimate'));
  return {
    riskPremiumPercent: percent,
    lines: priced,
    totals: computeTotals(priced, percent),
    notices: notices(method, priced),
  };
}

/**
 * The figures of a revised estimate (R-EST-1..3): new lines replace the old ones; a new method or
 * premium re-prices the lines kept. A symptom estimate keeps its premium unless one is sent;
 * another method has none. Kept lines switched to by-system pricing must all name their system.
 */
export function revisedPricing(
  current: Pick<EstimateRecord, 'pricingMethod' | 'riskPremiumPercent' | 'lines'>,
  input: Pick<ReviseEstimate, 'pricingMethod' | 'riskPremiumPercent' | 'lines'>,
  policy: Policy,
): { pricingMethod: PricingMethod; priced: PricedEstimate } {
  const method = input.pricingMethod ?? current.pricingMethod;
  const keepsPremium = method === 'symptom' && current.pricingMethod === 'symptom';
  const requested = input.riskPremiumPercent ?? (keepsPremium ? current.riskPremiumPercent : undefined);
  if (input.lines)
    return { pricingMethod: method, priced: priceEstimate(method, requested, input.lines, policy) };
  // The lines stay as priced; only the method's rules and the premium are applied again.
  if (method === 'system' && current.lines.some((l) => l.kind !== 'fee' && !l.system)) {
    throw new ValidationError([
      {
        path: 'body.pricingMethod',
        message: 'By-system pricing names the system of each line: send the lines with their systems',
      },
    ]);
  }
  const percent = riskPremiumFor(method, requested, policy);
  return {
    pricingMethod: method,
    priced: {
      riskPremiumPercent: percent,
      lines: current.lines,
      totals: computeTotals(current.lines, percent),
      notices: notices(method, current.lines),
    },
  };
}

/** What a step of the estimate's life logs: the status move first, when there is one (R-ACC-5). */
export function estimateChanges(from: EstimateStatus, to: EstimateStatus, changes: string[]): string[] {
  return to !== from ? [`status: ${from} → ${to}`, ...changes] : changes;
}
