import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { vehicleKey } from '../../shared/archive/store/vehicles';
import { keySlotKey } from '../../shared/orders/actions/order';
import { store } from '../../shared/platform/dynamo/client';
import { getRecord } from '../../shared/platform/dynamo/records';
import { getEstimate } from '../../shared/reception/store/estimates';
import { call, givenBranch, staff } from '../support/api';
import { fromNow, testNow } from '../support/clock';
import { givenCustomerWithVehicle, givenEstimate, givenOrder } from '../support/orders';
import { measure } from '../support/request-count';

/**
 * The repair order from the estimate to the workshop's door (R-RO-1..3, R-RO-5, R-REC-2): made
 * from an estimate with a promise that keeps its buffer, confirmed by the customer, handed over
 * with documents, belongings, key slot and odometer, cancelled or declined.
 */
const hour = 3_600_000;
const inHours = (h: number) => fromNow(h * hour);

async function setup(branch: { currency?: 'CNY' | 'HKD' } = {}) {
  const branchId = await givenBranch(branch);
  const advisor = staff(['advisor'], [branchId], '李接待');
  const owner = await givenCustomerWithVehicle(branchId, advisor);
  const base = `/branches/${branchId}/orders`;
  return { branchId, advisor, owner, base };
}

function handoverBody(version: number, overrides: Record<string, unknown> = {}) {
  return {
    version,
    documents: [
      { name: 'Vehicle licence', present: true },
      { name: 'Insurance policy', present: false, note: 'Customer will bring it' },
    ],
    documentDiscrepancies: 'Insurance policy missing',
    discrepanciesSignedBy: '陈先生',
    inspectionNotes: 'Scratch on the rear bumper; dashboard warning light on',
    belongings: [
      { item: 'Umbrella', quantity: 1 },
      { item: 'Child seat', quantity: 1 },
    ],
    belongingsConfirmedBy: '陈先生',
    keyTag: 'K-017',
    keySlot: 'A-12',
    fuelLevel: 3,
    odometerKm: 42_180,
    ...overrides,
  };
}

async function odometerHistory(branchId: string, vehicleId: string) {
  const result = await store().doc.send(
    new QueryCommand({
      TableName: store().tableName,
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :odo)',
      ExpressionAttributeValues: { ':p': vehicleKey(branchId, vehicleId).pk, ':odo': 'ODO#' },
    }),
  );
  // The handovers' readings (R-RO-3); the reading the archive took when the car was registered
  // (R-MKT-1: the mileage projection starts there) names no order.
  return (result.Items ?? [])
    .filter((i) => i.orderId !== undefined)
    .map((i) => ({
      km: i.km,
      orderId: i.orderId,
      correctionReason: i.correctionReason,
    }));
}

async function vehicleOdometer(branchId: string, vehicleId: string) {
  return (await getRecord(store(), vehicleKey(branchId, vehicleId)))?.odometerKm;
}

describe('making a repair order from an estimate (R-RO-1, R-RO-2)', () => {
  it('copies customer, vehicle, pricing, lines and totals, takes the branch currency and marks the estimate converted', async () => {
    const { branchId, advisor, owner, base } = await setup({ currency: 'HKD' });
    const estimate = await givenEstimate(branchId, owner);
    const promisedAt = inHours(6);

    const { result: created, requests } = await measure(() =>
      call(advisor, 'POST', base, {
        body: { estimateId: estimate.id, promisedAt, otherRequests: 'Keep the old pads' },
      }),
    );

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      state: 'draft',
      branchId,
      currency: 'HKD',
      customerId: owner.customerId,
      vehicleId: owner.vehicleId,
      plate: owner.plate,
      customerName: '陈先生',
      estimateId: estimate.id,
      pricingMethod: estimate.pricingMethod,
      lines: estimate.lines,
      totals: { labour: 30_000, parts: 45_000, total: 75_000 },
      promisedAt,
      originalPromisedAt: promisedAt,
      otherRequests: 'Keep the old pads',
      advisor: { staffId: advisor.staffId, name: '李接待' },
      version: 1,
    });
    expect(await getEstimate(store(), branchId, estimate.id)).toMatchObject({
      status: 'converted',
      orderId: created.body.id,
    });
    // The estimate, then customer and vehicle in one batch, then one transaction. The branch (its
    // currency) comes from the minute-long settings cache, warmed here by the customer's creation.
    expect(requests).toEqual(['GetItem', 'BatchGetItem', 'TransactWriteItems']);

    const read = await measure(() => call(advisor, 'GET', `${base}/${created.body.id}`));
    expect(read.result.body).toMatchObject(created.body);
    expect(read.requests).toEqual(['GetItem']);
  });

  it('keeps the promise in UTC whatever offset it was given in, so the board sorts by time (R-X-2)', async () => {
    const { branchId, advisor, owner, base } = await setup();
    const estimate = await givenEstimate(branchId, owner);
    const utc = new Date(Math.ceil((testNow() + 6 * hour) / 60_000) * 60_000);
    const local = new Date(utc.getTime() + 8 * hour).toISOString().replace('Z', '+08:00');
    const created = await call(advisor, 'POST', base, {
      body: { estimateId: estimate.id, promisedAt: local },
    });
    expect(created.status).toBe(201);
    expect(created.body.promisedAt).toBe(utc.toISOString());
  });

  it('refuses a second order from the same estimate with 409 naming the first order', async () => {
    const { branchId, advisor, owner, base } = await setup();
    const estimate = await givenEstimate(branchId, owner);
    const first = await call(advisor, 'POST', base, {
      body: { estimateId: estimate.id, promisedAt: inHours(6) },
    });
    const second = await call(advisor, 'POST', base, {
      body: { estimateId: estimate.id, promisedAt: inHours(7) },
    });
    expect(second.status).toBe(409);
    expect(second.body.detail).toContain(first.body.id);
    expect(second.body.existing).toMatchObject({ kind: 'order', id: first.body.id });
  });

  it('answers a retried create with the first answer and makes one order (Idempotency-Key)', async () => {
    const { branchId, advisor, owner, base } = await setup();
    const estimate = await givenEstimate(branchId, owner);
    const headers = { 'idempotency-key': ulid() };
    const body = { estimateId: estimate.id, promisedAt: inHours(6) };
    const first = await call(advisor, 'POST', base, { body, headers });
    const again = await call(advisor, 'POST', base, { body, headers });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await getEstimate(store(), branchId, estimate.id)).orderId).toBe(first.body.id);

    const other = await call(advisor, 'POST', base, { body: { ...body, promisedAt: inHours(8) }, headers });
    expect(other.status).toBe(422);
  });

  it.each([
    ['in the past', () => inHours(-1)],
    ['inside the buffer after 1.5 h of work', () => inHours(1.5)],
  ])(
    'refuses a promise %s with 422 naming the earliest promise, and writes nothing (R-RO-2)',
    async (_case, promise) => {
      const { branchId, advisor, owner, base } = await setup();
      const estimate = await givenEstimate(branchId, owner);
      const before = testNow();
      const refused = await call(advisor, 'POST', base, {
        body: { estimateId: estimate.id, promisedAt: promise() },
      });
      expect(refused.status).toBe(422);
      expect(refused.body.rule).toBe('R-RO-2');
      // 1.5 h of labour and the 30-minute buffer.
      const earliest = Date.parse(refused.body.earliestPromise);
      expect(earliest).toBeGreaterThanOrEqual(before + 2 * hour);
      expect(earliest).toBeLessThanOrEqual(testNow() + 2 * hour + 60_000);
      expect(refused.body.detail).toContain(refused.body.earliestPromise);
      expect((await getEstimate(store(), branchId, estimate.id)).status).toBe('presented');
    },
  );

  it('waits for a part to order: the promise leaves the buffer after it arrives (R-RO-2)', async () => {
    const { branchId, advisor, owner, base } = await setup();
    const arrives = new Date(Math.ceil((testNow() + 24 * hour) / 60_000) * 60_000).toISOString();
    const template = await givenEstimate(branchId, owner);
    const lines = template.lines.map((l) =>
      l.kind === 'part' ? { ...l, availability: 'to_order' as const, expectedAt: arrives } : l,
    );
    const estimate = await givenEstimate(branchId, owner, { lines });

    const early = await call(advisor, 'POST', base, {
      body: { estimateId: estimate.id, promisedAt: inHours(6) },
    });
    expect(early.status).toBe(422);
    expect(early.body.earliestPromise).toBe(new Date(Date.parse(arrives) + 30 * 60_000).toISOString());

    const ok = await call(advisor, 'POST', base, {
      body: { estimateId: estimate.id, promisedAt: early.body.earliestPromise },
    });
    expect(ok.status).toBe(201);
  });

  it('lets only reception make orders (R-ACC-3)', async () => {
    const { branchId, owner, base } = await setup();
    const estimate = await givenEstimate(branchId, owner);
    const cashier = staff(['cashier'], [branchId]);
    const denied = await call(cashier, 'POST', base, {
      body: { estimateId: estimate.id, promisedAt: inHours(6) },
    });
    expect(denied.status).toBe(403);
  });
});

describe('the draft and the confirmation (R-RO-1, R-RO-5)', () => {
  it('revises the lines of a draft and prices them again, in integer minor units', async () => {
    const { branchId, advisor, owner, base } = await setup();
    const order = await givenOrder(branchId, owner, 'draft');
    const { result: revised, requests } = await measure(() =>
      call(advisor, 'POST', `${base}/${order.id}/revise`, {
        body: {
          version: 1,
          pricingMethod: 'symptom',
          lines: [
            { kind: 'labour', description: 'Find and fix the rattle', hours: 2.25, rate: 18_000 },
            { kind: 'fee', description: 'Diagnosis', feeType: 'diagnosis', amount: 5_000 },
          ],
        },
      }),
    );
    expect(revised.status).toBe(200);
    // 2.25 h × 180.00 = 405.00; symptom pricing adds 10 % on the work, not on the fee.
    expect(revised.body.totals).toEqual({
      labour: 40_500,
      parts: 0,
      fees: 5_000,
      riskPremium: 4_050,
      total: 49_550,
    });
    expect(revised.body).toMatchObject({ state: 'draft', version: 2, riskPremiumPercent: 10 });
    expect(revised.body.notices.map((n: { id: string }) => n.id)).toEqual(['symptom-pricing-risk']);
    expect(requests).toEqual(['GetItem', 'TransactWriteItems']);
  });

  it('refuses a client-computed amount on a line with 400 naming it', async () => {
    const { branchId, advisor, owner, base } = await setup();
    const order = await givenOrder(branchId, owner, 'draft');
    const refused = await call(advisor, 'POST', `${base}/${order.id}/revise`, {
      body: { version: 1, lines: [{ kind: 'labour', description: 'x', hours: 1, rate: 100, amount: 1 }] },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toContain('body.lines.0.amount');
  });

  it("records the customer's confirmation: who, how and when (R-RO-1)", async () => {
    const { branchId, advisor, owner, base } = await setup();
    const order = await givenOrder(branchId, owner, 'draft');
    const signedAt = fromNow(-5 * 60_000);
    const confirmed = await call(advisor, 'POST', `${base}/${order.id}/confirm`, {
      body: { version: 1, by: '陈先生', method: 'signature', at: signedAt },
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({
      state: 'confirmed',
      version: 2,
      confirmation: {
        by: '陈先生',
        method: 'signature',
        at: signedAt,
        recordedBy: { staffId: advisor.staffId },
      },
    });
  });

  it('refuses an action the state does not allow with 409 naming the state and the allowed actions (R-RO-5)', async () => {
    const { branchId, advisor, owner, base } = await setup();
    const order = await givenOrder(branchId, owner, 'in_workshop');
    const refused = await call(advisor, 'POST', `${base}/${order.id}/confirm`, {
      body: { version: 1, by: '陈先生', method: 'signature' },
    });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ type: '/problems/invalid-transition', state: 'in_workshop' });
    expect(refused.body.allowedActions).toContain('completeWork');
    expect(refused.body.detail).toContain('in_workshop');
  });

  it('refuses a stale version with 409 and changes nothing (R-ACC-5)', async () => {
    const { branchId, advisor, owner, base } = await setup();
    const order = await givenOrder(branchId, owner, 'draft');
    await call(advisor, 'POST', `${base}/${order.id}/revise`, {
      body: { version: 1, otherRequests: 'Wash it' },
    });
    const stale = await call(advisor, 'POST', `${base}/${order.id}/confirm`, {
      body: { version: 1, by: '陈先生', method: 'signature' },
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ type: '/problems/version-conflict', currentVersion: 2 });
    const read = await call(advisor, 'GET', `${base}/${order.id}`);
    expect(read.body).toMatchObject({ state: 'draft', version: 2, otherRequests: 'Wash it' });
    expect(read.body.confirmation).toBeUndefined();
  });
});

describe('the handover (R-RO-3)', () => {
  it('records documents, belongings, key slot, fuel and odometer; the reading goes into the vehicle archive', async () => {
    const { branchId, advisor, owner, base } = await setup();
    const order = await givenOrder(branchId, owner, 'confirmed');
    const { result: handed, requests } = await measure(() =>
      call(advisor, 'POST', `${base}/${order.id}/recordHandover`, {
        body: handoverBody(1, { keySlot: 'a-12' }),
      }),
    );
    expect(handed.status).toBe(200);
    expect(handed.body).toMatchObject({
      state: 'confirmed',
      version: 2,
      handover: {
        keySlot: 'A-12',
        keyTag: 'K-017',
        fuelLevel: 3,
        odometerKm: 42_180,
        belongingsConfirmedBy: '陈先生',
        discrepanciesSignedBy: '陈先生',
        recordedBy: { staffId: advisor.staffId },
      },
    });
    expect(requests).toEqual(['GetItem', 'TransactWriteItems']);
    expect(await vehicleOdometer(branchId, owner.vehicleId)).toBe(42_180);
    expect(await odometerHistory(branchId, owner.vehicleId)).toEqual([
      { km: 42_180, orderId: order.id, correctionReason: undefined },
    ]);
    expect(await getRecord(store(), keySlotKey(branchId, 'A-12'))).toMatchObject({
      owner: { kind: 'order', id: order.id },
    });
  });

  it('refuses a key slot that holds another key with 409 naming the order, and writes nothing', async () => {
    const { branchId, advisor, owner, base } = await setup();
    const first = await givenOrder(branchId, owner, 'confirmed');
    const second = await givenOrder(branchId, owner, 'confirmed');
    await call(advisor, 'POST', `${base}/${first.id}/recordHandover`, { body: handoverBody(1) });

    const refused = await call(advisor, 'POST', `${base}/${second.id}/recordHandover`, {
      body: handoverBody(1, { odometerKm: 42_500 }),
    });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain(first.id);
    expect(refused.body.existing).toMatchObject({ kind: 'order', id: first.id });
    const read = await call(advisor, 'GET', `${base}/${second.id}`);
    expect(read.body.version).toBe(1);
    expect(read.body.handover).toBeUndefined();
    expect(await vehicleOdometer(branchId, owner.vehicleId)).toBe(42_180);
    expect(await odometerHistory(branchId, owner.vehicleId)).toHaveLength(1);
  });

  it('refuses a reading below the last one without a correction reason with 422, and writes nothing', async () => {
    const { branchId, advisor, owner, base } = await setup();
    const order = await givenOrder(branchId, owner, 'confirmed');
    const refused = await call(advisor, 'POST', `${base}/${order.id}/recordHandover`, {
      body: handoverBody(1, { odometerKm: 41_000 }),
    });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toContain('odometerCorrectionReason');
    expect(refused.body.detail).toContain('42000');
    expect((await call(advisor, 'GET', `${base}/${order.id}`)).body.version).toBe(1);
    expect(await vehicleOdometer(branchId, owner.vehicleId)).toBe(42_000);
    expect(await getRecord(store(), keySlotKey(branchId, 'A-12'))).toBeUndefined();

    const corrected = await call(advisor, 'POST', `${base}/${order.id}/recordHandover`, {
      body: handoverBody(1, { odometerKm: 41_000, odometerCorrectionReason: 'Instrument cluster replaced' }),
    });
    expect(corrected.status).toBe(200);
    expect(await vehicleOdometer(branchId, owner.vehicleId)).toBe(41_000);
    expect(await odometerHistory(branchId, owner.vehicleId)).toEqual([
      { km: 41_000, orderId: order.id, correctionReason: 'Instrument cluster replaced' },
    ]);
  });

  it('replaces a first handover with a second one and moves the key to its new slot', async () => {
    const { branchId, advisor, owner, base } = await setup();
    const order = await givenOrder(branchId, owner, 'confirmed');
    const other = await givenOrder(branchId, owner, 'confirmed');
    await call(advisor, 'POST', `${base}/${order.id}/recordHandover`, { body: handoverBody(1) });
    const again = await call(advisor, 'POST', `${base}/${order.id}/recordHandover`, {
      body: handoverBody(2, { keySlot: 'B-03', odometerKm: 42_190 }),
    });
    expect(again.status).toBe(200);
    expect(again.body.handover).toMatchObject({ keySlot: 'B-03', odometerKm: 42_190 });
    expect(await getRecord(store(), keySlotKey(branchId, 'A-12'))).toBeUndefined();
    // The same slot again is this order's own claim, not a conflict.
    const same = await call(advisor, 'POST', `${base}/${order.id}/recordHandover`, {
      body: handoverBody(3, { keySlot: 'B-03', odometerKm: 42_190 }),
    });
    expect(same.status).toBe(200);
    // The freed slot takes another car's key.
    const freed = await call(advisor, 'POST', `${base}/${other.id}/recordHandover`, {
      body: handoverBody(1, { odometerKm: 42_200 }),
    });
    expect(freed.status).toBe(200);
    expect((await odometerHistory(branchId, owner.vehicleId)).map((r) => r.km)).toEqual([
      42_180, 42_190, 42_190, 42_200,
    ]);
  });

  it.each([
    [
      'a missing document without the customer signing for it',
      { discrepanciesSignedBy: undefined },
      'body.discrepanciesSignedBy',
    ],
    ['a fuel level beyond a full tank', { fuelLevel: 9 }, 'body.fuelLevel'],
    [
      'no one confirming the belongings list',
      { belongingsConfirmedBy: undefined },
      'body.belongingsConfirmedBy',
    ],
    ['a key slot with spaces', { keySlot: 'A 12' }, 'body.keySlot'],
  ])('refuses %s with 400 naming the field (R-X-4)', async (_case, overrides, path) => {
    const { branchId, advisor, owner, base } = await setup();
    const order = await givenOrder(branchId, owner, 'confirmed');
    const refused = await call(advisor, 'POST', `${base}/${order.id}/recordHandover`, {
      body: handoverBody(1, overrides),
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });
});

describe('cancelling and declining (R-RO-5, R-REC-2)', () => {
  it('cancels a confirmed order with the reason and frees its key slot', async () => {
    const { branchId, advisor, owner, base } = await setup();
    const order = await givenOrder(branchId, owner, 'confirmed');
    await call(advisor, 'POST', `${base}/${order.id}/recordHandover`, { body: handoverBody(1) });
    const { result: cancelled, requests } = await measure(() =>
      call(advisor, 'POST', `${base}/${order.id}/cancel`, {
        body: { version: 2, reason: 'Customer sold the car' },
      }),
    );
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      state: 'cancelled',
      cancellation: { reason: 'Customer sold the car', recordedBy: { staffId: advisor.staffId } },
    });
    // The order, then the vehicle's open-order guard it frees when it holds it (R-RO-6).
    expect(requests).toEqual(['GetItem', 'GetItem', 'TransactWriteItems']);
    expect(await getRecord(store(), keySlotKey(branchId, 'A-12'))).toBeUndefined();
  });

  it('refuses to cancel once the car is in the workshop (409)', async () => {
    const { branchId, advisor, owner, base } = await setup();
    const order = await givenOrder(branchId, owner, 'in_workshop');
    const refused = await call(advisor, 'POST', `${base}/${order.id}/cancel`, {
      body: { version: 1, reason: 'x' },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.state).toBe('in_workshop');
  });

  it.each([
    [
      'a diagnosis fee',
      [{ kind: 'fee', description: 'Diagnosis', feeType: 'diagnosis', amount: 8_000 }],
      8_000,
    ],
    ['no fee', [], 0],
  ])(
    'keeps only %s when the customer declines, so the order can be settled (R-REC-2)',
    async (_case, fees, total) => {
      const { branchId, advisor, owner, base } = await setup();
      const order = await givenOrder(branchId, owner, 'draft');
      const declined = await call(advisor, 'POST', `${base}/${order.id}/decline`, {
        body: { version: 1, reason: 'Too expensive', fees },
      });
      expect(declined.status).toBe(200);
      expect(declined.body).toMatchObject({
        state: 'declined',
        decline: { reason: 'Too expensive', recordedBy: { staffId: advisor.staffId } },
        totals: { labour: 0, parts: 0, fees: total, riskPremium: 0, total },
      });
      expect(declined.body.lines).toHaveLength(fees.length);
    },
  );

  it('refuses fees other than diagnosis or estimate on a decline with 400', async () => {
    const { branchId, advisor, owner, base } = await setup();
    const order = await givenOrder(branchId, owner, 'draft');
    const refused = await call(advisor, 'POST', `${base}/${order.id}/decline`, {
      body: { version: 1, fees: [{ kind: 'fee', description: 'Towing', feeType: 'towing', amount: 1 }] },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toContain('body.fees.0.feeType');
  });
});
