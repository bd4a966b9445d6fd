import { describe, expect, it } from 'vitest';
import { complaintPerformers } from '../../shared/complaints/duties';
import type { Duty } from '../../shared/duty-engine/schemas';
import { sweep } from '../../shared/duty-engine/sweeper';
import { addDays, localDate } from '../../shared/kernel/local-time';
import { store } from '../../shared/platform/dynamo/client';
import { getRecord } from '../../shared/platform/dynamo/records';
import { applyChange } from '../../shared/reports/actions/aggregate';
import { call, givenBranch, hire, staff, type TestActor } from '../support/api';
import { clockAt, hour, iso, minute, openEveryDay, useFarFutureClock } from '../support/far-clock';
import { givenCustomerWithVehicle } from '../support/orders';
import { measure } from '../support/request-count';

useFarFutureClock();

/**
 * Complaint cases through the API against DynamoDB Local (R-CMP-1..4, R-FUP-6, R-ARC-4): taken
 * with the customer's words, answered at once or promised a response time (a duty that escalates
 * to the supervisor when missed), solved (told the same day), closed with the satisfaction; the
 * complaint register (list and CSV) and the customer's timeline. The far-future clock starts at
 * 10:10 in Shenzhen on a random day (test/support/far-clock.ts).
 */
const tz = 'Asia/Shanghai';

async function setting() {
  const branchId = await givenBranch(openEveryDay);
  const advisor = await hire(branchId, ['advisor'], '李接待');
  const supervisor = await hire(branchId, ['supervisor'], '主管 王');
  const owner = await givenCustomerWithVehicle(branchId, advisor);
  const take = (body: Record<string, unknown> = {}, who: TestActor = advisor) =>
    call(who, 'POST', `/branches/${branchId}/complaints`, {
      body: {
        channel: 'phone',
        customerId: owner.customerId,
        vehicleId: owner.vehicleId,
        words: '刹车换了以后还是有异响,等了两个小时没人解释',
        category: 'quality',
        respondBy: iso(clockAt.now + 4 * hour),
        ...body,
      },
    });
  const mine = async (who: TestActor) => {
    const listed = await call(who, 'GET', `/branches/${branchId}/duties/mine`);
    expect(listed.status).toBe(200);
    return listed.body.items as Duty[];
  };
  const today = () => localDate(iso(clockAt.now), tz);
  const register = () =>
    call(supervisor, 'GET', `/branches/${branchId}/registers/complaint`, {
      query: { from: addDays(today(), -1), to: addDays(today(), 1) },
    });
  return { branchId, advisor, supervisor, owner, take, mine, register, today };
}

const sweepAt = async (at: number) => {
  clockAt.now = at;
  await sweep({ store: store(), performers: complaintPerformers(store()) });
};

describe('taking a complaint (R-CMP-1, R-CMP-2)', () => {
  it("R-CMP-1, R-CMP-2: by phone with a promised response time: the customer's words, who took it, told by phone, a duty for the owner; one transaction", async () => {
    const s = await setting();
    const taken = await measure(() => s.take());
    expect(taken.result.status).toBe(201);
    expect(taken.requests.filter((r) => r === 'TransactWriteItems')).toHaveLength(1);
    // The customer and the vehicle it names (the branch is cached), then the one transaction.
    expect(taken.requests).toEqual(['GetItem', 'GetItem', 'TransactWriteItems']);
    const c = taken.result.body;
    expect(c).toMatchObject({
      state: 'open',
      channel: 'phone',
      words: '刹车换了以后还是有异响,等了两个小时没人解释',
      vehicleId: s.owner.vehicleId,
      takenBy: { staffId: s.advisor.staffId, name: '李接待' },
      owner: { staffId: s.advisor.staffId },
      promise: { respondBy: iso(clockAt.now + 4 * hour), told: { method: 'phone', at: iso(clockAt.now) } },
    });
    const duties = await call(
      s.advisor,
      'GET',
      `/branches/${s.branchId}/customers/${s.owner.customerId}/duties`,
    );
    expect(duties.status).toBe(200);
    expect(duties.body.items).toContainEqual(
      expect.objectContaining({
        id: c.promise.dutyId,
        kind: 'complaint-response',
        assignee: s.advisor.staffId,
        dueAt: iso(clockAt.now + 4 * hour),
      }),
    );
    const got = await call(s.supervisor, 'GET', `/branches/${s.branchId}/complaints/${c.id}`);
    expect(got.body).toEqual(c);
  });

  it('R-CMP-2: answered at once: no duty, response time 0, on time', async () => {
    const s = await setting();
    const taken = await s.take({
      respondBy: undefined,
      answer: '已安排技师今天下午复查,费用全免',
      channel: 'in_person',
    });
    expect(taken.status).toBe(201);
    expect(taken.body).toMatchObject({ state: 'answered', answer: { minutes: 0, onTime: true } });
    expect(taken.body.promise).toBeUndefined();
    expect(await s.mine(s.advisor)).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, number, string]>([
    ['no words', { words: undefined }, 400, 'body.words'],
    ['an unknown channel', { channel: 'fax' }, 400, 'body.channel'],
    ['an unknown field', { colour: 'red' }, 400, 'body'],
    ['a response time without its offset', { respondBy: '2031-06-12T10:30:00' }, 400, 'body.respondBy'],
    ['neither an answer nor a promised response time', { respondBy: undefined }, 422, 'R-CMP-2'],
    ['a promised response time already past', { respondBy: '__past' }, 422, 'R-CMP-2'],
    ['a call item without its call', { channel: 'call_item' }, 422, 'R-CMP-1'],
  ])(
    'R-CMP-1, R-CMP-2, R-X-4: refuses %s, naming it and writes nothing',
    async (_case, patch, status, names) => {
      const s = await setting();
      const body = patch.respondBy === '__past' ? { respondBy: iso(clockAt.now - minute) } : patch;
      const answer = await s.take(body);
      expect(answer.status).toBe(status);
      expect(JSON.stringify(answer.body)).toContain(names);
      expect((await s.register()).body.items).toEqual([]);
      expect(await s.mine(s.advisor)).toEqual([]);
    },
  );

  it('R-ACC-3: another branch cannot take, read or answer a complaint here (403)', async () => {
    const s = await setting();
    const other = staff(['supervisor'], ['ZZ'], 'Elsewhere');
    const taken = await s.take();
    expect((await s.take({}, other)).status).toBe(403);
    expect((await call(other, 'GET', `/branches/${s.branchId}/complaints/${taken.body.id}`)).status).toBe(
      403,
    );
    const answered = await call(other, 'POST', `/branches/${s.branchId}/complaints/${taken.body.id}/answer`, {
      body: { version: 1, answer: 'x' },
    });
    expect(answered.status).toBe(403);
    expect((await s.register()).body.items).toHaveLength(1);
  });
});

describe('the promised response time is a duty that escalates (R-CMP-2)', () => {
  it('R-CMP-2: missed by one minute, the sweeper sends it to the supervisor; not a minute before', async () => {
    const s = await setting();
    const taken = await s.take();
    const dueAt = Date.parse(taken.body.promise.respondBy);
    await sweepAt(dueAt - minute);
    expect(await s.mine(s.supervisor)).toEqual([]);
    await sweepAt(dueAt + minute);
    const escalated = await s.mine(s.supervisor);
    expect(escalated).toHaveLength(1);
    expect(escalated[0]).toMatchObject({
      kind: 'escalation',
      subject: { kind: 'duty', id: taken.body.promise.dutyId },
    });
    // The late answer settles the escalation too, and counts as not on time (R-CMP-3).
    const answered = await call(
      s.advisor,
      'POST',
      `/branches/${s.branchId}/complaints/${taken.body.id}/answer`,
      {
        body: { version: 1, answer: '已联系厂家,更换新刹车片' },
      },
    );
    expect(answered.status).toBe(200);
    expect(answered.body.answer).toMatchObject({ onTime: false, minutes: 4 * 60 + 1 });
    expect(await s.mine(s.supervisor)).toEqual([]);
    expect(await s.mine(s.advisor)).toEqual([]);
  });

  it('R-CMP-2: answered in time, nothing escalates', async () => {
    const s = await setting();
    const taken = await s.take();
    clockAt.now += hour;
    const answered = await call(
      s.advisor,
      'POST',
      `/branches/${s.branchId}/complaints/${taken.body.id}/answer`,
      {
        body: { version: 1, answer: '已联系厂家,更换新刹车片' },
      },
    );
    expect(answered.body.answer).toMatchObject({ onTime: true, minutes: 60 });
    await sweepAt(Date.parse(taken.body.promise.respondBy) + minute);
    expect(await s.mine(s.supervisor)).toEqual([]);
  });

  it('R-CMP-2: a new promise moves the duty (told again), the old one is done', async () => {
    const s = await setting();
    const taken = await s.take();
    const later = iso(clockAt.now + 24 * hour);
    const promised = await call(
      s.advisor,
      'POST',
      `/branches/${s.branchId}/complaints/${taken.body.id}/promise`,
      {
        body: { version: 1, respondBy: later, told: { method: 'sms' } },
      },
    );
    expect(promised.status).toBe(200);
    expect(promised.body).toMatchObject({
      promises: 2,
      promise: { respondBy: later, told: { method: 'sms' } },
    });
    const mine = await s.mine(s.advisor);
    expect(mine.map((d) => [d.kind, d.dueAt])).toEqual([['complaint-response', later]]);
  });
});

describe('solving, telling, closing, the register and the timeline (R-CMP-2, R-CMP-3, R-FUP-4, R-FUP-6, R-ARC-4)', () => {
  it('R-CMP-3, R-FUP-4: the solution raises a tell duty due end of day; closing records the satisfaction and completes it', async () => {
    const s = await setting();
    const taken = await s.take();
    const url = `/branches/${s.branchId}/complaints/${taken.body.id}`;
    const solved = await measure(() =>
      call(s.advisor, 'POST', `${url}/solve`, { body: { version: 1, solution: '更换刹车片,免工时费' } }),
    );
    expect(solved.result.status).toBe(200);
    // The case, its response duty and that duty's escalation guard (the branch is cached), one transaction.
    expect(solved.requests).toEqual(['GetItem', 'GetItem', 'GetItem', 'TransactWriteItems']);
    expect(solved.result.body).toMatchObject({ state: 'solved', answer: { onTime: true } });
    const tell = (await s.mine(s.advisor)).find((d) => d.kind === 'complaint-tell');
    expect(tell?.dueAt).toBe(new Date(`${addDays(s.today(), 1)}T00:00:00+08:00`).toISOString());
    const stale = await call(s.advisor, 'POST', `${url}/close`, {
      body: { version: 1, satisfaction: 'satisfied' },
    });
    expect(stale.status).toBe(409);
    const closed = await call(s.advisor, 'POST', `${url}/close`, {
      body: { version: 2, satisfaction: 'satisfied' },
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ state: 'closed', closure: { satisfaction: 'satisfied' } });
    expect(await s.mine(s.advisor)).toEqual([]);
    const again = await call(s.advisor, 'POST', `${url}/answer`, { body: { version: 3, answer: 'x' } });
    expect(again.status).toBe(409);
    const timeline = await call(
      s.advisor,
      'GET',
      `/branches/${s.branchId}/customers/${s.owner.customerId}/timeline`,
    );
    const actions = (timeline.body.items as { action: string }[]).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['complaint.taken', 'complaint.solved', 'complaint.closed']),
    );
  });

  it('R-ACC-5: a stale version is 409 and changes nothing', async () => {
    const s = await setting();
    const taken = await s.take();
    const url = `/branches/${s.branchId}/complaints/${taken.body.id}`;
    await call(s.advisor, 'POST', `${url}/answer`, { body: { version: 1, answer: '已处理' } });
    const stale = await call(s.advisor, 'POST', `${url}/solve`, { body: { version: 1, solution: 'x' } });
    expect(stale.status).toBe(409);
    expect((await call(s.advisor, 'GET', url)).body).toMatchObject({ state: 'answered', version: 2 });
  });

  it('R-CMP-1, R-FUP-6: the complaint register lists every case and exports it as CSV', async () => {
    const s = await setting();
    await s.take();
    await s.take({ respondBy: undefined, answer: '当场答复', channel: 'in_person', category: 'service' });
    const listed = await measure(() => s.register());
    expect(listed.requests).toEqual(['Query']);
    expect(listed.result.body.items).toHaveLength(2);
    expect(listed.result.body.columns).toEqual(
      expect.arrayContaining(['words', 'respondBy', 'responseMinutes', 'satisfaction']),
    );
    const csv = await call(s.supervisor, 'GET', `/branches/${s.branchId}/registers/complaint/export.csv`, {
      query: { from: s.today(), to: s.today() },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(String(csv.body)).toContain('in_person');
    expect(String(csv.body).trim().split('\n')).toHaveLength(3);
  });

  it('R-CMP-4: an SMS reply opens the same case, with the policy response time (48 h) for its owner', async () => {
    const s = await setting();
    const taken = await s.take({ channel: 'sms_reply', respondBy: undefined });
    expect(taken.status).toBe(201);
    expect(taken.body).toMatchObject({
      channel: 'sms_reply',
      state: 'open',
      promise: { respondBy: iso(clockAt.now + 48 * hour) },
    });
    expect(taken.body.promise.told).toBeUndefined();
  });
});

describe("a follow-up call's complaint item is a complaint case (R-CMP-1, R-FUP-4, R-FUP-6: one model)", () => {
  it('R-CMP-1, R-FUP-4: an open complaint item opens a case with its response duty in the call transaction; the item points at it and is solved there', async () => {
    const s = await setting();
    const recorded = await measure(() =>
      call(s.advisor, 'POST', `/branches/${s.branchId}/calls`, {
        body: {
          customerId: s.owner.customerId,
          direction: 'incoming',
          purpose: 'complaint',
          keyPoints: '客戶投訴取車等候太久',
          items: [
            { kind: 'complaint', text: '取車等了 40 分鐘', category: 'waiting' },
            { kind: 'complaint', text: '洗車沒洗乾淨', answer: '已致歉,下次免費洗車' },
          ],
        },
      }),
    );
    expect(recorded.result.status).toBe(201);
    expect(recorded.requests.filter((r) => r === 'TransactWriteItems')).toHaveLength(1);
    const [open, answered] = recorded.result.body.items;
    expect(open).toMatchObject({ status: 'case', complaintId: expect.any(String) });
    expect(open.dutyId).toBeUndefined();
    expect(answered).toMatchObject({ status: 'answered', complaintId: expect.any(String) });
    const c = await call(s.advisor, 'GET', `/branches/${s.branchId}/complaints/${open.complaintId}`);
    expect(c.body).toMatchObject({
      channel: 'call_item',
      category: 'waiting',
      state: 'open',
      words: '取車等了 40 分鐘',
      call: { callId: recorded.result.body.id, itemId: '1' },
      promise: { respondBy: iso(clockAt.now + 48 * hour) },
    });
    const a = await call(s.advisor, 'GET', `/branches/${s.branchId}/complaints/${answered.complaintId}`);
    expect(a.body).toMatchObject({
      state: 'answered',
      answer: { text: '已致歉,下次免費洗車', onTime: true },
    });
    // Only the case's response duty: the call raises no open-request of its own for a complaint.
    expect((await s.mine(s.advisor)).map((d) => d.kind)).toEqual(['complaint-response']);
    const viaCall = await call(
      s.supervisor,
      'POST',
      `/branches/${s.branchId}/calls/${recorded.result.body.id}/items/1/solution`,
      { body: { version: 1, solution: 'x' } },
    );
    expect(viaCall.status).toBe(422);
    expect(viaCall.body.rule).toBe('R-CMP-1');
    const register = await s.register();
    expect(register.body.items).toHaveLength(2);
  });
});

describe('complaint KPIs on the figures and the HQ figures (R-CMP-3, R-RPT-3)', () => {
  it('R-CMP-3, R-RPT-3: count, response time, on-time answers and satisfaction per branch and chain, from the stream', async () => {
    const s = await setting();
    const hq = staff(['hq'], '*', 'HQ analyst');
    // The aggregator sees each write of the case as the stream gives it (before → after).
    let seq = 0;
    const image = async (id: string) =>
      (await getRecord(store(), { pk: `BR#${s.branchId}#CMP#${id}`, sk: 'CMP' })) as Record<string, unknown>;
    const feed = async (id: string, before: Record<string, unknown> | undefined) => {
      const after = await image(id);
      await applyChange(store(), { id: `${s.branchId}-${id}-${++seq}`, before, after });
      return after;
    };
    const url = (id: string) => `/branches/${s.branchId}/complaints/${id}`;
    // 1: promised in 4 h, answered after 1 h (on time), closed satisfied.
    const one = (await s.take()).body;
    let v = await feed(one.id, undefined);
    clockAt.now += hour;
    await call(s.advisor, 'POST', `${url(one.id)}/answer`, { body: { version: 1, answer: '已处理' } });
    v = await feed(one.id, v);
    await call(s.advisor, 'POST', `${url(one.id)}/close`, {
      body: { version: 2, satisfaction: 'satisfied' },
    });
    await feed(one.id, v);
    // 2: promised in 1 h, answered after 3 h (late), closed dissatisfied.
    const two = (await s.take({ respondBy: iso(clockAt.now + hour) })).body;
    v = await feed(two.id, undefined);
    clockAt.now += 3 * hour;
    await call(s.advisor, 'POST', `${url(two.id)}/answer`, { body: { version: 1, answer: '已更换' } });
    v = await feed(two.id, v);
    await call(s.advisor, 'POST', `${url(two.id)}/close`, {
      body: { version: 2, satisfaction: 'dissatisfied' },
    });
    await feed(two.id, v);
    // 3: still open.
    const three = (await s.take()).body;
    await feed(three.id, undefined);

    const range = { from: s.today(), to: s.today() };
    const branch = await call(s.supervisor, 'GET', `/branches/${s.branchId}/figures`, { query: range });
    expect(branch.status).toBe(200);
    const kpis = {
      complaints: 3,
      complaintResponseHours: 2,
      complaintOnTimePercent: 50,
      complaintSatisfactionPercent: 50,
    };
    expect(branch.body.kpis).toMatchObject(kpis);
    expect(branch.body.totals).toMatchObject({
      complaints: 3,
      complaintsAnswered: 2,
      complaintsAnsweredOnTime: 1,
      complaintResponseMinutes: 240,
      complaintsRated: 2,
      complaintsSatisfied: 1,
      complaintsDissatisfied: 1,
    });
    const chain = await call(hq, 'GET', '/hq/figures', { query: { ...range, branches: s.branchId } });
    expect(chain.status).toBe(200);
    expect(chain.body.chain.kpis).toMatchObject(kpis);
    expect(chain.body.branches[0].kpis).toMatchObject(kpis);
  });
});
