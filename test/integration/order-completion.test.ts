import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { localDate } from '../../shared/kernel/local-time';
import { keySlotKey } from '../../shared/orders/actions/order';
import { computeTotals } from '../../shared/orders/rules/pricing';
import type { Order } from '../../shared/orders/schemas/order';
import { getOrder } from '../../shared/orders/store/orders';
import { store } from '../../shared/platform/dynamo/client';
import { getRecord, putStep, transact } from '../../shared/platform/dynamo/records';
import { call, givenBranch, staff, type TestActor } from '../support/api';
import { fromNow, testNow } from '../support/clock';
import { givenCustomerWithVehicle, givenOrder } from '../support/orders';
import { measure } from '../support/request-count';

/**
 * The completion of a repair order over the API: add-on items (R-ADD-1..3), inspection (R-PKP-1,
 * inputs of R-QC), pickup preparation, discount and settlement (R-PKP-4), exit (R-PKP-5).
 * Orders start in the state each rule needs (givenOrder).
 */
let branchId: string;
let owner: Awaited<ReturnType<typeof givenCustomerWithVehicle>>;
let teamLead: TestActor;
let advisor: TestActor;
let inspector: TestActor;
let cashier: TestActor;
let supervisor: TestActor;

// One branch for the file (R-ACC-1 keeps it apart from other suites); a fresh customer and car per
// test, so each vehicle's archive and declined work start empty.
beforeAll(async () => {
  branchId = await givenBranch();
  teamLead = staff(['team-lead'], [branchId], 'Team Lead Wang');
  advisor = staff(['advisor'], [branchId], 'Advisor Li');
  inspector = staff(['inspector'], [branchId], 'Inspector Zhao');
  cashier = staff(['cashier'], [branchId], 'Cashier Chen');
  supervisor = staff(['supervisor'], [branchId], 'Supervisor Huang');
});

beforeEach(async () => {
  owner = await givenCustomerWithVehicle(branchId);
});

const orderPath = (order: { id: string }) => `/branches/${branchId}/orders/${order.id}`;

function act(actor: TestActor, order: Pick<Order, 'id' | 'version'>, action: string, body: object = {}) {
  return call(actor, 'POST', `${orderPath(order)}/${action}`, { body: { version: order.version, ...body } });
}

const brakeDisc = {
  description: 'Replace front brake discs',
  reason: 'Discs below minimum thickness',
  lines: [
    { kind: 'labour', description: 'Replace discs', system: 'brakes', hours: 1, rate: 20_000 },
    {
      kind: 'part',
      description: 'Brake discs (pair)',
      system: 'brakes',
      quantity: 2,
      unitPrice: 38_000,
      supplier: 'shop',
      grade: 'oem',
    },
  ],
  extraMinutes: 90,
  safetyRelated: true,
};

const customerAnswer = (addOnId: string, decision: 'approved' | 'declined') => {
  const contacted = new Date(testNow());
  return {
    addOnId,
    decision,
    channel: 'phone',
    customerContactedAt: contacted.toISOString(),
    workshopToldAt: new Date(contacted.getTime() + 5 * 60_000).toISOString(),
    workshopToldWho: 'Dispatcher Sun',
  };
};

/** The order as stored, to prove a refused action changed nothing. */
const stored = (order: { id: string }): Promise<Order> => getOrder(store(), branchId, order.id);

/** Today's rows of a register that belong to one order (the branch is shared by the file's tests). */
async function registerRows(kind: string, orderId: string) {
  const today = localDate(new Date(testNow()), 'Asia/Shanghai');
  const listed = await call(supervisor, 'GET', `/branches/${branchId}/registers/${kind}`, {
    query: { from: today, to: today, limit: '100' },
  });
  expect(listed.status).toBe(200);
  return (listed.body.items as Record<string, unknown>[]).filter((row) => row.orderId === orderId);
}

describe('add-on items (R-ADD-1..3)', () => {
  it('lets the workshop raise an add-on priced by the server; the order waits for the answer (R-ADD-1)', async () => {
    const order = await givenOrder(branchId, owner, 'in_workshop');
    const { result: raised, requests } = await measure(() => act(teamLead, order, 'raiseAddOn', brakeDisc));
    expect(raised.status).toBe(200);
    expect(requests).toEqual(['GetItem', 'TransactWriteItems']);
    const addOn = raised.body.addOns[0];
    expect(raised.body).toMatchObject({ state: 'awaiting_addon', version: 2 });
    expect(addOn).toMatchObject({
      status: 'pending',
      price: 20_000 + 76_000,
      extraMinutes: 90,
      safetyRelated: true,
      raisedBy: { staffId: teamLead.staffId, name: 'Team Lead Wang' },
    });
    expect(addOn.lines.map((l: { source: string }) => l.source)).toEqual([
      `addon:${addOn.id}`,
      `addon:${addOn.id}`,
    ]);
    // The order's own lines do not change until the customer approves.
    expect(raised.body.totals).toEqual(order.totals);
    expect(await registerRows('addon', order.id)).toEqual([
      expect.objectContaining({ id: addOn.id, orderId: order.id, price: 96_000, status: 'pending' }),
    ]);
  });

  it('adds approved lines to the order, recomputes totals and moves the promised time (R-ADD-2, R-ADD-3)', async () => {
    const order = await givenOrder(branchId, owner, 'in_workshop');
    const raised = (await act(teamLead, order, 'raiseAddOn', brakeDisc)).body;
    const addOnId = raised.addOns[0].id;

    const { result: answered, requests } = await measure(() =>
      act(advisor, raised, 'answerAddOn', customerAnswer(addOnId, 'approved')),
    );
    expect(answered.status).toBe(200);
    expect(requests).toEqual(['GetItem', 'TransactWriteItems']);
    expect(answered.body.state).toBe('in_workshop');
    expect(answered.body.lines).toHaveLength(order.lines.length + 2);
    expect(answered.body.totals.total).toBe(order.totals.total + 96_000);
    expect(Date.parse(answered.body.promisedAt) - Date.parse(order.promisedAt)).toBe(90 * 60_000);
    expect(answered.body.originalPromisedAt).toBe(order.originalPromisedAt);
    expect(answered.body.addOns[0]).toMatchObject({
      status: 'approved',
      answer: {
        decision: 'approved',
        workshopToldWho: 'Dispatcher Sun',
        recordedBy: { staffId: advisor.staffId },
      },
    });
    expect(await registerRows('addon', order.id)).toEqual([
      expect.objectContaining({ id: addOnId, status: 'approved', workshopToldWho: 'Dispatcher Sun' }),
    ]);
  });

  it('keeps the order waiting while another add-on has no answer', async () => {
    const order = await givenOrder(branchId, owner, 'in_workshop');
    const first = (await act(teamLead, order, 'raiseAddOn', brakeDisc)).body;
    const second = (await act(teamLead, first, 'raiseAddOn', { ...brakeDisc, description: 'Wiper blades' }))
      .body;
    const [a, b] = second.addOns;
    const one = (await act(advisor, second, 'answerAddOn', customerAnswer(a.id, 'declined'))).body;
    expect(one.state).toBe('awaiting_addon');
    const both = await act(advisor, one, 'answerAddOn', customerAnswer(b.id, 'approved'));
    expect(both.body.state).toBe('in_workshop');
  });

  it('keeps a declined item on the order and on the vehicle, and offers it again at the next visit', async () => {
    const order = await givenOrder(branchId, owner, 'in_workshop');
    const raised = (await act(teamLead, order, 'raiseAddOn', brakeDisc)).body;
    const addOnId = raised.addOns[0].id;
    const declined = await act(advisor, raised, 'answerAddOn', customerAnswer(addOnId, 'declined'));
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ state: 'in_workshop', totals: order.totals });
    expect(declined.body.addOns[0]).toMatchObject({ status: 'declined', answer: { decision: 'declined' } });

    const path = `/branches/${branchId}/vehicles/${owner.vehicleId}/declined-work`;
    const { result: offered, requests } = await measure(() => call(advisor, 'GET', path));
    expect(requests).toEqual(['Query']);
    expect(offered.body.items).toEqual([
      expect.objectContaining({
        id: addOnId,
        orderId: order.id,
        description: 'Replace front brake discs',
        price: 96_000,
        safetyRelated: true,
        status: 'open',
        timesDeclined: 1,
      }),
    ]);

    // The next visit: offered again and declined once more, the one offer stays open.
    const visit2 = await givenOrder(branchId, owner, 'in_workshop');
    const again = (await act(teamLead, visit2, 'raiseAddOn', { ...brakeDisc, offerOf: addOnId })).body;
    await act(advisor, again, 'answerAddOn', customerAnswer(again.addOns[0].id, 'declined'));
    const stillOpen = (await call(advisor, 'GET', path)).body.items;
    expect(stillOpen).toEqual([
      expect.objectContaining({ id: addOnId, orderId: visit2.id, timesDeclined: 2 }),
    ]);

    // A later visit: approved, the offer is closed.
    const visit3 = await givenOrder(branchId, owner, 'in_workshop');
    const third = (await act(teamLead, visit3, 'raiseAddOn', { ...brakeDisc, offerOf: addOnId })).body;
    await act(advisor, third, 'answerAddOn', customerAnswer(third.addOns[0].id, 'approved'));
    expect((await call(advisor, 'GET', path)).body.items).toEqual([]);
  });

  it('offers declined work once per order, and never reopens work done meanwhile (R-ADD-2)', async () => {
    const first = await givenOrder(branchId, owner, 'in_workshop');
    const raised = (await act(teamLead, first, 'raiseAddOn', brakeDisc)).body;
    const declinedId = raised.addOns[0].id;
    await act(advisor, raised, 'answerAddOn', customerAnswer(declinedId, 'declined'));

    const visit = await givenOrder(branchId, owner, 'in_workshop');
    const offered = (await act(teamLead, visit, 'raiseAddOn', { ...brakeDisc, offerOf: declinedId })).body;
    const twice = await act(teamLead, offered, 'raiseAddOn', { ...brakeDisc, offerOf: declinedId });
    expect(twice.status).toBe(400);
    expect(twice.body.errors[0].path).toBe('body.offerOf');

    // Another order of the same car offers it at the same time; the first approval does the work …
    const other = await givenOrder(branchId, owner, 'in_workshop');
    const parallel = (await act(teamLead, other, 'raiseAddOn', { ...brakeDisc, offerOf: declinedId })).body;
    const approved = await act(
      advisor,
      offered,
      'answerAddOn',
      customerAnswer(offered.addOns[0].id, 'approved'),
    );
    expect(approved.status).toBe(200);
    // … so the other can neither bill it again nor, declined, put it back on offer.
    for (const decision of ['approved', 'declined'] as const) {
      const late = await act(
        advisor,
        parallel,
        'answerAddOn',
        customerAnswer(parallel.addOns[0].id, decision),
      );
      expect(late.status).toBe(409);
    }
    const path = `/branches/${branchId}/vehicles/${owner.vehicleId}/declined-work`;
    expect((await call(advisor, 'GET', path)).body.items.map((w: { id: string }) => w.id)).not.toContain(
      declinedId,
    );
  });

  it('refuses to offer work that is not open on this vehicle, naming body.offerOf, and changes nothing', async () => {
    const order = await givenOrder(branchId, owner, 'in_workshop');
    const refused = await act(teamLead, order, 'raiseAddOn', {
      ...brakeDisc,
      offerOf: '01ARZ3NDEKTSV4RRFFQ69G5FAV',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].path).toBe('body.offerOf');
    expect((await stored(order)).version).toBe(1);
  });

  it.each([
    [
      'an amount on a line (the server prices lines)',
      { lines: [{ ...brakeDisc.lines[0], amount: 1 }] },
      'body.lines.0',
    ],
    ['no lines', { lines: [] }, 'body.lines'],
    [
      'a line without its system on a by-system order',
      { lines: [{ ...brakeDisc.lines[0], system: undefined }] },
      'body.lines.0.system',
    ],
    [
      'a part to order without its expected arrival (R-RO-2)',
      { lines: [brakeDisc.lines[0], { ...brakeDisc.lines[1], availability: 'to_order' }] },
      'body.lines.1.expectedAt',
    ],
  ])('refuses %s with 400 naming the field', async (_case, override, path) => {
    const order = await givenOrder(branchId, owner, 'in_workshop');
    const refused = await act(teamLead, order, 'raiseAddOn', { ...brakeDisc, ...override });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { path: string }) => e.path).join(' ')).toContain(path);
    expect((await stored(order)).version).toBe(1);
  });

  it('an add-on part to order: the delay told must cover its arrival, and the promise can still move after it (R-ADD-3, R-RO-2)', async () => {
    // Promised at 12:10, so every promise below stays inside the 08:30-18:00 opening hours.
    const order = await givenOrder(branchId, owner, 'in_workshop', { promisedAt: fromNow(2 * 3_600_000) });
    const arrives = new Date(Date.parse(order.promisedAt) + 3 * 3_600_000).toISOString();
    const part = { ...brakeDisc.lines[1], availability: 'to_order', expectedAt: arrives };
    const tooShort = await act(teamLead, order, 'raiseAddOn', {
      ...brakeDisc,
      lines: [part],
      extraMinutes: 90,
    });
    expect(tooShort.status).toBe(422);
    expect(tooShort.body.detail).toMatch(/at least 21[01] minutes/);
    expect((await stored(order)).version).toBe(1);

    const raised = await act(teamLead, order, 'raiseAddOn', {
      ...brakeDisc,
      lines: [part],
      extraMinutes: 210,
    });
    expect(raised.status).toBe(200);
    const addOnId = raised.body.addOns[0].id;
    const approved = await act(advisor, raised.body, 'answerAddOn', customerAnswer(addOnId, 'approved'));
    expect(approved.status).toBe(200);
    const later = new Date(Date.parse(approved.body.promisedAt) + 3_600_000).toISOString();
    const moved = await act(advisor, approved.body, 'movePromise', {
      promisedAt: later,
      reason: 'Waiting for paint',
    });
    expect(moved.status).toBe(200);
  });

  it("quotes a symptom-priced order's add-on with its risk premium: the approval adds exactly the price quoted (R-EST-1, R-ADD-1)", async () => {
    const order = await givenOrder(branchId, owner, 'in_workshop', {
      pricingMethod: 'symptom',
      riskPremiumPercent: 10,
    });
    // (The fixture's stored totals leave the premium out; the order's own arithmetic does not.)
    const before = computeTotals((await stored(order)).lines, 10).total;
    const raised = await act(teamLead, order, 'raiseAddOn', brakeDisc);
    expect(raised.status).toBe(200);
    // 1 h × 200.00 + 2 × 380.00 = 960.00, and 10 % on it.
    expect(raised.body.addOns[0].price).toBe(105_600);
    const approved = await act(
      advisor,
      raised.body,
      'answerAddOn',
      customerAnswer(raised.body.addOns[0].id, 'approved'),
    );
    expect(approved.status).toBe(200);
    expect(approved.body.totals.total - before).toBe(105_600);
  });

  it('refuses an add-on outside the workshop with 409 naming the state and the allowed actions (R-RO-5)', async () => {
    const order = await givenOrder(branchId, owner, 'quality_check');
    const refused = await act(teamLead, order, 'raiseAddOn', brakeDisc);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ type: '/problems/invalid-transition', state: 'quality_check' });
    expect(refused.body.allowedActions).toContain('passInspection');
  });

  it('refuses a stale version with 409 and changes nothing (R-ACC-5)', async () => {
    const order = await givenOrder(branchId, owner, 'in_workshop');
    await act(teamLead, order, 'raiseAddOn', brakeDisc);
    const stale = await act(teamLead, order, 'raiseAddOn', { ...brakeDisc, description: 'Wipers' });
    expect(stale.status).toBe(409);
    expect(stale.body.type).toBe('/problems/version-conflict');
    const after = await stored(order);
    expect(after.addOns.map((a) => a.description)).toEqual(['Replace front brake discs']);
  });

  it.each([
    [
      'an unknown add-on',
      (id: string) => ({ ...customerAnswer(id, 'approved'), addOnId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }),
      'body.addOnId',
    ],
    [
      'the workshop told before the customer answered',
      (id: string) => ({ ...customerAnswer(id, 'approved'), workshopToldAt: '2020-01-01T00:00:00Z' }),
      'body.workshopToldAt',
    ],
    [
      'an answer before the item was raised',
      (id: string) => ({ ...customerAnswer(id, 'approved'), customerContactedAt: '2020-01-01T00:00:00Z' }),
      'body.customerContactedAt',
    ],
  ])('refuses %s with 400 naming the field', async (_case, body, path) => {
    const order = await givenOrder(branchId, owner, 'in_workshop');
    const raised = (await act(teamLead, order, 'raiseAddOn', brakeDisc)).body;
    const refused = await act(advisor, raised, 'answerAddOn', body(raised.addOns[0].id));
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect((await stored(order)).addOns[0]?.status).toBe('pending');
  });

  it('lets only the workshop raise add-ons and only the advisor or supervisor answer them (R-ACC-3)', async () => {
    const order = await givenOrder(branchId, owner, 'in_workshop');
    expect((await act(advisor, order, 'raiseAddOn', brakeDisc)).status).toBe(403);
    const raised = (await act(teamLead, order, 'raiseAddOn', brakeDisc)).body;
    expect(
      (await act(teamLead, raised, 'answerAddOn', customerAnswer(raised.addOns[0].id, 'approved'))).status,
    ).toBe(403);
  });
});

describe('quality inspection (R-PKP-1, inputs of R-QC)', () => {
  it('passes the car: an inspection record is filed and the car is ready', async () => {
    const order = await givenOrder(branchId, owner, 'quality_check');
    const { result: passed, requests } = await measure(() =>
      act(inspector, order, 'passInspection', { assembliesInspected: 2, recordComplete: true }),
    );
    expect(passed.status).toBe(200);
    expect(requests).toEqual(['GetItem', 'TransactWriteItems']);
    expect(passed.body.state).toBe('ready');
    expect(passed.body.readyAt).toBeDefined();
    expect(passed.body.inspections).toEqual([
      expect.objectContaining({
        result: 'pass',
        assembliesInspected: 2,
        recordComplete: true,
        workDoneAt: order.workDoneAt,
        filedAt: passed.body.readyAt,
        inspector: { staffId: inspector.staffId, name: 'Inspector Zhao' },
      }),
    ]);
  });

  it('fails the car back to the team: the work is no longer done', async () => {
    const order = await givenOrder(branchId, owner, 'quality_check', {
      teams: [
        {
          teamId: 'TEAM1',
          teamName: 'Team 1',
          assignedAt: fromNow(0),
          assignedBy: { staffId: 'X', name: 'X' },
          doneAt: fromNow(0),
        },
      ],
    });
    const { result: failed, requests } = await measure(() =>
      act(inspector, order, 'failInspection', {
        findings: 'Brake pedal travel too long',
        assembliesInspected: 1,
        recordComplete: false,
      }),
    );
    expect(failed.status).toBe(200);
    expect(requests).toEqual(['GetItem', 'TransactWriteItems']);
    expect(failed.body.state).toBe('in_workshop');
    expect(failed.body.workDoneAt).toBeUndefined();
    expect(failed.body.teams[0].doneAt).toBeUndefined();
    expect(failed.body.inspections[0]).toMatchObject({
      result: 'fail',
      findings: 'Brake pedal travel too long',
      recordComplete: false,
      workDoneAt: order.workDoneAt,
    });
  });

  it('needs findings to fail a car (400 naming body.findings)', async () => {
    const order = await givenOrder(branchId, owner, 'quality_check');
    const refused = await act(inspector, order, 'failInspection', {
      assembliesInspected: 0,
      recordComplete: true,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].path).toBe('body.findings');
  });

  it('refuses an inspection before the team finished (409)', async () => {
    const order = await givenOrder(branchId, owner, 'in_workshop');
    const refused = await act(inspector, order, 'passInspection', {
      assembliesInspected: 0,
      recordComplete: true,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.state).toBe('in_workshop');
  });
});

describe('pickup preparation, discount and settlement (R-PKP-1, R-PKP-4)', () => {
  const prepared = { cleaned: true, belongingsChecked: true, billsCollected: true };

  it('records the preparation before the customer is told (R-PKP-1)', async () => {
    const order = await givenOrder(branchId, owner, 'ready');
    const { result, requests } = await measure(() => act(advisor, order, 'preparePickup', prepared));
    expect(result.status).toBe(200);
    expect(requests).toEqual(['GetItem', 'TransactWriteItems']);
    expect(result.body.pickupPreparation).toMatchObject({
      ...prepared,
      recordedBy: { staffId: advisor.staffId },
    });
    expect(result.body.state).toBe('ready');
  });

  it.each([
    ['no preparation at all', undefined, 'cleaned, belongingsChecked, billsCollected'],
    [
      'bills not collected',
      { cleaned: true, belongingsChecked: true, billsCollected: false },
      'billsCollected',
    ],
  ])(
    'refuses to settle with %s (422 naming the steps) and changes nothing',
    async (_case, preparation, named) => {
      const order = await givenOrder(branchId, owner, 'ready');
      const current = preparation ? (await act(advisor, order, 'preparePickup', preparation)).body : order;
      const refused = await act(cashier, current, 'settle', {});
      expect(refused.status).toBe(422);
      expect(refused.body.detail).toContain(named);
      expect((await stored(order)).state).toBe('ready');
    },
  );

  it('settles with the approved discount and the deposit deducted; the server computes every figure', async () => {
    const order = await givenOrder(branchId, owner, 'ready');
    // The deposit is money the cashier took before the settlement, not a number typed at it.
    const deposit = await act(cashier, order, 'recordPayment', { amount: 20_000, method: 'wechat_pay' });
    expect(deposit.status).toBe(200);
    expect(deposit.body.payments).toEqual([expect.objectContaining({ amount: 20_000, deposit: true })]);
    const ready = (await act(advisor, deposit.body, 'preparePickup', prepared)).body;
    const { result: approved, requests: approveRequests } = await measure(() =>
      act(supervisor, ready, 'approveDiscount', { amount: 5_000, reason: 'Loyal customer' }),
    );
    expect(approved.status).toBe(200);
    expect(approveRequests).toEqual(['GetItem', 'TransactWriteItems']);
    expect(approved.body.discount).toMatchObject({
      amount: 5_000,
      approvedBy: { staffId: supervisor.staffId },
    });

    const { result: settled, requests } = await measure(() =>
      act(cashier, approved.body, 'settle', {
        fees: [{ kind: 'fee', description: 'Waste disposal', feeType: 'other', amount: 1_050 }],
      }),
    );
    expect(settled.status).toBe(200);
    expect(requests).toEqual(['GetItem', 'TransactWriteItems']);
    // testLines: 1.5 h × 200.00 + 450.00 = 750.00, plus a 10.50 fee.
    expect(settled.body.state).toBe('settled');
    expect(settled.body.settlement).toMatchObject({
      totals: { labour: 30_000, parts: 45_000, fees: 1_050, riskPremium: 0, total: 76_050 },
      discount: 5_000,
      deposit: 20_000,
      amountDue: 51_050,
      paid: 0,
      outstanding: 51_050,
      currency: 'CNY',
      issuedBy: { staffId: cashier.staffId },
    });
    expect(settled.body.settlement.lines).toHaveLength(3);
    expect(await registerRows('settlement', order.id)).toEqual([
      expect.objectContaining({ id: order.id, total: 76_050, amountDue: 51_050, outstanding: 51_050 }),
    ]);
  });

  it('refuses a discount sent by the client: only an approval on the order counts (400 naming body.discount)', async () => {
    const order = await givenOrder(branchId, owner, 'ready', {
      pickupPreparation: {
        ...prepared,
        recordedBy: { staffId: 'X', name: 'X' },
        at: fromNow(0),
      },
    });
    const refused = await act(cashier, order, 'settle', { discount: 5_000 });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].path).toBe('body.discount');
    const settled = await act(cashier, order, 'settle', {});
    expect(settled.body.settlement).toMatchObject({ discount: 0, amountDue: 75_000 });
  });

  it('lets only a supervisor approve a discount (R-PKP-4)', async () => {
    const order = await givenOrder(branchId, owner, 'ready');
    const denied = await act(cashier, order, 'approveDiscount', { amount: 5_000, reason: 'Asked nicely' });
    expect(denied.status).toBe(403);
    expect((await stored(order)).discount).toBeUndefined();
  });

  it.each([
    [
      'a deposit typed at the settlement (400 naming body.deposit)',
      'settle',
      { deposit: 20_000 },
      400,
      'deposit',
    ],
    [
      'deposits above the bill less the discount (422)',
      'recordPayment',
      { amount: 65_001, method: 'cash' },
      422,
      'R-PKP-4',
    ],
  ])('refuses %s and changes nothing', async (_, action, body, status, named) => {
    const order = await givenOrder(branchId, owner, 'ready', {
      pickupPreparation: {
        ...prepared,
        recordedBy: { staffId: 'X', name: 'X' },
        at: fromNow(0),
      },
      discount: {
        amount: 10_000,
        reason: 'Goodwill',
        approvedBy: { staffId: 'S', name: 'S' },
        approvedAt: fromNow(0),
      },
    });
    const refused = await act(cashier, order, action, body);
    expect(refused.status).toBe(status);
    expect(JSON.stringify(refused.body)).toContain(named);
    expect(await stored(order)).toMatchObject({ state: 'ready', version: 1, payments: [] });
  });

  it('a discount cannot leave the deposits uncovered (422)', async () => {
    const order = await givenOrder(branchId, owner, 'ready');
    const paid = await act(cashier, order, 'recordPayment', { amount: 70_000, method: 'card' });
    expect(paid.status).toBe(200);
    const refused = await act(supervisor, paid.body, 'approveDiscount', {
      amount: 5_001,
      reason: 'Goodwill',
    });
    expect(refused.status).toBe(422);
    const fine = await act(supervisor, paid.body, 'approveDiscount', { amount: 5_000, reason: 'Goodwill' });
    expect(fine.status).toBe(200);
  });

  it('takes several partial payments and refuses one above the outstanding amount (422)', async () => {
    const order = await givenOrder(branchId, owner, 'ready', {
      pickupPreparation: {
        ...prepared,
        recordedBy: { staffId: 'X', name: 'X' },
        at: fromNow(0),
      },
    });
    const settled = (await act(cashier, order, 'settle', {})).body;
    const { result: first, requests } = await measure(() =>
      act(cashier, settled, 'recordPayment', { amount: 30_000, method: 'wechat_pay', reference: 'WX-1' }),
    );
    expect(first.status).toBe(200);
    expect(requests).toEqual(['GetItem', 'TransactWriteItems']);
    expect(first.body.settlement).toMatchObject({ paid: 30_000, outstanding: 45_000 });

    const over = await act(cashier, first.body, 'recordPayment', { amount: 45_001, method: 'cash' });
    expect(over.status).toBe(422);
    expect((await stored(order)).payments).toHaveLength(1);

    const rest = await act(cashier, first.body, 'recordPayment', { amount: 45_000, method: 'cash' });
    expect(rest.body.settlement).toMatchObject({ paid: 75_000, outstanding: 0 });
    expect(rest.body.payments.map((p: { amount: number }) => p.amount)).toEqual([30_000, 45_000]);
    expect((await act(cashier, rest.body, 'recordPayment', { amount: 1, method: 'cash' })).status).toBe(422);
    expect(await registerRows('settlement', order.id)).toEqual([
      expect.objectContaining({ paid: 75_000, outstanding: 0 }),
    ]);
  });

  it('settles a declined order with its fees only (R-REC-2)', async () => {
    const order = await givenOrder(branchId, owner, 'declined', {
      decline: {
        reason: 'Too expensive',
        recordedBy: { staffId: 'A', name: 'A' },
        at: fromNow(0),
      },
    });
    const settled = await act(cashier, order, 'settle', {
      fees: [{ kind: 'fee', description: 'Diagnosis fee', feeType: 'diagnosis', amount: 8_000 }],
    });
    expect(settled.status).toBe(200);
    expect(settled.body.settlement).toMatchObject({
      totals: { labour: 0, parts: 0, fees: 8_000, total: 8_000 },
      amountDue: 8_000,
    });
  });

  it('refuses to settle an order still in the workshop (409)', async () => {
    const order = await givenOrder(branchId, owner, 'in_workshop');
    const refused = await act(cashier, order, 'settle', {});
    expect(refused.status).toBe(409);
    expect(refused.body.allowedActions).not.toContain('settle');
  });
});

describe('exit (R-PKP-5)', () => {
  const allDocuments = ['exit_notice', 'repair_order', 'settlement', 'warranty', 'vehicle_documents', 'keys'];
  const exitBody = {
    documentsHandedOver: allDocuments,
    customerConfirmedBy: '陈先生',
    belongingsChecked: true,
  };

  it('closes the order, issues the warranty and updates the vehicle archive in one transaction', async () => {
    const vehicle = (await call(advisor, 'GET', `/branches/${branchId}/vehicles/${owner.vehicleId}`)).body;
    await call(advisor, 'PATCH', `/branches/${branchId}/vehicles/${owner.vehicleId}`, {
      body: { version: vehicle.version, maintenanceCycle: { months: 6 } },
    });
    const order = await givenOrder(branchId, owner, 'settled');
    const slot = keySlotKey(branchId, order.handover?.keySlot ?? '');
    await transact(store(), [
      putStep(store(), { ...slot, type: 'guard', owner: { kind: 'order', id: order.id } }),
    ]);

    const { result: exited, requests } = await measure(() => act(advisor, order, 'exit', exitBody));
    expect(exited.status).toBe(200);
    // The order, then at once the vehicle (maintenance cycle) and the customer (R-FUP-2: the
    // follow-up agent) and the branch's people (who makes the first call; with an agent on file,
    // one Query more for their absences). The branch (time zone) is cached for a minute: the
    // customer's creation read it in this process; a cold function reads it once more. One GetItem
    // more: the vehicle's open-order guard, freed when this order holds it (R-RO-6). The vehicle is
    // one Query of its partition (its readings and maintenance reminder, R-MKT-1), and the cycle's
    // reminder duty one GetItem: the exit starts the next cycle and cancels it while it waits.
    expect([...requests].sort()).toEqual([
      'GetItem',
      'GetItem',
      'GetItem',
      'GetItem',
      'Query',
      'Query',
      'TransactWriteItems',
    ]);
    expect(exited.body.state).toBe('exited');
    const exit = exited.body.exit;
    expect(exit).toMatchObject({
      documentsHandedOver: allDocuments,
      customerConfirmedBy: '陈先生',
      recordedBy: { staffId: advisor.staffId },
      warranty: { km: 42_100 + 5_000, excludes: [] },
    });
    expect(Date.parse(exit.warranty.until) - Date.parse(exit.at)).toBe(90 * 86_400_000);

    const today = localDate(exit.at, 'Asia/Shanghai');
    const archive = (await call(advisor, 'GET', `/branches/${branchId}/vehicles/${owner.vehicleId}`)).body;
    expect(archive).toMatchObject({
      lastMaintenanceDate: today,
      odometerKm: 42_100,
      version: vehicle.version + 2,
    });
    expect(archive.nextMaintenanceDate > today).toBe(true);
    expect(exit.nextMaintenanceDate).toBe(archive.nextMaintenanceDate);
    // R-RO-3: the key left with the car, so its cabinet slot is free again.
    expect(await getRecord(store(), slot)).toBeUndefined();

    const timeline = (
      await call(advisor, 'GET', `/branches/${branchId}/customers/${owner.customerId}/timeline`)
    ).body;
    expect(timeline.items[0]).toMatchObject({
      action: 'order.exit',
      subject: { kind: 'order', id: order.id },
    });
    expect(timeline.items[0].summary).toContain('Visit closed');
    expect(await registerRows('exit', order.id)).toEqual([
      expect.objectContaining({
        id: order.id,
        customerConfirmedBy: '陈先生',
        outcome: 'repaired',
        odometerKm: 42_100,
      }),
    ]);
  });

  it('refuses an exit with documents missing, naming them (422), and changes nothing', async () => {
    const order = await givenOrder(branchId, owner, 'settled');
    const refused = await act(advisor, order, 'exit', {
      ...exitBody,
      documentsHandedOver: ['exit_notice', 'repair_order', 'settlement'],
    });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toContain('warranty, vehicle_documents, keys');
    expect(await stored(order)).toMatchObject({ state: 'settled', version: 1 });
    const archive = (await call(advisor, 'GET', `/branches/${branchId}/vehicles/${owner.vehicleId}`)).body;
    expect(archive.lastMaintenanceDate).toBeUndefined();
  });

  it('refuses an exit before the customer checked the belongings (422)', async () => {
    const order = await givenOrder(branchId, owner, 'settled');
    const refused = await act(advisor, order, 'exit', { ...exitBody, belongingsChecked: false });
    expect(refused.status).toBe(422);
    expect((await stored(order)).state).toBe('settled');
  });

  it('refuses an exit before settlement (409) and a stale version (409)', async () => {
    const ready = await givenOrder(branchId, owner, 'ready');
    expect((await act(advisor, ready, 'exit', exitBody)).body.type).toBe('/problems/invalid-transition');
    const settled = await givenOrder(branchId, owner, 'settled');
    const stale = await act(advisor, { id: settled.id, version: 7 }, 'exit', exitBody);
    expect(stale.status).toBe(409);
    expect(stale.body.type).toBe('/problems/version-conflict');
    expect((await stored(settled)).state).toBe('settled');
  });

  it('lets a declined order leave with its exit notice once its fees are settled (R-REC-2)', async () => {
    const order = await givenOrder(branchId, owner, 'declined', {
      decline: {
        reason: 'Too expensive',
        recordedBy: { staffId: 'A', name: 'A' },
        at: fromNow(0),
      },
    });
    const settled = (
      await act(cashier, order, 'settle', {
        fees: [{ kind: 'fee', description: 'Diagnosis fee', feeType: 'diagnosis', amount: 8_000 }],
      })
    ).body;
    const { result: exited, requests } = await measure(() =>
      act(advisor, settled, 'exit', {
        documentsHandedOver: ['exit_notice', 'settlement'],
        customerConfirmedBy: '陈先生',
        belongingsChecked: true,
      }),
    );
    expect(exited.status).toBe(200);
    expect(exited.body.state).toBe('exited');
    // No handover and no repair: the vehicle is neither read nor written; the customer and the
    // branch's people are (R-FUP-2: the first follow-up call after any exit), and the vehicle's
    // open-order guard (R-RO-6).
    expect([...requests].sort()).toEqual(['GetItem', 'GetItem', 'GetItem', 'Query', 'TransactWriteItems']);
    // No repair, so no maintenance moves on the archive.
    const archive = (await call(advisor, 'GET', `/branches/${branchId}/vehicles/${owner.vehicleId}`)).body;
    expect(archive.lastMaintenanceDate).toBeUndefined();
  });
});
