import { bookAppointment } from '../../shared/appointments/actions';
import { daySlots } from '../../shared/appointments/rules';
import { createCustomer } from '../../shared/archive/actions/customers';
import { createVehicle } from '../../shared/archive/actions/vehicles';
import { closeComplaint, openComplaint, solveComplaint } from '../../shared/complaints/actions';
import type { Actor } from '../../shared/kernel/access';
import { addDays, localDate, localWallTime } from '../../shared/kernel/local-time';
import type { OpeningHours } from '../../shared/kernel/opening-hours';
import { defaultPolicy } from '../../shared/kernel/policy';
import type { Store } from '../../shared/platform/dynamo/client';

const minute = 60_000;
const hour = 60 * minute;

/**
 * Demo appointments in Shenzhen (R-APT-1..5), seeded with the chain at `now`, so that
 * `npm start -- --fresh --speed 120` shows them in its first minutes:
 * - tomorrow at the first slot after this time of day, confirmed in person: its reminder 24 h
 *   before (R-APT-4) reaches the outbox within about 30 s;
 * - the day after, with a gearbox valve body of 2,600.00 to prepare: it waits for the cashier's
 *   deposit of at least half (R-APT-2) before it is confirmed;
 * - today, at a slot that began more than the 30-minute grace ago, booked two hours before it and
 *   never checked in: it becomes a no-show at the first sweep and the advisor gets a
 *   `rebook-appointment` duty (R-APT-5). Its reminder, due when it was booked, is dropped as too
 *   late. (Before 09:01 China time no slot of today has passed: this one is left out.)
 * `at` replays a step at a past time, as the demo orders do (infra/local/seed.ts).
 */
export async function seedAppointmentDemo(
  store: Store,
  input: {
    now: number;
    advisor: Actor;
    opening: OpeningHours;
    at: <T>(time: number, step: () => Promise<T>) => Promise<T>;
  },
): Promise<void> {
  const { now, advisor, opening, at } = input;
  const b = 'SZ';
  const zone = opening.timeZone;
  const today = localDate(new Date(now), zone);
  /** Slot starts of a local date (the chain's slot length; the demo books an hour each). */
  const slots = (date: string): number[] =>
    daySlots(date, opening, defaultPolicy.appointment.slotMinutes).map((d) => d.getTime());
  /** The first open day from `date` on. */
  const openDay = (date: string): string => {
    let day = date;
    while (slots(day).length === 0) day = addDays(day, 1);
    return day;
  };
  const timeOfDay = now - Date.parse(localWallTime(today, '00:00', zone));
  const tomorrow = openDay(addDays(today, 1));
  const tomorrowSlots = slots(tomorrow);
  const dayStart = Date.parse(localWallTime(tomorrow, '00:00', zone));
  const soon = tomorrowSlots.find((t) => t - dayStart > timeOfDay) ?? tomorrowSlots[0];
  const later = slots(openDay(addDays(tomorrow, 1)))[2];
  const missed = slots(today)
    .filter((t) => t <= now - 31 * minute)
    .at(-1);

  const person = async (name: string, phone: string, plate: string) => {
    const customer = await createCustomer(
      store,
      b,
      { name, phones: [{ number: phone, label: 'mobile' }], address: '深圳市南山区', company: '个人' },
      advisor,
    );
    const vehicle = await createVehicle(
      store,
      b,
      customer.id,
      { plate, model: 'Toyota Corolla', vehicleType: 'car', odometerKm: 45_300 },
      advisor,
    );
    return { customerId: customer.id, vehicleId: vehicle.id };
  };
  const iso = (t: number) => new Date(t).toISOString();

  if (soon !== undefined) {
    const owner = await person('吴先生', '13700137021', '粤B2A8P4');
    await bookAppointment(
      store,
      b,
      {
        ...owner,
        origin: 'customer_request',
        purpose: 'maintenance',
        startAt: iso(soon),
        durationMinutes: 60,
        work: '小保养：更换机油、机滤',
        confirmation: { by: '吴先生', method: 'in_person' },
      },
      advisor,
    );
  }
  if (later !== undefined) {
    const owner = await person('郑女士', '13700137022', '粤B6T3K1');
    await bookAppointment(
      store,
      b,
      {
        ...owner,
        origin: 'shop_proposal',
        purpose: 'repair',
        startAt: iso(later),
        durationMinutes: 180,
        work: '自动变速箱换挡冲击，更换阀体',
        parts: [{ part: '自动变速箱阀体 (原厂)', price: 260_000 }],
        confirmation: { by: '郑女士', method: 'phone' },
      },
      advisor,
    );
  }
  if (missed !== undefined) {
    await at(missed - 2 * hour, async () =>
      bookAppointment(
        store,
        b,
        {
          ...(await person('冯先生', '13700137023', '粤B9C5W7')),
          origin: 'customer_request',
          purpose: 'inspection',
          startAt: iso(missed),
          durationMinutes: 60,
          work: '空调不制冷，检查',
          confirmation: { by: '冯先生', method: 'phone' },
        },
        advisor,
      ),
    );
  }
}

/**
 * Demo complaint cases in Shenzhen (R-CMP-1..3), so the dashboard's complaint KPIs have figures:
 * one taken by phone yesterday afternoon, answered at once, solved and closed with a satisfied
 * customer; one taken in person this morning with a promised response time 下次答復時間 of
 * tomorrow 10:00 (a `complaint-response` duty in `sz.advisor`'s queue).
 */
export async function seedComplaintDemo(
  store: Store,
  input: {
    now: number;
    advisor: Actor;
    timeZone: string;
    at: <T>(time: number, step: () => Promise<T>) => Promise<T>;
  },
): Promise<void> {
  const { now, advisor, timeZone, at } = input;
  const b = 'SZ';
  const today = localDate(new Date(now), timeZone);
  const local = (date: string, hhmm: string) => Date.parse(localWallTime(date, hhmm, timeZone));
  const yesterday = local(addDays(today, -1), '15:00');
  const customer = async (name: string, phone: string) =>
    createCustomer(
      store,
      b,
      { name, phones: [{ number: phone, label: 'mobile' }], address: '深圳市宝安区', company: '个人' },
      advisor,
    );
  await at(yesterday, async () => {
    const owner = await customer('林女士', '13700137031');
    const taken = await openComplaint(
      store,
      b,
      {
        channel: 'phone',
        customerId: owner.id,
        words: '上次保养后车里有机油味，希望尽快处理',
        category: 'quality',
        answer: '已请技师回访检查机油滤清器密封，明天上午免费处理',
      },
      advisor,
    );
    const ref = { branchId: b, complaintId: taken.id };
    const solved = await solveComplaint(
      store,
      ref,
      { version: taken.version, solution: '更换机滤密封圈，异味消除' },
      advisor,
    );
    await closeComplaint(store, ref, { version: solved.version, satisfaction: 'satisfied' }, advisor);
  });
  const morning = Math.min(local(today, '09:40'), now);
  await at(morning, async () => {
    const owner = await customer('何先生', '13700137032');
    await openComplaint(
      store,
      b,
      {
        channel: 'in_person',
        customerId: owner.id,
        words: '预约了十点到店，等了一个小时才开始接待',
        category: 'waiting',
        respondBy: new Date(local(addDays(today, 1), '10:00')).toISOString(),
        told: { method: 'in_person' },
      },
      advisor,
    );
  });
}
