import { beforeEach, describe, expect, it } from 'vitest';
import { dutyEngineActor } from '../../shared/duty-engine/actor';
import { cancelDutyStep, getDuty, rescheduleDuty, scheduleDuty } from '../../shared/duty-engine/store';
import { sweep } from '../../shared/duty-engine/sweeper';
import { policyFor } from '../../shared/kernel/policy';
import { formatSmsTime } from '../../shared/letters/rules/render';
import { lettersFiledBetween, withdrawDutyLetterSteps } from '../../shared/letters/store';
import { orderDuties } from '../../shared/orders/duties/lifecycle';
import { orderDutyPerformers } from '../../shared/orders/duties/performers';
import { pickupNoticeSendAt } from '../../shared/orders/rules/notice-time';
import { getOrder, orderItem } from '../../shared/orders/store/orders';
import { createOutboxSmsSender, type OutboxSmsSender } from '../../shared/platform/adapters/outbox-sms';
import { store } from '../../shared/platform/dynamo/client';
import { putStep, transact } from '../../shared/platform/dynamo/records';
import { setSmsSender } from '../../shared/platform/ports/sms';
import { call, givenBranch, hire, staff } from '../support/api';
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
import { givenCustomerWithVehicle, givenOrder } from '../support/orders';

/**
 * Quiet hours for the duty engine's SMS (R-X-1, R-FUP-5, R-PKP-2, R-PKP-3) on DynamoDB Local.
 * The test branch is in Asia/Shanghai (UTC+8) with quiet hours 21:00-08:00. A pickup notice whose
 * lead time falls in quiet hours is filed as a deferred letter and its duty waits, without a
 * failed attempt, until they end; then that same letter goes, once. When the promise itself is in
 * quiet hours the notice belongs to the evening before. The delay notice stays urgent.
 *
 * Each test runs its fake clock in an hour of its own far in the future (test/support/far-clock.ts),
 * starting at 10:10 in Shanghai, so sweeps of other suites never meet its duties.
 */
useFarFutureClock();

let outbox: OutboxSmsSender;
/** When the test began: 10:10 in Shanghai. */
let start = 0;
beforeEach(() => {
  start = clockAt.now;
  outbox = createOutboxSmsSender({ print: () => undefined });
  setSmsSender(outbox);
});

/** `hh:mm` in Shanghai, `days` after the day the test starts (whose clock says 10:10 there). */
function shanghai(days: number, hhmm: string): number {
  const [hours = 0, minutes = 0] = hhmm.split(':').map(Number);
  const midnight = start - (10 * hour + 10 * minute);
  return midnight + days * day + hours * hour + minutes * minute;
}

/** A car the workshop received now (through the API), promised at `promisedAt`. */
async function inWorkshop(promisedAt: number) {
  const branchId = await givenBranch(openEveryDay);
  const advisor = staff(['advisor'], [branchId], '李接待');
  const dispatcher = await hire(branchId, ['dispatcher'], '调度 周');
  // R-WS-2: the workshop needs a team before it takes a car.
  await hire(branchId, ['team-lead'], '班组 A');
  const owner = await givenCustomerWithVehicle(branchId, advisor);
  const confirmed = await givenOrder(branchId, owner, 'confirmed', {
    handover: handoverNow(),
    promisedAt: iso(promisedAt),
    originalPromisedAt: iso(promisedAt),
  });
  const moved = await call(advisor, 'POST', `/branches/${branchId}/orders/${confirmed.id}/transfer`, {
    body: { version: confirmed.version, washed: true, receivedBy: dispatcher.staffId, mode: 'single_team' },
  });
  if (moved.status !== 200) throw new Error(`transfer: ${JSON.stringify(moved.body)}`);
  const order = await getOrder(store(), branchId, confirmed.id);
  const noticeId = orderDuties(order).pickupNotice ?? '';
  const filedFrom = iso(clockAt.now);
  return {
    branchId,
    advisor,
    order,
    notice: () => getDuty(store(), branchId, noticeId),
    letters: async () =>
      (
        await lettersFiledBetween(store(), {
          branchId,
          from: filedFrom,
          to: iso(clockAt.now + day),
          limit: 10,
        })
      ).items,
  };
}

/**
 * The transfer times the notice to be sent when quiet hours allow; these tests look at a duty that
 * fires at its lead time anyway (one timed before the branch set its quiet hours): the performer
 * still defers its SMS.
 */
async function firingAtLeadTime(s: Awaited<ReturnType<typeof inWorkshop>>) {
  const duty = await s.notice();
  await rescheduleDuty(store(), duty.id, s.branchId, {
    openAt: duty.openAt,
    dueAt: duty.dueAt,
    fireAt: duty.dueAt,
  });
}

async function sweepAt(at: number) {
  clockAt.now = at;
  return sweep({ store: store(), performers: orderDutyPerformers(store()) });
}

describe('a pickup notice whose lead time falls in quiet hours (R-X-1, R-PKP-2)', () => {
  it('waits for 08:00 without a failed attempt, then sends exactly one SMS and files one letter, sent', async () => {
    // A 3-day job promised at 10:00: the 4-hour notice is due at 06:00, in quiet hours.
    const s = await inWorkshop(shanghai(3, '10:00'));
    // Timed by the transfer to go when quiet hours end …
    expect((await s.notice()).fireAt).toBe(iso(shanghai(3, '08:00')));
    // … and deferred by the performer when it fires in them all the same.
    await firingAtLeadTime(s);

    const atLeadTime = await sweepAt(shanghai(3, '06:00'));
    expect(atLeadTime).toMatchObject({ claimed: 1, deferred: 1, done: 0, retried: 0 });
    expect(outbox.list()).toHaveLength(0);
    expect(await s.notice()).toMatchObject({
      status: 'pending',
      fireAt: iso(shanghai(3, '08:00')),
      dueAt: iso(shanghai(3, '06:00')),
      attempts: 0,
    });
    expect(await s.letters()).toEqual([
      expect.objectContaining({ status: 'deferred', sendAt: iso(shanghai(3, '08:00')), attempts: 0 }),
    ]);

    await sweepAt(shanghai(3, '07:59'));
    expect(outbox.list()).toHaveLength(0);

    await sweepAt(shanghai(3, '08:00'));
    await sweepAt(shanghai(3, '08:01'));

    const duty = await s.notice();
    expect(duty).toMatchObject({ status: 'done', attempts: 0 });
    const sent = outbox.list();
    expect(sent).toHaveLength(1);
    // The letter filed at 06:00 is the one sent: its id (the duty's) is the provider key.
    expect(sent[0]).toMatchObject({ sentAt: iso(shanghai(3, '08:00')), idempotencyKey: duty.id });
    expect(sent[0]?.text).toContain(formatSmsTime(new Date(s.order.promisedAt), 'Asia/Shanghai', 'zh-Hans'));
    expect(await s.letters()).toEqual([
      expect.objectContaining({
        id: duty.id,
        status: 'sent',
        // R-SELF-1: the register keeps the status link's token masked; only the SMS carries it.
        text: sent[0]?.text.replace(/#[A-Za-z0-9_-]{22}$/, `#${'*'.repeat(22)}`),
        sendAt: iso(shanghai(3, '08:00')),
        attempts: 1,
      }),
    ]);
  });

  it('follows a promise moved while it waits: one letter, rewritten with the new time, sent at the new lead time (R-ADD-3)', async () => {
    const s = await inWorkshop(shanghai(3, '10:00'));
    await sweepAt(shanghai(3, '06:00'));
    expect(outbox.list()).toHaveLength(0);

    clockAt.now = shanghai(3, '07:00');
    const newPromise = shanghai(3, '14:00');
    const moved = await call(s.advisor, 'POST', `/branches/${s.branchId}/orders/${s.order.id}/movePromise`, {
      body: { version: s.order.version, promisedAt: iso(newPromise), reason: 'Parts arrive late' },
    });
    expect(moved.status).toBe(200);
    expect((await s.notice()).fireAt).toBe(iso(shanghai(3, '10:00')));

    // 08:00, the old send time: the duty now waits for its new lead time.
    await sweepAt(shanghai(3, '08:00'));
    expect(outbox.list()).toHaveLength(0);

    await sweepAt(shanghai(3, '10:00'));
    const sent = outbox.list();
    expect(sent).toHaveLength(1);
    const newTime = formatSmsTime(new Date(newPromise), 'Asia/Shanghai', 'zh-Hans');
    expect(sent[0]?.text).toContain(newTime);
    expect(await s.letters()).toEqual([
      expect.objectContaining({
        status: 'sent',
        text: sent[0]?.text.replace(/#[A-Za-z0-9_-]{22}$/, `#${'*'.repeat(22)}`),
      }),
    ]);
  });

  it('sends nothing when the order moved on while the notice waited, and withdraws its letter', async () => {
    const s = await inWorkshop(shanghai(3, '10:00'));
    await firingAtLeadTime(s);
    await sweepAt(shanghai(3, '06:00'));
    const current = await getOrder(store(), s.branchId, s.order.id);
    await transact(store(), [putStep(store(), orderItem({ ...current, state: 'exited' }))]);

    await sweepAt(shanghai(3, '08:00'));

    expect(outbox.list()).toHaveLength(0);
    expect(await s.notice()).toMatchObject({ status: 'done', attempts: 0 });
    expect(await s.letters()).toEqual([expect.objectContaining({ status: 'withdrawn' })]);
  });
});

describe('cancelling a duty whose letter waits (R-X-1, R-FUP-6, R-X-3)', () => {
  it('gives the cancelling transaction the steps that withdraw the waiting letter, once', async () => {
    const s = await inWorkshop(shanghai(3, '10:00'));
    await firingAtLeadTime(s);
    await sweepAt(shanghai(3, '06:00'));
    const duty = await s.notice();

    const steps = await withdrawDutyLetterSteps(store(), duty, dutyEngineActor);
    await transact(store(), [cancelDutyStep(store(), duty.id, s.branchId), ...steps]);

    expect(await s.letters()).toEqual([expect.objectContaining({ status: 'withdrawn' })]);
    expect(await withdrawDutyLetterSteps(store(), duty, dutyEngineActor)).toEqual([]);
    await sweepAt(shanghai(3, '08:00'));
    expect(outbox.list()).toHaveLength(0);
  });

  it('has nothing to withdraw for a duty that filed no letter', async () => {
    const s = await inWorkshop(shanghai(3, '10:00'));
    expect(await withdrawDutyLetterSteps(store(), await s.notice(), dutyEngineActor)).toEqual([]);
  });
});

describe('a pickup notice for a car promised inside quiet hours (R-X-1, R-PKP-2)', () => {
  // A car promised at 07:30 tomorrow: a 1-day job, so the notice is due at 06:30, in quiet hours
  // that end at 08:00, after the promise.
  it('goes the evening before, at 20:30: the transfer times its duty then', async () => {
    const s = await inWorkshop(shanghai(1, '07:30'));
    const duty = await s.notice();
    expect(duty.dueAt).toBe(iso(shanghai(1, '06:30')));
    const evening = pickupNoticeSendAt({
      leadAt: new Date(duty.dueAt),
      promisedAt: new Date(s.order.promisedAt),
      now: new Date(clockAt.now),
      quietHours: { start: '21:00', end: '08:00' },
      timeZone: 'Asia/Shanghai',
      beforeQuietMinutes: policyFor().sms.beforeQuietHoursMinutes,
    });
    expect(evening.toISOString()).toBe(iso(shanghai(0, '20:30')));
    expect(duty.fireAt).toBe(evening.toISOString());

    await sweepAt(shanghai(0, '20:30'));

    const sent = outbox.list();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ sentAt: iso(shanghai(0, '20:30')) });
    expect(sent[0]?.text).toContain(formatSmsTime(new Date(s.order.promisedAt), 'Asia/Shanghai', 'zh-Hans'));
    expect(await s.notice()).toMatchObject({ status: 'done', attempts: 0 });
  });

  it('firing at its lead time in quiet hours, goes when they end rather than waking the customer at 06:30', async () => {
    const s = await inWorkshop(shanghai(1, '07:30'));
    await firingAtLeadTime(s);

    await sweepAt(shanghai(1, '06:30'));
    expect(outbox.list()).toHaveLength(0);
    await sweepAt(shanghai(1, '08:00'));

    expect(outbox.list()).toEqual([expect.objectContaining({ sentAt: iso(shanghai(1, '08:00')) })]);
    expect(await s.letters()).toEqual([expect.objectContaining({ status: 'sent' })]);
  });
});

describe('the delay notice in quiet hours (R-PKP-3)', () => {
  it('goes at once at 23:00: the customer must hear of the delay before the promise', async () => {
    const s = await inWorkshop(shanghai(1, '09:00'));
    clockAt.now = shanghai(0, '23:00');
    await scheduleDuty(store(), {
      kind: 'delay-notice',
      subject: { kind: 'order', id: s.order.id },
      branchId: s.branchId,
      openAt: iso(clockAt.now),
      dueAt: iso(clockAt.now),
      payload: { reason: '零件延迟到货', expectedFinish: iso(shanghai(1, '15:00')) },
    });

    await sweepAt(clockAt.now);

    expect(outbox.list()).toEqual([
      expect.objectContaining({
        sentAt: iso(shanghai(0, '23:00')),
        text: expect.stringContaining('零件延迟到货'),
      }),
    ]);
  });
});
