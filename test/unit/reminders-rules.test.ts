import { describe, expect, it } from 'vitest';
import { policyFor } from '../../shared/kernel/policy';
import {
  declinedReminderAt,
  kmPerDay,
  maintenancePlan,
  mobileOf,
  projectedKmDate,
  reminderOptedOut,
  vehicleNextService,
} from '../../shared/reminders/rules';

/** R-MKT-1, R-ARC-5, R-ADD-2: the pure rules of reminders, on fixed dates (Shanghai, UTC+8). */
const policy = policyFor().reminders; // lead 14 days, 41 km a day by default, 10:00 local
const tz = 'Asia/Shanghai';
const now = new Date('2031-01-01T02:00:00Z');

describe('the km-per-day projection (R-MKT-1)', () => {
  it.each([
    [
      'two readings 100 days apart: their average',
      [
        { at: '2031-01-01T02:00:00Z', km: 10_000 },
        { at: '2031-04-11T02:00:00Z', km: 15_000 },
      ],
      50,
      'history',
    ],
    ['one reading: the default', [{ at: '2031-01-01T02:00:00Z', km: 10_000 }], 41, 'default'],
    [
      'two readings on one day: the default',
      [
        { at: '2031-01-01T02:00:00Z', km: 10_000 },
        { at: '2031-01-01T09:00:00Z', km: 10_080 },
      ],
      41,
      'default',
    ],
    [
      'a reading older than the window is left out',
      [
        { at: '2029-01-01T02:00:00Z', km: 0 },
        { at: '2031-01-01T02:00:00Z', km: 36_500 },
        { at: '2031-01-11T02:00:00Z', km: 37_000 },
      ],
      50,
      'history',
    ],
  ])('R-MKT-1: %s', (_, readings, rate, basis) => {
    expect(kmPerDay(readings, policy)).toEqual({ kmPerDay: rate, basis });
  });

  it('R-MKT-1: projects the day the odometer reaches the km due from two readings', () => {
    const readings = [
      { at: '2031-01-01T02:00:00Z', km: 10_000 },
      { at: '2031-04-11T02:00:00Z', km: 15_000 },
    ];
    // 5,000 km more at 50 km a day: 100 days after 11 April.
    expect(projectedKmDate(readings, 20_000, tz, policy)).toEqual({
      date: '2031-07-20',
      kmPerDay: 50,
      basis: 'history',
    });
  });
});

describe('the maintenance plan: the earlier of date and km, a lead before it (R-MKT-1)', () => {
  const created = '2030-12-01T02:00:00Z';
  it.each([
    [
      'by date when the km come later',
      { months: 6, km: 10_000 },
      [{ at: '2031-01-01T02:00:00Z', km: 10_000 }],
      { dueDate: '2031-07-01', by: 'date', dueKm: 20_000 },
    ],
    [
      'by km when the car drives a lot (two readings)',
      { months: 12, km: 5_000 },
      [
        { at: '2031-01-01T02:00:00Z', km: 10_000 },
        { at: '2031-01-21T02:00:00Z', km: 12_000 },
      ],
      { dueDate: '2031-02-20', by: 'km', dueKm: 15_000 },
    ],
    [
      'by km only, one reading at the default 41 km a day',
      { km: 4_100 },
      [{ at: '2031-01-01T02:00:00Z', km: 0 }],
      { dueDate: '2031-04-11', by: 'km', dueKm: 4_100 },
    ],
  ] as const)('R-MKT-1: %s', (_, cycle, readings, expected) => {
    const plan = maintenancePlan({
      vehicle: { createdAt: created, lastMaintenanceDate: '2031-01-01', maintenanceCycle: cycle },
      readings,
      timeZone: tz,
      policy,
      now,
    });
    expect(plan).toMatchObject(expected);
    // 14 days before, at 10:00 China time.
    const [y, m, d] = expected.dueDate.split('-').map(Number);
    const lead = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, (d ?? 1) - 14, 2)).toISOString();
    expect(plan?.remindAt).toBe(lead);
  });

  it('R-MKT-1: no plan without a cycle or a next date; a next date on file alone is enough', () => {
    expect(
      maintenancePlan({ vehicle: { createdAt: created }, readings: [], timeZone: tz, policy, now }),
    ).toBeUndefined();
    expect(
      maintenancePlan({
        vehicle: { createdAt: created, nextMaintenanceDate: '2031-03-01' },
        readings: [],
        timeZone: tz,
        policy,
        now,
      }),
    ).toMatchObject({ dueDate: '2031-03-01', by: 'date', remindAt: '2031-02-15T02:00:00.000Z' });
  });

  it('R-MKT-1: a due already past reminds now', () => {
    const plan = maintenancePlan({
      vehicle: { createdAt: created, nextMaintenanceDate: '2031-01-05' },
      readings: [],
      timeZone: tz,
      policy,
      now,
    });
    expect(plan?.remindAt).toBe(now.toISOString());
  });
});

describe('who gets a reminder, and how (R-MKT-1, R-MKT-3)', () => {
  it.each([
    [{ marketingOptOut: false }, false],
    [{ marketingOptOut: false, remindersOptOut: true }, true],
    [{ marketingOptOut: true, remindersOptOut: false }, true],
  ])('R-MKT-1: opted out %o → %s', (customer, out) => {
    expect(reminderOptedOut(customer)).toBe(out);
  });

  it.each([
    [[{ number: '+8613800138000', label: 'mobile' }], '+8613800138000'],
    [[{ number: '+85221234567', label: 'home' }], undefined],
    [[], undefined],
  ])('R-MKT-1: the SMS goes to the first mobile number, none means a call (%o)', (phones, to) => {
    expect(mobileOf({ phones })).toBe(to);
  });

  it('R-ADD-2, R-MKT-1: safety-related declined work is reminded 14 days later at 10:00 local', () => {
    expect(declinedReminderAt('2031-01-01T12:30:00Z', tz, policy)).toBe('2031-01-15T02:00:00.000Z');
  });
});

describe('the next service of a vehicle (R-ARC-5)', () => {
  it('R-ARC-5: lists maintenance, open declined work, a warranty ending and an appointment, earliest first, each with a reason', () => {
    const items = vehicleNextService({
      vehicle: { id: 'V1', plate: '粤B12345' },
      plan: {
        cycleStart: '2031-01-01',
        dueDate: '2031-07-01',
        by: 'date',
        remindAt: '2031-06-17T02:00:00.000Z',
        reason: 'Maintenance due 2031-07-01 by date',
      },
      declined: [
        {
          id: 'D1',
          description: 'Brake discs',
          declinedAt: '2030-12-20T02:00:00Z',
          safetyRelated: true,
          status: 'open',
        },
        {
          id: 'D2',
          description: 'Wipers',
          declinedAt: '2030-12-20T02:00:00Z',
          safetyRelated: false,
          status: 'closed',
        },
      ],
      warranties: [
        { orderId: 'O1', until: '2031-01-20T02:00:00Z', issuedAt: '2030-10-22T02:00:00Z' },
        { orderId: 'O2', until: '2031-06-20T02:00:00Z', issuedAt: '2031-03-22T02:00:00Z' },
      ],
      appointments: [{ id: 'A1', at: '2031-02-01T01:00:00Z', reason: 'Tyres' }],
      timeZone: tz,
      policy,
      now,
    });
    expect(items.map((i) => [i.kind, i.dueAt])).toEqual([
      ['declined_work', '2031-01-03'],
      ['warranty_ending', '2031-01-20T02:00:00Z'],
      ['appointment', '2031-02-01T01:00:00Z'],
      ['maintenance_due', '2031-07-01'],
    ]);
    expect(items.every((i) => i.reason.length > 0)).toBe(true);
    expect(items[0]?.reason).toContain('safety-related');
  });
});
