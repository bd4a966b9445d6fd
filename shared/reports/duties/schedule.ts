import type { Branch } from '../../branches/schemas';
import { scheduleDutyStep } from '../../duty-engine/store';
import { policyFor } from '../../kernel/policy';
import type { Store } from '../../platform/dynamo/client';
import { putStep, type Step } from '../../platform/dynamo/records';
import { type Period, productionTime } from '../rules/periods';
import { finalTime } from '../rules/report';
import { scheduleKey } from '../store';

/**
 * When the `report` duties fall due (R-RPT-1, R-RPT-2): each branch has one pending duty per kind,
 * timed before the end of work in its own time zone (shared/reports/rules/periods.ts), and one
 * final duty per produced period. The steps go into the transaction of whoever schedules them
 * (a new branch, a produced report, the catch-up); the sweeper runs them (../duties.ts).
 */

/** The `report` duty of `period`, timed by the branch's close, and its schedule entry. */
export function reportDutySteps(store: Store, branch: Branch, period: Period): Step[] {
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

/** The duty that produces the final edition of `period` (R-RPT-2). */
export function finalDutyStep(store: Store, branch: Branch, period: Period): Step {
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
