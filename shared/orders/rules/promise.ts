import { RuleViolationError, ValidationError } from '../../kernel/errors';
import { addOpeningMinutes, isOpenAt, nextOpening, type OpeningHours } from '../../kernel/opening-hours';
import type { PricedLine } from '../schemas/lines';

/**
 * Pure rules of the workshop's promises: the promised completion time (R-RO-2, R-ADD-3) and the
 * even spread of jobs over the teams (R-WS-2). No I/O, no clock: the caller passes `now`.
 */

const minute = 60_000;

/** What the promise has to wait for, taken from an order's lines. */
export interface PlannedWork {
  /** Labour still to do, in whole minutes (hours are multiples of 0.05, so this is exact). */
  labourMinutes: number;
  /** Expected arrival of every part still to be ordered. */
  partsExpectedAt: Date[];
  /** Indexes of parts to order that give no expected arrival: no promise can consider them. */
  partsWithoutDate: number[];
}

export function plannedWork(lines: readonly PricedLine[]): PlannedWork {
  let labourMinutes = 0;
  const partsExpectedAt: Date[] = [];
  const partsWithoutDate: number[] = [];
  lines.forEach((line, i) => {
    // Stryker disable next-line ConditionalExpression: only labour lines have hours; any other adds 0
    if (line.kind === 'labour') labourMinutes += Math.round((line.hours ?? 0) * 60);
    // Stryker disable next-line ConditionalExpression: only part lines have an availability
    if (line.kind === 'part' && line.availability === 'to_order') {
      if (line.expectedAt) partsExpectedAt.push(new Date(line.expectedAt));
      else partsWithoutDate.push(i);
    }
  });
  return { labourMinutes, partsExpectedAt, partsWithoutDate };
}

export interface PromiseInput {
  now: Date;
  promisedAt: Date;
  /** `policy.order.promiseBufferMinutes`. */
  bufferMinutes: number;
  /** Labour still to do; 0 once the car is in the workshop and the work is under way. */
  labourMinutes: number;
  partsExpectedAt: readonly Date[];
  /**
   * The branch's opening hours (R-RO-2): the work and the buffer are counted in them and the
   * promise has to fall in them. Left out, the clock runs round the day (the buffer rule alone).
   */
  opening?: OpeningHours | undefined;
}

export type PromiseCheck = { ok: true; earliest: Date } | { ok: false; earliest: Date; reason: string };

/**
 * R-RO-2 ("承諾交車時間…並留有一定的餘地。特別要考慮汽車配件供應的情況"): the promise lies in the
 * future and leaves the buffer after the planned work (its labour hours counted from now) and
 * after the last part to order is expected. `earliest` is the first whole minute that passes.
 */
export function checkPromise(input: PromiseInput): PromiseCheck {
  const { opening } = input;
  const now = input.now.getTime();
  const count = (from: number, minutes: number) =>
    opening ? addOpeningMinutes(new Date(from), minutes, opening).getTime() : from + minutes * minute;
  const workDone = count(now, input.labourMinutes);
  const partsIn = Math.max(now, ...input.partsExpectedAt.map((d) => d.getTime()));
  const exact = count(Math.max(workDone, partsIn), input.bufferMinutes);
  const rounded = new Date(Math.ceil(Math.max(exact, now + 1) / minute) * minute);
  const earliest = opening ? nextOpening(rounded, opening) : rounded;
  const promised = input.promisedAt.getTime();
  const open = !opening || isOpenAt(input.promisedAt, opening);
  if (promised > now && promised >= exact && open) return { ok: true, earliest };
  const counted = opening ? ' in opening hours' : '';
  const waits = [
    `${input.bufferMinutes} min after the planned work (${formatMinutes(input.labourMinutes)}${counted} from now)`,
    ...(input.partsExpectedAt.length > 0
      ? [`after the last part to order arrives (${new Date(partsIn).toISOString()})`]
      : []),
  ];
  const reason =
    promised <= now
      ? 'The promised time has to be in the future'
      : // Stryker disable next-line EqualityOperator: `exact` counted in opening hours is always open, so a promise equal to it is refused only as not in the future
        promised < exact
        ? `The promised time has to leave ${waits.join(' and ')}`
        : `The branch is closed then (${describeOpening(opening)}): a customer is never told to come while it is closed`;
  return { ok: false, earliest, reason };
}

/** `mon-sat 08:30-18:00 Asia/Shanghai, closed 2031-10-01`, for the 422's message. */
function describeOpening(opening: OpeningHours | undefined): string {
  // Stryker disable next-line ConditionalExpression,StringLiteral: unreachable, both callers pass opening hours (a promise is closed only in opening hours)
  if (!opening) return 'open round the clock';
  const closed = opening.closedDates?.length ? `, closed ${opening.closedDates.join(', ')}` : '';
  return `open ${opening.days.join(' ')} ${opening.open}-${opening.close} ${opening.timeZone}${closed}`;
}

/** When a promise is judged, and so what it still has to wait for (R-RO-2, R-ADD-3). */
export type PromiseOccasion =
  /**
   * The promise of a draft, made, revised or confirmed (and moved before the car is in the
   * workshop): the planned labour from now and every part to order. Once work is under way
   * (`workStarted`, a promise moved by hand) only the buffer from now is left to keep.
   */
  | { kind: 'order'; workStarted?: boolean }
  /**
   * An add-on item's delay moves the order's promise (R-ADD-3): the moved promise leaves the
   * buffer after the add-on's parts to order (its labour is in the delay the customer is told).
   */
  | { kind: 'addOn'; extraMinutes: number };

/**
 * R-RO-2, the one promise rule of the order: refuses a promise that leaves no buffer after the
 * work and the parts it waits for. For the order it says the earliest promise possible (also as
 * the `earliestPromise` member of the 422); for an add-on, how many minutes of delay the customer
 * has to be told at least (R-ADD-3). A part to order without its expected arrival cannot be
 * planned around: a 422 for the order's lines, a 400 naming the line for an add-on's.
 * `promisedAt` is the order's promise (UTC ISO); for an add-on, the one its delay moves.
 */
export function requirePromise(input: {
  lines: readonly PricedLine[];
  promisedAt: string;
  now: string;
  bufferMinutes: number;
  occasion: PromiseOccasion;
  /** The branch's opening hours (R-RO-2); see `PromiseInput.opening`. */
  opening?: OpeningHours | undefined;
}): void {
  const { lines, promisedAt, now, bufferMinutes, occasion, opening } = input;
  const work = plannedWork(lines);
  if (occasion.kind === 'addOn') {
    if (work.partsWithoutDate.length > 0) {
      throw new ValidationError(
        work.partsWithoutDate.map((i) => ({
          path: `body.lines.${i}.expectedAt`,
          message: 'A part to order needs its expected arrival: the promise moves with it (R-RO-2)',
        })),
      );
    }
    const moved = new Date(Date.parse(promisedAt) + occasion.extraMinutes * minute);
    if (opening && !isOpenAt(moved, opening)) {
      // R-RO-2: the delay counted in opening hours says when the car can be promised instead.
      const earliest = addOpeningMinutes(new Date(promisedAt), occasion.extraMinutes, opening);
      const needed = Math.ceil((earliest.getTime() - Date.parse(promisedAt)) / minute);
      const error = new RuleViolationError(
        `extraMinutes ${occasion.extraMinutes} moves the promise to ${moved.toISOString()}, when the branch is closed (${describeOpening(opening)}); counted in opening hours the delay ends at ${earliest.toISOString()}: tell the customer extraMinutes ${needed}`,
        'R-RO-2',
      );
      error.extensions.earliestPromise = earliest.toISOString();
      error.extensions.extraMinutes = needed;
      throw error;
    }
    // The delay the customer agreed to is the add-on's own: without parts, nothing else to wait for.
    if (work.partsExpectedAt.length === 0) return;
    const check = checkPromise({
      now: new Date(now),
      promisedAt: moved,
      bufferMinutes,
      labourMinutes: 0,
      partsExpectedAt: work.partsExpectedAt,
      opening,
    });
    if (!check.ok) {
      const needed = Math.ceil((check.earliest.getTime() - Date.parse(promisedAt)) / minute);
      throw new RuleViolationError(
        `extraMinutes ${occasion.extraMinutes} moves the promise before the parts can be fitted: ${check.reason}; tell the customer at least ${needed} minutes`,
        'R-ADD-3',
      );
    }
    return;
  }
  if (work.partsWithoutDate.length > 0) {
    throw new RuleViolationError(
      `Line(s) ${work.partsWithoutDate.join(', ')} are parts to order without expectedAt; the promise has to consider when they arrive (R-RO-2)`,
      'R-RO-2',
    );
  }
  const workStarted = occasion.workStarted === true;
  const check = checkPromise({
    now: new Date(now),
    promisedAt: new Date(promisedAt),
    bufferMinutes,
    labourMinutes: workStarted ? 0 : work.labourMinutes,
    partsExpectedAt: workStarted ? [] : work.partsExpectedAt,
    opening,
  });
  if (!check.ok) {
    const error = new RuleViolationError(
      `promisedAt ${promisedAt}: ${check.reason}; the earliest promise possible is ${check.earliest.toISOString()} (R-RO-2)`,
      'R-RO-2',
    );
    error.extensions.earliestPromise = check.earliest.toISOString();
    throw error;
  }
}

/** An instant as the order stores it: UTC ISO, so the job board's sort keys stay in time order (R-X-2). */
export const utc = (iso: string): string => new Date(iso).toISOString();

/**
 * R-RO-1, R-RO-2: the promise of a new order made from an estimate. The order of an estimate the
 * customer declined only bills its fee (R-REC-2): no work follows, so nothing to promise around.
 */
export function newOrderPromise(input: {
  estimate: { status: string; lines: readonly PricedLine[] };
  promisedAt: string;
  now: string;
  bufferMinutes: number;
  opening?: OpeningHours | undefined;
}): string {
  const promisedAt = utc(input.promisedAt);
  if (input.estimate.status !== 'declined') {
    requirePromise({
      lines: input.estimate.lines,
      promisedAt,
      now: input.now,
      bufferMinutes: input.bufferMinutes,
      // Stryker disable next-line ObjectLiteral,StringLiteral: any occasion but an add-on is the order's, with the work not started
      occasion: { kind: 'order' },
      opening: input.opening,
    });
  }
  return promisedAt;
}

/**
 * A promise moved by hand (the reason goes to the order's log). Before the car is in the workshop
 * (`confirmed`) the whole rule of R-RO-2 applies; once work is under way, the new promise only has
 * to leave the buffer from now. The same time again is a 400: nothing would move.
 */
export function movedPromise(input: {
  order: { state: string; promisedAt: string; lines: readonly PricedLine[] };
  requested: string;
  now: string;
  bufferMinutes: number;
  opening?: OpeningHours | undefined;
}): string {
  const promisedAt = utc(input.requested);
  if (promisedAt === input.order.promisedAt) {
    throw new ValidationError([{ path: 'body.promisedAt', message: 'This is already the promised time' }]);
  }
  requirePromise({
    lines: input.order.lines,
    promisedAt,
    now: input.now,
    bufferMinutes: input.bufferMinutes,
    occasion: { kind: 'order', workStarted: input.order.state !== 'confirmed' },
    opening: input.opening,
  });
  return promisedAt;
}

function formatMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return hours > 0 ? `${hours} h${rest > 0 ? ` ${rest} min` : ''}` : `${rest} min`;
}
