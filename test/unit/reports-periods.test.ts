import { describe, expect, it } from 'vitest';
import { policyFor } from '../../shared/kernel/policy';
import {
  nextPeriod,
  periodOf,
  productionTime,
  type ReportKind,
  upcomingPeriod,
} from '../../shared/reports/rules/periods';

/**
 * R-RPT-1 / R-FUP-7: which local days a report covers and when it is produced: before the end of
 * work (30 minutes before closing) on its last day, in the branch's own time zone (R-X-2).
 */
const policy = policyFor();
const shenzhen = { timeZone: 'Asia/Shanghai', workingHours: { close: '18:00' } };
const hongKong = { timeZone: 'Asia/Hong_Kong', workingHours: { close: '19:00' } };
const berlin = { timeZone: 'Europe/Berlin', workingHours: { close: '18:00' } };
const newYork = { timeZone: 'America/New_York', workingHours: { close: '18:00' } };

describe('report periods (R-RPT-1, R-FUP-7)', () => {
  it.each([
    ['daily', '2026-11-29', '2026-11-29', '2026-11-29'],
    ['weekly: a Sunday starts the week that ends on Saturday', '2026-11-29', '2026-11-29', '2026-12-05'],
    ['weekly: a Wednesday', '2026-12-02', '2026-11-29', '2026-12-05'],
    ['weekly: the Saturday itself', '2026-12-05', '2026-11-29', '2026-12-05'],
    ['monthly: the last day of November', '2026-11-07', '2026-11-01', '2026-11-30'],
    ['monthly: a leap February', '2028-02-10', '2028-02-01', '2028-02-29'],
    ['yearly', '2026-06-30', '2026-01-01', '2026-12-31'],
  ])('%s', (label, date, from, to) => {
    const kind = label.split(':')[0] as ReportKind;
    expect(periodOf(kind, date)).toEqual({ kind, from, to });
  });

  it.each([
    ['daily', { kind: 'daily', from: '2026-12-31', to: '2026-12-31' }, '2027-01-01', '2027-01-01'],
    ['weekly', { kind: 'weekly', from: '2026-11-29', to: '2026-12-05' }, '2026-12-06', '2026-12-12'],
    ['monthly', { kind: 'monthly', from: '2026-01-01', to: '2026-01-31' }, '2026-02-01', '2026-02-28'],
  ] as const)('the period after a %s one', (_label, period, from, to) => {
    expect(nextPeriod(period)).toMatchObject({ from, to });
  });
});

describe('production time in the branch’s zone (R-RPT-1, R-X-2)', () => {
  it.each([
    [
      'Shenzhen daily: 17:30 local',
      shenzhen,
      { kind: 'daily', from: '2026-11-29', to: '2026-11-29' },
      '2026-11-29T09:30:00.000Z',
    ],
    [
      'Hong Kong daily: 18:30 local',
      hongKong,
      { kind: 'daily', from: '2026-11-29', to: '2026-11-29' },
      '2026-11-29T10:30:00.000Z',
    ],
    [
      'weekly: Saturday 17:30',
      shenzhen,
      { kind: 'weekly', from: '2026-11-29', to: '2026-12-05' },
      '2026-12-05T09:30:00.000Z',
    ],
    [
      'monthly: the last day 17:30',
      shenzhen,
      { kind: 'monthly', from: '2026-11-01', to: '2026-11-30' },
      '2026-11-30T09:30:00.000Z',
    ],
    // A zone with summer time: the close is read with the offset of that evening, not of midnight.
    [
      'Berlin monthly, last day of March (summer time began on the 29th): 17:30 CEST',
      berlin,
      { kind: 'monthly', from: '2026-03-01', to: '2026-03-31' },
      '2026-03-31T15:30:00.000Z',
    ],
    [
      'New York daily on the day summer time begins: 17:30 EDT',
      newYork,
      { kind: 'daily', from: '2026-03-08', to: '2026-03-08' },
      '2026-03-08T21:30:00.000Z',
    ],
    [
      'New York daily on the day summer time ends: 17:30 EST',
      newYork,
      { kind: 'daily', from: '2026-11-01', to: '2026-11-01' },
      '2026-11-01T22:30:00.000Z',
    ],
  ] as const)('%s', (_label, branch, period, at) => {
    expect(productionTime(period, branch, policy).toISOString()).toBe(at);
  });

  it.each([
    ['before 17:30 the day’s own report is next', '2026-11-29T09:29:00Z', '2026-11-29'],
    ['at 17:30 it is due now, so tomorrow’s is the upcoming one', '2026-11-29T09:30:00Z', '2026-11-30'],
    ['after midnight local (16:00 UTC) it is the new day’s', '2026-11-29T16:30:00Z', '2026-11-30'],
  ])('upcoming daily report: %s', (_label, now, from) => {
    expect(upcomingPeriod('daily', shenzhen, policy, new Date(now)).from).toBe(from);
  });
});
