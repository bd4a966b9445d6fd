import { ulid } from 'ulid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { archiveDutyPerformers } from '../../shared/duties/archive-performer';
import { sweep } from '../../shared/duties/sweeper';
import { setClock, systemClock } from '../../shared/ports/clock';
import { store } from '../../shared/store/client';
import { customerKey } from '../../shared/store/customers';
import { getDuty } from '../../shared/store/duties';
import { getRecord } from '../../shared/store/records';
import { call, givenBranch, hire, staff, type TestActor } from '../support/api';

/**
 * R-ARC-2: opening an archive schedules, in the same transaction, the `archive-incomplete` duty
 * 2 days later for the customer's follow-up agent (R-FUP-1). When it fires, an incomplete
 * archive stays in the agent's queue; a complete one leaves it; an update that completes the
 * archive first cancels the duty.
 *
 * The sweeper reads a global index, so each test runs its fake clock in an hour of its own far in
 * the future (as test/integration/duties.test.ts does).
 */
const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
const iso = (ms: number) => new Date(ms).toISOString();
let now = 0;

beforeEach(() => {
  now = Date.UTC(2200, 0, 1) + Math.floor(Math.random() * 250_000) * day + 2 * hour + 10 * minute;
  setClock({ now: () => new Date(now) });
});
afterEach(() => setClock(systemClock));

const phone = () => `13${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;

/** A new customer opened through the API now, and the id of its archive duty. */
async function openArchive(extra: Record<string, unknown> = {}, withAgent = true) {
  const branchId = await givenBranch();
  const advisor = staff(['advisor'], [branchId], '李接待');
  const agent = await hire(branchId, ['follow-up'], '回访 王');
  const created = await call(advisor, 'POST', `/branches/${branchId}/customers`, {
    body: {
      name: '陈先生',
      phones: [{ number: phone() }],
      ...(withAgent ? { followUpAgentId: agent.staffId } : {}),
      ...extra,
    },
  });
  if (created.status !== 201) throw new Error(`customer: ${JSON.stringify(created.body)}`);
  const customerId = created.body.id as string;
  const item = await getRecord(store(), customerKey(branchId, customerId));
  const dutyId = item?.archiveDutyId;
  if (typeof dutyId !== 'string') throw new Error('no archive duty on the customer');
  return { branchId, advisor, agent, customerId, dutyId, customer: created.body };
}

const mine = async (agent: TestActor, branchId: string) =>
  (await call(agent, 'GET', `/branches/${branchId}/duties/mine`)).body.items.map((d: { id: string }) => d.id);

const sweepNow = () => sweep({ store: store(), performers: archiveDutyPerformers(store()) });

describe('opening an archive schedules its completeness duty (R-ARC-2)', () => {
  it('schedules the duty at +2 days for the follow-up agent, in their queue once open', async () => {
    const s = await openArchive();
    expect(await getDuty(store(), s.branchId, s.dutyId)).toMatchObject({
      kind: 'archive-incomplete',
      status: 'pending',
      subject: { kind: 'customer', id: s.customerId },
      assignee: s.agent.staffId,
      openAt: iso(now + 2 * day),
      dueAt: iso(now + 2 * day),
      fireAt: iso(now + 2 * day),
    });
    expect(await mine(s.agent, s.branchId)).toEqual([]);

    now += 2 * day - minute;
    expect(await mine(s.agent, s.branchId)).toEqual([]);
    now += minute;
    expect(await mine(s.agent, s.branchId)).toEqual([s.dutyId]);
  });

  it('schedules a machine duty when the customer has no follow-up agent', async () => {
    const s = await openArchive({}, false);
    const duty = await getDuty(store(), s.branchId, s.dutyId);
    expect(duty.assignee).toBeUndefined();
    expect(duty.openAt).toBe(iso(now + 2 * day));
  });
});

describe('the archive duty when its time comes (R-ARC-2)', () => {
  it('leaves an incomplete archive in the agent queue, open and due', async () => {
    const s = await openArchive();
    now += 2 * day;
    await sweepNow();
    expect(await getDuty(store(), s.branchId, s.dutyId)).toMatchObject({ status: 'done' });
    expect(await mine(s.agent, s.branchId)).toEqual([s.dutyId]);
    now += minute;
    const overdue = await call(
      staff(['supervisor'], [s.branchId]),
      'GET',
      `/branches/${s.branchId}/duties/overdue`,
    );
    expect(overdue.body.items.map((d: { id: string }) => d.id)).toEqual([s.dutyId]);
  });

  it('takes a complete archive out of the agent queue', async () => {
    const s = await openArchive({ address: '深圳市南山区', preferredContactTimes: 'weekdays after 18:00' });
    const car = await call(s.advisor, 'POST', `/branches/${s.branchId}/customers/${s.customerId}/vehicles`, {
      body: { plate: `粤B${ulid().slice(-5)}`, vehicleType: 'car', model: 'Toyota Camry' },
    });
    expect(car.status).toBe(201);
    now += 2 * day;
    await sweepNow();
    expect(await getDuty(store(), s.branchId, s.dutyId)).toMatchObject({
      status: 'done',
      completedBy: 'duty-engine',
      result: { archiveComplete: true },
    });
    expect(await mine(s.agent, s.branchId)).toEqual([]);
  });

  it('marks a machine duty of an incomplete archive done (nobody to hand it to)', async () => {
    const s = await openArchive({}, false);
    now += 2 * day;
    await sweepNow();
    expect(await getDuty(store(), s.branchId, s.dutyId)).toMatchObject({ status: 'done' });
  });

  it('is cancelled by the update that completes the archive before its time', async () => {
    const s = await openArchive();
    const car = await call(s.advisor, 'POST', `/branches/${s.branchId}/customers/${s.customerId}/vehicles`, {
      body: { plate: `粤B${ulid().slice(-5)}`, vehicleType: 'suv', model: 'Honda CR-V' },
    });
    expect(car.status).toBe(201);
    now += day;
    const updated = await call(s.advisor, 'PATCH', `/branches/${s.branchId}/customers/${s.customerId}`, {
      body: { version: 1, address: '深圳市南山区', preferredContactTimes: 'weekdays after 18:00' },
    });
    expect(updated.status).toBe(200);
    expect(await getDuty(store(), s.branchId, s.dutyId)).toMatchObject({ status: 'cancelled' });
  });

  it('stays pending after an update that leaves the archive incomplete', async () => {
    const s = await openArchive();
    const updated = await call(s.advisor, 'PATCH', `/branches/${s.branchId}/customers/${s.customerId}`, {
      body: { version: 1, address: '深圳市南山区', preferredContactTimes: 'weekdays after 18:00' },
    });
    expect(updated.status).toBe(200);
    expect(await getDuty(store(), s.branchId, s.dutyId)).toMatchObject({ status: 'pending' });
  });
});
