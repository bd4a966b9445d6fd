import { ulid } from 'ulid';
import { afterEach, describe, expect, it } from 'vitest';
import { dutyShard, dutyShards } from '../../shared/duty-engine/keys';
import { createSharedPacer } from '../../shared/duty-engine/send-slots';
import { scheduleDuties } from '../../shared/duty-engine/store';
import { type SweepReport, sweep } from '../../shared/duty-engine/sweeper';
import type { PacerClock } from '../../shared/platform/adapters/pacing';
import { store } from '../../shared/platform/dynamo/client';
import { setClock } from '../../shared/platform/ports/clock';
import { restoreTestClock } from '../support/clock';
import { randomHourFrom } from '../support/far-clock';

/**
 * The sweeper scaled out (issue 14 item 1, R-X-3, R-X-1): one sweep per due-index shard at once,
 * beside a full sweep that overlaps them all, still fires each duty exactly once; and the SMS pace
 * shared through the table keeps the account's quota across concurrent sweepers.
 */
const hour = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

afterEach(restoreTestClock);

const total = (reports: SweepReport[], field: keyof SweepReport) => reports.reduce((s, r) => s + r[field], 0);

describe('one sweeper per shard (R-X-3)', () => {
  it('fires each of 200 due duties exactly once with a sweeper per shard and a full sweeper at the same time', async () => {
    const now = randomHourFrom(9400);
    setClock({ now: () => new Date(now) });
    const branchId = `T${ulid().slice(-7)}`;
    const duties = await scheduleDuties(
      store(),
      Array.from({ length: 200 }, () => ({
        kind: 'test' as const,
        subject: { kind: 'order', id: ulid() },
        branchId,
        openAt: iso(now - 1000),
        dueAt: iso(now + hour),
      })),
    );
    const byShard = Array.from({ length: dutyShards }, () => [] as string[]);
    const fullSweep: string[] = [];
    const run = (fired: string[], shards?: number[]) =>
      sweep({
        store: store(),
        performers: { test: async (duty) => void fired.push(duty.id) },
        lookbackHours: 1,
        maxPerRun: 1000,
        concurrency: 8,
        ...(shards ? { shards } : {}),
      });
    const reports = await Promise.all([
      ...byShard.map((fired, shard) => run(fired, [shard])),
      run(fullSweep),
    ]);

    const union = [...byShard.flat(), ...fullSweep];
    expect(union).toHaveLength(200);
    expect(new Set(union)).toEqual(new Set(duties.map((d) => d.id)));
    expect(total(reports, 'done')).toBe(200);
    // A shard's sweeper claims only the duties of its shard.
    byShard.forEach((fired, shard) => {
      for (const id of fired) expect(dutyShard(id)).toBe(shard);
    });
  }, 240_000);

  it.each([[[]], [[-1]], [[dutyShards]], [[0.5]]])('refuses the shards %j', async (shards) => {
    await expect(sweep({ store: store(), performers: {}, shards })).rejects.toThrow(RangeError);
  });
});

describe('the SMS quota shared by concurrent sweepers (R-X-1)', () => {
  it('spaces 3 sweepers × 20 messages at least 1/perSecond apart, never more than perSecond in a second', async () => {
    const perSecond = 5;
    // One virtual time line the three processes share; each waits by moving its own clock on.
    const start = randomHourFrom(9400);
    const clocks = [0, 1, 2].map(() => {
      let at = start;
      const c: PacerClock = {
        now: () => new Date(at),
        sleep: async (ms) => {
          at += ms;
        },
      };
      return { c, now: () => at };
    });
    const slots: number[] = [];
    const late: boolean[] = [];
    await Promise.all(
      clocks.map(async ({ c, now }) => {
        const pacer = createSharedPacer({ store: store(), perSecond, clock: c });
        for (let i = 0; i < 20; i++) {
          const slot = await pacer.acquireSlot();
          slots.push(slot);
          late.push(now() < slot);
        }
      }),
    );
    slots.sort((a, b) => a - b);
    expect(new Set(slots).size).toBe(60);
    for (let i = 1; i < slots.length; i++) {
      expect((slots[i] ?? 0) - (slots[i - 1] ?? 0)).toBeGreaterThanOrEqual(1000 / perSecond);
    }
    for (let i = perSecond; i < slots.length; i++) {
      expect((slots[i] ?? 0) - (slots[i - perSecond] ?? 0)).toBeGreaterThanOrEqual(1000);
    }
    // Each process sent no earlier than its slot.
    expect(late.every((l) => !l)).toBe(true);
  }, 60_000);
});
