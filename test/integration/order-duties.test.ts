import { ulid } from 'ulid';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CreateBranch } from '../../shared/branches/schemas';
import { branchSettings } from '../../shared/branches/store';
import { getDuty } from '../../shared/duty-engine/store';
import { sweep, sweepReserveMs } from '../../shared/duty-engine/sweeper';
import { policyFor } from '../../shared/kernel/policy';
import { formatSmsTime } from '../../shared/letters/rules/render';
import { lettersFiledBetween } from '../../shared/letters/store';
import { orderDuties, scheduleOrderDutySteps } from '../../shared/orders/duties/lifecycle';
import { orderDutyPerformers } from '../../shared/orders/duties/performers';
import { getOrder, orderItem } from '../../shared/orders/store/orders';
import { createOutboxSmsSender, type OutboxSmsSender } from '../../shared/platform/adapters/outbox-sms';
import { pacedSmsSender } from '../../shared/platform/adapters/paced-sms';
import { createPacer, type PacerClock } from '../../shared/platform/adapters/pacing';
import { store } from '../../shared/platform/dynamo/client';
import { putStep, transact } from '../../shared/platform/dynamo/records';
import { setSmsSender } from '../../shared/platform/ports/sms';
import { call, givenBranch, hire, staff, system } from '../support/api';
import {
  clockAt,
  day,
  handoverNow,
  hour,
  iso,
  minute,
  openEveryDay,
  useFarFutureClock,
} from '../support/far-clock';
import { branchInput } from '../support/fixtures';
import { exitBody, givenCustomerWithVehicle, givenOrder } from '../support/orders';

useFarFutureClock();

/**
 * The duties of the repair order's lifecycle (R-PKP-2, R-PRG-1, R-ADD-3, R-X-3): the transfer to
 * the workshop schedules the pickup notice and the dispatcher's progress check at the policy's
 * times; moving the promise moves them; the exit cancels them; the sweep at the notice's time
 * sends one SMS with the plate and the promised time and files it in the letter register.
 *
 * The sweeper reads a global index, so each test runs its fake clock in an hour of its own far in
 * the future (as test/integration/duties.test.ts does): sweeps of other suites never meet its duties.
 */

/** A confirmed order transferred through the API clockAt.now, promised `jobMs` after the transfer. */
async function inWorkshop(jobMs: number, policy?: CreateBranch['policy']) {
  const branchId = await givenBranch({ ...openEveryDay, ...(policy ? { policy } : {}) });
  const advisor = staff(['advisor'], [branchId], '李接待');
  const dispatcher = await hire(branchId, ['dispatcher'], '调度 周');
  const lead = await hire(branchId, ['team-lead'], '班组 A');
  const owner = await givenCustomerWithVehicle(branchId, advisor);
  const promisedAt = iso(clockAt.now + jobMs);
  const confirmed = await givenOrder(branchId, owner, 'confirmed', {
    handover: handoverNow(),
    promisedAt,
    originalPromisedAt: promisedAt,
  });
  const moved = await call(advisor, 'POST', `/branches/${branchId}/orders/${confirmed.id}/transfer`, {
    body: { version: confirmed.version, washed: true, receivedBy: dispatcher.staffId, mode: 'single_team' },
  });
  if (moved.status !== 200) throw new Error(`transfer: ${JSON.stringify(moved.body)}`);
  const order = await getOrder(store(), branchId, confirmed.id);
  const refs = orderDuties(order);
  if (!refs.pickupNotice || !refs.progressCheck) throw new Error('transfer scheduled no duties');
  const duties = {
    notice: () => getDuty(store(), branchId, refs.pickupNotice ?? ''),
    check: () => getDuty(store(), branchId, refs.progressCheck ?? ''),
  };
  return { branchId, advisor, dispatcher, lead, owner, order, duties };
}

describe("a branch's own lead times and windows (issue 4 item 2: per-branch overrides)", () => {
  it('times the notice and the check by the branch, not the chain: 30 min before, checked from 50 % to 60 %', async () => {
    const s = await inWorkshop(1 * day, {
      pickup: { shortJobLeadMinutes: 30 },
      progressCheck: { openAtFraction: 0.5, dueAtFraction: 0.6 },
    });
    const start = clockAt.now;
    const promise = Date.parse(s.order.promisedAt);
    expect((await s.duties.notice()).dueAt).toBe(iso(promise - 30 * minute));
    expect(await s.duties.check()).toMatchObject({
      openAt: iso(start + 0.5 * day),
      dueAt: iso(start + 0.6 * day),
    });
  });

  it.each([
    [
      'a check due before it opens',
      { progressCheck: { openAtFraction: 0.8, dueAtFraction: 0.7 } },
      'body.policy.progressCheck.dueAtFraction',
    ],
    ['a fraction of 1', { progressCheck: { dueAtFraction: 1 } }, 'body.policy.progressCheck.dueAtFraction'],
    ['a chain rule a branch cannot change', { order: { promiseBufferMinutes: 5 } }, 'body.policy.order'],
    [
      'a negative lead time',
      { pickup: { shortJobLeadMinutes: -5 } },
      'body.policy.pickup.shortJobLeadMinutes',
    ],
  ])('refuses a branch policy with %s (400 naming the field)', async (_, policy, path) => {
    const refused = await call(system, 'POST', '/branches', {
      body: { ...branchInput(`T${ulid().slice(-7)}`), policy },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });
});

describe('transfer to the workshop schedules the order duties (R-PKP-2, R-PRG-1)', () => {
  // Transfers happen at 10:10 in Shenzhen; a 4-hour notice then falls at 06:10, inside the
  // branch's 21:00-08:00 quiet hours, so it is due at its lead time but sent at 08:00 (R-X-1).
  it.each([
    ['a 1-day job: notice 1 hour before the promise', 1 * day, 1 * hour, 1 * hour],
    ['a 1 day 23 h 59 min job: still the 1-hour notice', 2 * day - minute, 1 * hour, 1 * hour],
    ['a 2-day job: the 4-hour notice, sent when quiet hours end', 2 * day, 4 * hour, 2 * hour + 10 * minute],
    [
      'a 3-day job: notice 4 hours before the promise, sent at 08:00',
      3 * day,
      4 * hour,
      2 * hour + 10 * minute,
    ],
  ])(
    '%s; the dispatcher who received the car checks progress from 70 % to 80 %',
    async (_, job, lead, sent) => {
      const s = await inWorkshop(job);
      const start = Date.parse(s.order.workshopStartAt ?? '');
      expect(start).toBe(clockAt.now);

      const notice = await s.duties.notice();
      expect(notice).toMatchObject({
        kind: 'pickup-notice',
        status: 'pending',
        subject: { kind: 'order', id: s.order.id },
        dueAt: iso(clockAt.now + job - lead),
        fireAt: iso(clockAt.now + job - sent),
      });
      expect(notice.assignee).toBeUndefined();

      const check = await s.duties.check();
      expect(check).toMatchObject({
        kind: 'progress-check',
        status: 'pending',
        assignee: s.dispatcher.staffId,
        openAt: iso(clockAt.now + Math.round(job * 0.7)),
        dueAt: iso(clockAt.now + Math.round(job * 0.8)),
      });
    },
  );
});

describe('the duties follow the promise (R-ADD-3, R-X-3)', () => {
  it('moving the promise moves both pending duties in the same action', async () => {
    const s = await inWorkshop(1 * day);
    const newPromise = clockAt.now + 1 * day + 3 * hour;
    const moved = await call(s.advisor, 'POST', `/branches/${s.branchId}/orders/${s.order.id}/movePromise`, {
      body: { version: s.order.version, promisedAt: iso(newPromise), reason: 'Parts arrive late' },
    });
    expect(moved.status).toBe(200);

    const job = newPromise - clockAt.now;
    expect(await s.duties.notice()).toMatchObject({ status: 'pending', fireAt: iso(newPromise - hour) });
    expect(await s.duties.check()).toMatchObject({
      status: 'pending',
      openAt: iso(clockAt.now + Math.round(job * 0.7)),
      dueAt: iso(clockAt.now + Math.round(job * 0.8)),
    });
  });

  it('a promise moved past 2 days of work turns the 1-hour notice into the 4-hour one (R-PKP-2)', async () => {
    const s = await inWorkshop(1 * day);
    const newPromise = clockAt.now + 2 * day;
    const moved = await call(s.advisor, 'POST', `/branches/${s.branchId}/orders/${s.order.id}/movePromise`, {
      body: { version: s.order.version, promisedAt: iso(newPromise), reason: 'Waiting for a gearbox' },
    });
    expect(moved.status).toBe(200);
    // 4 hours before a 10:10 promise is 06:10, in quiet hours: sent at 08:00 (R-X-1).
    expect(await s.duties.notice()).toMatchObject({
      dueAt: iso(newPromise - 4 * hour),
      fireAt: iso(newPromise - 2 * hour - 10 * minute),
    });
  });

  it('an approved add-on moves the promise and both pending duties with it (R-ADD-3)', async () => {
    const s = await inWorkshop(1 * day);
    const path = `/branches/${s.branchId}/orders/${s.order.id}`;
    const raised = await call(s.lead, 'POST', `${path}/raiseAddOn`, {
      body: {
        version: s.order.version,
        description: 'Replace brake fluid',
        reason: 'Fluid dark and wet',
        lines: [
          { kind: 'labour', description: 'Flush brake fluid', system: 'brakes', hours: 0.5, rate: 20_000 },
        ],
        extraMinutes: 90,
        safetyRelated: true,
      },
    });
    expect(raised.status).toBe(200);
    const answered = await call(s.advisor, 'POST', `${path}/answerAddOn`, {
      body: {
        version: raised.body.version,
        addOnId: raised.body.addOns[0].id,
        decision: 'approved',
        channel: 'phone',
        customerContactedAt: iso(clockAt.now),
        workshopToldAt: iso(clockAt.now),
        workshopToldWho: '班组 A',
      },
    });
    expect(answered.status).toBe(200);

    const newPromise = clockAt.now + 1 * day + 90 * minute;
    expect(answered.body.promisedAt).toBe(iso(newPromise));
    expect((await s.duties.notice()).fireAt).toBe(iso(newPromise - hour));
    expect((await s.duties.check()).dueAt).toBe(
      iso(clockAt.now + Math.round((newPromise - clockAt.now) * 0.8)),
    );
  });

  it('a duty that already fired is not moved; the promise still moves', async () => {
    const s = await inWorkshop(1 * day);
    setSmsSender(createOutboxSmsSender({ print: () => undefined }));
    clockAt.now += 1 * day - hour;
    await sweep({ store: store(), performers: orderDutyPerformers(store()) });
    const fired = await s.duties.notice();
    expect(fired.status).toBe('done');

    const moved = await call(s.advisor, 'POST', `/branches/${s.branchId}/orders/${s.order.id}/movePromise`, {
      body: { version: s.order.version, promisedAt: iso(clockAt.now + 5 * hour), reason: 'Extra test drive' },
    });
    expect(moved.status).toBe(200);
    expect(await s.duties.notice()).toMatchObject({ status: 'done', fireAt: fired.fireAt });
  });
});

describe('the duties end with the order (R-X-3)', () => {
  it('the exit cancels the duties still pending', async () => {
    const branchId = await givenBranch();
    const advisor = staff(['advisor'], [branchId], '李接待');
    const dispatcher = await hire(branchId, ['dispatcher'], '调度 周');
    const owner = await givenCustomerWithVehicle(branchId, advisor);
    // A settled order whose duties are still ahead (the car was finished early).
    const order = await givenOrder(branchId, owner, 'settled', {
      workshopStartAt: iso(clockAt.now - hour),
      promisedAt: iso(clockAt.now + 2 * day),
    });
    const steps = scheduleOrderDutySteps(store(), order, {
      dispatcherId: dispatcher.staffId,
      policy: policyFor(),
      quiet: await branchSettings(store(), branchId),
    });
    await transact(store(), [putStep(store(), orderItem(order)), ...steps]);
    const refs = orderDuties(order);

    const exited = await call(advisor, 'POST', `/branches/${branchId}/orders/${order.id}/exit`, {
      body: { version: order.version, ...exitBody },
    });
    expect(exited.status).toBe(200);
    for (const id of [refs.pickupNotice, refs.progressCheck]) {
      expect(await getDuty(store(), branchId, id ?? '')).toMatchObject({ status: 'cancelled' });
    }
  });
});

describe('the pickup notice at its time (R-PKP-2, R-X-1)', () => {
  let outbox: OutboxSmsSender;
  beforeEach(() => {
    outbox = createOutboxSmsSender({ print: () => undefined });
    setSmsSender(outbox);
  });

  it('sends exactly one SMS with the plate and the promised time, and files it as a letter', async () => {
    const s = await inWorkshop(1 * day);
    const performers = orderDutyPerformers(store());
    const noticeAt = clockAt.now + 1 * day - hour;
    const filedFrom = iso(clockAt.now);

    clockAt.now = noticeAt - minute;
    await sweep({ store: store(), performers });
    expect(outbox.list()).toHaveLength(0);

    clockAt.now = noticeAt;
    await sweep({ store: store(), performers });
    clockAt.now += minute;
    await sweep({ store: store(), performers });

    const sent = outbox.list();
    expect(sent).toHaveLength(1);
    const time = formatSmsTime(new Date(s.order.promisedAt), 'Asia/Shanghai', 'zh-Hans');
    expect(sent[0]).toMatchObject({ kind: 'transactional', sentAt: iso(noticeAt) });
    expect(sent[0]?.text).toContain(s.owner.plate);
    expect(sent[0]?.text).toContain(time);
    expect(await s.duties.notice()).toMatchObject({ status: 'done' });

    const letters = await lettersFiledBetween(store(), {
      branchId: s.branchId,
      from: filedFrom,
      to: iso(clockAt.now + day),
      limit: 10,
    });
    expect(letters.items).toEqual([
      expect.objectContaining({
        id: (await s.duties.notice()).id,
        templateId: 'pickup-notice',
        status: 'sent',
        to: sent[0]?.to,
        // R-SELF-1: the register keeps the status link's token masked; only the SMS carries it.
        text: sent[0]?.text.replace(/#[A-Za-z0-9_-]{22}$/, `#${'*'.repeat(22)}`),
        linkId: expect.any(String),
        subject: { kind: 'order', id: s.order.id },
      }),
    ]);
  });

  it('sends nothing when the order was closed before the notice fired', async () => {
    const s = await inWorkshop(1 * day);
    await transact(store(), [putStep(store(), orderItem({ ...s.order, state: 'exited' }))]);
    clockAt.now += 1 * day - hour;
    await sweep({ store: store(), performers: orderDutyPerformers(store()) });
    expect(outbox.list()).toHaveLength(0);
    expect(await s.duties.notice()).toMatchObject({ status: 'done' });
  });
});

describe('the sweeper sends at the configured pace (issue 4 item 6, R-X-1)', () => {
  /** Pickup notices of `count` cars, all due at the same minute, and that minute. */
  async function noticesDueTogether(count: number) {
    const cars = [];
    for (let i = 0; i < count; i++) cars.push(await inWorkshop(1 * day));
    return { cars, noticeAt: clockAt.now + 1 * day - hour };
  }

  /** The outbox behind a pacer whose clock is fake: waiting advances `waited` instead of sleeping. */
  function pacedOutbox(perSecond: number) {
    const outbox = createOutboxSmsSender({ print: () => undefined });
    let waited = 0;
    const pacerClock: PacerClock = {
      now: () => new Date(clockAt.now + waited),
      sleep: async (ms) => {
        waited += ms;
      },
    };
    const sentAfter: number[] = [];
    const recording = {
      send: async (message: Parameters<typeof outbox.send>[0]) => {
        sentAfter.push(waited);
        return outbox.send(message);
      },
    };
    setSmsSender(pacedSmsSender(recording, createPacer({ perSecond, clock: pacerClock })));
    return { outbox, sentAfter };
  }

  it('spaces the notices of one sweep 1/rate apart (2 a second: 500 ms)', async () => {
    const { noticeAt } = await noticesDueTogether(3);
    const { outbox, sentAfter } = pacedOutbox(2);

    clockAt.now = noticeAt;
    const report = await sweep({ store: store(), performers: orderDutyPerformers(store()) });

    expect(report).toMatchObject({ claimed: 3, done: 3 });
    expect(outbox.list()).toHaveLength(3);
    expect(sentAfter).toEqual([0, 500, 1000]);
  });

  it('claims no more duties once its run is nearly out of time; the next run sends the rest', async () => {
    const { noticeAt } = await noticesDueTogether(3);
    const { outbox } = pacedOutbox(2);
    clockAt.now = noticeAt;

    // One duty at a time; after two sends the Lambda has less than the reserve left.
    const first = await sweep({
      store: store(),
      performers: orderDutyPerformers(store()),
      concurrency: 1,
      timeLeftMs: () => (outbox.list().length >= 2 ? sweepReserveMs - 1 : 100_000),
    });
    expect(first).toMatchObject({ claimed: 2, done: 2, lost: 0, errors: 0 });
    expect(outbox.list()).toHaveLength(2);

    clockAt.now += minute;
    const next = await sweep({ store: store(), performers: orderDutyPerformers(store()) });
    expect(next).toMatchObject({ claimed: 1, done: 1, retried: 0 });
    expect(outbox.list()).toHaveLength(3);
  });
});
