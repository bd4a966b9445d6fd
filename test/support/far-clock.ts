import { ulid } from 'ulid';
import { afterEach, beforeEach } from 'vitest';
import { setClock, systemClock } from '../../shared/ports/clock';
import type { Order } from '../../shared/schemas/order';

/**
 * A fake clock for duty tests. The sweeper reads one global index, so each test runs in a random
 * whole hour of its own far in the future (years 2200-2900, at 10:10 in Shenzhen): sweeps of
 * other suites never meet its duties. Tests move time with `clockAt.now += …`.
 */
export const minute = 60_000;
export const hour = 60 * minute;
export const day = 24 * hour;
export const iso = (ms: number) => new Date(ms).toISOString();

export const clockAt = { now: 0 };

export function useFarFutureClock(): void {
  beforeEach(() => {
    clockAt.now = Date.UTC(2200, 0, 1) + Math.floor(Math.random() * 250_000) * day + 2 * hour + 10 * minute;
    setClock({ now: () => new Date(clockAt.now) });
  });
  afterEach(() => setClock(systemClock));
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
