import { ulid } from 'ulid';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../functions/duties/sweep';
import { dutyShards } from '../../shared/duty-engine/keys';
import { createSharedPacer } from '../../shared/duty-engine/send-slots';
import { scheduleDuties } from '../../shared/duty-engine/store';
import type { PacerClock } from '../../shared/platform/adapters/pacing';
import { type Store, store } from '../../shared/platform/dynamo/client';
import { logger } from '../../shared/platform/logger';
import { setClock } from '../../shared/platform/ports/clock';
import { restoreTestClock } from '../support/clock';
import { randomHourFrom } from '../support/far-clock';

/**
 * The sweeper Lambda's wiring (issue 14 item 1, R-X-3, R-X-1): the `shards` of the schedule's
 * event, validated (a malformed value sweeps every shard, with a warning, never a crash), and the
 * SMS it sends paced by the account-wide pace in the table, so concurrent sweepers together keep
 * the quota. SNS is replaced by a recorder and the pacer's clock by a virtual one (its waits move
 * it on instead of sleeping); the clock port follows the same virtual time. Hours are drawn from
 * 9950-9994, a region no other file sweeps (test/support/far-clock.ts).
 */
const h = vi.hoisted(() => {
  process.env.SMS_PER_SECOND = '2';
  return { at: 0, sent: [] as number[] };
});

vi.mock('../../shared/platform/adapters/sns-sms', () => ({
  createSnsSmsSender: () => ({
    send: async () => {
      h.sent.push(h.at);
      return { providerMessageId: `sns-${h.sent.length}` };
    },
  }),
}));

vi.mock('../../shared/platform/adapters/pacing', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../shared/platform/adapters/pacing')>()),
  processPacerClock: {
    now: () => new Date(h.at),
    sleep: async (ms: number) => {
      h.at += ms;
    },
  },
}));

// One performer that sends one SMS through the process's sender, as the real SMS duties do.
vi.mock('../../shared/performers', () => ({
  dutyPerformers: () => ({
    test: async (duty: { id: string }) => {
      const { smsSender } = await import('../../shared/platform/ports/sms');
      await smsSender().send({
        to: '+8613800138000',
        text: 'test',
        kind: 'transactional',
        idempotencyKey: duty.id,
      });
    },
  }),
}));

const perSecond = 2;
const gap = 1000 / perSecond;

beforeEach(() => {
  h.at = randomHourFrom(9950, 45);
  h.sent = [];
  setClock({ now: () => new Date(h.at) });
});
afterEach(() => {
  restoreTestClock();
  vi.restoreAllMocks();
});

const all = dutyShards;

describe('the shards of the sweep event (R-X-3)', () => {
  // With lookbackHours 0 and nothing due, a sweep reads one Query per shard it sweeps.
  it.each([
    ['no shards', {}, all],
    ['one shard', { shards: [2] }, 1],
    ['two shards', { shards: [0, 3] }, 2],
    ['a repeated shard', { shards: [1, 1] }, 1],
    ['every shard', { shards: [0, 1, 2, 3] }, all],
  ])('sweeps %s', async (_, event, queries) => {
    const warn = vi.spyOn(logger, 'warn');
    const report = await handler({ ...event, lookbackHours: 0 });
    expect(report.queries).toBe(queries);
    expect(warn).not.toHaveBeenCalled();
  });

  it.each([
    ['an empty array', []],
    ['a negative shard', [-1]],
    ['a shard past the last', [dutyShards]],
    ['a fraction', [0.5]],
    ['a string shard', ['1']],
    ['one bad among good', [0, 'x']],
    ['NaN', [Number.NaN]],
    ['Infinity', [Number.POSITIVE_INFINITY]],
    ['null', null],
    ['a number', 1],
    ['a string', '0'],
    ['an object', { 0: 1 }],
  ])('sweeps every shard, with a warning, for %s', async (_, shards) => {
    const warn = vi.spyOn(logger, 'warn');
    const report = await handler({ shards, lookbackHours: 0 });
    expect(report.queries).toBe(all);
    expect(warn).toHaveBeenCalledWith(
      'sweep event: malformed shards, sweeping every shard',
      expect.objectContaining({ reason: expect.stringContaining('shards must be') }),
    );
  });

  it.each([
    ['no event', undefined],
    ['a null event', null],
  ])('sweeps every shard with the default 3-hour lookback for %s', async (_, event) => {
    const report = await handler(event);
    expect(report.queries).toBe(all * 4);
  });

  it.each([
    [-1, 4],
    [169, 4],
    ['48', 4],
    [1.9, 2],
  ])('keeps its lookbackHours rule: %j reads %i hour buckets', async (lookbackHours, buckets) => {
    const report = await handler({ lookbackHours, shards: [0] });
    expect(report.queries).toBe(buckets);
  });
});

describe('the sweeper Lambda’s SMS pace, shared with every other sweeper (R-X-1)', () => {
  it('keeps 2 SMS a second across two invocations at once and another sweeper’s sends', async () => {
    const start = h.at;
    const branchId = `T${ulid().slice(-7)}`;
    const due = await scheduleDuties(
      store(),
      Array.from({ length: 12 }, () => ({
        kind: 'test' as const,
        subject: { kind: 'order', id: ulid() },
        branchId,
        openAt: new Date(start - 1000).toISOString(),
        dueAt: new Date(start + 3_600_000).toISOString(),
      })),
    );
    // Another sweeper process (another Lambda) on its own clock takes 10 send slots meanwhile.
    let otherAt = start;
    const otherClock: PacerClock = {
      now: () => new Date(otherAt),
      sleep: async (ms) => {
        otherAt += ms;
      },
    };
    const other = createSharedPacer({ store: store(), perSecond, clock: otherClock });
    const otherSlots: number[] = [];
    const [first, second] = await Promise.all([
      handler({ shards: [0, 1], lookbackHours: 0 }),
      handler({ shards: [2, 3], lookbackHours: 0 }),
      (async () => {
        for (let i = 0; i < 10; i++) otherSlots.push(await other.acquireSlot());
      })(),
    ]);

    expect((first?.done ?? 0) + (second?.done ?? 0)).toBe(due.length);
    expect(h.sent).toHaveLength(due.length);
    // Every message of both processes leaves at its own slot: at least 1/perSecond apart, and
    // never more than perSecond in any one-second window. A pacer of the process alone would
    // send beside the other sweeper's messages.
    const times = [...h.sent, ...otherSlots].sort((a, b) => a - b);
    expect(new Set(times).size).toBe(times.length);
    for (let i = 1; i < times.length; i++) {
      expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(gap);
    }
    for (let i = perSecond; i < times.length; i++) {
      expect((times[i] ?? 0) - (times[i - perSecond] ?? 0)).toBeGreaterThanOrEqual(1000);
    }
  }, 60_000);
});

describe('a send slot that began while its put was on the way (R-X-1)', () => {
  it('is left unused: every message leaves at its slot’s start, whatever the put’s latency', async () => {
    // Puts that take 700 ms of a 1 s slot: a slot asked for at "now" has begun when its put returns.
    let at = h.at;
    const slow: Store = {
      tableName: store().tableName,
      doc: {
        send: async (command: never) => {
          at += 700;
          return store().doc.send(command);
        },
      } as unknown as Store['doc'],
    };
    const pacer = createSharedPacer({
      store: slow,
      perSecond: 1,
      clock: {
        now: () => new Date(at),
        sleep: async (ms) => {
          at += ms;
        },
      },
    });
    const released: { slot: number; at: number }[] = [];
    for (let i = 0; i < 6; i++) {
      const slot = await pacer.acquireSlot();
      released.push({ slot, at });
    }
    for (const [i, r] of released.entries()) {
      expect(r.at).toBe(r.slot);
      if (i > 0) expect(r.at - (released[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(1000);
    }
  });
});
