import type { Branch } from '../../branches/schemas';
import { allBranches, branchSettings } from '../../branches/store';
import { scheduleDutyStep } from '../../duty-engine/store';
import { formatMinor, toCsv } from '../../kernel/csv';
import { ConflictError, NotFoundError } from '../../kernel/errors';
import { addDays, localWallTime } from '../../kernel/local-time';
import { policyFor } from '../../kernel/policy';
import type { Store } from '../../platform/dynamo/client';
import {
  fromItem,
  getRecord,
  type Key,
  putStep,
  queryPage,
  type Step,
  transact,
} from '../../platform/dynamo/records';
import { assessInspector, serviceKpis } from '../rules/kpis';
import {
  daysIn,
  nextPeriod,
  type Period,
  productionTime,
  reportKinds,
  upcomingPeriod,
} from '../rules/periods';
import type { InspectorRow, Report } from '../schemas/report';
import { branchDays, type Counters, inspectorDays, sumCounters } from '../store';

/**
 * Branch reports on schedule (R-RPT-1, R-RPT-2, R-FUP-7, R-QC-1..3). Each branch has one pending
 * `report` duty per kind, timed before the end of work in its own time zone
 * (shared/reports/rules/periods.ts); the sweeper (EventBridge Scheduler every minute in AWS, the local
 * runtime's clock locally) produces the report from the aggregates and, in the same transaction,
 * schedules the next period's duty. A report is a snapshot: `BR#<b>#REPORT#<kind>` / `<from>`,
 * written once (a retried duty finds it and schedules nothing more).
 */
const reportKey = (branchId: string, kind: string, from: string): Key => ({
  pk: `BR#${branchId}#REPORT#${kind}`,
  sk: from,
});

/** Reports start counting receivables from this day (the first day any figure can have). */
const beginning = '2000-01-01';

/**
 * R-QC-1: working days of a period: a month counts 25.5, a year twelve months, any other range
 * its share of an average month (30.4375 calendar days).
 */
function workingDaysOf(period: Period | { from: string; to: string }): number {
  const perMonth = policyFor().inspectorKpi.workingDaysPerMonth;
  const kind = 'kind' in period ? period.kind : undefined;
  if (kind === 'yearly') return 12 * perMonth;
  if (kind === 'monthly') return perMonth;
  return Math.round(((daysIn(period) * perMonth) / 30.4375) * 100) / 100;
}

function inspectorRows(list: Awaited<ReturnType<typeof inspectorDays>>, workingDays: number): InspectorRow[] {
  const byInspector = new Map<string, { name: string; counters: Counters[] }>();
  for (const row of list) {
    const entry = byInspector.get(row.staffId) ?? { name: row.name, counters: [] };
    entry.counters.push(row.counters);
    byInspector.set(row.staffId, entry);
  }
  const policy = policyFor();
  return [...byInspector.entries()]
    .map(([staffId, { name, counters }]) => {
      const totals = sumCounters(counters);
      return { staffId, name, counters: totals, ...assessInspector(totals, workingDays, policy) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** R-QC-1..3 for every inspector of a branch over a range of local days, from the aggregates. */
export async function inspectorAssessments(store: Store, branchId: string, from: string, to: string) {
  const workingDays = workingDaysOf({ from, to });
  const rows = inspectorRows(await inspectorDays(store, branchId, from, to), workingDays);
  return { from, to, workingDays, items: rows };
}

/** The report of `period` computed from the aggregates now (not stored). */
async function computeReport(
  store: Store,
  branch: Branch,
  period: Period,
  producedAt: Date,
): Promise<Omit<Report, 'edition'>> {
  const withInspectors = period.kind === 'monthly' || period.kind === 'yearly';
  const [days, history, inspectors] = await Promise.all([
    branchDays(store, branch.id, period.from, period.to),
    branchDays(store, branch.id, beginning, period.to),
    withInspectors ? inspectorDays(store, branch.id, period.from, period.to) : Promise.resolve([]),
  ]);
  const totals = sumCounters(days.map((d) => d.counters));
  const all = sumCounters(history.map((d) => d.counters));
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
    inspectors: inspectorRows(inspectors, workingDaysOf(period)),
  };
}

/**
 * The next report of each kind a branch is waiting for: `BR#<b>#REPORTS` / `NEXT#<kind>`, written
 * with its duty. The daily catch-up (`catchUpReports`) reads it to produce a report whose duty did
 * not (dead-lettered, or a branch from before reports existed).
 */
const scheduleKey = (branchId: string, kind: string): Key => ({
  pk: `BR#${branchId}#REPORTS`,
  sk: `NEXT#${kind}`,
});

/** The `report` duty of `period`, timed by the branch's close, and its schedule entry. */
function reportDutySteps(store: Store, branch: Branch, period: Period): Step[] {
  const at = productionTime(period, branch, policyFor(branch.policy)).toISOString();
  const { duty, step } = scheduleDutyStep(store, {
    kind: 'report',
    subject: { kind: 'branch', id: branch.id },
    branchId: branch.id,
    openAt: at,
    dueAt: at,
    payload: { ...period },
  });
  return [
    step,
    putStep(store, {
      ...scheduleKey(branch.id, period.kind),
      type: 'report-schedule',
      ...period,
      at,
      dutyId: duty.id,
    }),
  ];
}

/** A new branch's first report duties, one per kind, in its creating transaction. */
export function firstReportDutySteps(store: Store, branch: Branch, now: Date): Step[] {
  return reportKinds.flatMap((kind) =>
    reportDutySteps(store, branch, upcomingPeriod(kind, branch, policyFor(branch.policy), now)),
  );
}

class AlreadyProduced extends ConflictError {}

/**
 * When a report becomes final: 01:00 local on the day after its period (R-RPT-2). The first
 * edition goes out before the end of work, as R-RPT-1 asks; whatever is settled or paid after it,
 * until midnight, is in the final edition, which replaces it once.
 */
function finalTime(period: Period, branch: Branch): Date {
  return new Date(localWallTime(addDays(period.to, 1), '01:00', branch.timeZone));
}

function finalDutyStep(store: Store, branch: Branch, period: Period): Step {
  const at = finalTime(period, branch).toISOString();
  return scheduleDutyStep(store, {
    kind: 'report',
    subject: { kind: 'branch', id: branch.id },
    branchId: branch.id,
    openAt: at,
    dueAt: at,
    payload: { ...period, edition: 'final' },
  }).step;
}

/**
 * Produces the report of `period`. The provisional edition is written once (a repeat, a retried
 * duty, changes nothing) with the next period's duty and this period's final duty; the final
 * edition replaces a provisional one once, from the aggregates as they stand after the period.
 */
export async function produceReport(
  store: Store,
  branchId: string,
  period: Period,
  now: Date,
  edition: Report['edition'] = 'provisional',
): Promise<Report> {
  const branch = await branchSettings(store, branchId);
  const report = { ...(await computeReport(store, branch, period, now)), edition };
  const item = { ...reportKey(branchId, period.kind, period.from), type: 'report', ...report };
  try {
    await transact(
      store,
      edition === 'final'
        ? [
            putStep(store, item, {
              expression: 'attribute_not_exists(pk) OR edition = :provisional',
              values: { ':provisional': 'provisional' },
              onConditionFailed: () => new AlreadyProduced(`report ${period.kind} ${period.from} is final`),
            }),
          ]
        : [
            putStep(store, item, {
              expression: 'attribute_not_exists(pk)',
              onConditionFailed: () => new AlreadyProduced(`report ${period.kind} ${period.from} exists`),
            }),
            ...reportDutySteps(store, branch, nextPeriod(period)),
            finalDutyStep(store, branch, period),
          ],
    );
    return report;
  } catch (error) {
    if (error instanceof AlreadyProduced) return getReport(store, branchId, period.kind, period.from);
    throw error;
  }
}

export async function getReport(store: Store, branchId: string, kind: string, from: string): Promise<Report> {
  const item = await getRecord(store, reportKey(branchId, kind, from));
  if (!item) throw new NotFoundError(`No ${kind} report of branch ${branchId} starting ${from}`);
  return fromItem<Report>(item);
}

/** The branch's reports of one kind whose period starts between two local days, oldest first. */
export async function listReports(
  store: Store,
  input: {
    branchId: string;
    kind: string;
    from: string;
    to: string;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<{ items: Report[]; nextCursor?: string }> {
  const partition = reportKey(input.branchId, input.kind, '').pk;
  const page = await queryPage(store, {
    KeyConditionExpression: 'pk = :p AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':p': partition, ':from': input.from, ':to': input.to },
    partition,
    limit: input.limit,
    cursor: input.cursor,
  });
  return { ...page, items: page.items.map((i) => fromItem<Report>(i)) };
}

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
    ...Object.entries(report.kpis).map(([name, value]) => [name, value] as const),
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

/** How long after its time a report may still be produced by its own duty before the catch-up does it. */
const graceMs = 30 * 60_000;

/**
 * The daily backstop (R-RPT-1), run by an EventBridge Scheduler schedule in each branch time zone
 * (CDK) and at the local runtime's start: for every branch of `timeZone` (all when left out), a
 * report whose time passed more than 30 minutes ago without being produced is produced now (which
 * schedules the next), and a branch without a schedule (created before reports existed) gets one.
 * Producing is idempotent, so a duty firing late at the same time changes nothing.
 */
export async function catchUpReports(
  store: Store,
  input: { timeZone?: string | undefined; now: Date; branchIds?: string[] },
): Promise<{ produced: number; scheduled: number }> {
  const branches = await allBranches(store, input.branchIds);
  let produced = 0;
  let scheduled = 0;
  for (const branch of branches) {
    if (branch.status !== 'active' || (input.timeZone && branch.timeZone !== input.timeZone)) continue;
    const page = await queryPage(store, {
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :next)',
      ExpressionAttributeValues: { ':p': scheduleKey(branch.id, '').pk, ':next': 'NEXT#' },
      partition: scheduleKey(branch.id, '').pk,
      limit: reportKinds.length,
    });
    const next = new Map(page.items.map((i) => [String(i.kind), i]));
    for (const kind of reportKinds) {
      const entry = next.get(kind);
      if (!entry) {
        await transact(
          store,
          reportDutySteps(store, branch, upcomingPeriod(kind, branch, policyFor(branch.policy), input.now)),
        );
        scheduled++;
        continue;
      }
      if (Date.parse(String(entry.at)) + graceMs > input.now.getTime()) continue;
      await produceReport(
        store,
        branch.id,
        { kind, from: String(entry.from), to: String(entry.to) },
        input.now,
      );
      produced++;
    }
  }
  return { produced, scheduled };
}
