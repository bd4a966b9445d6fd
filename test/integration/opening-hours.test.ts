import { describe, expect, it } from 'vitest';
import { call, givenBranch, hire, staff, system } from '../support/api';
import { testNow } from '../support/clock';
import { handoverNow } from '../support/far-clock';
import { givenCustomerWithVehicle, givenEstimate, givenOrder } from '../support/orders';

/**
 * R-RO-2: "a customer is never told to come when the branch is closed". The test clock says
 * Wednesday 11 June 2031, 10:10 in Shenzhen; the branch works Monday to Saturday 08:30-18:00.
 * A promise, a moved promise and an add-on's new promise fall in those hours, and the delay notice
 * of a late car names a time when the branch is open.
 */
const minute = 60_000;
const hour = 60 * minute;
/** Shenzhen wall time `hh:mm`, `days` after the test's day, as UTC ISO. */
function shenzhen(days: number, hhmm: string): string {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  const midnight = Date.parse(`${new Date(testNow() + 8 * hour).toISOString().slice(0, 10)}T00:00:00+08:00`);
  return new Date(midnight + days * 24 * hour + h * hour + m * minute).toISOString();
}

async function setup() {
  const branchId = await givenBranch();
  const advisor = staff(['advisor'], [branchId], '李接待');
  const owner = await givenCustomerWithVehicle(branchId, advisor);
  return { branchId, advisor, owner, base: `/branches/${branchId}/orders` };
}

describe('a new promise falls in opening hours (R-RO-2)', () => {
  it.each([
    ['02:00 at night', shenzhen(1, '02:00'), /branch is closed/],
    ['19:00, after closing', shenzhen(0, '19:00'), /branch is closed/],
    ['Sunday noon (the branch works Monday to Saturday)', shenzhen(4, '12:00'), /branch is closed/],
  ])(
    'refuses an order promised at %s with 422 naming the earliest promise, and writes nothing',
    async (_case, promisedAt, why) => {
      const s = await setup();
      const estimate = await givenEstimate(s.branchId, s.owner);
      const refused = await call(s.advisor, 'POST', s.base, {
        body: { estimateId: estimate.id, promisedAt },
      });
      expect(refused.status).toBe(422);
      expect(refused.body.rule).toBe('R-RO-2');
      expect(refused.body.detail).toMatch(why);
      // 1.5 h of labour from 10:10 and the 30-minute buffer: 12:10 the same day (the test clock
      // has moved on by a few seconds, and the earliest promise is a whole minute).
      expect([shenzhen(0, '12:10'), shenzhen(0, '12:11')]).toContain(refused.body.earliestPromise);
      const stored = await call(s.advisor, 'GET', `/branches/${s.branchId}/estimates/${estimate.id}`);
      expect(stored.body.status).toBe('presented');
    },
  );

  it('accepts the earliest promise it named and a promise at the closing minute', async () => {
    const s = await setup();
    const estimate = await givenEstimate(s.branchId, s.owner);
    const refused = await call(s.advisor, 'POST', s.base, {
      body: { estimateId: estimate.id, promisedAt: shenzhen(0, '19:00') },
    });
    for (const promisedAt of [refused.body.earliestPromise, shenzhen(1, '18:00')]) {
      const owner = await givenCustomerWithVehicle(s.branchId, s.advisor);
      const next = await givenEstimate(s.branchId, owner);
      const made = await call(s.advisor, 'POST', s.base, { body: { estimateId: next.id, promisedAt } });
      expect(made.status).toBe(201);
    }
  });

  it("refuses a promise on one of the branch's closed dates (a public holiday the admin set)", async () => {
    const s = await setup();
    const branch = await call(system, 'GET', `/branches/${s.branchId}`);
    const holiday = shenzhen(1, '12:00').slice(0, 10);
    const patched = await call(system, 'PATCH', `/branches/${s.branchId}`, {
      body: { version: branch.body.version, closedDates: [holiday] },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.closedDates).toEqual([holiday]);

    const estimate = await givenEstimate(s.branchId, s.owner);
    const refused = await call(s.advisor, 'POST', s.base, {
      body: { estimateId: estimate.id, promisedAt: shenzhen(1, '12:00') },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toContain(`closed ${holiday}`);
  });

  it.each([
    ['a date twice', ['2031-10-01', '2031-10-01'], 'body.closedDates'],
    ['a date that is not one', ['2031-02-30'], 'body.closedDates.0'],
    ['a close before the open', undefined, 'body.workingHours.close'],
  ])('refuses branch hours with %s (400 naming the field)', async (_case, closedDates, path) => {
    const s = await setup();
    const branch = await call(system, 'GET', `/branches/${s.branchId}`);
    const body = closedDates
      ? { version: branch.body.version, closedDates }
      : { version: branch.body.version, workingHours: { days: ['mon'], open: '18:00', close: '08:30' } };
    const refused = await call(system, 'PATCH', `/branches/${s.branchId}`, { body });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });
});

describe('a moved promise and an add-on keep to opening hours (R-RO-2, R-ADD-3)', () => {
  it('refuses moving the promise to 20:00 with 422 and the earliest promise; the order is unchanged', async () => {
    const s = await setup();
    const order = await givenOrder(s.branchId, s.owner, 'in_workshop');
    const refused = await call(s.advisor, 'POST', `${s.base}/${order.id}/movePromise`, {
      body: { version: 1, promisedAt: shenzhen(0, '20:00'), reason: 'Paint dries slowly' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.rule).toBe('R-RO-2');
    const stored = await call(s.advisor, 'GET', `${s.base}/${order.id}`);
    expect(stored.body).toMatchObject({ version: 1, promisedAt: order.promisedAt });
  });

  it('refuses an add-on whose delay ends after closing, naming the delay counted in opening hours', async () => {
    const s = await setup();
    const lead = await hire(s.branchId, ['team-lead'], '班组 A');
    // Promised 17:00; 2 hours more would be 19:00: 1 hour today and 1 from 08:30 tomorrow.
    const order = await givenOrder(s.branchId, s.owner, 'in_workshop', {
      promisedAt: shenzhen(0, '17:00'),
      teams: [
        {
          teamId: lead.staffId,
          teamName: lead.name,
          assignedAt: shenzhen(0, '08:30'),
          assignedBy: { staffId: lead.staffId, name: lead.name },
        },
      ],
    });
    const addOn = {
      version: 1,
      description: 'Replace the wiper blades',
      reason: 'Worn',
      lines: [{ kind: 'labour', description: 'Wipers', system: 'body', hours: 0.5, rate: 10_000 }],
      extraMinutes: 120,
      safetyRelated: false,
    };
    const refused = await call(lead, 'POST', `${s.base}/${order.id}/raiseAddOn`, { body: addOn });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      rule: 'R-RO-2',
      earliestPromise: shenzhen(1, '09:30'),
      extraMinutes: 16 * 60 + 30,
    });
    const told = await call(lead, 'POST', `${s.base}/${order.id}/raiseAddOn`, {
      body: { ...addOn, extraMinutes: refused.body.extraMinutes },
    });
    expect(told.status).toBe(200);
  });
});

describe('the delay notice names a time when the branch is open (R-RO-2, R-PKP-3)', () => {
  it('a finish expected at 20:00 is promised, and told, for 08:30 the next morning', async () => {
    const s = await setup();
    const dispatcher = await hire(s.branchId, ['dispatcher'], '调度 周');
    await hire(s.branchId, ['team-lead'], '班组 A');
    const confirmed = await givenOrder(s.branchId, s.owner, 'confirmed', {
      handover: handoverNow(),
      promisedAt: shenzhen(0, '17:00'),
      originalPromisedAt: shenzhen(0, '17:00'),
    });
    const moved = await call(s.advisor, 'POST', `${s.base}/${confirmed.id}/transfer`, {
      body: { version: 1, washed: true, receivedBy: dispatcher.staffId, mode: 'single_team' },
    });
    expect(moved.status).toBe(200);
    const duties = await call(s.advisor, 'GET', `${s.base}/${confirmed.id}/duties`);
    const check = duties.body.items.find((d: { kind: string }) => d.kind === 'progress-check');

    const answered = await call(dispatcher, 'POST', `/branches/${s.branchId}/duties/${check.id}/complete`, {
      body: { version: check.version, result: { expectedFinish: shenzhen(0, '20:00') } },
    });
    expect(answered.status).toBe(200);

    const order = await call(s.advisor, 'GET', `${s.base}/${confirmed.id}`);
    expect(order.body.promisedAt).toBe(shenzhen(1, '08:30'));
    const after = await call(s.advisor, 'GET', `${s.base}/${confirmed.id}/duties`);
    const delay = after.body.items.find((d: { kind: string }) => d.kind === 'delay-notice');
    expect(delay.payload.expectedFinish).toBe(shenzhen(1, '08:30'));
  });
});
