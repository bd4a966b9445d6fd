import { beforeEach, describe, expect, it } from 'vitest';
import { dutyEngineActor } from '../../shared/duty-engine/actor';
import type { Duty } from '../../shared/duty-engine/schemas';
import { getDuty } from '../../shared/duty-engine/store';
import { sweep } from '../../shared/duty-engine/sweeper';
import { formatSmsTime } from '../../shared/letters/rules/render';
import { lettersFiledBetween } from '../../shared/letters/store';
import { cancelOrderDutySteps, orderDuties } from '../../shared/orders/duties/lifecycle';
import { orderDutyPerformers } from '../../shared/orders/duties/performers';
import { getOrder } from '../../shared/orders/store/orders';
import type { OutboxSmsSender } from '../../shared/platform/adapters/outbox-sms';
import { createOutboxSmsSender } from '../../shared/platform/adapters/outbox-sms';
import { store } from '../../shared/platform/dynamo/client';
import { transact } from '../../shared/platform/dynamo/records';
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

useFarFutureClock();
beforeEach(() => {
  outbox = createOutboxSmsSender({ print: () => undefined });
  setSmsSender(outbox);
});

/**
 * R-PRG-2, R-PKP-3: the dispatcher answers the progress check; an expected finish later than the
 * promise, or an anomaly, sends the customer the delay notice at once (earlier than the pickup
 * notice's lead time) with the reason, an apology and the new time, filed as a letter. An answer
 * on time sends nothing.
 *
 * Each test runs its fake clock in an hour of its own far in the future (as
 * test/integration/order-duties.test.ts does): sweeps of other suites never meet its duties.
 */
let outbox: OutboxSmsSender;

/** A 1-day job transferred clockAt.now; the clock then stands at 75 %, inside the progress check's window. */
async function checkOpen() {
  const branchId = await givenBranch(openEveryDay);
  const advisor = staff(['advisor'], [branchId], '李接待');
  const dispatcher = await hire(branchId, ['dispatcher'], '调度 周');
  await hire(branchId, ['team-lead'], '班组 A');
  const supervisor = await hire(branchId, ['supervisor'], '主管 王');
  const owner = await givenCustomerWithVehicle(branchId, advisor);
  const promisedAt = iso(clockAt.now + day);
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
  const checkId = orderDuties(order).progressCheck ?? '';
  const filedFrom = iso(clockAt.now);
  clockAt.now += Math.round(0.75 * day);
  const check = await getDuty(store(), branchId, checkId);
  const answer = (result: Record<string, unknown>) =>
    call(dispatcher, 'POST', `/branches/${branchId}/duties/${check.id}/complete`, {
      body: { version: check.version, result },
    });
  const delayLetters = async () =>
    (
      await lettersFiledBetween(store(), { branchId, from: filedFrom, to: iso(clockAt.now + day), limit: 10 })
    ).items.filter((l) => l.templateId === 'delay-notice');
  const supervisorQueue = async () =>
    (await call(supervisor, 'GET', `/branches/${branchId}/duties/mine`)).body.items as Duty[];
  return { branchId, owner, order, check, answer, delayLetters, supervisorQueue };
}

const sweepTwice = async () => {
  const performers = orderDutyPerformers(store());
  await sweep({ store: store(), performers });
  clockAt.now += minute;
  await sweep({ store: store(), performers });
};

describe('the answer to a progress check (R-PRG-2, R-PKP-3)', () => {
  it.each([
    ['a late expected finish: the reason says the work needs more time', undefined, '维修工作需要更多时间'],
    ['a late expected finish with the reason for the customer', '等待变速箱原厂配件', '等待变速箱原厂配件'],
  ])('%s; exactly one delay SMS with the new time, filed as a letter', async (_, customerReason, reason) => {
    const s = await checkOpen();
    const expectedFinish = Date.parse(s.order.promisedAt) + 3 * hour;
    const answeredAt = clockAt.now;

    const done = await s.answer({
      expectedFinish: iso(expectedFinish),
      anomaly: '变速箱油管渗漏，班组 A 说明天才能拆',
      ...(customerReason ? { customerReason } : {}),
    });
    expect(done.status).toBe(200);
    await sweepTwice();

    const sent = outbox.list();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ kind: 'transactional', sentAt: iso(answeredAt) });
    expect(sent[0]?.text).toContain(s.owner.plate);
    expect(sent[0]?.text).toContain(reason);
    // The workshop's own note stays with the supervisor.
    expect(sent[0]?.text).not.toContain('油管渗漏');
    expect(sent[0]?.text).toContain('很抱歉');
    expect(sent[0]?.text).toContain(formatSmsTime(new Date(expectedFinish), 'Asia/Shanghai', 'zh-Hans'));
    expect(await s.delayLetters()).toEqual([
      expect.objectContaining({
        templateId: 'delay-notice',
        status: 'sent',
        to: sent[0]?.to,
        // R-SELF-1: the register keeps the status link's token masked; only the SMS carries it.
        text: sent[0]?.text.replace(/#[A-Za-z0-9_-]{22}$/, `#${'*'.repeat(22)}`),
        linkId: expect.any(String),
        subject: { kind: 'order', id: s.order.id },
      }),
    ]);
  });

  it('a late answer moves the promise to the expected finish, and the pickup notice follows it: no SMS with the old time', async () => {
    const s = await checkOpen();
    const expectedFinish = Date.parse(s.order.promisedAt) + 3 * hour;
    expect((await s.answer({ expectedFinish: iso(expectedFinish) })).status).toBe(200);

    const order = await getOrder(store(), s.branchId, s.order.id);
    expect(order).toMatchObject({ promisedAt: iso(expectedFinish), version: s.order.version + 1 });
    const notice = await getDuty(store(), s.branchId, orderDuties(order).pickupNotice ?? '');
    expect(notice).toMatchObject({ status: 'pending', dueAt: iso(expectedFinish - hour) });

    // At the old notice time nothing goes; at the new one, the notice with the new time.
    await sweepTwice();
    clockAt.now = Date.parse(s.order.promisedAt) - hour;
    await sweepTwice();
    expect(outbox.list().map((m) => m.text.includes('抱歉'))).toEqual([true]);
    clockAt.now = Date.parse(notice.fireAt);
    await sweepTwice();
    const texts = outbox.list().map((m) => m.text);
    expect(texts).toHaveLength(2);
    expect(texts[1]).toContain(formatSmsTime(new Date(expectedFinish), 'Asia/Shanghai', 'zh-Hans'));
  });

  it.each([
    [
      'an anomaly with the finish on time: no SMS (the customer hears only of a delay)',
      '发现刹车油管渗漏',
      0,
      0,
    ],
    ['an anomaly with a late finish: the delay SMS too', '发现刹车油管渗漏', 3 * hour, 1],
    ['a late finish alone: the delay SMS too', undefined, 3 * hour, 1],
  ])(
    '%s; the supervisor gets it at once for emergency measures (R-PRG-2)',
    async (_, anomaly, lateBy, sms) => {
      const s = await checkOpen();
      const answeredAt = clockAt.now;
      const expectedFinish = iso(Date.parse(s.order.promisedAt) + lateBy);
      expect((await s.answer({ expectedFinish, ...(anomaly ? { anomaly } : {}) })).status).toBe(200);
      await sweepTwice();

      expect(outbox.list()).toHaveLength(sms);
      expect(await s.supervisorQueue()).toEqual([
        expect.objectContaining({
          kind: 'escalation',
          subject: { kind: 'duty', id: s.check.id },
          dueAt: iso(answeredAt),
          payload: expect.objectContaining({
            reason: anomaly ? 'anomaly' : 'late',
            ...(anomaly ? { anomaly } : {}),
            order: { id: s.order.id, plate: s.owner.plate },
          }),
        }),
      ]);
    },
  );

  it('the emergency escalation leaves the supervisor’s queue when the car leaves (R-X-3)', async () => {
    const s = await checkOpen();
    expect((await s.answer({ anomaly: '发现刹车油管渗漏' })).status).toBe(200);
    clockAt.now += hour;
    await sweepTwice();
    expect(await s.supervisorQueue()).toHaveLength(1);

    const order = await getOrder(store(), s.branchId, s.order.id);
    await transact(store(), await cancelOrderDutySteps(store(), order, dutyEngineActor));
    expect(await s.supervisorQueue()).toEqual([]);
  });

  it.each([
    ['an expected finish at the promised time', 0],
    ['an expected finish before the promise', -2 * hour],
  ])('%s sends nothing and files no letter', async (_, offset) => {
    const s = await checkOpen();
    const done = await s.answer({
      expectedFinish: iso(Date.parse(s.order.promisedAt) + offset),
      note: 'on track',
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ result: { note: 'on track' } });
    await sweepTwice();

    expect(outbox.list()).toHaveLength(0);
    expect(await s.delayLetters()).toEqual([]);
  });

  it.each([
    ['not a date', 'tomorrow afternoon'],
    ['a date without a time', '2200-01-02'],
    ['a number', 1_700_000_000_000],
  ])('refuses an expected finish that is %s with 400 naming body.result.expectedFinish', async (_, value) => {
    const s = await checkOpen();
    const refused = await s.answer({ expectedFinish: value });

    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'body.result.expectedFinish' })]);
    expect(await getDuty(store(), s.branchId, s.check.id)).not.toHaveProperty('completedAt');
  });

  it.each([
    ['a misspelt field (the anomaly would be lost)', { anomalies: '刹车油管渗漏' }, 'body.result.anomalies'],
    ['an anomaly that is not text', { anomaly: true }, 'body.result.anomaly'],
    ['an anomaly of blanks', { anomaly: '   ' }, 'body.result.anomaly'],
    [
      'a reason for the customer too long for one SMS',
      { customerReason: '配'.repeat(61) },
      'body.result.customerReason',
    ],
  ])('refuses %s with 400 naming the field, and the check stays open', async (_, result, path) => {
    const s = await checkOpen();
    const refused = await s.answer(result);

    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ path })]);
    expect(await getDuty(store(), s.branchId, s.check.id)).not.toHaveProperty('completedAt');
    await sweepTwice();
    expect(outbox.list()).toHaveLength(0);
  });
});
