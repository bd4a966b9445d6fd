import { describe, expect, it } from 'vitest';
import {
  awaiting,
  bayChanges,
  checkDeposit,
  daySlots,
  depositRequired,
  highValueParts,
  isNoShow,
  noShowCheckAt,
  openState,
  reminderSendAt,
  requireAction,
  slotSpan,
} from '../../shared/appointments/rules';
import { InvalidTransitionError, RuleViolationError } from '../../shared/kernel/errors';
import { policyFor, policyIssues } from '../../shared/kernel/policy';
import { planSms } from '../../shared/letters/rules/letter';
import { refusal } from '../support/refusals';

const minute = 60_000;
const hour = 60 * minute;
const tz = 'Asia/Shanghai';
const hours = {
  timeZone: tz,
  days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const,
  open: '08:30',
  close: '18:00',
};
/** Wednesday 11 June 2031, 10:10 in Shenzhen. */
const now = new Date('2031-06-11T02:10:00Z');
const at = (local: string) => new Date(`${local}+08:00`);

describe('slots and bays (R-APT-3, R-APT-1)', () => {
  it('cuts a working day into slots from the opening, each ending by the close', () => {
    const slots = daySlots('2031-06-12', hours, 60);
    expect(slots).toHaveLength(9);
    expect(slots[0]?.toISOString()).toBe(at('2031-06-12T08:30:00').toISOString());
    expect(slots.at(-1)?.toISOString()).toBe(at('2031-06-12T16:30:00').toISOString());
  });

  it('has no slot on a closed day (Sunday)', () => {
    expect(daySlots('2031-06-15', hours, 60)).toEqual([]);
  });

  it.each([
    ['an hour on a slot', '2031-06-12T09:30:00', 60, ['09:30']],
    ['90 minutes hold two whole slots', '2031-06-12T09:30:00', 90, ['09:30', '10:30']],
    ['the last slot of the day', '2031-06-12T16:30:00', 60, ['16:30']],
    ['the opening time', '2031-06-12T08:30:00', 30, ['08:30']],
  ])('R-APT-3: %s', (_case, local, duration, slots) => {
    const span = slotSpan({
      startAt: at(local),
      durationMinutes: duration,
      slotMinutes: 60,
      hours,
      now,
      bookAheadDays: 90,
    });
    expect(span.slots).toEqual(slots);
    expect(span.date).toBe('2031-06-12');
  });

  it.each([
    ['off a slot boundary', '2031-06-12T09:00:00', 60, 'is not a slot'],
    ['past the close', '2031-06-12T16:30:00', 120, 'past the branch'],
    ['on a closed day', '2031-06-15T09:30:00', 60, 'closed on 2031-06-15'],
    ['before opening', '2031-06-12T07:30:00', 60, 'is not a slot'],
    ['in the past', '2031-06-11T08:30:00', 60, 'still to come'],
  ])('R-APT-1, R-APT-3: refuses a time %s (422)', (_case, local, duration, message) => {
    const error = refusal(() =>
      slotSpan({
        startAt: at(local),
        durationMinutes: duration,
        slotMinutes: 60,
        hours,
        now,
        bookAheadDays: 90,
      }),
    );
    expect(error).toBeInstanceOf(RuleViolationError);
    expect(error.message).toContain(message);
  });

  it('R-APT-3: a move within a day frees and takes only the slots that differ', () => {
    expect(
      bayChanges({ date: 'D', slots: ['09:30', '10:30'] }, { date: 'D', slots: ['10:30', '11:30'] }),
    ).toEqual([
      { date: 'D', slot: '09:30', delta: -1 },
      { date: 'D', slot: '11:30', delta: 1 },
    ]);
  });
});

describe('deposit (R-APT-2)', () => {
  const limit = policyFor().appointment.highValuePartMinor;

  it('counts only part lines above the branch limit', () => {
    expect(highValueParts([{ price: limit }, { price: limit + 1 }, { price: 50_000 }], limit)).toBe(
      limit + 1,
    );
  });

  it.each([
    // 49.99 % of 200000 is 99980: refused; 50 % is 100000: accepted.
    [200_000, 99_980, false],
    [200_000, 100_000, true],
    [200_000, 150_000, true],
    // Half of an odd amount rounds up to a whole fen: 100000.5 → 100001.
    [200_001, 100_000, false],
    [200_001, 100_001, true],
  ])('R-APT-2: high-value parts %i, deposit %i accepted: %s', (parts, amount, accepted) => {
    const required = depositRequired(parts, policyFor().appointment.depositFraction);
    const check = () => checkDeposit(amount, required);
    if (accepted) expect(check).not.toThrow();
    else expect(refusal(check).extensions.rule).toBe('R-APT-2');
  });

  it('R-APT-2: takes no deposit when nothing high-value is prepared', () => {
    expect(refusal(() => checkDeposit(100, 0)).extensions.rule).toBe('R-APT-2');
  });

  it.each([
    [{ depositRequired: 0 }, 'booked', ['confirmation']],
    [{ depositRequired: 0, confirmation: true }, 'confirmed', []],
    [{ depositRequired: 500, confirmation: true }, 'booked', ['deposit']],
    [{ depositRequired: 500, confirmation: true, deposit: 500 }, 'confirmed', []],
    [{ depositRequired: 500, deposit: 500 }, 'booked', ['confirmation']],
  ])('R-APT-1, R-APT-2: %o is %s, awaiting %o', (input, state, waiting) => {
    const a = {
      depositRequired: input.depositRequired,
      ...('confirmation' in input
        ? {
            confirmation: {
              by: '陈',
              method: 'phone' as const,
              at: '',
              recordedBy: { staffId: 's', name: 'n' },
            },
          }
        : {}),
      ...('deposit' in input
        ? {
            deposit: {
              amount: input.deposit ?? 0,
              method: 'cash' as const,
              receivedBy: { staffId: 's', name: 'n' },
              at: '',
            },
          }
        : {}),
    };
    expect(openState(a)).toBe(state);
    expect(awaiting(a)).toEqual(waiting);
  });
});

describe('the reminder (R-APT-4, R-X-1)', () => {
  const quiet = { start: '21:00', end: '08:00' };
  const send = (startLocal: string, leadHours: number, quietHours = quiet, from = now) =>
    reminderSendAt({
      startAt: at(startLocal),
      leadHours,
      now: from,
      quietHours,
      timeZone: tz,
      beforeQuietMinutes: 30,
    })?.toISOString();

  it.each([
    ['exactly 24 h before', '2031-06-13T10:30:00', 24, '2031-06-12T10:30:00'],
    ['exactly 12 h before', '2031-06-13T08:30:00', 12, '2031-06-12T20:30:00'],
    // Opening time, 24 h: the morning before, outside quiet hours.
    ['an opening-time appointment, 24 h', '2031-06-13T08:30:00', 24, '2031-06-12T08:30:00'],
  ])('R-APT-4: %s', (_case, start, lead, expected) => {
    expect(send(start, lead)).toBe(at(expected).toISOString());
  });

  it('R-APT-4, R-X-1: an 08:30 appointment with a 12 h lead in 20:00-08:00 quiet hours is reminded the evening before, before they begin (19:30), not at 20:30 nor at 08:00', () => {
    expect(send('2031-06-13T08:30:00', 12, { start: '20:00', end: '08:00' })).toBe(
      at('2031-06-12T19:30:00').toISOString(),
    );
  });

  it('R-APT-4: a reminder whose time went by goes now, out of quiet hours', () => {
    expect(send('2031-06-11T16:30:00', 24)).toBe(now.toISOString());
  });

  it('R-APT-4, R-X-1: booked at 23:00 for 08:30 tomorrow, reminded when quiet hours end (08:00)', () => {
    expect(send('2031-06-12T08:30:00', 12, quiet, at('2031-06-11T23:00:00'))).toBe(
      at('2031-06-12T08:00:00').toISOString(),
    );
  });

  it('R-APT-4, R-X-1: no reminder when quiet hours last until after the appointment', () => {
    expect(
      send('2031-06-12T08:30:00', 12, { start: '21:00', end: '09:00' }, at('2031-06-11T23:00:00')),
    ).toBeUndefined();
  });

  it.each([
    [
      'zh-Hans',
      '【快修连锁】温馨提示：您的爱车 粤B12345 已预约于 6月13日 08:30 到店维修，工位已为您预留。如需改期请致电本店。',
      1,
    ],
    [
      'zh-Hant',
      '【快修连锁】溫馨提示：您的愛車 粤B12345 已預約於 6月13日 08:30 到店維修，工位已為您預留。如需改期請致電本店。',
      1,
    ],
    [
      'en',
      '【快修连锁】Reminder: your car 粤B12345 is booked in at 6月13日 08:30; a bay is kept for you. Call us to change the time.',
      2,
    ],
  ] as const)(
    'R-APT-4, R-X-1: the reminder in %s with the signature, in %i segment(s)',
    (locale, text, segments) => {
      const plan = planSms({
        templateId: 'appointment-reminder',
        variables: { plate: '粤B12345', time: '6月13日 08:30' },
        customer: { locale, marketingOptOut: true },
        branch: { smsSignature: '快修连锁', quietHours: quiet, timeZone: tz },
        now,
      });
      expect(plan.text).toBe(text);
      expect(plan.segments).toBe(segments);
      expect(plan.status).toBe('queued');
    },
  );
});

describe('no-show and the state machine (R-APT-5)', () => {
  const start = at('2031-06-12T09:30:00');
  it.each([
    ['at the grace limit exactly', 30 * minute, false],
    ['a millisecond after the limit', 30 * minute + 1, true],
    ['before the appointment', -hour, false],
  ])('R-APT-5: %s is a no-show: %s', (_case, after, noShow) => {
    expect(isNoShow(new Date(start.getTime() + after), start, 30)).toBe(noShow);
  });

  it('R-APT-5: the check runs a minute after the limit', () => {
    expect(noShowCheckAt(start, 30).toISOString()).toBe(
      new Date(start.getTime() + 31 * minute).toISOString(),
    );
  });

  it.each([
    ['arrived', 'move'],
    ['no_show', 'checkIn'],
    ['cancelled', 'cancel'],
    ['confirmed', 'deposit'],
  ] as const)('R-APT-5: a %s appointment cannot %s (409)', (state, action) => {
    expect(() => requireAction({ id: 'A', state }, action)).toThrow(InvalidTransitionError);
  });

  it.each([
    [{ appointment: { reminderLeadHours: 12 } }, []],
    [{ appointment: { reminderLeadHours: 6 } }, ['appointment.reminderLeadHours']],
    [{ appointment: { slotMinutes: 50 } }, ['appointment.slotMinutes']],
  ])('R-APT-4: a branch policy %o has issues %o', (overrides, paths) => {
    expect(policyIssues(policyFor(overrides)).map((i) => i.path)).toEqual(paths);
  });
});
