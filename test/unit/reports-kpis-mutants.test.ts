import { describe, expect, it } from 'vitest';
import { policyFor } from '../../shared/kernel/policy';
import { assessInspector, serviceKpis } from '../../shared/reports/rules/kpis';

/**
 * The service KPIs of R-RPT-3 and the inspector assessment of R-QC-1..3, every figure at once,
 * so that a rate computed from the wrong counter, rounded the wrong way or made up when there is
 * nothing to rate is seen (mutation testing, issue 14). Rates are % to two decimals; a rate
 * whose denominator is 0 is `null`, never 0 % or 100 %.
 */
describe('service KPIs, every figure (R-RPT-3)', () => {
  it('R-RPT-3: with no counters nothing is rated: every rate null, every count 0', () => {
    expect(serviceKpis({})).toEqual({
      onTimeDeliveryPercent: null,
      followUpInWindowPercent: null,
      progressCheckOnTimePercent: null,
      addOnApprovalPercent: null,
      inspectionFailurePercent: null,
      complaints: 0,
      complaintResponseHours: null,
      complaintOnTimePercent: null,
      complaintSatisfactionPercent: null,
      appointmentShowPercent: null,
      surveysSent: 0,
      surveysAnswered: 0,
      surveyResponsePercent: null,
      satisfactionGap: null,
      satisfactionGapByAspect: {
        onTime: null,
        priceAsQuoted: null,
        quality: null,
        courtesy: null,
        overall: null,
      },
      comebackPercent: null,
    });
  });

  it('R-RPT-3, R-CMP-3, R-APT-5, R-SELF-2: each rate from its own counters, rounded to two decimals', () => {
    expect(
      serviceKpis({
        deliveries: 8,
        deliveriesOnTime: 7,
        followUpsDue: 6,
        followUpsInWindow: 5,
        progressChecksDue: 3,
        progressChecksOnTime: 2,
        addOnsApproved: 3,
        addOnsDeclined: 1,
        inspections: 40,
        inspectionsFailed: 3,
        complaints: 5,
        complaintsAnswered: 3,
        complaintsAnsweredOnTime: 1,
        complaintResponseMinutes: 100,
        complaintsRated: 7,
        complaintsSatisfied: 6,
        appointmentsArrived: 9,
        appointmentsNoShow: 2,
        surveysSent: 9,
        surveysAnswered: 3,
        'surveyGap.onTime': 1,
        'surveyGap.priceAsQuoted': -2,
        'surveyGap.quality': 4,
        'surveyGap.courtesy': 0,
        'surveyGap.overall': -5,
      }),
    ).toEqual({
      onTimeDeliveryPercent: 87.5,
      followUpInWindowPercent: 83.33,
      progressCheckOnTimePercent: 66.67,
      addOnApprovalPercent: 75,
      inspectionFailurePercent: 7.5,
      complaints: 5,
      // 100 minutes over 3 answers: 33.3 min = 0.56 h, to one decimal
      complaintResponseHours: 0.6,
      complaintOnTimePercent: 33.33,
      complaintSatisfactionPercent: 85.71,
      appointmentShowPercent: 81.82,
      surveysSent: 9,
      surveysAnswered: 3,
      surveyResponsePercent: 33.33,
      satisfactionGap: -1.67,
      satisfactionGapByAspect: {
        onTime: 0.33,
        priceAsQuoted: -0.67,
        quality: 1.33,
        courtesy: 0,
        overall: -1.67,
      },
      comebackPercent: null,
    });
  });

  it.each([
    // case, counters, KPI, expected
    ['R-RPT-3: deliveries none on time is 0 %, not nothing', { deliveries: 4 }, 'onTimeDeliveryPercent', 0],
    [
      'R-RPT-3: every delivery on time is 100 %',
      { deliveries: 4, deliveriesOnTime: 4 },
      'onTimeDeliveryPercent',
      100,
    ],
    ['R-RPT-3: add-ons only declined: 0 % approved', { addOnsDeclined: 2 }, 'addOnApprovalPercent', 0],
    ['R-RPT-3: add-ons only approved: 100 %', { addOnsApproved: 2 }, 'addOnApprovalPercent', 100],
    [
      'R-APT-5: appointments only no-shows: 0 % shown',
      { appointmentsNoShow: 2 },
      'appointmentShowPercent',
      0,
    ],
    ['R-APT-5: appointments only arrived: 100 %', { appointmentsArrived: 2 }, 'appointmentShowPercent', 100],
    ['R-RPT-3: progress checks due, none on time', { progressChecksDue: 2 }, 'progressCheckOnTimePercent', 0],
    ['R-PKP-1: inspections none failed', { inspections: 5 }, 'inspectionFailurePercent', 0],
    ['R-CMP-3: complaints answered in no minutes', { complaintsAnswered: 2 }, 'complaintResponseHours', 0],
    [
      'R-CMP-3: 90 minutes for one answer is 1.5 h',
      { complaintsAnswered: 1, complaintResponseMinutes: 90 },
      'complaintResponseHours',
      1.5,
    ],
    ['R-CMP-2: answers none on time', { complaintsAnswered: 2 }, 'complaintOnTimePercent', 0],
    ['R-CMP-3: ratings none satisfied', { complaintsRated: 2 }, 'complaintSatisfactionPercent', 0],
    ['R-SELF-2: surveys sent, none answered', { surveysSent: 2 }, 'surveyResponsePercent', 0],
    ['R-SELF-2: answers without gaps have a gap of 0', { surveysAnswered: 2 }, 'satisfactionGap', 0],
    [
      'R-SELF-2: a rate of answers above 100 % is not capped',
      { surveysSent: 1, surveysAnswered: 2 },
      'surveyResponsePercent',
      200,
    ],
  ] as const)('%s', (_label, counters, kpi, expected) => {
    expect(serviceKpis(counters)[kpi]).toBe(expected);
  });
});

describe('inspector assessment, every figure (R-QC-1..3)', () => {
  const policy = policyFor();

  it('R-QC-1..3: workload, its prorated target, accuracy against 97 %, completeness and timeliness', () => {
    expect(
      assessInspector(
        { inspections: 60, assembliesInspected: 7, comebacks: 3, recordsComplete: 59, recordsTimely: 45 },
        10,
        policy,
      ),
    ).toEqual({
      workload: 67,
      // 200 × 10 / 25.5 = 78.43
      workloadTarget: 78.43,
      workloadCounted: 67,
      accuracyPercent: 95,
      accuracyTargetPercent: 97,
      meetsAccuracy: false,
      completenessPercent: 98.33,
      timelinessPercent: 75,
    });
  });

  it.each([
    // case, counters, accuracy %, meets the 97 % target
    ['R-QC-2: exactly 97 % meets the target', { inspections: 100, comebacks: 3 }, 97, true],
    ['R-QC-2: 96 % misses it', { inspections: 100, comebacks: 4 }, 96, false],
    ['R-QC-2: no comeback is 100 %', { inspections: 10, comebacks: 0 }, 100, true],
    ['R-QC-2: comebacks recorded but no inspection: nothing to rate', { comebacks: 0 }, null, null],
  ] as const)('%s', (_label, counters, accuracy, meets) => {
    const a = assessInspector(counters, 25.5, policy);
    expect(a.accuracyPercent).toBe(accuracy);
    expect(a.meetsAccuracy).toBe(meets);
  });

  it.each([
    // case, counters, workload, counted
    ['R-QC-1: assemblies alone count', { assembliesInspected: 12 }, 12, 12],
    ['R-QC-1: nothing inspected counts 0', {}, 0, 0],
  ] as const)('%s', (_label, counters, workload, counted) => {
    const a = assessInspector(counters, 25.5, policy);
    expect(a.workload).toBe(workload);
    expect(a.workloadCounted).toBe(counted);
    expect(a.completenessPercent).toBe(null);
    expect(a.timelinessPercent).toBe(null);
  });
});
