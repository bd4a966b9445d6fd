import { describe, expect, it } from 'vitest';
import { policyFor } from '../../shared/kernel/policy';
import {
  type CycleVehicle,
  declinedReminderAt,
  formatDueDate,
  kmPerDay,
  maintenancePlan,
  mobileOf,
  type OdometerPoint,
  projectedKmDate,
  vehicleNextService,
} from '../../shared/reminders/rules';

/**
 * Survivors of the mutation run of shared/reminders/rules.ts (issue 14 item 4), each a case of
 * R-MKT-1 (the maintenance due by date or km and its lead time) or R-ARC-5 (the next service):
 * the whole plan and every reason word for word. Shanghai (UTC+8); the policy's lead is 14 days,
 * 41 km a day by default, reminders at 10:00 local.
 */
const policy = policyFor().reminders;
const tz = 'Asia/Shanghai';
const now = new Date('2031-01-01T02:00:00Z');
const vehicle = (extra: Partial<CycleVehicle>): CycleVehicle => ({
  createdAt: '2030-12-01T02:00:00Z',
  lastMaintenanceDate: '2031-01-01',
  ...extra,
});
const reading = (at: string, km: number): OdometerPoint => ({ at: `${at}T02:00:00Z`, km });

describe('the maintenance plan, whole (R-MKT-1)', () => {
  it.each<[string, CycleVehicle, OdometerPoint[], object]>([
    [
      'by date, the later km due named in the reason',
      vehicle({ maintenanceCycle: { months: 6, km: 10_000 } }),
      [reading('2031-01-01', 10_000)],
      {
        cycleStart: '2031-01-01',
        dueDate: '2031-07-01',
        by: 'date',
        dueKm: 20_000,
        remindAt: '2031-06-17T02:00:00.000Z',
        reason:
          'Maintenance due 2031-07-01 by date (every 6 months from 2031-01-01); by mileage 20000 km (every 10000 km from 10000 km), reached about 2031-09-01 at 41 km a day (default: one reading)',
      },
    ],
    [
      'by km from the odometer history (readings in any order), before the date on file',
      vehicle({ nextMaintenanceDate: '2031-06-01', maintenanceCycle: { months: 12, km: 5_000 } }),
      [reading('2031-01-21', 12_000), reading('2031-01-01', 10_000)],
      {
        cycleStart: '2031-01-01',
        dueDate: '2031-02-20',
        by: 'km',
        dueKm: 15_000,
        remindAt: '2031-02-06T02:00:00.000Z',
        reason:
          'Maintenance due by mileage: 15000 km (every 5000 km from 10000 km), reached about 2031-02-20 at 100 km a day (odometer history); by date 2031-06-01',
      },
    ],
    [
      'by km only: no date in the reason',
      vehicle({ maintenanceCycle: { km: 4_100 } }),
      [reading('2031-01-01', 0)],
      {
        cycleStart: '2031-01-01',
        dueDate: '2031-04-11',
        by: 'km',
        dueKm: 4_100,
        remindAt: '2031-03-28T02:00:00.000Z',
        reason:
          'Maintenance due by mileage: 4100 km (every 4100 km from 0 km), reached about 2031-04-11 at 41 km a day (default: one reading)',
      },
    ],
    [
      'a km cycle without any reading: by date alone, no km due',
      vehicle({ maintenanceCycle: { months: 6, km: 5_000 } }),
      [],
      {
        cycleStart: '2031-01-01',
        dueDate: '2031-07-01',
        by: 'date',
        remindAt: '2031-06-17T02:00:00.000Z',
        reason: 'Maintenance due 2031-07-01 by date (every 6 months from 2031-01-01)',
      },
    ],
    [
      'a months cycle with readings but no km cycle: by date alone',
      vehicle({ maintenanceCycle: { months: 6 } }),
      [reading('2031-01-01', 0)],
      {
        cycleStart: '2031-01-01',
        dueDate: '2031-07-01',
        by: 'date',
        remindAt: '2031-06-17T02:00:00.000Z',
        reason: 'Maintenance due 2031-07-01 by date (every 6 months from 2031-01-01)',
      },
    ],
    [
      'a date on file wins over the months cycle, and the reason says so',
      vehicle({ nextMaintenanceDate: '2031-03-01', maintenanceCycle: { months: 6 } }),
      [],
      {
        cycleStart: '2031-01-01',
        dueDate: '2031-03-01',
        by: 'date',
        remindAt: '2031-02-15T02:00:00.000Z',
        reason: 'Maintenance due 2031-03-01 by date (next maintenance date on file)',
      },
    ],
    [
      'km and date due the same day: by date',
      vehicle({ nextMaintenanceDate: '2031-04-11', maintenanceCycle: { km: 4_100 } }),
      [reading('2031-01-01', 0)],
      {
        cycleStart: '2031-01-01',
        dueDate: '2031-04-11',
        by: 'date',
        dueKm: 4_100,
        remindAt: '2031-03-28T02:00:00.000Z',
        reason:
          'Maintenance due 2031-04-11 by date (next maintenance date on file); by mileage 4100 km (every 4100 km from 0 km), reached about 2031-04-11 at 41 km a day (default: one reading)',
      },
    ],
    [
      'the km count from the last reading on or before the cycle start, readings in any order',
      vehicle({ maintenanceCycle: { km: 1_000 } }),
      [reading('2031-01-11', 2_000), reading('2031-01-01', 1_500), reading('2030-12-20', 1_000)],
      {
        cycleStart: '2031-01-01',
        dueDate: '2031-01-22',
        by: 'km',
        dueKm: 2_500,
        remindAt: '2031-01-08T02:00:00.000Z',
        reason:
          'Maintenance due by mileage: 2500 km (every 1000 km from 1500 km), reached about 2031-01-22 at 45 km a day (odometer history)',
      },
    ],
    [
      'the km count from the first reading after the start when none is before it',
      vehicle({ maintenanceCycle: { km: 1_000 } }),
      [reading('2031-01-21', 1_200), reading('2031-01-11', 1_000)],
      {
        cycleStart: '2031-01-01',
        dueDate: '2031-03-02',
        by: 'km',
        dueKm: 2_000,
        remindAt: '2031-02-16T02:00:00.000Z',
        reason:
          'Maintenance due by mileage: 2000 km (every 1000 km from 1000 km), reached about 2031-03-02 at 20 km a day (odometer history)',
      },
    ],
  ])('R-MKT-1: %s', (_case, v, readings, expected) => {
    expect(maintenancePlan({ vehicle: v, readings, timeZone: tz, policy, now })).toEqual(expected);
  });
});

describe('km a day at its edges (R-MKT-1)', () => {
  it.each<[string, OdometerPoint[], { kmPerDay: number; basis: 'history' | 'default' }]>([
    ['no reading: the default', [], { kmPerDay: 41, basis: 'default' }],
    [
      'readings in any order: from the oldest in the window to the latest',
      [reading('2031-01-11', 1_500), reading('2031-01-01', 1_000)],
      { kmPerDay: 50, basis: 'history' },
    ],
    [
      'readings exactly a day apart: history',
      [reading('2031-01-01', 1_000), reading('2031-01-02', 1_060)],
      { kmPerDay: 60, basis: 'history' },
    ],
    [
      'a reading exactly at the window’s start counts',
      [reading('2030-01-01', 0), reading('2031-01-01', 36_500)],
      { kmPerDay: 100, basis: 'history' },
    ],
    [
      'a reading just before the window is left out, whatever it says',
      [reading('2029-12-31', 0), reading('2030-01-02', 35_000), reading('2031-01-01', 71_400)],
      { kmPerDay: 100, basis: 'history' },
    ],
    [
      'an odometer that did not move: the default',
      [reading('2031-01-01', 1_000), reading('2031-01-11', 1_000)],
      { kmPerDay: 41, basis: 'default' },
    ],
    [
      'an odometer that went back: the default',
      [reading('2031-01-01', 1_000), reading('2031-01-11', 900)],
      { kmPerDay: 41, basis: 'default' },
    ],
  ])('R-MKT-1: %s', (_case, readings, expected) => {
    expect(kmPerDay(readings, policy)).toEqual(expected);
  });

  it('R-MKT-1: no reading, no projection', () => {
    expect(projectedKmDate([], 10_000, tz, policy)).toBeUndefined();
  });

  it('R-MKT-1: the projection starts from the latest reading, whatever their order', () => {
    expect(
      projectedKmDate([reading('2031-01-11', 1_500), reading('2031-01-01', 1_000)], 2_000, tz, policy),
    ).toEqual({ date: '2031-01-21', kmPerDay: 50, basis: 'history' });
    expect(
      projectedKmDate(
        [reading('2031-01-11', 1_500), reading('2031-01-01', 1_000), reading('2031-01-06', 1_400)],
        2_000,
        tz,
        policy,
      ),
    ).toEqual({ date: '2031-01-21', kmPerDay: 50, basis: 'history' });
  });

  it('R-MKT-1: of several readings before the cycle start, the km count from the last of them', () => {
    const plan = maintenancePlan({
      vehicle: vehicle({ maintenanceCycle: { km: 1_000 } }),
      readings: [
        reading('2030-12-10', 500),
        reading('2030-12-20', 1_000),
        reading('2031-01-01', 1_500),
        reading('2031-01-11', 2_000),
      ],
      timeZone: tz,
      policy,
      now,
    });
    expect(plan).toMatchObject({ dueKm: 2_500, dueDate: '2031-01-21' });
  });
});

describe('reminder times and texts (R-MKT-1, R-ADD-2)', () => {
  it('R-MKT-1, R-X-1: a reminder time of 09:05 is read as 09:05 local', () => {
    expect(declinedReminderAt('2031-01-01T12:30:00Z', tz, { ...policy, sendAtMinuteOfDay: 545 })).toBe(
      '2031-01-15T01:05:00.000Z',
    );
  });

  it.each([
    ['en', '5 March 2031'],
    ['zh-Hans', '2031年3月5日'],
    ['zh-Hant', '2031年3月5日'],
  ] as const)('R-MKT-1: the due date in %s reads %s', (locale, text) => {
    expect(formatDueDate('2031-03-05', locale)).toBe(text);
  });

  it.each([
    ['a number with trailing text', '+8613800138000x'],
    ['a number with leading text', 'x+8613800138000'],
  ])('R-MKT-1: %s is no mobile number: a call instead', (_case, number) => {
    expect(mobileOf({ phones: [{ number, label: 'mobile' }] })).toBeUndefined();
  });
});

describe('the next service, whole (R-ARC-5)', () => {
  const about = { vehicleId: 'V1', plate: '粤B12345' };
  const base = {
    vehicle: { id: 'V1', plate: '粤B12345' },
    plan: undefined,
    declined: [],
    warranties: [],
    timeZone: tz,
    policy,
    now,
  };
  const horizon = new Date(now.getTime() + policy.warrantyEndingDays * 86_400_000).toISOString();

  it('R-ARC-5: each item with its reference, km and reason word for word', () => {
    expect(
      vehicleNextService({
        ...base,
        plan: {
          cycleStart: '2031-01-01',
          dueDate: '2031-07-01',
          by: 'km',
          dueKm: 20_000,
          remindAt: '2031-06-17T02:00:00.000Z',
          reason: 'the plan',
        },
        declined: [
          {
            id: 'D1',
            description: 'Wipers',
            declinedAt: '2031-01-01T02:00:00Z',
            safetyRelated: false,
            status: 'open',
          },
          {
            id: 'D2',
            description: 'Brake discs',
            reason: 'too dear',
            declinedAt: '2031-01-01T02:00:00Z',
            safetyRelated: true,
            status: 'open',
          },
        ],
        warranties: [{ orderId: 'O1', until: horizon, km: 30_000, issuedAt: '2030-10-01T02:00:00Z' }],
        appointments: [{ id: 'A1', at: '2031-02-01T01:00:00Z' }],
      }),
    ).toEqual([
      {
        kind: 'declined_work',
        ...about,
        dueAt: '2031-01-01',
        reason: 'Declined on 2031-01-01: Wipers',
        ref: { kind: 'declined-work', id: 'D1' },
        safetyRelated: false,
      },
      {
        kind: 'declined_work',
        ...about,
        dueAt: '2031-01-15',
        reason: 'Declined on 2031-01-01: Brake discs (too dear); safety-related',
        ref: { kind: 'declined-work', id: 'D2' },
        safetyRelated: true,
      },
      {
        kind: 'warranty_ending',
        ...about,
        dueAt: horizon,
        dueKm: 30_000,
        reason: `The quality warranty of order O1 ends on 2031-01-31 or at 30000 km: a free check before it ends`,
        ref: { kind: 'order', id: 'O1' },
      },
      {
        kind: 'appointment',
        ...about,
        dueAt: '2031-02-01T01:00:00Z',
        reason: 'Appointment on 2031-02-01',
        ref: { kind: 'appointment', id: 'A1' },
      },
      { kind: 'maintenance_due', ...about, dueAt: '2031-07-01', dueKm: 20_000, reason: 'the plan' },
    ]);
  });

  it.each([
    ['a warranty ending now is over: not offered', now.toISOString(), false],
    ['a warranty ending exactly at the horizon is offered', horizon, true],
    [
      'a warranty ending a millisecond after the horizon is not yet offered',
      new Date(Date.parse(horizon) + 1).toISOString(),
      false,
    ],
  ])('R-ARC-5: %s', (_case, until, offered) => {
    const items = vehicleNextService({
      ...base,
      warranties: [{ orderId: 'O1', until, issuedAt: '2030-10-01T02:00:00Z' }],
    });
    expect(items.map((i) => i.kind)).toEqual(offered ? ['warranty_ending'] : []);
    if (offered) expect(items[0]).not.toHaveProperty('dueKm');
  });

  it.each([
    ['an appointment now has begun: not offered', { id: 'A1', at: now.toISOString() }, false],
    [
      'an appointment of another vehicle: not offered',
      { id: 'A1', at: '2031-02-01T01:00:00Z', vehicleId: 'V2' },
      false,
    ],
    [
      'an appointment of this vehicle: offered',
      { id: 'A1', at: '2031-02-01T01:00:00Z', vehicleId: 'V1' },
      true,
    ],
    ['an appointment naming no vehicle: offered', { id: 'A1', at: '2031-02-01T01:00:00Z' }, true],
  ])('R-ARC-5: %s', (_case, appointment, offered) => {
    const items = vehicleNextService({ ...base, appointments: [appointment] });
    expect(items.map((i) => i.kind)).toEqual(offered ? ['appointment'] : []);
  });

  it('R-ARC-5: a date and an instant on the same local day are ordered by kind, not by their text', () => {
    const items = vehicleNextService({
      ...base,
      plan: {
        cycleStart: '2031-01-01',
        dueDate: '2031-01-21',
        by: 'date',
        remindAt: '2031-01-07T02:00:00.000Z',
        reason: 'the plan',
      },
      // 17:00 UTC on the 20th is the 21st in Shanghai.
      warranties: [{ orderId: 'O1', until: '2031-01-20T17:00:00Z', issuedAt: '2030-10-01T02:00:00Z' }],
    });
    expect(items.map((i) => i.kind)).toEqual(['maintenance_due', 'warranty_ending']);
    expect(items[0]).not.toHaveProperty('dueKm');
  });
});
