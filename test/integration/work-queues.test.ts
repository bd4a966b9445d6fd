import { describe, expect, it } from 'vitest';
import { scheduleDuty } from '../../shared/duty-engine/store';
import { branchRoles } from '../../shared/kernel/access';
import { store } from '../../shared/platform/dynamo/client';
import { call, givenBranch, staff } from '../support/api';
import { fromNow } from '../support/clock';

/** Work queues (issue 4 item 5): "my duties now" and "my branch's overdue duties", from indexes. */
const hour = 3_600_000;
const at = (offsetHours: number) => fromNow(offsetHours * hour);

async function givenHumanDuty(branchId: string, assignee: string, openIn: number, dueIn: number) {
  return scheduleDuty(store(), {
    kind: 'progress-check',
    subject: { kind: 'order', id: 'ORDER1' },
    branchId,
    assignee,
    openAt: at(openIn),
    dueAt: at(dueIn),
    // The sweeper acts at the due time (escalation); the person sees it from openAt.
    fireAt: at(dueIn),
  });
}

describe('work queues (issue 4 item 5, R-PRG-1)', () => {
  it('lists my opened duties by due time and hides those not open yet', async () => {
    const branchId = await givenBranch();
    const me = staff(['dispatcher'], [branchId]);
    const later = await givenHumanDuty(branchId, me.staffId, -1, 3);
    const sooner = await givenHumanDuty(branchId, me.staffId, -2, 1);
    await givenHumanDuty(branchId, me.staffId, 2, 4); // opens in 2 h
    await givenHumanDuty(branchId, staff(['dispatcher'], [branchId]).staffId, -1, 1); // someone else's

    const mine = await call(me, 'GET', `/branches/${branchId}/duties/mine`);

    expect(mine.status).toBe(200);
    expect(mine.body.items.map((d: { id: string }) => d.id)).toEqual([sooner.id, later.id]);
  });

  it("lists the branch's overdue duties only", async () => {
    const branchId = await givenBranch();
    const dispatcher = staff(['dispatcher'], [branchId]);
    const overdue = await givenHumanDuty(branchId, dispatcher.staffId, -3, -1);
    await givenHumanDuty(branchId, dispatcher.staffId, -1, 2);
    const supervisor = staff(['supervisor'], [branchId]);

    const listed = await call(supervisor, 'GET', `/branches/${branchId}/duties/overdue`);

    expect(listed.body.items.map((d: { id: string }) => d.id)).toEqual([overdue.id]);
  });

  it('takes a completed duty out of both queues and keeps its result (R-PRG-1 answer)', async () => {
    const branchId = await givenBranch();
    const me = staff(['dispatcher'], [branchId]);
    const duty = await givenHumanDuty(branchId, me.staffId, -3, -1);

    const done = await call(me, 'POST', `/branches/${branchId}/duties/${duty.id}/complete`, {
      body: { version: duty.version, result: { expectedFinish: at(2), note: 'on track' } },
    });

    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ completedBy: me.staffId, result: { note: 'on track' } });
    expect((await call(me, 'GET', `/branches/${branchId}/duties/mine`)).body.items).toEqual([]);
    const supervisor = staff(['supervisor'], [branchId]);
    expect((await call(supervisor, 'GET', `/branches/${branchId}/duties/overdue`)).body.items).toEqual([]);
  });

  it.each([
    ['another team member', ['dispatcher'] as const, 403],
    ['the supervisor', ['supervisor'] as const, 200],
  ])('lets %s complete someone else’s duty: %i', async (_who, roles, status) => {
    const branchId = await givenBranch();
    const duty = await givenHumanDuty(branchId, staff(['dispatcher'], [branchId]).staffId, -1, 1);
    const response = await call(
      staff([...roles], [branchId]),
      'POST',
      `/branches/${branchId}/duties/${duty.id}/complete`,
      {
        body: { version: duty.version, result: { note: 'checked' } },
      },
    );
    expect(response.status).toBe(status);
  });

  it('refuses a stale version with 409 and changes nothing (R-ACC-5)', async () => {
    const branchId = await givenBranch();
    const me = staff([...branchRoles], [branchId]);
    const duty = await givenHumanDuty(branchId, me.staffId, -1, 1);
    const stale = await call(me, 'POST', `/branches/${branchId}/duties/${duty.id}/complete`, {
      body: { version: duty.version + 1, result: { note: 'x' } },
    });
    expect(stale.status).toBe(409);
    expect((await call(me, 'GET', `/branches/${branchId}/duties/mine`)).body.items).toHaveLength(1);
  });
});
