import { describe, expect, it } from 'vitest';
import { getDuty } from '../../shared/duty-engine/store';
import { sweep } from '../../shared/duty-engine/sweeper';
import { addDays, localDate, localWallTime } from '../../shared/kernel/local-time';
import { dutyPerformers } from '../../shared/performers';
import { createOutboxSmsSender } from '../../shared/platform/adapters/outbox-sms';
import { store } from '../../shared/platform/dynamo/client';
import { setSmsSender } from '../../shared/platform/ports/sms';
import { vehicleFile } from '../../shared/reminders/store';
import { call, givenBranch, hire, staff } from '../support/api';
import { clockAt, day, minute, openEveryDay, useFarFutureClock } from '../support/far-clock';
import { exitBody, givenOrder } from '../support/orders';
import { measure } from '../support/request-count';

useFarFutureClock();

/**
 * Maintenance reminders (R-MKT-1) and the next service (R-ARC-5) over the API and the sweeper, on
 * the far-future clock (10:10 in Shenzhen on a day of the test's own): a car due in 14 days is
 * reminded at once; the sweep sends one SMS, or raises a call when there is no mobile number.
 */
const performers = dutyPerformers(store());

async function givenCar(input: { phoneLabel?: string; remindersOptOut?: boolean; vehicle: object }) {
  const branchId = await givenBranch(openEveryDay);
  const advisor = staff(['advisor'], [branchId], '李接待');
  const agent = await hire(branchId, ['follow-up'], '跟踪 王');
  const phone = `13${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;
  const customer = await call(advisor, 'POST', `/branches/${branchId}/customers`, {
    body: {
      name: '陈先生',
      phones: [{ number: phone, label: input.phoneLabel ?? 'mobile' }],
      ...(input.remindersOptOut ? { remindersOptOut: true } : {}),
    },
  });
  expect(customer.status).toBe(201);
  const plate = `粤B${String(Math.floor(Math.random() * 1e5)).padStart(5, '0')}`;
  const vehicle = await call(
    advisor,
    'POST',
    `/branches/${branchId}/customers/${customer.body.id}/vehicles`,
    {
      body: { plate, vehicleType: 'car', model: 'Toyota Camry', ...input.vehicle },
    },
  );
  expect(vehicle.status).toBe(201);
  const reminder = async () => (await vehicleFile(store(), branchId, vehicle.body.id)).reminder;
  return {
    branchId,
    advisor,
    agent,
    customerId: customer.body.id as string,
    vehicleId: vehicle.body.id as string,
    plate,
    reminder,
  };
}

const today = () => localDate(new Date(clockAt.now), 'Asia/Shanghai');

async function sweepAt(ms: number) {
  clockAt.now = ms;
  return sweep({ store: store(), performers, now: new Date(ms) });
}

describe('maintenance reminders (R-MKT-1)', () => {
  it('R-MKT-1: sends one SMS per cycle 14 days before the date due; a retried sweep or perform sends no second', async () => {
    const outbox = createOutboxSmsSender({ print: () => undefined });
    setSmsSender(outbox);
    const car = await givenCar({
      vehicle: { nextMaintenanceDate: addDays(today(), 14), odometerKm: 30_000 },
    });
    const reminder = await car.reminder();
    expect(reminder).toMatchObject({ by: 'date', dueDate: addDays(today(), 14) });
    const dutyId = reminder?.dutyId ?? '';
    await sweepAt(clockAt.now + minute);
    await sweepAt(clockAt.now + minute);
    const duty = await getDuty(store(), car.branchId, dutyId);
    expect(duty).toMatchObject({
      kind: 'maintenance-reminder',
      status: 'done',
      record: { kind: 'vehicle', id: car.vehicleId },
    });
    // The sweeper performing it again (a lost lease) finds its letter: still one SMS.
    await performers['maintenance-reminder']?.(duty, {
      idempotencyKey: `duty#${dutyId}`,
      attempt: 2,
      now: new Date(clockAt.now),
    });
    const sent = outbox.list().filter((m) => m.text.includes(car.plate));
    expect(sent).toHaveLength(1);
    expect(sent[0]?.text).toContain('保养');
  });

  it.each([['a reminder opt-out', { remindersOptOut: true }]])(
    'R-MKT-1: a customer with %s gets none',
    async (_, who) => {
      const outbox = createOutboxSmsSender({ print: () => undefined });
      setSmsSender(outbox);
      const car = await givenCar({ ...who, vehicle: { nextMaintenanceDate: addDays(today(), 10) } });
      const dutyId = (await car.reminder())?.dutyId ?? '';
      await sweepAt(clockAt.now + minute);
      expect(outbox.list().filter((m) => m.text.includes(car.plate))).toHaveLength(0);
      expect((await getDuty(store(), car.branchId, dutyId)).result).toEqual({
        skipped: 'opted out of reminders',
      });
    },
  );

  it('R-MKT-1: a customer without a mobile number becomes a call duty for the follow-up agent, with the next service', async () => {
    const car = await givenCar({ phoneLabel: 'home', vehicle: { nextMaintenanceDate: addDays(today(), 7) } });
    const dutyId = (await car.reminder())?.dutyId ?? '';
    await sweepAt(clockAt.now + minute);
    await sweepAt(clockAt.now + minute);
    const done = await getDuty(store(), car.branchId, dutyId);
    const callId = String((done.result?.call as { dutyId?: string } | undefined)?.dutyId);
    const callDuty = await getDuty(store(), car.branchId, callId);
    expect(callDuty).toMatchObject({
      kind: 'reminder-call',
      assignee: car.agent.staffId,
      record: { kind: 'customer', id: car.customerId },
    });
    expect(callDuty.payload.nextService).toEqual([expect.objectContaining({ kind: 'maintenance_due' })]);
    const duties = await call(
      car.advisor,
      'GET',
      `/branches/${car.branchId}/customers/${car.customerId}/duties`,
    );
    expect(duties.body.items.filter((d: { kind: string }) => d.kind === 'reminder-call')).toHaveLength(1);
  });

  it('R-MKT-1: a new odometer reading moves the mileage projection and its duty (two readings, not the default)', async () => {
    const car = await givenCar({
      vehicle: { maintenanceCycle: { km: 10_000 }, lastMaintenanceDate: today(), odometerKm: 20_000 },
    });
    // One reading: the default 41 km a day, 10,000 km in 243 days.
    const first = await car.reminder();
    expect(first).toMatchObject({ by: 'km', dueKm: 30_000, dueDate: addDays(today(), 243) });
    clockAt.now += 10 * day;
    const vehicle = (await call(car.advisor, 'GET', `/branches/${car.branchId}/vehicles/${car.vehicleId}`))
      .body;
    const patched = await call(car.advisor, 'PATCH', `/branches/${car.branchId}/vehicles/${car.vehicleId}`, {
      body: { version: vehicle.version, odometerKm: 21_000 },
    });
    expect(patched.status).toBe(200);
    // Two readings 10 days apart: 100 km a day, 9,000 km more in 90 days.
    const moved = await car.reminder();
    expect(moved).toMatchObject({ dutyId: first?.dutyId, dueDate: addDays(today(), 90) });
    expect((await getDuty(store(), car.branchId, first?.dutyId ?? '')).openAt).toBe(moved?.remindAt);
  });

  it("R-MKT-1: a maintenance order's exit starts the next cycle: the old cycle's duty is cancelled and a new one scheduled", async () => {
    const car = await givenCar({
      vehicle: {
        maintenanceCycle: { months: 6 },
        lastMaintenanceDate: addDays(today(), -150),
        odometerKm: 40_000,
      },
    });
    const before = await car.reminder();
    const order = await givenOrder(
      car.branchId,
      { customerId: car.customerId, vehicleId: car.vehicleId, plate: car.plate },
      'settled',
    );
    const exited = await call(car.advisor, 'POST', `/branches/${car.branchId}/orders/${order.id}/exit`, {
      body: { version: order.version, ...exitBody },
    });
    expect(exited.status).toBe(200);
    const after = await car.reminder();
    expect(after).toMatchObject({ cycleStart: today(), by: 'date' });
    expect(after?.dutyId).not.toBe(before?.dutyId);
    expect((await getDuty(store(), car.branchId, before?.dutyId ?? '')).status).toBe('cancelled');
    expect((await getDuty(store(), car.branchId, after?.dutyId ?? '')).status).toBe('pending');
  });
});

describe('the next service (R-ARC-5)', () => {
  it('R-ARC-5: one Query answers a vehicle: maintenance due with its reason, and the warranty of its exit', async () => {
    const car = await givenCar({
      vehicle: { maintenanceCycle: { months: 6, km: 10_000 }, odometerKm: 10_000 },
    });
    const order = await givenOrder(
      car.branchId,
      { customerId: car.customerId, vehicleId: car.vehicleId, plate: car.plate },
      'settled',
    );
    await call(car.advisor, 'POST', `/branches/${car.branchId}/orders/${order.id}/exit`, {
      body: { version: order.version, ...exitBody },
    });
    clockAt.now += 70 * day;
    const path = `/branches/${car.branchId}/vehicles/${car.vehicleId}/next-service`;
    const { result, requests } = await measure(() => call(car.advisor, 'GET', path));
    expect(result.status).toBe(200);
    // The vehicle's partition and its upcoming appointments, in parallel.
    expect(requests).toEqual(['Query', 'Query']);
    expect(result.body.items.map((i: { kind: string }) => i.kind)).toEqual([
      'warranty_ending',
      'maintenance_due',
    ]);
    expect(result.body.items[1].reason).toMatch(/Maintenance due/);

    const customerPath = `/branches/${car.branchId}/customers/${car.customerId}/next-service`;
    const customer = await measure(() => call(car.advisor, 'GET', customerPath));
    // The customer's vehicles (lookup index), then per vehicle its partition and its appointments.
    expect(customer.requests).toEqual(['Query', 'Query', 'Query']);
    expect(customer.result.body.items).toEqual(result.body.items);
  });

  it("R-ARC-5, R-APT-1: lists the car's booked appointment with the work asked for, and drops it once cancelled", async () => {
    const car = await givenCar({ vehicle: { odometerKm: 10_000 } });
    const startAt = localWallTime(addDays(today(), 1), '10:30', 'Asia/Shanghai');
    const booked = await call(car.advisor, 'POST', `/branches/${car.branchId}/appointments`, {
      body: {
        customerId: car.customerId,
        vehicleId: car.vehicleId,
        origin: 'customer_request',
        startAt,
        durationMinutes: 60,
        work: 'Brake noise',
      },
    });
    expect(booked.status).toBe(201);
    const path = `/branches/${car.branchId}/vehicles/${car.vehicleId}/next-service`;
    const listed = await call(car.advisor, 'GET', path);
    expect(listed.body.items).toContainEqual(
      expect.objectContaining({
        kind: 'appointment',
        dueAt: startAt,
        reason: expect.stringContaining('Brake noise'),
        ref: { kind: 'appointment', id: booked.body.id },
      }),
    );
    const cancelled = await call(
      car.advisor,
      'POST',
      `/branches/${car.branchId}/appointments/${booked.body.id}/cancel`,
      {
        body: { version: booked.body.version, reason: 'Customer sold the car' },
      },
    );
    expect(cancelled.status).toBe(200);
    const after = await call(car.advisor, 'GET', path);
    expect(after.body.items.map((i: { kind: string }) => i.kind)).not.toContain('appointment');
  });

  it.each([
    ['vehicles', 'vehicleId'],
    ['customers', 'customerId'],
  ])('R-ARC-5: a %s next service not on file is 404', async (what) => {
    const branchId = await givenBranch(openEveryDay);
    const advisor = staff(['advisor'], [branchId]);
    const res = await call(
      advisor,
      'GET',
      `/branches/${branchId}/${what}/01J0000000000000000000000X/next-service`,
    );
    expect(res.status).toBe(404);
  });
});
