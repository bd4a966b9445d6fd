/**
 * Branch-local dates (R-X-2): times are stored in UTC; days, weeks and months are the branch's
 * own. Pure functions over Intl, shared by visits, exits, registers and reports.
 */
/** The branch-local calendar date (`YYYY-MM-DD`) of an instant. */
export function localDate(instant: string | Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(typeof instant === 'string' ? new Date(instant) : instant);
  // Stryker disable next-line StringLiteral: Intl always gives the parts asked for; the fallback is never read
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Local wall-clock `YYYY-MM-DD HH:mm` of an instant, for exports read by people. */
export function localDateTime(instant: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant));
  // Stryker disable next-line StringLiteral: Intl always gives the parts asked for; the fallback is never read
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

/** Offset of the zone from UTC at an instant, in ms (positive east of Greenwich). */
function offsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The UTC instant at which a branch-local date begins (midnight, or the first hour a DST day has). */
export function startOfLocalDay(date: string, timeZone: string): string {
  return localWallTime(date, '00:00', timeZone);
}

/**
 * The UTC instant of the wall-clock time `hhmm` on a branch-local date, with the offset of that
 * moment (not of midnight: on a DST day the two differ). A time the clocks skip (02:30 on the
 * night summer time begins) comes out an hour early, before the jump: no close or report falls there.
 */
export function localWallTime(date: string, hhmm: string, timeZone: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const [hours, minutes] = hhmm.split(':').map(Number);
  const wall = Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1, hours ?? 0, minutes ?? 0);
  // The offset at the guess can differ from the offset at the answer across a DST change.
  let instant = wall - offsetMs(wall, timeZone);
  instant = wall - offsetMs(instant, timeZone);
  return new Date(instant).toISOString();
}

/** `YYYY-MM-DD` plus whole days (calendar arithmetic, no time zone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, (d ?? 1) + days)).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` plus whole months; the 31st lands on the last day of a shorter month. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const first = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d ?? 1, lastDay));
  return first.toISOString().slice(0, 10);
}

/**
 * R-REC-1 new or returning: a customer is returning when their archive was opened before today,
 * in the branch's local calendar (R-X-2). An archive opened this morning for the car now at the
 * desk is a new customer's (R-ARC-2: the archive is opened the day the car enters).
 */
export function isReturning(archiveOpenedAt: string, now: string, timeZone: string): boolean {
  return localDate(archiveOpenedAt, timeZone) < localDate(now, timeZone);
}
