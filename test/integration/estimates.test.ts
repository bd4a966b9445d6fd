import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { call, givenBranch, staff, type TestActor } from '../support/api';
import { fromNow } from '../support/clock';
import { givenCustomerWithVehicle, testLines } from '../support/orders';
import { measure } from '../support/request-count';

/**
 * Estimates 維修估價單 (R-EST-1..3): the server prices every line and computes every total in
 * integer minor units; status draft → presented → accepted / declined (R-REC-2); every change on
 * top of the version read (R-ACC-5) and logged in the customer's timeline (R-ARC-4). Request
 * counts are those of a warm function (branch settings cached by the fixture's calls).
 */
async function setup() {
  const branchId = await givenBranch();
  const advisor = staff(['advisor'], [branchId], 'Advisor Li');
  const owner = await givenCustomerWithVehicle(branchId, advisor);
  return { branchId, advisor, owner, estimates: `/branches/${branchId}/estimates` };
}

const estimateFee = { kind: 'fee', description: 'Estimate fee', feeType: 'estimate', amount: 2_000 } as const;

function body(owner: { customerId: string; vehicleId: string }, overrides: Record<string, unknown> = {}) {
  return {
    customerId: owner.customerId,
    vehicleId: owner.vehicleId,
    pricingMethod: 'system',
    lines: [...testLines, estimateFee],
    ...overrides,
  };
}

async function estimateEntries(actor: TestActor, branchId: string, customerId: string): Promise<string[]> {
  const timeline = await call(actor, 'GET', `/branches/${branchId}/customers/${customerId}/timeline`, {
    query: { limit: '100' },
  });
  return timeline.body.items
    .map((e: { action: string }) => e.action)
    .filter((a: string) => a.startsWith('estimate.'))
    .reverse();
}

describe('estimates (R-EST-1..3)', () => {
  it('prices every line and totals in minor units with one transaction (R-EST-3)', async () => {
    const { estimates, advisor, owner } = await setup();
    const created = await measure(() => call(advisor, 'POST', estimates, { body: body(owner) }));

    expect(created.result.status).toBe(201);
    expect(created.result.body).toMatchObject({
      status: 'draft',
      currency: 'CNY',
      customerId: owner.customerId,
      vehicleId: owner.vehicleId,
      pricingMethod: 'system',
      riskPremiumPercent: 0,
      // 1.5 h × 200.00 = 300.00; 1 × 450.00; estimate fee 20.00
      totals: { labour: 30_000, parts: 45_000, fees: 2_000, riskPremium: 0, total: 77_000 },
      notices: [],
      version: 1,
    });
    expect(created.result.body.lines.map((l: { amount: number }) => l.amount)).toEqual([
      30_000, 45_000, 2_000,
    ]);
    // Customer, vehicle ownership and the write checked together: no read.
    expect(created.requests).toEqual(['TransactWriteItems']);

    const read = await measure(() => call(advisor, 'GET', `${estimates}/${created.result.body.id}`));
    expect(read.result.body).toEqual(created.result.body);
    expect(read.requests).toEqual(['GetItem']);
  });

  it('presents, revises (back to draft), presents again and records the decline (R-REC-2)', async () => {
    const { estimates, advisor, owner, branchId } = await setup();
    const created = await call(advisor, 'POST', estimates, { body: body(owner) });
    const path = `${estimates}/${created.body.id}`;

    const presented = await measure(() => call(advisor, 'POST', `${path}/present`, { body: { version: 1 } }));
    expect(presented.result.status).toBe(200);
    expect(presented.result.body).toMatchObject({
      status: 'presented',
      presentedAt: expect.any(String),
      presentedBy: { staffId: advisor.staffId, name: 'Advisor Li' },
      version: 2,
    });
    expect(presented.requests).toEqual(['GetItem', 'TransactWriteItems']);

    const revised = await measure(() =>
      call(advisor, 'PATCH', path, {
        body: {
          version: 2,
          pricingMethod: 'symptom',
          lines: [{ kind: 'labour', description: 'Find and fix the squeal', hours: 2, rate: 20_000 }],
        },
      }),
    );
    expect(revised.result.status).toBe(200);
    expect(revised.result.body).toMatchObject({
      status: 'draft',
      pricingMethod: 'symptom',
      riskPremiumPercent: 10,
      totals: { labour: 40_000, parts: 0, fees: 0, riskPremium: 4_000, total: 44_000 },
      notices: [{ id: 'symptom-pricing-risk' }],
      version: 3,
    });
    expect(revised.result.body.presentedAt).toBeUndefined();
    expect(revised.requests).toEqual(['GetItem', 'TransactWriteItems']);

    await call(advisor, 'POST', `${path}/present`, { body: { version: 3 } });
    const declined = await measure(() =>
      call(advisor, 'POST', `${path}/decline`, { body: { version: 4, reason: 'Will think about it' } }),
    );
    expect(declined.result.body).toMatchObject({
      status: 'declined',
      decline: { reason: 'Will think about it', recordedBy: { staffId: advisor.staffId } },
      version: 5,
    });
    expect(declined.requests).toEqual(['GetItem', 'TransactWriteItems']);

    expect(await estimateEntries(advisor, branchId, owner.customerId)).toEqual([
      'estimate.created',
      'estimate.present',
      'estimate.revise',
      'estimate.present',
      'estimate.decline',
    ]);
  });

  it('keeps the lines when only the method changes, and re-prices the premium', async () => {
    const { estimates, advisor, owner } = await setup();
    const created = await call(advisor, 'POST', estimates, { body: body(owner) });
    const revised = await call(advisor, 'PATCH', `${estimates}/${created.body.id}`, {
      body: { version: 1, pricingMethod: 'symptom', riskPremiumPercent: 5 },
    });
    expect(revised.status).toBe(200);
    expect(revised.body.lines).toEqual(created.body.lines);
    // 5 % of 750.00 of work; not of the 20.00 fee
    expect(revised.body.totals).toEqual({
      labour: 30_000,
      parts: 45_000,
      fees: 2_000,
      riskPremium: 3_750,
      total: 80_750,
    });
  });

  it('accepts a presented estimate, which then cannot be revised (409 naming what it allows)', async () => {
    const { estimates, advisor, owner } = await setup();
    const created = await call(advisor, 'POST', estimates, { body: body(owner) });
    const path = `${estimates}/${created.body.id}`;
    const early = await call(advisor, 'POST', `${path}/accept`, { body: { version: 1 } });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({
      state: 'draft',
      allowedActions: ['revise', 'present', 'decline', 'convert'],
    });

    await call(advisor, 'POST', `${path}/present`, { body: { version: 1 } });
    const accepted = await call(advisor, 'POST', `${path}/accept`, { body: { version: 2 } });
    expect(accepted.body).toMatchObject({ status: 'accepted', acceptedAt: expect.any(String) });

    const revise = await call(advisor, 'PATCH', path, { body: { version: 3, lines: testLines } });
    expect(revise.status).toBe(409);
    expect(revise.body).toMatchObject({
      type: '/problems/invalid-transition',
      state: 'accepted',
      allowedActions: ['decline', 'convert'],
    });
  });

  it('refuses any change to a declined estimate with 409 naming its state', async () => {
    const { estimates, advisor, owner } = await setup();
    const created = await call(advisor, 'POST', estimates, { body: body(owner) });
    const path = `${estimates}/${created.body.id}`;
    await call(advisor, 'POST', `${path}/decline`, { body: { version: 1 } });
    const present = await call(advisor, 'POST', `${path}/present`, { body: { version: 2 } });
    expect(present.status).toBe(409);
    expect(present.body).toMatchObject({
      type: '/problems/invalid-transition',
      state: 'declined',
      allowedActions: ['convert'],
    });
  });

  it('bills the fee of a declined estimate through its order, declined there, settled, and lets the car leave (R-REC-2)', async () => {
    const { estimates, advisor, owner, branchId } = await setup();
    // A part to order without a date would make any promise fail; a declined job promises nothing.
    const lines = [
      ...testLines,
      {
        kind: 'part',
        description: 'Gearbox',
        system: 'drivetrain',
        quantity: 1,
        unitPrice: 900_000,
        supplier: 'shop',
        grade: 'oem',
        availability: 'to_order',
      },
    ];
    const created = await call(advisor, 'POST', estimates, { body: { ...body(owner), lines } });
    expect(created.status).toBe(201);
    const path = `${estimates}/${created.body.id}`;
    const declined = await call(advisor, 'POST', `${path}/decline`, {
      body: { version: 1, reason: 'Too expensive' },
    });
    expect(declined.status).toBe(200);

    const order = await call(advisor, 'POST', `/branches/${branchId}/orders`, {
      body: { estimateId: created.body.id, promisedAt: fromNow(3_600_000) },
    });
    expect(order.status).toBe(201);
    expect((await call(advisor, 'GET', path)).body).toMatchObject({
      status: 'converted',
      orderId: order.body.id,
      decline: { reason: 'Too expensive' },
    });
    const billed = await call(advisor, 'POST', `/branches/${branchId}/orders/${order.body.id}/decline`, {
      body: {
        version: order.body.version,
        fees: [{ kind: 'fee', description: 'Estimate', feeType: 'estimate', amount: 5_000 }],
      },
    });
    expect(billed.status).toBe(200);
    expect(billed.body).toMatchObject({ state: 'declined', totals: { total: 5_000 } });
    const cashier = staff(['cashier'], [branchId]);
    const settled = await call(cashier, 'POST', `/branches/${branchId}/orders/${order.body.id}/settle`, {
      body: { version: billed.body.version },
    });
    expect(settled.status).toBe(200);
    expect(settled.body.settlement).toMatchObject({ amountDue: 5_000 });
  });

  it('refuses a change on top of a stale version with 409 and changes nothing (R-ACC-5)', async () => {
    const { estimates, advisor, owner } = await setup();
    const created = await call(advisor, 'POST', estimates, { body: body(owner) });
    const path = `${estimates}/${created.body.id}`;
    await call(advisor, 'POST', `${path}/present`, { body: { version: 1 } });

    const stale = await call(advisor, 'PATCH', path, { body: { version: 1, lines: testLines } });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ type: '/problems/version-conflict', currentVersion: 2 });
    expect((await call(advisor, 'GET', path)).body).toMatchObject({ status: 'presented', version: 2 });
  });

  it('shows the no-warranty note by itself for a customer-supplied part and an insisted aftermarket part on a critical system (R-EST-2)', async () => {
    const { estimates, advisor, owner } = await setup();
    const created = await call(advisor, 'POST', estimates, {
      body: body(owner, {
        pricingMethod: 'item',
        lines: [
          {
            kind: 'part',
            description: 'Own brake discs',
            quantity: 2,
            unitPrice: 0,
            supplier: 'customer',
            grade: 'oem',
          },
          {
            kind: 'part',
            description: 'Aftermarket brake hose',
            quantity: 1,
            unitPrice: 8_000,
            supplier: 'shop',
            grade: 'aftermarket',
            criticalSystem: true,
            customerInsisted: true,
          },
          {
            kind: 'part',
            description: 'Aftermarket wiper',
            quantity: 1,
            unitPrice: 6_000,
            supplier: 'shop',
            grade: 'aftermarket',
          },
        ],
      }),
    });
    expect(created.status).toBe(201);
    expect(created.body.lines.map((l: { noWarranty: boolean }) => l.noWarranty)).toEqual([true, true, false]);
    expect(created.body.notices).toEqual([
      { id: 'item-pricing-quality', text: expect.any(String) },
      { id: 'no-warranty', text: 'No warranty on: Own brake discs; Aftermarket brake hose.' },
    ]);
  });

  it.each([
    ['totals sent by the client', { totals: { total: 1 } }, 'body.totals'],
    ['an amount on a labour line', { lines: [{ ...testLines[0], amount: 1 }] }, 'body.lines.0.amount'],
    ['a money amount with decimals', { lines: [{ ...testLines[0], rate: 199.5 }] }, 'body.lines.0.rate'],
    ['no lines', { lines: [] }, 'body.lines'],
    [
      'by-system pricing without a system',
      { lines: [{ ...testLines[0], system: undefined }] },
      'body.lines.0.system',
    ],
    ['a risk premium on by-system pricing', { riskPremiumPercent: 10 }, 'body.riskPremiumPercent'],
    ['a diagnosis report without its visit', { diagnosisId: ulid() }, 'body.visitId'],
    ['a customer not on file', { customerId: ulid() }, 'body.customerId'],
  ])('refuses %s with 400 naming the field, and writes nothing (R-X-4)', async (_case, overrides, path) => {
    const { estimates, advisor, owner, branchId } = await setup();
    const refused = await call(advisor, 'POST', estimates, { body: body(owner, overrides) });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await estimateEntries(advisor, branchId, owner.customerId)).toEqual([]);
  });

  it('refuses a vehicle of another customer with 400 naming body.vehicleId (a body reference, R-X-4), and writes nothing', async () => {
    const { estimates, advisor, owner, branchId } = await setup();
    const other = await givenCustomerWithVehicle(branchId, advisor);
    const refused = await measure(() =>
      call(advisor, 'POST', estimates, { body: body(owner, { vehicleId: other.vehicleId }) }),
    );
    expect(refused.result.status).toBe(400);
    expect(refused.result.body.errors).toEqual([expect.objectContaining({ path: 'body.vehicleId' })]);
    expect(refused.requests).toEqual(['TransactWriteItems']);
    expect(await estimateEntries(advisor, branchId, owner.customerId)).toEqual([]);
  });

  it('links the visit and diagnosis report it prices, and refuses a visit of another customer', async () => {
    const { estimates, advisor, owner, branchId } = await setup();
    const visit = await call(advisor, 'POST', `/branches/${branchId}/visits`, {
      body: { purpose: 'repair', customerId: owner.customerId, vehicleId: owner.vehicleId },
    });
    const diagnosis = await call(advisor, 'POST', `/branches/${branchId}/visits/${visit.body.id}/diagnosis`, {
      body: { findings: [{ system: 'brakes', finding: 'Pads worn', severity: 'urgent' }] },
    });
    const linked = await call(advisor, 'POST', estimates, {
      body: body(owner, { visitId: visit.body.id, diagnosisId: diagnosis.body.id }),
    });
    expect(linked.status).toBe(201);
    expect(linked.body).toMatchObject({ visitId: visit.body.id, diagnosisId: diagnosis.body.id });

    const other = await givenCustomerWithVehicle(branchId, advisor);
    const foreign = await call(advisor, 'POST', estimates, { body: body(other, { visitId: visit.body.id }) });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors[0].path).toBe('body.visitId');

    const wrongReport = await call(advisor, 'POST', estimates, {
      body: body(owner, { visitId: visit.body.id, diagnosisId: ulid() }),
    });
    expect(wrongReport.status).toBe(400);
    expect(wrongReport.body.errors[0].path).toBe('body.diagnosisId');
  });

  it('creates one estimate for a retried request with the same Idempotency-Key', async () => {
    const { estimates, advisor, owner, branchId } = await setup();
    const headers = { 'idempotency-key': ulid() };
    const first = await call(advisor, 'POST', estimates, { body: body(owner), headers });
    const again = await measure(() => call(advisor, 'POST', estimates, { body: body(owner), headers }));

    expect(again.result.status).toBe(201);
    expect(again.result.headers['idempotent-replayed']).toBe('true');
    expect(again.result.body).toEqual(first.body);
    expect((await call(advisor, 'GET', `${estimates}/${first.body.id}`)).body).toEqual(first.body);
    expect(await estimateEntries(advisor, branchId, owner.customerId)).toEqual(['estimate.created']);
    // The failed transaction, then the stored answer.
    expect(again.requests).toEqual(['TransactWriteItems', 'GetItem']);

    const otherBody = await call(advisor, 'POST', estimates, {
      body: body(owner, { pricingMethod: 'item' }),
      headers,
    });
    expect(otherBody.status).toBe(422);
  });

  it('lets only reception price work, and every branch role read it (R-ACC-3)', async () => {
    const { estimates, advisor, owner, branchId } = await setup();
    const cashier = staff(['cashier'], [branchId]);
    expect((await call(cashier, 'POST', estimates, { body: body(owner) })).status).toBe(403);
    const created = await call(advisor, 'POST', estimates, { body: body(owner) });
    expect((await call(cashier, 'GET', `${estimates}/${created.body.id}`)).status).toBe(200);
  });

  it('answers 404 for an estimate that is not on file', async () => {
    const { estimates, advisor } = await setup();
    expect((await call(advisor, 'GET', `${estimates}/${ulid()}`)).status).toBe(404);
  });
});
