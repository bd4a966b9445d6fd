import type { Branch } from '../../branches/schemas';
import { allBranches, branchSettings } from '../../branches/store';
import { ConflictError } from '../../kernel/errors';
import { policyFor } from '../../kernel/policy';
import type { Store } from '../../platform/dynamo/client';
import { putStep, type Step, transact } from '../../platform/dynamo/records';
import { finalDutyStep, reportDutySteps } from '../duties/schedule';
import { inspectorRows } from '../rules/kpis';
import { nextPeriod, type Period, reportKinds, upcomingPeriod, workingDaysOf } from '../rules/periods';
import { assessesInspectors, catchUpDue, coveredByCatchUp, reportOf } from '../rules/report';
import type { Report } from '../schemas/report';
import { branchDays, branchDaysUntil, getReport, inspectorDays, nextReports, reportKey } from '../store';

/**
 * Branch reports on schedule (R-RPT-1, R-RPT-2, R-FUP-7, R-QC-1..3). Each branch has one pending
 * `report` duty per kind, timed before the end of work in its own time zone
 * (shared/reports/duties/schedule.ts); the sweeper (EventBridge Scheduler every minute in AWS, the
 * local runtime's clock locally) produces the report from the aggregates and, in the same
 * transaction, schedules the next period's duty. A report is a snapshot written once
 * (shared/reports/store.ts, `reportKey`); its figures are shared/reports/rules/report.ts.
 */

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
  const [days, history, inspectors] = await Promise.all([
    branchDays(store, branch.id, period.from, period.to),
    branchDaysUntil(store, branch.id, period.to),
    assessesInspectors(period)
      ? inspectorDays(store, branch.id, period.from, period.to)
      : Promise.resolve([]),
  ]);
  return reportOf(branch, period, producedAt, {
    days,
    history,
    inspectors: inspectorRows(inspectors, workingDaysOf(period)),
  });
}

/** A new branch's first report duties, one per kind, in its creating transaction. */
export function firstReportDutySteps(store: Store, branch: Branch, now: Date): Step[] {
  return reportKinds.flatMap((kind) =>
    reportDutySteps(store, branch, upcomingPeriod(kind, branch, policyFor(branch.policy), now)),
  );
}

class AlreadyProduced extends ConflictError {}

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
    if (!coveredByCatchUp(branch, input.timeZone)) continue;
    const next = await nextReports(store, branch.id);
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
      if (!catchUpDue(String(entry.at), input.now)) continue;
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
