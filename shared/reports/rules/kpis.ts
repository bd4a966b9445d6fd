import { type Policy, policyFor } from '../../kernel/policy';
import type { InspectorRow } from '../schemas/report';
import type { InspectorDayFigures } from '../store';
import { sumCounters } from './figures';

/**
 * Service KPIs from summed counters (R-RPT-3) and the inspector's assessment (R-QC-1..3). Pure:
 * a rate is `null` when its denominator is 0 (nothing to rate yet), never a made-up 100 %.
 */
type Counters = Record<string, number>;

const rate = (part: number | undefined, whole: number | undefined): number | null =>
  whole ? Math.round(((part ?? 0) / whole) * 10_000) / 100 : null;

export interface ServiceKpis {
  /** Repaired cars ready by their promised time, % of deliveries. */
  onTimeDeliveryPercent: number | null;
  /** Follow-up calls made inside their window, % of the calls that fell due (R-FUP-2/3). */
  followUpInWindowPercent: number | null;
  /** Progress checks answered by their due time, % of the checks that fell due (R-PRG-1). */
  progressCheckOnTimePercent: number | null;
  /** Add-ons the customer approved, % of those answered (R-ADD). */
  addOnApprovalPercent: number | null;
  /** Inspections that failed the car, % of inspections (R-PKP-1). */
  inspectionFailurePercent: number | null;
  /** Complaint cases taken (R-CMP-1, R-RPT-3). */
  complaints: number;
  /** Mean hours from a complaint being taken to its answer (R-CMP-3, R-RPT-3). */
  complaintResponseHours: number | null;
  /** Complaints answered at once or by the promised response time, % of those answered (R-CMP-2). */
  complaintOnTimePercent: number | null;
  /** Customers satisfied with the answer, % of those who rated it (R-CMP-3). */
  complaintSatisfactionPercent: number | null;
  /** Appointments checked in, % of those that came due (arrived or no-show, R-APT-5). */
  appointmentShowPercent: number | null;
  /** Satisfaction survey invitations sent (R-SELF-2, R-RPT-3). */
  surveysSent: number;
  /** Surveys answered. */
  surveysAnswered: number;
  /** Surveys answered, % of those sent. */
  surveyResponsePercent: number | null;
  /** Mean overall satisfaction of the answers: perceived − expected, −4..4 (R-SELF-2). */
  satisfactionGap: number | null;
  /** The same mean per aspect. */
  satisfactionGapByAspect: Record<SurveyAspect, number | null>;
  /** Comebacks have no records yet: `null` until they do. */
  comebackPercent: null;
}

const surveyAspects = ['onTime', 'priceAsQuoted', 'quality', 'courtesy', 'overall'] as const;
type SurveyAspect = (typeof surveyAspects)[number];

/** A mean of a summed counter over `count`, to 2 decimals; `null` when nothing was counted. */
const mean = (sum: number | undefined, count: number | undefined): number | null =>
  count ? Math.round(((sum ?? 0) / count) * 100) / 100 : null;

export function serviceKpis(c: Counters): ServiceKpis {
  return {
    onTimeDeliveryPercent: rate(c.deliveriesOnTime, c.deliveries),
    followUpInWindowPercent: rate(c.followUpsInWindow, c.followUpsDue),
    progressCheckOnTimePercent: rate(c.progressChecksOnTime, c.progressChecksDue),
    addOnApprovalPercent: rate(c.addOnsApproved, (c.addOnsApproved ?? 0) + (c.addOnsDeclined ?? 0)),
    inspectionFailurePercent: rate(c.inspectionsFailed, c.inspections),
    complaints: c.complaints ?? 0,
    complaintResponseHours: c.complaintsAnswered
      ? Math.round(((c.complaintResponseMinutes ?? 0) / c.complaintsAnswered / 60) * 10) / 10
      : null,
    complaintOnTimePercent: rate(c.complaintsAnsweredOnTime, c.complaintsAnswered),
    complaintSatisfactionPercent: rate(c.complaintsSatisfied, c.complaintsRated),
    appointmentShowPercent: rate(
      c.appointmentsArrived,
      (c.appointmentsArrived ?? 0) + (c.appointmentsNoShow ?? 0),
    ),
    surveysSent: c.surveysSent ?? 0,
    surveysAnswered: c.surveysAnswered ?? 0,
    surveyResponsePercent: rate(c.surveysAnswered, c.surveysSent),
    satisfactionGap: mean(c['surveyGap.overall'], c.surveysAnswered),
    satisfactionGapByAspect: Object.fromEntries(
      surveyAspects.map((aspect) => [aspect, mean(c[`surveyGap.${aspect}`], c.surveysAnswered)]),
    ) as Record<SurveyAspect, number | null>,
    comebackPercent: null,
  };
}

export interface InspectorAssessment {
  /** R-QC-1: cars plus assemblies inspected in the period. */
  workload: number;
  /** R-QC-1: the month's target (200 in 25.5 working days), prorated for a shorter period. */
  workloadTarget: number;
  /** R-QC-1: "below 200 the actual count is used": the count that enters the score. */
  workloadCounted: number;
  /** R-QC-2: correct inspections / all × 100 %; a pass later found wrong is a comeback (none recorded yet). */
  accuracyPercent: number | null;
  accuracyTargetPercent: number;
  meetsAccuracy: boolean | null;
  /** R-QC-3: complete records / all records × 100 %. */
  completenessPercent: number | null;
  /** R-QC-3: records filed within the branch's limit / all records × 100 %. */
  timelinessPercent: number | null;
}

/**
 * R-QC-1..3 for one inspector over `workingDays` working days. The target is the month's 200
 * scaled to the period (25.5 working days a month); the counted workload is the actual count,
 * capped at the target ("below 200 the actual count is used").
 */
export function assessInspector(c: Counters, workingDays: number, policy: Policy): InspectorAssessment {
  const kpi = policy.inspectorKpi;
  const workload = (c.inspections ?? 0) + (c.assembliesInspected ?? 0);
  const workloadTarget =
    Math.round((kpi.monthlyWorkloadTarget * workingDays * 100) / kpi.workingDaysPerMonth) / 100;
  // Accuracy needs the comebacks of the cars passed (R-WAR); until they are recorded (the
  // counter exists) there is nothing to rate, and 100 % would be a claim, not a measure.
  const accuracy = c.comebacks === undefined ? null : rate((c.inspections ?? 0) - c.comebacks, c.inspections);
  return {
    workload,
    workloadTarget,
    workloadCounted: Math.min(workload, workloadTarget),
    accuracyPercent: accuracy,
    accuracyTargetPercent: kpi.accuracyTargetPercent,
    meetsAccuracy: accuracy === null ? null : accuracy >= kpi.accuracyTargetPercent,
    completenessPercent: rate(c.recordsComplete, c.inspections),
    timelinessPercent: rate(c.recordsTimely, c.inspections),
  };
}

/** R-QC-1..3 per inspector from their day figures over `workingDays`, by name. */
export function inspectorRows(list: readonly InspectorDayFigures[], workingDays: number): InspectorRow[] {
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
