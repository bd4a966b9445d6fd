/**
 * Quiet hours (R-X-1, R-FUP-5): each branch names local hours in which non-urgent SMS wait.
 * A period may span midnight (21:00-08:00). Times are stored in UTC (R-X-2); the period is read
 * in the branch's time zone, so the answer is right for every branch wherever the code runs.
 */
export interface QuietHours {
  /** Local `HH:mm`, inclusive. */
  start: string;
  /** Local `HH:mm`, exclusive: the first minute a message may go. */
  end: string;
}

/**
 * When a message may go: `now` outside quiet hours or when urgent, else the end of the current
 * quiet period (the branch's local time), as a UTC instant. Equal start and end mean no quiet
 * period at all.
 */
export function nextAllowedSendTime(
  now: Date,
  quietHours: QuietHours,
  timeZone: string,
  urgent: boolean,
): Date {
  if (urgent) return now;
  return quietPeriodAt(now, quietHours, timeZone)?.end ?? now;
}

export function isQuiet(now: Date, quietHours: QuietHours, timeZone: string): boolean {
  return quietPeriodAt(now, quietHours, timeZone) !== undefined;
}

/**
 * The quiet period an instant falls in, as UTC instants: `start` (inclusive) is when it began,
 * `end` (exclusive) the first moment a message may go; `undefined` outside quiet hours. A period
 * that spans midnight began the evening before when the instant is in its morning part.
 */
export function quietPeriodAt(
  at: Date,
  quietHours: QuietHours,
  timeZone: string,
): { start: Date; end: Date } | undefined {
  const start = minutesOf(quietHours.start);
  const end = minutesOf(quietHours.end);
  if (start === end) return undefined;
  const local = localParts(at, timeZone);
  const minute = local.hour * 60 + local.minute;
  const spansMidnight = start > end;
  const quiet = spansMidnight ? minute >= start || minute < end : minute >= start && minute < end;
  if (!quiet) return undefined;
  // In the evening part of a period that spans midnight it ends tomorrow; in its morning part
  // it began yesterday.
  const startDay = spansMidnight && minute < end ? -1 : 0;
  const endDay = spansMidnight && minute >= start ? 1 : 0;
  const wall = (dayOffset: number, minutes: number) =>
    zonedTimeToUtc(
      {
        year: local.year,
        month: local.month,
        day: local.day + dayOffset,
        hour: Math.floor(minutes / 60),
        minute: minutes % 60,
      },
      timeZone,
    );
  return { start: wall(startDay, start), end: wall(endDay, end) };
}

function minutesOf(hhmm: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number);
  if (hours === undefined || minutes === undefined || Number.isNaN(hours) || Number.isNaN(minutes)) {
    throw new RangeError(`Not a time of day: ${hhmm}`);
  }
  return hours * 60 + minutes;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function localParts(instant: Date, timeZone: string): WallClock & { second: number } {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** Offset of the zone from UTC at an instant, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const p = localParts(new Date(instant), timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The UTC instant of a local wall-clock time (day overflow rolls into the next month). */
function zonedTimeToUtc(wall: WallClock, timeZone: string): Date {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  let instant = asUtc - offsetAt(asUtc, timeZone);
  // A second pass settles a time near a DST change, where the offset differs at the guess.
  instant = asUtc - offsetAt(instant, timeZone);
  return new Date(instant);
}
