import { describe, expect, it } from 'vitest';
import { inspectorRows } from '../../shared/reports/rules/kpis';
import type { Period } from '../../shared/reports/rules/periods';
import { reportCsv, reportOf } from '../../shared/reports/rules/report';

/**
 * Survivors of the mutation run of shared/reports/rules/report.ts and kpis.ts (issue 14 item 4):
 * the CSV export of R-RPT-1 whole, row by row, and the inspector rows of R-QC-1..3, each built
 * inside its test (a value built while the file is collected is never checked against a mutant).
 */
const shenzhen = { id: 'SZ', currency: 'CNY', timeZone: 'Asia/Shanghai' } as const;
const week: Period = { kind: 'weekly', from: '2026-11-29', to: '2026-12-05' };
const producedAt = new Date('2026-12-05T09:30:00.000Z');
const inspector = (name: string, percent: number | null) => ({
  staffId: name,
  name,
  counters: { inspections: 5 },
  workload: 5,
  workloadTarget: 45.96,
  workloadCounted: 5,
  accuracyPercent: percent,
  accuracyTargetPercent: 97,
  meetsAccuracy: percent === null ? null : percent >= 97,
  completenessPercent: percent,
  timelinessPercent: percent,
});

describe('the CSV export, whole (R-RPT-1, R-QC-1..3)', () => {
  it('R-RPT-1: every row in order: heading, figures by name with money in major units, receivables, KPIs, inspectors', () => {
    const report = {
      ...reportOf(shenzhen, week, producedAt, {
        days: [{ day: '2026-12-01', counters: { revenue: 123_456, carsOut: 3, receivablesRaised: 20_000 } }],
        history: [
          { day: '2026-11-02', counters: { receivablesRaised: 5_000, receivablesCollected: 1_000 } },
          { day: '2026-12-01', counters: { receivablesRaised: 20_000, receivablesCollected: 7_000 } },
        ],
        inspectors: [inspector('Wang Wei', 98.5), inspector('Li Na', null)],
      }),
      edition: 'provisional' as const,
    };
    const { body, filename } = reportCsv(report);
    expect(filename).toBe('SZ-weekly-2026-11-29.csv');
    const lines = body.split('\r\n');
    expect(lines.slice(0, 10)).toEqual([
      '\uFEFFfigure,value',
      'branch,SZ',
      'period,2026-11-29 – 2026-12-05',
      'currency,CNY',
      'edition,provisional',
      'carsOut,3',
      'receivablesRaised,200.00',
      'revenue,1234.56',
      'receivables raised,200.00',
      'receivables collected,0.00',
    ]);
    expect(lines).toContain('receivables outstanding at end,170.00');
    expect(lines.slice(-3)).toEqual([
      'inspector Wang Wei,workload 5/45.96; accuracy 98.5 %; complete 98.5 %; timely 98.5 %',
      'inspector Li Na,workload 5/45.96; accuracy - %; complete - %; timely - %',
      '',
    ]);
  });
});

describe('the after-sales summary and money rows (R-RPT-1, R-FUP-7)', () => {
  it('R-FUP-7: each after-sales figure from its own counter; R-RPT-1: every money counter in major units', () => {
    const counters = {
      followUps: 1,
      followUpsDue: 2,
      followUpsInWindow: 3,
      calls: 4,
      complaints: 5,
      smsSent: 6,
      paymentsReceived: 12_345,
      receivablesCollected: 2_000,
    };
    const report = {
      ...reportOf(shenzhen, week, producedAt, {
        days: [{ day: '2026-12-01', counters }],
        history: [],
        inspectors: [],
      }),
      edition: 'final' as const,
    };
    expect(report.afterSales).toEqual({
      followUps: 1,
      followUpsDue: 2,
      followUpsInWindow: 3,
      calls: 4,
      complaints: 5,
      smsSent: 6,
    });
    const lines = reportCsv(report).body.split('\r\n');
    expect(lines).toEqual(expect.arrayContaining(['paymentsReceived,123.45', 'receivablesCollected,20.00']));
  });
});

describe('inspector rows (R-QC-1..3)', () => {
  const day = (staffId: string, name: string, inspections: number, date = '2026-11-02') => ({
    day: date,
    staffId,
    name,
    counters: { inspections },
  });

  it('R-QC-1: each inspector once, days summed, listed by name', () => {
    const rows = inspectorRows(
      [day('z', 'Zhao Lei', 3), day('a', 'An Qi', 4), day('z', 'Zhao Lei', 5, '2026-11-03')],
      25.5,
    );
    expect(rows.map((r) => [r.staffId, r.name, r.workload, r.counters])).toEqual([
      ['a', 'An Qi', 4, { inspections: 4 }],
      ['z', 'Zhao Lei', 8, { inspections: 8 }],
    ]);
  });
});
