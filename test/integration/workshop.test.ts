import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import type { Order } from '../../shared/orders/schemas/order';
import { teamLoadKey } from '../../shared/orders/store/workshop';
import { store } from '../../shared/platform/dynamo/client';
import { getRecord } from '../../shared/platform/dynamo/records';
import { call, givenBranch, hire, staff, type TestActor } from '../support/api';
import { fromNow } from '../support/clock';
import { givenCustomerWithVehicle, givenOrder } from '../support/orders';
import { measure } from '../support/request-count';

/**
 * The workshop (R-RO-4, R-WS-2, R-WS-4, R-WS-5): the car is transferred with its receiver and
 * time, jobs are spread evenly over the teams, parts are tracked from requested to delivered, a
 * team marks its work done and the car enters the inspector's queue.
 */
const hour = 3_600_000;
const minutesAgo = (m: number) => fromNow(-m * 60_000);

/** A real staff member of the branch (membership item), signed in as themselves. */

async function setup(teamCount = 3) {
  const branchId = await givenBranch();
  const advisor = staff(['advisor'], [branchId], '李接待');
  const dispatcher = await hire(branchId, ['dispatcher'], '调度 周');
  const leads: TestActor[] = [];
  for (const name of ['班组 A', '班组 B', '班组 C'].slice(0, teamCount)) {
    leads.push(await hire(branchId, ['team-lead'], name));
  }
  const owner = await givenCustomerWithVehicle(branchId, advisor);
  const base = `/branches/${branchId}/orders`;
  return { branchId, advisor, dispatcher, leads, owner, base };
}

type Setup = Awaited<ReturnType<typeof setup>>;

/** A handover already on file (R-RO-3), so the order may go to the workshop. */
const handover = (): NonNullable<Order['handover']> => ({
  documents: [{ name: 'Vehicle licence', present: true }],
  belongings: [],
  belongingsConfirmedBy: '陈先生',
  keyTag: 'K-1',
  keySlot: `S-${ulid().slice(-6)}`,
  fuelLevel: 4,
  odometerKm: 42_100,
  recordedBy: { staffId: 'FIXTURE', name: 'Fixture' },
  at: fromNow(0),
});

async function transfer(s: Setup, order: Order, overrides: Record<string, unknown> = {}) {
  return call(s.advisor, 'POST', `${s.base}/${order.id}/transfer`, {
    body: {
      version: order.version,
      washed: true,
      receivedBy: s.dispatcher.staffId,
      mode: 'single_team',
      ...overrides,
    },
  });
}

async function openJobs(branchId: string, lead: TestActor): Promise<number> {
  return Number((await getRecord(store(), teamLoadKey(branchId, lead.staffId)))?.open ?? 0);
}

/** An order in the workshop with these teams on it (through the API, so the counters are real). */
async function inWorkshopWith(s: Setup, teams: TestActor[]) {
  const order = await givenOrder(s.branchId, s.owner, 'confirmed', {
    handover: handover(),
  });
  await transfer(s, order, { mode: 'multi_team' });
  const assigned = await call(s.dispatcher, 'POST', `${s.base}/${order.id}/assignTeams`, {
    body: { version: 2, teamIds: teams.map((t) => t.staffId) },
  });
  expect(assigned.status).toBe(200);
  return assigned.body as Order;
}

describe('transfer to the workshop (R-RO-4)', () => {
  it('records washed, receiver and time, and sends a single-team job to the least loaded team (R-WS-2)', async () => {
    const s = await setup();
    const order = await givenOrder(s.branchId, s.owner, 'confirmed', { handover: handover() });
    const receivedAt = minutesAgo(5);
    const { result: moved, requests } = await measure(() => transfer(s, order, { receivedAt }));

    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      state: 'in_workshop',
      transfer: {
        washed: true,
        receivedBy: { staffId: s.dispatcher.staffId, name: '调度 周' },
        receivedAt,
        mode: 'single_team',
        recordedBy: { staffId: s.advisor.staffId },
      },
      workshopStartAt: receivedAt,
      teams: [
        { teamId: s.leads[0]?.staffId, teamName: '班组 A', assignedBy: { staffId: s.advisor.staffId } },
      ],
    });
    expect(await openJobs(s.branchId, s.leads[0] as TestActor)).toBe(1);
    // The order, the branch's staff and the team counters read side by side, then one transaction.
    expect(requests.toSorted()).toEqual(['GetItem', 'Query', 'Query', 'TransactWriteItems']);
  });

  it('spreads six single-team jobs evenly over three team leads (R-WS-2)', async () => {
    const s = await setup(3);
    const assigned: string[] = [];
    for (let i = 0; i < 6; i++) {
      const order = await givenOrder(s.branchId, s.owner, 'confirmed', { handover: handover() });
      const moved = await transfer(s, order);
      expect(moved.status).toBe(200);
      assigned.push(moved.body.teams[0].teamName);
    }
    expect(assigned).toEqual(['班组 A', '班组 B', '班组 C', '班组 A', '班组 B', '班组 C']);
    for (const lead of s.leads) expect(await openJobs(s.branchId, lead)).toBe(2);

    const teams = await call(s.dispatcher, 'GET', `/branches/${s.branchId}/workshop/teams`);
    expect(teams.body.items.map((t: { open: number }) => t.open)).toEqual([2, 2, 2]);
  });

  it('sends the job to the team chosen when one is', async () => {
    const s = await setup();
    const order = await givenOrder(s.branchId, s.owner, 'confirmed', { handover: handover() });
    const moved = await transfer(s, order, { teamId: s.leads[2]?.staffId });
    expect(moved.body.teams).toMatchObject([{ teamId: s.leads[2]?.staffId }]);
    expect(await openJobs(s.branchId, s.leads[2] as TestActor)).toBe(1);
  });

  it('sends a multi-team job to the workshop supervisor with no team yet; the dispatcher assigns the teams', async () => {
    const s = await setup();
    const order = await givenOrder(s.branchId, s.owner, 'confirmed', { handover: handover() });
    const moved = await transfer(s, order, { mode: 'multi_team' });
    expect(moved.body).toMatchObject({ state: 'in_workshop', teams: [], transfer: { mode: 'multi_team' } });

    const [a, b, c] = s.leads as [TestActor, TestActor, TestActor];
    const { result: assigned, requests } = await measure(() =>
      call(s.dispatcher, 'POST', `${s.base}/${order.id}/assignTeams`, {
        body: { version: 2, teamIds: [a.staffId, b.staffId] },
      }),
    );
    expect(assigned.status).toBe(200);
    expect(assigned.body.teams.map((t: { teamName: string }) => t.teamName)).toEqual(['班组 A', '班组 B']);
    expect(requests.toSorted()).toEqual(['GetItem', 'Query', 'TransactWriteItems']);

    // Swapping B for C gives B's job back and C takes one.
    const swapped = await call(s.dispatcher, 'POST', `${s.base}/${order.id}/assignTeams`, {
      body: { version: 3, teamIds: [a.staffId, c.staffId] },
    });
    expect(swapped.status).toBe(200);
    expect([
      await openJobs(s.branchId, a),
      await openJobs(s.branchId, b),
      await openJobs(s.branchId, c),
    ]).toEqual([1, 0, 1]);
  });

  it('refuses a transfer before the handover with 422 (R-RO-3)', async () => {
    const s = await setup();
    const order = await givenOrder(s.branchId, s.owner, 'confirmed');
    const refused = await transfer(s, order);
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toContain('handover');
  });

  it('refuses a car not washed with 400 naming body.washed, and it stays at reception (R-RO-4)', async () => {
    const s = await setup(1);
    const order = await givenOrder(s.branchId, s.owner, 'confirmed', { handover: handover() });
    const refused = await transfer(s, order, { washed: false });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'body.washed' })]);
    expect((await call(s.advisor, 'GET', `${s.base}/${order.id}`)).body.state).toBe('confirmed');
  });

  it.each([
    ['20 minutes ago', () => minutesAgo(20)],
    ['15 minutes ahead', () => minutesAgo(-15)],
  ])('refuses a receipt time %s: it is recorded to within 10 minutes (R-RO-4)', async (_case, receivedAt) => {
    const s = await setup(1);
    const order = await givenOrder(s.branchId, s.owner, 'confirmed', { handover: handover() });
    const refused = await transfer(s, order, { receivedAt: receivedAt() });
    expect(refused.status).toBe(422);
    expect(refused.body.rule).toBe('R-RO-4');
    expect((await call(s.advisor, 'GET', `${s.base}/${order.id}`)).body.state).toBe('confirmed');
  });

  it('refuses a receiver who is not a dispatcher of the branch with 400 naming the field', async () => {
    const s = await setup(1);
    const order = await givenOrder(s.branchId, s.owner, 'confirmed', { handover: handover() });
    const refused = await transfer(s, order, { receivedBy: s.leads[0]?.staffId });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].path).toBe('body.receivedBy');
  });

  it('refuses a single-team job in a branch without teams with 422 (R-WS-2)', async () => {
    const s = await setup(0);
    const order = await givenOrder(s.branchId, s.owner, 'confirmed', { handover: handover() });
    const refused = await transfer(s, order);
    expect(refused.status).toBe(422);
    expect(refused.body.rule).toBe('R-WS-2');
  });
});

describe('parts requests (R-WS-5)', () => {
  it('tracks a request from the team to its delivery by the parts clerk: who and when', async () => {
    const s = await setup(1);
    const lead = s.leads[0] as TestActor;
    const order = await inWorkshopWith(s, [lead]);
    const requested = await call(lead, 'POST', `${s.base}/${order.id}/requestParts`, {
      body: {
        version: order.version,
        items: [{ description: 'Brake fluid DOT4', partNo: 'BF-4', quantity: 1 }],
      },
    });
    expect(requested.status).toBe(200);
    const request = requested.body.partsRequests[0];
    expect(request).toMatchObject({
      status: 'requested',
      requestedBy: { staffId: lead.staffId },
      teamId: lead.staffId,
      teamName: '班组 A',
    });

    const clerk = staff(['parts-clerk'], [s.branchId], '配件 吴');
    const delivered = await call(clerk, 'POST', `${s.base}/${order.id}/deliverParts`, {
      body: { version: requested.body.version, requestId: request.id, receivedBy: '技工 刘' },
    });
    expect(delivered.status).toBe(200);
    expect(delivered.body.partsRequests[0]).toMatchObject({
      status: 'delivered',
      deliveredBy: { staffId: clerk.staffId, name: '配件 吴' },
      receivedBy: '技工 刘',
    });
    expect(delivered.body.partsRequests[0].deliveredAt >= request.requestedAt).toBe(true);

    const twice = await call(clerk, 'POST', `${s.base}/${order.id}/deliverParts`, {
      body: { version: delivered.body.version, requestId: request.id, receivedBy: '技工 刘' },
    });
    expect(twice.status).toBe(409);
  });

  it.each([
    ['a team lead not on the order', 'outsider', {}, 400, 'body.teamId'],
    ['a team lead asking for another team', 'lead', { teamId: 'B' }, 403, undefined],
    ['a dispatcher without naming the team', 'dispatcher', {}, 400, 'body.teamId'],
  ] as const)(
    'refuses parts requested by %s, and the order is unchanged',
    async (_, who, extra, status, path) => {
      const s = await setup(2);
      const [a, b] = s.leads as [TestActor, TestActor];
      const order = await inWorkshopWith(s, [a]);
      const actor = who === 'outsider' ? b : who === 'lead' ? a : s.dispatcher;
      const body = {
        version: order.version,
        items: [{ description: 'Wiper blade', quantity: 2 }],
        ...('teamId' in extra ? { teamId: b.staffId } : {}),
      };
      const refused = await call(actor, 'POST', `${s.base}/${order.id}/requestParts`, { body });
      expect(refused.status).toBe(status);
      if (path) expect(refused.body.errors[0].path).toBe(path);
      expect((await call(s.advisor, 'GET', `${s.base}/${order.id}`)).body.partsRequests).toEqual([]);
    },
  );

  it("holds back only the team whose parts are missing; a dispatcher's request counts for the team it names", async () => {
    const s = await setup(2);
    const [a, b] = s.leads as [TestActor, TestActor];
    const order = await inWorkshopWith(s, [a, b]);
    const requested = await call(s.dispatcher, 'POST', `${s.base}/${order.id}/requestParts`, {
      body: {
        version: order.version,
        teamId: b.staffId,
        items: [{ description: 'Wiper blade', quantity: 2 }],
      },
    });
    expect(requested.status).toBe(200);
    const aDone = await call(a, 'POST', `${s.base}/${order.id}/completeWork`, {
      body: { version: requested.body.version },
    });
    expect(aDone.status).toBe(200);
    const bRefused = await call(b, 'POST', `${s.base}/${order.id}/completeWork`, {
      body: { version: aDone.body.version },
    });
    expect(bRefused.status).toBe(422);
    expect(bRefused.body.rule).toBe('R-WS-5');
  });

  it('refuses a delivery without the team member who took the parts (400 naming body.receivedBy)', async () => {
    const s = await setup(1);
    const lead = s.leads[0] as TestActor;
    const order = await inWorkshopWith(s, [lead]);
    const requested = await call(lead, 'POST', `${s.base}/${order.id}/requestParts`, {
      body: { version: order.version, items: [{ description: 'Brake fluid', quantity: 1 }] },
    });
    const clerk = staff(['parts-clerk'], [s.branchId], '配件 吴');
    const refused = await call(clerk, 'POST', `${s.base}/${order.id}/deliverParts`, {
      body: { version: requested.body.version, requestId: requested.body.partsRequests[0].id },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].path).toBe('body.receivedBy');
  });

  it('refuses a team lead delivering parts (only the parts clerk does, R-ACC-3)', async () => {
    const s = await setup(1);
    const order = await givenOrder(s.branchId, s.owner, 'in_workshop');
    const denied = await call(s.leads[0], 'POST', `${s.base}/${order.id}/deliverParts`, {
      body: { version: 1, requestId: 'x', receivedBy: '技工 刘' },
    });
    expect(denied.status).toBe(403);
  });
});

describe("finishing the work and the inspector's queue (R-WS-4)", () => {
  it("moves a single-team order to quality_check when its team is done, and shows it in the inspector's queue", async () => {
    const s = await setup(1);
    const lead = s.leads[0] as TestActor;
    const inspector = await hire(s.branchId, ['inspector'], '檢驗 林');
    const order = await inWorkshopWith(s, [lead]);
    expect(await openJobs(s.branchId, lead)).toBe(1);

    const { result: done, requests } = await measure(() =>
      call(lead, 'POST', `${s.base}/${order.id}/completeWork`, { body: { version: order.version } }),
    );
    expect(done.status).toBe(200);
    expect(done.body.state).toBe('quality_check');
    expect(done.body.workDoneAt).toBe(done.body.teams[0].doneAt);
    // The order, the branch's people (who inspects) and their absences, then one transaction.
    expect(requests).toEqual(['GetItem', 'Query', 'Query', 'TransactWriteItems']);
    expect(await openJobs(s.branchId, lead)).toBe(0);

    const queue = await call(inspector, 'GET', s.base, { query: { state: 'quality_check' } });
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((o: Order) => o.id)).toEqual([order.id]);

    // Told at once: the car is in the inspector's own duties, due within the record limit (R-QC-3).
    const mine = async () => (await call(inspector, 'GET', `/branches/${s.branchId}/duties/mine`)).body.items;
    const [duty] = await mine();
    expect(duty).toMatchObject({
      kind: 'inspection',
      subject: { kind: 'order', id: order.id },
      openAt: done.body.workDoneAt,
      dueAt: new Date(Date.parse(done.body.workDoneAt) + 120 * 60_000).toISOString(),
    });
    const generic = await call(inspector, 'POST', `/branches/${s.branchId}/duties/${duty.id}/complete`, {
      body: { version: duty.version, result: { note: 'looked at it' } },
    });
    expect(generic.status).toBe(422);
    // Filing the inspection is what completes it.
    const passed = await call(inspector, 'POST', `${s.base}/${order.id}/passInspection`, {
      body: { version: done.body.version, assembliesInspected: 1, recordComplete: true },
    });
    expect(passed.status).toBe(200);
    expect(await mine()).toEqual([]);
  });

  it('keeps a multi-team order in the workshop until its last team is done', async () => {
    const s = await setup(2);
    const [a, b] = s.leads as [TestActor, TestActor];
    const order = await inWorkshopWith(s, [a, b]);
    const first = await call(a, 'POST', `${s.base}/${order.id}/completeWork`, {
      body: { version: order.version },
    });
    expect(first.status).toBe(200);
    expect(first.body.state).toBe('in_workshop');
    expect(first.body.teams.map((t: { doneAt?: string }) => Boolean(t.doneAt))).toEqual([true, false]);

    const again = await call(a, 'POST', `${s.base}/${order.id}/completeWork`, {
      body: { version: first.body.version },
    });
    expect(again.status).toBe(409);

    const last = await call(s.dispatcher, 'POST', `${s.base}/${order.id}/completeWork`, {
      body: { version: first.body.version, teamId: b.staffId },
    });
    expect(last.status).toBe(200);
    expect(last.body.state).toBe('quality_check');
    expect([await openJobs(s.branchId, a), await openJobs(s.branchId, b)]).toEqual([0, 0]);
  });

  it('refuses to finish while a parts request of the team is not delivered (R-WS-5)', async () => {
    const s = await setup(1);
    const lead = s.leads[0] as TestActor;
    const order = await inWorkshopWith(s, [lead]);
    const requested = await call(lead, 'POST', `${s.base}/${order.id}/requestParts`, {
      body: { version: order.version, items: [{ description: 'Wiper blade', quantity: 2 }] },
    });
    const refused = await call(lead, 'POST', `${s.base}/${order.id}/completeWork`, {
      body: { version: requested.body.version },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toContain(requested.body.partsRequests[0].id);
    expect((await call(lead, 'GET', `${s.base}/${order.id}`)).body.state).toBe('in_workshop');
  });

  it("refuses a team lead marking another team's work done with 403", async () => {
    const s = await setup(2);
    const [a, b] = s.leads as [TestActor, TestActor];
    const order = await inWorkshopWith(s, [a, b]);
    const denied = await call(a, 'POST', `${s.base}/${order.id}/completeWork`, {
      body: { version: order.version, teamId: b.staffId },
    });
    expect(denied.status).toBe(403);
  });

  it('refuses to finish while an add-on waits for the customer (409 naming awaiting_addon)', async () => {
    const s = await setup(1);
    const order = await givenOrder(s.branchId, s.owner, 'awaiting_addon');
    const own = await call(s.leads[0], 'POST', `${s.base}/${order.id}/completeWork`, {
      body: { version: 1 },
    });
    expect(own.status).toBe(409);
    expect(own.body).toMatchObject({ state: 'awaiting_addon' });
    expect(own.body.allowedActions).toContain('answerAddOn');
  });
});

describe('the job board (R-WS-2)', () => {
  it('lists the orders of one state by promised time, paged, and nothing of another branch', async () => {
    const s = await setup(0);
    const promise = (h: number) => fromNow(h * hour);
    const late = await givenOrder(s.branchId, s.owner, 'in_workshop', { promisedAt: promise(9) });
    const soon = await givenOrder(s.branchId, s.owner, 'in_workshop', { promisedAt: promise(3) });
    const middle = await givenOrder(s.branchId, s.owner, 'in_workshop', { promisedAt: promise(5) });
    await givenOrder(s.branchId, s.owner, 'quality_check');
    const elsewhere = await givenBranch();
    await givenOrder(elsewhere, s.owner, 'in_workshop', { promisedAt: promise(1) });

    const { result: first, requests } = await measure(() =>
      call(s.dispatcher, 'GET', s.base, { query: { state: 'in_workshop', limit: '2' } }),
    );
    expect(first.status).toBe(200);
    expect(first.body.items.map((o: Order) => o.id)).toEqual([soon.id, middle.id]);
    expect(requests).toEqual(['Query']);
    const second = await call(s.dispatcher, 'GET', s.base, {
      query: { state: 'in_workshop', limit: '2', cursor: first.body.nextCursor },
    });
    expect(second.body.items.map((o: Order) => o.id)).toEqual([late.id]);
    expect(second.body.nextCursor).toBeUndefined();
  });

  it('R-WS-2: without a state, every open job of the branch, grouped by state in lifecycle order and by promise, in one Query', async () => {
    const s = await setup(0);
    const promise = (h: number) => fromNow(h * hour);
    // Fixtures write orders straight to the table, without the open-order guard of R-RO-6, so one
    // car stands for every job here.
    const checkLate = await givenOrder(s.branchId, s.owner, 'quality_check', { promisedAt: promise(5) });
    const workLate = await givenOrder(s.branchId, s.owner, 'in_workshop', { promisedAt: promise(4) });
    const draft = await givenOrder(s.branchId, s.owner, 'draft', { promisedAt: promise(6) });
    const workSoon = await givenOrder(s.branchId, s.owner, 'in_workshop', { promisedAt: promise(2) });
    const settled = await givenOrder(s.branchId, s.owner, 'settled', { promisedAt: promise(1) });
    await givenOrder(s.branchId, s.owner, 'exited', { promisedAt: promise(1) });
    await givenOrder(s.branchId, s.owner, 'cancelled', { promisedAt: promise(1) });

    const { result: board, requests } = await measure(() => call(s.dispatcher, 'GET', s.base));
    expect(board.status).toBe(200);
    expect(board.body.items.map((o: Order) => [o.state, o.id])).toEqual([
      ['draft', draft.id],
      ['in_workshop', workSoon.id],
      ['in_workshop', workLate.id],
      ['quality_check', checkLate.id],
      ['settled', settled.id],
    ]);
    expect(requests).toEqual(['Query']);
    // A closed state is still listable on its own.
    const exited = await call(s.dispatcher, 'GET', s.base, { query: { state: 'exited' } });
    expect(exited.body.items.map((o: Order) => o.state)).toEqual(['exited']);
  });

  it.each([['with an unknown state', { state: 'parked' }, 'query.state']])(
    'refuses a board query %s with 400',
    async (_case, query, path) => {
      const s = await setup(0);
      const refused = await call(s.dispatcher, 'GET', s.base, { query });
      expect(refused.status).toBe(400);
      expect(refused.body.errors[0].path).toBe(path);
    },
  );
});

describe('moving the promise by hand', () => {
  it('moves the promise with the reason in the log; the board follows', async () => {
    const s = await setup(0);
    const order = await givenOrder(s.branchId, s.owner, 'in_workshop');
    // The next day, same hour: inside the branch's opening hours (R-RO-2).
    const later = new Date(Date.parse(order.promisedAt) + 24 * hour).toISOString();
    const moved = await call(s.advisor, 'POST', `${s.base}/${order.id}/movePromise`, {
      body: { version: 1, promisedAt: later, reason: 'Paint needs a second day' },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ promisedAt: later, originalPromisedAt: order.originalPromisedAt });
    const log = await call(
      s.advisor,
      'GET',
      `/branches/${s.branchId}/customers/${s.owner.customerId}/timeline`,
    );
    expect(log.body.items[0].summary).toContain('Paint needs a second day');
    const board = await call(s.advisor, 'GET', s.base, { query: { state: 'in_workshop' } });
    expect(board.body.items).toMatchObject([{ id: order.id, promisedAt: later }]);
  });

  it('refuses a moved promise that leaves no buffer from now (R-RO-2)', async () => {
    const s = await setup(0);
    const order = await givenOrder(s.branchId, s.owner, 'in_workshop');
    const refused = await call(s.advisor, 'POST', `${s.base}/${order.id}/movePromise`, {
      body: { version: 1, promisedAt: fromNow(10 * 60_000), reason: 'Faster' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.rule).toBe('R-RO-2');
  });
});
