import { ConflictError, ValidationError } from '../../kernel/errors';
import { nextOpening, type OpeningHours } from '../../kernel/opening-hours';
import type { Policy } from '../../kernel/policy';
import type { AnswerAddOn, RaiseAddOn } from '../schemas/completion-requests';
import type { Order, StaffRef } from '../schemas/order';
import { checkMethodLines, computeTotals, notices, priceLine } from './pricing';
import { requirePromise } from './promise';

/**
 * Pure rules of add-on repair items 追加維修項目 (R-ADD-1..3): what a new item holds and costs,
 * and what the customer's answer does to the order.
 */
type AddOn = Order['addOns'][number];

/**
 * R-ADD-1: the workshop raises an add-on item. Its lines are priced like the order's (R-EST-1);
 * the delay it causes has to cover its parts to order (R-RO-2, R-ADD-3); declined work of the
 * vehicle (`offerOf`) is offered once at a time on an order: two answers to it would close it and
 * open it again. The price is what approving it adds to the bill, a symptom-priced order's risk
 * premium included, so the customer agrees to the amount they will pay.
 */
export function newAddOn(input: {
  order: Pick<Order, 'pricingMethod' | 'promisedAt' | 'riskPremiumPercent' | 'addOns'>;
  request: Pick<
    RaiseAddOn,
    'description' | 'reason' | 'lines' | 'extraMinutes' | 'safetyRelated' | 'offerOf'
  >;
  id: string;
  by: StaffRef;
  now: string;
  policy: Policy;
  /** R-RO-2: the moved promise falls in the branch's opening hours. */
  opening?: OpeningHours | undefined;
}): AddOn {
  const { order, request, id, now } = input;
  checkMethodLines(order.pricingMethod, request.lines);
  const lines = request.lines.map((line) => priceLine(line, `addon:${id}`));
  requirePromise({
    lines,
    promisedAt: order.promisedAt,
    now,
    bufferMinutes: input.policy.order.promiseBufferMinutes,
    occasion: { kind: 'addOn', extraMinutes: request.extraMinutes },
    opening: input.opening,
  });
  const offered = request.offerOf
    ? order.addOns.find((a) => a.offerOf === request.offerOf && a.status !== 'declined')
    : undefined;
  if (offered) {
    throw new ValidationError([
      {
        path: 'body.offerOf',
        message: `Declined work ${request.offerOf} is already offered on this order (add-on ${offered.id}, ${offered.status})`,
      },
    ]);
  }
  return {
    id,
    description: request.description,
    reason: request.reason,
    lines,
    price: computeTotals(lines, order.riskPremiumPercent).total,
    extraMinutes: request.extraMinutes,
    safetyRelated: request.safetyRelated,
    raisedBy: input.by,
    raisedAt: now,
    status: 'pending',
    ...(request.offerOf ? { offerOf: request.offerOf } : {}),
  };
}

/**
 * R-ADD-2/3: the customer's answer to one pending add-on item, reached after it was raised.
 * Approved lines join the order (totals and notices follow) and the promised time moves by the
 * item's delay (the first promise stays in `originalPromisedAt`); a declined item changes
 * nothing on the bill. While another item waits the order stays `awaiting_addon`, else it is back
 * `in_workshop`. Returns the order after the answer and the answered item.
 */
type AddOnChannel = NonNullable<Order['addOns'][number]['answer']>['channel'];

export function answeredAddOn(
  order: Order,
  /** The advisor's answer, or the customer's own through their link (channel `link`, R-SELF-1). */
  answer: Omit<AnswerAddOn, 'version' | 'channel'> & { channel: AddOnChannel },
  by: StaffRef,
  opening?: OpeningHours,
): { order: Order; addOn: AddOn } {
  const index = order.addOns.findIndex((a) => a.id === answer.addOnId);
  const item = order.addOns[index];
  if (!item) {
    throw new ValidationError([
      { path: 'body.addOnId', message: `Order ${order.id} has no add-on item ${answer.addOnId}` },
    ]);
  }
  if (item.status !== 'pending') {
    throw new ConflictError(`Add-on item ${item.id} was already ${item.status}`);
  }
  if (Date.parse(answer.customerContactedAt) < Date.parse(item.raisedAt)) {
    throw new ValidationError([
      { path: 'body.customerContactedAt', message: `Not before the item was raised (${item.raisedAt})` },
    ]);
  }
  const answered: AddOn = {
    ...item,
    status: answer.decision,
    answer: {
      decision: answer.decision,
      customerContactedAt: answer.customerContactedAt,
      channel: answer.channel,
      recordedBy: by,
      workshopToldAt: answer.workshopToldAt,
      workshopToldWho: answer.workshopToldWho,
      ...(answer.note ? { note: answer.note } : {}),
    },
  };
  const addOns = order.addOns.map((a, i) => (i === index ? answered : a));
  const next: Order = { ...order, addOns };
  if (answered.status === 'approved') {
    next.lines = [...order.lines, ...answered.lines];
    next.totals = computeTotals(next.lines, order.riskPremiumPercent);
    next.notices = notices(order.pricingMethod, next.lines);
    // R-RO-2: raising the item checked that the delay ends while the branch is open; another item
    // answered meanwhile may have moved the promise since, and the customer's answer is recorded
    // whatever the clock says, so a delay that now ends while closed ends at the next opening.
    const moved = new Date(Date.parse(order.promisedAt) + answered.extraMinutes * 60_000);
    next.promisedAt = (opening ? nextOpening(moved, opening) : moved).toISOString();
  }
  next.state = addOns.some((a) => a.status === 'pending') ? 'awaiting_addon' : 'in_workshop';
  return { order: next, addOn: answered };
}
