import { describe, expect, it } from 'vitest';
import { RuleViolationError, ValidationError } from '../../shared/kernel/errors';
import type { OpeningHours } from '../../shared/kernel/opening-hours';
import { defaultPolicy } from '../../shared/kernel/policy';
import {
  checkPricedLinesForMethod,
  confirmationTime,
  declinedBill,
  revisedDraft,
} from '../../shared/orders/rules/draft';
import { priceLine } from '../../shared/orders/rules/pricing';
import type { PricingMethod } from '../../shared/orders/schemas/lines';
import type { Order } from '../../shared/orders/schemas/order';
import type { ReviseOrder } from '../../shared/orders/schemas/order-requests';
import {
  aDraft,
  feeLine as fee,
  minutesFromDraftNow as iso,
  labourLine as labour,
  draftNow as now,
} from '../support/draft-orders';
import { refusal, validationIssues } from '../support/refusals';

/**
 * The edges of a draft order (R-RO-1, R-RO-2, R-EST-1..3, R-REC-2): what a revision keeps and what
 * it changes, the branch's opening hours in the promise judged again, and the texts of refusals.
 * Every case is built inside its `it`.
 */
/** Open every day 08:00-12:00 in Shenzhen: a promise at 13:10 falls while it is closed. */
const morningsOnly: OpeningHours = {
  timeZone: 'Asia/Shanghai',
  days: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
  open: '08:00',
  close: '12:00',
};

const revise = (order: Order, body: Omit<ReviseOrder, 'version'>, opening?: OpeningHours) =>
  revisedDraft(order, { version: order.version, ...body }, now, defaultPolicy, opening);

describe('what a revision keeps (R-EST-1, R-RO-1, R-RO-2)', () => {
  it.each<[string, Partial<Order>, Omit<ReviseOrder, 'version'>, PricingMethod, number, number, string[]]>([
    [
      'R-EST-1: a symptom draft keeps its premium when none is sent',
      { pricingMethod: 'symptom', riskPremiumPercent: 25 },
      {},
      'symptom',
      25,
      75_000,
      ['symptom-pricing-risk'],
    ],
    [
      'R-EST-1: a symptom draft sent the same method keeps its premium',
      { pricingMethod: 'symptom', riskPremiumPercent: 25 },
      { pricingMethod: 'symptom' },
      'symptom',
      25,
      75_000,
      ['symptom-pricing-risk'],
    ],
    [
      'R-EST-1: an item draft revised with nothing stays as it was',
      {},
      {},
      'item',
      0,
      60_000,
      ['item-pricing-quality'],
    ],
    [
      'R-EST-1: kept lines that name their system turn to by-system pricing',
      {},
      { pricingMethod: 'system' },
      'system',
      0,
      60_000,
      [],
    ],
  ])('%s', (_case, over, body, method, percent, total, ids) => {
    const order = aDraft(over);
    const next = revise(order, body);
    expect(next.pricingMethod).toBe(method);
    expect(next.riskPremiumPercent).toBe(percent);
    expect(next.totals.total).toBe(total);
    expect(next.notices.map((n) => n.id)).toEqual(ids);
    expect(next.lines).toEqual(order.lines);
    expect([next.promisedAt, next.originalPromisedAt]).toEqual([iso(180), iso(180)]);
    expect(next.otherRequests).toBe('Check the horn');
  });

  it('R-EST-1: an item draft whose kept lines name no system is revised without complaint', () => {
    const order = aDraft({ lines: [priceLine(labour(2), 'estimate')] });
    expect(revise(order, { promisedAt: iso(200) }).promisedAt).toBe(iso(200));
    expect(() => checkPricedLinesForMethod(order.lines, 'item')).not.toThrow();
    expect(() => checkPricedLinesForMethod(order.lines, 'symptom')).not.toThrow();
  });

  it('R-EST-1: new lines with their systems replace kept lines that had none', () => {
    const next = revise(aDraft({ lines: [priceLine(labour(2), 'estimate')] }), {
      pricingMethod: 'system',
      lines: [labour(1, 'brakes')],
    });
    expect(next.lines.map((l) => [l.system, l.amount, l.source])).toEqual([['brakes', 30_000, 'order']]);
    expect(next.totals.total).toBe(30_000);
  });

  it('R-EST-1: by-system pricing names the first line without a system, after fee lines', () => {
    expect(
      validationIssues(() =>
        checkPricedLinesForMethod(
          [
            priceLine(fee(1_000), 'estimate'),
            priceLine(labour(1, 'brakes'), 'estimate'),
            priceLine(labour(1), 'estimate'),
          ],
          'system',
        ),
      ),
    ).toEqual(['body.pricingMethod: By-system pricing needs a system on line 2; send the lines']);
  });

  it('R-RO-2: a promise given with an offset is stored in UTC, and moves the first promise', () => {
    const next = revise(aDraft(), { promisedAt: '2031-06-11T13:30:00+08:00' });
    expect([next.promisedAt, next.originalPromisedAt]).toEqual([
      '2031-06-11T05:30:00.000Z',
      '2031-06-11T05:30:00.000Z',
    ]);
  });

  it.each<[string, Partial<Order>, Omit<ReviseOrder, 'version'>, boolean]>([
    ['R-RO-1: cleared other requests leave no key', {}, { otherRequests: null }, false],
    ['R-RO-1: a draft without other requests gets none', { otherRequests: undefined }, {}, false],
    [
      'R-RO-1: other requests sent to a draft without them',
      { otherRequests: undefined },
      { otherRequests: 'Wash it' },
      true,
    ],
  ])('%s', (_case, over, body, has) => {
    const next = revise(aDraft(over), body);
    expect(Object.hasOwn(next, 'otherRequests')).toBe(has);
  });
});

describe("the branch's opening hours in the promise (R-RO-2)", () => {
  it('a revision refuses a promise that falls while the branch is closed', () => {
    expect(() => revise(aDraft(), {})).not.toThrow();
    const error = refusal(() => revise(aDraft(), {}, morningsOnly));
    expect(error).toBeInstanceOf(RuleViolationError);
    expect(error.extensions).toMatchObject({ rule: 'R-RO-2' });
  });

  it('a confirmation judges the promise in opening hours too', () => {
    expect(confirmationTime(aDraft(), undefined, now, defaultPolicy)).toBe(now);
    const error = refusal(() => confirmationTime(aDraft(), undefined, now, defaultPolicy, morningsOnly));
    expect(error).toBeInstanceOf(RuleViolationError);
    expect(error.extensions).toMatchObject({ rule: 'R-RO-2' });
  });

  it('R-RO-1: a confirmation a millisecond in the future is a 400', () => {
    expect(
      refusal(() => confirmationTime(aDraft(), '2031-06-11T02:10:00.001Z', now, defaultPolicy)),
    ).toBeInstanceOf(ValidationError);
  });
});

describe('the bill of a declined order (R-REC-2)', () => {
  it('keeps the fees as given, priced as the decline, with their figures', () => {
    const bill = declinedBill([fee(20_000)]);
    expect(bill.lines.map((l) => [l.kind, l.description, l.amount, l.source])).toEqual([
      ['fee', 'Diagnosis', 20_000, 'decline'],
    ]);
    expect(bill.totals).toMatchObject({ fees: 20_000, labour: 0, parts: 0, riskPremium: 0, total: 20_000 });
  });
});
