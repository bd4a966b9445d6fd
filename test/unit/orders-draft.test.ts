import { describe, expect, it } from 'vitest';
import { RuleViolationError, ValidationError } from '../../shared/kernel/errors';
import { defaultPolicy } from '../../shared/kernel/policy';
import {
  checkPricedLinesForMethod,
  confirmationTime,
  declinedBill,
  revisedDraft,
} from '../../shared/orders/rules/draft';
import { priceLine } from '../../shared/orders/rules/pricing';
import type { Order } from '../../shared/orders/schemas/order';
import type { ReviseOrder } from '../../shared/orders/schemas/order-requests';
import {
  aDraft,
  feeLine as fee,
  minutesFromDraftNow as iso,
  labourLine as labour,
  draftNow as now,
} from '../support/draft-orders';
import { refusal } from '../support/refusals';

const revise = (order: Order, body: Omit<ReviseOrder, 'version'>) =>
  revisedDraft(order, { version: order.version, ...body }, now, defaultPolicy);

describe('a draft order is revised and priced again (R-EST-1..3, R-RO-2)', () => {
  it.each([
    // case, body, method, risk %, total, promise
    ['R-EST-3: new lines are priced by the server', { lines: [labour(2.5)] }, 'item', 0, 75_000, iso(180)],
    [
      'R-EST-1: symptom pricing takes the policy risk premium',
      { pricingMethod: 'symptom' as const },
      'symptom',
      10,
      66_000,
      iso(180),
    ],
    [
      'R-EST-1: a risk premium given is used',
      { pricingMethod: 'symptom' as const, riskPremiumPercent: 20 },
      'symptom',
      20,
      72_000,
      iso(180),
    ],
    [
      'R-RO-2: a new promise moves the first promise too',
      { promisedAt: iso(200) },
      'item',
      0,
      60_000,
      iso(200),
    ],
  ])('%s', (_case, body, method, risk, total, promise) => {
    const next = revise(aDraft(), body);
    expect(next).toMatchObject({
      pricingMethod: method,
      riskPremiumPercent: risk,
      promisedAt: promise,
      originalPromisedAt: promise,
    });
    expect(next.totals.total).toBe(total);
  });

  it('R-EST-1: a method changed drops the risk premium of the old one', () => {
    const next = revise(aDraft({ pricingMethod: 'symptom', riskPremiumPercent: 25 }), {
      pricingMethod: 'item',
    });
    expect(next.riskPremiumPercent).toBe(0);
    expect(next.notices.map((n) => n.id)).toEqual(['item-pricing-quality']);
  });

  it.each([
    ['R-RO-1: other requests are kept when not sent', {}, 'Check the horn'],
    ['R-RO-1: other requests are replaced', { otherRequests: 'Wash it' }, 'Wash it'],
    ['R-RO-1: null clears the other requests', { otherRequests: null }, undefined],
  ])('%s', (_case, body, otherRequests) => {
    const next = revise(aDraft(), { promisedAt: iso(180), ...body });
    expect(next.otherRequests).toBe(otherRequests);
  });

  it.each([
    [
      'R-EST-1: by-system pricing of priced lines needs their systems',
      aDraft({ lines: [priceLine(labour(2), 'estimate')] }),
      { pricingMethod: 'system' as const },
      'body.pricingMethod: By-system pricing needs a system on line 0; send the lines',
    ],
    [
      'R-EST-1: by-system pricing of new lines needs their systems',
      aDraft(),
      { pricingMethod: 'system' as const, lines: [labour(1, 'brakes'), labour(1)] },
      'body.lines.1.system: By-system pricing names the system of each line',
    ],
    [
      'R-EST-1: only symptom pricing carries a risk premium',
      aDraft(),
      { riskPremiumPercent: 5 },
      'body.riskPremiumPercent: Only symptom pricing carries a risk premium',
    ],
    [
      'R-EST-1: a risk premium above the policy maximum',
      aDraft(),
      { pricingMethod: 'symptom' as const, riskPremiumPercent: 51 },
      'body.riskPremiumPercent: Use 0-50 %',
    ],
  ])('%s is a 400', (_case, order, body, message) => {
    const error = refusal(() => revise(order, body));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toBe(message);
  });

  it('R-RO-2: more work than the promise allows is refused, naming the earliest promise', () => {
    const error = refusal(() => revise(aDraft(), { lines: [labour(4)] }));
    expect(error).toBeInstanceOf(RuleViolationError);
    expect(error.extensions).toMatchObject({ rule: 'R-RO-2', earliestPromise: iso(270) });
  });

  it('R-EST-1: fee lines need no system', () => {
    expect(() =>
      checkPricedLinesForMethod(
        [priceLine(fee(1_000), 'estimate'), priceLine(labour(1, 'brakes'), 'estimate')],
        'system',
      ),
    ).not.toThrow();
  });
});

describe("the customer's confirmation (R-RO-1, R-RO-2)", () => {
  it.each([
    // case, time given, recorded
    ['R-RO-1: without a time the confirmation is now', undefined, now],
    ['R-RO-1: a confirmation signed earlier keeps its time, in UTC', '2031-06-11T09:40:00+08:00', iso(-30)],
    ['R-RO-1: a confirmation exactly now is kept', now, now],
  ])('%s', (_case, given, recorded) => {
    expect(confirmationTime(aDraft(), given, now, defaultPolicy)).toBe(recorded);
  });

  it('R-RO-1: a confirmation in the future is a 400', () => {
    const error = refusal(() => confirmationTime(aDraft(), iso(1), now, defaultPolicy));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.extensions.errors).toEqual([
      { path: 'body.at', message: 'The confirmation cannot be in the future' },
    ]);
  });

  it.each([
    ['R-RO-2: a draft that waited past its promise cannot be confirmed', iso(100), iso(150)],
    ['R-RO-2: a promise equal to now cannot be confirmed', now, iso(150)],
  ])('%s', (_case, promisedAt, earliest) => {
    const error = refusal(() => confirmationTime(aDraft({ promisedAt }), undefined, now, defaultPolicy));
    expect(error).toBeInstanceOf(RuleViolationError);
    expect(error.extensions).toMatchObject({ rule: 'R-RO-2', earliestPromise: earliest });
  });
});

describe('the customer declines after the diagnosis or estimate (R-REC-2)', () => {
  it.each([
    ['R-REC-2: no fee: nothing to pay', [], 0],
    ['R-REC-2: the diagnosis fee', [fee(20_000)], 20_000],
    ['R-REC-2: diagnosis and estimate fees', [fee(20_000), fee(5_000, 'estimate')], 25_000],
  ])('%s', (_case, fees, total) => {
    const bill = declinedBill(fees);
    expect(bill.lines.map((l) => [l.kind, l.source])).toEqual(fees.map(() => ['fee', 'decline']));
    expect(bill.totals.total).toBe(total);
    expect(bill.riskPremiumPercent).toBe(0);
    expect(bill.notices).toEqual([]);
  });
});
