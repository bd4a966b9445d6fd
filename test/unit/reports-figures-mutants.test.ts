import { describe, expect, it } from 'vitest';
import { type Delta, figureDeltas, type Image } from '../../shared/reports/rules/figures';

/**
 * Survivors of the mutation run of shared/reports/rules/figures.ts (issue 14 item 4), each a
 * requirement case of R-RPT-1..3, R-QC-1..3, R-APT-5, R-FUP-2/3: a counter moves once, on the
 * local day of what happened, by the right amount; nothing is counted twice when an item is saved
 * again; an item written whole (no image before) counts like one built step by step. Shanghai is
 * UTC+8.
 */
const settings = {
  timeZone: 'Asia/Shanghai',
  inspectionRecordWithinMinutes: 120,
  callRecordedWithinHours: 24,
};
const day = '2026-11-29';
const at = (hhmm: string) => `${day}T${hhmm}:00Z`;
const one = (counters: Record<string, number>): Delta[] => [{ day, counters }];
const car = { 'type.car': 1, 'category.maintenance': 1 };
const kinds = (name: string, value = 1) =>
  Object.fromEntries([[name, value], ...Object.keys(car).map((k) => [`${name}.${k}`, value])]) as Record<
    string,
    number
  >;

const order = (extra: Image = {}): Image => ({
  type: 'order',
  branchId: 'SZ',
  vehicleType: 'car',
  repairCategory: 'maintenance',
  promisedAt: at('08:00'),
  payments: [],
  addOns: [],
  inspections: [],
  ...extra,
});
const settlement = { totals: { total: 100_000 }, discount: 5_000, outstanding: 0, issuedAt: at('06:00') };
const inspection = (id: string, extra: Image = {}): Image => ({
  id,
  inspector: { staffId: 'I1', name: 'Liu' },
  result: 'pass',
  assembliesInspected: 0,
  recordComplete: false,
  workDoneAt: at('02:00'),
  filedAt: at('05:00'),
  ...extra,
});
const inspectorDelta = (staffId: string, counters: Record<string, number>, on = day): Delta => ({
  day: on,
  counters: {},
  inspector: { staffId, name: staffId === 'I1' ? 'Liu' : staffId, counters },
});

describe('an order written whole or step by step counts the same (R-RPT-1, R-RPT-2)', () => {
  it.each<[string, Image, Delta[]]>([
    [
      'R-RPT-1: a handover in the first image is a car in',
      order({ handover: { at: at('01:00') } }),
      one(kinds('carsIn')),
    ],
    [
      'R-RPT-1: an exit in the first image is a car out, a delivery ready at the promise is on time',
      order({ readyAt: at('08:00'), exit: { at: at('09:00') } }),
      one({ ...kinds('carsOut'), deliveries: 1, deliveriesOnTime: 1 }),
    ],
    [
      'R-RPT-1: a settlement in the first image is revenue',
      order({ settlement }),
      one({ ...kinds('settlements'), revenue: 95_000 }),
    ],
    [
      'R-RPT-1: a payment in the first image is received (no settlement: no receivable collected)',
      order({ payments: [{ id: 'p1', amount: 3_000, at: at('03:00') }] }),
      one({ paymentsReceived: 3_000 }),
    ],
    [
      'R-RPT-3: an add-on raised and approved in the first image is presented and approved',
      order({ addOns: [{ id: 'a1', status: 'approved', raisedAt: at('02:00') }] }),
      one({ addOnsPresented: 1, addOnsApproved: 1 }),
    ],
    [
      'R-QC-1: an inspection in the first image counts for the branch and its inspector',
      order({ inspections: [inspection('i1')] }),
      [
        { day, counters: { inspections: 1 } },
        inspectorDelta('I1', {
          inspections: 1,
          inspectionsFailed: 0,
          assembliesInspected: 0,
          recordsComplete: 0,
          recordsTimely: 0,
        }),
      ],
    ],
  ])('%s', (_case, after, expected) => {
    expect(figureDeltas(undefined, after, settings)).toEqual(expected);
  });
});

describe('deliveries, payments and add-ons at their edges (R-RPT-1, R-RPT-3, R-ADD-3)', () => {
  const addOn = (status: string, extra: Image = {}): Image => ({
    id: 'a1',
    status,
    raisedAt: at('02:00'),
    ...extra,
  });
  it.each<[string, Image, Image, Delta[]]>([
    [
      'R-RPT-3: a declined add-on’s minutes do not move the promise a delivery is judged by',
      order({ readyAt: at('09:00'), addOns: [addOn('declined', { extraMinutes: 90 })] }),
      order({
        readyAt: at('09:00'),
        addOns: [addOn('declined', { extraMinutes: 90 })],
        exit: { at: at('10:00') },
      }),
      one({ ...kinds('carsOut'), deliveries: 1 }),
    ],
    [
      'R-RPT-1: a payment already counted is not counted again when the next one comes',
      order({ settlement, payments: [{ id: 'p1', amount: 1_000, at: at('07:00') }] }),
      order({
        settlement,
        payments: [
          { id: 'p1', amount: 1_000, at: at('07:00') },
          { id: 'p2', amount: 2_000, at: at('07:30') },
        ],
      }),
      one({ paymentsReceived: 2_000, receivablesCollected: 2_000 }),
    ],
    [
      'R-RPT-1: a payment of nothing moves no figure and leaves no empty day',
      order({ settlement }),
      order({ settlement, payments: [{ id: 'p1', amount: 0, at: at('07:00') }] }),
      [],
    ],
    [
      'R-RPT-3: an add-on raised and still waiting is presented, not answered',
      order(),
      order({ addOns: [addOn('pending')] }),
      one({ addOnsPresented: 1 }),
    ],
    [
      'R-RPT-3: an add-on declined is counted declined on the day the customer was contacted',
      order({ addOns: [addOn('pending')] }),
      order({
        addOns: [addOn('declined', { answer: { customerContactedAt: '2026-11-30T03:00:00Z' } })],
      }),
      [{ day: '2026-11-30', counters: { addOnsDeclined: 1 } }],
    ],
    [
      'R-RPT-3: an add-on approved without a recorded contact is counted on the day it was raised',
      order({ addOns: [addOn('pending')] }),
      order({ addOns: [addOn('approved')] }),
      one({ addOnsApproved: 1 }),
    ],
    [
      'R-RPT-3: an add-on answered before is not answered again when the order is saved',
      order({ addOns: [addOn('approved')] }),
      order({ addOns: [addOn('approved')], notes: 'x' }),
      [],
    ],
    [
      'R-RPT-1: a handover without a time moves nothing (no day to count it on)',
      order(),
      order({ handover: {} }),
      [],
    ],
  ])('%s', (_case, before, after, expected) => {
    expect(figureDeltas(before, after, settings)).toEqual(expected);
  });
});

describe('inspections at their edges (R-QC-1..3)', () => {
  const counters = (extra: Record<string, number> = {}) => ({
    inspections: 1,
    inspectionsFailed: 0,
    assembliesInspected: 0,
    recordsComplete: 0,
    recordsTimely: 0,
    ...extra,
  });
  it.each<[string, Image[], Image[], Delta[]]>([
    [
      'R-QC-2: one passing inspection fails nothing',
      [],
      [inspection('i1')],
      [{ day, counters: { inspections: 1 } }, inspectorDelta('I1', counters())],
    ],
    [
      'R-QC-3: a complete record filed exactly at the limit is complete and timely',
      [],
      [inspection('i1', { recordComplete: true, filedAt: at('04:00') })],
      [
        { day, counters: { inspections: 1 } },
        inspectorDelta('I1', counters({ recordsComplete: 1, recordsTimely: 1 })),
      ],
    ],
    [
      'R-QC-1: an inspection already filed is not counted again with the next one',
      [inspection('i1')],
      [inspection('i1'), inspection('i2', { result: 'fail' })],
      [
        { day, counters: { inspections: 1, inspectionsFailed: 1 } },
        inspectorDelta('I1', counters({ inspectionsFailed: 1 })),
      ],
    ],
    [
      'R-QC-1: two inspectors on one day each get their own figures',
      [],
      [inspection('i1'), inspection('i2', { inspector: { staffId: 'I2', name: 'I2' } })],
      [
        { day, counters: { inspections: 2 } },
        inspectorDelta('I1', counters()),
        inspectorDelta('I2', counters()),
      ],
    ],
    [
      'R-QC-1: one inspector on two local days gets one row a day',
      [],
      [inspection('i1'), inspection('i2', { filedAt: '2026-11-29T17:00:00Z' })],
      [
        { day, counters: { inspections: 1 } },
        { day: '2026-11-30', counters: { inspections: 1 } },
        inspectorDelta('I1', counters()),
        inspectorDelta('I1', counters(), '2026-11-30'),
      ],
    ],
    [
      'R-QC-1: an inspection without its inspector counts for the branch only',
      [],
      [inspection('i1', { inspector: undefined })],
      [{ day, counters: { inspections: 1 } }],
    ],
    [
      'R-QC-1: an inspector without a name is listed by id',
      [],
      [inspection('i1', { inspector: { staffId: 'I9' } })],
      [{ day, counters: { inspections: 1 } }, inspectorDelta('I9', counters())],
    ],
    [
      'R-QC-1: an inspection without a filing time has no day: nothing',
      [],
      [inspection('i1', { filedAt: undefined })],
      [],
    ],
  ])('%s', (_case, before, after, expected) => {
    expect(figureDeltas(order({ inspections: before }), order({ inspections: after }), settings)).toEqual(
      expected,
    );
  });
});

describe('progress checks and follow-up calls at their edges (R-PRG-1, R-FUP-2/3)', () => {
  const duty = (extra: Image): Image => ({
    type: 'duty',
    branchId: 'SZ',
    openAt: at('04:00'),
    dueAt: at('10:00'),
    ...extra,
  });
  it.each<[string, Image | undefined, Image, Delta[]]>([
    [
      'R-PRG-1: a check answered exactly at its due time is on time',
      duty({ kind: 'progress-check', status: 'claimed', completedAt: at('10:00') }),
      duty({ kind: 'progress-check', status: 'done', completedAt: at('10:00') }),
      one({ progressChecksDue: 1, progressChecksOnTime: 1 }),
    ],
    [
      'R-FUP-2: a call made exactly when its window opens is in the window',
      duty({ kind: 'follow-up-call', status: 'claimed', completedAt: at('04:00') }),
      duty({ kind: 'follow-up-call', status: 'done', completedAt: at('04:00') }),
      one({ followUpsDue: 1, followUpsInWindow: 1 }),
    ],
    [
      'R-FUP-3: a call typed in exactly the allowed hours after it was made is judged by its own time',
      duty({ kind: 'follow-up-call', status: 'claimed' }),
      duty({
        kind: 'follow-up-call',
        status: 'done',
        completedAt: '2026-11-30T09:00:00Z',
        result: { callAt: at('09:00') },
      }),
      [
        { day: '2026-11-30', counters: { followUps: 1 } },
        { day, counters: { followUpsDue: 1, followUpsInWindow: 1 } },
      ],
    ],
    [
      'R-PRG-1: a check closed whole (no image before) is due and on time',
      undefined,
      duty({ kind: 'progress-check', status: 'done', completedAt: at('09:00') }),
      one({ progressChecks: 1, progressChecksDue: 1, progressChecksOnTime: 1 }),
    ],
    [
      'R-PRG-1: a check typed in after the sweeper closed it is an answer, never a call in the window',
      duty({ kind: 'progress-check', status: 'done' }),
      duty({ kind: 'progress-check', status: 'done', completedAt: at('09:00') }),
      one({ progressChecks: 1 }),
    ],
    [
      'R-FUP-2: a call already counted is not counted again when the duty is saved again',
      duty({ kind: 'follow-up-call', status: 'done', completedAt: at('05:00') }),
      duty({ kind: 'follow-up-call', status: 'done', completedAt: at('05:00'), note: 'x' }),
      [],
    ],
    [
      'R-RPT-3: another kind of duty done moves no figure',
      duty({ kind: 'pickup-notice', status: 'claimed' }),
      duty({ kind: 'pickup-notice', status: 'done', completedAt: at('05:00') }),
      [],
    ],
  ])('%s', (_case, before, after, expected) => {
    expect(figureDeltas(before, after, settings)).toEqual(expected);
  });
});

describe('calls, complaints, letters, visits, appointments and surveys at their edges (R-RPT-3)', () => {
  const letter = (status: string, extra: Image = {}): Image => ({
    type: 'letter',
    branchId: 'SZ',
    status,
    segments: 1,
    updatedAt: at('05:00'),
    ...extra,
  });
  const appointment = (state: string, extra: Image = {}): Image => ({
    type: 'appointment',
    branchId: 'SZ',
    state,
    createdAt: '2026-11-27T02:00:00Z',
    startAt: at('02:00'),
    updatedAt: '2026-11-28T02:00:00Z',
    ...extra,
  });
  const call = { type: 'call', branchId: 'SZ', purpose: 'follow-up', at: at('05:00') };
  it.each<[string, Image | undefined, Image, Delta[]]>([
    ['R-FUP-6: a call saved again is not counted again', call, { ...call, note: 'x' }, []],
    [
      'R-CMP-3: a case written whole, taken, answered and closed, counts all three',
      undefined,
      {
        type: 'complaint',
        branchId: 'SZ',
        takenAt: at('01:00'),
        answer: { at: at('02:00'), minutes: 60, onTime: true },
        closure: { satisfaction: 'satisfied', at: at('03:00') },
      },
      one({
        complaints: 1,
        complaintsAnswered: 1,
        complaintsAnsweredOnTime: 1,
        complaintResponseMinutes: 60,
        complaintsRated: 1,
        complaintsSatisfied: 1,
      }),
    ],
    [
      'R-FUP-6: a call without a purpose is counted as other',
      undefined,
      { type: 'call', branchId: 'SZ', at: at('05:00') },
      one({ calls: 1, 'calls.other': 1 }),
    ],
    [
      'R-CMP-1: a complaint counts on the day it was taken, not the day it was written',
      undefined,
      { type: 'complaint', branchId: 'SZ', takenAt: at('05:00'), createdAt: '2026-11-30T05:00:00Z' },
      one({ complaints: 1 }),
    ],
    [
      'R-RPT-3: an SMS sent, saved again, is not sent twice',
      letter('sent'),
      letter('sent', { note: 'x' }),
      [],
    ],
    [
      'R-RPT-3: an SMS written as sent at once counts',
      undefined,
      letter('sent'),
      one({ smsSent: 1, smsSegments: 1 }),
    ],
    [
      'R-RPT-3: an SMS that failed is a failure, not a send',
      letter('queued'),
      letter('failed'),
      one({ smsFailed: 1 }),
    ],
    [
      'R-RPT-3: an SMS written as failed at once is a failure',
      undefined,
      letter('failed'),
      one({ smsFailed: 1 }),
    ],
    [
      'R-REC-1: a visit counts by its purpose on the day it was recorded',
      undefined,
      { type: 'visit', branchId: 'SZ', purpose: 'inquiry', createdAt: at('03:00') },
      one({ visits: 1, 'visits.inquiry': 1 }),
    ],
    [
      'R-REC-1: a visit without a purpose or record time counts as other at its time',
      undefined,
      { type: 'visit', branchId: 'SZ', at: at('03:00') },
      one({ visits: 1, 'visits.other': 1 }),
    ],
    [
      'R-REC-1: a visit saved again is not counted again',
      { type: 'visit', branchId: 'SZ', createdAt: at('03:00') },
      { type: 'visit', branchId: 'SZ', createdAt: at('03:00'), note: 'x' },
      [],
    ],
    [
      'R-APT-5: an appointment booked counts on the day it was made',
      undefined,
      appointment('booked'),
      [{ day: '2026-11-27', counters: { appointmentsBooked: 1 } }],
    ],
    [
      'R-APT-5: an arrival counts on the appointment’s own day',
      appointment('booked'),
      appointment('arrived'),
      one({ appointmentsArrived: 1 }),
    ],
    [
      'R-APT-5: a no-show counts on the appointment’s own day',
      appointment('booked'),
      appointment('no_show'),
      one({ appointmentsNoShow: 1 }),
    ],
    [
      'R-APT-5: a cancellation counts on the day it was cancelled',
      appointment('booked'),
      appointment('cancelled', { cancellation: { at: '2026-11-28T05:00:00Z' } }),
      [{ day: '2026-11-28', counters: { appointmentsCancelled: 1 } }],
    ],
    [
      'R-APT-5: a cancellation without its record counts on the day of the change',
      appointment('booked'),
      appointment('cancelled'),
      [{ day: '2026-11-28', counters: { appointmentsCancelled: 1 } }],
    ],
    [
      'R-APT-5: an appointment saved in the same state moves nothing',
      appointment('arrived'),
      appointment('arrived', { note: 'x' }),
      [],
    ],
    [
      'R-APT-5: an appointment moved to another time is no show and no arrival',
      appointment('booked'),
      appointment('rescheduled'),
      [],
    ],
    [
      'R-SELF-2: a survey invited and answered in its first image counts both, an answer without gaps adds no gap',
      undefined,
      { type: 'survey', branchId: 'SZ', invitedAt: at('01:00'), answer: { answeredAt: at('02:00') } },
      one({ surveysSent: 1, surveysAnswered: 1 }),
    ],
  ])('%s', (_case, before, after, expected) => {
    expect(figureDeltas(before, after, settings)).toEqual(expected);
  });

  it('R-RPT-2: a removed item moves nothing', () => {
    expect(figureDeltas(letter('sent'), undefined, settings)).toEqual([]);
  });
});

describe('an image of the wrong shape moves no made-up figure (R-RPT-2)', () => {
  it.each<[string, Image, Delta[]]>([
    [
      'R-RPT-1: a vehicle type that is not text counts as unknown',
      order({ vehicleType: 7, repairCategory: undefined, handover: { at: at('01:00') } }),
      one({ carsIn: 1, 'carsIn.type.unknown': 1, 'carsIn.category.unknown': 1 }),
    ],
    [
      'R-RPT-1: a discount that is not a finite number counts 0',
      order({ settlement: { ...settlement, discount: Number.POSITIVE_INFINITY } }),
      one({ ...kinds('settlements'), revenue: 100_000 }),
    ],
    [
      'R-RPT-1: a discount given as text counts 0',
      order({ settlement: { ...settlement, discount: 'x' } }),
      one({ ...kinds('settlements'), revenue: 100_000 }),
    ],
    [
      'R-RPT-1: a settlement without totals raises no revenue',
      order({ settlement: { issuedAt: at('06:00') } }),
      one(kinds('settlements')),
    ],
    [
      'R-RPT-1: a decline given as a flag is not a decline record: the delivery counts',
      order({ readyAt: at('07:00'), decline: true, exit: { at: at('09:00') } }),
      one({ ...kinds('carsOut'), deliveries: 1, deliveriesOnTime: 1 }),
    ],
    [
      'R-RPT-1: a settlement given as a list is no settlement: a payment collects no receivable',
      order({ settlement: [], payments: [{ id: 'p1', amount: 3_000, at: at('03:00') }] }),
      one({ paymentsReceived: 3_000 }),
    ],
  ])('%s', (_case, after, expected) => {
    expect(figureDeltas(undefined, after, settings)).toEqual(expected);
  });
});
