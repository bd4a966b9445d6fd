import { describe, expect, it } from 'vitest';
import { sumCounters } from '../../shared/reports/rules/figures';
import type { Period } from '../../shared/reports/rules/periods';
import {
  assessesInspectors,
  catchUpDue,
  coveredByCatchUp,
  finalTime,
  reportCsv,
  reportOf,
} from '../../shared/reports/rules/report';

/**
 * A branch report as pure rules (R-RPT-1, R-RPT-2): its totals, receivables and after-sales summary
 * from the day figures, when its final edition is due, when the daily catch-up takes over from its
 * duty, and its CSV export.
 */
const shenzhen = { id: 'SZ', currency: 'CNY', timeZone: 'Asia/Shanghai' } as const;
const november: Period = { kind: 'monthly', from: '2026-11-01', to: '2026-11-30' };
const producedAt = new Date('2026-11-30T09:30:00.000Z');

const days: { day: string; counters: Record<string, number> }[] = [
  { day: '2026-11-02', counters: { carsOut: 3, revenue: 150_000, receivablesRaised: 40_000, followUps: 2 } },
  { day: '2026-11-03', counters: { carsOut: 1, receivablesCollected: 10_000, calls: 4, complaints: 1 } },
];
const october = { day: '2026-10-30', counters: { receivablesRaised: 25_000, receivablesCollected: 5_000 } };

describe('adding up day figures (R-RPT-1)', () => {
  it.each([
    ['nothing adds up to no counters', [], {}],
    ['one day is itself', [{ carsOut: 2 }], { carsOut: 2 }],
    [
      'counters add by name; a name missing on a day adds nothing',
      [{ carsOut: 2, revenue: 5 }, { carsOut: 1 }],
      { carsOut: 3, revenue: 5 },
    ],
  ] as [string, Record<string, number>[], Record<string, number>][])('%s', (_label, list, total) => {
    expect(sumCounters(list)).toEqual(total);
  });
});

describe('the report of a period (R-RPT-1)', () => {
  const report = reportOf(shenzhen, november, producedAt, {
    days,
    history: [october, ...days],
    inspectors: [],
  });

  it('names the branch, the period, its currency and zone and when it was produced', () => {
    expect(report).toMatchObject({
      branchId: 'SZ',
      kind: 'monthly',
      from: '2026-11-01',
      to: '2026-11-30',
      currency: 'CNY',
      timeZone: 'Asia/Shanghai',
      producedAt: '2026-11-30T09:30:00.000Z',
    });
  });

  it.each([
    ['totals: the period’s days added up', 'totals', sumCounters(days.map((d) => d.counters))],
    [
      'receivables: raised and collected in the period, outstanding from every day up to its end',
      'receivables',
      { raised: 40_000, collected: 10_000, outstandingAtEnd: 50_000 },
    ],
    [
      'after-sales summary (R-FUP-7): a figure with no day counts 0',
      'afterSales',
      { followUps: 2, followUpsDue: 0, followUpsInWindow: 0, calls: 4, complaints: 1, smsSent: 0 },
    ],
    [
      'KPIs: no deliveries, no rate',
      'kpis',
      expect.objectContaining({ onTimeDeliveryPercent: null, complaints: 1 }),
    ],
  ] as const)('%s', (_label, field, expected) => {
    expect(report[field]).toEqual(expected);
  });

  it.each([
    ['daily', false],
    ['weekly', false],
    ['monthly', true],
    ['yearly', true],
  ] as const)('a %s report assesses the inspectors: %s (R-QC-1..3)', (kind, assesses) => {
    expect(assessesInspectors({ kind, from: '2026-11-01', to: '2026-11-30' })).toBe(assesses);
  });
});

describe('the final edition (R-RPT-2)', () => {
  it.each([
    ['Shenzhen month: 01:00 local on 1 December', shenzhen, november, '2026-11-30T17:00:00.000Z'],
    [
      'Berlin in summer time: 01:00 CEST',
      { timeZone: 'Europe/Berlin' },
      { kind: 'daily', from: '2026-06-30', to: '2026-06-30' },
      '2026-06-30T23:00:00.000Z',
    ],
    [
      'Berlin year: 01:00 CET on New Year’s Day',
      { timeZone: 'Europe/Berlin' },
      { kind: 'yearly', from: '2026-01-01', to: '2026-12-31' },
      '2027-01-01T00:00:00.000Z',
    ],
    [
      'Hong Kong leap-February month: 01:00 on 1 March',
      { timeZone: 'Asia/Hong_Kong' },
      { kind: 'monthly', from: '2028-02-01', to: '2028-02-29' },
      '2028-02-29T17:00:00.000Z',
    ],
  ] as const)('%s', (_label, branch, period, at) => {
    expect(finalTime(period, branch).toISOString()).toBe(at);
  });
});

describe('the daily catch-up (R-RPT-1)', () => {
  const at = '2026-11-29T09:30:00.000Z';
  it.each([
    ['at its time the duty still has it', '2026-11-29T09:30:00.000Z', false],
    ['just under 30 minutes later still the duty’s', '2026-11-29T09:59:59.999Z', false],
    ['30 minutes later the catch-up produces it', '2026-11-29T10:00:00.000Z', true],
    ['a day later too', '2026-11-30T09:30:00.000Z', true],
  ])('%s', (_label, now, due) => {
    expect(catchUpDue(at, new Date(now))).toBe(due);
  });

  it.each([
    ['an active branch of the zone', { status: 'active', timeZone: 'Asia/Shanghai' }, 'Asia/Shanghai', true],
    [
      'an active branch of another zone',
      { status: 'active', timeZone: 'Asia/Hong_Kong' },
      'Asia/Shanghai',
      false,
    ],
    [
      'every active branch when no zone is named',
      { status: 'active', timeZone: 'Asia/Hong_Kong' },
      undefined,
      true,
    ],
    ['never a closed branch', { status: 'closed', timeZone: 'Asia/Shanghai' }, 'Asia/Shanghai', false],
    ['never a closed branch, any zone', { status: 'closed', timeZone: 'Asia/Shanghai' }, undefined, false],
  ] as const)('covers %s: %s', (_label, branch, zone, covered) => {
    expect(coveredByCatchUp(branch, zone)).toBe(covered);
  });
});

describe('the CSV export (R-RPT-1)', () => {
  const report = {
    ...reportOf(shenzhen, november, producedAt, {
      days: [{ day: '2026-11-02', counters: { revenue: 123_456, carsOut: 3 } }],
      history: [{ day: '2026-11-02', counters: { receivablesRaised: 20_000 } }],
      inspectors: [],
    }),
    edition: 'final' as const,
  };
  const { body, filename } = reportCsv(report);
  const lines = body.slice(1).split('\r\n');

  it('is named by branch, kind and first day, with a byte-order mark and CRLF lines', () => {
    expect(filename).toBe('SZ-monthly-2026-11-01.csv');
    expect(body.startsWith('\uFEFFfigure,value\r\n')).toBe(true);
    expect(body.endsWith('\r\n')).toBe(true);
  });

  it.each([
    ['the branch', 'branch,SZ'],
    ['the period', 'period,2026-11-01 – 2026-11-30'],
    ['the currency', 'currency,CNY'],
    ['the edition', 'edition,final'],
    ['a count as it is', 'carsOut,3'],
    ['money in major units', 'revenue,1234.56'],
    ['outstanding receivables at the end, in major units', 'receivables outstanding at end,200.00'],
    ['a KPI without a rate left empty', 'onTimeDeliveryPercent,'],
  ])('holds %s', (_label, line) => {
    expect(lines).toContain(line);
  });

  it('lists figures by name, then receivables, then KPIs', () => {
    expect(lines.slice(1, 11)).toEqual([
      'branch,SZ',
      'period,2026-11-01 – 2026-11-30',
      'currency,CNY',
      'edition,final',
      'carsOut,3',
      'revenue,1234.56',
      'receivables raised,0.00',
      'receivables collected,0.00',
      'receivables outstanding at end,200.00',
      'onTimeDeliveryPercent,',
    ]);
  });

  it('has one row per inspector (R-QC-1..3)', () => {
    const inspector = {
      staffId: 'w',
      name: 'Wang Wei',
      counters: { inspections: 50 },
      workload: 50,
      workloadTarget: 200,
      workloadCounted: 50,
      accuracyPercent: null,
      accuracyTargetPercent: 97,
      meetsAccuracy: null,
      completenessPercent: 100,
      timelinessPercent: 96,
    };
    expect(reportCsv({ ...report, inspectors: [inspector] }).body).toContain(
      'inspector Wang Wei,workload 50/200; accuracy - %; complete 100 %; timely 96 %\r\n',
    );
  });
});
