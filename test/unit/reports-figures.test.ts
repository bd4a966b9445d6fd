import { describe, expect, it } from 'vitest';
import { policyFor } from '../../shared/kernel/policy';
import { figureDeltas, type Image } from '../../shared/reports/rules/figures';
import { assessInspector, serviceKpis } from '../../shared/reports/rules/kpis';

/**
 * The figures of R-RPT-1..3 and R-QC-1..3 as deltas of one change: which branch-local day, which
 * counters. Shanghai is UTC+8: 2026-11-29T17:00Z is already 30 November there.
 */
const settings = {
  timeZone: 'Asia/Shanghai',
  inspectionRecordWithinMinutes: 120,
  callRecordedWithinHours: 24,
};

const order = (extra: Image = {}): Image => ({
  type: 'order',
  branchId: 'SZ',
  vehicleType: 'car',
  repairCategory: 'maintenance',
  promisedAt: '2026-11-29T08:00:00Z',
  payments: [],
  addOns: [],
  inspections: [],
  ...extra,
});

const settlement = {
  totals: { total: 100_000 },
  discount: 5_000,
  outstanding: 60_000,
  issuedAt: '2026-11-29T06:00:00Z',
};
const exit = { at: '2026-11-29T17:00:00Z' };

describe('figure deltas of an order change (R-RPT-1, R-RPT-2)', () => {
  it.each([
    [
      'the handover counts a car in, by type and category',
      order(),
      order({ handover: { at: '2026-11-29T01:00:00Z' } }),
      [
        {
          day: '2026-11-29',
          counters: { carsIn: 1, 'carsIn.type.car': 1, 'carsIn.category.maintenance': 1 },
        },
      ],
    ],
    [
      'the settlement counts revenue (total less discount) and what is still owed, on its local day',
      order(),
      order({ settlement }),
      [
        {
          day: '2026-11-29',
          counters: {
            settlements: 1,
            'settlements.type.car': 1,
            'settlements.category.maintenance': 1,
            revenue: 95_000,
            receivablesRaised: 60_000,
          },
        },
      ],
    ],
    [
      'a payment after the settlement pays off a receivable, on the payment’s local day',
      order({ settlement }),
      order({ settlement, payments: [{ id: 'p1', amount: 20_000, at: '2026-12-01T03:00:00Z' }] }),
      [{ day: '2026-12-01', counters: { paymentsReceived: 20_000, receivablesCollected: 20_000 } }],
    ],
    [
      'the exit late in the UTC day counts on the next local day; ready before the promise is on time',
      order({ readyAt: '2026-11-29T07:59:00Z' }),
      order({ readyAt: '2026-11-29T07:59:00Z', exit }),
      [
        {
          day: '2026-11-30',
          counters: {
            carsOut: 1,
            'carsOut.type.car': 1,
            'carsOut.category.maintenance': 1,
            deliveries: 1,
            deliveriesOnTime: 1,
          },
        },
      ],
    ],
    [
      'ready after the promise is a late delivery',
      order({ readyAt: '2026-11-29T08:01:00Z' }),
      order({ readyAt: '2026-11-29T08:01:00Z', exit }),
      [
        {
          day: '2026-11-30',
          counters: {
            carsOut: 1,
            'carsOut.type.car': 1,
            'carsOut.category.maintenance': 1,
            deliveries: 1,
          },
        },
      ],
    ],
    [
      'ready after a promise moved by hand is still late against the first promise',
      order({
        readyAt: '2026-11-29T09:00:00Z',
        originalPromisedAt: '2026-11-29T08:00:00Z',
        promisedAt: '2026-11-29T10:00:00Z',
      }),
      order({
        readyAt: '2026-11-29T09:00:00Z',
        originalPromisedAt: '2026-11-29T08:00:00Z',
        promisedAt: '2026-11-29T10:00:00Z',
        exit,
      }),
      [
        {
          day: '2026-11-30',
          counters: { carsOut: 1, 'carsOut.type.car': 1, 'carsOut.category.maintenance': 1, deliveries: 1 },
        },
      ],
    ],
    [
      'an approved add-on’s extra time moves the promise it is judged by',
      order({
        readyAt: '2026-11-29T09:00:00Z',
        originalPromisedAt: '2026-11-29T08:00:00Z',
        addOns: [{ id: 'a1', status: 'approved', extraMinutes: 90, raisedAt: '2026-11-29T02:00:00Z' }],
      }),
      order({
        readyAt: '2026-11-29T09:00:00Z',
        originalPromisedAt: '2026-11-29T08:00:00Z',
        addOns: [{ id: 'a1', status: 'approved', extraMinutes: 90, raisedAt: '2026-11-29T02:00:00Z' }],
        exit,
      }),
      [
        {
          day: '2026-11-30',
          counters: {
            carsOut: 1,
            'carsOut.type.car': 1,
            'carsOut.category.maintenance': 1,
            deliveries: 1,
            deliveriesOnTime: 1,
          },
        },
      ],
    ],
    [
      'a declined car leaving is a car out but no delivery',
      order({ decline: { reason: 'too dear' } }),
      order({ decline: { reason: 'too dear' }, exit }),
      [
        {
          day: '2026-11-30',
          counters: { carsOut: 1, 'carsOut.type.car': 1, 'carsOut.category.maintenance': 1 },
        },
      ],
    ],
    [
      'an add-on raised, then approved',
      order(),
      order({
        addOns: [
          {
            id: 'a1',
            status: 'approved',
            raisedAt: '2026-11-29T02:00:00Z',
            answer: { customerContactedAt: '2026-11-29T03:00:00Z' },
          },
        ],
      }),
      [{ day: '2026-11-29', counters: { addOnsPresented: 1, addOnsApproved: 1 } }],
    ],
    [
      'an unrelated change moves nothing',
      order({ settlement }),
      order({ settlement, otherRequests: 'x' }),
      [],
    ],
  ])('%s', (_label, before, after, expected) => {
    expect(figureDeltas(before, after, settings)).toEqual(expected);
  });

  it('an inspection counts for the branch and for its inspector: workload, completeness, timeliness (R-QC-1..3)', () => {
    const inspection = (id: string, result: string, filedAt: string) => ({
      id,
      inspector: { staffId: 'I1', name: '檢驗 劉' },
      result,
      assembliesInspected: 2,
      recordComplete: id === 'i1',
      filedAt,
      workDoneAt: '2026-11-29T02:00:00Z',
    });
    const deltas = figureDeltas(
      order(),
      order({
        inspections: [
          inspection('i1', 'fail', '2026-11-29T04:00:00Z'),
          inspection('i2', 'pass', '2026-11-29T04:01:00Z'),
        ],
      }),
      settings,
    );
    // Two inspections by one inspector on one day: one delta (a transaction touches an item once).
    expect(deltas).toEqual([
      { day: '2026-11-29', counters: { inspections: 2, inspectionsFailed: 1 } },
      {
        day: '2026-11-29',
        counters: {},
        inspector: {
          staffId: 'I1',
          name: '檢驗 劉',
          counters: {
            inspections: 2,
            inspectionsFailed: 1,
            assembliesInspected: 4,
            recordsComplete: 1,
            recordsTimely: 1,
          },
        },
      },
    ]);
  });
});

describe('figure deltas of duties, calls, letters and visits (R-RPT-3, R-FUP-2)', () => {
  const duty = (extra: Image): Image => ({
    type: 'duty',
    branchId: 'SZ',
    openAt: '2026-11-29T00:00:00Z',
    dueAt: '2026-11-29T10:00:00Z',
    ...extra,
  });
  it.each([
    [
      'a progress check answered: one answer',
      duty({ kind: 'progress-check' }),
      duty({ kind: 'progress-check', completedAt: '2026-11-29T09:00:00Z' }),
      { progressChecks: 1 },
    ],
    [
      'a progress check closed at its due time, answered in time: due and on time',
      duty({ kind: 'progress-check', status: 'claimed', completedAt: '2026-11-29T09:00:00Z' }),
      duty({ kind: 'progress-check', status: 'done', completedAt: '2026-11-29T09:00:00Z' }),
      { progressChecksDue: 1, progressChecksOnTime: 1 },
    ],
    [
      'a progress check closed at its due time unanswered: due, not on time',
      duty({ kind: 'progress-check', status: 'claimed' }),
      duty({ kind: 'progress-check', status: 'done' }),
      { progressChecksDue: 1 },
    ],
    [
      'a follow-up call closed after being made inside its window',
      duty({ kind: 'follow-up-call', status: 'claimed', completedAt: '2026-11-29T05:00:00Z' }),
      duty({ kind: 'follow-up-call', status: 'done', completedAt: '2026-11-29T05:00:00Z' }),
      { followUpsDue: 1, followUpsInWindow: 1 },
    ],
    [
      'a follow-up call never made: due, not in window',
      duty({ kind: 'follow-up-call', status: 'claimed' }),
      duty({ kind: 'follow-up-call', status: 'done' }),
      { followUpsDue: 1 },
    ],
    [
      'a call made before its window opened, typed in once it was open: not in window',
      duty({
        kind: 'follow-up-call',
        status: 'claimed',
        openAt: '2026-11-29T04:00:00Z',
        completedAt: '2026-11-29T05:00:00Z',
        result: { callAt: '2026-11-29T03:00:00Z' },
      }),
      duty({
        kind: 'follow-up-call',
        status: 'done',
        openAt: '2026-11-29T04:00:00Z',
        completedAt: '2026-11-29T05:00:00Z',
        result: { callAt: '2026-11-29T03:00:00Z' },
      }),
      { followUpsDue: 1 },
    ],
    [
      'a call made in its window but typed in after the sweeper closed it as missed: in window after all',
      duty({ kind: 'follow-up-call', status: 'done' }),
      duty({
        kind: 'follow-up-call',
        status: 'done',
        completedAt: '2026-11-29T11:00:00Z',
        result: { callAt: '2026-11-29T09:30:00Z' },
      }),
      { followUps: 1, followUpsInWindow: 1 },
    ],
    [
      'a call made after its window, typed in later still: no correction',
      duty({ kind: 'follow-up-call', status: 'done' }),
      duty({
        kind: 'follow-up-call',
        status: 'done',
        completedAt: '2026-11-29T12:00:00Z',
        result: { callAt: '2026-11-29T10:30:00Z' },
      }),
      { followUps: 1 },
    ],
    [
      // R-CMP-1: complaints are counted from their cases (test/unit/complaints-rules.test.ts), not calls.
      'a complaint call',
      undefined,
      { type: 'call', branchId: 'SZ', purpose: 'complaint', at: '2026-11-29T05:00:00Z', items: [] },
      { calls: 1, 'calls.complaint': 1 },
    ],
    [
      'a follow-up call that records two complaints (each a case, counted there: R-CMP-1)',
      undefined,
      {
        type: 'call',
        branchId: 'SZ',
        purpose: 'follow-up',
        at: '2026-11-29T05:00:00Z',
        items: [{ kind: 'complaint' }, { kind: 'complaint' }, { kind: 'request' }],
      },
      { calls: 1, 'calls.follow-up': 1 },
    ],
    [
      'an SMS sent',
      { type: 'letter', branchId: 'SZ', status: 'queued' },
      { type: 'letter', branchId: 'SZ', status: 'sent', segments: 2, updatedAt: '2026-11-29T05:00:00Z' },
      { smsSent: 1, smsSegments: 2 },
    ],
  ])('%s', (_label, before, after, counters) => {
    expect(figureDeltas(before, after, settings)).toEqual([{ day: '2026-11-29', counters }]);
  });

  it('judges a call dated back into its window but typed in days later by when it was typed in', () => {
    const before = duty({ kind: 'follow-up-call', status: 'done' });
    const after = duty({
      kind: 'follow-up-call',
      status: 'done',
      completedAt: '2026-12-02T03:00:00Z',
      result: { callAt: '2026-11-29T09:30:00Z' },
    });
    expect(figureDeltas(before, after, settings)).toEqual([
      { day: '2026-12-02', counters: { followUps: 1 } },
    ]);
  });

  it.each([
    ['a log entry', { type: 'log', at: '2026-11-29T05:00:00Z' }],
    ['a guard', { type: 'guard' }],
    ['a duty not completed', duty({ kind: 'progress-check', status: 'claimed' })],
  ])('%s moves nothing', (_label, after) => {
    expect(figureDeltas(undefined, after, settings)).toEqual([]);
  });
});

describe('service KPIs (R-RPT-3)', () => {
  it.each([
    ['on-time delivery', { deliveries: 4, deliveriesOnTime: 3 }, 'onTimeDeliveryPercent', 75],
    ['no deliveries: nothing to rate', {}, 'onTimeDeliveryPercent', null],
    [
      'follow-up in window, of the calls due',
      { followUps: 3, followUpsDue: 3, followUpsInWindow: 2 },
      'followUpInWindowPercent',
      66.67,
    ],
    [
      'one call made of ten due is 10 %, not 100 %',
      { followUps: 1, followUpsDue: 10, followUpsInWindow: 1 },
      'followUpInWindowPercent',
      10,
    ],
    [
      'add-on approval of those answered',
      { addOnsApproved: 1, addOnsDeclined: 3 },
      'addOnApprovalPercent',
      25,
    ],
  ] as const)('%s', (_label, counters, kpi, expected) => {
    expect(serviceKpis(counters)[kpi]).toBe(expected);
  });
});

describe('inspector assessment (R-QC-1..3)', () => {
  const policy = policyFor();
  it.each([
    [
      'a full month at 200: the target is met and counted in full',
      25.5,
      { inspections: 150, assembliesInspected: 50 },
      200,
      200,
    ],
    [
      'a full month below 200: the actual count is used',
      25.5,
      { inspections: 120, assembliesInspected: 30 },
      200,
      150,
    ],
    ['above 200: counted up to the target', 25.5, { inspections: 200, assembliesInspected: 40 }, 200, 200],
    ['half a month: the target is prorated', 12.75, { inspections: 80 }, 100, 80],
  ])('%s', (_label, days, counters, target, counted) => {
    const a = assessInspector(counters, days, policy);
    expect(a.workloadTarget).toBe(target);
    expect(a.workloadCounted).toBe(counted);
  });

  it('rates completeness and timeliness against all records, accuracy against the 97 % target', () => {
    expect(
      assessInspector(
        { inspections: 100, recordsComplete: 96, recordsTimely: 90, comebacks: 2 },
        25.5,
        policy,
      ),
    ).toMatchObject({
      accuracyPercent: 98,
      meetsAccuracy: true,
      completenessPercent: 96,
      timelinessPercent: 90,
    });
    expect(assessInspector({ inspections: 100, comebacks: 4 }, 25.5, policy)).toMatchObject({
      accuracyPercent: 96,
      meetsAccuracy: false,
    });
  });

  it('claims no accuracy while comebacks are not recorded (null, not 100 %)', () => {
    expect(assessInspector({ inspections: 100, recordsComplete: 100 }, 25.5, policy)).toMatchObject({
      accuracyPercent: null,
      meetsAccuracy: null,
      completenessPercent: 100,
    });
  });
});
