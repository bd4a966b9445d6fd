import { describe, expect, it } from 'vitest';
import type { Duty } from '../../shared/duty-engine/schemas';
import { getDuty } from '../../shared/duty-engine/store';
import { sweep } from '../../shared/duty-engine/sweeper';
import { finishAbsence, startAbsence } from '../../shared/follow-up/actions/absences';
import { dutyPerformers } from '../../shared/performers';
import { store } from '../../shared/platform/dynamo/client';
import { call, givenBranch, hire, staff, type TestActor } from '../support/api';
import { clockAt, day, hour, iso, minute, useFarFutureClock } from '../support/far-clock';
import { exitBody, givenCustomerWithVehicle, givenOrder } from '../support/orders';

useFarFutureClock();

/**
 * After-sales follow-up (issue 4 item 4, R-FUP-1..6) over HTTP on DynamoDB Local: the calls after
 * an exit, the call record with what it leaves open, escalation and same-day solutions, absences
 * with delegates, and the call register. Each test runs in an hour of its own far in the future
 * (test/support/far-clock.ts), so sweeps see only its own duties.
 */

const sweepAt = async (at: number) => {
  clockAt.now = at;
  await sweep({ store: store(), performers: dutyPerformers(store()) });
};

async function givenFollowUpBranch() {
  const branchId = await givenBranch();
  const advisor = staff(['advisor'], [branchId], '李接待');
  const agent = await hire(branchId, ['follow-up'], '跟蹤 陳');
  const colleague = await hire(branchId, ['follow-up'], '跟蹤 黃');
  const supervisor = await hire(branchId, ['supervisor'], '主管 王');
  return { branchId, advisor, agent, colleague, supervisor };
}

type Branch = Awaited<ReturnType<typeof givenFollowUpBranch>>;

/** A supervisor (or `by`) records an absence through the API (R-FUP-1). */
function recordAbsence(
  b: Branch,
  a: { by?: TestActor; staffId: string; delegateId: string; from: number; until: number },
) {
  return call(a.by ?? b.supervisor, 'POST', `/branches/${b.branchId}/absences`, {
    body: { staffId: a.staffId, delegateId: a.delegateId, from: iso(a.from), until: iso(a.until) },
  });
}

/** A customer whose designated agent is `agent` (R-FUP-1), with a car. */
async function givenCustomer(b: Branch, agent: TestActor | undefined = b.agent) {
  const owner = await givenCustomerWithVehicle(b.branchId, b.advisor);
  if (agent) {
    const read = await call(b.advisor, 'GET', `/branches/${b.branchId}/customers/${owner.customerId}`);
    const set = await call(b.advisor, 'PATCH', `/branches/${b.branchId}/customers/${owner.customerId}`, {
      body: {
        version: read.body.version,
        followUpAgentId: agent.staffId,
        preferredContactTimes: '平日 18:00 後',
      },
    });
    expect(set.status).toBe(200);
  }
  return owner;
}

/** The car leaves now (R-PKP-5); returns the exit time. */
async function exitNow(b: Branch, owner: Awaited<ReturnType<typeof givenCustomer>>) {
  const order = await givenOrder(b.branchId, owner, 'settled');
  const exited = await call(b.advisor, 'POST', `/branches/${b.branchId}/orders/${order.id}/exit`, {
    body: { version: order.version, ...exitBody },
  });
  if (exited.status !== 200) throw new Error(`exit: ${JSON.stringify(exited.body)}`);
  return { order, at: clockAt.now };
}

async function queue(b: Branch, who: TestActor): Promise<Duty[]> {
  const listed = await call(who, 'GET', `/branches/${b.branchId}/duties/mine`);
  expect(listed.status).toBe(200);
  return listed.body.items;
}

const callBody = (customerId: string, extra: Record<string, unknown> = {}) => ({
  customerId,
  direction: 'outgoing',
  purpose: 'follow-up',
  topics: ['vehicle-use', 'service-opinion'],
  keyPoints: '車況良好，對保養滿意',
  ...extra,
});

async function recordCall(b: Branch, who: TestActor, body: Record<string, unknown>) {
  return call(who, 'POST', `/branches/${b.branchId}/calls`, { body });
}

describe('follow-up calls after an exit (R-FUP-2, R-FUP-3)', () => {
  it('the exit gives the designated agent the first call, open from day 3 and due at day 7', async () => {
    const b = await givenFollowUpBranch();
    const owner = await givenCustomer(b);
    const exit = await exitNow(b, owner);

    // Not in the agent's "now" list before the window opens.
    clockAt.now = exit.at + 3 * day - minute;
    expect(await queue(b, b.agent)).toEqual([]);
    clockAt.now = exit.at + 3 * day;
    expect(await queue(b, b.agent)).toEqual([
      expect.objectContaining({
        kind: 'follow-up-call',
        assignee: b.agent.staffId,
        subject: { kind: 'customer', id: owner.customerId },
        openAt: iso(exit.at + 3 * day),
        dueAt: iso(exit.at + 7 * day),
        payload: expect.objectContaining({
          round: 1,
          after: { kind: 'order', id: exit.order.id },
          plate: owner.plate,
          preferredContactTimes: '平日 18:00 後',
        }),
      }),
    ]);
  });

  it('a customer without a designated agent is called by one of the branch follow-up agents', async () => {
    const b = await givenFollowUpBranch();
    const owner = await givenCustomer(b, undefined);
    const exit = await exitNow(b, owner);
    clockAt.now = exit.at + 3 * day;
    const duties = [...(await queue(b, b.agent)), ...(await queue(b, b.colleague))];
    expect(duties.map((d) => d.kind)).toEqual(['follow-up-call']);
  });

  it('recording the first call completes it and raises the second, a week later for 7 days; the second must bring something new', async () => {
    const b = await givenFollowUpBranch();
    const owner = await givenCustomer(b);
    const exit = await exitNow(b, owner);
    clockAt.now = exit.at + 4 * day;
    const [first] = await queue(b, b.agent);
    const firstCallAt = clockAt.now;
    const recorded = await recordCall(b, b.agent, callBody(owner.customerId, { dutyId: first?.id }));
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({
      round: 1,
      orderId: exit.order.id,
      purpose: 'follow-up',
      items: [],
    });
    expect(await getDuty(store(), b.branchId, first?.id ?? '')).toMatchObject({
      completedBy: b.agent.staffId,
      result: { callId: recorded.body.id },
    });

    clockAt.now = firstCallAt + 7 * day;
    const [second] = await queue(b, b.agent);
    expect(second).toMatchObject({
      kind: 'follow-up-call',
      openAt: iso(firstCallAt + 7 * day),
      dueAt: iso(firstCallAt + 14 * day),
      payload: expect.objectContaining({ round: 2, firstCallId: recorded.body.id }),
    });

    const repeated = await recordCall(
      b,
      b.agent,
      callBody(owner.customerId, { dutyId: second?.id, topics: ['service-opinion'] }),
    );
    expect(repeated.status).toBe(422);
    expect(repeated.body).toMatchObject({ rule: 'R-FUP-3' });
    expect(await queue(b, b.agent)).toHaveLength(1);

    const fresh = await recordCall(
      b,
      b.agent,
      callBody(owner.customerId, { dutyId: second?.id, topics: ['service-opinion', 'next-maintenance'] }),
    );
    expect(fresh.status).toBe(201);
    expect(fresh.body.round).toBe(2);
    // No third round.
    clockAt.now += 30 * day;
    expect(await queue(b, b.agent)).toEqual([]);
  });

  it('with the supervisor away, a missed call goes to the supervisor’s delegate (R-FUP-1)', async () => {
    const b = await givenFollowUpBranch();
    const owner = await givenCustomer(b);
    const exit = await exitNow(b, owner);
    const away = await recordAbsence(b, {
      by: b.supervisor,
      staffId: b.supervisor.staffId,
      delegateId: b.colleague.staffId,
      from: exit.at + 6 * day,
      until: exit.at + 9 * day,
    });
    expect(away.status).toBe(201);
    await sweepAt(exit.at + 6 * day);
    await sweepAt(exit.at + 7 * day);
    expect(await queue(b, b.supervisor)).toEqual([]);
    expect(await queue(b, b.colleague)).toEqual([
      expect.objectContaining({ kind: 'escalation', delegatedFrom: b.supervisor.staffId }),
    ]);
  });

  it('a first call not made by day 7 goes to the supervisor; made late, it settles the escalation', async () => {
    const b = await givenFollowUpBranch();
    const owner = await givenCustomer(b);
    const exit = await exitNow(b, owner);
    await sweepAt(exit.at + 7 * day);
    expect(await queue(b, b.supervisor)).toEqual([
      expect.objectContaining({
        kind: 'escalation',
        payload: expect.objectContaining({ kind: 'follow-up-call' }),
      }),
    ]);
    clockAt.now += hour;
    const [late] = await queue(b, b.agent);
    expect((await recordCall(b, b.agent, callBody(owner.customerId, { dutyId: late?.id }))).status).toBe(201);
    expect(await queue(b, b.supervisor)).toEqual([]);
  });

  it('closing a consultation of a customer on file raises the first call too', async () => {
    const b = await givenFollowUpBranch();
    const owner = await givenCustomer(b);
    const visit = await call(b.advisor, 'POST', `/branches/${b.branchId}/visits`, {
      body: { customerId: owner.customerId, purpose: 'consultation' },
    });
    expect(visit.status).toBe(201);
    const closed = await call(b.advisor, 'POST', `/branches/${b.branchId}/visits/${visit.body.id}/close`, {
      body: { version: visit.body.version, outcome: 'answered', answer: '保養週期 6 個月' },
    });
    expect(closed.status).toBe(200);
    clockAt.now += 3 * day;
    expect(await queue(b, b.agent)).toEqual([
      expect.objectContaining({
        kind: 'follow-up-call',
        payload: expect.objectContaining({ after: { kind: 'visit', id: visit.body.id } }),
      }),
    ]);
  });
});

describe('the call record and what it leaves open (R-FUP-4)', () => {
  async function callWithOpenRequest() {
    const b = await givenFollowUpBranch();
    const owner = await givenCustomer(b);
    const callAt = clockAt.now;
    const recorded = await recordCall(b, b.agent, {
      ...callBody(owner.customerId, {
        direction: 'incoming',
        purpose: 'complaint',
        topics: [],
        keyPoints: '客戶投訴取車等候太久',
      }),
      items: [
        { kind: 'complaint', text: '取車等了 40 分鐘', answer: '已致歉並說明原因' },
        { kind: 'request', text: '希望週末也能取車' },
      ],
    });
    expect(recorded.status).toBe(201);
    return { b, owner, callAt, recorded: recorded.body };
  }

  it('an unanswered item becomes the agent’s duty, due 2 days after the call; an answered one does not', async () => {
    const { b, callAt, recorded } = await callWithOpenRequest();
    expect(recorded.items).toEqual([
      expect.objectContaining({ id: '1', status: 'answered' }),
      expect.objectContaining({ id: '2', status: 'open', dutyId: expect.any(String) }),
    ]);
    expect(await queue(b, b.agent)).toEqual([
      expect.objectContaining({
        id: recorded.items[1].dutyId,
        kind: 'open-request',
        subject: { kind: 'call', id: recorded.id },
        dueAt: iso(callAt + 2 * day),
      }),
    ]);
  });

  it('still unsolved after 2 days, it goes to the supervisor; the solution closes both and the customer is told the same day', async () => {
    const { b, callAt, recorded } = await callWithOpenRequest();
    await sweepAt(callAt + 2 * day - minute);
    expect(await queue(b, b.supervisor)).toEqual([]);
    await sweepAt(callAt + 2 * day);
    const [escalation] = await queue(b, b.supervisor);
    expect(escalation).toMatchObject({
      kind: 'escalation',
      subject: { kind: 'duty', id: recorded.items[1].dutyId },
    });

    // The supervisor finds the solution (10:10 Shenzhen time: the day ends at 16:00 UTC).
    const solved = await call(
      b.supervisor,
      'POST',
      `/branches/${b.branchId}/calls/${recorded.id}/items/2/solution`,
      {
        body: { version: recorded.version, solution: '週六 9:00-12:00 可取車' },
      },
    );
    expect(solved.status).toBe(200);
    expect(solved.body.items[1]).toMatchObject({ status: 'solved', solution: '週六 9:00-12:00 可取車' });
    expect(await queue(b, b.supervisor)).toEqual([]);
    // (The fixture's archive is incomplete: its R-ARC-2 duty is in the agent's queue too.)
    const [tell] = (await queue(b, b.agent)).filter((d) => d.kind === 'tell-customer');
    const endOfDay = new Date(clockAt.now);
    endOfDay.setUTCHours(16, 0, 0, 0);
    expect(tell).toMatchObject({
      kind: 'tell-customer',
      dueAt: endOfDay.toISOString(),
      payload: expect.objectContaining({ itemId: '2', solution: '週六 9:00-12:00 可取車' }),
    });

    // Telling the customer is a call too (R-FUP-6); it completes the duty.
    const told = await recordCall(b, b.agent, {
      customerId: recorded.customerId,
      direction: 'outgoing',
      purpose: 'solution',
      dutyId: tell?.id,
      keyPoints: '已告知週六可取車，客戶滿意',
    });
    expect(told.status).toBe(201);
    expect((await queue(b, b.agent)).map((d) => d.kind)).toEqual(['archive-incomplete']);
  });

  /** The open request of a call solved by the agent: its `tell-customer` duty is in their queue. */
  async function solvedRequest() {
    const { b, recorded } = await callWithOpenRequest();
    const solved = await call(
      b.agent,
      'POST',
      `/branches/${b.branchId}/calls/${recorded.id}/items/2/solution`,
      {
        body: { version: recorded.version, solution: '週六可取車' },
      },
    );
    expect(solved.status).toBe(200);
    const [tell] = (await queue(b, b.agent)).filter((d) => d.kind === 'tell-customer');
    return { b, tell };
  }

  it('telling the customer is not closed by the generic completion (422): the register must hold the call', async () => {
    const { b, tell } = await solvedRequest();
    const refused = await call(b.agent, 'POST', `/branches/${b.branchId}/duties/${tell?.id}/complete`, {
      body: { version: tell?.version, result: { note: 'told' } },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toContain("purpose 'solution'");
    expect((await queue(b, b.agent)).map((d) => d.id)).toContain(tell?.id);
  });

  it('a solution not told by the end of the day goes to the supervisor', async () => {
    const { b, tell } = await solvedRequest();
    await sweepAt(Date.parse(tell?.dueAt ?? ''));
    expect(await queue(b, b.supervisor)).toEqual([
      expect.objectContaining({
        kind: 'escalation',
        payload: expect.objectContaining({ kind: 'tell-customer' }),
      }),
    ]);
  });

  it.each([
    ['an item already solved', '2', 'solve-twice', 409],
    ['an answered item', '1', 'once', 409],
    ['an item the call does not have', '3', 'once', 404],
    ['a stale version', '2', 'stale', 409],
  ])('a solution for %s is refused (%s)', async (_label, itemId, mode, status) => {
    const { b, recorded } = await callWithOpenRequest();
    const path = `/branches/${b.branchId}/calls/${recorded.id}/items/${itemId}/solution`;
    let version = recorded.version;
    if (mode === 'solve-twice') {
      const first = await call(b.agent, 'POST', path, { body: { version, solution: '可以' } });
      expect(first.status).toBe(200);
      version = first.body.version;
    }
    if (mode === 'stale') version -= 0; // the version read before someone else's change below
    if (mode === 'stale') {
      const other = await call(
        b.agent,
        'POST',
        `/branches/${b.branchId}/calls/${recorded.id}/items/2/solution`,
        {
          body: { version, solution: '可以' },
        },
      );
      expect(other.status).toBe(200);
    }
    const refused = await call(b.agent, 'POST', path, { body: { version, solution: '再次' } });
    expect(refused.status).toBe(status);
  });

  it.each([
    ['a follow-up without topics', { topics: [] }, 'body.topics'],
    ['an incoming follow-up', { direction: 'incoming' }, 'body.purpose'],
    ['a call in the future', { at: '2999-01-01T00:00:00Z' }, 'body.at'],
    ['a call more than 7 days ago', { at: '2000-01-01T00:00:00Z' }, 'body.at'],
    ['no key points', { keyPoints: ' ' }, 'body.keyPoints'],
    ['an unknown topic', { topics: ['weather'] }, 'body.topics.0'],
    ['an unknown field', { mood: 'happy' }, 'body.mood'],
  ])('refuses %s with a 400 naming the field, and files nothing', async (_label, change, path) => {
    const b = await givenFollowUpBranch();
    const owner = await givenCustomer(b);
    const refused = await recordCall(b, b.agent, callBody(owner.customerId, change));
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body.errors)).toContain(`"${path}"`);
    const calls = await call(b.agent, 'GET', `/branches/${b.branchId}/customers/${owner.customerId}/calls`);
    expect(calls.body.items).toEqual([]);
  });

  it('a follow-up duty is completed by recording the call, not by the generic completion (422)', async () => {
    const b = await givenFollowUpBranch();
    const owner = await givenCustomer(b);
    const exit = await exitNow(b, owner);
    clockAt.now = exit.at + 3 * day;
    const [duty] = await queue(b, b.agent);
    const refused = await call(b.agent, 'POST', `/branches/${b.branchId}/duties/${duty?.id}/complete`, {
      body: { version: duty?.version, result: { note: 'called' } },
    });
    expect(refused.status).toBe(422);
    expect(await queue(b, b.agent)).toHaveLength(1);
  });

  it('a call for another customer’s duty is refused (400) and the duty stays open', async () => {
    const b = await givenFollowUpBranch();
    const owner = await givenCustomer(b);
    const other = await givenCustomer(b);
    const exit = await exitNow(b, owner);
    clockAt.now = exit.at + 3 * day;
    const [duty] = await queue(b, b.agent);
    const refused = await recordCall(b, b.agent, callBody(other.customerId, { dutyId: duty?.id }));
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body.errors)).toContain('body.dutyId');
    expect(await queue(b, b.agent)).toHaveLength(1);
  });

  it('someone else’s duty is refused (403); the supervisor may record it', async () => {
    const b = await givenFollowUpBranch();
    const owner = await givenCustomer(b);
    const exit = await exitNow(b, owner);
    clockAt.now = exit.at + 3 * day;
    const [duty] = await queue(b, b.agent);
    expect((await recordCall(b, b.colleague, callBody(owner.customerId, { dutyId: duty?.id }))).status).toBe(
      403,
    );
    expect((await recordCall(b, b.supervisor, callBody(owner.customerId, { dutyId: duty?.id }))).status).toBe(
      201,
    );
  });
});

describe('absences and delegates (R-FUP-1)', () => {
  async function agentWithOpenCall() {
    const b = await givenFollowUpBranch();
    const owner = await givenCustomer(b);
    const exit = await exitNow(b, owner);
    clockAt.now = exit.at + 3 * day;
    return { b, owner, exit };
  }

  const absence = (b: Branch, from: number, until: number, extra: Record<string, unknown> = {}) =>
    call(b.supervisor, 'POST', `/branches/${b.branchId}/absences`, {
      body: {
        staffId: b.agent.staffId,
        delegateId: b.colleague.staffId,
        from: iso(from),
        until: iso(until),
        reason: '年假',
        ...extra,
      },
    });

  it('an absence under way moves the open duties to the delegate; new ones go there too; at the end the undone go back', async () => {
    const { b, owner } = await agentWithOpenCall();
    const away = await absence(b, clockAt.now, clockAt.now + 5 * day);
    expect(away.status).toBe(201);
    expect(away.body).toMatchObject({ status: 'active', movedDuties: 1 });
    expect(await queue(b, b.agent)).toEqual([]);
    expect(await queue(b, b.colleague)).toEqual([
      expect.objectContaining({
        kind: 'follow-up-call',
        assignee: b.colleague.staffId,
        delegatedFrom: b.agent.staffId,
      }),
    ]);

    // A second car of the customer leaves during the absence: its call goes to the delegate.
    const second = await exitNow(b, owner);
    clockAt.now = second.at + 3 * day;
    expect((await queue(b, b.colleague)).map((d) => d.delegatedFrom)).toEqual([
      b.agent.staffId,
      b.agent.staffId,
    ]);

    // The delegate makes one call; the other goes back when the absence ends (by the sweeper).
    const [done] = await queue(b, b.colleague);
    expect((await recordCall(b, b.colleague, callBody(owner.customerId, { dutyId: done?.id }))).status).toBe(
      201,
    );
    await sweepAt(Date.parse(away.body.until));
    const back = await queue(b, b.agent);
    expect(back.map((d) => [d.kind, d.assignee, d.delegatedFrom])).toEqual([
      ['follow-up-call', b.agent.staffId, undefined],
    ]);
    // The second round raised by the delegate's call is the agent's, now back.
    clockAt.now += 7 * day;
    expect((await queue(b, b.agent)).map((d) => d.payload.round).sort()).toEqual([1, 2]);
    expect(await queue(b, b.colleague)).toEqual([]);
    const listed = await call(b.supervisor, 'GET', `/branches/${b.branchId}/absences`);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ status: 'ended', movedDuties: 1, returnedDuties: 2 }),
    ]);
  });

  it('a future absence moves the duties when it starts (the sweeper), and ending it early brings them back', async () => {
    const { b } = await agentWithOpenCall();
    const from = clockAt.now + hour;
    const away = await absence(b, from, from + 3 * day);
    expect(away.body).toMatchObject({ status: 'scheduled', movedDuties: 0 });
    expect(await queue(b, b.agent)).toHaveLength(1);

    await sweepAt(from);
    expect(await queue(b, b.agent)).toEqual([]);
    expect(await queue(b, b.colleague)).toHaveLength(1);

    clockAt.now = from + day;
    const read = await call(b.supervisor, 'GET', `/branches/${b.branchId}/absences`);
    const ended = await call(b.supervisor, 'POST', `/branches/${b.branchId}/absences/${away.body.id}/end`, {
      body: { version: read.body.items[0].version },
    });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ status: 'ended', returnedDuties: 1 });
    expect(await queue(b, b.agent)).toHaveLength(1);
    expect(await queue(b, b.colleague)).toEqual([]);
  });

  it.each([
    ['the same delegate', 'colleague'],
    ['another delegate', 'third'],
  ])(
    'a leave extended by a second absence from its end (%s) never hands the duties back meanwhile',
    async (_, next) => {
      const { b } = await agentWithOpenCall();
      const third = await hire(b.branchId, ['follow-up'], '跟蹤 林');
      const nextDelegate = next === 'third' ? third : b.colleague;
      const until = clockAt.now + 2 * day;
      const first = await absence(b, clockAt.now, until);
      expect(first.status).toBe(201);
      const extended = await absence(b, until, until + 5 * day, { delegateId: nextDelegate.staffId });
      expect(extended.status).toBe(201);

      // At the hand-over both duties fire in the same sweep, in either order: here the worse one
      // first (the second absence starts, then the first ends), then the sweep runs both again.
      clockAt.now = until;
      await startAbsence(store(), b.branchId, extended.body.id);
      await finishAbsence(store(), b.branchId, first.body.id);
      expect(await queue(b, b.agent)).toEqual([]);
      await sweepAt(until);
      expect(await queue(b, b.agent)).toEqual([]);
      expect((await queue(b, nextDelegate)).map((d) => [d.kind, d.delegatedFrom])).toEqual([
        ['follow-up-call', b.agent.staffId],
      ]);
      if (next === 'third') expect(await queue(b, b.colleague)).toEqual([]);

      await sweepAt(until + 5 * day);
      expect((await queue(b, b.agent)).map((d) => d.delegatedFrom)).toEqual([undefined]);
      expect(await queue(b, nextDelegate)).toEqual([]);
    },
  );

  it('calling off a later absence leaves the duties with the delegate of the one running now', async () => {
    const { b } = await agentWithOpenCall();
    const running = await absence(b, clockAt.now, clockAt.now + 2 * day);
    const later = await absence(b, clockAt.now + 3 * day, clockAt.now + 4 * day);
    expect([running.status, later.status]).toEqual([201, 201]);
    const off = await call(b.supervisor, 'POST', `/branches/${b.branchId}/absences/${later.body.id}/end`, {
      body: { version: later.body.version },
    });
    expect(off.body.status).toBe('cancelled');
    await sweepAt(clockAt.now + minute);
    expect(await queue(b, b.agent)).toEqual([]);
    expect(await queue(b, b.colleague)).toHaveLength(1);
  });

  it('an absence called off before it starts moves nothing', async () => {
    const { b } = await agentWithOpenCall();
    const from = clockAt.now + day;
    const away = await absence(b, from, from + day);
    const ended = await call(b.supervisor, 'POST', `/branches/${b.branchId}/absences/${away.body.id}/end`, {
      body: { version: away.body.version },
    });
    expect(ended.body.status).toBe('cancelled');
    await sweepAt(from);
    expect(await queue(b, b.agent)).toHaveLength(1);
    expect(await queue(b, b.colleague)).toEqual([]);
  });

  it('refuses ending an absence from a stale version with 409 and its current version, and ends nothing (R-ACC-5)', async () => {
    const { b } = await agentWithOpenCall();
    const from = clockAt.now + day;
    const away = await absence(b, from, from + day);
    const stale = await call(b.supervisor, 'POST', `/branches/${b.branchId}/absences/${away.body.id}/end`, {
      body: { version: away.body.version + 1 },
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      type: '/problems/version-conflict',
      currentVersion: away.body.version,
    });
    const listed = await call(b.supervisor, 'GET', `/branches/${b.branchId}/absences`);
    expect(listed.body.items.map((a: { status: string }) => a.status)).toEqual(['scheduled']);
  });

  it.each([
    ['until before from', { until: '2000-01-01T00:00:00Z' }, 400, 'body.until'],
    ['the delegate is the absent person', { delegateId: 'SELF' }, 400, 'body.delegateId'],
    ['a delegate from elsewhere', { delegateId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }, 400, 'body.delegateId'],
    ['an unknown field', { note: 'x' }, 400, 'body.note'],
  ])('refuses %s (%i, naming the field) and changes nothing', async (_label, change, status, path) => {
    const { b } = await agentWithOpenCall();
    const body =
      'delegateId' in change && change.delegateId === 'SELF' ? { delegateId: b.agent.staffId } : change;
    const refused = await absence(b, clockAt.now, clockAt.now + day, body);
    expect(refused.status).toBe(status);
    expect(JSON.stringify(refused.body.errors)).toContain(`"${path}"`);
    expect(await queue(b, b.agent)).toHaveLength(1);
    expect((await call(b.supervisor, 'GET', `/branches/${b.branchId}/absences`)).body.items).toEqual([]);
  });

  it('refuses an overlapping absence (409) and a delegate who is away themselves (422)', async () => {
    const { b } = await agentWithOpenCall();
    expect((await absence(b, clockAt.now + day, clockAt.now + 3 * day)).status).toBe(201);
    expect((await absence(b, clockAt.now + 2 * day, clockAt.now + 4 * day)).status).toBe(409);
    const colleagueAway = await recordAbsence(b, {
      by: b.supervisor,
      staffId: b.colleague.staffId,
      delegateId: b.supervisor.staffId,
      from: clockAt.now + 5 * day,
      until: clockAt.now + 6 * day,
    });
    expect(colleagueAway.status).toBe(201);
    const refused = await absence(b, clockAt.now + 5 * day, clockAt.now + 7 * day);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ rule: 'R-FUP-1' });
  });

  it('refuses an absence for someone standing in for another at that time (422): one level of delegation', async () => {
    const { b } = await agentWithOpenCall();
    // The colleague is away; the agent stands in.
    const colleagueAway = await recordAbsence(b, {
      by: b.supervisor,
      staffId: b.colleague.staffId,
      delegateId: b.agent.staffId,
      from: clockAt.now,
      until: clockAt.now + 3 * day,
    });
    expect(colleagueAway.status).toBe(201);
    const refused = await recordAbsence(b, {
      by: b.supervisor,
      staffId: b.agent.staffId,
      delegateId: b.supervisor.staffId,
      from: clockAt.now + day,
      until: clockAt.now + 2 * day,
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ rule: 'R-FUP-1' });
    // After that absence ends, the agent may go away.
    const later = await recordAbsence(b, {
      by: b.supervisor,
      staffId: b.agent.staffId,
      delegateId: b.supervisor.staffId,
      from: clockAt.now + 4 * day,
      until: clockAt.now + 5 * day,
    });
    expect(later.status).toBe(201);
  });

  it('only a supervisor records absences (403)', async () => {
    const { b } = await agentWithOpenCall();
    const refused = await recordAbsence(b, {
      by: b.agent,
      staffId: b.agent.staffId,
      delegateId: b.colleague.staffId,
      from: clockAt.now,
      until: clockAt.now + day,
    });
    expect(refused.status).toBe(403);
  });
});

describe('a new designated agent (R-FUP-1)', () => {
  it("takes over the customer's open duties; other customers' stay", async () => {
    const b = await givenFollowUpBranch();
    const owner = await givenCustomer(b);
    const other = await givenCustomer(b);
    await exitNow(b, owner);
    const exit = await exitNow(b, other);
    clockAt.now = exit.at + 3 * day;
    expect(await queue(b, b.agent)).toHaveLength(2);
    const read = await call(b.supervisor, 'GET', `/branches/${b.branchId}/customers/${owner.customerId}`);
    const changed = await call(
      b.supervisor,
      'PATCH',
      `/branches/${b.branchId}/customers/${owner.customerId}`,
      {
        body: { version: read.body.version, followUpAgentId: b.colleague.staffId },
      },
    );
    expect(changed.status).toBe(200);
    expect((await queue(b, b.agent)).map((d) => d.subject.id)).toEqual([other.customerId]);
    expect((await queue(b, b.colleague)).map((d) => [d.subject.id, d.delegatedFrom])).toEqual([
      [owner.customerId, undefined],
    ]);
  });
});

describe('a new designated agent while the old one is away (R-FUP-1)', () => {
  it('takes the customer’s duties from the delegate too, for good', async () => {
    const b = await givenFollowUpBranch();
    const third = await hire(b.branchId, ['follow-up'], '跟蹤 林');
    const owner = await givenCustomer(b);
    const exit = await exitNow(b, owner);
    clockAt.now = exit.at + 3 * day;
    const away = await recordAbsence(b, {
      by: b.supervisor,
      staffId: b.agent.staffId,
      delegateId: b.colleague.staffId,
      from: clockAt.now,
      until: clockAt.now + 2 * day,
    });
    expect(away.status).toBe(201);
    expect(await queue(b, b.colleague)).toHaveLength(1);

    const read = await call(b.supervisor, 'GET', `/branches/${b.branchId}/customers/${owner.customerId}`);
    const changed = await call(
      b.supervisor,
      'PATCH',
      `/branches/${b.branchId}/customers/${owner.customerId}`,
      {
        body: { version: read.body.version, followUpAgentId: third.staffId },
      },
    );
    expect(changed.status).toBe(200);
    expect(await queue(b, b.colleague)).toEqual([]);
    expect((await queue(b, third)).map((d) => [d.subject.id, d.delegatedFrom])).toEqual([
      [owner.customerId, undefined],
    ]);
    // The absence ends: nothing goes back to the old agent.
    await sweepAt(clockAt.now + 2 * day);
    expect(await queue(b, b.agent)).toEqual([]);
    expect(await queue(b, third)).toHaveLength(1);
  });
});

describe('the call register 跟蹤服務電話登記表 (R-FUP-6)', () => {
  it('lists every call of the day, incoming and outgoing, and exports it as CSV', async () => {
    const b = await givenFollowUpBranch();
    const owner = await givenCustomer(b);
    await recordCall(b, b.agent, callBody(owner.customerId));
    clockAt.now += minute;
    await recordCall(b, b.advisor, {
      customerId: owner.customerId,
      direction: 'incoming',
      purpose: 'consultation',
      keyPoints: '詢問保養價格',
      items: [{ kind: 'request', text: '報價單' }],
    });
    const today = new Date(clockAt.now + 8 * hour).toISOString().slice(0, 10);
    const listed = await call(b.supervisor, 'GET', `/branches/${b.branchId}/registers/call`, {
      query: { from: today, to: today },
    });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ direction: 'outgoing', purpose: 'follow-up', agent: '跟蹤 陳', open: 0 }),
      expect.objectContaining({
        direction: 'incoming',
        purpose: 'consultation',
        agent: '李接待',
        items: 1,
        open: 1,
      }),
    ]);
    const csv = await call(b.supervisor, 'GET', `/branches/${b.branchId}/registers/call/export.csv`, {
      query: { from: today, to: today },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(String(csv.body)).toContain('詢問保養價格');

    const timeline = await call(
      b.supervisor,
      'GET',
      `/branches/${b.branchId}/customers/${owner.customerId}/timeline`,
    );
    expect(timeline.body.items.map((e: { action: string }) => e.action)).toContain('call.recorded');
  });
});
