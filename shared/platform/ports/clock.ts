/**
 * The clock port. Domain rules take a clock instead of calling Date.now(), so tests and the
 * local runtime's fast demo clock (R-X-3 duties) can move time.
 */
export interface Clock {
  now(): Date;
}

const systemClock: Clock = { now: () => new Date() };

let current: Clock = systemClock;

export function clock(): Clock {
  return current;
}

export function setClock(next: Clock): void {
  current = next;
}

/** ISO-8601 UTC timestamp of the current clock (R-X-2: times are stored in UTC). */
export function nowIso(): string {
  return current.now().toISOString();
}

/**
 * A clock that runs `speed` times faster than real time from `startAt` (the local demo:
 * `npm start -- --speed 120` lives two hours a minute, so duties fire while you watch).
 */
export function acceleratedClock(
  speed: number,
  startAt: Date = new Date(),
  real: () => number = Date.now,
): Clock {
  const realStart = real();
  return { now: () => new Date(startAt.getTime() + (real() - realStart) * speed) };
}
