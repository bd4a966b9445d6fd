import { AsyncLocalStorage } from 'node:async_hooks';
import { createCustomer } from '../../shared/archive/actions/customers';
import { createVehicle } from '../../shared/archive/actions/vehicles';
import type { CreateVehicle } from '../../shared/archive/schemas/vehicle';
import { createBranch } from '../../shared/branches/actions';
import type { CreateBranch } from '../../shared/branches/schemas';
import { getBranch } from '../../shared/branches/store';
import { completeDuty, getDuty } from '../../shared/duty-engine/store';
import { sweep } from '../../shared/duty-engine/sweeper';
import type { Actor, Role } from '../../shared/kernel/access';
import { NotFoundError, RuleViolationError } from '../../shared/kernel/errors';
import { nextOpening, openingHoursOf } from '../../shared/kernel/opening-hours';
import {
  exitOrder,
  passInspection,
  preparePickup,
  raiseAddOn,
  recordPayment,
  settle,
} from '../../shared/orders/actions/completion';
import {
  completeWork,
  confirmOrder,
  createOrder,
  recordHandover,
  transferOrder,
} from '../../shared/orders/actions/order';
import { orderDuties } from '../../shared/orders/duties/lifecycle';
import { exitDocuments } from '../../shared/orders/rules/settlement';
import {
  exitBody,
  passInspectionBody,
  preparePickupBody,
  type RaiseAddOn,
  raiseAddOnBody,
  recordPaymentBody,
  settleBody,
} from '../../shared/orders/schemas/completion-requests';
import type { LineInput } from '../../shared/orders/schemas/lines';
import type { Order } from '../../shared/orders/schemas/order';
import {
  completeWorkBody,
  confirmOrderBody,
  createOrderBody,
  recordHandoverBody,
  transferOrderBody,
} from '../../shared/orders/schemas/order-requests';
import { dutyCompletions, dutyPerformers } from '../../shared/performers';
import type { Store } from '../../shared/platform/dynamo/client';
import { clock, setClock } from '../../shared/platform/ports/clock';
import { createEstimate } from '../../shared/reception/actions/estimates';
import { createEstimateBody } from '../../shared/reception/schemas/estimate-requests';
import { createStaff } from '../../shared/staff/actions';
import type { Staff } from '../../shared/staff/schemas';
import { seedAppointmentDemo, seedComplaintDemo } from './seed-appointments';
import { seedReminderDemo } from './seed-reminders';
import { seedSurveyDemo } from './seed-surveys';

/**
 * The demo chain of `npm start`: three branches in two currencies and time zones, staff for
 * every role of R-ACC-2, customers with vehicles, and a few repair orders whose recent past is
 * replayed so that their duties fall due in the demo's first minutes (see `demoOrders`). Logins
 * follow `<branch>.<role>`.
 */
const seedActor: Actor = {
  staffId: 'SEED',
  login: 'seed',
  name: 'Demo seed',
  roles: ['admin'],
  branches: '*',
};

const weekdays: CreateBranch['workingHours']['days'] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const demoBranches: CreateBranch[] = [
  {
    id: 'SZ',
    name: '深圳福田店',
    timeZone: 'Asia/Shanghai',
    currency: 'CNY',
    phoneRegion: 'CN',
    locale: 'zh-Hans',
    workingHours: { days: weekdays, open: '08:30', close: '18:00' },
    quietHours: { start: '21:00', end: '08:00' },
    smsSignature: '快修连锁',
    bayCount: 12,
    address: '深圳市福田区深南大道 1000 号',
    phone: '+86 755 8888 0000',
    status: 'active',
  },
  {
    id: 'GZ',
    name: '广州天河店',
    timeZone: 'Asia/Shanghai',
    currency: 'CNY',
    phoneRegion: 'CN',
    locale: 'zh-Hans',
    workingHours: { days: weekdays, open: '08:00', close: '17:30' },
    quietHours: { start: '21:00', end: '08:00' },
    smsSignature: '快修连锁',
    bayCount: 8,
    address: '广州市天河区天河路 200 号',
    phone: '+86 20 3888 0000',
    status: 'active',
  },
  {
    id: 'HK',
    name: '香港觀塘店',
    timeZone: 'Asia/Hong_Kong',
    currency: 'HKD',
    phoneRegion: 'HK',
    locale: 'zh-Hant',
    workingHours: { days: weekdays, open: '09:00', close: '19:00' },
    quietHours: { start: '22:00', end: '09:00' },
    bayCount: 6,
    address: '九龍觀塘道 88 號',
    phone: '+852 2388 0000',
    status: 'active',
  },
];

/** Branch roles seeded at every branch; the login is `<branch>.<suffix>`. */
const branchStaff: { suffix: string; name: string; roles: Role[] }[] = [
  { suffix: 'advisor', name: 'Service advisor', roles: ['advisor'] },
  { suffix: 'followup', name: 'Follow-up agent', roles: ['follow-up'] },
  { suffix: 'supervisor', name: 'Business supervisor', roles: ['supervisor'] },
  { suffix: 'dispatcher', name: 'Workshop dispatcher', roles: ['dispatcher'] },
  { suffix: 'team1', name: 'Team lead 1', roles: ['team-lead'] },
  { suffix: 'team2', name: 'Team lead 2', roles: ['team-lead'] },
  { suffix: 'inspector', name: 'Inspector', roles: ['inspector'] },
  { suffix: 'cashier', name: 'Cashier', roles: ['cashier'] },
  { suffix: 'parts', name: 'Parts clerk', roles: ['parts-clerk'] },
  { suffix: 'hr', name: 'HR office', roles: ['hr'] },
];

const chainStaff: { login: string; name: string; roles: Role[] }[] = [
  { login: 'hq.analyst', name: 'HQ analyst', roles: ['hq'] },
  { login: 'admin', name: 'Chain admin', roles: ['admin'] },
];

const demoCustomers: Record<
  string,
  { name: string; phone: string; vehicles: { plate: string; model: string }[] }[]
> = {
  SZ: [
    { name: '陈先生', phone: '13800138000', vehicles: [{ plate: '粤B12345', model: 'Toyota Camry 2.5' }] },
    {
      name: '深圳速达物流有限公司',
      phone: '13900139000',
      vehicles: [
        { plate: '粤B8D123', model: 'Ford Transit' },
        { plate: '粤B8D124', model: 'Ford Transit' },
      ],
    },
  ],
  GZ: [{ name: '李女士', phone: '13700137000', vehicles: [{ plate: '粤A66666', model: 'Honda Accord' }] }],
  HK: [{ name: '黃先生', phone: '91234567', vehicles: [{ plate: 'AB1234', model: 'Tesla Model 3' }] }],
};

/** Logins of one demo person per role, for the start banner. */
export const demoLogins = [
  'sz.advisor',
  'sz.followup',
  'sz.supervisor',
  'sz.dispatcher',
  'sz.team1',
  'sz.inspector',
  'sz.cashier',
  'sz.parts',
  'sz.hr',
  'hk.advisor',
  'hk.dispatcher',
  'hq.analyst',
  'admin',
];

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** One repair order of the demo, timed from the moment the chain is seeded ("now"). */
export interface DemoOrder {
  branchId: string;
  /** What the demo shows with it (README "Quick start"). */
  shows: string;
  customer: { name: string; phone: string; address: string; preferredContactTimes: string };
  vehicle: { plate: string; model: string; vehicleType: CreateVehicle['vehicleType']; odometerKm: number };
  lines: LineInput[];
  /** The car reached the workshop (R-RO-4) this long before now. */
  inWorkshopFor: number;
  /** Parts to order arrive this long after the car came in (R-RO-2: the promise waits for them). */
  partsArriveAfter?: number;
  /** Job duration 工期: workshop start to the promised completion (R-PRG-1, R-PKP-2). */
  jobLength: number;
  /** The dispatcher answered the progress check (R-PRG-1) an hour after it opened: on time. */
  checkAnswered?: true;
  /** The car was finished, settled, paid and left (R-PKP-5) this long after it reached the workshop. */
  exitedAfter?: number;
  /**
   * Add-on items (R-ADD-1) the workshop raises now, at the start of the demo: their question SMS
   * with the customer page's link goes in the first sweep (R-SELF-1, R-ADD-2).
   */
  addOns?: (Omit<RaiseAddOn, 'version' | 'lines'> & { lines: LineInput[] })[];
}

const labour = (description: string, system: string, hours: number, rate: number): LineInput => ({
  kind: 'labour',
  description,
  system,
  hours,
  rate,
});
const part = (
  description: string,
  system: string,
  quantity: number,
  unitPrice: number,
  availability: 'in_stock' | 'to_order' = 'in_stock',
): LineInput => ({
  kind: 'part',
  description,
  system,
  quantity,
  unitPrice,
  supplier: 'shop',
  grade: 'oem',
  availability,
});

/**
 * The orders of the demo. With `npm start -- --fresh --speed 120` (two demo hours a minute) the
 * 1-day job's pickup notice reaches the outbox after about 30 s, the 3-day job's after 15 s and
 * the same-day job's after 90 s (R-PKP-2); the SZ dispatcher's progress check opens after 18 s
 * and is escalated to the supervisor at 3.9 min unless answered, the HK one opens at 66 s
 * (R-PRG-1); the car that left 3 days ago is due its first follow-up call (R-FUP-2) from 30 s on.
 * These times hold for a demo day that starts between 10:18 and 14:30 China time, where every
 * promise falls in the branches' opening hours (R-RO-2); `--speed` starts its clock there
 * (infra/local/demo-clock.ts). At another time the promises move to the next opening.
 */
export const demoOrders: DemoOrder[] = [
  {
    branchId: 'SZ',
    shows: '1-day job: its pickup notice goes 1 h before the promise, 1 demo hour in',
    customer: {
      name: '王女士',
      phone: '13600136001',
      address: '深圳市福田区福华三路 88 号',
      preferredContactTimes: '工作日 12:00-14:00',
    },
    vehicle: { plate: '粤B6K218', model: 'Volkswagen Lavida', vehicleType: 'car', odometerKm: 61_200 },
    lines: [labour('更换前刹车片', 'brakes', 1.5, 18_000), part('前刹车片 (原厂)', 'brakes', 1, 42_000)],
    inWorkshopFor: 22 * hour,
    jobLength: 1 * day,
    checkAnswered: true,
  },
  {
    branchId: 'SZ',
    shows: "long job: the dispatcher's progress check opens at 70 % of 3 days, 0.6 demo hours in",
    customer: {
      name: '刘先生',
      phone: '13600136002',
      address: '深圳市南山区科苑路 15 号',
      preferredContactTimes: '晚上 19:00 以后',
    },
    vehicle: { plate: '粤B3Q907', model: 'BYD Han EV', vehicleType: 'car', odometerKm: 18_450 },
    lines: [labour('动力电池冷却系统检修', 'cooling', 6, 22_000), part('冷却液泵', 'cooling', 1, 128_000)],
    // Promised 22.2 h from now: the next day's opening hours for a demo started 10:18-14:30.
    inWorkshopFor: 49 * hour + 48 * minute,
    jobLength: 3 * day,
  },
  {
    branchId: 'SZ',
    shows: 'left 3 days ago less an hour: its first follow-up call opens 1 demo hour in',
    customer: {
      name: '赵女士',
      phone: '13600136003',
      address: '深圳市罗湖区人民南路 20 号',
      preferredContactTimes: '周末全天',
    },
    vehicle: { plate: '粤B7M552', model: 'Honda Fit 1.5', vehicleType: 'car', odometerKm: 88_900 },
    lines: [labour('发动机保养', 'engine', 1, 18_000), part('机油滤清器', 'engine', 1, 6_800)],
    inWorkshopFor: 3 * day + 8 * hour,
    jobLength: 12 * hour,
    exitedAfter: 9 * hour,
  },
  {
    branchId: 'HK',
    shows: '3-day job: its pickup notice goes 4 h before the promise, half a demo hour in',
    customer: {
      name: '張先生',
      phone: '61234501',
      address: '九龍觀塘開源道 50 號',
      preferredContactTimes: '平日 18:00 後',
    },
    vehicle: { plate: 'KX8823', model: 'Toyota Alphard', vehicleType: 'mpv', odometerKm: 73_300 },
    lines: [
      labour('更換波箱', 'transmission', 10, 95_000),
      part('自動波箱總成', 'transmission', 1, 2_380_000, 'to_order'),
    ],
    // Promised 4.5 h from now: before Hong Kong closes (19:00) for a demo started by 14:30.
    inWorkshopFor: 67 * hour + 30 * minute,
    partsArriveAfter: day,
    jobLength: 3 * day,
    checkAnswered: true,
  },
  {
    branchId: 'HK',
    shows: "same-day job: the HK dispatcher's check opens 2.2 demo hours in, the notice goes at 3",
    customer: {
      name: '陳小姐',
      phone: '61234502',
      address: '香港島北角英皇道 300 號',
      preferredContactTimes: '午飯時間',
    },
    vehicle: { plate: 'PF306', model: 'Tesla Model Y', vehicleType: 'suv', odometerKm: 24_800 },
    lines: [labour('更換冷氣隔塵網及消毒', 'hvac', 1, 95_000), part('冷氣隔塵網', 'hvac', 1, 38_000)],
    inWorkshopFor: 2 * hour,
    jobLength: 6 * hour,
  },
];

/**
 * The customer page's demo (R-SELF-1, R-ADD-2): a Hong Kong car in the workshop whose team finds
 * two add-on items as the demo starts. Their question SMS, with the link to the customer page, is
 * in the outbox at the first sweep; approving the brakes there moves the promise and the pickup
 * notice by an hour. Kept beside `demoOrders`: it waits for the customer (`awaiting_addon`).
 */
const addOnDemoOrder: DemoOrder = {
  branchId: 'HK',
  shows:
    'add-on items waiting for the customer: the question SMS with the link to the customer page goes in the first seconds; approving the brakes there moves the promise and the pickup notice by an hour',
  customer: {
    name: '黃先生',
    phone: '61234503',
    address: '九龍旺角彌敦道 600 號',
    preferredContactTimes: '任何時間',
  },
  vehicle: { plate: 'RT5120', model: 'Honda Jazz', vehicleType: 'car', odometerKm: 95_400 },
  lines: [
    labour('定期保養（更換機油及機油格）', 'engine', 1, 60_000),
    part('全合成機油 4 L', 'engine', 1, 48_000),
  ],
  // Promised 25.5 h from now, the next day's early afternoon for a demo started 10:30-14:30; the
  // pickup notice goes 1 h before (about 12 minutes in at --speed 120), and an approved hour
  // still ends before Hong Kong closes (19:00).
  inWorkshopFor: 30 * minute,
  jobLength: 26 * hour,
  addOns: [
    {
      description: '更換前煞車碟及煞車皮',
      reason: '前煞車碟已磨損至最低厚度以下，影響煞車效能',
      lines: [
        labour('更換前煞車碟及煞車皮', 'brakes', 1.5, 95_000),
        part('前煞車碟（一對）', 'brakes', 1, 160_000),
      ],
      extraMinutes: 60,
      safetyRelated: true,
    },
    {
      description: '更換冷氣隔塵網',
      reason: '隔塵網積塵，冷氣有異味',
      lines: [part('冷氣隔塵網', 'hvac', 1, 38_000)],
      extraMinutes: 15,
      safetyRelated: false,
    },
  ],
};

async function alreadySeeded(store: Store): Promise<boolean> {
  try {
    await getBranch(store, 'SZ');
    return true;
  } catch (error) {
    if (error instanceof NotFoundError) return false;
    throw error;
  }
}

/**
 * Seeds the demo chain once; a file-backed database that has it is left alone. The branches, staff
 * and customers are created now, so whatever they schedule (reports, archive duties) starts now;
 * the demo orders replay their last days, each step at its own time (`at`), through the clock
 * port that every store rule and duty reads. The runtime's clock is given back at the end.
 */
export async function seedDemoChain(store: Store): Promise<'seeded' | 'kept'> {
  if (await alreadySeeded(store)) return 'kept';
  const running = clock();
  const now = Math.floor(running.now().getTime() / minute) * minute;
  setClock({ now: () => new Date(replayedTime.getStore() ?? running.now().getTime()) });
  try {
    for (const branch of demoBranches) await createBranch(store, branch, seedActor);
    const staff = await seedStaff(store);
    // Separate records (their own customer, car and key slot): seeded side by side, each order
    // at its own times.
    const [, ...replayed] = await Promise.all([
      seedCustomers(store),
      ...[...demoOrders, addOnDemoOrder].map((order) => replayOrder(store, order, now, staff)),
    ]);
    // R-MKT-1, R-ARC-5 and R-APT-1..5: cars due for maintenance and the day's appointments.
    const sz = demoBranches.find((b) => b.id === 'SZ');
    const advisor = staff.get('sz.advisor');
    if (!sz || !advisor) throw new Error('The demo chain has no Shenzhen advisor');
    await seedReminderDemo(store, seedActor);
    await seedAppointmentDemo(store, { now, advisor, opening: openingHoursOf(sz), at });
    await seedComplaintDemo(store, { now, advisor, timeZone: sz.timeZone, at });
    await seedSurveyDemo(store, { now, advisor, timeZone: sz.timeZone, at });
    // The sweeps the chain ran in that past, for the duties that fell due in it: the answered
    // progress checks (R-PRG-1) are closed, not left pending in an hour the sweeper no longer
    // reads. Each runs when its check falls due and reads only that hour.
    for (const time of replayed.flat().sort((a, b) => a - b)) {
      await at(time, () => sweep({ store, performers: dutyPerformers(store), lookbackHours: 0 }));
    }
  } finally {
    setClock(running);
  }
  return 'seeded';
}

/** The time of the replayed step running in this async context, if any (ms). */
const replayedTime = new AsyncLocalStorage<number>();

/** Runs `step`, and everything it awaits, with the clock stopped at `time` (ms). */
function at<T>(time: number, step: () => Promise<T>): Promise<T> {
  return replayedTime.run(time, step);
}

/** The staff of the chain and its branches; returned by login, as actors. */
async function seedStaff(store: Store): Promise<Map<string, Actor>> {
  const hires = [
    ...chainStaff.map((p) => ({ ...p, branches: ['*'] })),
    ...demoBranches.flatMap((branch) =>
      branchStaff.map((p) => ({
        login: `${branch.id.toLowerCase()}.${p.suffix}`,
        name: `${p.name} (${branch.id})`,
        roles: p.roles,
        branches: [branch.id],
      })),
    ),
  ];
  // Independent records (one login guard each): hired together.
  const hired: Staff[] = await Promise.all(
    hires.map((person) => createStaff(store, { ...person, status: 'regular' }, seedActor)),
  );
  return new Map(
    hired.map((p) => [
      p.login,
      { staffId: p.id, login: p.login, name: p.name, roles: p.roles, branches: p.branches },
    ]),
  );
}

async function seedCustomers(store: Store): Promise<void> {
  const customers = demoBranches.flatMap((branch) =>
    (demoCustomers[branch.id] ?? []).map((customer) => ({ branchId: branch.id, ...customer })),
  );
  await Promise.all(
    customers.map(async (customer) => {
      const created = await createCustomer(
        store,
        customer.branchId,
        { name: customer.name, phones: [{ number: customer.phone, label: 'mobile' }] },
        seedActor,
      );
      for (const vehicle of customer.vehicles) {
        await createVehicle(
          store,
          customer.branchId,
          created.id,
          { ...vehicle, vehicleType: 'car' },
          seedActor,
        );
      }
    }),
  );
}

/**
 * One demo order through the real store functions, each at its time: the archive opened at
 * reception (complete, so its R-ARC-2 duty is settled by the vehicle's creation), the estimate,
 * the order made from it, confirmed and handed over (R-RO-1..3), and the car received by the
 * dispatcher (R-RO-4), which schedules its pickup notice and progress check. Then, as the order
 * says, the check answered on time, or the car finished, settled, paid and gone.
 * Returns the past times a sweep is owed: when an answered check fell due. Every SMS
 * duty of the demo is due after now or cancelled, so these sweeps send nothing (the runtime gives
 * the SMS port its outbox after the seed).
 */
async function replayOrder(
  store: Store,
  demo: DemoOrder,
  now: number,
  staff: ReadonlyMap<string, Actor>,
): Promise<number[]> {
  const b = demo.branchId;
  const who = (role: string): Actor => {
    const actor = staff.get(`${b.toLowerCase()}.${role}`);
    if (!actor) throw new Error(`The demo chain has no ${role} at ${b}`);
    return actor;
  };
  const advisor = who('advisor');
  const dispatcher = who('dispatcher');
  const start = now - demo.inWorkshopFor;
  // R-RO-2: a promise falls in the branch's opening hours, so a demo started late in the day
  // promises the next opening (its notices come later than the README's first minutes).
  const branch = demoBranches.find((d) => d.id === b);
  if (!branch) throw new Error(`The demo chain has no branch ${b}`);
  const promise = nextOpening(new Date(start + demo.jobLength), openingHoursOf(branch)).getTime();
  const reception = start - 40 * minute;
  const iso = (ms: number) => new Date(ms).toISOString();

  const customer = await at(reception, () =>
    createCustomer(
      store,
      b,
      {
        name: demo.customer.name,
        phones: [{ number: demo.customer.phone, label: 'mobile' }],
        address: demo.customer.address,
        preferredContactTimes: demo.customer.preferredContactTimes,
        followUpAgentId: who('followup').staffId,
      },
      advisor,
    ),
  );
  const vehicle = await at(reception, () => createVehicle(store, b, customer.id, demo.vehicle, advisor));
  const arrival = iso(start + (demo.partsArriveAfter ?? 0));
  const lines = demo.lines.map((l) =>
    l.kind === 'part' && l.availability === 'to_order' ? { ...l, expectedAt: arrival } : l,
  );
  // The customer agrees to the estimate by confirming the order made from it (R-EST, R-RO-1).
  const estimate = await at(reception + 10 * minute, () =>
    createEstimate(
      store,
      b,
      createEstimateBody.parse({
        customerId: customer.id,
        vehicleId: vehicle.id,
        pricingMethod: 'system',
        lines,
      }),
      advisor,
    ),
  );
  const makeOrder = (promisedAt: string) =>
    at(reception + 20 * minute, () =>
      createOrder(store, b, createOrderBody.parse({ estimateId: estimate.id, promisedAt }), advisor),
    );
  // R-RO-2: when the branch was closed for part of the job (a Sunday in the replayed days), the
  // advisor takes the earliest promise the rule names, as at the desk.
  const made = await makeOrder(iso(promise)).catch((error: unknown) => {
    const earliest = error instanceof RuleViolationError ? error.extensions.earliestPromise : undefined;
    if (typeof earliest !== 'string') throw error;
    return makeOrder(earliest);
  });
  const ref = { branchId: b, orderId: made.id };
  let order: Order = await at(reception + 20 * minute, () =>
    confirmOrder(
      store,
      ref,
      confirmOrderBody.parse({ version: made.version, by: customer.name, method: 'signature' }),
      advisor,
    ),
  );
  order = await at(reception + 30 * minute, () =>
    recordHandover(
      store,
      ref,
      recordHandoverBody.parse({
        version: order.version,
        documents: [{ name: 'Vehicle licence', present: true }],
        belongings: [],
        belongingsConfirmedBy: customer.name,
        keyTag: `K-${demo.vehicle.plate.slice(-3)}`,
        keySlot: `DEMO-${demo.vehicle.plate.slice(-3)}`,
        fuelLevel: 4,
        odometerKm: demo.vehicle.odometerKm + 12,
      }),
      advisor,
    ),
  );
  order = await at(start, () =>
    transferOrder(
      store,
      ref,
      transferOrderBody.parse({
        version: order.version,
        washed: true,
        receivedBy: dispatcher.staffId,
        mode: 'single_team',
      }),
      advisor,
    ),
  );

  const sweepsDue: number[] = [];
  const checkId = orderDuties(order).progressCheck;
  if (demo.checkAnswered && checkId) {
    const check = await getDuty(store, b, checkId);
    const dueAt = Date.parse(check.dueAt);
    if (dueAt < now) sweepsDue.push(dueAt);
    const result = { expectedFinish: order.promisedAt, note: 'On schedule' };
    // Answered an hour after it opened, or now when that is still ahead (a promise the opening
    // hours moved later, R-RO-2): the demo never records an answer in the future.
    await at(Math.min(Date.parse(check.openAt) + hour, now), () =>
      completeDuty(store, {
        branchId: b,
        dutyId: check.id,
        version: check.version,
        result,
        actor: dispatcher,
        completions: dutyCompletions(store),
      }),
    );
  }
  if (demo.exitedAfter !== undefined) await replayExit(store, ref, order, start + demo.exitedAfter, who);
  // R-ADD-1, R-SELF-1: the team finds more work now; the customer answers on the page the SMS links to.
  for (const item of demo.addOns ?? []) {
    const lead = [who('team1'), who('team2')].find((a) => a.staffId === order.teams[0]?.teamId);
    if (!lead) throw new Error(`Order ${ref.orderId} went to no demo team`);
    order = await at(now, () =>
      raiseAddOn(store, b, ref.orderId, raiseAddOnBody.parse({ ...item, version: order.version }), lead),
    );
  }
  return sweepsDue;
}

/**
 * The car finished early and the customer came for it at once (R-WS-4, R-PKP-1, R-PKP-4, R-PKP-5):
 * its pending pickup notice and check are cancelled by the exit, as for any car that leaves.
 */
async function replayExit(
  store: Store,
  ref: { branchId: string; orderId: string },
  inWorkshop: Order,
  exitAt: number,
  who: (role: string) => Actor,
): Promise<void> {
  const b = ref.branchId;
  const team = inWorkshop.teams[0];
  const lead = [who('team1'), who('team2')].find((a) => a.staffId === team?.teamId);
  if (!lead) throw new Error(`Order ${ref.orderId} went to no demo team`);
  let order = await at(exitAt - 2 * hour, () =>
    completeWork(store, ref, completeWorkBody.parse({ version: inWorkshop.version }), lead),
  );
  const inspector = who('inspector');
  order = await at(exitAt - 100 * minute, () =>
    passInspection(
      store,
      b,
      ref.orderId,
      passInspectionBody.parse({ version: order.version, assembliesInspected: 1, recordComplete: true }),
      inspector,
    ),
  );
  const advisor = who('advisor');
  order = await at(exitAt - 80 * minute, () =>
    preparePickup(
      store,
      b,
      ref.orderId,
      preparePickupBody.parse({
        version: order.version,
        cleaned: true,
        belongingsChecked: true,
        billsCollected: true,
      }),
      advisor,
    ),
  );
  const cashier = who('cashier');
  order = await at(exitAt - 20 * minute, async () => {
    const settled = await settle(
      store,
      b,
      ref.orderId,
      settleBody.parse({ version: order.version }),
      cashier,
    );
    return recordPayment(
      store,
      b,
      ref.orderId,
      recordPaymentBody.parse({
        version: settled.version,
        amount: settled.settlement?.amountDue,
        method: 'wechat_pay',
      }),
      cashier,
    );
  });
  await at(exitAt, () =>
    exitOrder(
      store,
      b,
      ref.orderId,
      exitBody.parse({
        version: order.version,
        documentsHandedOver: [...exitDocuments],
        customerConfirmedBy: order.customerName,
        belongingsChecked: true,
      }),
      advisor,
    ),
  );
}
