import { describe, expect, it } from 'vitest';
import { policyFor, policyIssues } from '../../shared/kernel/policy';
import { figureDeltas } from '../../shared/reports/rules/figures';
import { serviceKpis } from '../../shared/reports/rules/kpis';
import { reportCsv, reportOf } from '../../shared/reports/rules/report';
import {
  complaintCategoryOf,
  complaintReason,
  complaintThreshold,
  complaintWords,
  type SurveyScores,
  satisfactionGaps,
  surveyInviteAt,
  surveyWanted,
} from '../../shared/self-service/rules/survey';
import { surveyAnswerBody } from '../../shared/self-service/schemas/survey';

/**
 * The satisfaction survey's rules (R-SELF-2, R-CMP-4) and its KPIs (R-RPT-3), without I/O. The
 * seed: satisfaction is the gap between the service perceived and the one expected.
 */
const policy = policyFor();
const all = (expected: number, perceived: number): SurveyScores => ({
  onTime: { expected, perceived },
  priceAsQuoted: { expected, perceived },
  quality: { expected, perceived },
  courtesy: { expected, perceived },
  overall: { expected, perceived },
});

describe('satisfaction is perceived − expected, per aspect and overall (R-SELF-2)', () => {
  it.each([
    [5, 5, 0],
    [4, 5, 1],
    [5, 1, -4],
    [1, 5, 4],
    [3, 2, -1],
  ])('R-SELF-2: expected %i, perceived %i: gap %i on every aspect', (expected, perceived, gap) => {
    expect(satisfactionGaps(all(expected, perceived))).toEqual({
      onTime: gap,
      priceAsQuoted: gap,
      quality: gap,
      courtesy: gap,
      overall: gap,
    });
  });

  it('R-SELF-2: each aspect has its own gap', () => {
    const scores: SurveyScores = {
      onTime: { expected: 5, perceived: 2 },
      priceAsQuoted: { expected: 3, perceived: 4 },
      quality: { expected: 4, perceived: 4 },
      courtesy: { expected: 2, perceived: 5 },
      overall: { expected: 4, perceived: 3 },
    };
    expect(satisfactionGaps(scores)).toEqual({
      onTime: -3,
      priceAsQuoted: 1,
      quality: 0,
      courtesy: 3,
      overall: -1,
    });
  });
});

describe('a low overall score or a marked comment opens a complaint (R-SELF-2, R-CMP-4)', () => {
  it('R-CMP-4: the default threshold is −1 (policy survey.toleratedShortfall)', () => {
    expect(complaintThreshold(policy)).toBe(-1);
  });

  it.each<[string, number, boolean, number, 'marked' | 'low-score' | undefined]>([
    ['above expectation', 2, false, 1, undefined],
    ['as expected', 0, false, 1, undefined],
    ['exactly at the threshold −1: no complaint', -1, false, 1, undefined],
    ['just below the threshold', -2, false, 1, 'low-score'],
    ['far below', -4, false, 1, 'low-score'],
    ['a branch tolerating 2 points: −2 is at its threshold', -2, false, 2, undefined],
    ['a branch tolerating 2 points: −3 is below it', -3, false, 2, 'low-score'],
    ['a branch tolerating 0.5 points: −1 is below it', -1, false, 0.5, 'low-score'],
    ['marked as a complaint although pleased', 3, true, 1, 'marked'],
    ['marked and low', -4, true, 1, 'marked'],
  ])('R-CMP-4: %s', (_label, overall, isComplaint, toleratedShortfall, expected) => {
    const branch = policyFor({ survey: { toleratedShortfall } });
    expect(complaintReason({ gaps: { overall }, isComplaint }, branch)).toBe(expected);
  });

  it('R-CMP-4: the case names the comment and the aspects that fell short', () => {
    const scores: SurveyScores = { ...all(4, 4), onTime: { expected: 5, perceived: 2 } };
    const gaps = satisfactionGaps(scores);
    expect(complaintWords({ gaps, scores, comment: '晚了一个小时' })).toBe(
      '晚了一个小时\n\nSurvey: onTime expected 5, perceived 2',
    );
    expect(complaintWords({ gaps: satisfactionGaps(all(3, 3)), scores: all(3, 3) })).toBe(
      'Survey: no aspect below expectation',
    );
  });

  it.each<[string, Partial<Record<'onTime' | 'priceAsQuoted' | 'quality' | 'courtesy', number>>, string]>([
    ['late', { onTime: -3, quality: -1 }, 'waiting'],
    ['dearer than quoted', { priceAsQuoted: -2 }, 'price'],
    ['poor work', { quality: -4, onTime: -1 }, 'quality'],
    ['rude staff', { courtesy: -2 }, 'staff'],
    ['nothing below expectation', {}, 'service'],
  ])('R-CMP-4: the category follows the aspect furthest below expectation: %s', (_label, gaps, category) => {
    expect(
      complaintCategoryOf({ onTime: 0, priceAsQuoted: 0, quality: 0, courtesy: 0, overall: -2, ...gaps }),
    ).toBe(category);
  });
});

describe('the invitation: the next day at the policy hour, branch-local (R-SELF-2)', () => {
  it.each([
    // 2026-12-07T09:30Z is 17:30 in Shanghai: tomorrow 10:00 local is 02:00Z.
    ['Asia/Shanghai', '2026-12-07T09:30:00Z', {}, '2026-12-08T02:00:00.000Z'],
    // 23:30 local on the 7th is still the 7th: the 8th at 10:00.
    ['Asia/Shanghai', '2026-12-07T15:30:00Z', {}, '2026-12-08T02:00:00.000Z'],
    // 00:30 local on the 8th (16:30Z the 7th): the 9th.
    ['Asia/Shanghai', '2026-12-07T16:30:00Z', {}, '2026-12-09T02:00:00.000Z'],
    ['Asia/Hong_Kong', '2026-12-07T09:30:00Z', { inviteAtMinuteOfDay: 19 * 60 }, '2026-12-08T11:00:00.000Z'],
    ['Asia/Shanghai', '2026-12-07T09:30:00Z', { inviteAfterDays: 2 }, '2026-12-09T02:00:00.000Z'],
  ])('R-SELF-2: %s, exit at %s (%o): invited at %s', (timeZone, exitAt, overrides, expected) => {
    expect(surveyInviteAt(exitAt, timeZone, policyFor({ survey: overrides }))).toBe(expected);
  });

  it.each([
    [{}, true],
    [{ decline: { reason: 'price' } }, false],
  ])('R-SELF-2: a repaired car is surveyed, a declined order is not (%o)', (order, wanted) => {
    expect(surveyWanted(order)).toBe(wanted);
  });

  it.each([
    [{ inviteAtMinuteOfDay: 1440 }, 'survey.inviteAtMinuteOfDay'],
    [{ inviteAtMinuteOfDay: 600.5 }, 'survey.inviteAtMinuteOfDay'],
    [{ inviteAfterDays: 1.5 }, 'survey.inviteAfterDays'],
  ])('R-SELF-2: a branch policy %o is refused at %s', (overrides, path) => {
    expect(policyIssues(policyFor({ survey: overrides })).map((i) => i.path)).toContain(path);
  });
});

describe('the answer as sent (R-SELF-2)', () => {
  const valid = { scores: all(4, 4) };

  it('R-SELF-2: takes the five aspects scored 1–5, isComplaint false by default', () => {
    expect(surveyAnswerBody.parse(valid)).toEqual({ ...valid, isComplaint: false });
  });

  it.each<[string, unknown, string]>([
    [
      'a score of 0',
      { scores: { ...all(4, 4), quality: { expected: 0, perceived: 4 } } },
      'scores.quality.expected',
    ],
    [
      'a score of 6',
      { scores: { ...all(4, 4), overall: { expected: 4, perceived: 6 } } },
      'scores.overall.perceived',
    ],
    [
      'a fraction',
      { scores: { ...all(4, 4), onTime: { expected: 4.5, perceived: 4 } } },
      'scores.onTime.expected',
    ],
    ['an aspect missing', { scores: { ...all(4, 4), courtesy: undefined } }, 'scores.courtesy'],
    ['an unknown aspect', { scores: { ...all(4, 4), parking: { expected: 1, perceived: 1 } } }, 'scores'],
    ['a comment over 1000 characters', { ...valid, comment: 'x'.repeat(1001) }, 'comment'],
    ['a complaint without words', { ...valid, isComplaint: true }, 'comment'],
  ])('R-SELF-2: refuses %s, naming %s', (_label, body, path) => {
    const parsed = surveyAnswerBody.safeParse(body);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it('R-SELF-2: a comment of exactly 1000 characters is taken', () => {
    expect(surveyAnswerBody.safeParse({ ...valid, comment: 'x'.repeat(1000) }).success).toBe(true);
  });
});

describe('survey KPIs from the stream (R-RPT-3, R-SELF-2)', () => {
  const settings = {
    timeZone: 'Asia/Shanghai',
    inspectionRecordWithinMinutes: 120,
    callRecordedWithinHours: 24,
  };
  const scheduled = { type: 'survey', branchId: 'SZ', orderId: 'o1', state: 'scheduled' };
  const invited = { ...scheduled, state: 'invited', invitedAt: '2026-12-08T02:00:00Z' };
  const gaps = { onTime: -3, priceAsQuoted: 0, quality: 1, courtesy: 2, overall: -2 };
  const answered = {
    ...invited,
    state: 'answered',
    answer: { gaps, isComplaint: false, complaintId: 'c1', answeredAt: '2026-12-08T17:00:00Z' },
  };

  it('R-RPT-3: a survey scheduled at the exit moves nothing', () => {
    expect(figureDeltas(undefined, scheduled, settings)).toEqual([]);
  });

  it('R-RPT-3: the invitation sent counts on its local day', () => {
    expect(figureDeltas(scheduled, invited, settings)).toEqual([
      { day: '2026-12-08', counters: { surveysSent: 1 } },
    ]);
  });

  it('R-RPT-3: the answer counts on its local day with its gaps summed per aspect', () => {
    expect(figureDeltas(invited, answered, settings)).toEqual([
      {
        day: '2026-12-09',
        counters: {
          surveysAnswered: 1,
          surveysComplaints: 1,
          'surveyGap.onTime': -3,
          'surveyGap.quality': 1,
          'surveyGap.courtesy': 2,
          'surveyGap.overall': -2,
        },
      },
    ]);
  });

  it('R-RPT-3: a change after the answer (a redelivery of the same image) counts nothing more', () => {
    expect(figureDeltas(answered, answered, settings)).toEqual([]);
  });

  it('R-RPT-3: response rate and mean gaps, overall and per aspect', () => {
    const kpis = serviceKpis({
      surveysSent: 3,
      surveysAnswered: 2,
      'surveyGap.overall': -3,
      'surveyGap.onTime': -4,
      'surveyGap.quality': 1,
      'surveyGap.courtesy': 3,
    });
    expect(kpis).toMatchObject({
      surveysSent: 3,
      surveysAnswered: 2,
      surveyResponsePercent: 66.67,
      satisfactionGap: -1.5,
      satisfactionGapByAspect: { onTime: -2, priceAsQuoted: 0, quality: 0.5, courtesy: 1.5, overall: -1.5 },
    });
  });

  it('R-RPT-3: nothing sent or answered rates nothing (null, not 0)', () => {
    expect(serviceKpis({})).toMatchObject({
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
    });
  });
});

describe('the survey KPIs in a branch report (R-RPT-1, R-RPT-3)', () => {
  const report = {
    ...reportOf(
      { id: 'SZ', currency: 'CNY', timeZone: 'Asia/Shanghai' },
      { kind: 'daily', from: '2026-12-08', to: '2026-12-08' },
      new Date('2026-12-08T09:30:00Z'),
      {
        days: [
          { day: '2026-12-08', counters: { surveysSent: 4, surveysAnswered: 2, 'surveyGap.onTime': -3 } },
        ],
        history: [],
        inspectors: [],
      },
    ),
    edition: 'provisional' as const,
  };

  it('R-RPT-3: the report carries the response rate and the mean gaps', () => {
    expect(report.kpis).toMatchObject({
      surveyResponsePercent: 50,
      satisfactionGapByAspect: { onTime: -1.5 },
    });
  });

  it('R-RPT-3: its CSV has one row per aspect of the mean gap', () => {
    const lines = reportCsv(report).body.split('\r\n');
    expect(lines).toContain('surveyResponsePercent,50');
    expect(lines).toContain('satisfactionGapByAspect.onTime,-1.5');
    expect(lines).toContain('satisfactionGapByAspect.quality,0');
    expect(lines.some((line) => line.includes('[object Object]'))).toBe(false);
  });
});
