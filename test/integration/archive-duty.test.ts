import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { updateVehicle } from '../../shared/archive/actions/vehicles';
import { archiveDutyPerformers } from '../../shared/archive/duties';
import { customerKey, customerPartition } from '../../shared/archive/store/customers';
import { dutyKey, getDuty } from '../../shared/duty-engine/store';
import { sweep } from '../../shared/duty-engine/sweeper';
import { type Store, store } from '../../shared/platform/dynamo/client';
import { getRecord, putStep, transact } from '../../shared/platform/dynamo/records';
import { call, givenBranch, hire, staff, type TestActor } from '../support/api';
import { clockAt, day, iso, minute, useFarFutureClock } from '../support/far-clock';

/**
 * R-ARC-2: opening an archive schedules, in the same transaction, the `archive-incomplete` duty
 * 2 days later for the customer's follow-up agent (R-FUP-1). When it fires, an incomplete
 * archive stays in the agent's queue; a complete one leaves it. A write that completes the archive
 * first cancels the duty: a customer update, or a vehicle create or update (in the vehicle's own
 * transaction).
 *
 * The sweeper reads a global index, so each test runs its fake clock in an hour of its own far in
 * the future (test/support/far-clock.ts).
 */
useFarFutureClock();

const phone = () => `13${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;
const plate = () => `粤B${ulid().slice(-5)}`;

/** The customer fields R-ARC-2 asks for besides name and phone. */
const reachable = { address: '深圳市南山区科技园 1 号', preferredContactTimes: 'weekdays after 18:00' };

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

type Archive = Awaited<ReturnType<typeof openArchive>>;

async function addCar(s: Archive, fields: Record<string, unknown>) {
  const car = await call(s.advisor, 'POST', `/branches/${s.branchId}/customers/${s.customerId}/vehicles`, {
    body: { plate: plate(), ...fields },
  });
  if (car.status !== 201) throw new Error(`vehicle: ${JSON.stringify(car.body)}`);
  return car.body as { id: string; version: number };
}

const dutyStatus = async (s: Archive) => (await getDuty(store(), s.branchId, s.dutyId)).status;

const mine = async (agent: TestActor, branchId: string) =>
  (await call(agent, 'GET', `/branches/${branchId}/duties/mine`)).body.items.map((d: { id: string }) => d.id);

const sweepNow = () => sweep({ store: store(), performers: archiveDutyPerformers(store()) });

describe('opening an archive schedules its completeness duty (R-ARC-2)', () => {
  it('schedules the duty at +2 days for the follow-up agent, in their queue once open', async () => {
    const now = clockAt.now;
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

    clockAt.now += 2 * day - minute;
    expect(await mine(s.agent, s.branchId)).toEqual([]);
    clockAt.now += minute;
    expect(await mine(s.agent, s.branchId)).toEqual([s.dutyId]);
  });

  it('schedules a machine duty when the customer has no follow-up agent', async () => {
    const now = clockAt.now;
    const s = await openArchive({}, false);
    const duty = await getDuty(store(), s.branchId, s.dutyId);
    expect(duty.assignee).toBeUndefined();
    expect(duty.openAt).toBe(iso(now + 2 * day));
  });
});

describe('the archive duty when its time comes (R-ARC-2)', () => {
  it('leaves an incomplete archive in the agent queue, open and due', async () => {
    const s = await openArchive();
    clockAt.now += 2 * day;
    await sweepNow();
    expect(await dutyStatus(s)).toBe('done');
    expect(await mine(s.agent, s.branchId)).toEqual([s.dutyId]);
    clockAt.now += minute;
    const overdue = await call(
      staff(['supervisor'], [s.branchId]),
      'GET',
      `/branches/${s.branchId}/duties/overdue`,
    );
    expect(overdue.body.items.map((d: { id: string }) => d.id)).toEqual([s.dutyId]);
  });

  it('takes a complete archive out of the agent queue', async () => {
    const s = await openArchive(reachable);
    // Every write through the API that completes the archive cancels the duty first; a car
    // written straight to the table (an archive from before that rule) leaves it to the performer.
    const vehicleId = ulid();
    await transact(store(), [
      putStep(store(), {
        pk: `BR#${s.branchId}#VEH#${vehicleId}`,
        sk: 'VEHICLE',
        type: 'vehicle',
        gsi1pk: customerPartition(s.branchId, s.customerId),
        gsi1sk: `VEH#${vehicleId}`,
        id: vehicleId,
        branchId: s.branchId,
        customerId: s.customerId,
        plate: plate(),
        vehicleType: 'car',
        model: 'Toyota Camry',
        version: 1,
      }),
    ]);
    clockAt.now += 2 * day;
    await sweepNow();
    expect(await getDuty(store(), s.branchId, s.dutyId)).toMatchObject({
      status: 'done',
      completedBy: 'duty-engine',
      result: { archiveComplete: true },
    });
    expect(await mine(s.agent, s.branchId)).toEqual([]);
  });

  it("gives an incomplete archive without a designated agent to the branch's follow-up agent", async () => {
    const s = await openArchive({}, false);
    clockAt.now += 2 * day;
    await sweepNow();
    expect(await getDuty(store(), s.branchId, s.dutyId)).toMatchObject({
      status: 'done',
      assignee: s.agent.staffId,
    });
    expect(await mine(s.agent, s.branchId)).toEqual([s.dutyId]);
    // The agent completes it once the archive is filled in.
    const duty = await getDuty(store(), s.branchId, s.dutyId);
    const done = await call(s.agent, 'POST', `/branches/${s.branchId}/duties/${s.dutyId}/complete`, {
      body: { version: duty.version, result: { note: 'address and car added' } },
    });
    expect(done.status).toBe(200);
    expect(await mine(s.agent, s.branchId)).toEqual([]);
  });

  it('takes a complete archive without an agent out of the queues as before (nobody sees it)', async () => {
    const s = await openArchive(reachable, false);
    await addCar(s, { vehicleType: 'suv', model: 'Honda CR-V' });
    clockAt.now += 2 * day;
    await sweepNow();
    expect(await mine(s.agent, s.branchId)).toEqual([]);
  });

  it('is cancelled by the customer update that completes the archive before its time', async () => {
    const s = await openArchive();
    await addCar(s, { vehicleType: 'suv', model: 'Honda CR-V' });
    clockAt.now += day;
    const updated = await call(s.advisor, 'PATCH', `/branches/${s.branchId}/customers/${s.customerId}`, {
      body: { version: 1, ...reachable },
    });
    expect(updated.status).toBe(200);
    expect(await dutyStatus(s)).toBe('cancelled');
  });

  it('stays pending after a customer update that leaves the archive incomplete', async () => {
    const s = await openArchive();
    const updated = await call(s.advisor, 'PATCH', `/branches/${s.branchId}/customers/${s.customerId}`, {
      body: { version: 1, ...reachable },
    });
    expect(updated.status).toBe(200);
    expect(await dutyStatus(s)).toBe('pending');
  });
});

describe('a vehicle write that completes the archive settles its duty (R-ARC-2)', () => {
  type Fields = Record<string, unknown>;
  const complete = { vehicleType: 'car', model: 'Toyota Camry 2.5' };
  const noAddress = { preferredContactTimes: reachable.preferredContactTimes };
  const noContactTimes = { address: reachable.address };

  // [case, the duty after it, customer fields, car created, car patched afterwards]
  it.each<[string, 'cancelled' | 'pending', Fields, Fields, Fields?]>([
    ['a complete car added to a reachable customer', 'cancelled', reachable, complete],
    ['a car without a model added to a reachable customer', 'pending', reachable, { vehicleType: 'car' }],
    ['a car without a type added to a reachable customer', 'pending', reachable, { model: 'BYD Han' }],
    ['a complete car added to a customer without an address', 'pending', noAddress, complete],
    [
      'the model given later to the car of a reachable customer',
      'cancelled',
      reachable,
      { vehicleType: 'car' },
      { model: 'Honda Fit' },
    ],
    [
      'the type given later to the car of a reachable customer',
      'cancelled',
      reachable,
      { model: 'Honda Fit' },
      { vehicleType: 'mpv' },
    ],
    [
      'another field changed on a car still without a model',
      'pending',
      reachable,
      { vehicleType: 'car' },
      { colour: 'white' },
    ],
    [
      'the model given later to the car of a customer without contact times',
      'pending',
      noContactTimes,
      { vehicleType: 'car' },
      { model: 'Honda Fit' },
    ],
  ])('%s: the duty is %s', async (_case, duty, customer, fields, patch) => {
    const s = await openArchive(customer);
    const car = await addCar(s, fields);
    if (patch) {
      const patched = await call(s.advisor, 'PATCH', `/branches/${s.branchId}/vehicles/${car.id}`, {
        body: { version: car.version, ...patch },
      });
      expect(patched.status).toBe(200);
    }
    expect(await dutyStatus(s)).toBe(duty);
  });

  it('settles nothing when the vehicle write fails: a stale version is a 409 and the duty stays pending', async () => {
    const s = await openArchive(reachable);
    const car = await addCar(s, { vehicleType: 'car' });
    const stale = await call(s.advisor, 'PATCH', `/branches/${s.branchId}/vehicles/${car.id}`, {
      body: { version: car.version + 1, model: 'Honda Fit' },
    });
    expect(stale.status).toBe(409);
    expect(await dutyStatus(s)).toBe('pending');
  });

  it('leaves a duty that already fired to the agent: the car is saved, the duty stays in their queue', async () => {
    const s = await openArchive(reachable);
    const car = await addCar(s, { vehicleType: 'car' });
    clockAt.now += 2 * day;
    await sweepNow();
    expect(await mine(s.agent, s.branchId)).toEqual([s.dutyId]);
    const patched = await call(s.advisor, 'PATCH', `/branches/${s.branchId}/vehicles/${car.id}`, {
      body: { version: car.version, model: 'Honda Fit' },
    });
    expect(patched.status).toBe(200);
    expect(await dutyStatus(s)).toBe('done');
    expect(await mine(s.agent, s.branchId)).toEqual([s.dutyId]);
  });

  it('saves the car once when the sweeper claims the duty between the read and the write', async () => {
    const s = await openArchive(reachable);
    const car = await addCar(s, { vehicleType: 'car' });
    // A store whose first transaction is overtaken by a sweeper claiming the duty.
    const real = store();
    let overtaken = false;
    const racing = {
      tableName: real.tableName,
      doc: {
        send: async (command: unknown) => {
          if (!overtaken && command instanceof TransactWriteCommand) {
            overtaken = true;
            await real.doc.send(
              new UpdateCommand({
                TableName: real.tableName,
                Key: dutyKey(s.branchId, s.dutyId),
                UpdateExpression: 'SET #status = :claimed',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':claimed': 'claimed' },
              }),
            );
          }
          return real.doc.send(command as TransactWriteCommand);
        },
      },
    } as unknown as Store;
    const advisor = { ...s.advisor, login: 'advisor' };

    const saved = await updateVehicle(
      racing,
      s.branchId,
      car.id,
      { version: car.version, model: 'Honda Fit' },
      advisor,
    );

    expect(overtaken).toBe(true);
    expect(saved).toMatchObject({ model: 'Honda Fit', version: car.version + 1 });
    expect(await dutyStatus(s)).toBe('claimed');
    const timeline = await call(
      s.advisor,
      'GET',
      `/branches/${s.branchId}/customers/${s.customerId}/timeline`,
    );
    expect(
      timeline.body.items.filter((e: { action: string }) => e.action === 'vehicle.updated'),
    ).toHaveLength(1);
  });
});
