import { describe, expect, it } from 'vitest';
import { branchInput, call, givenBranch, newBranchId, staff, system } from '../support/api';

describe('branches (R-ACC-1, R-X-2)', () => {
  it('opens a branch with its time zone, currency and hours, and records who did it (R-ACC-5)', async () => {
    const id = newBranchId();
    const created = await call(system, 'POST', '/branches', {
      body: branchInput(id, { currency: 'HKD', timeZone: 'Asia/Hong_Kong' }),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id,
      currency: 'HKD',
      timeZone: 'Asia/Hong_Kong',
      version: 1,
      createdBy: system.staffId,
    });

    const read = await call(system, 'GET', `/branches/${id}`);
    expect(read.body).toEqual(created.body);
  });

  it('refuses a second branch with the same id with 409', async () => {
    const id = await givenBranch();
    const again = await call(system, 'POST', '/branches', { body: branchInput(id) });
    expect(again.status).toBe(409);
  });

  it('changes settings on top of the version read and refuses a stale version (R-ACC-5)', async () => {
    const id = await givenBranch();
    const first = await call(system, 'PATCH', `/branches/${id}`, { body: { version: 1, bayCount: 8 } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ bayCount: 8, version: 2 });
    const stale = await call(system, 'PATCH', `/branches/${id}`, { body: { version: 1, bayCount: 9 } });
    expect(stale.status).toBe(409);
    expect(stale.body.type).toBe('/problems/version-conflict');
    expect((await call(system, 'GET', `/branches/${id}`)).body.bayCount).toBe(8);
  });

  it.each([
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, 'body.timeZone'],
    ['an unknown currency', { currency: 'USD' }, 'body.currency'],
    ['an hour out of range', { quietHours: { start: '25:00', end: '08:00' } }, 'body.quietHours.start'],
    ['a wrong type', { bayCount: 'six' }, 'body.bayCount'],
    ['an unknown field', { colour: 'red' }, 'body.colour'],
  ])('refuses %s with 400 naming the field, and writes nothing (R-X-4)', async (_case, override, path) => {
    const id = newBranchId();
    const response = await call(system, 'POST', '/branches', { body: { ...branchInput(id), ...override } });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect((await call(system, 'GET', `/branches/${id}`)).status).toBe(404);
  });

  it('shows branch staff only the branches they work at (R-ACC-3)', async () => {
    const mine = await givenBranch();
    await givenBranch();
    const advisor = staff(['advisor'], [mine]);
    const listed = await call(advisor, 'GET', '/branches', { query: { limit: '100' } });
    expect(listed.body.items.map((b: { id: string }) => b.id)).toEqual([mine]);
  });

  it('lets only admin open or change a branch (R-ACC-3)', async () => {
    const id = await givenBranch();
    const supervisor = staff(['supervisor'], [id]);
    const denied = await call(supervisor, 'PATCH', `/branches/${id}`, { body: { version: 1, bayCount: 1 } });
    expect(denied.status).toBe(403);
    expect(denied.body.detail).toContain('admin');
    expect((await call(system, 'GET', `/branches/${id}`)).body.version).toBe(1);
  });
});
