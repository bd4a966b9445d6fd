import type { Branch } from '../../branches/schemas';
import { formatMinor, toCsv } from '../../kernel/csv';
import { addDays, localWallTime } from '../../kernel/local-time';
import { defaultPolicy } from '../../kernel/policy';
import type { InspectorRow, Report } from '../schemas/report';
import type { Counters, DayFigures } from '../store';
import { sumCounters } from './figures';
import { serviceKpis } from './kpis';
import type { Period } from './periods';

/**
 * A branch report (R-RPT-1, R-RPT-2, R-FUP-7, R-QC-1..3) as pure rules: what it adds up from the
 * day figures, when it becomes final, when the catch-up takes over from its duty, and its CSV.
 */

/** R-QC-1..3 are assessed over a month or a year: only those reports list the inspectors. */
export const assessesInspectors = (period: Period): boolean =>
  period.kind === 'monthly' || period.kind === 'yearly';

/**
 * The report of `period` from the branch's day figures: `days` of the period, `history` of every
 * day up to its end (what is still owed at the end), and the period's inspector rows.
 */
export function reportOf(
  branch: Pick<Branch, 'id' | 'currency' | 'timeZone'>,
  period: Period,
  producedAt: Date,
  figures: { days: readonly DayFigures[]; history: readonly DayFigures[]; inspectors: InspectorRow[] },
): Omit<Report, 'edition'> {
  const totals = sumCounters(figures.days.map((d) => d.counters));
  const all = sumCounters(figures.history.map((d) => d.counters));
  const n = (name: string, c: Counters = totals) => c[name] ?? 0;
  return {
    branchId: branch.id,
    kind: period.kind,
    from: period.from,
    to: period.to,
    currency: branch.currency,
    timeZone: branch.timeZone,
    producedAt: producedAt.toISOString(),
    totals,
    kpis: serviceKpis(totals),
    receivables: {
      raised: n('receivablesRaised'),
      collected: n('receivablesCollected'),
      outstandingAtEnd: n('receivablesRaised', all) - n('receivablesCollected', all),
    },
    afterSales: {
      followUps: n('followUps'),
      followUpsDue: n('followUpsDue'),
      followUpsInWindow: n('followUpsInWindow'),
      calls: n('calls'),
      complaints: n('complaints'),
      smsSent: n('smsSent'),
    },
    inspectors: figures.inspectors,
  };
}

/**
 * When a report becomes final: 01:00 local on the day after its period (R-RPT-2). The first
 * edition goes out before the end of work, as R-RPT-1 asks; whatever is settled or paid after it,
 * until midnight, is in the final edition, which replaces it once.
 */
export function finalTime(period: Period, branch: Pick<Branch, 'timeZone'>): Date {
  return new Date(localWallTime(addDays(period.to, 1), '01:00', branch.timeZone));
}

/** R-RPT-1's backstop: the report due `at` is the catch-up's to produce once its duty's grace has passed. */
export const catchUpDue = (at: string, now: Date): boolean =>
  Date.parse(at) + defaultPolicy.reports.catchUpGraceMinutes * 60_000 <= now.getTime();

/** The catch-up of `timeZone` (every zone when left out) covers the active branches of that zone. */
export const coveredByCatchUp = (
  branch: Pick<Branch, 'status' | 'timeZone'>,
  timeZone: string | undefined,
): boolean => branch.status === 'active' && !(timeZone && branch.timeZone !== timeZone);

const moneyNames = new Set(['revenue', 'receivablesRaised', 'receivablesCollected', 'paymentsReceived']);

/** The report as CSV (R-RPT-1): one row per figure, money in major units, then the inspectors. */
export function reportCsv(report: Report): { body: string; filename: string } {
  const figure = (name: string, value: number) =>
    [name, moneyNames.has(name) ? formatMinor(value) : value] as const;
  const rows: (readonly (string | number | null)[])[] = [
    ['branch', report.branchId],
    ['period', `${report.from} – ${report.to}`],
    ['currency', report.currency],
    ['edition', report.edition],
    ...Object.keys(report.totals)
      .sort()
      .map((name) => figure(name, report.totals[name] ?? 0)),
    ['receivables raised', formatMinor(report.receivables.raised)],
    ['receivables collected', formatMinor(report.receivables.collected)],
    ['receivables outstanding at end', formatMinor(report.receivables.outstandingAtEnd)],
    // A KPI per aspect (satisfactionGapByAspect, R-SELF-2) is one row per aspect.
    ...Object.entries(report.kpis).flatMap(([name, value]) =>
      value !== null && typeof value === 'object'
        ? Object.entries(value).map(([part, v]) => [`${name}.${part}`, v] as const)
        : [[name, value] as const],
    ),
    ...report.inspectors.map((i) => [
      `inspector ${i.name}`,
      `workload ${i.workload}/${i.workloadTarget}; accuracy ${i.accuracyPercent ?? '-'} %; complete ${i.completenessPercent ?? '-'} %; timely ${i.timelinessPercent ?? '-'} %`,
    ]),
  ];
  return {
    body: toCsv(['figure', 'value'], rows),
    filename: `${report.branchId}-${report.kind}-${report.from}.csv`,
  };
}
