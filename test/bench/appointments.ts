import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { ensureTable, startDynamo } from '../../infra/local/dynamo';
import { bayDay, bookAppointment } from '../../shared/appointments/actions';
import type { Appointment } from '../../shared/appointments/schemas';
import { baySlotStep, getAppointment, newAppointmentStep } from '../../shared/appointments/store';
import { createCustomer } from '../../shared/archive/actions/customers';
import { createVehicle } from '../../shared/archive/actions/vehicles';
import { createBranch } from '../../shared/branches/actions';
import type { Actor } from '../../shared/kernel/access';
import { addDays, localWallTime } from '../../shared/kernel/local-time';
import { createStore, type Store } from '../../shared/platform/dynamo/client';
import type { Item } from '../../shared/platform/dynamo/records';
import { setClock } from '../../shared/platform/ports/clock';
import { branchInput } from '../support/fixtures';

/**
 * R-APT-3: a day's availability (`GET /branches/{b}/bays?date=`, `bayDay`) at a branch with 10
 * appointments and at one with 10,000. The read is one Query of that day's slot items, so its
 * cost should follow the slots of one day, not the appointments on file: the ratio should stay
 * near 1. The small branch books for real (`bookAppointment`, one transaction each); the 10,000
 * are copies of a real booking spread over 250 working days, written in batches with the store's
 * own items and slot keys, with the measured day booked alike in both branches.
 */
const day = '2031-06-12';
const slotTimes = ['08:30', '09:30', '10:30', '11:30', '12:30', '13:30', '14:30', '15:30', '16:30'];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function batchPut(store: Store, items: Item[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let requests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const result = await store.doc.send(
        new BatchWriteCommand({ RequestItems: { [store.tableName]: requests } }),
      );
      requests = (result.UnprocessedItems?.[store.tableName] ?? []) as typeof requests;
    }
  }
}

/** The slot item `baySlotStep` keeps, as a put of its final count. */
function slotItem(store: Store, branchId: string, date: string, slot: string, held: number): Item {
  const step = baySlotStep(store, {
    branchId,
    date,
    slot,
    delta: held,
    bays: 6,
    onFull: () => new Error('full'),
  });
  const key = step.item.Update?.Key as { pk: string; sk: string };
  return { ...key, type: 'bay-slot', branchId, date, slot, held };
}

/** Requests and median time of `runs` reads of each branch's measured day, interleaved so noise hits both alike. */
async function readCosts(store: Store, branchIds: [string, string], runs: number) {
  let requests = 0;
  store.doc.middlewareStack.add(
    (next) => async (args) => {
      requests++;
      return next(args);
    },
    { step: 'initialize', name: 'count-bench' },
  );
  const cost = branchIds.map(() => ({ times: [] as number[], requests: 0, held: 0 }));
  for (let i = 0; i < runs; i++) {
    for (const [n, branchId] of branchIds.entries()) {
      const c = cost[n];
      if (!c) continue;
      requests = 0;
      const t0 = performance.now();
      const answer = await bayDay(store, branchId, day);
      c.times.push(performance.now() - t0);
      c.requests = requests;
      c.held = answer.slots.reduce((s, x) => s + x.held, 0);
    }
  }
  store.doc.middlewareStack.remove('count-bench');
  return cost.map((c) => ({ ms: median(c.times), requests: c.requests, held: c.held }));
}

export async function benchAvailability(): Promise<void> {
  const dynamo = await startDynamo();
  // The booking rules read the clock: the day before the measured day, 10:10 in Shenzhen.
  setClock({ now: () => new Date('2031-06-11T02:10:00Z') });
  try {
    await ensureTable(dynamo.endpoint, 'bench-appointments');
    const store = createStore({ endpoint: dynamo.endpoint, tableName: 'bench-appointments' });
    const admin: Actor = { staffId: 'BENCH', login: 'bench', name: 'Bench', roles: ['admin'], branches: '*' };
    const advisor: Actor = {
      staffId: 'ADV',
      login: 'adv',
      name: 'Advisor',
      roles: ['advisor'],
      branches: ['AS', 'AL'],
    };
    for (const id of ['AS', 'AL']) await createBranch(store, branchInput(id), admin);

    // 10 real bookings on the measured day at the small branch.
    let template: Appointment | undefined;
    for (let i = 0; i < 10; i++) {
      const customer = await createCustomer(
        store,
        'AS',
        { name: `客户${i}`, phones: [{ number: `1380000${String(1000 + i)}` }] },
        advisor,
      );
      const vehicle = await createVehicle(
        store,
        'AS',
        customer.id,
        { plate: `粤B${10000 + i}`, vehicleType: 'car' },
        advisor,
      );
      const booked = await bookAppointment(
        store,
        'AS',
        {
          customerId: customer.id,
          vehicleId: vehicle.id,
          origin: 'customer_request',
          startAt: localWallTime(day, slotTimes[i % slotTimes.length] ?? '08:30', 'Asia/Shanghai'),
          durationMinutes: 60,
          work: 'Maintenance',
        },
        advisor,
      );
      template ??= await getAppointment(store, 'AS', booked.id);
    }
    if (!template) throw new Error('bench: no appointment booked');

    // 10,000 at the large branch: 40 a day over 250 days from the measured one, 10 of them on it.
    const items: Item[] = [];
    const slots = new Map<string, number>();
    for (let i = 0; i < 10_000; i++) {
      const date = i < 10 ? day : addDays(day, 1 + Math.floor((i - 10) / 40));
      const slot = slotTimes[i % slotTimes.length] ?? '08:30';
      const copy: Appointment = { ...template, id: ulid(), branchId: 'AL', localDate: date, slots: [slot] };
      const put = newAppointmentStep(store, copy).item.Put?.Item;
      if (put) items.push(put as Item);
      slots.set(`${date}|${slot}`, (slots.get(`${date}|${slot}`) ?? 0) + 1);
    }
    for (const [key, held] of slots) {
      const [date = '', slot = ''] = key.split('|');
      items.push(slotItem(store, 'AL', date, slot, held));
    }
    await batchPut(store, items);

    const runs = 41;
    await readCosts(store, ['AS', 'AL'], 5);
    const [at10, at10k] = await readCosts(store, ['AS', 'AL'], runs);
    if (!at10 || !at10k) throw new Error('bench: nothing measured');
    if (at10.held !== 10 || at10k.held !== 10) throw new Error('bench: the measured day is not booked alike');

    console.log(`\nAvailability read (GET /branches/{b}/bays?date=: one day's slots; median of ${runs})`);
    console.log(`  baseline: 10 appointments      ${at10.ms.toFixed(2)} ms  ${at10.requests} request(s)`);
    console.log(`  ours:     10,000 appointments  ${at10k.ms.toFixed(2)} ms  ${at10k.requests} request(s)`);
    console.log(
      `  ratio ${(at10k.ms / at10.ms).toFixed(2)}x for 1,000x the appointments  (target: ~1x, R-APT-3)`,
    );
  } finally {
    await dynamo.stop();
  }
}
