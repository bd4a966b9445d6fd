import { addDays, localDate, localWallTime } from './local-time';

/**
 * A branch's opening hours in its own time zone (R-RO-2, R-X-2): the weekdays it works, its daily
 * open and close (local `HH:mm`, close `24:00` for a branch open until midnight), and dates it is
 * closed although they fall on a working day (public holidays, stocktaking). Pure functions: a
 * promise, a notice or an appointment asks when the branch is open, never the store.
 */
export interface OpeningHours {
  timeZone: string;
  days: readonly Weekday[];
  open: string;
  close: string;
  /** Local dates (`YYYY-MM-DD`) the branch is closed. */
  closedDates?: readonly string[];
}

const weekdays = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof weekdays)[number];

/** The branch's settings as they carry opening hours. */
export function openingHoursOf(branch: {
  timeZone: string;
  workingHours: { days: readonly Weekday[]; open: string; close: string };
  closedDates?: readonly string[] | undefined;
}): OpeningHours {
  return {
    timeZone: branch.timeZone,
    ...branch.workingHours,
    ...(branch.closedDates ? { closedDates: branch.closedDates } : {}),
  };
}

const minute = 60_000;
/** Far enough for any run of closed days a branch can set (a year of dates) and then some. */
const searchDays = 400;

// Stryker disable next-line StringLiteral: getUTCDay is 0-6, always a weekday; the fallback is never read
const weekdayOf = (date: string): Weekday => weekdays[new Date(`${date}T00:00:00Z`).getUTCDay()] ?? 'sun';

/** The UTC instants (ms) the branch opens and closes on a local date, or undefined when it is closed. */
export function openingOn(date: string, hours: OpeningHours): { open: number; close: number } | undefined {
  if (!hours.days.includes(weekdayOf(date))) return undefined;
  if (hours.closedDates?.includes(date)) return undefined;
  const open = Date.parse(localWallTime(date, hours.open, hours.timeZone));
  const close =
    hours.close === '24:00'
      ? Date.parse(localWallTime(addDays(date, 1), '00:00', hours.timeZone))
      : Date.parse(localWallTime(date, hours.close, hours.timeZone));
  return { open, close };
}

/**
 * R-RO-2: whether the branch is open at `instant`, its closing minute included (a car promised
 * for 18:00 at a branch that closes at 18:00 is ready as it closes, which `addOpeningMinutes`
 * can land on).
 */
export function isOpenAt(instant: Date, hours: OpeningHours): boolean {
  const t = instant.getTime();
  const day = openingOn(localDate(instant, hours.timeZone), hours);
  return day !== undefined && day.open <= t && t <= day.close;
}

/**
 * `minutes` of opening hours counted from `from` (R-RO-2: "counted in opening hours"): the work
 * and the buffer of a promise go on only while the branch is open, so three hours of labour
 * started at 17:00 at a branch closing at 18:00 end at 10:30 the next working day (08:30 opening).
 * With 0 minutes it is the first open instant at or after `from`. The answer is always open
 * (`isOpenAt`). Throws when the branch opens on none of the next 400 days.
 */
export function addOpeningMinutes(from: Date, minutes: number, hours: OpeningHours): Date {
  let remaining = minutes * minute;
  let t = from.getTime();
  let date = localDate(from, hours.timeZone);
  for (let i = 0; i < searchDays; i++, date = addDays(date, 1)) {
    const day = openingOn(date, hours);
    if (!day || t > day.close) continue;
    const start = Math.max(t, day.open);
    if (remaining <= day.close - start) return new Date(start + remaining);
    remaining -= day.close - start;
    t = day.close;
  }
  throw new Error(`The branch opens on none of the ${searchDays} days after ${from.toISOString()}`);
}

/** The first open instant at or after `from` (R-RO-2: a time moved out of closed hours). */
export function nextOpening(from: Date, hours: OpeningHours): Date {
  return addOpeningMinutes(from, 0, hours);
}
