import { describe, expect, it } from 'vitest';
import { cancelDuty } from '../../shared/duty-engine/store';
import { sweep } from '../../shared/duty-engine/sweeper';
import { dutyPerformers } from '../../shared/performers';
import { store } from '../../shared/platform/dynamo/client';
import { deleteStep, getRecord, transact } from '../../shared/platform/dynamo/records';
import { applyChange } from '../../shared/reports/actions/aggregate';
import { catchUpReports, produceReport } from '../../shared/reports/actions/reports';
import { call, givenBranch, hire } from '../support/api';
import { clockAt, day, hour, iso, minute, useFarFutureClock } from '../support/far-clock';

useFarFutureClock();

/**
 * R-RPT-1, R-FUP-7: a new branch's reports are scheduled from its first day and produced by the
 * duty sweep before the end of work in the branch's zone (Shenzhen closes at 18:00: 17:30 local,
 * 09:30 UTC), each one scheduling the next. The figures themselves are the aggregator's
 * (test/e2e/metrics.test.ts reconciles them with the orders).
 */
const sweepAt = async (at: number) => {
  clockAt.now = at;
  return sweep({ store: store(), performers: dutyPerformers(store()) });
};

/** 17:30 in Shenzhen on the day the test starts (its clock says 10:10 there). */
const closingTime = () => clockAt.now - (10 * hour + 10 * minute) + 17 * hour + 30 * minute;

describe('reports on schedule (R-RPT-1)', () => {
  it('the daily report is produced at 17:30 local, once, and the next day’s is scheduled', async () => {
    const branchId = await givenBranch();
    const supervisor = await hire(branchId, ['supervisor'], '主管 王');
    const at = closingTime();
    const today = new Date(at + 8 * hour).toISOString().slice(0, 10);
    const list = async () =>
      (
        await call(supervisor, 'GET', `/branches/${branchId}/reports/daily`, {
          query: { from: today, to: today },
        })
      ).body.items;

    await sweepAt(at - minute);
    expect(await list()).toEqual([]);
    await sweepAt(at);
    await sweepAt(at + minute);
    expect(await list()).toEqual([
      expect.objectContaining({
        kind: 'daily',
        from: today,
        to: today,
        producedAt: new Date(at).toISOString(),
      }),
    ]);

    // The next day's is produced a day later, by the duty the first one scheduled.
    await sweepAt(at + day);
    const tomorrow = new Date(at + day + 8 * hour).toISOString().slice(0, 10);
    const next = await call(supervisor, 'GET', `/branches/${branchId}/reports/daily`, {
      query: { from: today, to: tomorrow },
    });
    expect(next.body.items.map((r: { from: string }) => r.from)).toEqual([today, tomorrow]);

    const csv = await call(supervisor, 'GET', `/branches/${branchId}/reports/daily/${today}/export.csv`);
    expect(csv.status).toBe(200);
    expect(String(csv.body)).toContain('receivables outstanding at end');
  });

  it('the 17:30 edition is provisional; at 01:00 the final one adds what was settled until midnight (R-RPT-2)', async () => {
    const branchId = await givenBranch();
    const supervisor = await hire(branchId, ['supervisor'], '主管 王');
    const at = closingTime();
    const today = new Date(at + 8 * hour).toISOString().slice(0, 10);
    const settle = (id: string, issuedAt: number, total: number) =>
      applyChange(store(), {
        id: `${branchId}-${id}`,
        after: {
          type: 'order',
          branchId,
          id,
          settlement: {
            totals: { total },
            discount: 0,
            amountDue: total,
            outstanding: total,
            issuedAt: iso(issuedAt),
          },
          payments: [],
          addOns: [],
          inspections: [],
        },
      });
    const read = async () =>
      (await call(supervisor, 'GET', `/branches/${branchId}/reports/daily/${today}`)).body;

    await settle('O1', at - hour, 10_000);
    await sweepAt(at);
    expect(await read()).toMatchObject({
      edition: 'provisional',
      totals: { revenue: 10_000, settlements: 1 },
    });

    // Settled at 17:50, after the provisional edition.
    await settle('O2', at + 20 * minute, 5_000);
    const oneAm = at + 7 * hour + 30 * minute;
    await sweepAt(oneAm);
    expect(await read()).toMatchObject({ edition: 'final', totals: { revenue: 15_000, settlements: 2 } });
    // Final is final: a repeat changes nothing.
    await settle('O3', at + 2 * hour, 1_000);
    await produceReport(
      store(),
      branchId,
      { kind: 'daily', from: today, to: today },
      new Date(oneAm),
      'final',
    );
    expect((await read()).totals.revenue).toBe(15_000);
  });

  it.each([
    ['an unknown kind', '/reports/hourly', { from: '2026-01-01', to: '2026-01-31' }, 400],
    ['to before from', '/reports/daily', { from: '2026-02-01', to: '2026-01-31' }, 400],
    ['a report not produced', '/reports/daily/2026-01-01', undefined, 404],
  ])('refuses %s', async (_label, suffix, query, status) => {
    const branchId = await givenBranch();
    const supervisor = await hire(branchId, ['supervisor'], '主管 王');
    const answer = await call(supervisor, 'GET', `/branches/${branchId}${suffix}`, query ? { query } : {});
    expect(answer.status).toBe(status);
  });

  it('a team lead may not read reports (403)', async () => {
    const branchId = await givenBranch();
    const lead = await hire(branchId, ['team-lead'], '班組 A');
    const answer = await call(lead, 'GET', `/branches/${branchId}/reports/daily`, {
      query: { from: '2026-01-01', to: '2026-01-31' },
    });
    expect(answer.status).toBe(403);
  });
});

describe('the daily catch-up (R-RPT-1)', () => {
  it('produces a report whose duty died, and schedules the next', async () => {
    const branchId = await givenBranch();
    const supervisor = await hire(branchId, ['supervisor'], '主管 王');
    const at = closingTime();
    const today = new Date(at + 8 * hour).toISOString().slice(0, 10);
    // The daily duty is lost (as if dead-lettered): cancel it.
    const schedule = await getRecord(store(), { pk: `BR#${branchId}#REPORTS`, sk: 'NEXT#daily' });
    await cancelDuty(store(), String(schedule?.dutyId), branchId);

    clockAt.now = at + 29 * minute;
    expect(
      await catchUpReports(store(), {
        timeZone: 'Asia/Shanghai',
        now: new Date(clockAt.now),
        branchIds: [branchId],
      }),
    ).toMatchObject({
      produced: 0,
    });
    clockAt.now = at + 31 * minute;
    const result = await catchUpReports(store(), {
      timeZone: 'Asia/Shanghai',
      now: new Date(clockAt.now),
      branchIds: [branchId],
    });
    // The daily one (and the weekly or monthly when today is a Saturday or a month's last day).
    expect(result.produced).toBeGreaterThanOrEqual(1);
    const listed = await call(supervisor, 'GET', `/branches/${branchId}/reports/daily`, {
      query: { from: today, to: today },
    });
    expect(listed.body.items).toHaveLength(1);
    // The next day's comes from its own duty again.
    await sweepAt(at + day);
    const tomorrow = new Date(at + day + 8 * hour).toISOString().slice(0, 10);
    const next = await call(supervisor, 'GET', `/branches/${branchId}/reports/daily`, {
      query: { from: tomorrow, to: tomorrow },
    });
    expect(next.body.items).toHaveLength(1);
  });

  it('schedules reports for a branch that has none (opened before reports existed)', async () => {
    const branchId = await givenBranch();
    for (const kind of ['daily', 'weekly', 'monthly', 'yearly']) {
      await transact(store(), [deleteStep(store(), { pk: `BR#${branchId}#REPORTS`, sk: `NEXT#${kind}` })]);
    }
    const result = await catchUpReports(store(), {
      timeZone: 'Asia/Shanghai',
      now: new Date(clockAt.now),
      branchIds: [branchId],
    });
    expect(result.scheduled).toBe(4);
    const again = await catchUpReports(store(), {
      timeZone: 'Asia/Shanghai',
      now: new Date(clockAt.now),
      branchIds: [branchId],
    });
    expect(again.scheduled).toBe(0);
  });
});
