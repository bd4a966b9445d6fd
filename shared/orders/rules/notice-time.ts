import { nextAllowedSendTime, type QuietHours, quietPeriodAt } from '../../letters/rules/quiet-hours';

const minute = 60_000;

/**
 * When the pickup notice goes (R-PKP-2, R-X-1, R-FUP-5). The notice is bound to the promise, so
 * quiet hours move it towards the promise when they can, and before the quiet hours otherwise:
 *
 * 1. its lead time outside quiet hours: at the lead time;
 * 2. its lead time in quiet hours that end at or before the promise: when they end (a 10:00
 *    promise with a 4-hour notice in 21:00-08:00 quiet hours: 08:00);
 * 3. the promise itself in those quiet hours (a car promised at 07:30): `beforeQuietMinutes`
 *    before they began, the evening before. The customer learns the evening before that the car
 *    is ready first thing; a message at 06:30 would wake them and one at 08:00 would come after
 *    the promise it announces.
 *
 * A time already past at `now` (the duty fires late, or at its lead time after the evening slot
 * went by) becomes now, which still waits for the end of quiet hours: a late notice never wakes the
 * customer. The text carries the date and time of the promise, so an early or late notice still
 * reads right.
 */
export function pickupNoticeSendAt(input: {
  /** The policy's lead time before the promise (1 h or 4 h, R-PKP-2). */
  leadAt: Date;
  promisedAt: Date;
  now: Date;
  quietHours: QuietHours;
  timeZone: string;
  beforeQuietMinutes: number;
}): Date {
  const period = quietPeriodAt(input.leadAt, input.quietHours, input.timeZone);
  let wanted = input.leadAt;
  if (period && period.end.getTime() <= input.promisedAt.getTime()) wanted = period.end;
  else if (period) wanted = new Date(period.start.getTime() - input.beforeQuietMinutes * minute);
  // Stryker disable next-line EqualityOperator: when wanted equals now, either is the same instant
  const from = wanted.getTime() > input.now.getTime() ? wanted : input.now;
  return nextAllowedSendTime(from, input.quietHours, input.timeZone, false);
}
