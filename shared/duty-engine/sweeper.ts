import { ulid } from 'ulid';
import type { Store } from '../platform/dynamo/client';
import { logger } from '../platform/logger';
import { clock } from '../platform/ports/clock';
import { claimDuty, dutiesDueBefore, recordDeferred, recordDone, recordFailure } from './claims';
import { bucketsToSweep, claimable, duePartition, dutyShards } from './keys';
import type { Duty } from './schemas';

/**
 * The sweep (ARCHITECTURE "Duties", R-X-3): invoked every minute, it reads the due index for the
 * current hour bucket and the `lookbackHours` before it, claims each due duty with a conditional
 * write, performs it and records the outcome: done, deferred (the performer threw `DeferDuty`,
 * for example an SMS waiting for the end of quiet hours), retried after a backoff, or dead.
 *
 * Cost: `(lookbackHours + 1) × dutyShards` Queries per run plus one per 25 duties due, and
 * about two writes per duty due now. Pending duties of later hours are in other partitions and
 * are never read, so the cost follows the duties due now, not all pending duties.
 *
 * Delivery: claiming is exactly-once (one conditional write wins), performing is at-least-once:
 * a sweeper that dies after the performer's side effect and before `recordDone` leaves the duty
 * claimed; after the lease it is performed again. Performers therefore get an idempotency key
 * that is the same on every attempt of a duty, and must make their side effect conditional on it.
 */
export interface PerformContext {
  /** Same on every attempt of one duty: `duty#<id>`. Use it to make the side effect happen once. */
  idempotencyKey: string;
  /** 1 on the first try; grows with every failed or lost attempt. */
  attempt: number;
  now: Date;
}

/**
 * A performer's "not yet", thrown: the duty goes back to pending and fires again at `until`, with
 * its attempts unchanged (waiting is not failing) and nothing recorded done. An SMS duty whose
 * message falls in quiet hours throws it (R-X-1): its letter waits as `deferred` and the duty comes
 * back at the letter's `sendAt` to send it. Thrown rather than returned so that it leaves a
 * performer from any depth, and a performer that knows nothing of it stays `Promise<void>`.
 */
export class DeferDuty extends Error {
  constructor(
    readonly until: Date,
    readonly reason: string,
  ) {
    super(`Deferred until ${until.toISOString()}: ${reason}`);
    this.name = 'DeferDuty';
  }
}

/**
 * What a performer did, kept on the done duty when it says (R-X-5: an SMS duty names its letter,
 * so staff reading the record's duties see what was sent and when).
 */
export type PerformOutcome = { result: Record<string, unknown> };
/** Resolves to a `PerformOutcome` to keep, or to nothing (most performers report nothing). */
type Performer = (duty: Duty, context: PerformContext) => Promise<unknown>;
const outcomeResult = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && 'result' in value && typeof value.result === 'object'
    ? (value as PerformOutcome).result
    : undefined;
/** What the sweeper does for each kind, as the areas register them (shared/performers.ts). */
export type Performers = Readonly<Record<string, Performer>>;

export interface SweepOptions {
  store: Store;
  performers: Performers;
  /** Defaults to the clock port's now. */
  now?: Date;
  /** Older buckets read besides the current hour: how long an outage the sweep catches up on. */
  lookbackHours?: number;
  /** Claim attempts per run at most; the rest waits for the next run (bounds one invocation). */
  maxPerRun?: number;
  /** Duties performed at once by this sweeper. */
  concurrency?: number;
  /** Names the claimer on the duty (for a lost-lease diagnosis); a fresh id by default. */
  sweeperId?: string;
  /**
   * Real time left to this run (the Lambda's `getRemainingTimeInMillis`). Below
   * `sweepReserveMs` the sweep claims nothing more and finishes what it started: paced SMS make a
   * run's length follow the number of messages, and a run cut off by its timeout would leave
   * claimed duties to come back after their lease as failed attempts, possibly sending twice.
   */
  timeLeftMs?: () => number;
  /**
   * The due-index shards this sweeper reads (0 to `dutyShards` - 1); all of them by default.
   * Scaled out (issue 14, docs/decisions.md "Sweepers per shard"), one sweep per shard runs at
   * once, so a minute's claims are `maxPerRun` per shard instead of per chain. Claims stay
   * conditional writes, so any overlap of sweepers (a full sweep, the deep sweep, a retried
   * invocation) still lets exactly one claim each duty.
   */
  shards?: readonly number[];
}

/**
 * Time a run keeps for the duties it already started: at most `concurrency` of them, each
 * waiting for the pacer (8 at 1 SMS/s: 8 s) and a few writes. Well under the sweeper's 120 s
 * timeout, so a run stops claiming after about 90 s and ends before it is cut off.
 */
export const sweepReserveMs = 30_000;

export interface SweepReport {
  queries: number;
  claimed: number;
  done: number;
  retried: number;
  dead: number;
  /** Claims another sweeper won, or outcomes lost because the lease ran out meanwhile. */
  lost: number;
  /** Store errors while claiming or recording; those duties come back after their lease. */
  errors: number;
}

/** What one sweep did: the report, and the duties that asked to come back later (quiet hours, R-X-1). */
export interface SweepResult extends SweepReport {
  deferred: number;
}

export const defaultLookbackHours = 3;

/** Duties read per Query page. */
const pageSize = 25;

export async function sweep(options: SweepOptions): Promise<SweepResult> {
  const now = options.now ?? clock().now();
  const sweeperId = options.sweeperId ?? ulid();
  const maxPerRun = options.maxPerRun ?? 500;
  const concurrency = options.concurrency ?? 8;
  const report: SweepResult = {
    queries: 0,
    claimed: 0,
    done: 0,
    retried: 0,
    dead: 0,
    lost: 0,
    errors: 0,
    deferred: 0,
  };

  const shards = options.shards ?? Array.from({ length: dutyShards }, (_, i) => i);
  if (shards.length === 0 || shards.some((s) => !Number.isInteger(s) || s < 0 || s >= dutyShards)) {
    throw new RangeError(`shards must be whole numbers from 0 to ${dutyShards - 1}`);
  }
  // Start at a random shard: concurrent sweepers then mostly work on different partitions
  // instead of racing for the same duties.
  const offset = Math.floor(Math.random() * shards.length);
  const partitions = bucketsToSweep(now, options.lookbackHours ?? defaultLookbackHours).flatMap((bucket) =>
    shards.map((_, i) => duePartition(bucket, shards[(i + offset) % shards.length] ?? 0)),
  );

  // Partitions are read one after the other in small pages, each only once the pool has room:
  // a sweeper reads late, so duties another sweeper claimed meanwhile have left the index (their
  // keys moved to the lease end) and are not fought over. A stuck perform holds one slot of the
  // pool, not the whole sweep.
  const inFlight = new Set<Promise<void>>();
  let started = 0;
  // No more claims past the run's share of duties or of time; what started runs to its end.
  const full = () =>
    started >= maxPerRun || (options.timeLeftMs !== undefined && options.timeLeftMs() < sweepReserveMs);
  for (const partition of partitions) {
    let startKey: Record<string, unknown> | undefined;
    do {
      if (full()) break;
      const page = await dutiesDueBefore(options.store, partition, now, pageSize, startKey);
      report.queries++;
      startKey = page.nextKey;
      for (const duty of page.duties) {
        if (full()) break;
        while (inFlight.size >= concurrency) await Promise.race(inFlight);
        // Waiting for a free slot takes time (a paced send): look at the clock again.
        if (full()) break;
        started++;
        const task: Promise<void> = handle(options, duty, sweeperId, now, report)
          .catch((error: unknown) => {
            // The duty stays claimed; its lease brings it back to a later sweep.
            report.errors++;
            logger.warn('duty sweep step failed', { dutyId: duty.id, error: errorText(error) });
          })
          .finally(() => inFlight.delete(task));
        inFlight.add(task);
      }
    } while (startKey);
  }
  await Promise.all(inFlight);
  return report;
}

async function handle(options: SweepOptions, due: Duty, sweeperId: string, now: Date, report: SweepResult) {
  // The index is eventually consistent: skip an entry that is already known not to be claimable
  // (a lease still running) instead of spending a conditional write that must fail.
  if (!claimable(due, now)) return;
  const claimed = await claimDuty(options.store, due, sweeperId, now);
  if (claimed === 'dead') {
    report.dead++;
    return;
  }
  if (!claimed) {
    report.lost++;
    return;
  }
  report.claimed++;
  const performer = options.performers[claimed.kind];
  let outcome: unknown;
  try {
    if (!performer) throw new Error(`No performer for duty kind ${claimed.kind}`);
    outcome = await performer(claimed, {
      idempotencyKey: `duty#${claimed.id}`,
      attempt: claimed.attempts + 1,
      now,
    });
  } catch (error) {
    if (error instanceof DeferDuty) {
      await defer(options, claimed, error, now, report);
      return;
    }
    const failed = await recordFailure(options.store, claimed, errorText(error), now);
    if (failed === 'retry') report.retried++;
    else if (failed === 'dead') report.dead++;
    else report.lost++;
    return;
  }
  if (await recordDone(options.store, claimed, now, outcomeResult(outcome))) report.done++;
  else report.lost++;
}

async function defer(
  options: SweepOptions,
  claimed: Duty,
  signal: DeferDuty,
  now: Date,
  report: SweepResult,
) {
  // A time already past goes just after this sweep's `now`: this sweep's later pages do not read
  // the duty again, the next sweep does.
  const until = new Date(Math.max(signal.until.getTime(), now.getTime() + 1));
  if (await recordDeferred(options.store, claimed, until, now)) report.deferred++;
  else report.lost++;
  logger.debug('duty deferred', { dutyId: claimed.id, until: until.toISOString(), reason: signal.reason });
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 500);
}
