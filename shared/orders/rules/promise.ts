import type { PricedLine } from '../schemas/lines';

/**
 * Pure rules of the workshop's promises: the promised completion time (R-RO-2) and the even
 * spread of jobs over the teams (R-WS-2). No I/O, no clock: the caller passes `now`.
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
    if (line.kind === 'labour') labourMinutes += Math.round((line.hours ?? 0) * 60);
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
}

export type PromiseCheck = { ok: true; earliest: Date } | { ok: false; earliest: Date; reason: string };

/**
 * R-RO-2 ("承諾交車時間…並留有一定的餘地。特別要考慮汽車配件供應的情況"): the promise lies in the
 * future and leaves the buffer after the planned work (its labour hours counted from now) and
 * after the last part to order is expected. `earliest` is the first whole minute that passes.
 */
export function checkPromise(input: PromiseInput): PromiseCheck {
  const now = input.now.getTime();
  const workDone = now + input.labourMinutes * minute;
  const partsIn = Math.max(now, ...input.partsExpectedAt.map((d) => d.getTime()));
  const exact = Math.max(workDone, partsIn) + input.bufferMinutes * minute;
  const earliest = new Date(Math.ceil(Math.max(exact, now + 1) / minute) * minute);
  const promised = input.promisedAt.getTime();
  if (promised > now && promised >= exact) return { ok: true, earliest };
  const waits = [
    `${input.bufferMinutes} min after the planned work (${formatMinutes(input.labourMinutes)} from now)`,
    ...(input.partsExpectedAt.length > 0
      ? [`after the last part to order arrives (${new Date(partsIn).toISOString()})`]
      : []),
  ];
  const reason =
    promised <= now
      ? 'The promised time has to be in the future'
      : `The promised time has to leave ${waits.join(' and ')}`;
  return { ok: false, earliest, reason };
}

function formatMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return hours > 0 ? `${hours} h${rest > 0 ? ` ${rest} min` : ''}` : `${rest} min`;
}

/** A team (named after its lead, R-WS-2) and its open jobs: orders assigned and not yet done. */
export interface TeamLoad {
  teamId: string;
  teamName: string;
  open: number;
}

/**
 * R-WS-2 ("jobs are assigned to teams evenly"): the `count` teams with the fewest open jobs,
 * leaving out `exclude` (teams already on the order). Ties go to the lower team id, so teams of
 * equal load take turns as jobs come in.
 */
export function leastLoadedTeams(
  teams: readonly TeamLoad[],
  count = 1,
  exclude: readonly string[] = [],
): TeamLoad[] {
  return teams
    .filter((t) => !exclude.includes(t.teamId))
    .toSorted((a, b) => a.open - b.open || (a.teamId < b.teamId ? -1 : a.teamId > b.teamId ? 1 : 0))
    .slice(0, count);
}
