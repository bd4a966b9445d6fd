import { describe, expect, it } from 'vitest';
import { dutyEngineActor } from '../../shared/duty-engine/actor';
import type { Duty } from '../../shared/duty-engine/schemas';
import { getDuty } from '../../shared/duty-engine/store';
import { sweep } from '../../shared/duty-engine/sweeper';
import { escalateIfOpen } from '../../shared/follow-up/actions/escalate';
import { cancelOrderDutySteps, orderDuties } from '../../shared/orders/duties/lifecycle';
import { orderDutyPerformers } from '../../shared/orders/duties/performers';
import { getOrder } from '../../shared/orders/store/orders';
import { store } from '../../shared/platform/dynamo/client';
import { transact } from '../../shared/platform/dynamo/records';
import { call, givenBranch, hire, staff, type TestActor } from '../support/api';
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

/**
 * Issue 4 item 3, R-PRG-1: a progress check still unanswered when it falls due (80 %) escalates
 * once to the branch supervisor, into their "my duties", due before the pickup notice; an
 * answered check does not escalate.
 *
 * Each test runs its fake clock in an hour of its own far in the future (as
 * test/integration/order-duties.test.ts does): sweeps of other suites never meet its duties.
 */

/** A 1-day job transferred clockAt.now, in a branch with a supervisor; the check is due at 80 %. */
async function checkScheduled() {
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
  const check = await getDuty(store(), branchId, orderDuties(order).progressCheck ?? '');
  const mine = async (who: TestActor) => {
    const listed = await call(who, 'GET', `/branches/${branchId}/duties/mine`);
    expect(listed.status).toBe(200);
    return listed.body.items as Duty[];
  };
  return { branchId, dispatcher, supervisor, order, check, mine };
}

const sweepAt = async (at: number) => {
  clockAt.now = at;
  await sweep({ store: store(), performers: orderDutyPerformers(store()) });
};

describe('escalation of an overdue progress check (issue 4 item 3, R-PRG-1)', () => {
  it('the sweep at the due time sends it to the branch supervisor, once', async () => {
    const s = await checkScheduled();
    const dueAt = Date.parse(s.check.dueAt);
    expect(s.check.fireAt).toBe(s.check.dueAt);

    await sweepAt(dueAt - minute);
    expect(await s.mine(s.supervisor)).toEqual([]);

    await sweepAt(dueAt);
    await sweepAt(dueAt + minute);

    const escalations = await s.mine(s.supervisor);
    expect(escalations).toEqual([
      expect.objectContaining({
        kind: 'escalation',
        assignee: s.supervisor.staffId,
        subject: { kind: 'duty', id: s.check.id },
        openAt: iso(dueAt),
        // Due before the pickup notice tells the customer the car is ready (1 h before the promise).
        dueAt: iso(Date.parse(s.order.promisedAt) - hour),
        payload: expect.objectContaining({ kind: 'progress-check', assignee: s.dispatcher.staffId }),
      }),
    ]);
    // The dispatcher still has the check to answer.
    expect((await s.mine(s.dispatcher)).map((d) => d.id)).toEqual([s.check.id]);

    // A repeated attempt (a reclaimed lease) finds the escalation it raised.
    const again = await escalateIfOpen(store(), await getDuty(store(), s.branchId, s.check.id), {
      now: new Date(clockAt.now),
      dueAt: new Date(clockAt.now),
    });
    expect(again?.id).toBe(escalations[0]?.id);
    expect(await s.mine(s.supervisor)).toHaveLength(1);
  });

  it('an answered check does not escalate', async () => {
    const s = await checkScheduled();
    clockAt.now = Date.parse(s.check.openAt) + minute;
    const done = await call(s.dispatcher, 'POST', `/branches/${s.branchId}/duties/${s.check.id}/complete`, {
      body: { version: s.check.version, result: { expectedFinish: s.order.promisedAt } },
    });
    expect(done.status).toBe(200);

    await sweepAt(Date.parse(s.check.dueAt));

    expect(await getDuty(store(), s.branchId, s.check.id)).toMatchObject({ status: 'done' });
    expect(await s.mine(s.supervisor)).toEqual([]);
  });

  it('a check answered late settles the supervisor’s escalation with it', async () => {
    const s = await checkScheduled();
    await sweepAt(Date.parse(s.check.dueAt));
    expect(await s.mine(s.supervisor)).toHaveLength(1);

    clockAt.now += minute;
    const check = await getDuty(store(), s.branchId, s.check.id);
    const done = await call(s.dispatcher, 'POST', `/branches/${s.branchId}/duties/${s.check.id}/complete`, {
      body: { version: check.version, result: { expectedFinish: s.order.promisedAt } },
    });
    expect(done.status).toBe(200);
    expect(await s.mine(s.supervisor)).toEqual([]);
  });

  it.each([
    ['escalated, and the escalation fell due too', 'both'],
    ['escalated', 'check'],
  ])('a check never answered (%s) leaves both queues when the car leaves (R-X-3)', async (_, overdue) => {
    const s = await checkScheduled();
    await sweepAt(Date.parse(s.check.dueAt));
    const [escalation] = await s.mine(s.supervisor);
    if (overdue === 'both') await sweepAt(Date.parse(escalation?.dueAt ?? ''));
    expect((await getDuty(store(), s.branchId, escalation?.id ?? '')).status).toBe(
      overdue === 'both' ? 'done' : 'pending',
    );

    // Exit and cancellation end the order's duties with these steps, in their transaction.
    const order = await getOrder(store(), s.branchId, s.order.id);
    await transact(store(), await cancelOrderDutySteps(store(), order, dutyEngineActor));

    expect(await s.mine(s.dispatcher)).toEqual([]);
    expect(await s.mine(s.supervisor)).toEqual([]);
    const overdueList = await call(s.supervisor, 'GET', `/branches/${s.branchId}/duties/overdue`);
    expect(overdueList.body.items).toEqual([]);
    // The check still counts as fallen due unanswered (status done, no completedAt) for the KPIs.
    const check = await getDuty(store(), s.branchId, s.check.id);
    expect(check).toMatchObject({ status: 'done', cancelledAt: expect.any(String) });
    expect(check).not.toHaveProperty('completedAt');
    const late = await call(s.dispatcher, 'POST', `/branches/${s.branchId}/duties/${s.check.id}/complete`, {
      body: { version: check.version, result: { expectedFinish: s.order.promisedAt } },
    });
    expect(late.status).toBe(409);
  });

  it('an inspection not filed within the record limit goes to the supervisor; filing it late settles both (R-WS-4, R-QC-3)', async () => {
    const s = await checkScheduled();
    const inspector = await hire(s.branchId, ['inspector'], '檢驗 林');
    const order = await getOrder(store(), s.branchId, s.order.id);
    const lead = order.teams[0]?.teamId ?? '';
    const done = await call(
      { staffId: lead, name: '班组 A', roles: ['team-lead'], branches: [s.branchId] } as TestActor,
      'POST',
      `/branches/${s.branchId}/orders/${order.id}/completeWork`,
      { body: { version: order.version } },
    );
    expect(done.status).toBe(200);
    const [duty] = (await s.mine(inspector)).filter((d) => d.kind === 'inspection');
    await sweepAt(Date.parse(duty?.dueAt ?? ''));
    expect(await s.mine(s.supervisor)).toEqual([
      expect.objectContaining({
        kind: 'escalation',
        payload: expect.objectContaining({ kind: 'inspection' }),
      }),
    ]);
    const filed = await call(inspector, 'POST', `/branches/${s.branchId}/orders/${order.id}/passInspection`, {
      body: { version: done.body.version, assembliesInspected: 1, recordComplete: true },
    });
    expect(filed.status).toBe(200);
    expect(await s.mine(s.supervisor)).toEqual([]);
    expect((await s.mine(inspector)).filter((d) => d.kind === 'inspection')).toEqual([]);
  });

  it('a check completed after the sweeper claimed it raises no escalation', async () => {
    const s = await checkScheduled();
    const claimedCopy = await getDuty(store(), s.branchId, s.check.id);
    clockAt.now = Date.parse(s.check.openAt) + minute;
    const done = await call(s.dispatcher, 'POST', `/branches/${s.branchId}/duties/${s.check.id}/complete`, {
      body: { version: claimedCopy.version, result: { expectedFinish: s.order.promisedAt } },
    });
    expect(done.status).toBe(200);
    // The sweeper acts on the copy it read before the answer.
    const raised = await escalateIfOpen(store(), claimedCopy, {
      now: new Date(clockAt.now),
      dueAt: new Date(clockAt.now),
    });
    expect(raised).toBeUndefined();
    expect(await s.mine(s.supervisor)).toEqual([]);
  });
});
