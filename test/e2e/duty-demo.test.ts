import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamo';
import { type Runtime, startRuntime } from '../../infra/local/runtime';
import type { OutboxEntry } from '../../shared/platform/adapters/outbox-sms';
import { acceleratedClock, clock, setClock } from '../../shared/platform/ports/clock';
import { demoAfternoon, restoreTestClock, waitFor } from '../support/clock';
import { sharedDynamo } from '../support/e2e-dynamo';
import { runtimeApi } from '../support/runtime-api';
import { firstSweepEnd } from '../support/sweeps';

/**
 * Issue 4's acceptance on the local runtime (R-PKP-2, R-X-3): with the demo's fast clock
 * (`npm start -- --speed 120`) and the sweeper on its interval, a 1-day job's pickup notice reaches
 * the outbox 1 hour before its promised time and a 3-day job's 4 hours before.
 *
 * Both jobs go through the API to `in_workshop`. To keep the test short the clock then skips the
 * quiet hours in between: it is set, still at 120×, to 5 demo minutes before each notice, and the
 * test watches the notice arrive as `npm start` would show it. Lateness is judged by the sweeper's
 * own runs, in demo time: the notice goes out in the first sweep that runs at or after its time
 * (R-X-3), however slowly a busy machine spaces the sweeps.
 */
const speed = 120;
const sweepEveryMs = 250;
const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
const iso = (ms: number) => new Date(ms).toISOString();

let runtime: Runtime;
const { ok } = runtimeApi(() => runtime);

beforeAll(async () => {
  // The demo's day starts at 14:00 in Shenzhen (06:00 UTC) on the test's day: both notices fall
  // outside the branch's 21:00-08:00 quiet hours (R-X-1).
  setClock(acceleratedClock(speed, new Date(demoAfternoon)));
  runtime = await startRuntime({ ...sharedDynamo(), port: await freePort(), sweepEveryMs });
});

afterAll(async () => {
  restoreTestClock();
  await runtime?.stop();
});

const b = '/branches/SZ';

/** A new customer's car, estimated, ordered, confirmed, handed over and received by the workshop. */
async function jobInWorkshop(jobMs: number, dispatcherId: string) {
  const phone = `13${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;
  const customer = await ok('sz.advisor', 'POST', `${b}/customers`, {
    name: '陈先生',
    phones: [{ number: phone }],
  });
  const vehicle = await ok('sz.advisor', 'POST', `${b}/customers/${customer.id}/vehicles`, {
    plate: `粤B${ulid().slice(-5)}`,
    vehicleType: 'car',
    model: 'Toyota Camry',
    odometerKm: 42_000,
  });
  let estimate = await ok('sz.advisor', 'POST', `${b}/estimates`, {
    customerId: customer.id,
    vehicleId: vehicle.id,
    pricingMethod: 'system',
    lines: [
      { kind: 'labour', description: 'Replace front pads', system: 'brakes', hours: 1.5, rate: 20_000 },
    ],
  });
  estimate = await ok('sz.advisor', 'POST', `${b}/estimates/${estimate.id}/present`, {
    version: estimate.version,
  });
  estimate = await ok('sz.advisor', 'POST', `${b}/estimates/${estimate.id}/accept`, {
    version: estimate.version,
  });
  let order = await ok('sz.advisor', 'POST', `${b}/orders`, {
    estimateId: estimate.id,
    promisedAt: iso(clock().now().getTime() + jobMs),
  });
  order = await ok('sz.advisor', 'POST', `${b}/orders/${order.id}/confirm`, {
    version: order.version,
    by: customer.name,
    method: 'signature',
  });
  order = await ok('sz.advisor', 'POST', `${b}/orders/${order.id}/recordHandover`, {
    version: order.version,
    documents: [{ name: 'Vehicle licence', present: true }],
    belongings: [],
    belongingsConfirmedBy: customer.name,
    keyTag: `K-${ulid().slice(-4)}`,
    keySlot: `E2E-${ulid().slice(-6)}`,
    fuelLevel: 4,
    odometerKm: 42_350,
  });
  order = await ok('sz.advisor', 'POST', `${b}/orders/${order.id}/transfer`, {
    version: order.version,
    washed: true,
    receivedBy: dispatcherId,
    mode: 'single_team',
  });
  expect(order.state).toBe('in_workshop');
  return { plate: vehicle.plate as string, promisedAt: Date.parse(order.promisedAt) };
}

/** Sets the demo clock (still at 120×) just before `at` and waits for the notice about `plate`. */
async function noticeFor(plate: string, at: number): Promise<OutboxEntry> {
  setClock(acceleratedClock(speed, new Date(at - 5 * minute)));
  return waitFor(
    `the pickup notice of ${plate} in the outbox`,
    () => runtime.outbox.list().find((m) => m.text.includes(plate)),
    30_000,
  );
}

describe('the local demo: pickup notices at their lead time (R-PKP-2, issue 4 acceptance)', () => {
  it("a 1-day job's notice arrives 1 hour before its promise and a 3-day job's 4 hours before", async () => {
    const staff = await ok('sz.supervisor', 'GET', `${b}/staff?limit=100`);
    const dispatcherId = staff.items.find((p: { login: string }) => p.login === 'sz.dispatcher').id;
    const short = await jobInWorkshop(1 * day, dispatcherId);
    const long = await jobInWorkshop(3 * day, dispatcherId);

    for (const [job, lead] of [
      [short, 1 * hour],
      [long, 4 * hour],
    ] as const) {
      const noticeAt = job.promisedAt - lead;
      const sent = await noticeFor(job.plate, noticeAt);
      const sentAt = Date.parse(sent.sentAt);
      expect(sentAt).toBeGreaterThanOrEqual(noticeAt);
      const bound = await waitFor('a sweep after the notice', () => firstSweepEnd(runtime.sweeps, noticeAt));
      expect(sentAt).toBeLessThanOrEqual(bound);
      expect(sent).toMatchObject({ kind: 'transactional' });
      expect(sent.text).toMatch(/^【快修连锁】/);
    }
    expect(runtime.outbox.list().filter((m) => m.text.includes(short.plate))).toHaveLength(1);
  });
});
