import { ValidationError } from '../../kernel/errors';
import type { OpeningHours } from '../../kernel/opening-hours';
import type { Policy } from '../../kernel/policy';
import type { ParsedLineInput, PricedLine, PricingMethod } from '../schemas/lines';
import type { Order } from '../schemas/order';
import type { ReviseOrder } from '../schemas/order-requests';
import { checkMethodLines, computeTotals, notices, priceLine, riskPremiumFor } from './pricing';
import { requirePromise, utc } from './promise';

/**
 * Pure rules of a draft order before work starts (R-RO-1, R-RO-2, R-EST-1..3, R-REC-2): its
 * revision, the customer's confirmation and the decline after a diagnosis or estimate.
 */

/** By-system pricing names the system of every line (R-EST-1), for lines already priced. */
export function checkPricedLinesForMethod(lines: readonly PricedLine[], method: PricingMethod): void {
  if (method !== 'system') return;
  const missing = lines.findIndex((l) => l.kind !== 'fee' && !l.system);
  if (missing >= 0) {
    throw new ValidationError([
      {
        path: 'body.pricingMethod',
        message: `By-system pricing needs a system on line ${missing}; send the lines`,
      },
    ]);
  }
}

/**
 * A draft changes its lines, pricing or promise (R-EST-1..3, R-RO-2): new lines are priced, the
 * risk premium follows the method (a method changed drops the old percent), and the promise is
 * judged again against the lines. Nothing is promised to the customer before the confirmation,
 * so the first promise moves with it. `null` clears the other requests.
 */
export function revisedDraft(
  order: Order,
  body: ReviseOrder,
  now: string,
  policy: Policy,
  opening?: OpeningHours,
): Order {
  const method = body.pricingMethod ?? order.pricingMethod;
  if (body.lines) checkMethodLines(method, body.lines);
  else checkPricedLinesForMethod(order.lines, method);
  const lines = body.lines ? body.lines.map((l) => priceLine(l, 'order')) : order.lines;
  const risk = riskPremiumFor(
    method,
    body.riskPremiumPercent ?? (method === order.pricingMethod ? order.riskPremiumPercent : undefined),
    policy,
  );
  const promisedAt = body.promisedAt ? utc(body.promisedAt) : order.promisedAt;
  requirePromise({
    lines,
    promisedAt,
    now,
    bufferMinutes: policy.order.promiseBufferMinutes,
    occasion: { kind: 'order' },
    opening,
  });
  const { otherRequests: _o, ...rest } = order;
  const otherRequests = body.otherRequests === undefined ? order.otherRequests : body.otherRequests;
  return {
    ...rest,
    ...(otherRequests ? { otherRequests } : {}),
    pricingMethod: method,
    riskPremiumPercent: risk,
    lines,
    totals: computeTotals(lines, risk),
    notices: notices(method, lines),
    promisedAt,
    originalPromisedAt: promisedAt,
  };
}

/**
 * R-RO-1: when the customer confirmed (now unless given; never in the future). The promise is
 * judged again (R-RO-2): a draft that waited may no longer keep it.
 */
export function confirmationTime(
  order: Pick<Order, 'lines' | 'promisedAt'>,
  given: string | undefined,
  now: string,
  policy: Policy,
  opening?: OpeningHours,
): string {
  const confirmedAt = given ? utc(given) : now;
  if (confirmedAt > now) {
    throw new ValidationError([{ path: 'body.at', message: 'The confirmation cannot be in the future' }]);
  }
  requirePromise({
    lines: order.lines,
    promisedAt: order.promisedAt,
    now,
    bufferMinutes: policy.order.promiseBufferMinutes,
    occasion: { kind: 'order' },
    opening,
  });
  return confirmedAt;
}

/**
 * R-REC-2: the customer declines the work after the diagnosis or estimate. The order keeps only
 * the diagnosis or estimate fees given (none: nothing to pay), without risk premium or notices.
 */
export function declinedBill(
  fees: readonly ParsedLineInput[],
): Pick<Order, 'lines' | 'riskPremiumPercent' | 'totals' | 'notices'> {
  const lines = fees.map((f) => priceLine(f, 'decline'));
  return { lines, riskPremiumPercent: 0, totals: computeTotals(lines, 0), notices: [] };
}
