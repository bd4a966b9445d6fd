import { InvalidTransitionError } from '../kernel/errors';
import type { EstimateStatus } from './schemas/estimate';

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

export function allowedEstimateActions(status: EstimateStatus): EstimateAction[] {
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
