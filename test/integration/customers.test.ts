import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { store } from '../../shared/platform/dynamo/client';
import { createStaff } from '../../shared/staff/actions';
import { call, givenBranch, staff, system } from '../support/api';

const customerBody = (overrides: Record<string, unknown> = {}) => ({
  name: '陈先生',
  phones: [{ number: '138 0013 8000', label: 'mobile' }],
  ...overrides,
});

async function givenCustomer(branchId: string, overrides: Record<string, unknown> = {}) {
  const advisor = staff(['advisor'], [branchId]);
  const created = await call(advisor, 'POST', `/branches/${branchId}/customers`, {
    body: customerBody(overrides),
  });
  expect(created.status).toBe(201);
  return created.body;
}

const findByPhone = (branchId: string, phone: string) =>
  call(staff(['advisor'], [branchId]), 'GET', `/branches/${branchId}/customers`, { query: { phone } });

describe('customer archive (R-ARC-1, R-ARC-3, R-X-1)', () => {
  it('opens an archive with two vehicles, reads it back and changes it on top of its version (R-ARC-1, R-ACC-5)', async () => {
    const branchId = await givenBranch({ locale: 'zh-Hans' });
    const advisor = staff(['advisor'], [branchId], 'Advisor Wang');

    const created = await call(advisor, 'POST', `/branches/${branchId}/customers`, {
      body: customerBody({
        phones: [
          { number: '138 0013 8000', label: 'mobile' },
          { number: '(0755) 8888 0000', label: 'work' },
        ],
        company: '深圳速达物流有限公司',
        preferredContactTimes: 'weekdays after 18:00',
        wishes: ['free brake check'],
      }),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      branchId,
      name: '陈先生',
      phones: [
        { number: '+8613800138000', label: 'mobile' },
        { number: '+8675588880000', label: 'work' },
      ],
      locale: 'zh-Hans',
      marketingOptOut: false,
      wishes: ['free brake check'],
      version: 1,
      createdBy: advisor.staffId,
    });
    const customerId = created.body.id;

    const plates = ['粤B12345', '粤B8D123'];
    for (const plate of plates) {
      const vehicle = await call(advisor, 'POST', `/branches/${branchId}/customers/${customerId}/vehicles`, {
        body: { plate, model: 'Toyota Camry 2.5', vehicleType: 'car' },
      });
      expect(vehicle.status).toBe(201);
    }

    const read = await call(advisor, 'GET', `/branches/${branchId}/customers/${customerId}`);
    expect(read.body).toEqual(created.body);
    const vehicles = await call(advisor, 'GET', `/branches/${branchId}/customers/${customerId}/vehicles`);
    expect(vehicles.body.items.map((v: { plate: string }) => v.plate).sort()).toEqual(plates);

    const changed = await call(advisor, 'PATCH', `/branches/${branchId}/customers/${customerId}`, {
      body: { version: 1, address: '深圳市福田区', company: null, marketingOptOut: true },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ address: '深圳市福田区', marketingOptOut: true, version: 2 });
    expect(changed.body).not.toHaveProperty('company');
    expect((await call(advisor, 'GET', `/branches/${branchId}/customers/${customerId}`)).body).toEqual(
      changed.body,
    );
  });

  it("reads a number without + in the branch's phone region and defaults to the branch's locale (R-X-1)", async () => {
    const branchId = await givenBranch({ phoneRegion: 'HK', locale: 'zh-Hant', currency: 'HKD' });
    const customer = await givenCustomer(branchId, { phones: [{ number: '9123 4567' }] });
    expect(customer.phones).toEqual([{ number: '+85291234567', label: 'mobile' }]);
    expect(customer.locale).toBe('zh-Hant');
  });

  it('finds a returning customer by phone typed in another format, and nobody for an unknown number (R-ARC-3)', async () => {
    const branchId = await givenBranch();
    const customer = await givenCustomer(branchId, { phones: [{ number: '13800138000' }] });

    const found = await findByPhone(branchId, '138 0013 8000');
    expect(found.status).toBe(200);
    expect(found.body.items).toEqual([customer]);
    expect((await findByPhone(branchId, '+86 138-0013-8000')).body.items).toEqual([customer]);
    expect((await findByPhone(branchId, '139 0013 9000')).body).toEqual({ items: [] });
  });

  it.each([
    ['an invalid phone', { phone: '12345' }],
    ['no phone at all', undefined],
  ])('refuses a phone search with %s: 400 naming query.phone (R-X-4)', async (_case, query) => {
    const branchId = await givenBranch();
    const advisor = staff(['advisor'], [branchId]);
    const response = await call(advisor, 'GET', `/branches/${branchId}/customers`, query ? { query } : {});
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { path: string }) => e.path)).toEqual(['query.phone']);
  });

  it('refuses a phone already on file for another customer with 409 naming that customer, and writes nothing (R-ARC-3)', async () => {
    const branchId = await givenBranch();
    const first = await givenCustomer(branchId);
    const advisor = staff(['advisor'], [branchId]);

    const again = await call(advisor, 'POST', `/branches/${branchId}/customers`, {
      body: customerBody({
        name: '陈太太',
        phones: [{ number: '139 0013 9000' }, { number: '+8613800138000' }],
      }),
    });
    expect(again.status).toBe(409);
    expect(again.body.existing).toEqual({
      kind: 'customer',
      id: first.id,
      href: `/branches/${branchId}/customers/${first.id}`,
    });
    expect((await findByPhone(branchId, '139 0013 9000')).body.items).toEqual([]);
  });

  it('swaps the numbers on file when the phone list changes: the new one finds, the old one is free (R-ARC-3)', async () => {
    const branchId = await givenBranch();
    const customer = await givenCustomer(branchId);
    const advisor = staff(['advisor'], [branchId]);

    const changed = await call(advisor, 'PATCH', `/branches/${branchId}/customers/${customer.id}`, {
      body: { version: 1, phones: [{ number: '139 0013 9000', label: 'home' }] },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.phones).toEqual([{ number: '+8613900139000', label: 'home' }]);
    expect((await findByPhone(branchId, '13900139000')).body.items.map((c: { id: string }) => c.id)).toEqual([
      customer.id,
    ]);
    expect((await findByPhone(branchId, '13800138000')).body.items).toEqual([]);
    // The released number can be given to someone else.
    await givenCustomer(branchId, { name: '陈太太', phones: [{ number: '13800138000' }] });
  });

  it("refuses to take another customer's number in an update with 409, and changes nothing (R-ARC-3)", async () => {
    const branchId = await givenBranch();
    const first = await givenCustomer(branchId);
    const second = await givenCustomer(branchId, { name: '李女士', phones: [{ number: '13700137000' }] });
    const advisor = staff(['advisor'], [branchId]);

    const taken = await call(advisor, 'PATCH', `/branches/${branchId}/customers/${second.id}`, {
      body: { version: 1, name: '李女士 (new)', phones: [{ number: '13800138000' }] },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.existing.id).toBe(first.id);
    expect((await call(advisor, 'GET', `/branches/${branchId}/customers/${second.id}`)).body).toEqual(second);
    expect((await findByPhone(branchId, '13700137000')).body.items[0].id).toBe(second.id);
  });

  it('refuses a stale version with 409 and changes nothing (R-ACC-5)', async () => {
    const branchId = await givenBranch();
    const customer = await givenCustomer(branchId);
    const advisor = staff(['advisor'], [branchId]);
    const path = `/branches/${branchId}/customers/${customer.id}`;

    expect((await call(advisor, 'PATCH', path, { body: { version: 1, notes: 'first' } })).status).toBe(200);
    const stale = await call(advisor, 'PATCH', path, { body: { version: 1, notes: 'second' } });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ type: '/problems/version-conflict', currentVersion: 2 });
    expect((await call(advisor, 'GET', path)).body).toMatchObject({ notes: 'first', version: 2 });
  });

  it('records a designated follow-up agent of the branch, and refuses one who does not work there (R-FUP-1)', async () => {
    const branchId = await givenBranch();
    const agent = await createStaff(
      store(),
      {
        login: `fup.${ulid().slice(-8).toLowerCase()}`,
        name: 'Follow-up Li',
        roles: ['follow-up'],
        branches: [branchId],
        status: 'regular',
      },
      { ...system, login: 'test.admin' },
    );
    const customer = await givenCustomer(branchId, { followUpAgentId: agent.id });
    expect(customer.followUpAgentId).toBe(agent.id);

    const stranger = ulid();
    const refused = await call(
      staff(['supervisor'], [branchId]),
      'PATCH',
      `/branches/${branchId}/customers/${customer.id}`,
      { body: { version: 1, followUpAgentId: stranger } },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.followUpAgentId']);
  });

  it.each([
    ['who has left', { roles: ['follow-up'], status: 'left' }],
    ['who is suspended', { roles: ['follow-up'], status: 'suspended' }],
    ['who is a cashier, not a follow-up agent', { roles: ['cashier'], status: 'regular' }],
  ] as const)('refuses a designated agent %s (400 naming body.followUpAgentId, R-FUP-1)', async (_, who) => {
    const branchId = await givenBranch();
    const person = await createStaff(
      store(),
      {
        login: `fup.${ulid().slice(-8).toLowerCase()}`,
        name: 'Not an agent',
        roles: [...who.roles],
        branches: [branchId],
        status: who.status,
      },
      { ...system, login: 'test.admin' },
    );
    const refused = await call(staff(['advisor'], [branchId]), 'POST', `/branches/${branchId}/customers`, {
      body: { name: '陈先生', phones: [{ number: '13900139011' }], followUpAgentId: person.id },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.followUpAgentId']);
    expect((await findByPhone(branchId, '13900139011')).body).toEqual({ items: [] });
  });

  it.each([
    [
      'an invalid phone',
      { phones: [{ number: '12345' }, { number: '139 0013 9000' }] },
      'body.phones.0.number',
    ],
    [
      'the same number twice',
      { phones: [{ number: '13900139000' }, { number: '139 0013 9000' }] },
      'body.phones.1.number',
    ],
    [
      'an unknown phone label',
      { phones: [{ number: '13900139000', label: 'pager' }] },
      'body.phones.0.label',
    ],
    ['no phone', { phones: [] }, 'body.phones'],
    ['a missing name', { name: undefined }, 'body.name'],
    ['a blank name', { name: '   ' }, 'body.name'],
    ['a name of the wrong type', { name: 123 }, 'body.name'],
    ['a flag of the wrong type', { marketingOptOut: 'yes' }, 'body.marketingOptOut'],
    ['an unknown locale', { locale: 'fr' }, 'body.locale'],
    ['an unknown field', { plate: '粤B12345' }, 'body.plate'],
    [
      'a follow-up agent who does not work at the branch',
      { followUpAgentId: ulid() },
      'body.followUpAgentId',
    ],
  ])(
    'refuses a customer with %s: 400 naming the field, and writes nothing (R-X-4)',
    async (_case, override, path) => {
      const branchId = await givenBranch();
      const advisor = staff(['advisor'], [branchId]);
      const body = { ...customerBody({ phones: [{ number: '139 0013 9000' }] }), ...override };

      const response = await call(advisor, 'POST', `/branches/${branchId}/customers`, { body });
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toBe('application/problem+json');
      expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(path);
      expect((await findByPhone(branchId, '139 0013 9000')).body.items).toEqual([]);
    },
  );

  it('refuses to open an archive at a branch that does not exist with 404', async () => {
    const advisor = staff(['advisor'], ['TNOWHERE']);
    const response = await call(advisor, 'POST', '/branches/TNOWHERE/customers', { body: customerBody() });
    expect(response.status).toBe(404);
  });
});

describe('customer timeline (R-ARC-4, R-ACC-5)', () => {
  it('lists the changes to the customer and their vehicles newest first, with who and when, page by page', async () => {
    const branchId = await givenBranch();
    const advisor = staff(['advisor'], [branchId], 'Advisor Wang');
    const supervisor = staff(['supervisor'], [branchId], 'Supervisor Zhao');
    const customer = await givenCustomer(branchId);
    const path = `/branches/${branchId}/customers/${customer.id}`;
    const vehicle = await call(advisor, 'POST', `${path}/vehicles`, { body: { plate: '粤B12345' } });
    await call(supervisor, 'PATCH', path, { body: { version: 1, notes: 'prefers SMS' } });
    await call(advisor, 'PATCH', `/branches/${branchId}/vehicles/${vehicle.body.id}`, {
      body: { version: 1, odometerKm: 42_000 },
    });

    const first = await call(advisor, 'GET', `${path}/timeline`, { query: { limit: '3' } });
    expect(first.status).toBe(200);
    expect(first.body.items).toMatchObject([
      { action: 'vehicle.updated', by: advisor.staffId, byName: 'Advisor Wang', changes: ['odometerKm'] },
      { action: 'customer.updated', by: supervisor.staffId, byName: 'Supervisor Zhao', changes: ['notes'] },
      { action: 'vehicle.created', subject: { kind: 'vehicle', id: vehicle.body.id } },
    ]);
    for (const entry of first.body.items) expect(Date.parse(entry.at)).not.toBeNaN();
    expect(first.body.nextCursor).toEqual(expect.any(String));

    const second = await call(advisor, 'GET', `${path}/timeline`, {
      query: { limit: '3', cursor: first.body.nextCursor },
    });
    expect(second.body.items).toMatchObject([
      { action: 'customer.created', subject: { kind: 'customer', id: customer.id }, at: customer.createdAt },
    ]);
  });

  it('answers 404 for the timeline of a customer who is not on file', async () => {
    const branchId = await givenBranch();
    const response = await call(
      staff(['advisor'], [branchId]),
      'GET',
      `/branches/${branchId}/customers/${ulid()}/timeline`,
    );
    expect(response.status).toBe(404);
  });
});

describe('archive access (R-ACC-3)', () => {
  async function givenArchive() {
    const branchId = await givenBranch();
    const advisor = staff(['advisor'], [branchId]);
    const customer = await givenCustomer(branchId);
    const vehicle = await call(advisor, 'POST', `/branches/${branchId}/customers/${customer.id}/vehicles`, {
      body: { plate: '粤B12345' },
    });
    return { branchId, advisor, customer, vehicle: vehicle.body };
  }

  type Archive = Awaited<ReturnType<typeof givenArchive>>;
  const routes: [
    string,
    (a: Archive) => [string, string, { body?: unknown; query?: Record<string, string> }],
  ][] = [
    [
      'open a customer',
      (a) => [
        'POST',
        `/branches/${a.branchId}/customers`,
        { body: customerBody({ phones: [{ number: '13900139000' }] }) },
      ],
    ],
    [
      'find by phone',
      (a) => ['GET', `/branches/${a.branchId}/customers`, { query: { phone: '13800138000' } }],
    ],
    ['read a customer', (a) => ['GET', `/branches/${a.branchId}/customers/${a.customer.id}`, {}]],
    [
      'change a customer',
      (a) => [
        'PATCH',
        `/branches/${a.branchId}/customers/${a.customer.id}`,
        { body: { version: 1, notes: 'x' } },
      ],
    ],
    ['read a timeline', (a) => ['GET', `/branches/${a.branchId}/customers/${a.customer.id}/timeline`, {}]],
    ['list vehicles', (a) => ['GET', `/branches/${a.branchId}/customers/${a.customer.id}/vehicles`, {}]],
    [
      'add a vehicle',
      (a) => [
        'POST',
        `/branches/${a.branchId}/customers/${a.customer.id}/vehicles`,
        { body: { plate: '粤B99999' } },
      ],
    ],
    ['find by plate', (a) => ['GET', `/branches/${a.branchId}/vehicles`, { query: { plate: '粤B12345' } }]],
    ['read a vehicle', (a) => ['GET', `/branches/${a.branchId}/vehicles/${a.vehicle.id}`, {}]],
    [
      'change a vehicle',
      (a) => [
        'PATCH',
        `/branches/${a.branchId}/vehicles/${a.vehicle.id}`,
        { body: { version: 1, odometerKm: 1 } },
      ],
    ],
  ];

  async function expectUnchanged(a: Archive) {
    const customer = await call(a.advisor, 'GET', `/branches/${a.branchId}/customers/${a.customer.id}`);
    expect(customer.body.version).toBe(1);
    const vehicles = await call(
      a.advisor,
      'GET',
      `/branches/${a.branchId}/customers/${a.customer.id}/vehicles`,
    );
    expect(vehicles.body.items).toEqual([a.vehicle]);
    expect((await findByPhone(a.branchId, '13900139000')).body.items).toEqual([]);
  }

  it.each(routes)(
    'denies a branch-B advisor who tries to %s at branch A with 403, and changes nothing',
    async (_case, route) => {
      const archive = await givenArchive();
      const otherBranch = await givenBranch();
      const [method, path, options] = route(archive);
      const response = await call(staff(['advisor'], [otherBranch]), method, path, options);
      expect(response.status).toBe(403);
      expect(response.body.detail).toContain(archive.branchId);
      await expectUnchanged(archive);
    },
  );

  it.each([
    ['HQ', 'hq'],
    ['admin', 'admin'],
  ] as const)('denies %s, who reads aggregates only, every archive route with 403', async (_who, role) => {
    const archive = await givenArchive();
    const chainWide = staff([role], '*');
    for (const [, route] of routes) {
      const [method, path, options] = route(archive);
      expect((await call(chainWide, method, path, options)).status).toBe(403);
    }
    await expectUnchanged(archive);
  });

  it('lets every branch role read the archive but only advisors, follow-up agents and supervisors change it', async () => {
    const archive = await givenArchive();
    const cashier = staff(['cashier'], [archive.branchId]);
    const path = `/branches/${archive.branchId}/customers/${archive.customer.id}`;
    expect((await call(cashier, 'GET', path)).status).toBe(200);
    const denied = await call(cashier, 'PATCH', path, { body: { version: 1, notes: 'x' } });
    expect(denied.status).toBe(403);
    const followUp = staff(['follow-up'], [archive.branchId]);
    expect((await call(followUp, 'PATCH', path, { body: { version: 1, notes: 'x' } })).status).toBe(200);
  });

  it('answers 404 when a customer or vehicle id is asked under another branch path, even for staff of both', async () => {
    const archive = await givenArchive();
    const otherBranch = await givenBranch();
    const both = staff(['advisor'], [archive.branchId, otherBranch]);
    const paths = [
      `/branches/${otherBranch}/customers/${archive.customer.id}`,
      `/branches/${otherBranch}/customers/${archive.customer.id}/vehicles`,
      `/branches/${otherBranch}/customers/${archive.customer.id}/timeline`,
      `/branches/${otherBranch}/vehicles/${archive.vehicle.id}`,
    ];
    for (const path of paths) expect((await call(both, 'GET', path)).status).toBe(404);
    const patch = await call(both, 'PATCH', `/branches/${otherBranch}/customers/${archive.customer.id}`, {
      body: { version: 1, notes: 'x' },
    });
    expect(patch.status).toBe(404);
    const addVehicle = await call(
      both,
      'POST',
      `/branches/${otherBranch}/customers/${archive.customer.id}/vehicles`,
      {
        body: { plate: '粤B99999' },
      },
    );
    expect(addVehicle.status).toBe(404);
    await expectUnchanged(archive);
  });
});
