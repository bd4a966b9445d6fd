import { ulid } from 'ulid';
import { afterEach, describe, expect, it } from 'vitest';
import { dutyLeaseMs, maxDutyAttempts } from '../../shared/duty-engine/keys';
import { listDeadDuties } from '../../shared/duty-engine/queues';
import type { Duty } from '../../shared/duty-engine/schemas';
import { getDuty, scheduleDuties } from '../../shared/duty-engine/store';
import { type Performers, type SweepReport, sweep } from '../../shared/duty-engine/sweeper';
import { store } from '../../shared/platform/dynamo/client';
import { setClock } from '../../shared/platform/ports/clock';
import { restoreTestClock } from '../support/clock';
import { randomHourFrom } from '../support/far-clock';

/**
 * Reliability of the duty engine (issue 4 item 8, R-X-3, R-X-1) against DynamoDB Local:
 * concurrent sweepers fire each duty once; a sweeper that dies between claim and outcome loses no
 * duty and, with an idempotency-keyed SMS sender, sends no second message; with 30% of sends
 * failing every duty ends done or visibly dead-lettered.
 *
 * Each test runs its fake clock in an hour of its own far in the future, so its sweeps never
 * meet the duties of other tests or suites in the global due index.
 */
const minute = 60_000;
const hour = 60 * minute;
let now = 0;

function freshEra(): number {
  now = randomHourFrom(9400);
  setClock({ now: () => new Date(now) });
  return now;
}

afterEach(restoreTestClock);

const branch = () => `T${ulid().slice(-7)}`;
const iso = (ms: number) => new Date(ms).toISOString();

async function given(
  count: number,
  fireAt: number,
  payload: (i: number) => Record<string, unknown> = () => ({}),
) {
  const branchId = branch();
  const duties = await scheduleDuties(
    store(),
    Array.from({ length: count }, (_, i) => ({
      kind: 'test' as const,
      subject: { kind: 'order', id: ulid() },
      branchId,
      openAt: iso(fireAt - (i % 50) * 1000),
      dueAt: iso(fireAt + hour),
      payload: { phone: `+8613800${String(i).padStart(6, '0')}`, ...payload(i) },
    })),
  );
  return { branchId, duties };
}

/**
 * A fake SMS port with the idempotency the real adapter must have: a second send with a key it
 * already sent is acknowledged without a second message.
 */
function fakeSms() {
  const messages: { key: string; to: string }[] = [];
  const sentKeys = new Set<string>();
  return {
    messages,
    async send(to: string, idempotencyKey: string) {
      if (sentKeys.has(idempotencyKey)) return;
      sentKeys.add(idempotencyKey);
      messages.push({ key: idempotencyKey, to });
    },
  };
}

/** Mulberry32: a seeded random, so the failing 30% are the same on every run. */
function seeded(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const total = (reports: SweepReport[], field: keyof SweepReport) => reports.reduce((s, r) => s + r[field], 0);

describe('exactly once under concurrent sweepers (R-X-3)', () => {
  it('fires each of 1,000 due duties exactly once with 3 sweepers running at the same time', async () => {
    const start = freshEra();
    const { duties } = await given(1000, start);
    const counters = [[], [], []] as string[][];
    const sweeper = (fired: string[]) =>
      sweep({
        store: store(),
        performers: { test: async (duty) => void fired.push(duty.id) },
        lookbackHours: 1,
        maxPerRun: 1000,
        concurrency: 16,
      });

    const reports: SweepReport[] = [];
    for (let round = 0; round < 5; round++) {
      const results = await Promise.all(counters.map(sweeper));
      reports.push(...results);
      if (total(results, 'claimed') === 0) break;
    }

    const union = counters.flat();
    expect(union).toHaveLength(1000);
    expect(new Set(union).size).toBe(1000);
    expect(new Set(union)).toEqual(new Set(duties.map((d) => d.id)));
    expect(total(reports, 'done')).toBe(1000);
    // Every sweeper did part of the work: the race was real.
    for (const fired of counters) expect(fired.length).toBeGreaterThan(0);
    // About 20 s alone on 2 cores; a machine busy with other suites takes longer, and a timeout
    // here would leave its sweepers running into the next tests. The test measures no time.
  }, 90_000);
});

describe('a sweeper killed between claim and outcome (R-X-3, R-X-1)', () => {
  it.each([
    ['before it sent the SMS', false],
    ['after it sent the SMS', true],
  ])('loses no duty and sends no second SMS when it dies %s', async (_, sentBeforeDying) => {
    const start = freshEra();
    const { duties } = await given(5, start);
    const sms = fakeSms();
    const reached: string[] = [];

    // The dying sweeper: its performer never returns, as a process killed mid-duty never
    // records an outcome. Its sweep promise is left pending on purpose.
    void sweep({
      store: store(),
      lookbackHours: 1,
      performers: {
        test: async (duty, { idempotencyKey }) => {
          if (sentBeforeDying) await sms.send(String(duty.payload.phone), idempotencyKey);
          reached.push(duty.id);
          await new Promise(() => {});
        },
      },
    });
    await expect.poll(() => reached.length, { timeout: 5_000 }).toBe(5);

    const performers: Performers = {
      test: async (duty, { idempotencyKey }) => sms.send(String(duty.payload.phone), idempotencyKey),
    };
    // Under the lease, nobody else takes the duties.
    now = start + dutyLeaseMs - 1;
    expect((await sweep({ store: store(), performers, lookbackHours: 1 })).claimed).toBe(0);

    // After the lease, another sweeper performs them.
    now = start + dutyLeaseMs + 1;
    const report = await sweep({ store: store(), performers, lookbackHours: 1 });

    expect(report).toMatchObject({ claimed: 5, done: 5 });
    expect(sms.messages).toHaveLength(5);
    expect(new Set(sms.messages.map((m) => m.key))).toEqual(new Set(duties.map((d) => `duty#${d.id}`)));
    for (const duty of duties) {
      expect(await getDuty(store(), duty.branchId, duty.id)).toMatchObject({ status: 'done', attempts: 1 });
    }
  });

  it('dead-letters a duty whose sweepers keep dying instead of retrying it forever', async () => {
    const start = freshEra();
    const { branchId, duties } = await given(1, start);
    const hang: Performers = { test: () => new Promise(() => {}) };
    const id = duties[0]?.id ?? '';
    for (let run = 0; run <= maxDutyAttempts; run++) {
      void sweep({ store: store(), performers: hang, lookbackHours: 1 });
      // Wait until this run's sweeper holds the duty (its claim counted the lost run before).
      await expect
        .poll(
          async () => {
            const duty = await getDuty(store(), branchId, id);
            return duty.status === 'dead' || (duty.status === 'claimed' && duty.attempts === run);
          },
          { timeout: 5_000 },
        )
        .toBe(true);
      now += dutyLeaseMs + 1;
    }
    expect(await getDuty(store(), branchId, id)).toMatchObject({
      status: 'dead',
      attempts: maxDutyAttempts,
      lastError: 'The sweeper stopped before recording the outcome',
    });
    expect((await listDeadDuties(store(), branchId)).items.map((d) => d.id)).toEqual([id]);
  });
});

describe('failing sends end sent or visibly dead (issue 4 item 8)', () => {
  it('with 30% of SMS sends failing, every duty ends done or in the dead-letter register, none lost', async () => {
    const start = freshEra();
    // 200 ordinary duties and 3 whose number the gateway always refuses.
    const { branchId, duties } = await given(203, start, (i) => (i >= 200 ? { poison: true } : {}));
    const random = seeded(42);
    const sms = fakeSms();
    let failures = 0;
    const performers: Performers = {
      test: async (duty, { idempotencyKey }) => {
        if (duty.payload.poison || random() < 0.3) {
          failures++;
          throw new Error('SMS gateway timeout');
        }
        await sms.send(String(duty.payload.phone), idempotencyKey);
      },
    };

    for (let run = 0; run < 30; run++) {
      const reports = await Promise.all(
        [1, 2].map(() => sweep({ store: store(), performers, lookbackHours: 2 })),
      );
      if (total(reports, 'claimed') === 0 && run > 0) break;
      now += 10 * minute;
    }

    const final = await Promise.all(duties.map((d) => getDuty(store(), branchId, d.id)));
    const byStatus = (status: Duty['status']) => final.filter((d) => d.status === status).map((d) => d.id);
    const dead = byStatus('dead');
    expect(byStatus('done').length + dead.length).toBe(203);
    expect(failures).toBeGreaterThan(50);
    // Each done duty sent its one message; each dead one sent none and is listed for the branch.
    expect(sms.messages.map((m) => m.key).sort()).toEqual(
      byStatus('done')
        .map((id) => `duty#${id}`)
        .sort(),
    );
    expect(sms.messages).toHaveLength(new Set(sms.messages.map((m) => m.key)).size);
    expect(dead).toEqual(expect.arrayContaining(duties.slice(200).map((d) => d.id)));
    const listed = (await listDeadDuties(store(), branchId)).items;
    expect(listed.map((d) => d.id).sort()).toEqual([...dead].sort());
    for (const d of listed)
      expect(d).toMatchObject({ attempts: maxDutyAttempts, lastError: 'Error: SMS gateway timeout' });
  });
});
