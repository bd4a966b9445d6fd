import { beforeEach, describe, expect, it } from 'vitest';
import { appointmentPerformers } from '../../shared/appointments/duties/performers';
import { getDuty } from '../../shared/duty-engine/store';
import { sweep } from '../../shared/duty-engine/sweeper';
import { addDays, localDate, localWallTime } from '../../shared/kernel/local-time';
import { createOutboxSmsSender, type OutboxSmsSender } from '../../shared/platform/adapters/outbox-sms';
import { store } from '../../shared/platform/dynamo/client';
import { setSmsSender } from '../../shared/platform/ports/sms';
import { call, givenBranch, hire, staff } from '../support/api';
import { clockAt, day, hour, iso, minute, openEveryDay, useFarFutureClock } from '../support/far-clock';
import { givenCustomerWithVehicle } from '../support/orders';
import { measure } from '../support/request-count';

useFarFutureClock();

/**
 * Appointments through the API against DynamoDB Local (R-APT-1..5, R-X-3): bays taken by a
 * conditional write in the booking's transaction, the deposit, the reminder SMS and the no-show
 * as duties of the one sweeper, check-in into a visit. The far-future clock starts at 10:10 in
 * Shenzhen on a random day; the branch opens every day 08:30-18:00, slots of 60 minutes.
 */
const tz = 'Asia/Shanghai';
const today = () => localDate(iso(clockAt.now), tz);
const localAt = (dayOffset: number, hhmm: string) => localWallTime(addDays(today(), dayOffset), hhmm, tz);

async function setting(bayCount = 2) {
  const branchId = await givenBranch({ ...openEveryDay, bayCount });
  const advisor = await hire(branchId, ['advisor'], '李接待');
  const dispatcher = await hire(branchId, ['dispatcher'], '调度 周');
  const cashier = staff(['cashier'], [branchId], '收银 王');
  const owner = await givenCustomerWithVehicle(branchId, advisor);
  const book = (body: Record<string, unknown> = {}) =>
    call(advisor, 'POST', `/branches/${branchId}/appointments`, {
      body: {
        customerId: owner.customerId,
        vehicleId: owner.vehicleId,
        origin: 'customer_request',
        startAt: localAt(1, '10:30'),
        durationMinutes: 60,
        work: '更换刹车片',
        ...body,
      },
    });
  return { branchId, advisor, dispatcher, cashier, owner, book };
}

describe('booking takes bays in its transaction (R-APT-1, R-APT-3)', () => {
  it('R-APT-3: availability is one Query, booking one transaction, and the day view shows the bay held', async () => {
    const s = await setting();
    const date = addDays(today(), 1);
    await call(s.advisor, 'GET', `/branches/${s.branchId}/bays`, { query: { date } });
    const day = await measure(() =>
      call(s.advisor, 'GET', `/branches/${s.branchId}/bays`, { query: { date } }),
    );
    expect(day.requests).toEqual(['Query']);
    const booked = await measure(() => s.book());
    expect(booked.result.status).toBe(201);
    expect(booked.requests.filter((r) => r === 'TransactWriteItems')).toHaveLength(1);
    expect(booked.requests).toHaveLength(3);
    const after = await call(s.advisor, 'GET', `/branches/${s.branchId}/bays`, { query: { date } });
    expect(after.body.slots.find((x: { time: string }) => x.time === '10:30')).toMatchObject({
      held: 1,
      free: 1,
    });
    expect(booked.result.body).toMatchObject({
      state: 'booked',
      awaiting: ['confirmation'],
      slots: ['10:30'],
    });
  });

  it('R-APT-3: of 20 concurrent bookings for the last free bay exactly one wins; the others get 409 with the next free slots', async () => {
    const s = await setting(1);
    const owners = await Promise.all(
      Array.from({ length: 20 }, () => givenCustomerWithVehicle(s.branchId, s.advisor)),
    );
    const answers = await Promise.all(
      owners.map((o) => s.book({ customerId: o.customerId, vehicleId: o.vehicleId })),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    const refused = answers.filter((a) => a.status !== 201);
    expect(refused.map((a) => a.status)).toEqual(Array(19).fill(409));
    expect(refused[0]?.body.nextFreeSlots[0]).toBe(new Date(localAt(1, '11:30')).toISOString());
    const day = await call(s.advisor, 'GET', `/branches/${s.branchId}/bays`, {
      query: { date: addDays(today(), 1) },
    });
    expect(day.body.slots.find((x: { time: string }) => x.time === '10:30')).toMatchObject({
      held: 1,
      free: 0,
    });
  });

  it.each<[string, Record<string, unknown>, number]>([
    ['a time off the slots', { startAt: '__off' }, 422],
    ['an unknown field', { colour: 'red' }, 400],
    ['a start without its offset', { startAt: '2031-06-12T10:30:00' }, 400],
  ])('R-APT-1, R-X-4: refuses %s and writes nothing', async (_case, body, status) => {
    const s = await setting();
    const patch = body.startAt === '__off' ? { startAt: localAt(1, '10:00') } : body;
    const answer = await s.book(patch);
    expect(answer.status).toBe(status);
    const day = await call(s.advisor, 'GET', `/branches/${s.branchId}/bays`, {
      query: { date: addDays(today(), 1) },
    });
    expect(day.body.slots.every((x: { held: number }) => x.held === 0)).toBe(true);
  });

  it('R-ACC-3: another branch cannot book here (403)', async () => {
    const s = await setting();
    const other = staff(['advisor'], ['ZZ'], 'Elsewhere');
    const answer = await call(other, 'POST', `/branches/${s.branchId}/appointments`, { body: {} });
    expect(answer.status).toBe(403);
  });

  it('R-APT-3, R-X-3: moving frees the old slot and takes the new one; cancelling frees it; a stale version is 409', async () => {
    const s = await setting();
    const booked = (await s.book()).body;
    const moved = await call(s.advisor, 'POST', `/branches/${s.branchId}/appointments/${booked.id}/move`, {
      body: { version: booked.version, startAt: localAt(1, '14:30') },
    });
    expect(moved.status).toBe(200);
    const stale = await call(s.advisor, 'POST', `/branches/${s.branchId}/appointments/${booked.id}/cancel`, {
      body: { version: booked.version, reason: '客户改期' },
    });
    expect(stale.status).toBe(409);
    const date = addDays(today(), 1);
    let view = await call(s.advisor, 'GET', `/branches/${s.branchId}/bays`, { query: { date } });
    const held = (t: string) => view.body.slots.find((x: { time: string }) => x.time === t).held;
    expect([held('10:30'), held('14:30')]).toEqual([0, 1]);
    const cancelled = await call(
      s.advisor,
      'POST',
      `/branches/${s.branchId}/appointments/${booked.id}/cancel`,
      {
        body: { version: moved.body.version, reason: '客户出差' },
      },
    );
    expect(cancelled.body).toMatchObject({ state: 'cancelled', cancellation: { reason: '客户出差' } });
    view = await call(s.advisor, 'GET', `/branches/${s.branchId}/bays`, { query: { date } });
    expect(held('14:30')).toBe(0);
    const reminder = await getDuty(store(), s.branchId, booked.duties.reminder);
    expect(reminder.status).toBe('cancelled');
  });
});

describe('deposit (R-APT-2)', () => {
  it.each([
    [99_980, 422, 'booked'],
    [100_000, 200, 'confirmed'],
  ])('R-APT-2: a deposit of %i on 200000 of high-value parts answers %i', async (amount, status, state) => {
    const s = await setting();
    const booked = (
      await s.book({
        parts: [{ part: '原厂变速箱阀体', price: 200_000 }],
        confirmation: { by: '陈先生', method: 'in_person' },
      })
    ).body;
    expect(booked).toMatchObject({ state: 'booked', awaiting: ['deposit'], depositRequired: 100_000 });
    const paid = await call(s.cashier, 'POST', `/branches/${s.branchId}/appointments/${booked.id}/deposit`, {
      body: { version: booked.version, amount, method: 'wechat_pay' },
    });
    expect(paid.status).toBe(status);
    if (status === 422) expect(paid.body.rule).toBe('R-APT-2');
    const now = await call(s.advisor, 'GET', `/branches/${s.branchId}/appointments/${booked.id}`);
    expect(now.body.state).toBe(state);
  });

  it('R-APT-2, R-PKP-4: the deposit goes with the check-in into the visit', async () => {
    const s = await setting();
    const start = localAt(0, '11:30');
    const booked = (await s.book({ startAt: start, parts: [{ part: '涡轮增压器', price: 300_000 }] })).body;
    const paid = await call(s.cashier, 'POST', `/branches/${s.branchId}/appointments/${booked.id}/deposit`, {
      body: { version: booked.version, amount: 150_000, method: 'card' },
    });
    const arrived = await call(
      s.advisor,
      'POST',
      `/branches/${s.branchId}/appointments/${booked.id}/checkIn`,
      {
        body: { version: paid.body.version },
      },
    );
    expect(arrived.status).toBe(200);
    expect(arrived.body.appointment.state).toBe('arrived');
    expect(arrived.body.visit).toMatchObject({
      appointmentId: booked.id,
      deposit: { amount: 150_000 },
      purpose: 'repair',
    });
  });
});

describe('the reminder and the no-show are duties (R-APT-4, R-APT-5, R-X-3)', () => {
  let outbox: OutboxSmsSender;
  beforeEach(() => {
    outbox = createOutboxSmsSender({ print: () => undefined });
    setSmsSender(outbox);
  });

  it('R-APT-4: sends one reminder SMS exactly 24 h before, in the customer’s language, and lists it with the appointment', async () => {
    const s = await setting();
    const booked = (await s.book()).body;
    const performers = appointmentPerformers(store());
    const remindAt = Date.parse(booked.startAt) - 24 * hour;
    expect(booked.reminderAt).toBe(iso(remindAt));
    clockAt.now = remindAt - minute;
    await sweep({ store: store(), performers });
    expect(outbox.list()).toHaveLength(0);
    clockAt.now = remindAt;
    await sweep({ store: store(), performers });
    clockAt.now += minute;
    await sweep({ store: store(), performers });
    expect(outbox.list()).toHaveLength(1);
    expect(outbox.list()[0]?.text).toContain(s.owner.plate);
    expect(outbox.list()[0]?.text).toContain('预约');
    const duties = await call(s.advisor, 'GET', `/branches/${s.branchId}/appointments/${booked.id}/duties`);
    const kinds = duties.body.items.map((d: { kind: string }) => d.kind).sort();
    expect(kinds).toEqual(['appointment-no-show', 'appointment-notice', 'appointment-reminder']);
  });

  it.each([
    ['at the grace limit exactly: not yet', 30 * minute, 'booked'],
    ['a minute after the limit: a no-show with a rebook duty', 31 * minute, 'no_show'],
  ])('R-APT-5: swept %s', async (_case, after, state) => {
    const s = await setting();
    const booked = (await s.book({ startAt: localAt(0, '11:30') })).body;
    const performers = appointmentPerformers(store());
    // The minute sweep at booking: the reminder, due at once (inside its lead), goes then, as in
    // AWS. Swept only at the limit, it raced the no-show check in one run (both touch the booking).
    await sweep({ store: store(), performers });
    clockAt.now = Date.parse(booked.startAt) + after;
    await sweep({ store: store(), performers });
    const now = await call(s.advisor, 'GET', `/branches/${s.branchId}/appointments/${booked.id}`);
    expect(now.body.state).toBe(state);
    if (state === 'no_show')
      expect((await getDuty(store(), s.branchId, now.body.duties.rebook)).assignee).toBe(s.advisor.staffId);
  });

  it('R-APT-3: the dispatcher has the booking in their queue today', async () => {
    const s = await setting();
    const booked = (await s.book()).body;
    const notice = await getDuty(store(), s.branchId, booked.duties.workshopNotice);
    expect(notice).toMatchObject({ assignee: s.dispatcher.staffId, kind: 'appointment-notice' });
    expect(localDate(notice.dueAt, tz)).toBe(today());
    void day;
  });
});
