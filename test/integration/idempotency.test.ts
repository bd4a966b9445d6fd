import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { call, givenBranch, staff } from '../support/api';

/**
 * Creates accept an Idempotency-Key (ARCHITECTURE: API): a retried create answers the same and
 * writes nothing twice; the same key with another body is 422.
 */
describe('Idempotency-Key on creates', () => {
  const body = (phone: string) => ({
    name: '陈先生',
    phones: [{ number: phone, label: 'mobile' }],
    notes: 'walk-in',
  });

  async function setup() {
    const branchId = await givenBranch();
    return { branchId, advisor: staff(['advisor'], [branchId]), key: ulid() };
  }

  it('replays the first answer for the same key and body, and creates one archive (R-ARC-3)', async () => {
    const { branchId, advisor, key } = await setup();
    const headers = { 'idempotency-key': key };
    const first = await call(advisor, 'POST', `/branches/${branchId}/customers`, {
      body: body('13800138001'),
      headers,
    });
    // Same body, keys in another order: the same request.
    const reordered = {
      notes: 'walk-in',
      phones: [{ label: 'mobile', number: '13800138001' }],
      name: '陈先生',
    };
    const again = await call(advisor, 'POST', `/branches/${branchId}/customers`, {
      body: reordered,
      headers,
    });

    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const timeline = await call(advisor, 'GET', `/branches/${branchId}/customers/${first.body.id}/timeline`);
    expect(timeline.body.items).toHaveLength(1);
  });

  it('answers 422 when the key comes back with another body, and writes nothing', async () => {
    const { branchId, advisor, key } = await setup();
    const headers = { 'idempotency-key': key };
    await call(advisor, 'POST', `/branches/${branchId}/customers`, { body: body('13800138002'), headers });
    const other = await call(advisor, 'POST', `/branches/${branchId}/customers`, {
      body: body('13800138003'),
      headers,
    });

    expect(other.status).toBe(422);
    expect(other.body.type).toBe('/problems/idempotency-key-reused');
    const found = await call(advisor, 'GET', `/branches/${branchId}/customers`, {
      query: { phone: '13800138003' },
    });
    expect(found.body.items).toEqual([]);
  });

  it('creates exactly once when the same request races with itself', async () => {
    const { branchId, advisor, key } = await setup();
    const headers = { 'idempotency-key': key };
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        call(advisor, 'POST', `/branches/${branchId}/customers`, { body: body('13800138004'), headers }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
  });

  it('keeps keys apart per branch', async () => {
    const a = await setup();
    const b = await setup();
    const headers = { 'idempotency-key': a.key };
    const inA = await call(a.advisor, 'POST', `/branches/${a.branchId}/customers`, {
      body: body('13800138005'),
      headers,
    });
    const inB = await call(b.advisor, 'POST', `/branches/${b.branchId}/customers`, {
      body: body('13800138005'),
      headers,
    });
    expect(inB.body.id).not.toBe(inA.body.id);
  });

  it('refuses a malformed key with 400 naming the header', async () => {
    const { branchId, advisor } = await setup();
    const response = await call(advisor, 'POST', `/branches/${branchId}/customers`, {
      body: body('13800138006'),
      headers: { 'idempotency-key': 'x'.repeat(200) },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].path).toBe('header.idempotency-key');
  });

  it.each([
    ['a branch', '/branches', () => ({ ...branchBody(), id: `T${ulid().slice(-7)}` })],
    [
      'a staff member',
      '/staff',
      () => ({
        login: `idem.${ulid().slice(-8).toLowerCase()}`,
        name: 'N',
        roles: ['advisor'],
        branches: ['SZX'],
      }),
    ],
  ])('makes creating %s idempotent too', async (_what, path, makeBody) => {
    const admin = staff(['admin'], '*');
    const requestBody = makeBody();
    if (path === '/staff') {
      const branchId = await givenBranch();
      (requestBody as { branches: string[] }).branches = [branchId];
    }
    const headers = { 'idempotency-key': ulid() };
    const first = await call(admin, 'POST', path, { body: requestBody, headers });
    const again = await call(admin, 'POST', path, { body: requestBody, headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
  });
});

function branchBody() {
  return {
    name: 'Idempotent branch',
    timeZone: 'Asia/Shanghai',
    currency: 'CNY',
    phoneRegion: 'CN',
    locale: 'zh-Hans',
    workingHours: { days: ['mon'], open: '08:00', close: '18:00' },
    quietHours: { start: '21:00', end: '08:00' },
    bayCount: 4,
  };
}
