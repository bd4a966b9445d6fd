import { describe, expect, it } from 'vitest';
import { openOrderGuardKey } from '../../shared/orders/store/orders';
import { store } from '../../shared/platform/dynamo/client';
import { getRecord } from '../../shared/platform/dynamo/records';
import { call, givenBranch, staff } from '../support/api';
import { fromNow } from '../support/clock';
import { givenCustomerWithVehicle, givenEstimate } from '../support/orders';
import { measure } from '../support/request-count';

/**
 * One car, one open job (R-RO-6), and the visit that closes with its order (R-REC-1, R-ARC-4).
 * The test clock says Wednesday 10:10 in Shenzhen: a promise 6 hours on is inside the branch's
 * 08:30-18:00 opening hours (R-RO-2).
 */
const promisedAt = () => fromNow(6 * 3_600_000);

async function setup() {
  const branchId = await givenBranch();
  const advisor = staff(['advisor'], [branchId], '李接待');
  const owner = await givenCustomerWithVehicle(branchId, advisor);
  const base = `/branches/${branchId}/orders`;
  const create = async () =>
    call(advisor, 'POST', base, {
      body: { estimateId: (await givenEstimate(branchId, owner)).id, promisedAt: promisedAt() },
    });
  return { branchId, advisor, owner, base, create };
}

describe('a vehicle has at most one open repair order (R-RO-6)', () => {
  it('refuses a second order for the car with 409 naming the open one, and writes nothing', async () => {
    const s = await setup();
    const first = await s.create();
    expect(first.status).toBe(201);
    const estimate = await givenEstimate(s.branchId, s.owner);

    const second = await call(s.advisor, 'POST', s.base, {
      body: { estimateId: estimate.id, promisedAt: promisedAt() },
    });
    expect(second.status).toBe(409);
    expect(second.body.detail).toContain(first.body.id);
    expect(second.body.detail).toContain('R-RO-6');
    expect(second.body.existing).toEqual({
      kind: 'order',
      id: first.body.id,
      href: `${s.base}/${first.body.id}`,
    });
    // The estimate is not converted: the whole transaction was refused.
    const stored = await call(s.advisor, 'GET', `/branches/${s.branchId}/estimates/${estimate.id}`);
    expect(stored.body.status).toBe('presented');
    // The board shows the car once.
    const board = await call(s.advisor, 'GET', s.base);
    expect(board.body.items.map((o: { id: string }) => o.id)).toEqual([first.body.id]);
  });

  it('of 20 concurrent orders for one car exactly one is made; the others are 409 naming it', async () => {
    const s = await setup();
    const estimates = await Promise.all(Array.from({ length: 20 }, () => givenEstimate(s.branchId, s.owner)));

    const answers = await Promise.all(
      estimates.map((e) =>
        call(s.advisor, 'POST', s.base, { body: { estimateId: e.id, promisedAt: promisedAt() } }),
      ),
    );

    const made = answers.filter((a) => a.status === 201);
    expect(made).toHaveLength(1);
    const winner = made[0]?.body.id;
    const refused = answers.filter((a) => a.status !== 201);
    expect(refused.map((a) => a.status)).toEqual(Array(19).fill(409));
    // A loser may see the guard before the winner's id is readable; all that name one name the winner.
    for (const a of refused) if (a.body.existing) expect(a.body.existing.id).toBe(winner);
    const board = await call(s.advisor, 'GET', s.base);
    expect(board.body.items.map((o: { id: string }) => o.id)).toEqual([winner]);
  });

  it('a cancelled order frees the car for its next order, and the guard names the new one', async () => {
    const s = await setup();
    const first = await s.create();
    const { result: cancelled, requests } = await measure(() =>
      call(s.advisor, 'POST', `${s.base}/${first.body.id}/cancel`, {
        body: { version: first.body.version, reason: 'Customer will come next week' },
      }),
    );
    expect(cancelled.status).toBe(200);
    // The order and the open-order guard it frees, then one transaction.
    expect(requests).toEqual(['GetItem', 'GetItem', 'TransactWriteItems']);

    const next = await s.create();
    expect(next.status).toBe(201);
    const guard = await getRecord(store(), openOrderGuardKey(s.branchId, s.owner.vehicleId));
    expect(guard?.owner).toMatchObject({ kind: 'order', id: next.body.id });
  });

  it('another car of the same customer gets its own order', async () => {
    const s = await setup();
    expect((await s.create()).status).toBe(201);
    const vehicle = await call(
      s.advisor,
      'POST',
      `/branches/${s.branchId}/customers/${s.owner.customerId}/vehicles`,
      {
        body: { plate: `粤B${String(Math.floor(Math.random() * 1e5)).padStart(5, '0')}`, vehicleType: 'car' },
      },
    );
    const other = await givenEstimate(s.branchId, {
      customerId: s.owner.customerId,
      vehicleId: vehicle.body.id,
    });
    const second = await call(s.advisor, 'POST', s.base, {
      body: { estimateId: other.id, promisedAt: promisedAt() },
    });
    expect(second.status).toBe(201);
  });
});

describe('the visit closes itself when its order is made (R-REC-1, R-ARC-4)', () => {
  it('closes the open visit of the estimate with outcome order_opened and the order id, in the order transaction', async () => {
    const s = await setup();
    const visit = await call(s.advisor, 'POST', `/branches/${s.branchId}/visits`, {
      body: { purpose: 'repair', customerId: s.owner.customerId, vehicleId: s.owner.vehicleId },
    });
    expect(visit.status).toBe(201);
    const estimate = await givenEstimate(s.branchId, s.owner, { visitId: visit.body.id });

    const { result: order, requests } = await measure(() =>
      call(s.advisor, 'POST', s.base, { body: { estimateId: estimate.id, promisedAt: promisedAt() } }),
    );
    expect(order.status).toBe(201);
    // The visit is read with the customer and the vehicle, in the same BatchGetItem.
    expect(requests).toEqual(['GetItem', 'BatchGetItem', 'TransactWriteItems']);

    const closed = await call(s.advisor, 'GET', `/branches/${s.branchId}/visits/${visit.body.id}`);
    expect(closed.body).toMatchObject({
      status: 'closed',
      outcome: 'order_opened',
      orderId: order.body.id,
      closedBy: { staffId: s.advisor.staffId },
      version: 2,
    });
    const timeline = await call(
      s.advisor,
      'GET',
      `/branches/${s.branchId}/customers/${s.owner.customerId}/timeline`,
    );
    expect(timeline.body.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['order.created', 'visit.closed']),
    );
  });

  it('leaves a visit closed by hand before the order as it was', async () => {
    const s = await setup();
    const visit = await call(s.advisor, 'POST', `/branches/${s.branchId}/visits`, {
      body: { purpose: 'repair', customerId: s.owner.customerId, vehicleId: s.owner.vehicleId },
    });
    const closedByHand = await call(
      s.advisor,
      'POST',
      `/branches/${s.branchId}/visits/${visit.body.id}/close`,
      {
        body: { version: 1, outcome: 'declined' },
      },
    );
    expect(closedByHand.status).toBe(200);
    const estimate = await givenEstimate(s.branchId, s.owner, { visitId: visit.body.id });
    const order = await call(s.advisor, 'POST', s.base, {
      body: { estimateId: estimate.id, promisedAt: promisedAt() },
    });
    expect(order.status).toBe(201);
    const after = await call(s.advisor, 'GET', `/branches/${s.branchId}/visits/${visit.body.id}`);
    expect(after.body).toMatchObject({ outcome: 'declined', version: 2 });
    expect(after.body.orderId).toBeUndefined();
  });
});
