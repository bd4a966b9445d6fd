import { ConflictError, InvalidTransitionError, RuleViolationError } from '../kernel/errors';
import { addDays, localDate, localDateTime, localWallTime } from '../kernel/local-time';
import { isOpenAt, type OpeningHours, openingOn } from '../kernel/opening-hours';
import { nextAllowedSendTime, type QuietHours, quietPeriodAt } from '../letters/rules/quiet-hours';
import type { Appointment } from './schemas';

/**
 * Rules of appointments 預約維修 (R-APT-1..5): slots and bays, the deposit, the state machine, the
 * reminder's time and the no-show limit. Plain functions of data and a clock.
 */
const minute = 60_000;
const hour = 60 * minute;

type State = Appointment['state'];
export type AppointmentAction = 'confirm' | 'deposit' | 'move' | 'cancel' | 'checkIn' | 'noShow';

/** R-APT-1, R-APT-5: what each state allows. Arrived, no-show and cancelled are final. */
const allowed: Record<State, readonly AppointmentAction[]> = {
  booked: ['confirm', 'deposit', 'move', 'cancel', 'checkIn', 'noShow'],
  confirmed: ['move', 'cancel', 'checkIn', 'noShow'],
  arrived: [],
  no_show: [],
  cancelled: [],
};

export function requireAction(
  appointment: Pick<Appointment, 'state' | 'id'>,
  action: AppointmentAction,
): void {
  const actions = allowed[appointment.state];
  if (!actions.includes(action)) {
    throw new InvalidTransitionError(
      `Appointment ${appointment.id} is ${appointment.state}: it cannot ${action}`,
      appointment.state,
      [...actions],
    );
  }
}

// ── Slots and bays (R-APT-3) ────────────────────────────────────────────────────────────────────

/** Local `HH:mm` of an instant in the branch's zone: the name of its slot. */
export const hhmm = (at: Date, timeZone: string) => localDateTime(at.toISOString(), timeZone).slice(11);

/** The slot starts of a local day: from the opening, every `slotMinutes`, each ending by the close. */
export function daySlots(date: string, hours: OpeningHours, slotMinutes: number): Date[] {
  const day = openingOn(date, hours);
  if (!day) return [];
  const { open, close } = day;
  const slots: Date[] = [];
  for (let t = open; t + slotMinutes * minute <= close; t += slotMinutes * minute) slots.push(new Date(t));
  return slots;
}

export interface SlotSpan {
  /** The branch-local day. */
  date: string;
  /** Local `HH:mm` of each slot held. */
  slots: string[];
  /** The end of the last slot held. */
  endAt: Date;
}

/**
 * R-APT-1, R-APT-3: the slots an appointment holds a bay in: it starts on a slot of its day (from
 * the opening, every `slotMinutes`) and holds every slot its duration touches, all within that
 * day's opening hours. Refused (422) otherwise, naming the day's first and last slots.
 */
export function slotSpan(input: {
  startAt: Date;
  durationMinutes: number;
  slotMinutes: number;
  hours: OpeningHours;
  now: Date;
  bookAheadDays: number;
}): SlotSpan {
  const { startAt, hours, slotMinutes } = input;
  if (startAt.getTime() <= input.now.getTime()) {
    throw new RuleViolationError('An appointment is made for a time still to come', 'R-APT-1');
  }
  if (startAt.getTime() > input.now.getTime() + input.bookAheadDays * 24 * hour) {
    throw new RuleViolationError(
      `An appointment is made at most ${input.bookAheadDays} days ahead`,
      'R-APT-1',
    );
  }
  const date = localDate(startAt, hours.timeZone);
  const starts = daySlots(date, hours, slotMinutes);
  const first = starts.findIndex((s) => s.getTime() === startAt.getTime());
  if (first < 0) {
    const first = starts[0];
    const last = starts.at(-1);
    throw new RuleViolationError(
      // Stryker disable next-line LogicalOperator: the day's slots are empty or not: first and last are both there or both missing
      first && last
        ? `${date} ${hhmm(startAt, hours.timeZone)} is not a slot: the branch takes appointments from ${hhmm(first, hours.timeZone)} to ${hhmm(last, hours.timeZone)}, every ${slotMinutes} minutes`
        : `The branch is closed on ${date}`,
      'R-APT-3',
    );
  }
  const count = Math.ceil(input.durationMinutes / slotMinutes);
  const held = starts.slice(first, first + count);
  if (held.length < count) {
    throw new RuleViolationError(
      `${input.durationMinutes} minutes from ${hhmm(startAt, hours.timeZone)} run past the branch's closing time on ${date}`,
      'R-APT-3',
    );
  }
  return {
    date,
    slots: held.map((s) => hhmm(s, hours.timeZone)),
    endAt: new Date(startAt.getTime() + count * slotMinutes * minute),
  };
}

/** Per bay-slot item, how many bays a change takes (+) or frees (−): moves within a day net out. */
export function bayChanges(
  before: { date: string; slots: readonly string[] } | undefined,
  after: { date: string; slots: readonly string[] } | undefined,
): { date: string; slot: string; delta: number }[] {
  const net = new Map<string, { date: string; slot: string; delta: number }>();
  const add = (date: string, slot: string, delta: number) => {
    const key = `${date}#${slot}`;
    const entry = net.get(key) ?? { date, slot, delta: 0 };
    entry.delta += delta;
    net.set(key, entry);
  };
  // Stryker disable next-line OptionalChaining: a slot of `before` means `before` is there
  for (const slot of before?.slots ?? []) add(before?.date ?? '', slot, -1);
  // Stryker disable next-line OptionalChaining: a slot of `after` means `after` is there
  for (const slot of after?.slots ?? []) add(after?.date ?? '', slot, 1);
  return [...net.values()].filter((c) => c.delta !== 0);
}

/** A branch without bays takes no appointment. */
export function requireBays(bays: number): void {
  if (bays < 1) throw new RuleViolationError('The branch has no bays to book', 'R-APT-3');
}

/** The 409 of a full slot, with the next slots free for the same duration (R-APT-3). */
export function slotFullError(slot: string, date: string, nextFree: readonly string[]): ConflictError {
  const error = new ConflictError(
    `No bay is free at ${date} ${slot}${nextFree.length ? `; next free: ${nextFree.join(', ')}` : ''}`,
  );
  error.extensions.nextFreeSlots = [...nextFree];
  return error;
}

/**
 * The first starts, from `after` on, of the day's slots where `count` consecutive slots all have
 * a free bay (R-APT-3: a full slot answers with the next free ones).
 */
export function freeStarts(
  starts: readonly Date[],
  heldAt: (slot: Date) => number,
  bays: number,
  count: number,
  after: Date,
  limit: number,
): Date[] {
  const found: Date[] = [];
  for (let i = 0; i + count <= starts.length && found.length < limit; i++) {
    const start = starts[i];
    if (!start || start.getTime() <= after.getTime()) continue;
    if (starts.slice(i, i + count).every((s) => heldAt(s) < bays)) found.push(start);
  }
  return found;
}

// ── Deposit (R-APT-2) ──────────────────────────────────────────────────────────────────────────

/** The part lines priced above the branch's high-value limit, summed (minor units). */
export function highValueParts(parts: readonly { price: number }[], limitMinor: number): number {
  return parts.filter((p) => p.price > limitMinor).reduce((sum, p) => sum + p.price, 0);
}

/**
 * R-APT-2: the least deposit: `fraction` (½) of the high-value parts, rounded up to a whole minor
 * unit, in integer arithmetic (basis points), so 49.99 % is short and 50 % is enough.
 */
export function depositRequired(highValue: number, fraction: number): number {
  const basisPoints = Math.round(fraction * 10_000);
  return Math.ceil((highValue * basisPoints) / 10_000);
}

export function checkDeposit(amount: number, required: number): void {
  if (required === 0) {
    throw new RuleViolationError(
      'No high-value parts are prepared for this appointment: no deposit is taken',
      'R-APT-2',
    );
  }
  if (amount < required) {
    throw new RuleViolationError(
      `The deposit must be at least half the high-value parts' price: ${required} (minor units), not ${amount}`,
      'R-APT-2',
    );
  }
}

/** What a booked appointment still needs: the customer's confirmation, the deposit. */
export function awaiting(
  a: Pick<Appointment, 'confirmation' | 'deposit' | 'depositRequired'>,
): Appointment['awaiting'] {
  return [
    ...(a.confirmation ? [] : (['confirmation'] as const)),
    // Stryker disable next-line ConditionalExpression: with nothing required no amount is below it, so the first test changes nothing
    ...(a.depositRequired > 0 && (a.deposit?.amount ?? 0) < a.depositRequired ? (['deposit'] as const) : []),
  ];
}

/** R-APT-1, R-APT-2: booked until confirmed by the customer and, when needed, paid a deposit on. */
export function openState(
  a: Pick<Appointment, 'confirmation' | 'deposit' | 'depositRequired'>,
): 'booked' | 'confirmed' {
  return awaiting(a).length === 0 ? 'confirmed' : 'booked';
}

// ── Reminder (R-APT-4) and no-show (R-APT-5) ───────────────────────────────────────────────────

/**
 * R-APT-4, R-X-1: when the reminder goes: `leadHours` (12 or 24) before the appointment; when that
 * falls in quiet hours, `beforeQuietMinutes` before they begin, the evening before (never at their
 * end, which may be minutes before an early appointment). A time already past goes now, still
 * out of quiet hours. `undefined` when that is not before the appointment (booked too late).
 */
export function reminderSendAt(input: {
  startAt: Date;
  leadHours: number;
  now: Date;
  quietHours: QuietHours;
  timeZone: string;
  beforeQuietMinutes: number;
}): Date | undefined {
  const leadAt = new Date(input.startAt.getTime() - input.leadHours * hour);
  const period = quietPeriodAt(leadAt, input.quietHours, input.timeZone);
  const wanted = period ? new Date(period.start.getTime() - input.beforeQuietMinutes * minute) : leadAt;
  // Stryker disable next-line EqualityOperator: when wanted equals now, either is the same instant
  const from = wanted.getTime() > input.now.getTime() ? wanted : input.now;
  const at = nextAllowedSendTime(from, input.quietHours, input.timeZone, false);
  return at.getTime() < input.startAt.getTime() ? at : undefined;
}

/** R-APT-5: the last instant a check-in is on time: the appointment plus the grace period. */
function noShowLimit(startAt: Date, graceMinutes: number): Date {
  return new Date(startAt.getTime() + graceMinutes * minute);
}

/** R-APT-5: not checked in by the limit (inclusive) makes a no-show; the check runs a minute after. */
export function isNoShow(now: Date, startAt: Date, graceMinutes: number): boolean {
  return now.getTime() > noShowLimit(startAt, graceMinutes).getTime();
}

export const noShowCheckAt = (startAt: Date, graceMinutes: number): Date =>
  new Date(noShowLimit(startAt, graceMinutes).getTime() + minute);

/** R-APT-5: a check-in is on the appointment's own local day. */
export function checkArrivalDay(
  appointment: Pick<Appointment, 'localDate'>,
  now: Date,
  timeZone: string,
): void {
  const today = localDate(now, timeZone);
  if (today !== appointment.localDate) {
    throw new RuleViolationError(
      `The appointment is on ${appointment.localDate}, not today (${today}): move it first`,
      'R-APT-5',
    );
  }
}

/** R-APT-3: the workshop is told the same day: the notice is due by the branch's close today, else by midnight. */
export function workshopNoticeDueAt(now: Date, hours: OpeningHours): Date {
  const today = localDate(now, hours.timeZone);
  const close = openingOn(today, hours)?.close ?? 0;
  // Stryker disable next-line StringLiteral: localWallTime reads an empty time as the start of the day, 00:00
  const midnight = Date.parse(localWallTime(addDays(today, 1), '00:00', hours.timeZone));
  const open = isOpenAt(now, hours);
  return new Date(open && close > now.getTime() ? close : Math.max(midnight, now.getTime()));
}
