import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamo';
import { type Runtime, startRuntime } from '../../infra/local/runtime';
import { localDate } from '../../shared/kernel/local-time';
import type { Order } from '../../shared/orders/schemas/order';
import { getOrder } from '../../shared/orders/store/orders';
import { store } from '../../shared/platform/dynamo/client';
import { setClock } from '../../shared/platform/ports/clock';
import { produceReport } from '../../shared/reports/actions/reports';
import { settlementRevenue, sumCounters } from '../../shared/reports/rules/figures';
import { periodOf, type ReportKind } from '../../shared/reports/rules/periods';
import { branchDays } from '../../shared/reports/store';
import { call, givenBranch, hire, type TestActor } from '../support/api';
import { restoreTestClock, testNow } from '../support/clock';
import { sharedDynamo } from '../support/e2e-dynamo';
import { exitBody, givenCustomerWithVehicle, givenOrder } from '../support/orders';

/**
 * The metrics aggregator on the table's stream (issue 5 item 1, R-RPT-2, R-RPT-4), end to end on
 * the local runtime's own DynamoDB Local: orders settled, paid and exited over several days through
 * the API; the stream poller feeds the aggregator; the day figures must equal a recomputation from
 * the orders themselves, and replaying the whole stream must change nothing.
 */
const hour = 3_600_000;
const day = 24 * hour;
const timeZone = 'Asia/Shanghai';

let runtime: Runtime;
let branchId: string;
let cashier: TestActor;
let advisor: TestActor;
const orders: Order[] = [];
/** 10:00 in Shanghai on a fixed day, so local days are known. */
const base = Date.parse('2026-11-02T02:00:00Z');

beforeAll(async () => {
  runtime = await startRuntime({
    ...sharedDynamo(),
    port: await freePort(),
    sweepEveryMs: 0,
    streamEveryMs: 0,
  });
  branchId = await givenBranch();
  cashier = await hire(branchId, ['cashier'], '收銀 趙');
  advisor = await hire(branchId, ['advisor'], '接待 李');
  const owner = await givenCustomerWithVehicle(branchId, advisor);
  const prepared = { cleaned: true, belongingsChecked: true, billsCollected: true };
  const path = (o: { id: string }) => `/branches/${branchId}/orders/${o.id}`;
  const act = async (
    who: TestActor,
    o: { id: string; version: number },
    action: string,
    body: object = {},
  ) => {
    const done = await call(who, 'POST', `${path(o)}/${action}`, { body: { version: o.version, ...body } });
    if (done.status !== 200) throw new Error(`${action}: ${JSON.stringify(done.body)}`);
    return done.body as Order;
  };
  // Nine orders over three local days (one settled late in the evening, UTC's next day): some
  // paid in full at once, some in part with the rest two days later, some still owing.
  for (let i = 0; i < 9; i++) {
    const at = base + Math.floor(i / 3) * day + (i % 3 === 2 ? 11 * hour : i * hour);
    setClock({ now: () => new Date(at) });
    const ready = await givenOrder(branchId, owner, 'ready', {
      vehicleType: i % 2 === 0 ? 'car' : 'van',
      repairCategory: i % 3 === 0 ? 'maintenance' : 'repair',
      pickupPreparation: {
        ...prepared,
        recordedBy: { staffId: 'X', name: 'X' },
        at: new Date(at).toISOString(),
      },
    } as Partial<Order>);
    let current = await act(cashier, ready, 'settle');
    const due = current.settlement?.amountDue ?? 0;
    if (i % 3 === 0) current = await act(cashier, current, 'recordPayment', { amount: due, method: 'cash' });
    if (i % 3 === 1)
      current = await act(cashier, current, 'recordPayment', { amount: 10_000, method: 'card' });
    if (i % 3 !== 2) current = await act(advisor, current, 'exit', exitBody);
    orders.push(current);
  }
  // Two days later the part-payers pay the rest.
  setClock({ now: () => new Date(base + 4 * day) });
  for (const [index, o] of orders.entries()) {
    if (index % 3 !== 1) continue;
    const rest = o.settlement?.outstanding ?? 0;
    orders[index] = await act(cashier, o, 'recordPayment', { amount: rest, method: 'wechat_pay' });
  }
  restoreTestClock();
  await runtime.stream.drain();
}, 120_000);

afterAll(async () => {
  restoreTestClock();
  await runtime?.stop();
});

/** The figures recomputed from the orders themselves (R-RPT-2: "不得估計、漏項"). */
async function recomputed() {
  const byDay: Record<string, Record<string, number>> = {};
  const add = (at: string, counters: Record<string, number>) => {
    const d = localDate(at, timeZone);
    const target = byDay[d] ?? {};
    byDay[d] = target;
    for (const [k, v] of Object.entries(counters)) target[k] = (target[k] ?? 0) + v;
  };
  for (const o of orders) {
    const stored = await getOrder(store(), branchId, o.id);
    const s = stored.settlement;
    // Payments are taken against the settlement only, so at settlement the whole amount due is owed.
    if (s) add(s.issuedAt, { revenue: settlementRevenue(s), receivablesRaised: s.amountDue });
    for (const p of stored.payments)
      add(p.at, { paymentsReceived: p.amount, receivablesCollected: p.amount });
    if (stored.handover)
      add(stored.handover.at, { carsIn: 1, [`carsIn.category.${stored.repairCategory}`]: 1 });
    if (stored.exit) add(stored.exit.at, { carsOut: 1, [`carsOut.type.${stored.vehicleType}`]: 1 });
  }
  return byDay;
}

async function aggregated() {
  const days = await branchDays(store(), branchId, '2026-11-01', '2026-11-30');
  return Object.fromEntries(days.map((d) => [d.day, d.counters]));
}

const money = ['revenue', 'receivablesRaised', 'receivablesCollected', 'paymentsReceived', 'carsOut'];

describe('the aggregator on the stream (issue 5 item 1, R-RPT-2)', () => {
  it('day figures equal a recomputation from the settled orders, to the minor unit', async () => {
    const expected = await recomputed();
    const actual = await aggregated();
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
    for (const [d, counters] of Object.entries(expected)) {
      for (const name of Object.keys(counters))
        expect([d, name, actual[d]?.[name] ?? 0]).toEqual([d, name, counters[name]]);
    }
    const totals = sumCounters(Object.values(actual));
    expect(totals.revenue).toBe(orders.reduce((n, o) => n + settlementRevenue(o.settlement ?? {}), 0));
    expect(totals.carsOut).toBe(6);
    for (const name of money) expect(totals[name]).toBeGreaterThan(0);
  });

  it('replaying the whole stream twice leaves every figure exactly as it was, and publishes no event twice', async () => {
    const before = await aggregated();
    const exited = () => runtime.events.list({ detailType: 'OrderExited', branchId }).length;
    expect(exited()).toBe(6);
    for (let i = 0; i < 2; i++) {
      await runtime.stream.replay();
      await runtime.stream.drain();
    }
    expect(await aggregated()).toEqual(before);
    expect(exited()).toBe(6);
  });
});

describe('reports reconcile with the settled orders (R-RPT-1, R-RPT-2)', () => {
  /** Sums over the orders' own records, for the local days of `period`. */
  async function fromOrders(period: { from: string; to: string }) {
    const within = (at: string | undefined) => {
      if (!at) return false;
      const d = localDate(at, timeZone);
      return d >= period.from && d <= period.to;
    };
    const sums = { revenue: 0, raised: 0, collected: 0, outstandingAtEnd: 0, carsOut: 0, settlements: 0 };
    for (const o of orders) {
      const stored = await getOrder(store(), branchId, o.id);
      const s = stored.settlement;
      if (s && within(s.issuedAt)) {
        sums.revenue += settlementRevenue(s);
        sums.raised += s.amountDue;
        sums.settlements += 1;
      }
      for (const p of stored.payments) if (within(p.at)) sums.collected += p.amount;
      if (stored.exit && within(stored.exit.at)) sums.carsOut += 1;
      // Still owed at the end of the period: settled by then, less what was paid by then.
      if (s && localDate(s.issuedAt, timeZone) <= period.to) {
        const paid = stored.payments
          .filter((p) => localDate(p.at, timeZone) <= period.to)
          .reduce((n, p) => n + p.amount, 0);
        sums.outstandingAtEnd += s.amountDue - paid;
      }
    }
    return sums;
  }

  it.each([
    ['daily', '2026-11-02'],
    ['daily', '2026-11-03'],
    ['weekly', '2026-11-02'],
    ['monthly', '2026-11-02'],
  ] as const)('the %s report of %s', async (kind: ReportKind, date) => {
    const period = periodOf(kind, date);
    const report = await produceReport(store(), branchId, period, new Date(testNow()));
    const expected = await fromOrders(period);
    expect({
      revenue: report.totals.revenue ?? 0,
      raised: report.receivables.raised,
      collected: report.receivables.collected,
      outstandingAtEnd: report.receivables.outstandingAtEnd,
      carsOut: report.totals.carsOut ?? 0,
      settlements: report.totals.settlements ?? 0,
    }).toEqual(expected);
    expect(expected.settlements).toBeGreaterThan(0);
  });
});
