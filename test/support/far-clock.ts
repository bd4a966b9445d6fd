import { ulid } from 'ulid';
import { afterEach, beforeEach } from 'vitest';
import type { CreateBranch } from '../../shared/branches/schemas';
import type { Order } from '../../shared/orders/schemas/order';
import { setClock } from '../../shared/platform/ports/clock';
import { restoreTestClock } from './clock';

/**
 * A fake clock for duty tests. The sweeper reads one global index, so each test runs in a random
 * day of its own far in the future (years 2200-8990, at 10:10 in Shenzhen): sweeps of other
 * suites almost never meet its duties (about 2.5 million days to draw from). Tests move time with `clockAt.now += …`.
 */
export const minute = 60_000;
export const hour = 60 * minute;
export const day = 24 * hour;
export const iso = (ms: number) => new Date(ms).toISOString();

export const clockAt = { now: 0 };

/**
 * A branch open every day 08:30-18:00: the far-future clock lands on any weekday, and a test of
 * duty timings must not find its promise refused on a Sunday (R-RO-2 keeps promises in opening
 * hours; test/integration/opening-hours.test.ts tests that rule).
 */
export const openEveryDay = {
  workingHours: {
    days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
    open: '08:30',
    close: '18:00',
  },
} satisfies Partial<CreateBranch>;

export function useFarFutureClock(): void {
  beforeEach(() => {
    clockAt.now = Date.UTC(2200, 0, 1) + Math.floor(Math.random() * 2_480_000) * day + 2 * hour + 10 * minute;
    setClock({ now: () => new Date(clockAt.now) });
  });
  afterEach(restoreTestClock);
}

/**
 * A random whole hour, plus 10 minutes, in the `years` (400) years from `fromYear`. Tests that count what a
 * sweep reads or claims take a region of their own (9000-9399, 9400-9799, 9800-9949, 9950-9994: one per file): the duties
 * the far-future clock above leaves pending reach up to a year past 8990, and a sweep that met one
 * of them would claim it. (Years stay at four digits: ISO strings must keep sorting as text.)
 */
export function randomHourFrom(fromYear: number, years = 400): number {
  return Date.UTC(fromYear, 0, 1) + Math.floor(Math.random() * years * 8_760) * hour + 10 * minute;
}

/** A handover recorded at the clock's time (R-RO-3), for orders given straight in the table. */
export const handoverNow = (): NonNullable<Order['handover']> => ({
  documents: [{ name: 'Vehicle licence', present: true }],
  belongings: [],
  belongingsConfirmedBy: '陈先生',
  keyTag: 'K-1',
  keySlot: `S-${ulid().slice(-6)}`,
  fuelLevel: 4,
  odometerKm: 42_100,
  recordedBy: { staffId: 'FIXTURE', name: 'Fixture' },
  at: iso(clockAt.now),
});
