import { describe, expect, it } from 'vitest';
import {
  answerTiming,
  checkChannelLinks,
  requireComplaintAction,
  responseDeadline,
} from '../../shared/complaints/rules';
import type { ComplaintState } from '../../shared/complaints/schemas';
import { InvalidTransitionError, RuleViolationError } from '../../shared/kernel/errors';
import { policyFor } from '../../shared/kernel/policy';
import { figureDeltas, type Image } from '../../shared/reports/rules/figures';
import { serviceKpis } from '../../shared/reports/rules/kpis';

/**
 * The rules of a complaint case (R-CMP-1..4) and its figures (R-CMP-3, R-RPT-3), with fixed
 * instants: 2026-11-29T02:00Z is 10:00 in Shanghai.
 */
const policy = policyFor();
const now = new Date('2026-11-29T02:00:00Z');
const settings = {
  timeZone: 'Asia/Shanghai',
  inspectionRecordWithinMinutes: 120,
  callRecordedWithinHours: 24,
};

describe('answered at once or a promised response time (R-CMP-2, R-CMP-4)', () => {
  it.each<[string, Parameters<typeof responseDeadline>[0], string | undefined]>([
    ['answered at once: no duty', { channel: 'phone', answer: '已处理' }, undefined],
    [
      'a promise by phone',
      { channel: 'phone', respondBy: '2026-11-29T06:00:00Z' },
      '2026-11-29T06:00:00.000Z',
    ],
    ['an SMS reply: the policy’s 48 h', { channel: 'sms_reply' }, '2026-12-01T02:00:00.000Z'],
    ['a survey score: the policy’s 48 h', { channel: 'survey' }, '2026-12-01T02:00:00.000Z'],
    ['an open call item: the policy’s 48 h', { channel: 'call_item' }, '2026-12-01T02:00:00.000Z'],
  ])('R-CMP-2: %s', (_label, input, expected) => {
    expect(responseDeadline(input, now, policy)?.toISOString()).toBe(expected);
  });

  it.each<[string, Parameters<typeof responseDeadline>[0]]>([
    ['taken in person with neither an answer nor a promise', { channel: 'in_person' }],
    ['both an answer and a promise', { channel: 'phone', answer: 'x', respondBy: '2026-11-29T06:00:00Z' }],
    ['a promise in the past', { channel: 'phone', respondBy: '2026-11-29T01:59:00Z' }],
    ['a promise more than 30 days ahead', { channel: 'phone', respondBy: '2026-12-29T02:01:00Z' }],
  ])('R-CMP-2: refuses %s (422)', (_label, input) => {
    expect(() => responseDeadline(input, now, policy)).toThrow(RuleViolationError);
  });

  it.each<[string, Parameters<typeof checkChannelLinks>[0]]>([
    ['a call item without its call', { channel: 'call_item' }],
    ['a phone complaint naming a call', { channel: 'phone', call: { callId: 'x', itemId: '1' } }],
    ['a reply letter on a phone complaint', { channel: 'phone', replyLetterId: 'x' }],
  ])('R-CMP-1, R-CMP-4: refuses %s', (_label, input) => {
    expect(() => checkChannelLinks(input)).toThrow(RuleViolationError);
  });
});

describe('response time and the promise kept (R-CMP-2, R-CMP-3)', () => {
  const takenAt = '2026-11-29T02:00:00Z';
  const promise = {
    respondBy: '2026-11-29T06:00:00Z',
    dutyId: 'D',
    promisedBy: { staffId: 's', name: 'n' },
    at: takenAt,
  };
  it.each<[string, string, boolean, { minutes: number; onTime: boolean }]>([
    ['answered by the promised time', '2026-11-29T06:00:00Z', true, { minutes: 240, onTime: true }],
    ['answered a minute late', '2026-11-29T06:01:00Z', true, { minutes: 241, onTime: false }],
    ['no promise: always on time', '2026-11-30T02:00:00Z', false, { minutes: 1440, onTime: true }],
  ])('R-CMP-3: %s', (_label, at, promised, expected) => {
    expect(answerTiming({ takenAt, ...(promised ? { promise } : {}) }, new Date(at))).toEqual(expected);
  });

  it.each<[ComplaintState, string, boolean]>([
    ['open', 'answer', true],
    ['open', 'close', false],
    ['answered', 'solve', true],
    ['answered', 'answer', false],
    ['solved', 'close', true],
    ['closed', 'solve', false],
  ])('R-CMP-2, R-CMP-3: a case %s may %s: %s', (state, action, ok) => {
    const attempt = () => requireComplaintAction({ id: 'C', state }, action as 'answer');
    if (ok) expect(attempt).not.toThrow();
    else expect(attempt).toThrow(InvalidTransitionError);
  });
});

describe('complaint figures and KPIs (R-CMP-3, R-RPT-3)', () => {
  const base: Image = {
    type: 'complaint',
    branchId: 'SZ',
    takenAt: '2026-11-29T02:00:00Z',
    createdAt: '2026-11-29T02:00:00Z',
  };
  const answer = { text: 'x', at: '2026-11-29T06:30:00Z', minutes: 270, onTime: false };
  // Counters that stay 0 are left out of a day's deltas.
  it.each<[string, Image | undefined, Image, Record<string, number>]>([
    ['a case taken', undefined, base, { complaints: 1 }],
    [
      'a case answered at once',
      undefined,
      { ...base, answer: { ...answer, at: base.takenAt, minutes: 0, onTime: true } },
      { complaints: 1, complaintsAnswered: 1, complaintsAnsweredOnTime: 1 },
    ],
    [
      'an answer after the promised time',
      base,
      { ...base, answer },
      { complaintsAnswered: 1, complaintResponseMinutes: 270 },
    ],
    [
      'closed, satisfied',
      { ...base, answer },
      { ...base, answer, closure: { satisfaction: 'satisfied', at: '2026-11-29T09:00:00Z' } },
      { complaintsRated: 1, complaintsSatisfied: 1 },
    ],
    [
      'closed, dissatisfied',
      { ...base, answer },
      { ...base, answer, closure: { satisfaction: 'dissatisfied', at: '2026-11-29T09:00:00Z' } },
      { complaintsRated: 1, complaintsDissatisfied: 1 },
    ],
  ])('R-CMP-3: %s', (_label, before, after, counters) => {
    expect(figureDeltas(before, after, settings)).toEqual([{ day: '2026-11-29', counters }]);
  });

  it('R-CMP-3: closed with the customer not reachable rates nothing; an unchanged case moves nothing', () => {
    const answered = { ...base, answer };
    const closed = { ...answered, closure: { satisfaction: 'not_reachable', at: '2026-11-29T09:00:00Z' } };
    expect(figureDeltas(answered, closed, settings)).toEqual([]);
    expect(figureDeltas(closed, closed, settings)).toEqual([]);
  });

  it.each<[string, Record<string, number>, Partial<ReturnType<typeof serviceKpis>>]>([
    [
      'response hours, on time and satisfaction',
      {
        complaints: 5,
        complaintsAnswered: 4,
        complaintsAnsweredOnTime: 3,
        complaintResponseMinutes: 4 * 90,
        complaintsRated: 3,
        complaintsSatisfied: 2,
      },
      {
        complaints: 5,
        complaintResponseHours: 1.5,
        complaintOnTimePercent: 75,
        complaintSatisfactionPercent: 66.67,
      },
    ],
    [
      'nothing answered or rated yet: null, not a made-up 100 %',
      { complaints: 2 },
      {
        complaints: 2,
        complaintResponseHours: null,
        complaintOnTimePercent: null,
        complaintSatisfactionPercent: null,
      },
    ],
  ])('R-CMP-3, R-RPT-3: %s', (_label, counters, expected) => {
    expect(serviceKpis(counters)).toMatchObject(expected);
  });
});
