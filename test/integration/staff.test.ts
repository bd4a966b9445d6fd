import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../shared/kernel/access';
import { store } from '../../shared/platform/dynamo/client';
import { queryPage } from '../../shared/platform/dynamo/records';
import type { CreateStaff } from '../../shared/staff/schemas';
import { findStaffByLogin, staffKey } from '../../shared/staff/store';
import { call, givenBranch, newBranchId, staff, system } from '../support/api';

/** A fresh login per test keeps tests independent in the shared table. */
function newLogin(): string {
  return `t.${ulid().slice(-12).toLowerCase()}`;
}

function staffInput(branches: string[], overrides: Partial<CreateStaff> = {}): CreateStaff {
  return {
    login: newLogin(),
    name: '王小明',
    roles: ['advisor'],
    branches,
    status: 'probation',
    phone: '+86 138 0013 8000',
    email: 'xiaoming@example.com',
    contractStart: '2025-03-01',
    contractEnd: '2028-02-29',
    probationEnd: '2025-06-01',
    ...overrides,
  };
}

async function memberIds(branchId: string): Promise<string[]> {
  const listed = await call(system, 'GET', `/branches/${branchId}/staff`, { query: { limit: '100' } });
  expect(listed.status).toBe(200);
  return listed.body.items.map((m: { id: string }) => m.id);
}

async function hire(input: CreateStaff) {
  const created = await call(system, 'POST', '/staff', { body: input });
  expect(created.status).toBe(201);
  return created.body;
}

describe('staff records (R-ACC-2, R-HR-1)', () => {
  it('hires a person with two roles at two branches and records who did it (R-ACC-2, R-ACC-5)', async () => {
    const [sz, gz] = [await givenBranch(), await givenBranch()];
    const input = staffInput([sz, gz], { roles: ['advisor', 'follow-up'] });

    const created = await call(system, 'POST', '/staff', { body: input });

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      ...input,
      id: expect.stringMatching(/^[0-9A-Z]{26}$/),
      version: 1,
      createdBy: system.staffId,
      updatedBy: system.staffId,
    });
    const read = await call(system, 'GET', `/staff/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
    const log = await queryPage(store(), {
      partition: staffKey(created.body.id).pk,
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :log)',
      ExpressionAttributeValues: { ':p': staffKey(created.body.id).pk, ':log': 'LOG#' },
      limit: 10,
    });
    expect(log.items).toEqual([expect.objectContaining({ action: 'staff.created', by: system.staffId })]);
  });

  it("lists the person in each branch's staff, with name, login, roles and status (R-ACC-1)", async () => {
    const [sz, gz] = [await givenBranch(), await givenBranch()];
    const person = await hire(staffInput([sz, gz], { roles: ['advisor', 'cashier'] }));

    for (const branchId of [sz, gz]) {
      const listed = await call(system, 'GET', `/branches/${branchId}/staff`);
      expect(listed.status).toBe(200);
      expect(listed.body.items).toEqual([
        {
          id: person.id,
          login: person.login,
          name: person.name,
          roles: ['advisor', 'cashier'],
          status: 'probation',
        },
      ]);
    }
  });

  it("pages a branch's staff list in hiring order", async () => {
    const sz = await givenBranch();
    const first = await hire(staffInput([sz]));
    const second = await hire(staffInput([sz]));

    const page1 = await call(system, 'GET', `/branches/${sz}/staff`, { query: { limit: '1' } });
    const page2 = await call(system, 'GET', `/branches/${sz}/staff`, {
      query: { limit: '1', cursor: page1.body.nextCursor },
    });

    expect(page1.body.items.map((m: { id: string }) => m.id)).toEqual([first.id]);
    expect(page2.body.items.map((m: { id: string }) => m.id)).toEqual([second.id]);
  });

  it('moves memberships when roles and branches change: the old branch no longer lists them (R-ACC-2, R-ACC-5)', async () => {
    const [sz, gz, hk] = [await givenBranch(), await givenBranch(), await givenBranch()];
    const person = await hire(staffInput([sz, gz]));

    const updated = await call(system, 'PATCH', `/staff/${person.id}`, {
      body: { version: 1, roles: ['supervisor', 'follow-up'], branches: [gz, hk] },
    });

    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      roles: ['supervisor', 'follow-up'],
      branches: [gz, hk],
      version: 2,
    });
    expect(await memberIds(sz)).toEqual([]);
    expect(await memberIds(gz)).toEqual([person.id]);
    expect(await memberIds(hk)).toEqual([person.id]);
    const listed = await call(system, 'GET', `/branches/${gz}/staff`);
    expect(listed.body.items[0].roles).toEqual(['supervisor', 'follow-up']);
  });

  it('clears an optional field sent as null', async () => {
    const sz = await givenBranch();
    const person = await hire(staffInput([sz]));

    const updated = await call(system, 'PATCH', `/staff/${person.id}`, { body: { version: 1, phone: null } });

    expect(updated.status).toBe(200);
    expect(updated.body).not.toHaveProperty('phone');
    expect((await call(system, 'GET', `/staff/${person.id}`)).body).not.toHaveProperty('phone');
  });

  it('refuses a login already taken with 409 naming it, and writes nothing (R-X-4)', async () => {
    const sz = await givenBranch();
    const gz = await givenBranch();
    const holder = await hire(staffInput([sz]));

    const again = await call(system, 'POST', '/staff', { body: staffInput([gz], { login: holder.login }) });

    expect(again.status).toBe(409);
    expect(again.body.detail).toContain(holder.login);
    expect(again.body.existing).toMatchObject({ kind: 'staff', id: holder.id });
    expect(await memberIds(gz)).toEqual([]);
  });

  it('refuses a stale version with 409 and changes nothing (R-ACC-5)', async () => {
    const sz = await givenBranch();
    const person = await hire(staffInput([sz]));
    const first = await call(system, 'PATCH', `/staff/${person.id}`, {
      body: { version: 1, name: '王大明' },
    });
    expect(first.status).toBe(200);

    const stale = await call(system, 'PATCH', `/staff/${person.id}`, {
      body: { version: 1, status: 'left' },
    });

    expect(stale.status).toBe(409);
    expect(stale.body.type).toBe('/problems/version-conflict');
    expect(stale.body.currentVersion).toBe(2);
    const read = await call(system, 'GET', `/staff/${person.id}`);
    expect(read.body).toMatchObject({ name: '王大明', status: 'probation', version: 2 });
  });

  it('refuses an unknown branch with 404 naming it; nothing is written and the login stays free', async () => {
    const sz = await givenBranch();
    const missing = newBranchId();
    const input = staffInput([sz, missing]);

    const refused = await call(system, 'POST', '/staff', { body: input });

    expect(refused.status).toBe(404);
    expect(refused.body.detail).toContain(missing);
    expect(await memberIds(sz)).toEqual([]);
    expect(await findStaffByLogin(store(), input.login)).toBeUndefined();
    const retried = await call(system, 'POST', '/staff', { body: { ...input, branches: [sz] } });
    expect(retried.status).toBe(201);
  });

  it('refuses moving a person to an unknown branch with 404, and keeps their memberships', async () => {
    const sz = await givenBranch();
    const missing = newBranchId();
    const person = await hire(staffInput([sz]));

    const refused = await call(system, 'PATCH', `/staff/${person.id}`, {
      body: { version: 1, branches: [missing] },
    });

    expect(refused.status).toBe(404);
    expect(refused.body.detail).toContain(missing);
    expect(await memberIds(sz)).toEqual([person.id]);
    expect((await call(system, 'GET', `/staff/${person.id}`)).body).toMatchObject({
      branches: [sz],
      version: 1,
    });
  });

  it.each([
    ['an invalid login', { login: 'Bad Login' }, 'body.login'],
    ['a missing field', { name: undefined }, 'body.name'],
    ['a wrong type', { roles: 'advisor' }, 'body.roles'],
    ['an unknown role', { roles: ['mechanic'] }, 'body.roles.0'],
    ['an unknown field', { salary: 9000 }, 'body.salary'],
    ['a branch code that is not one', { branches: ['sz'] }, 'body.branches.0'],
    ['an advisor at every branch', { branches: ['*'] }, 'body.branches'],
    ['a role listed twice', { roles: ['advisor', 'advisor'] }, 'body.roles.1'],
    ['a contract ending before it starts', { contractEnd: '2025-01-01' }, 'body.contractEnd'],
    ['a date that is not one', { probationEnd: '2025-02-30' }, 'body.probationEnd'],
    ['an unknown status', { status: 'retired' }, 'body.status'],
  ])('refuses %s with 400 naming the field, and writes nothing (R-X-4)', async (_case, override, path) => {
    const sz = await givenBranch();
    const input = { ...staffInput([sz]), ...override };

    const response = await call(system, 'POST', '/staff', { body: input });

    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await memberIds(sz)).toEqual([]);
  });

  it('refuses an update that breaks the record as a whole with 400 naming the field (R-X-4)', async () => {
    const sz = await givenBranch();
    const person = await hire(staffInput([sz]));

    const response = await call(system, 'PATCH', `/staff/${person.id}`, {
      body: { version: 1, contractStart: '2029-01-01' },
    });

    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { path: string }) => e.path)).toContain('body.contractEnd');
    expect((await call(system, 'GET', `/staff/${person.id}`)).body.version).toBe(1);
  });

  it('finds a person by login for the token issuer, and nobody for an unknown login', async () => {
    const sz = await givenBranch();
    const person = await hire(staffInput([sz]));

    expect(await findStaffByLogin(store(), person.login)).toEqual(person);
    expect(await findStaffByLogin(store(), newLogin())).toBeUndefined();
  });
});

describe('who may hire and change staff (R-ACC-3)', () => {
  it('lets hr hire at their own branch', async () => {
    const sz = await givenBranch();
    const hr = staff(['hr'], [sz]);

    const created = await call(hr, 'POST', '/staff', { body: staffInput([sz], { roles: ['cashier'] }) });

    expect(created.status).toBe(201);
    expect(created.body.createdBy).toBe(hr.staffId);
  });

  // 'own' and 'other' stand for the hr person's branch and another branch made for each case.
  it.each<[string, { branches: string[]; roles: Role[] }, string]>([
    ['at another branch', { branches: ['other'], roles: ['advisor'] }, 'other'],
    ['at their branch and another', { branches: ['own', 'other'], roles: ['advisor'] }, 'other'],
    ['as admin', { branches: ['own'], roles: ['advisor', 'admin'] }, 'grant the role admin'],
    ['at every branch', { branches: ['*'], roles: ['hq'] }, 'grant the role hq'],
  ])('refuses hr hiring %s with 403 saying why, and writes nothing', async (_case, place, says) => {
    const [sz, gz] = [await givenBranch(), await givenBranch()];
    const real = (name: string) => (name === 'own' ? sz : name === 'other' ? gz : name);
    const hr = staff(['hr'], [sz]);
    const input = staffInput(place.branches.map(real), { roles: place.roles });

    const denied = await call(hr, 'POST', '/staff', { body: input });

    expect(denied.status).toBe(403);
    expect(denied.body.detail).toContain(real(says));
    expect(await findStaffByLogin(store(), input.login)).toBeUndefined();
    expect(await memberIds(sz)).toEqual([]);
    expect(await memberIds(gz)).toEqual([]);
  });

  it('refuses hr changing someone at another branch with 403, and changes nothing', async () => {
    const [sz, gz] = [await givenBranch(), await givenBranch()];
    const person = await hire(staffInput([gz]));
    const hr = staff(['hr'], [sz]);

    const denied = await call(hr, 'PATCH', `/staff/${person.id}`, { body: { version: 1, status: 'left' } });

    expect(denied.status).toBe(403);
    expect(denied.body.detail).toContain(gz);
    expect((await call(system, 'GET', `/staff/${person.id}`)).body).toMatchObject({
      status: 'probation',
      version: 1,
    });
  });

  it('refuses hr granting admin to someone at their branch with 403, and changes nothing', async () => {
    const sz = await givenBranch();
    const person = await hire(staffInput([sz]));
    const hr = staff(['hr'], [sz]);

    const denied = await call(hr, 'PATCH', `/staff/${person.id}`, {
      body: { version: 1, roles: ['advisor', 'admin'] },
    });

    expect(denied.status).toBe(403);
    expect(denied.body.detail).toContain('grant the role admin');
    expect((await call(system, 'GET', `/staff/${person.id}`)).body.roles).toEqual(['advisor']);
  });

  it('refuses roles other than admin and hr with 403 naming the roles needed', async () => {
    const sz = await givenBranch();
    const supervisor = staff(['supervisor'], [sz]);
    const input = staffInput([sz]);

    const denied = await call(supervisor, 'POST', '/staff', { body: input });

    expect(denied.status).toBe(403);
    expect(denied.body.detail).toContain('hr');
    expect(await findStaffByLogin(store(), input.login)).toBeUndefined();
  });
});

describe('who may read staff (R-ACC-3)', () => {
  it.each([
    ['a supervisor of a branch the person works at', 200, ['supervisor'], 'shared'],
    ['hr of a branch the person works at', 200, ['hr'], 'shared'],
    ['hq', 200, ['hq'], '*'],
    ['a supervisor of another branch', 403, ['supervisor'], 'other'],
    ['an advisor of the same branch', 403, ['advisor'], 'shared'],
  ] as const)('answers %s with %s', async (_case, status, roles, where) => {
    const [sz, gz, other] = [await givenBranch(), await givenBranch(), await givenBranch()];
    const person = await hire(staffInput([sz, gz]));
    const reader = staff([...roles], where === '*' ? '*' : [where === 'shared' ? gz : other]);

    const read = await call(reader, 'GET', `/staff/${person.id}`);

    expect(read.status).toBe(status);
    if (status === 403) expect(read.body.type).toBe('/problems/forbidden');
  });

  it('answers 404 for a person not on file', async () => {
    expect((await call(system, 'GET', `/staff/${ulid()}`)).status).toBe(404);
  });

  it.each([
    ['a dispatcher of the branch', 200, ['dispatcher'], 'own'],
    ['hq', 200, ['hq'], '*'],
    ['a dispatcher of another branch', 403, ['dispatcher'], 'other'],
    ['an advisor of the branch', 403, ['advisor'], 'own'],
  ] as const)("answers %s asking for a branch's staff with %s", async (_case, status, roles, where) => {
    const [sz, other] = [await givenBranch(), await givenBranch()];
    const reader = staff([...roles], where === '*' ? '*' : [where === 'own' ? sz : other]);

    expect((await call(reader, 'GET', `/branches/${sz}/staff`)).status).toBe(status);
  });
});
