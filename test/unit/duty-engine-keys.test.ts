import { describe, expect, it } from 'vitest';
import {
  afterFailure,
  backoffMs,
  bucketsToSweep,
  claimable,
  dueKeys,
  dueSortBound,
  dutyShard,
  dutyShards,
  hourBucket,
  maxDutyAttempts,
} from '../../shared/duty-engine/keys';

/** The pure rules of the duty engine (ARCHITECTURE "Duties", R-X-3). */
const at = (iso: string) => new Date(iso);
const minute = 60_000;

describe('due index keys (R-X-3)', () => {
  it('buckets an instant by its UTC hour', () => {
    expect(hourBucket(at('2026-03-01T07:59:59.999+08:00'))).toBe('2026-02-28T23');
  });

  it('keeps a future duty in the bucket of its fire time, with the exact time in the sort key', () => {
    const keys = dueKeys(
      '01J0000000000000000000000A',
      at('2026-03-01T10:15:00Z'),
      at('2026-03-01T08:00:00Z'),
    );
    expect(keys.gsi3pk).toMatch(/^DUE#2026-03-01T10#[0-3]$/);
    expect(keys.gsi3sk).toBe('2026-03-01T10:15:00.000Z#01J0000000000000000000000A');
  });

  it('puts a duty whose time already passed in the current bucket, so the next sweep reads it', () => {
    const keys = dueKeys(
      '01J0000000000000000000000A',
      at('2026-02-20T10:00:00Z'),
      at('2026-03-01T08:30:00Z'),
    );
    expect(keys.gsi3pk).toMatch(/^DUE#2026-03-01T08#/);
    expect(keys.gsi3sk.startsWith('2026-02-20T10:00:00.000Z#')).toBe(true);
  });

  it('gives a duty the same shard every time and spreads many duties over all shards', () => {
    const ids = Array.from({ length: 400 }, (_, i) => `01J${String(i).padStart(23, '0')}`);
    const counts = new Array<number>(dutyShards).fill(0);
    for (const id of ids) counts[dutyShard(id)] = (counts[dutyShard(id)] ?? 0) + 1;
    expect(dutyShard(ids[0] ?? '')).toBe(dutyShard(ids[0] ?? ''));
    for (const count of counts) expect(count).toBeGreaterThan(400 / dutyShards / 2);
  });

  it('includes a duty due exactly now in the sweep bound and excludes one a millisecond later', () => {
    const now = at('2026-03-01T08:00:00Z');
    const bound = dueSortBound(now);
    expect(dueKeys('01J0000000000000000000000Z', now, now).gsi3sk <= bound).toBe(true);
    expect(dueKeys('01J0000000000000000000000A', new Date(now.getTime() + 1), now).gsi3sk <= bound).toBe(
      false,
    );
  });

  it('sweeps the current hour and the lookback hours before it', () => {
    expect(bucketsToSweep(at('2026-03-01T00:10:00Z'), 2)).toEqual([
      '2026-03-01T00',
      '2026-02-28T23',
      '2026-02-28T22',
    ]);
  });
});

describe('retry backoff and dead letter', () => {
  it.each([
    [1, 1 * minute],
    [2, 2 * minute],
    [3, 4 * minute],
    [6, 32 * minute],
    [7, 60 * minute],
    [20, 60 * minute],
  ])('waits after failed attempt %i: %i ms (exponential, capped at 1 hour)', (attempts, ms) => {
    expect(backoffMs(attempts)).toBe(ms);
  });

  it('retries until the last attempt, then dead-letters', () => {
    const now = at('2026-03-01T08:00:00Z');
    expect(afterFailure(1, now)).toEqual({ status: 'pending', fireAt: at('2026-03-01T08:01:00Z') });
    expect(afterFailure(maxDutyAttempts - 1, now).status).toBe('pending');
    expect(afterFailure(maxDutyAttempts, now)).toEqual({ status: 'dead' });
  });
});

describe('which duty a sweeper may claim', () => {
  const now = at('2026-03-01T08:00:00Z');
  it.each([
    ['a pending duty whose time came', { status: 'pending', fireAt: '2026-03-01T08:00:00.000Z' }, true],
    ['a pending duty not yet due', { status: 'pending', fireAt: '2026-03-01T08:00:00.001Z' }, false],
    [
      'a claimed duty whose lease ran out',
      { status: 'claimed', fireAt: '2026-03-01T07:00:00.000Z', leaseUntil: '2026-03-01T07:59:59.999Z' },
      true,
    ],
    [
      'a claimed duty still under lease',
      { status: 'claimed', fireAt: '2026-03-01T07:00:00.000Z', leaseUntil: '2026-03-01T08:04:00.000Z' },
      false,
    ],
    ['a done duty', { status: 'done', fireAt: '2026-03-01T07:00:00.000Z' }, false],
    ['a cancelled duty', { status: 'cancelled', fireAt: '2026-03-01T07:00:00.000Z' }, false],
    ['a dead duty', { status: 'dead', fireAt: '2026-03-01T07:00:00.000Z' }, false],
  ] as const)('%s', (_, duty, expected) => {
    expect(claimable(duty, now)).toBe(expected);
  });
});
