import { describe, expect, it } from 'vitest';
import {
  type AppointmentAction,
  awaiting,
  bayChanges,
  checkArrivalDay,
  checkDeposit,
  daySlots,
  freeStarts,
  reminderSendAt,
  requireAction,
  requireBays,
  slotFullError,
  slotSpan,
  workshopNoticeDueAt,
} from '../../shared/appointments/rules';
import type { Appointment } from '../../shared/appointments/schemas';
import { refusal } from '../support/refusals';
import { expectTransition } from '../support/transitions';

/**
 * Survivors of the mutation run of shared/appointments/rules.ts (issue 14 item 4), each a case of
 * R-APT-1..5: the state machine whole, slots at their edges, the next free slots, the reminder's
 * lead time (R-APT-4) and the messages word for word. Shenzhen (UTC+8) works Monday to Saturday
 * 08:30-18:00; 11 June 2031 is a Wednesday, now is 10:10 there.
 */
const minute = 60_000;
const tz = 'Asia/Shanghai';
const hours = {
  timeZone: tz,
  days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const,
  open: '08:30',
  close: '18:00',
};
const now = new Date('2031-06-11T02:10:00Z');
const at = (local: string) => new Date(`${local}+08:00`);

describe('the state machine, whole (R-APT-1, R-APT-5)', () => {
  const actions: AppointmentAction[] = ['confirm', 'deposit', 'move', 'cancel', 'checkIn', 'noShow'];
  const allowed: Record<Appointment['state'], AppointmentAction[]> = {
    booked: ['confirm', 'deposit', 'move', 'cancel', 'checkIn', 'noShow'],
    confirmed: ['move', 'cancel', 'checkIn', 'noShow'],
    arrived: [],
    no_show: [],
    cancelled: [],
  };
  const cases = Object.entries(allowed).flatMap(([state, ok]) =>
    actions.map((action) => [state as Appointment['state'], action, ok.includes(action)] as const),
  );
  it.each(cases)('R-APT-5: a %s appointment may %s: %s', (state, action, ok) => {
    expectTransition(() => requireAction({ id: 'A1', state }, action), {
      ok,
      message: `Appointment A1 is ${state}: it cannot ${action}`,
      state,
      allowedActions: allowed[state],
    });
  });
});

describe('slots at their edges (R-APT-1, R-APT-3)', () => {
  const span = (local: string, durationMinutes: number, bookAheadDays = 90, from = now) =>
    slotSpan({ startAt: at(local), durationMinutes, slotMinutes: 60, hours, now: from, bookAheadDays });

  it('R-APT-3: a slot ending exactly at the close is the day’s last', () => {
    const slots = daySlots('2031-06-12', { ...hours, close: '17:30' }, 60);
    expect(slots.at(-1)).toEqual(at('2031-06-12T16:30:00'));
  });

  it('R-APT-3: the span holds its slots and ends after them', () => {
    expect(span('2031-06-12T09:30:00', 90)).toEqual({
      date: '2031-06-12',
      slots: ['09:30', '10:30'],
      endAt: at('2031-06-12T11:30:00'),
    });
  });

  it.each([
    [
      'R-APT-1: a time equal to now is not still to come',
      '2031-06-11T10:10:00',
      90,
      'An appointment is made for a time still to come',
    ],
    [
      'R-APT-1: more than the days ahead allowed',
      '2031-06-13T09:30:00',
      1,
      'An appointment is made at most 1 days ahead',
    ],
    [
      'R-APT-3: off a slot, naming the first and last slots',
      '2031-06-12T09:00:00',
      90,
      '2031-06-12 09:00 is not a slot: the branch takes appointments from 08:30 to 16:30, every 60 minutes',
    ],
    ['R-APT-3: a closed day', '2031-06-15T09:30:00', 90, 'The branch is closed on 2031-06-15'],
  ])('%s', (_case, local, bookAheadDays, message) => {
    const error = refusal(() => span(local, 60, bookAheadDays));
    expect(error.message).toBe(message);
    expect(error.extensions.rule).toBe(message.startsWith('An appointment') ? 'R-APT-1' : 'R-APT-3');
  });

  it('R-APT-1: exactly the days ahead allowed can be booked', () => {
    const from = at('2031-06-11T09:30:00');
    expect(span('2031-06-12T09:30:00', 60, 1, from).slots).toEqual(['09:30']);
  });

  it('R-APT-3: a span past the close names the minutes and the day', () => {
    const error = refusal(() => span('2031-06-12T16:30:00', 120));
    expect(error.message).toBe("120 minutes from 16:30 run past the branch's closing time on 2031-06-12");
    expect(error.extensions.rule).toBe('R-APT-3');
  });
});

describe('bays (R-APT-3)', () => {
  it.each([
    [
      'R-APT-3: a new appointment takes its slots',
      undefined,
      { date: 'D', slots: ['09:30'] },
      [{ date: 'D', slot: '09:30', delta: 1 }],
    ],
    [
      'R-APT-3: a cancelled appointment frees its slots',
      { date: 'D', slots: ['09:30'] },
      undefined,
      [{ date: 'D', slot: '09:30', delta: -1 }],
    ],
  ])('%s', (_case, before, after, changes) => {
    expect(bayChanges(before, after)).toEqual(changes);
  });

  it.each([
    [0, 'The branch has no bays to book'],
    [1, undefined],
  ])('R-APT-3: a branch with %i bays: %s', (bays, message) => {
    if (message === undefined) {
      expect(() => requireBays(bays)).not.toThrow();
      return;
    }
    const error = refusal(() => requireBays(bays));
    expect([error.message, error.extensions.rule]).toEqual([message, 'R-APT-3']);
  });

  it.each([
    [['10:30', '11:30'], 'No bay is free at 2031-06-12 09:30; next free: 10:30, 11:30'],
    [[], 'No bay is free at 2031-06-12 09:30'],
  ])('R-APT-3: a full slot names the next free ones %o', (nextFree, message) => {
    const error = slotFullError('09:30', '2031-06-12', nextFree);
    expect(error.message).toBe(message);
    expect(error.extensions.nextFreeSlots).toEqual(nextFree);
  });

  const starts = daySlots('2031-06-12', hours, 60); // 08:30 … 16:30, nine slots
  const full = new Set(['10:30', '13:30'].map((t) => at(`2031-06-12T${t}:00`).getTime()));
  const heldAt = (slot: Date) => (full.has(slot.getTime()) ? 2 : 1);
  const local = (dates: Date[]) =>
    dates.map((d) => new Date(d.getTime() + 8 * 60 * minute).toISOString().slice(11, 16));
  it.each([
    ['one slot after 09:30: the free ones, skipping full 10:30', 1, '09:30', 3, ['11:30', '12:30', '14:30']],
    ['two slots in a row: both free', 2, '08:30', 3, ['11:30', '14:30', '15:30']],
    ['the limit stops the search', 1, '08:30', 1, ['09:30']],
    ['a span needing the day’s last slots fits only if they are there', 3, '13:30', 5, ['14:30']],
    ['nothing after the last slot', 1, '16:30', 3, []],
  ])('R-APT-3: next free starts, %s', (_case, count, afterLocal, limit, expected) => {
    const found = freeStarts(starts, heldAt, 2, count, at(`2031-06-12T${afterLocal}:00`), limit);
    expect(local(found)).toEqual(expected);
  });
});

describe('deposit and arrival (R-APT-2, R-APT-5)', () => {
  it.each([
    [
      'R-APT-2: no high-value parts: no deposit',
      100,
      0,
      'No high-value parts are prepared for this appointment: no deposit is taken',
    ],
    [
      'R-APT-2: below half: refused with both amounts',
      4_999,
      5_000,
      "The deposit must be at least half the high-value parts' price: 5000 (minor units), not 4999",
    ],
  ])('%s', (_case, amount, required, message) => {
    expect(refusal(() => checkDeposit(amount, required)).message).toBe(message);
  });

  it.each([
    ['R-APT-2: nothing required, nothing awaited once confirmed', 0, undefined, []],
    ['R-APT-2: a deposit required and not paid is awaited', 100, undefined, ['deposit']],
    ['R-APT-2: a deposit paid in full is not awaited', 100, 100, []],
  ])('%s', (_case, depositRequired, paid, expected) => {
    expect(
      awaiting({
        confirmation: { at: now.toISOString() } as Appointment['confirmation'],
        depositRequired,
        ...(paid !== undefined ? { deposit: { amount: paid } as Appointment['deposit'] } : {}),
      }),
    ).toEqual(expected);
  });

  it.each([
    ['R-APT-5: on its own day', '2031-06-11', undefined],
    [
      'R-APT-5: on another day: move it first',
      '2031-06-12',
      'The appointment is on 2031-06-12, not today (2031-06-11): move it first',
    ],
  ])('%s', (_case, localDate, message) => {
    if (message === undefined) {
      expect(() => checkArrivalDay({ localDate }, now, tz)).not.toThrow();
      return;
    }
    const error = refusal(() => checkArrivalDay({ localDate }, now, tz));
    expect([error.message, error.extensions.rule]).toEqual([message, 'R-APT-5']);
  });
});

describe('the reminder and the workshop notice at their edges (R-APT-4, R-APT-3)', () => {
  const send = (startLocal: string, leadHours: number, fromLocal: string) =>
    reminderSendAt({
      startAt: at(startLocal),
      leadHours,
      now: at(fromLocal),
      quietHours: { start: '21:00', end: '08:00' },
      timeZone: tz,
      beforeQuietMinutes: 30,
    })?.toISOString();

  it.each([
    [
      'R-APT-4: booked so late that the reminder would go at the appointment itself: none',
      '2031-06-12T10:00:00',
      24,
      '2031-06-12T10:00:00',
      undefined,
    ],
    [
      'R-APT-4: a minute before the appointment still goes',
      '2031-06-12T10:00:00',
      24,
      '2031-06-12T09:59:00',
      '2031-06-12T09:59:00',
    ],
  ])('%s', (_case, start, lead, from, expected) => {
    expect(send(start, lead, from)).toBe(expected === undefined ? undefined : at(expected).toISOString());
  });

  it.each([
    ['R-APT-3: during opening hours, by the close today', '2031-06-11T10:10:00', '2031-06-11T18:00:00'],
    ['R-APT-3: at the close itself, by midnight', '2031-06-11T18:00:00', '2031-06-12T00:00:00'],
    ['R-APT-3: after the close, by midnight', '2031-06-11T19:00:00', '2031-06-12T00:00:00'],
    [
      'R-APT-3: before the opening, by midnight (the workshop is told when it opens)',
      '2031-06-11T07:00:00',
      '2031-06-12T00:00:00',
    ],
    ['R-APT-3: on a closed day, by midnight', '2031-06-15T10:00:00', '2031-06-16T00:00:00'],
  ])('%s', (_case, nowLocal, due) => {
    expect(workshopNoticeDueAt(at(nowLocal), hours).toISOString()).toBe(at(due).toISOString());
  });
});
