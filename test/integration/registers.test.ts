import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { localDate } from '../../shared/kernel/local-time';

import { call, claimsOf, gateway, givenBranch, staff, type TestActor } from '../support/api';
import { fromNow, testNow } from '../support/clock';
import { givenCustomerWithVehicle, givenOrder } from '../support/orders';
import { measure } from '../support/request-count';

/**
 * Registers of R-REG-1: the forms of a branch listed and exported as CSV per local date range
 * (R-X-2), paged, one Query of the `register` index per page.
 */
let branchId: string;
let owner: Awaited<ReturnType<typeof givenCustomerWithVehicle>>;
let supervisor: TestActor;

// One branch for the file; every test files its forms on days of its own.
beforeAll(async () => {
  branchId = await givenBranch({ timeZone: 'Asia/Shanghai' });
  supervisor = staff(['supervisor'], [branchId], 'Supervisor Huang');
});

beforeEach(async () => {
  owner = await givenCustomerWithVehicle(branchId);
});

/** Orders filed at given instants (the order register is sorted by `createdAt`). */
async function ordersFiledAt(...instants: string[]) {
  const orders = [];
  for (const createdAt of instants) orders.push(await givenOrder(branchId, owner, 'draft', { createdAt }));
  return orders;
}

async function exportCsv(actor: TestActor, kind: string, query: Record<string, string>) {
  return gateway.dispatch({
    method: 'GET',
    path: `/branches/${branchId}/registers/${kind}/export.csv`,
    query,
    claims: claimsOf(actor),
  });
}

describe('registers by local date range (R-REG-1, R-X-2)', () => {
  it('lists the forms filed on the branch’s local days and leaves out those just outside', async () => {
    // Asia/Shanghai is UTC+8: local 2 March starts at 1 March 16:00 UTC.
    const [, first, last] = await ordersFiledAt(
      '2026-03-01T15:59:59.999Z', // local 1 March 23:59 — before the range
      '2026-03-01T16:00:00.000Z', // local 2 March 00:00 — first instant inside
      '2026-03-03T15:59:59.999Z', // local 3 March 23:59 — last instant inside
      '2026-03-03T16:00:00.000Z', // local 4 March 00:00 — after the range
    );
    const path = `/branches/${branchId}/registers/order`;
    const query = { from: '2026-03-02', to: '2026-03-03' };
    await call(supervisor, 'GET', path, { query }); // warms the branch settings (time zone)

    const { result: listed, requests } = await measure(() => call(supervisor, 'GET', path, { query }));
    expect(listed.status).toBe(200);
    expect(requests).toEqual(['Query']);
    expect(listed.body).toMatchObject({ kind: 'order', timeZone: 'Asia/Shanghai', ...query });
    expect(listed.body.items.map((r: { id: string }) => r.id)).toEqual([first?.id, last?.id]);
    expect(listed.body.items[0]).toMatchObject({
      at: '2026-03-01T16:00:00.000Z',
      plate: owner.plate,
      customerName: '陈先生',
      state: 'draft',
      total: 75_000,
      currency: 'CNY',
    });
    expect(listed.body.columns.slice(0, 4)).toEqual(['id', 'at', 'plate', 'customerName']);
  });

  it('pages through a register with the cursor of the previous page', async () => {
    await ordersFiledAt('2026-04-01T02:00:00.000Z', '2026-04-01T03:00:00.000Z', '2026-04-01T04:00:00.000Z');
    const path = `/branches/${branchId}/registers/order`;
    const range = { from: '2026-04-01', to: '2026-04-01' };
    const first = await call(supervisor, 'GET', path, { query: { ...range, limit: '2' } });
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toBeDefined();
    const second = await call(supervisor, 'GET', path, {
      query: { ...range, limit: '2', cursor: first.body.nextCursor },
    });
    expect(second.body.items.map((r: { at: string }) => r.at)).toEqual(['2026-04-01T04:00:00.000Z']);
    expect(second.body.nextCursor).toBeUndefined();

    // A cursor pages only the register it came from.
    const foreign = await call(supervisor, 'GET', `/branches/${branchId}/registers/addon`, {
      query: { ...range, cursor: first.body.nextCursor },
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors[0].path).toBe('query.cursor');

    // Nor another range of the same register, nor a key made up by hand: 400, never a 500.
    const forged = (key: object) => Buffer.from(JSON.stringify(key)).toString('base64url');
    const partition = JSON.parse(Buffer.from(first.body.nextCursor, 'base64url').toString()).gsi2pk;
    for (const [query, label] of [
      [{ from: '2026-04-02', to: '2026-04-03', cursor: first.body.nextCursor }, 'another range'],
      [{ ...range, cursor: forged({ gsi2pk: partition }) }, 'a key without the table key'],
      [
        { ...range, cursor: forged({ pk: 'x', sk: 'y', gsi2pk: partition, gsi2sk: 5 }) },
        'a number in the key',
      ],
      [
        {
          ...range,
          cursor: forged({ pk: 'x', sk: 'y', gsi2pk: partition, gsi2sk: '2026-04-01T03:00', evil: 'z' }),
        },
        'an extra attribute',
      ],
      [{ ...range, cursor: 'not base64 json' }, 'not a cursor at all'],
    ] as const) {
      const refused = await call(supervisor, 'GET', path, { query: query as Record<string, string> });
      expect([label, refused.status, refused.body.errors?.[0]?.path]).toEqual([label, 400, 'query.cursor']);
    }
  });

  it('refuses a forged timeline cursor with 400 naming query.cursor, never a 500', async () => {
    const advisor = staff(['advisor'], [branchId]);
    const forged = Buffer.from(JSON.stringify({ pk: `BR#${branchId}#CUS#${owner.customerId}` })).toString(
      'base64url',
    );
    const refused = await call(
      advisor,
      'GET',
      `/branches/${branchId}/customers/${owner.customerId}/timeline`,
      {
        query: { cursor: forged },
      },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].path).toBe('query.cursor');
  });

  it('lists the reception forms filed by other actions: visits, diagnosis reports, belongings lists', async () => {
    const advisor = staff(['advisor'], [branchId], 'Advisor Li');
    const visit = await call(advisor, 'POST', `/branches/${branchId}/visits`, {
      body: { purpose: 'repair', customerId: owner.customerId, vehicleId: owner.vehicleId },
    });
    expect(visit.status).toBe(201);
    const diagnosis = await call(advisor, 'POST', `/branches/${branchId}/visits/${visit.body.id}/diagnosis`, {
      body: {
        findings: [{ system: 'brakes', finding: 'Front pads worn to 2 mm', severity: 'advise' }],
        recommendedWork: ['Replace front pads'],
      },
    });
    expect(diagnosis.status).toBe(201);
    const order = await givenOrder(branchId, owner, 'confirmed');
    const handover = await call(advisor, 'POST', `/branches/${branchId}/orders/${order.id}/recordHandover`, {
      body: {
        version: 1,
        documents: [{ name: 'Vehicle licence', present: true }],
        belongings: [
          { item: '雨伞', quantity: 1 },
          { item: 'Child seat', quantity: 2 },
        ],
        belongingsConfirmedBy: '陈先生',
        keyTag: 'K-7',
        keySlot: `R${order.id.slice(-6)}`,
        fuelLevel: 4,
        odometerKm: 42_100,
      },
    });
    expect(handover.status).toBe(200);

    const today = {
      from: localDate(new Date(testNow()), 'Asia/Shanghai'),
      to: localDate(new Date(testNow()), 'Asia/Shanghai'),
    };
    const rows = async (kind: string) =>
      (await call(supervisor, 'GET', `/branches/${branchId}/registers/${kind}`, { query: today })).body.items;
    expect(await rows('visit')).toEqual([
      expect.objectContaining({
        id: visit.body.id,
        customerName: '陈先生',
        plate: owner.plate,
        purpose: 'repair',
        advisor: 'Advisor Li',
      }),
    ]);
    expect(await rows('diagnosis')).toEqual([
      expect.objectContaining({
        id: diagnosis.body.id,
        findings: 'brakes: Front pads worn to 2 mm (advise)',
        recommendedWork: 'Replace front pads',
      }),
    ]);
    expect(await rows('belongings')).toEqual([
      expect.objectContaining({
        id: order.id,
        belongings: '雨伞 × 1; Child seat × 2',
        confirmedBy: '陈先生',
      }),
    ]);
  });

  it.each([
    ['a range that ends before it starts', 'order', { from: '2026-03-02', to: '2026-03-01' }, 'query.to'],
    ['a date that is not a date', 'order', { from: '2026-02-30x', to: '2026-03-01' }, 'query.from'],
    ['an unknown register', 'invoices', { from: '2026-03-01', to: '2026-03-01' }, 'path.kind'],
  ])('refuses %s with 400 naming the field', async (_case, kind, query, path) => {
    const refused = await call(supervisor, 'GET', `/branches/${branchId}/registers/${kind}`, { query });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('is closed to roles that keep no register (R-ACC-3)', async () => {
    const teamLead = staff(['team-lead'], [branchId]);
    const denied = await call(teamLead, 'GET', `/branches/${branchId}/registers/order`, {
      query: { from: '2026-03-01', to: '2026-03-01' },
    });
    expect(denied.status).toBe(403);
  });
});

describe('CSV export of the registers (R-REG-1)', () => {
  it('exports UTF-8 with BOM and a header row, quotes commas, quotes and newlines, keeps Chinese text', async () => {
    const [order] = await ordersFiledAt('2026-05-10T01:30:00.000Z');
    const tricky = await givenOrder(branchId, owner, 'draft', {
      createdAt: '2026-05-10T02:00:00.000Z',
      customerName: '林小姐, "VIP"\n二号',
    });

    const { result: exported, requests } = await measure(() =>
      exportCsv(supervisor, 'order', { from: '2026-05-10', to: '2026-05-10' }),
    );
    expect(exported.status).toBe(200);
    expect(requests.filter((r) => r !== 'GetItem')).toEqual(['Query']);
    expect(exported.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(exported.headers['content-disposition']).toBe(
      `attachment; filename="${branchId}-order-2026-05-10-2026-05-10.csv"`,
    );
    expect(Buffer.from(exported.body, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));

    const lines = exported.body.slice(1).split('\r\n');
    expect(lines[0]).toBe(
      'id,at,plate,customerName,state,pricingMethod,total,currency,promisedAt,advisor,confirmedBy',
    );
    // Local time of the branch (UTC+8) and money in major units.
    expect(lines[1]).toMatch(
      new RegExp(`^${order?.id},2026-05-10 09:30,${owner.plate},陈先生,draft,system,750\\.00,CNY,`),
    );
    expect(exported.body).toContain(
      `${tricky.id},2026-05-10 10:00,${owner.plate},"林小姐, ""VIP""\n二号",draft`,
    );
    expect(exported.body.endsWith('\r\n')).toBe(true);
  });

  it('exports at most `limit` rows and says where the next export continues', async () => {
    await ordersFiledAt('2026-06-01T02:00:00.000Z', '2026-06-01T03:00:00.000Z');
    const range = { from: '2026-06-01', to: '2026-06-01' };
    const first = await exportCsv(supervisor, 'order', { ...range, limit: '1' });
    expect(first.body.slice(1).split('\r\n')).toHaveLength(3); // header, one row, final CRLF
    const cursor = first.headers['x-next-cursor'];
    expect(cursor).toBeDefined();
    const rest = await exportCsv(supervisor, 'order', { ...range, limit: '1', cursor: String(cursor) });
    expect(rest.body).toContain('2026-06-01 11:00');
    expect(rest.headers['x-next-cursor']).toBeUndefined();
  });

  it('exports the settlement register with money in major units', async () => {
    const cashier = staff(['cashier'], [branchId]);
    const order = await givenOrder(branchId, owner, 'ready', {
      pickupPreparation: {
        cleaned: true,
        belongingsChecked: true,
        billsCollected: true,
        recordedBy: { staffId: 'X', name: 'X' },
        at: fromNow(0),
      },
    });
    const deposit = await call(cashier, 'POST', `/branches/${branchId}/orders/${order.id}/recordPayment`, {
      body: { version: 1, amount: 1_005, method: 'cash' },
    });
    expect(deposit.status).toBe(200);
    const settled = await call(cashier, 'POST', `/branches/${branchId}/orders/${order.id}/settle`, {
      body: { version: 2 },
    });
    expect(settled.status).toBe(200);
    const day = localDate(settled.body.settlement.issuedAt, 'Asia/Shanghai');
    const exported = await exportCsv(cashier, 'settlement', { from: day, to: day });
    const row = exported.body.split('\r\n').find((line) => line.startsWith(order.id));
    expect(row).toContain(',300.00,450.00,0.00,0.00,750.00,0.00,10.05,739.95,0.00,739.95,CNY,');
  });
});
