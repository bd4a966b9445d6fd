/**
 * Pure rules of the duty engine (ARCHITECTURE "Duties", R-X-3): the keys of the sparse
 * `dueDuties` index, the retry backoff and which duty a sweeper may claim. No I/O, no clock:
 * every instant is a parameter.
 */
const minute = 60_000;
const hour = 60 * minute;

/**
 * Shards per hour bucket. A duty's shard is a hash of its id, so the duties of one hour spread
 * over this many index partitions (a burst of 500 branches' morning notices does not make one
 * hot partition) while a sweep reads `shards × (lookback + 1)` small Queries per run. 4 keeps
 * that fixed cost at 16 Queries for a 3-hour lookback; raise it only if one bucket-shard's
 * write rate nears the per-partition limit (1,000 writes/s).
 */
export const dutyShards = 4;

/** After this many failed attempts a duty is dead-lettered (visible and alarmed). */
export const maxDutyAttempts = 5;

/**
 * How long a claim holds a duty. Longer than the sweeper's Lambda timeout, so a live sweeper
 * never loses its claim; when it passes with the duty still claimed, the sweeper died and the
 * duty is claimed again.
 */
export const dutyLeaseMs = 5 * minute;

/** First retry after 1 minute, doubling, never more than 1 hour apart. */
const backoffBaseMs = minute;
const backoffCapMs = hour;

/** Retry delay after the n-th failed attempt (n ≥ 1): exponential, capped. */
export function backoffMs(failedAttempts: number): number {
  const exponent = Math.max(0, failedAttempts - 1);
  return Math.min(backoffCapMs, backoffBaseMs * 2 ** exponent);
}

/** The UTC hour an instant falls in, `yyyy-mm-ddThh`. */
export function hourBucket(at: Date): string {
  return at.toISOString().slice(0, 13);
}

/** FNV-1a over the id: stable across processes, spread evenly enough for ULIDs. */
export function dutyShard(id: string, shards = dutyShards): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shards;
}

export function duePartition(bucket: string, shard: number): string {
  return `DUE#${bucket}#${shard}`;
}

/**
 * The `dueDuties` keys of a duty that should be looked at `at`. The bucket is the hour of `at`
 * but never earlier than `now`: a duty scheduled in the past lands in the current bucket, which
 * the next sweep reads, instead of an old bucket beyond the sweeper's lookback. The sort key keeps
 * the real time, so the Query's `<= now` bound and the ordering stay exact.
 */
export function dueKeys(id: string, at: Date, now: Date): { gsi3pk: string; gsi3sk: string } {
  const bucketAt = at.getTime() < now.getTime() ? now : at;
  return {
    gsi3pk: duePartition(hourBucket(bucketAt), dutyShard(id)),
    gsi3sk: `${at.toISOString()}#${id}`,
  };
}

/**
 * Upper bound of a sweep's Query: every sort key whose time is at or before `now`. `~` sorts
 * after every character of an id, so a duty due exactly now is included.
 */
export function dueSortBound(now: Date): string {
  return `${now.toISOString()}#~`;
}

/** The buckets a sweep reads: the current hour and the `lookbackHours` before it, newest first. */
export function bucketsToSweep(now: Date, lookbackHours: number): string[] {
  const buckets: string[] = [];
  for (let h = 0; h <= lookbackHours; h++) buckets.push(hourBucket(new Date(now.getTime() - h * hour)));
  return buckets;
}

export type DutyStatus = 'pending' | 'claimed' | 'done' | 'cancelled' | 'dead';

/**
 * A sweeper may claim a pending duty whose time has come, or a claimed duty whose lease ran out
 * (its sweeper died between claim and outcome). Done, cancelled and dead duties never fire.
 */
export function claimable(
  duty: { status: DutyStatus; fireAt: string; leaseUntil?: string | undefined },
  now: Date,
): boolean {
  if (duty.status === 'pending') return Date.parse(duty.fireAt) <= now.getTime();
  if (duty.status === 'claimed')
    return duty.leaseUntil !== undefined && Date.parse(duty.leaseUntil) < now.getTime();
  return false;
}

/**
 * What a failed attempt leads to: another try after the backoff, or the dead letter once
 * `maxDutyAttempts` attempts have failed.
 */
export function afterFailure(
  failedAttempts: number,
  now: Date,
): { status: 'pending'; fireAt: Date } | { status: 'dead' } {
  if (failedAttempts >= maxDutyAttempts) return { status: 'dead' };
  return { status: 'pending', fireAt: new Date(now.getTime() + backoffMs(failedAttempts)) };
}

/** The hourly deep sweep's reach (CDK schedule; the local runtime at start and each hour). */
export const deepSweepLookbackHours = 48;
