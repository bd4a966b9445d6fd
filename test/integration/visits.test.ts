import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { customerKey } from '../../shared/archive/store/customers';
import { localDate } from '../../shared/kernel/local-time';
import { store } from '../../shared/platform/dynamo/client';

import { call, givenBranch, staff, system, type TestActor } from '../support/api';
import { fromNow } from '../support/clock';
import { givenCustomerWithVehicle, givenOrder } from '../support/orders';
import { measure } from '../support/request-count';

/**
 * Reception (R-REC-1, R-REC-2): visits logged on arrival, consultations closed without an order,
 * diagnosis reports recorded, read and shown to the customer. Request counts are those of a warm
 * function (branch settings cached by the fixture's calls).
 */
async function setup() {
  const branchId = await givenBranch();
  const advisor = staff(['advisor'], [branchId], 'Advisor Li');
  const owner = await givenCustomerWithVehicle(branchId, advisor);
  return { branchId, advisor, owner, visits: `/branches/${branchId}/visits` };
}

async function timelineActions(actor: TestActor, branchId: string, customerId: string): Promise<string[]> {
  const timeline = await call(actor, 'GET', `/branches/${branchId}/customers/${customerId}/timeline`);
  return timeline.body.items.map((e: { action: string }) => e.action);
}

/** Moves the opening of a customer's archive (test-only: the API never rewrites createdAt). */
async function archiveOpenedAt(branchId: string, customerId: string, at: string): Promise<void> {
  await store().doc.send(
    new UpdateCommand({
      TableName: store().tableName,
      Key: customerKey(branchId, customerId),
      UpdateExpression: 'SET createdAt = :at',
      ExpressionAttributeValues: { ':at': at },
    }),
  );
}

const shanghaiMidnightToday = () => `${localDate(fromNow(0), 'Asia/Shanghai')}T00:00:00+08:00`;

describe('visits (R-REC-1)', () => {
  it('answers a walk-in consultation and closes it without an order, in one read and one write per call', async () => {
    const { visits, advisor } = await setup();

    const logged = await measure(() =>
      call(advisor, 'POST', visits, {
        body: {
          purpose: 'consultation',
          visitor: { name: '王小姐', phone: '139 0000 0000' },
          notes: 'Noise when braking',
        },
      }),
    );
    expect(logged.result.status).toBe(201);
    expect(logged.result.body).toMatchObject({
      status: 'open',
      purpose: 'consultation',
      visitor: { name: '王小姐', phone: '+8613900000000' },
      returning: false,
      advisor: { staffId: advisor.staffId, name: 'Advisor Li' },
      version: 1,
    });
    expect(logged.result.body.customerId).toBeUndefined();
    // The phone is looked up (not on file), then one transaction.
    expect(logged.requests).toEqual(['GetItem', 'TransactWriteItems']);

    const id = logged.result.body.id;
    const closed = await measure(() =>
      call(advisor, 'POST', `${visits}/${id}/close`, {
        body: {
          version: 1,
          outcome: 'answered',
          answer: 'Pads are fine; the noise is dust. Come back if it persists.',
        },
      }),
    );
    expect(closed.result.status).toBe(200);
    expect(closed.result.body).toMatchObject({
      status: 'closed',
      outcome: 'answered',
      answer: 'Pads are fine; the noise is dust. Come back if it persists.',
      closedBy: { staffId: advisor.staffId },
      version: 2,
    });
    expect(closed.result.body.orderId).toBeUndefined();
    expect(closed.requests).toEqual(['GetItem', 'TransactWriteItems']);

    const read = await measure(() => call(advisor, 'GET', `${visits}/${id}`));
    expect(read.result.body).toEqual({ ...closed.result.body, diagnoses: [] });
    expect(read.requests).toEqual(['Query']);
  });

  it('refuses to close a closed visit with 409 naming its state and that nothing more is allowed', async () => {
    const { visits, advisor } = await setup();
    const logged = await call(advisor, 'POST', visits, {
      body: { purpose: 'consultation', visitor: { name: '张先生' } },
    });
    const path = `${visits}/${logged.body.id}/close`;
    await call(advisor, 'POST', path, { body: { version: 1, outcome: 'referred', referredTo: 'Tyre shop' } });

    const again = await call(advisor, 'POST', path, {
      body: { version: 2, outcome: 'answered', answer: 'x' },
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      type: '/problems/invalid-transition',
      state: 'closed',
      allowedActions: [],
    });
  });

  it('refuses a close on top of a stale version with 409 (R-ACC-5)', async () => {
    const { visits, advisor } = await setup();
    const logged = await call(advisor, 'POST', visits, {
      body: { purpose: 'consultation', visitor: { name: '张先生' } },
    });
    const stale = await call(advisor, 'POST', `${visits}/${logged.body.id}/close`, {
      body: { version: 2, outcome: 'declined' },
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ type: '/problems/version-conflict', currentVersion: 1 });
  });

  it("logs a visit with the customer's vehicle in the customer's timeline (R-ARC-4), reading both in one request", async () => {
    const { visits, advisor, owner, branchId } = await setup();
    const logged = await measure(() =>
      call(advisor, 'POST', visits, {
        body: { purpose: 'repair', customerId: owner.customerId, vehicleId: owner.vehicleId },
      }),
    );
    expect(logged.result.status).toBe(201);
    expect(logged.result.body).toMatchObject({
      customerId: owner.customerId,
      customerName: '陈先生',
      vehicleId: owner.vehicleId,
      plate: owner.plate,
    });
    expect(logged.requests).toEqual(['BatchGetItem', 'TransactWriteItems']);
    expect(await timelineActions(advisor, branchId, owner.customerId)).toContain('visit.logged');
  });

  it.each([
    ['opened two days ago', () => fromNow(-2 * 86_400_000), true],
    [
      'opened one second before local midnight',
      () => new Date(Date.parse(shanghaiMidnightToday()) - 1000).toISOString(),
      true,
    ],
    [
      'opened at local midnight today (16:00 UTC the day before)',
      () => new Date(shanghaiMidnightToday()).toISOString(),
      false,
    ],
    ['opened a moment ago', () => fromNow(0), false],
  ])(
    'counts a customer whose archive was %s as returning: %s (branch local date, R-X-2)',
    async (_case, openedAt, returning) => {
      const { visits, advisor, owner, branchId } = await setup();
      await archiveOpenedAt(branchId, owner.customerId, openedAt());
      const logged = await call(advisor, 'POST', visits, {
        body: { purpose: 'maintenance', customerId: owner.customerId },
      });
      expect(logged.status).toBe(201);
      expect(logged.body.returning).toBe(returning);
    },
  );

  it('links a walk-in whose phone is on file to the customer (R-ARC-3: no second archive)', async () => {
    const { visits, advisor, owner, branchId } = await setup();
    const customer = await call(advisor, 'GET', `/branches/${branchId}/customers/${owner.customerId}`);
    const phone = customer.body.phones[0].number;
    await archiveOpenedAt(branchId, owner.customerId, '2024-01-01T00:00:00Z');

    const logged = await call(advisor, 'POST', visits, {
      body: { purpose: 'consultation', visitor: { name: '陈太太', phone } },
    });
    expect(logged.status).toBe(201);
    expect(logged.body).toMatchObject({
      customerId: owner.customerId,
      returning: true,
      visitor: { name: '陈太太' },
    });
  });

  it.each([
    ['a repair visit without a customer', { purpose: 'repair', visitor: { name: 'x' } }, 'body.customerId'],
    ['a vehicle without its owner', { purpose: 'consultation', vehicleId: ulid() }, 'body.customerId'],
    [
      'a customer and a walk-in at once',
      { purpose: 'consultation', customerId: ulid(), visitor: { name: 'x' } },
      'body.visitor',
    ],
    ['an unknown purpose', { purpose: 'shopping', visitor: { name: 'x' } }, 'body.purpose'],
    ['an unknown field', { purpose: 'consultation', visitor: { name: 'x' }, mood: 'happy' }, 'body.mood'],
    [
      'a phone that is not one',
      { purpose: 'consultation', visitor: { name: 'x', phone: '12' } },
      'body.visitor.phone',
    ],
    ['a customer not on file', { purpose: 'repair', customerId: ulid() }, 'body.customerId'],
  ])('refuses %s with 400 naming the field (R-X-4)', async (_case, body, path) => {
    const { visits, advisor } = await setup();
    const refused = await call(advisor, 'POST', visits, { body });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it("refuses another customer's vehicle with 400 naming body.vehicleId", async () => {
    const { visits, advisor, owner, branchId } = await setup();
    const other = await givenCustomerWithVehicle(branchId, advisor);
    const refused = await call(advisor, 'POST', visits, {
      body: { purpose: 'repair', customerId: owner.customerId, vehicleId: other.vehicleId },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'body.vehicleId' })]);
  });

  it('closes a visit with the order it opened, and refuses an order that is not on file', async () => {
    const { visits, advisor, owner } = await setup();
    const logged = await call(advisor, 'POST', visits, {
      body: { purpose: 'repair', customerId: owner.customerId, vehicleId: owner.vehicleId },
    });
    const refused = await call(advisor, 'POST', `${visits}/${logged.body.id}/close`, {
      body: { version: 1, outcome: 'order_opened', orderId: ulid() },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].path).toBe('body.orderId');
    const read = await call(advisor, 'GET', `${visits}/${logged.body.id}`);
    expect(read.body.status).toBe('open');
  });

  it.each([
    ["another customer's order", 'customer'],
    ["an order of the customer's other car", 'car'],
  ])('refuses to close a visit with %s (400 naming body.orderId, R-ARC-4)', async (_, whose) => {
    const { visits, advisor, owner, branchId } = await setup();
    const logged = await call(advisor, 'POST', visits, {
      body: { purpose: 'repair', customerId: owner.customerId, vehicleId: owner.vehicleId },
    });
    const other =
      whose === 'customer'
        ? await givenCustomerWithVehicle(branchId, advisor)
        : { ...owner, vehicleId: ulid(), plate: `粤B${ulid().slice(-5)}` };
    const order = await givenOrder(branchId, other, 'draft');
    const refused = await call(advisor, 'POST', `${visits}/${logged.body.id}/close`, {
      body: { version: 1, outcome: 'order_opened', orderId: order.id },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].path).toBe('body.orderId');
    const own = await givenOrder(branchId, owner, 'draft');
    const closed = await call(advisor, 'POST', `${visits}/${logged.body.id}/close`, {
      body: { version: 1, outcome: 'order_opened', orderId: own.id },
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', orderId: own.id });
  });

  it('creates one visit for a retried request with the same Idempotency-Key', async () => {
    const { visits, advisor, owner, branchId } = await setup();
    const headers = { 'idempotency-key': ulid() };
    const body = { purpose: 'maintenance', customerId: owner.customerId };
    const first = await call(advisor, 'POST', visits, { body, headers });
    const again = await call(advisor, 'POST', visits, { body, headers });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const actions = await timelineActions(advisor, branchId, owner.customerId);
    expect(actions.filter((a) => a === 'visit.logged')).toHaveLength(1);
  });

  it('lets only reception log a visit (R-ACC-3)', async () => {
    const { visits, branchId } = await setup();
    const cashier = staff(['cashier'], [branchId]);
    const denied = await call(cashier, 'POST', visits, {
      body: { purpose: 'consultation', visitor: { name: 'x' } },
    });
    expect(denied.status).toBe(403);
  });
});

describe('diagnosis reports 汽車檢測診斷報告單 (R-REC-2)', () => {
  const report = {
    findings: [
      { system: 'brakes', finding: 'Front pads worn to 2 mm', severity: 'safety' },
      { system: 'tyres', finding: 'Rear tyres 3 mm tread', severity: 'advise' },
    ],
    recommendedWork: ['Replace front brake pads', 'Replace rear tyres within 3 months'],
    fee: 8_000,
  };

  async function givenRepairVisit() {
    const context = await setup();
    const visit = await call(context.advisor, 'POST', context.visits, {
      body: { purpose: 'repair', customerId: context.owner.customerId, vehicleId: context.owner.vehicleId },
    });
    return { ...context, visitId: visit.body.id as string, path: `${context.visits}/${visit.body.id}` };
  }

  it('records a report in one read and one write, reads it back, and shows it with its visit', async () => {
    const { advisor, path, owner, branchId, visitId } = await givenRepairVisit();

    const recorded = await measure(() => call(advisor, 'POST', `${path}/diagnosis`, { body: report }));
    expect(recorded.result.status).toBe(201);
    expect(recorded.result.body).toMatchObject({
      ...report,
      visitId,
      customerId: owner.customerId,
      customerName: '陈先生',
      vehicleId: owner.vehicleId,
      plate: owner.plate,
      technician: { staffId: advisor.staffId, name: 'Advisor Li' },
      currency: 'CNY',
      version: 1,
    });
    expect(recorded.result.body.shownToCustomerAt).toBeUndefined();
    expect(recorded.requests).toEqual(['GetItem', 'TransactWriteItems']);

    const id = recorded.result.body.id;
    const read = await measure(() => call(advisor, 'GET', `${path}/diagnosis/${id}`));
    expect(read.result.body).toEqual(recorded.result.body);
    expect(read.requests).toEqual(['GetItem']);

    const visit = await call(advisor, 'GET', path);
    expect(visit.body.diagnoses).toEqual([recorded.result.body]);
    expect(await timelineActions(advisor, branchId, owner.customerId)).toContain('diagnosis.recorded');
  });

  it('records that the report was shown to the customer, once', async () => {
    const { advisor, path } = await givenRepairVisit();
    const recorded = await call(advisor, 'POST', `${path}/diagnosis`, { body: report });
    const showPath = `${path}/diagnosis/${recorded.body.id}/show`;

    const shown = await measure(() => call(advisor, 'POST', showPath, { body: { version: 1 } }));
    expect(shown.result.status).toBe(200);
    expect(shown.result.body).toMatchObject({ version: 2, shownToCustomerAt: expect.any(String) });
    expect(shown.requests).toEqual(['GetItem', 'TransactWriteItems']);

    const again = await call(advisor, 'POST', showPath, { body: { version: 2 } });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ type: '/problems/invalid-transition', state: 'shown' });
  });

  it('stamps the report as shown when it is handed over as it is recorded', async () => {
    const { advisor, path } = await givenRepairVisit();
    const recorded = await call(advisor, 'POST', `${path}/diagnosis`, {
      body: { ...report, shownToCustomer: true },
    });
    expect(recorded.body.shownToCustomerAt).toBe(recorded.body.createdAt);
  });

  it('names a technician of the branch, read with the visit in one request', async () => {
    const { advisor, path, branchId } = await givenRepairVisit();
    const hired = await call(system, 'POST', '/staff', {
      body: {
        login: `tech.${ulid().slice(-8).toLowerCase()}`,
        name: 'Technician Wu',
        roles: ['team-lead'],
        branches: [branchId],
      },
    });
    expect(hired.status).toBe(201);

    const recorded = await measure(() =>
      call(advisor, 'POST', `${path}/diagnosis`, { body: { ...report, technicianId: hired.body.id } }),
    );
    expect(recorded.result.status).toBe(201);
    expect(recorded.result.body.technician).toEqual({ staffId: hired.body.id, name: 'Technician Wu' });
    expect(recorded.requests).toEqual(['BatchGetItem', 'TransactWriteItems']);

    const stranger = await call(advisor, 'POST', `${path}/diagnosis`, {
      body: { ...report, technicianId: ulid() },
    });
    expect(stranger.status).toBe(400);
    expect(stranger.body.errors[0].path).toBe('body.technicianId');
  });

  it('refuses a report on a closed visit with 409, and on a visit without a car with 422', async () => {
    const { advisor, visits } = await setup();
    const walkIn = await call(advisor, 'POST', visits, {
      body: { purpose: 'consultation', visitor: { name: 'x' } },
    });
    const noCar = await call(advisor, 'POST', `${visits}/${walkIn.body.id}/diagnosis`, { body: report });
    expect(noCar.status).toBe(422);

    await call(advisor, 'POST', `${visits}/${walkIn.body.id}/close`, {
      body: { version: 1, outcome: 'answered', answer: 'ok' },
    });
    const closed = await call(advisor, 'POST', `${visits}/${walkIn.body.id}/diagnosis`, { body: report });
    expect(closed.status).toBe(409);
    expect(closed.body).toMatchObject({ type: '/problems/invalid-transition', state: 'closed' });
  });

  it.each([
    ['no findings', { ...report, findings: [] }, 'body.findings'],
    [
      'an unknown severity',
      { ...report, findings: [{ system: 'brakes', finding: 'x', severity: 'grave' }] },
      'body.findings.0.severity',
    ],
    ['a fee with decimals', { ...report, fee: 80.5 }, 'body.fee'],
    ['a computed field sent by the client', { ...report, currency: 'USD' }, 'body.currency'],
  ])('refuses %s with 400 naming the field', async (_case, body, path) => {
    const { advisor, path: visitPath } = await givenRepairVisit();
    const refused = await call(advisor, 'POST', `${visitPath}/diagnosis`, { body });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('answers 404 for a report that is not on file', async () => {
    const { advisor, path } = await givenRepairVisit();
    expect((await call(advisor, 'GET', `${path}/diagnosis/${ulid()}`)).status).toBe(404);
  });
});
