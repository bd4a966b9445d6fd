import { describe, expect, it } from 'vitest';
import {
  addOpeningMinutes,
  isOpenAt,
  nextOpening,
  type OpeningHours,
} from '../../shared/kernel/opening-hours';
import { priceLine } from '../../shared/orders/rules/pricing';
import { checkPromise, requirePromise } from '../../shared/orders/rules/promise';
import { lineInput } from '../../shared/orders/schemas/lines';
import { refusal } from '../support/refusals';

/**
 * R-RO-2: promises fall in the branch's opening hours and working days, its closed dates
 * excluded; the work and the buffer are counted in opening hours. Shenzhen works Monday to
 * Saturday 08:30-18:00 (UTC+8, no summer time); 2031-06-11 is a Wednesday, 2031-06-15 a Sunday.
 */
const sz: OpeningHours = {
  timeZone: 'Asia/Shanghai',
  days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
  open: '08:30',
  close: '18:00',
  closedDates: ['2031-06-13'],
};
/** Shenzhen wall time on a June 2031 day, as a Date. */
const at = (day: number, hhmm: string) =>
  new Date(`2031-06-${String(day).padStart(2, '0')}T${hhmm}:00+08:00`);

describe('isOpenAt (R-RO-2)', () => {
  it.each([
    ['Wednesday 10:00', true, at(11, '10:00')],
    ['the opening minute', true, at(11, '08:30')],
    ['a minute before opening', false, at(11, '08:29')],
    ['the closing minute', true, at(11, '18:00')],
    ['a minute after closing', false, at(11, '18:01')],
    ['02:00 at night', false, at(12, '02:00')],
    ['a closed date (a Friday holiday)', false, at(13, '10:00')],
    ['Saturday 10:00', true, at(14, '10:00')],
    ['Sunday 10:00 (not a working day)', false, at(15, '10:00')],
  ])('%s: open %s', (_case, open, instant) => {
    expect(isOpenAt(instant, sz)).toBe(open);
  });

  it('a branch open until midnight (close 24:00) is open at 23:59 and closed at 00:01', () => {
    const late: OpeningHours = { ...sz, close: '24:00', closedDates: [] };
    expect(isOpenAt(at(11, '23:59'), late)).toBe(true);
    expect(isOpenAt(at(12, '00:01'), late)).toBe(false);
  });

  it('reads the wall clock of the branch, summer time included (Europe/Berlin, 31 March 2031)', () => {
    const berlin: OpeningHours = { timeZone: 'Europe/Berlin', days: ['mon'], open: '08:00', close: '17:00' };
    // Monday 31 March 2031 is the first day of CEST (UTC+2): 08:00 there is 06:00 UTC.
    expect(isOpenAt(new Date('2031-03-31T06:00:00Z'), berlin)).toBe(true);
    expect(isOpenAt(new Date('2031-03-31T05:59:00Z'), berlin)).toBe(false);
  });
});

describe('counting in opening hours (R-RO-2)', () => {
  it.each([
    ['an hour inside the day', at(11, '10:00'), 60, at(11, '11:00')],
    ['three hours from 17:00 end the next morning', at(11, '17:00'), 180, at(12, '10:30')],
    ['work that ends exactly at closing', at(11, '17:00'), 60, at(11, '18:00')],
    ['from the night, counting starts at the opening', at(12, '02:00'), 30, at(12, '09:00')],
    ['skips the closed date and Sunday: Thursday 17:00 + 2 h', at(12, '17:00'), 120, at(14, '09:30')],
    ['Saturday 17:30 + 1 h goes over Sunday to Monday', at(14, '17:30'), 60, at(16, '09:00')],
    ['zero minutes inside the day is the same instant', at(11, '12:34'), 0, at(11, '12:34')],
  ])('%s', (_case, from, minutes, expected) => {
    expect(addOpeningMinutes(from, minutes, sz).toISOString()).toBe(expected.toISOString());
  });

  it.each([
    ['at night: the next morning', at(11, '21:00'), at(12, '08:30')],
    ['before a closed date: the day after', at(12, '19:00'), at(14, '08:30')],
    ['on a Sunday: Monday morning', at(15, '11:00'), at(16, '08:30')],
    ['while open: the same instant', at(11, '11:00'), at(11, '11:00')],
  ])('nextOpening %s', (_case, from, expected) => {
    expect(nextOpening(from, sz).toISOString()).toBe(expected.toISOString());
  });

  it('refuses to search forever when the branch never opens', () => {
    const never: OpeningHours = { ...sz, days: ['mon'], closedDates: [] };
    const closedEveryMonday = { ...never, closedDates: Array.from({ length: 60 }, (_, i) => mondays(i)) };
    expect(() => nextOpening(at(11, '10:00'), closedEveryMonday)).toThrow(/opens on none/);
  });
});

/** The i-th Monday from 16 June 2031, as `YYYY-MM-DD` (60 of them cover 400 days). */
function mondays(i: number): string {
  return new Date(Date.UTC(2031, 5, 16 + 7 * i)).toISOString().slice(0, 10);
}

describe('the promise in opening hours (R-RO-2)', () => {
  const now = at(11, '16:00');
  const labourLines = [
    priceLine(
      lineInput.parse({
        kind: 'labour',
        description: 'Brake pads',
        system: 'brakes',
        hours: 3,
        rate: 20_000,
      }),
      'order',
    ),
  ];

  it('counts the labour and the buffer in opening hours: 3 h at 16:00 + 30 min is 10:00 the next day', () => {
    const check = checkPromise({
      now,
      promisedAt: at(12, '09:00'),
      bufferMinutes: 30,
      labourMinutes: 180,
      partsExpectedAt: [],
      opening: sz,
    });
    expect(check).toMatchObject({ ok: false, earliest: at(12, '10:00') });
  });

  it.each([
    ['02:00 at night', at(12, '02:00'), /in opening hours from now/],
    ['a Sunday', at(15, '12:00'), /branch is closed/],
    ['a closed date', at(13, '12:00'), /branch is closed/],
  ])(
    'refuses a promise at %s with 422 naming the earliest promise in opening hours',
    (_case, promise, message) => {
      const error = refusal(() =>
        requirePromise({
          lines: labourLines,
          promisedAt: promise.toISOString(),
          now: now.toISOString(),
          bufferMinutes: 30,
          occasion: { kind: 'order' },
          opening: sz,
        }),
      );
      expect(error.status).toBe(422);
      expect(error.message).toMatch(message);
      expect(error.extensions).toMatchObject({
        rule: 'R-RO-2',
        earliestPromise: at(12, '10:00').toISOString(),
      });
    },
  );

  it('accepts the earliest promise it names, and a promise at closing time', () => {
    for (const promise of [at(12, '10:00'), at(12, '18:00')]) {
      expect(() =>
        requirePromise({
          lines: labourLines,
          promisedAt: promise.toISOString(),
          now: now.toISOString(),
          bufferMinutes: 30,
          occasion: { kind: 'order' },
          opening: sz,
        }),
      ).not.toThrow();
    }
  });

  it("refuses an add-on's delay that ends while the branch is closed, naming the delay counted in opening hours", () => {
    // Promised 17:00; 2 hours more would be 19:00: counted in opening hours they end 09:30 the next day.
    const error = refusal(() =>
      requirePromise({
        lines: [],
        promisedAt: at(11, '17:00').toISOString(),
        now: now.toISOString(),
        bufferMinutes: 30,
        occasion: { kind: 'addOn', extraMinutes: 120 },
        opening: sz,
      }),
    );
    expect(error.status).toBe(422);
    expect(error.extensions).toMatchObject({
      rule: 'R-RO-2',
      earliestPromise: at(12, '09:30').toISOString(),
      extraMinutes: 16 * 60 + 30,
    });
  });

  it("accepts an add-on's delay that ends while open, even on a later day", () => {
    expect(() =>
      requirePromise({
        lines: [],
        promisedAt: at(11, '17:00').toISOString(),
        now: now.toISOString(),
        bufferMinutes: 30,
        occasion: { kind: 'addOn', extraMinutes: 16 * 60 + 30 },
        opening: sz,
      }),
    ).not.toThrow();
  });
});
