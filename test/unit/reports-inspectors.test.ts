import { describe, expect, it } from 'vitest';
import { inspectorRows } from '../../shared/reports/rules/kpis';
import { workingDaysOf } from '../../shared/reports/rules/periods';

/**
 * R-QC-1..3 in a report: a month counts 25.5 working days (the 200 target's base), a year twelve
 * months, any other range its share of an average month; each inspector's days are summed and
 * assessed over those working days.
 */
describe('working days of a period (R-QC-1)', () => {
  it.each([
    [
      'a month counts 25.5, whatever its length',
      { kind: 'monthly', from: '2026-02-01', to: '2026-02-28' },
      25.5,
    ],
    ['a year counts twelve months', { kind: 'yearly', from: '2026-01-01', to: '2026-12-31' }, 306],
    ['a day its share of an average month', { kind: 'daily', from: '2026-11-29', to: '2026-11-29' }, 0.84],
    ['a week its share of an average month', { kind: 'weekly', from: '2026-11-29', to: '2026-12-05' }, 5.86],
    ['a range of 30 days is not a month', { from: '2026-11-01', to: '2026-11-30' }, 25.13],
    ['a range across the year end counts its days', { from: '2026-12-25', to: '2027-01-07' }, 11.73],
  ] as const)('%s', (_label, period, days) => {
    expect(workingDaysOf(period)).toBe(days);
  });
});

const day = (staffId: string, name: string, counters: Record<string, number>, date = '2026-11-02') => ({
  day: date,
  staffId,
  name,
  counters,
});

describe('inspector rows of a report (R-QC-1..3)', () => {
  const rows = inspectorRows(
    [
      day('w', 'Wang Wei', { inspections: 120, recordsComplete: 110, recordsTimely: 100 }),
      day('l', 'Li Na', { inspections: 50, comebacks: 1, recordsComplete: 50, recordsTimely: 50 }),
      day(
        'w',
        'Wang Wei',
        { inspections: 100, assembliesInspected: 10, recordsComplete: 100, recordsTimely: 90 },
        '2026-11-03',
      ),
    ],
    25.5,
  );

  it('lists each inspector once, by name', () => {
    expect(rows.map((r) => r.name)).toEqual(['Li Na', 'Wang Wei']);
  });

  it.each([
    [
      'R-QC-1: above the 200 target the target is counted; R-QC-2: no comebacks recorded, no accuracy',
      'Wang Wei',
      {
        staffId: 'w',
        counters: { inspections: 220, assembliesInspected: 10, recordsComplete: 210, recordsTimely: 190 },
        workload: 230,
        workloadTarget: 200,
        workloadCounted: 200,
        accuracyPercent: null,
        meetsAccuracy: null,
        completenessPercent: 95.45,
        timelinessPercent: 86.36,
      },
    ],
    [
      'R-QC-1: below the target the actual count; R-QC-2: 98 % meets 97 %; R-QC-3: all complete and timely',
      'Li Na',
      {
        staffId: 'l',
        counters: { inspections: 50, comebacks: 1, recordsComplete: 50, recordsTimely: 50 },
        workload: 50,
        workloadTarget: 200,
        workloadCounted: 50,
        accuracyPercent: 98,
        accuracyTargetPercent: 97,
        meetsAccuracy: true,
        completenessPercent: 100,
        timelinessPercent: 100,
      },
    ],
  ])('%s', (_label, name, expected) => {
    expect(rows.find((r) => r.name === name)).toMatchObject(expected);
  });

  it('prorates the target to a week of working days (R-QC-1)', () => {
    const [row] = inspectorRows([day('w', 'Wang Wei', { inspections: 40 })], 5.86);
    expect(row).toMatchObject({ workload: 40, workloadTarget: 45.96, workloadCounted: 40 });
  });

  it('has no rows without inspections', () => {
    expect(inspectorRows([], 25.5)).toEqual([]);
  });
});
