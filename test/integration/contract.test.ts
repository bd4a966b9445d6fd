import { describe, expect, it } from 'vitest';
import { customerKey } from '../../shared/archive/store/customers';
import { VersionConflictError } from '../../shared/kernel/errors';
import { store } from '../../shared/platform/dynamo/client';
import { getRecord, updateRecord } from '../../shared/platform/dynamo/records';
import { call, givenBranch, hire, staff } from '../support/api';
import { fromNow } from '../support/clock';
import { givenCustomerWithVehicle, givenOrder } from '../support/orders';

/**
 * The contract is true (issue 10): what the document says of inputs and answers holds over the
 * local gateway. Every answer below is also checked against its route's documented response by
 * test/support/contract-check.ts (through `call`).
 */
const customerBody = { name: '陈先生', phones: [{ number: '138 0013 8000', label: 'mobile' }] };

describe('path parameters the gateway cannot decode (R-X-4)', () => {
  it.each(['%ZZ', '%E0%A4%A', '%C0%AE', '%'])(
    'R-X-4: GET /branches/%s/customers is a 400 naming path.branchId, before the token is checked',
    async (segment) => {
      const answer = await call(undefined, 'GET', `/branches/${segment}/customers`, {
        query: { phone: '13800138000' },
      });
      expect(answer.status).toBe(400);
      expect(answer.headers['content-type']).toBe('application/problem+json');
      expect(answer.body).toMatchObject({
        type: '/problems/validation-error',
        errors: [{ path: 'path.branchId', message: expect.stringContaining('percent-encoded') }],
      });
    },
  );

  it('R-X-4: a well-encoded parameter is still decoded (%53%5A is SZ)', async () => {
    const branchId = await givenBranch();
    const advisor = staff(['advisor'], [branchId]);
    const encoded = [...branchId].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).join('');
    const answer = await call(advisor, 'GET', `/branches/${encoded}/customers`, {
      query: { phone: '13800138000' },
    });
    expect(answer.status).toBe(200);
  });
});

describe('integers in the query are plain decimal digits (R-X-4)', () => {
  it.each(['0x10', '1e1', ' 16', '16 ', '', '16.0', '+16', '-1', '0', '101'])(
    'R-X-4: limit=%j is a 400 naming query.limit',
    async (limit) => {
      const branchId = await givenBranch();
      const answer = await call(staff(['advisor'], [branchId]), 'GET', `/branches/${branchId}/orders`, {
        query: { state: 'confirmed', limit },
      });
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([{ path: 'query.limit', message: expect.any(String) }]);
    },
  );

  it('R-X-4: limit=16 in plain digits is accepted, and so is no limit (the default)', async () => {
    const branchId = await givenBranch();
    const advisor = staff(['advisor'], [branchId]);
    const sixteen = await call(advisor, 'GET', `/branches/${branchId}/orders`, {
      query: { state: 'confirmed', limit: '16' },
    });
    const plain = await call(advisor, 'GET', `/branches/${branchId}/orders`, {
      query: { state: 'confirmed' },
    });
    expect([sixteen.status, plain.status]).toEqual([200, 200]);
  });
});

describe('an order answer keeps its documented schema (R-X-4)', () => {
  it('R-X-4: an order waiting for its inspection answers duties.inspection, which the RepairOrder schema declares', async () => {
    const branchId = await givenBranch();
    const lead = await hire(branchId, ['team-lead'], '班组 A');
    await hire(branchId, ['inspector'], '檢驗 林');
    const owner = await givenCustomerWithVehicle(branchId, staff(['advisor'], [branchId]));
    const order = await givenOrder(branchId, owner, 'in_workshop', {
      teams: [
        {
          teamId: lead.staffId,
          teamName: '班组 A',
          assignedAt: fromNow(-60 * 60_000),
          assignedBy: { staffId: 'FIXTURE', name: 'Fixture' },
        },
      ],
    });
    const done = await call(lead, 'POST', `/branches/${branchId}/orders/${order.id}/completeWork`, {
      body: { version: order.version },
    });
    expect(done.status).toBe(200);
    expect(done.body.duties.inspection).toEqual(expect.any(String));
    const read = await call(lead, 'GET', `/branches/${branchId}/orders/${order.id}`);
    expect(read.body.duties.inspection).toBe(done.body.duties.inspection);
  });
});

describe('a version conflict lost inside the transaction (R-ACC-5)', () => {
  it('R-ACC-5: two PATCHes of the same version at once: one wins, the other is 409 with currentVersion', async () => {
    const branchId = await givenBranch();
    const advisor = staff(['advisor'], [branchId]);
    const created = await call(advisor, 'POST', `/branches/${branchId}/customers`, { body: customerBody });
    const path = `/branches/${branchId}/customers/${created.body.id}`;
    const answers = await Promise.all(
      ['first', 'second'].map((wish) =>
        call(advisor, 'PATCH', path, { body: { version: 1, wishes: [wish] } }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 409)?.body).toMatchObject({
      type: '/problems/version-conflict',
      currentVersion: 2,
    });
  });

  it('R-ACC-5: a write whose version check passed on a stale read reports the stored version, without another read', async () => {
    const branchId = await givenBranch();
    const advisor = staff(['advisor'], [branchId]);
    const created = await call(advisor, 'POST', `/branches/${branchId}/customers`, { body: customerBody });
    const path = `/branches/${branchId}/customers/${created.body.id}`;
    const key = customerKey(branchId, created.body.id);
    const readBefore = await getRecord(store(), key);
    if (!readBefore) throw new Error('the customer was not stored');
    expect(readBefore.version).toBe(1);
    await call(advisor, 'PATCH', path, { body: { version: 1, wishes: ['a'] } });
    await call(advisor, 'PATCH', path, { body: { version: 2, wishes: ['b'] } });

    const lost = await updateRecord(store(), {
      current: readBefore,
      expectedVersion: 1,
      next: { ...readBefore, wishes: ['stale'] },
      actor: { ...advisor, login: 'advisor' },
      change: {
        action: 'customer.updated',
        subject: { kind: 'customer', id: created.body.id },
        summary: 'stale',
        changes: ['wishes'],
        logPartition: key.pk,
      },
    }).catch((error: unknown) => error);
    expect(lost).toBeInstanceOf(VersionConflictError);
    expect((lost as VersionConflictError).extensions.currentVersion).toBe(3);
    expect((await getRecord(store(), key))?.wishes).toEqual(['b']);
  });
});

describe('every branch (*) is for HQ and admin only (R-ACC-3)', () => {
  it.each([['advisor'], ['supervisor'], ['cashier']] as const)(
    "R-ACC-3: a %s token holding '*' is refused 403 with the reason, at any branch and on chain routes",
    async (role) => {
      const branchId = await givenBranch();
      const wildcard = staff([role], '*');
      const atBranch = await call(wildcard, 'GET', `/branches/${branchId}/customers`, {
        query: { phone: '13800138000' },
      });
      const chain = await call(wildcard, 'GET', '/branches');
      for (const answer of [atBranch, chain]) {
        expect(answer.status).toBe(403);
        expect(answer.body.detail).toContain('HQ and admin only');
      }
    },
  );

  it("R-ACC-3: HQ and admin holding '*' still read any branch", async () => {
    const branchId = await givenBranch();
    for (const role of ['hq', 'admin'] as const) {
      const answer = await call(staff([role], '*'), 'GET', `/branches/${branchId}`);
      expect(answer.status).toBe(200);
    }
  });
});
