import { addDays, localDate, localWallTime } from '../../kernel/local-time';
import { type Policy, policyFor } from '../../kernel/policy';

/**
 * The branch reports of R-RPT-1 and the after-sales summaries of R-FUP-7, as pure rules: which
 * local days a report covers, and when it is produced in the branch's time zone (R-X-2).
 *
 * - daily: one day, produced before the end of that working day;
 * - weekly: the week that ends on Saturday (Sunday to Saturday), produced before the end of work
 *   on Saturday;
 * - monthly: the calendar month, produced before the end of its last day;
 * - yearly: the calendar year, produced before the end of 31 December (R-FUP-7's yearly summary).
 *
 * "Before the end of work" is `policy.reports.minutesBeforeClose` before the branch's closing
 * time, on the day the report is due (a branch closed that day still gets its report then).
 */
export const reportKinds = ['daily', 'weekly', 'monthly', 'yearly'] as const;
export type ReportKind = (typeof reportKinds)[number];

export interface Period {
  kind: ReportKind;
  /** First and last local day, inclusive. */
  from: string;
  to: string;
}

const weekdayOf = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();

function lastDayOfMonth(date: string): string {
  const [y, m] = date.split('-').map(Number);
  return new Date(Date.UTC(y ?? 0, m ?? 1, 0)).toISOString().slice(0, 10);
}

/** The period of `kind` that contains the local `date`. */
export function periodOf(kind: ReportKind, date: string): Period {
  switch (kind) {
    case 'daily':
      return { kind, from: date, to: date };
    case 'weekly': {
      const saturday = addDays(date, (6 - weekdayOf(date) + 7) % 7);
      return { kind, from: addDays(saturday, -6), to: saturday };
    }
    case 'monthly':
      return { kind, from: `${date.slice(0, 8)}01`, to: lastDayOfMonth(date) };
    case 'yearly':
      return { kind, from: `${date.slice(0, 4)}-01-01`, to: `${date.slice(0, 4)}-12-31` };
  }
}

/** The period that follows `period`. */
export function nextPeriod(period: Period): Period {
  return periodOf(period.kind, addDays(period.to, 1));
}

/** When the report of `period` is produced: before the end of work on its last day. */
export function productionTime(
  period: Period,
  branch: { timeZone: string; workingHours: { close: string } },
  policy: Policy,
): Date {
  const close = new Date(localWallTime(period.to, branch.workingHours.close, branch.timeZone));
  return new Date(close.getTime() - policy.reports.minutesBeforeClose * 60_000);
}

/**
 * The first period of `kind` whose production time is after `now`: the one a new branch (or a
 * report just produced) schedules next.
 */
export function upcomingPeriod(
  kind: ReportKind,
  branch: { timeZone: string; workingHours: { close: string } },
  policy: Policy,
  now: Date,
): Period {
  let period = periodOf(kind, localDate(now, branch.timeZone));
  while (productionTime(period, branch, policy).getTime() <= now.getTime()) period = nextPeriod(period);
  return period;
}

/** Local days in a period (the inspector's workload target is prorated by working days). */
function daysIn(period: { from: string; to: string }): number {
  return Math.round((Date.parse(period.to) - Date.parse(period.from)) / 86_400_000) + 1;
}

/**
 * R-QC-1: working days of a period: a month counts 25.5, a year twelve months, any other range
 * its share of an average month (30.4375 calendar days).
 */
export function workingDaysOf(period: Period | { from: string; to: string }): number {
  const perMonth = policyFor().inspectorKpi.workingDaysPerMonth;
  const kind = 'kind' in period ? period.kind : undefined;
  if (kind === 'yearly') return 12 * perMonth;
  if (kind === 'monthly') return perMonth;
  return Math.round(((daysIn(period) * perMonth) / 30.4375) * 100) / 100;
}
