import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { ensureTable, startDynamo } from '../../infra/local/dynamo';
import { bookAppointment } from '../../shared/appointments/actions';
import { createCustomer } from '../../shared/archive/actions/customers';
import { createVehicle } from '../../shared/archive/actions/vehicles';
import { createBranch } from '../../shared/branches/actions';
import type { CreateBranch } from '../../shared/branches/schemas';
import { deepSweepLookbackHours, dutyShards } from '../../shared/duty-engine/keys';
import type { Duty } from '../../shared/duty-engine/schemas';
import { concurrencyWithinReserve, createSharedPacer } from '../../shared/duty-engine/send-slots';
import { completeDuty, getDuty } from '../../shared/duty-engine/store';
import { DeferDuty, type Performers, type SweepResult, sweep } from '../../shared/duty-engine/sweeper';
import type { Actor, Role } from '../../shared/kernel/access';
import { RuleViolationError } from '../../shared/kernel/errors';
import { addDays, localWallTime } from '../../shared/kernel/local-time';
import { nextOpening, openingHoursOf } from '../../shared/kernel/opening-hours';
import { defaultPolicy } from '../../shared/kernel/policy';
import {
  exitOrder,
  passInspection,
  preparePickup,
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
  recordPaymentBody,
  settleBody,
} from '../../shared/orders/schemas/completion-requests';
import type { Order } from '../../shared/orders/schemas/order';
import {
  completeWorkBody,
  confirmOrderBody,
  createOrderBody,
  recordHandoverBody,
  transferOrderBody,
} from '../../shared/orders/schemas/order-requests';
import { dutyCompletions, dutyPerformers } from '../../shared/performers';
import type { PacerClock } from '../../shared/platform/adapters/pacing';
import { createStore, setStore } from '../../shared/platform/dynamo/client';
import { logger } from '../../shared/platform/logger';
import { clock, setClock } from '../../shared/platform/ports/clock';
import { setSmsSender } from '../../shared/platform/ports/sms';
import { createEstimate } from '../../shared/reception/actions/estimates';
import { createEstimateBody } from '../../shared/reception/schemas/estimate-requests';
import { createStaff } from '../../shared/staff/actions';
import { branchInput } from '../support/fixtures';

/**
 * A simulated chain day (issue 14 item 1; R-X-1, R-X-3, ARCHITECTURE targets): N branches with
 * their staff, created through the real actions; a day of repair orders arriving by a morning-
 * peaked curve, each lifecycle run through the real actions; appointments booked the day before
 * (their 24 h reminders fire today) and cars due for maintenance in 14 days (their reminders fire at
 * the policy's 10:00); and the real sweeper with the real performers every minute, against DynamoDB
 * Local, on a virtual clock.
 *
 * The clock: actions run at their own virtual instant (an AsyncLocalStorage holds it, as the demo
 * seed replays its past). A sweep starts at its minute and from there its clock runs with real
 * time (what this machine takes to do the work) plus the SMS pacer's waits, which are skipped, not
 * slept: a run that paces 300 messages at 1 a second lasts 300 virtual seconds and a few real ones.
 *
 * The sweepers are wired as the sweeper Lambda (functions/duties/sweep.ts): `sweepers` processes
 * each sweep their share of the due-index shards every minute (4: one per shard, as the CDK
 * schedules them), an hourly deep sweep reads every shard 48 hours back, every process paces its SMS
 * with the shared pacer in the table and performs `concurrencyWithinReserve` duties at once, each
 * run stops claiming as its 120 s timeout nears. Conservatively, the minute runs go in lock step: a
 * run that lasts longer than its minute delays every sweeper's next (in AWS only its own shard's).
 * Everything runs in one process; the DynamoDB requests are counted with a middleware on the
 * client (as test/support/request-count.ts does).
 */
export interface SimulationOptions {
  branches: number;
  ordersPerDay: number;
  /** The account's SMS quota the sweeper paces to (SMS_PER_SECOND; the policy's default). */
  smsPerSecond?: number;
  /** PRNG seed: the same seed gives the same day. */
  seed?: number;
  /** Scale of the model (ARCHITECTURE: 500 branches × 100 orders a branch a day). */
  model?: { branches: number; ordersPerDay: number };
  /** Sweepers at once, each sweeping its share of the due-index shards (4: one per shard, as in AWS). */
  sweepers?: number;
  /** A DynamoDB Local already running; by default one is started (and stopped) for the run. */
  endpoint?: string;
  /**
   * The local hours of the day that are swept, [from, to) (default the whole day, [0, 24]). A
   * shorter window (the bench's morning) leaves the rest of the day's actions unplayed; the lag
   * counts the duties due inside the window only.
   */
  hours?: readonly [number, number];
  /** Print the full report (default); the bench prints its own lines from the returned figures. */
  print?: boolean;
}

/** The headline figures of a run, each with its target (ARCHITECTURE "Targets"). */
export interface SimulationFigures {
  sweepers: number;
  quota: number;
  /** Minute and deep sweep runs. */
  runs: number;
  claimed: number;
  sms: number;
  /** The sweepers' requests in an idle minute (all sweepers together); target the fixed Queries. */
  idleRequestsPerMinute: number;
  fixedQueries: number;
  /** The sweeper's requests per claimed duty besides the Queries (engine and performers). */
  requestsPerDueDuty: number;
  /** The engine's own: claim and outcome; target 2. */
  engineRequestsPerDuty: number;
  /** Conditional puts of the shared SMS pace per SMS sent; target 1 (more: slots lost to another sweeper). */
  slotPutsPerSms: number;
  lagP50Ms: number;
  lagP99Ms: number;
  lagMaxMs: number;
  /** Duties due inside the window that fired (the lag's sample). */
  lagSample: number;
  /** Most SMS in any one-second window; target at most `quota`. */
  maxSmsPerSecond: number;
  realMs: number;
  /** Of which the swept window (the rest: DynamoDB Local, the branches and staff, the eve). */
  windowRealMs: number;
}

/** DynamoDB Local starts slowly on a loaded machine: a few tries. */
async function startLocal() {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startDynamo();
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

const minute = 60_000;
const hour = 60 * minute;
const zone = 'Asia/Shanghai';
/** A Wednesday; its eve is a Tuesday (both working days of the fixture branch). */
const simDate = '2031-06-11';
const eve = addDays(simDate, -1);
const local = (date: string, hhmm: string) => Date.parse(localWallTime(date, hhmm, zone));
const dayStart = local(simDate, '00:00');
const dayEnd = local(addDays(simDate, 1), '00:00');

/** Arrivals per local hour (08:30 opening; the morning peak at 9-10), as shares of the day. */
const arrivalCurve: [number, number][] = [
  [8.5, 0.1],
  [9, 0.19],
  [10, 0.17],
  [11, 0.12],
  [12, 0.06],
  [13, 0.09],
  [14, 0.1],
  [15, 0.09],
  [16, 0.08],
];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const quantile = (sorted: readonly number[], q: number) =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
const fmt = (ms: number) =>
  !Number.isFinite(ms)
    ? 'n/a'
    : ms < 1000
      ? `${ms.toFixed(0)} ms`
      : ms < 120_000
        ? `${(ms / 1000).toFixed(1)} s`
        : ms < 2 * hour
          ? `${(ms / minute).toFixed(1)} min`
          : `${(ms / hour).toFixed(1)} h`;
const ratio = (value: number, target: number) => `${(value / target).toFixed(2)}x`;
const localHour = (ms: number) => Math.floor((ms - dayStart) / hour);

/** Coroutines that wait for virtual instants; `runUntil(t)` wakes every waiter due by t and waits until all are waiting again or done. */
class Timeline {
  private waiters: { at: number; wake: () => void }[] = [];
  private active = 0;
  private idle: (() => void) | undefined;
  readonly failures = new Map<string, { count: number; example: string }>();

  spawn(name: string, body: () => Promise<void>): void {
    this.active++;
    body()
      .catch((error: unknown) => {
        const key = `${name}: ${error instanceof Error ? error.name : 'error'}`;
        const seen = this.failures.get(key) ?? { count: 0, example: String(error).slice(0, 200) };
        seen.count++;
        this.failures.set(key, seen);
      })
      .finally(() => this.settle());
  }

  /** Waits until the simulation reaches `at`. */
  until(at: number): Promise<void> {
    return new Promise((wake) => {
      this.waiters.push({ at, wake });
      this.settle();
    });
  }

  private settle(): void {
    this.active--;
    if (this.active === 0) this.idle?.();
  }

  async runUntil(at: number): Promise<void> {
    for (;;) {
      const due = this.waiters.filter((w) => w.at <= at).sort((a, b) => a.at - b.at);
      if (due.length === 0) return;
      this.waiters = this.waiters.filter((w) => w.at > at);
      const quiet = new Promise<void>((done) => {
        this.idle = done;
      });
      this.active += due.length;
      for (const w of due) w.wake();
      await quiet;
      this.idle = undefined;
    }
  }
}

interface Fired {
  kind: string;
  fireAt: number;
  doneAt: number;
  sms: boolean;
}

interface SweepRun {
  loop: 'minute' | 'deep';
  at: number;
  virtualMs: number;
  realMs: number;
  requests: number;
  result: SweepResult;
}

export async function simulateChainDay(options: SimulationOptions): Promise<SimulationFigures> {
  const branches = options.branches;
  const ordersPerDay = options.ordersPerDay;
  const quota = options.smsPerSecond ?? defaultPolicy.sms.perSecond;
  const model = options.model ?? { branches: 500, ordersPerDay: 100 };
  const random = mulberry32(options.seed ?? 14);
  const realStart = performance.now();
  const sweepers = options.sweepers ?? dutyShards;
  if (!Number.isInteger(sweepers) || sweepers < 1 || sweepers > dutyShards) {
    throw new RangeError(`sweepers must be a whole number from 1 to ${dutyShards} (the due-index shards)`);
  }
  const [fromHour, toHour] = options.hours ?? [0, 24];
  // On whole minutes, as the schedules fire.
  const windowStart = dayStart + Math.round(fromHour * 60) * minute;
  const windowEnd = dayStart + Math.round(toHour * 60) * minute;
  const print = options.print ?? true;
  // R-SELF-1: the pickup and delay notices and the reminders carry a self-service link, minted with
  // the link secret, as the local runtime does (without one every such SMS failed and died).
  process.env.LINK_SECRET ||= randomBytes(32).toString('hex');
  const say = (line: string) => {
    if (print) console.log(line);
  };
  say(
    `\nSimulated chain day (${simDate}, ${branches} branches × ${ordersPerDay} orders, SMS quota ${quota}/s, ${sweepers} sweeper(s), seed ${options.seed ?? 14})`,
  );

  // ---- the virtual clock ---------------------------------------------------------------------
  // Actions run at their own instant; each sweeper process has a clock of its own that runs with
  // real time from its run's start plus its pacer's waits (skipped, not slept).
  const actionTime = new AsyncLocalStorage<number>();
  interface Process {
    base: number;
    since: number;
    pacer?: ReturnType<typeof createSharedPacer>;
    /** The sweeper's requests: runs of several sweepers overlap, a global count would mix them. */
    requests: number;
  }
  const inProcess = new AsyncLocalStorage<Process>();
  const processNow = (p: Process) => p.base + (performance.now() - p.since);
  let idleNow = dayStart;
  const previousClock = clock();
  setClock({
    now: () => {
      const p = inProcess.getStore();
      return new Date(actionTime.getStore() ?? (p ? processNow(p) : idleNow));
    },
  });
  const at = <T>(time: number, step: () => Promise<T>) => actionTime.run(time, step);
  const pacerClock = (p: Process): PacerClock => ({
    now: () => new Date(processNow(p)),
    sleep: async (ms) => {
      p.base += ms;
    },
  });
  // When each SMS left: the start of its send slot, the instant the shared pacer releases it
  // (never later, shared/duty-engine/send-slots.ts). Actions send none (only the sweeper may).
  const sent: number[] = [];
  setSmsSender({
    send: async () => {
      const pacer = inProcess.getStore()?.pacer;
      sent.push(pacer ? await pacer.acquireSlot() : clock().now().getTime());
      return { providerMessageId: ulid() };
    },
  });
  const logLevel = logger.getLevelName();
  logger.setLogLevel('ERROR');

  // ---- DynamoDB Local and the request counter --------------------------------------------------
  const dynamo = options.endpoint
    ? { endpoint: options.endpoint, stop: async () => undefined }
    : await startLocal();
  try {
    const tableName = `simulate-${ulid()}`;
    await ensureTable(dynamo.endpoint, tableName);
    const store = createStore({ endpoint: dynamo.endpoint, tableName });
    setStore(store);
    let phase: 'actions' | 'sweep' = 'actions';
    const kindOf = new AsyncLocalStorage<string>();
    const counts = { actions: 0, sweep: 0 };
    let slotPuts = 0;
    const sweepByCommand = new Map<string, number>();
    const sweepByKind = new Map<string, number>();
    store.doc.middlewareStack.add(
      (next, context) => async (args) => {
        counts[phase]++;
        if (phase === 'sweep') {
          const name = String(context.commandName ?? 'unknown').replace(/Command$/, '');
          sweepByCommand.set(name, (sweepByCommand.get(name) ?? 0) + 1);
          const kind = kindOf.getStore() ?? '(engine: query, claim, outcome)';
          sweepByKind.set(kind, (sweepByKind.get(kind) ?? 0) + 1);
          const pk = (args.input as { Item?: { pk?: unknown } }).Item?.pk;
          if (String((pk as { S?: unknown } | undefined)?.S ?? pk).startsWith('SMS-SLOT#')) slotPuts++;
          const p = inProcess.getStore();
          if (p) p.requests++;
        }
        return next(args);
      },
      { step: 'initialize', name: 'simulateCount' },
    );

    // ---- the performers, timed -------------------------------------------------------------------
    const fired: Fired[] = [];
    const performed = new Map<string, number>();
    // Attempts that threw (not a quiet-hours deferral): retried, or dead after the policy's attempts.
    const performerErrors = new Map<string, { count: number; example: string }>();
    const real = dutyPerformers(store);
    const performers: Performers = Object.fromEntries(
      Object.entries(real).map(([kind, perform]) => [
        kind,
        async (duty: Duty, context: Parameters<typeof perform>[1]) => {
          performed.set(kind, (performed.get(kind) ?? 0) + 1);
          const outcome = await kindOf
            .run(kind, () => perform(duty, context))
            .catch((error: unknown) => {
              if (!(error instanceof DeferDuty)) {
                const seen = performerErrors.get(kind) ?? { count: 0, example: String(error).slice(0, 160) };
                seen.count++;
                performerErrors.set(kind, seen);
              }
              throw error;
            });
          const result = (outcome as { result?: { letter?: { status?: string } } } | undefined)?.result;
          fired.push({
            kind,
            fireAt: Date.parse(duty.fireAt),
            doneAt: clock().now().getTime(),
            sms: result?.letter?.status === 'sent',
          });
          return outcome;
        },
      ]),
    );

    // ---- the chain -------------------------------------------------------------------------------
    const admin: Actor = {
      staffId: 'SIM',
      login: 'sim',
      name: 'Simulation',
      roles: ['admin'],
      branches: '*',
    };
    const roles: [string, Role][] = [
      ['advisor', 'advisor'],
      ['dispatcher', 'dispatcher'],
      ['team1', 'team-lead'],
      ['team2', 'team-lead'],
      ['inspector', 'inspector'],
      ['cashier', 'cashier'],
      ['followup', 'follow-up'],
      ['supervisor', 'supervisor'],
    ];
    const setupStart = performance.now();
    const chain: { id: string; branch: CreateBranch; staff: Map<string, Actor> }[] = [];
    await at(local(eve, '07:00'), async () => {
      for (let b = 0; b < branches; b += 10) {
        await Promise.all(
          Array.from({ length: Math.min(10, branches - b) }, async (_, i) => {
            const id = `B${String(b + i).padStart(3, '0')}`;
            const branch = branchInput(id);
            await createBranch(store, branch, admin);
            const staff = new Map<string, Actor>();
            for (const [suffix, role] of roles) {
              const hired = await createStaff(
                store,
                {
                  login: `${id.toLowerCase()}.${suffix}`,
                  name: `${suffix} ${id}`,
                  roles: [role],
                  branches: [id],
                  status: 'regular',
                },
                admin,
              );
              staff.set(suffix, {
                staffId: hired.id,
                login: hired.login,
                name: hired.name,
                roles: hired.roles,
                branches: hired.branches,
              });
            }
            chain[b + i] = { id, branch, staff };
          }),
        );
      }
    });
    say(
      `  setup: ${branches} branches and ${branches * roles.length} staff in ${fmt(performance.now() - setupStart)} (real)`,
    );

    // ---- what each branch does -------------------------------------------------------------------
    const timeline = new Timeline();
    /** The instant each notice announces (a promise, an appointment), by subject id. */
    const announces = new Map<string, number>();
    const phones = { n: 0 };
    const person = async (b: number, branchId: string, advisor: Actor, followUp: string, extra = {}) => {
      const n = phones.n++;
      const customer = await createCustomer(
        store,
        branchId,
        {
          name: `客户${n}`,
          phones: [
            {
              number: `139${String(b).padStart(3, '0')}${String(n % 100_000).padStart(5, '0')}`,
              label: 'mobile',
            },
          ],
          followUpAgentId: followUp,
        },
        advisor,
      );
      const vehicle = await createVehicle(
        store,
        branchId,
        customer.id,
        {
          plate: `粤B${(b * 100_000 + n).toString(36).toUpperCase().padStart(5, '0')}`,
          model: 'Toyota Corolla',
          vehicleType: 'car',
          odometerKm: 40_000 + n,
          ...extra,
        },
        advisor,
      );
      return { customer, vehicle };
    };

    /** One repair order through the real actions, each step at its own instant. */
    const orderLife = async (
      b: number,
      unit: (typeof chain)[number],
      arrival: number,
      jobMs: number,
      answerCheck: boolean,
    ) => {
      const who = (role: string) => unit.staff.get(role) as Actor;
      const advisor = who('advisor');
      const branchId = unit.id;
      await timeline.until(arrival);
      const owner = await at(arrival, () => person(b, branchId, advisor, who('followup').staffId));
      await timeline.until(arrival + 10 * minute);
      const estimate = await at(arrival + 10 * minute, () =>
        createEstimate(
          store,
          branchId,
          createEstimateBody.parse({
            customerId: owner.customer.id,
            vehicleId: owner.vehicle.id,
            pricingMethod: 'system',
            lines: [
              { kind: 'labour', description: '更换前刹车片', system: 'brakes', hours: 1.5, rate: 18_000 },
              {
                kind: 'part',
                description: '前刹车片',
                system: 'brakes',
                quantity: 1,
                unitPrice: 42_000,
                supplier: 'shop',
                grade: 'oem',
                availability: 'in_stock',
              },
            ],
          }),
          advisor,
        ),
      );
      const start = arrival + 40 * minute;
      await timeline.until(arrival + 20 * minute);
      const promise = nextOpening(new Date(start + jobMs), openingHoursOf(unit.branch)).getTime();
      const make = (promisedAt: string) =>
        at(arrival + 20 * minute, () =>
          createOrder(
            store,
            branchId,
            createOrderBody.parse({ estimateId: estimate.id, promisedAt }),
            advisor,
          ),
        );
      const made = await make(new Date(promise).toISOString()).catch((error: unknown) => {
        const earliest = error instanceof RuleViolationError ? error.extensions.earliestPromise : undefined;
        if (typeof earliest !== 'string') throw error;
        return make(earliest);
      });
      announces.set(made.id, Date.parse(made.promisedAt));
      const ref = { branchId, orderId: made.id };
      let order: Order = await at(arrival + 20 * minute, () =>
        confirmOrder(
          store,
          ref,
          confirmOrderBody.parse({ version: made.version, by: owner.customer.name, method: 'signature' }),
          advisor,
        ),
      );
      await timeline.until(arrival + 30 * minute);
      order = await at(arrival + 30 * minute, () =>
        recordHandover(
          store,
          ref,
          recordHandoverBody.parse({
            version: order.version,
            documents: [{ name: 'Vehicle licence', present: true }],
            belongings: [],
            belongingsConfirmedBy: owner.customer.name,
            keyTag: `K-${made.id.slice(-6)}`,
            keySlot: `S-${made.id.slice(-8)}`,
            fuelLevel: 4,
            // 100 km past the car's last reading (the vehicle's odometer is 40,000 + its number):
            // a fixed 40,100 was below it for most cars, and R-RO-3 refused their handover.
            odometerKm: (owner.vehicle.odometerKm ?? 40_000) + 100,
          }),
          advisor,
        ),
      );
      await timeline.until(start);
      order = await at(start, () =>
        transferOrder(
          store,
          ref,
          transferOrderBody.parse({
            version: order.version,
            washed: true,
            receivedBy: who('dispatcher').staffId,
            mode: 'single_team',
          }),
          advisor,
        ),
      );
      const promisedAt = Date.parse(order.promisedAt);
      // R-PRG-1: most checks are answered in their window; the rest escalate at 80 %.
      const checkId = orderDuties(order).progressCheck;
      if (checkId && answerCheck) {
        const check = await at(start, () => getDuty(store, branchId, checkId));
        const openAt = Date.parse(check.openAt);
        const answerAt = openAt + (Date.parse(check.dueAt) - openAt) * 0.5;
        if (answerAt < dayEnd) {
          await timeline.until(answerAt);
          await at(answerAt, async () =>
            completeDuty(store, {
              branchId,
              dutyId: check.id,
              version: (await getDuty(store, branchId, check.id)).version,
              result: { expectedFinish: order.promisedAt, note: 'On schedule' },
              actor: who('dispatcher'),
              completions: dutyCompletions(store),
            }),
          );
        }
      }
      // Finished, settled and gone the same day when the promise is today.
      if (promisedAt + hour > dayEnd) return;
      const lead = order.teams[0];
      const team = [who('team1'), who('team2')].find((a) => a.staffId === lead?.teamId) ?? who('team1');
      const step = async <T>(time: number, run: () => Promise<T>) => {
        await timeline.until(time);
        return at(time, run);
      };
      const done = Math.max(start + 10 * minute, promisedAt - 90 * minute);
      order = await step(done, () =>
        completeWork(store, ref, completeWorkBody.parse({ version: order.version }), team),
      );
      order = await step(done + 5 * minute, () =>
        passInspection(
          store,
          branchId,
          made.id,
          passInspectionBody.parse({ version: order.version, assembliesInspected: 1, recordComplete: true }),
          who('inspector'),
        ),
      );
      order = await step(done + 10 * minute, () =>
        preparePickup(
          store,
          branchId,
          made.id,
          preparePickupBody.parse({
            version: order.version,
            cleaned: true,
            belongingsChecked: true,
            billsCollected: true,
          }),
          advisor,
        ),
      );
      const pickup = promisedAt + random() * hour;
      order = await step(pickup, async () => {
        const settled = await settle(
          store,
          branchId,
          made.id,
          settleBody.parse({ version: order.version }),
          who('cashier'),
        );
        return recordPayment(
          store,
          branchId,
          made.id,
          recordPaymentBody.parse({
            version: settled.version,
            amount: settled.settlement?.amountDue,
            method: 'wechat_pay',
          }),
          who('cashier'),
        );
      });
      await step(pickup + 5 * minute, () =>
        exitOrder(
          store,
          branchId,
          made.id,
          exitBody.parse({
            version: order.version,
            documentsHandedOver: [...exitDocuments],
            customerConfirmedBy: order.customerName,
            belongingsChecked: true,
          }),
          advisor,
        ),
      );
    };

    // Per branch: today's orders by the curve (70 % same-day jobs of 2-5 h, 20 % promised for
    // tomorrow, 10 % long jobs); yesterday's cars promised this morning (their pickup notices are
    // part of the morning); appointments booked yesterday for tomorrow (their 24 h reminders fire
    // today) and cars whose maintenance falls due in 14 days (their reminders go at 10:00 today).
    const plan = { orders: 0, carried: 0, appointments: 0, maintenance: 0 };
    const slots = ['08:30', '09:30', '10:30', '11:30', '13:30', '14:30', '15:30', '16:30'];
    for (const [b, unit] of chain.entries()) {
      const advisor = unit.staff.get('advisor') as Actor;
      const followUp = (unit.staff.get('followup') as Actor).staffId;
      for (let i = 0; i < ordersPerDay; i++) {
        let pick = random();
        let startHour = 8.5;
        let width = 0.5;
        for (const [h, share] of arrivalCurve) {
          startHour = h;
          width = h === 8.5 ? 0.5 : 1;
          if (pick < share) break;
          pick -= share;
        }
        const arrival = dayStart + (startHour + random() * width) * hour;
        const kind = random();
        const jobMs = kind < 0.7 ? (2 + random() * 3) * hour : kind < 0.9 ? 20 * hour : 52 * hour;
        timeline.spawn('order', () => orderLife(b, unit, arrival, jobMs, random() < 0.9));
        plan.orders++;
      }
      // Yesterday's cars promised for 09:00-12:00 today: received yesterday afternoon.
      for (let i = 0; i < Math.round(ordersPerDay * 0.2); i++) {
        const arrival = local(eve, '13:00') + random() * 3 * hour;
        const promise = local(simDate, '09:00') + random() * 3 * hour;
        timeline.spawn('carried order', () =>
          orderLife(b, unit, arrival, promise - arrival - 40 * minute, true),
        );
        plan.carried++;
      }
      for (let i = 0; i < Math.round(ordersPerDay * 0.3); i++) {
        const bookedAt = local(eve, '10:00') + random() * 6 * hour;
        // Mornings fill first.
        const slot =
          slots[Math.min(slots.length - 1, Math.floor(random() * random() * slots.length))] ?? '08:30';
        const startAt = localWallTime(addDays(simDate, 1), slot, zone);
        timeline.spawn('appointment', async () => {
          await timeline.until(bookedAt);
          await at(bookedAt, async () => {
            const owner = await person(b, unit.id, advisor, followUp);
            const booked = await bookAppointment(
              store,
              unit.id,
              {
                customerId: owner.customer.id,
                vehicleId: owner.vehicle.id,
                origin: 'customer_request',
                purpose: 'maintenance',
                startAt,
                durationMinutes: 60,
                work: '小保养',
                confirmation: { by: owner.customer.name, method: 'phone' },
              },
              advisor,
            );
            announces.set(booked.id, Date.parse(startAt));
          });
        });
        plan.appointments++;
      }
      for (let i = 0; i < Math.round(ordersPerDay * 0.3); i++) {
        const filedAt = local(eve, '11:00') + random() * 5 * hour;
        timeline.spawn('maintenance car', async () => {
          await timeline.until(filedAt);
          await at(filedAt, () =>
            person(b, unit.id, advisor, followUp, {
              nextMaintenanceDate: addDays(simDate, defaultPolicy.reminders.maintenanceLeadDays),
              maintenanceCycle: { months: 6 },
            }),
          );
        });
        plan.maintenance++;
      }
    }
    const eveStart = performance.now();
    await timeline.runUntil(dayStart - 1);
    say(
      `  the eve: ${plan.carried} cars received, ${plan.appointments} appointments booked for tomorrow, ${plan.maintenance} cars filed due for maintenance, in ${fmt(performance.now() - eveStart)} (real)`,
    );

    // ---- the day -------------------------------------------------------------------------------------
    const runs: SweepRun[] = [];
    // One process per sweeper and one for the deep sweep, kept across runs as a warm Lambda keeps
    // its pacer; all share the quota through the table, as the sweeper Lambda does.
    const processes: Process[] = Array.from({ length: sweepers }, () => ({
      base: windowStart,
      since: 0,
      requests: 0,
    }));
    const deepProcess: Process = { base: windowStart, since: 0, requests: 0 };
    for (const p of [...processes, deepProcess]) {
      p.pacer = createSharedPacer({ store, perSecond: quota, clock: pacerClock(p) });
    }
    const concurrency = concurrencyWithinReserve(quota, sweepers + 1);
    const shardsOf = (i: number) =>
      Array.from({ length: dutyShards }, (_, s) => s).filter((s) => s % sweepers === i);
    const runSweep = (loop: SweepRun['loop'], now: number, p: Process, shards?: number[]) =>
      inProcess.run(p, async () => {
        p.base = now;
        const realAt = performance.now();
        p.since = realAt;
        const before = p.requests;
        const result = await sweep({
          store,
          performers,
          now: new Date(now),
          ...(loop === 'deep' ? { lookbackHours: deepSweepLookbackHours } : {}),
          ...(shards ? { shards } : {}),
          concurrency,
          // The Lambda's 120 s timeout, in the run's own clock.
          timeLeftMs: () => 120_000 - (processNow(p) - now),
        });
        const end = processNow(p);
        runs.push({
          loop,
          at: now,
          virtualMs: end - now,
          realMs: performance.now() - realAt,
          requests: p.requests - before,
          result,
        });
        return end;
      });
    const dayReal = performance.now();
    let t = windowStart;
    // The deep sweep runs at each whole hour of the window (a window that starts within an hour
    // waits for the next).
    let lastDeepHour = (windowStart - dayStart) % hour === 0 ? -1 : localHour(windowStart);
    while (t < windowEnd) {
      await timeline.runUntil(t);
      phase = 'sweep';
      const ends = await Promise.all(
        processes.map((p, i) => runSweep('minute', t, p, sweepers > 1 ? shardsOf(i) : undefined)),
      );
      let end = Math.max(...ends);
      const h = localHour(t);
      if (h !== lastDeepHour) {
        lastDeepHour = h;
        // Progress, on the terminal only: a day takes minutes.
        if (process.stderr.isTTY)
          process.stderr.write(
            `  ${String(h).padStart(2, '0')}:00 local, ${fmt(performance.now() - dayReal)} in\r`,
          );
        end = Math.max(end, await runSweep('deep', t, deepProcess));
      }
      phase = 'actions';
      idleNow = end;
      // The schedule fires every minute; a run still going delays the next (reserved concurrency).
      t = Math.max(t + minute, Math.ceil(end / 1000) * 1000);
    }
    if (windowEnd >= dayEnd) await timeline.runUntil(dayEnd + hour);
    const dayRealMs = performance.now() - dayReal;
    const figures = headline({
      sweepers,
      quota,
      runs,
      fired,
      sent,
      windowStart,
      slotPuts,
      engine: sweepByKind.get('(engine: query, claim, outcome)') ?? 0,
      realMs: performance.now() - realStart,
      windowRealMs: dayRealMs,
    });
    if (!print) return figures;

    // ---- created duties (a Scan: this is a benchmark, not a request path) ------------------------------
    const created = new Map<string, number[]>();
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await store.doc.send(
        new ScanCommand({
          TableName: tableName,
          FilterExpression: '#t = :duty',
          ExpressionAttributeNames: { '#t': 'type' },
          ExpressionAttributeValues: { ':duty': 'duty' },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const createdAt = Date.parse(String(item.createdAt));
        if (createdAt < dayStart || createdAt >= dayEnd) continue;
        const h = localHour(createdAt);
        const row = created.get(String(item.kind)) ?? Array(24).fill(0);
        row[h]++;
        created.set(String(item.kind), row);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);

    report({
      options: { branches, ordersPerDay, quota, model },
      plan,
      runs,
      fired,
      sent,
      created,
      sweepByCommand,
      sweepByKind,
      performed,
      counts,
      announces,
      failures: timeline.failures,
      performerErrors,
      dayRealMs,
      totalRealMs: performance.now() - realStart,
      figures,
      windowStart,
    });
    return figures;
  } finally {
    setClock(previousClock);
    logger.setLogLevel(logLevel as 'INFO');
    await dynamo.stop();
  }
}

interface ReportInput {
  options: {
    branches: number;
    ordersPerDay: number;
    quota: number;
    model: { branches: number; ordersPerDay: number };
  };
  plan: { orders: number; carried: number; appointments: number; maintenance: number };
  runs: SweepRun[];
  fired: Fired[];
  sent: number[];
  created: Map<string, number[]>;
  sweepByCommand: Map<string, number>;
  sweepByKind: Map<string, number>;
  performed: Map<string, number>;
  counts: { actions: number; sweep: number };
  announces: Map<string, number>;
  failures: Map<string, { count: number; example: string }>;
  performerErrors: Map<string, { count: number; example: string }>;
  dayRealMs: number;
  totalRealMs: number;
  figures: SimulationFigures;
  windowStart: number;
}

/** The most messages in any one-second window. */
function busiestSecond(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while ((sorted[i] ?? 0) - (sorted[j] ?? 0) >= 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

function headline(input: {
  sweepers: number;
  quota: number;
  runs: SweepRun[];
  fired: Fired[];
  sent: number[];
  windowStart: number;
  slotPuts: number;
  engine: number;
  realMs: number;
  windowRealMs: number;
}): SimulationFigures {
  const { runs } = input;
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const claimed = sum(runs.map((r) => r.result.claimed));
  const queries = sum(runs.map((r) => r.result.queries));
  const requests = sum(runs.map((r) => r.requests));
  // The minute's runs of all sweepers together, in minutes when none claimed anything.
  const byMinute = new Map<number, SweepRun[]>();
  for (const r of runs.filter((x) => x.loop === 'minute'))
    byMinute.set(r.at, [...(byMinute.get(r.at) ?? []), r]);
  const idle = [...byMinute.values()].filter((rs) => rs.every((r) => r.result.claimed === 0));
  const lags = input.fired
    .filter((f) => f.fireAt >= input.windowStart)
    .map((f) => f.doneAt - f.fireAt)
    .sort((a, b) => a - b);
  return {
    sweepers: input.sweepers,
    quota: input.quota,
    runs: runs.length,
    claimed,
    sms: input.sent.length,
    idleRequestsPerMinute: idle.length
      ? sum(idle.map((rs) => sum(rs.map((r) => r.requests)))) / idle.length
      : Number.NaN,
    fixedQueries: 4 * dutyShards,
    requestsPerDueDuty: claimed ? (requests - queries) / claimed : Number.NaN,
    engineRequestsPerDuty: claimed ? (input.engine - queries) / claimed : Number.NaN,
    slotPutsPerSms: input.sent.length ? input.slotPuts / input.sent.length : Number.NaN,
    lagP50Ms: quantile(lags, 0.5),
    lagP99Ms: quantile(lags, 0.99),
    lagMaxMs: lags.at(-1) ?? Number.NaN,
    lagSample: lags.length,
    maxSmsPerSecond: busiestSecond(input.sent),
    realMs: input.realMs,
    windowRealMs: input.windowRealMs,
  };
}

/** A FIFO queue of messages due at `due` (sorted) sent at `perSecond`: each one's send time. */
function drain(due: readonly number[], perSecond: number): number[] {
  const gap = 1000 / perSecond;
  const out: number[] = [];
  let free = Number.NEGATIVE_INFINITY;
  for (const d of due) {
    free = Math.max(d, free + gap);
    out.push(free);
  }
  return out;
}

function report(input: ReportInput): void {
  const { options, runs, fired, sent, created } = input;
  const { quota, model } = options;
  const scale = (model.branches * model.ordersPerDay) / (options.branches * options.ordersPerDay);
  console.log(
    `  the day: ${input.plan.orders} orders arrived; ${runs.length} sweeps; ${fmt(input.dayRealMs)} real for the swept hours (whole run ${fmt(input.totalRealMs)})`,
  );
  if (input.failures.size > 0) {
    console.log('  actions refused (the simulation goes on without them):');
    for (const [key, f] of input.failures) console.log(`    ${f.count} × ${key}  e.g. ${f.example}`);
  }
  if (input.performerErrors.size > 0) {
    console.log('  duty attempts that failed (retried, or dead after the last attempt):');
    for (const [kind, f] of input.performerErrors) console.log(`    ${f.count} × ${kind}  e.g. ${f.example}`);
  }

  // Duties created and fired per hour.
  const firedByKind = new Map<string, number[]>();
  for (const f of fired) {
    const row = firedByKind.get(f.kind) ?? Array(24).fill(0);
    const h = localHour(f.doneAt);
    if (h >= 0 && h < 24) row[h]++;
    firedByKind.set(f.kind, row);
  }
  const hours = Array.from({ length: 24 }, (_, h) => h);
  const cell = (n: number) => String(n).padStart(5);
  console.log('\n  Duties created (c) and fired (f) per local hour');
  console.log(`    ${'hour'.padEnd(26)}${hours.map((h) => cell(h)).join('')}  total`);
  const kinds = [...new Set([...created.keys(), ...firedByKind.keys()])].sort();
  const totals = { c: Array(24).fill(0) as number[], f: Array(24).fill(0) as number[] };
  for (const kind of kinds) {
    for (const [tag, map, sum] of [
      ['c', created, totals.c],
      ['f', firedByKind, totals.f],
    ] as const) {
      const row = map.get(kind);
      if (!row) continue;
      row.forEach((n, h) => {
        sum[h] = (sum[h] ?? 0) + n;
      });
      console.log(
        `    ${`${kind} ${tag}`.padEnd(26)}${row.map(cell).join('')}  ${row.reduce((a, b) => a + b, 0)}`,
      );
    }
  }
  console.log(
    `    ${'all c'.padEnd(26)}${totals.c.map(cell).join('')}  ${totals.c.reduce((a, b) => a + b, 0)}`,
  );
  console.log(
    `    ${'all f'.padEnd(26)}${totals.f.map(cell).join('')}  ${totals.f.reduce((a, b) => a + b, 0)}`,
  );

  // Requests.
  const minuteRuns = runs.filter((r) => r.loop === 'minute');
  const deepRuns = runs.filter((r) => r.loop === 'deep');
  const busy = runs.filter((r) => r.result.claimed > 0);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const claimed = sum(runs.map((r) => r.result.claimed));
  const sweepRequests = sum(runs.map((r) => r.requests));
  const queries = sum(runs.map((r) => r.result.queries));
  // An idle minute: every sweeper's run of that minute claimed nothing.
  const idleRequests = input.figures.idleRequestsPerMinute;
  const fixedQueries = 4 * dutyShards;
  const perDuty = claimed ? (sweepRequests - sum(runs.map((r) => r.result.queries))) / claimed : Number.NaN;
  console.log("\n  The sweeper's DynamoDB requests");
  console.log(
    `    per minute (all ${input.figures.sweepers} sweeper(s)): idle ${idleRequests.toFixed(1)} (target: the ${fixedQueries} Queries of 4 hour buckets × ${dutyShards} shards, ${ratio(idleRequests, fixedQueries)}); busiest run ${Math.max(...minuteRuns.map((r) => r.requests))}; deep sweep (hourly) ${deepRuns.length ? (sum(deepRuns.map((r) => r.requests)) / deepRuns.length).toFixed(0) : 'n/a'} (49 h × ${dutyShards} shards = ${49 * dutyShards})`,
  );
  console.log(
    `    per due duty: ${perDuty.toFixed(2)} requests besides the Queries (${claimed} duties claimed; Queries ${queries} in ${runs.length} runs)`,
  );
  const engine = input.sweepByKind.get('(engine: query, claim, outcome)') ?? 0;
  console.log(
    `      engine: ${((engine - queries) / claimed).toFixed(2)} a duty (claim and outcome; target 2: ${ratio((engine - queries) / claimed, 2)})`,
  );
  for (const [kind, n] of input.sweepByKind) {
    if (kind.startsWith('(')) continue;
    const count = input.performed.get(kind) ?? 0;
    console.log(`      ${kind}: ${(count ? n / count : 0).toFixed(2)} a duty (${count} performed)`);
  }
  console.log(
    `      the shared SMS pace: ${input.figures.slotPutsPerSms.toFixed(2)} conditional puts an SMS (target 1: ${ratio(input.figures.slotPutsPerSms, 1)}; above 1, slots another sweeper took first)`,
  );
  console.log(
    `      by command: ${[...input.sweepByCommand].map(([c, n]) => `${c} ${n}`).join(', ')}; the actions sent ${input.counts.actions}`,
  );

  // Fire lag, of the duties due in the swept window (before it nothing swept: the eve's duties,
  // and a shorter window's night and early morning, fire at its first run).
  const eveDuties = fired.filter((f) => f.fireAt < input.windowStart).length;
  const today = fired.filter((f) => f.fireAt >= input.windowStart);
  const lags = today.map((f) => f.doneAt - f.fireAt).sort((a, b) => a - b);
  const lagOf = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return `p50 ${fmt(quantile(s, 0.5))}, p99 ${fmt(quantile(s, 0.99))}, max ${fmt(s.at(-1) ?? Number.NaN)}`;
  };
  console.log("\n  Fire lag (virtual time from a duty's fireAt to its performer done; target 60 s)");
  console.log(
    `    all ${today.length}: ${lagOf(lags)}  (p99 ${ratio(quantile(lags, 0.99), 60_000)} of target; ${eveDuties} due before the swept window left out)`,
  );
  console.log(`    SMS duties: ${lagOf(today.filter((f) => f.sms).map((f) => f.doneAt - f.fireAt))}`);
  console.log(`    other duties: ${lagOf(today.filter((f) => !f.sms).map((f) => f.doneAt - f.fireAt))}`);
  const realMs = minuteRuns.map((r) => r.realMs).sort((a, b) => a - b);
  const busyReal = busy.map((r) => r.realMs);
  console.log(
    `    real time per minute run (this machine, DynamoDB Local): p50 ${fmt(quantile(realMs, 0.5))}, p99 ${fmt(quantile(realMs, 0.99))}, max ${fmt(realMs.at(-1) ?? Number.NaN)}; virtual (with the pacer's waits) max ${fmt(Math.max(...runs.map((r) => r.virtualMs)))}`,
  );
  const realPerDuty = claimed ? sum(busyReal) / sum(busy.map((r) => r.result.claimed)) : Number.NaN;
  console.log(`    real time per duty in busy runs: ${realPerDuty.toFixed(1)} ms (8 performed at once)`);

  // SMS rate.
  sent.sort((a, b) => a - b);
  let maxWindow = 0;
  for (let i = 0, j = 0; i < sent.length; i++) {
    while ((sent[i] ?? 0) - (sent[j] ?? 0) >= 1000) j++;
    maxWindow = Math.max(maxWindow, i - j + 1);
  }
  const smsHours = hours.map((h) => sent.filter((s) => localHour(s) === h).length);
  console.log('\n  SMS sent');
  console.log(`    per hour ${smsHours.map(cell).join('')}  total ${sent.length}`);
  console.log(
    `    most in any 1 s window: ${maxWindow} against the quota of ${quota}/s (${ratio(maxWindow, quota)}; target ≤ 1.00x); busiest hour ${(Math.max(...smsHours) / 3600).toFixed(2)}/s on average`,
  );

  // Bursts: what the SMS duties' times ask of the account, FIFO at a given rate.
  const smsDue = fired
    .filter((f) => f.sms)
    .map((f) => ({ kind: f.kind, due: f.fireAt }))
    .sort((a, b) => a.due - b.due);
  const leadOf = new Map<string, number>([
    ['maintenance-reminder', defaultPolicy.reminders.maintenanceLeadDays * 24 * hour],
    ['appointment-reminder', defaultPolicy.appointment.reminderLeadHours * hour],
    ['pickup-notice', defaultPolicy.pickup.shortJobLeadMinutes * minute],
  ]);
  const burst = (due: { kind: string; due: number }[], rate: number) => {
    const times = due.map((d) => d.due);
    const sends = drain(times, rate);
    // The worst busy period: from a message due with an empty queue to the queue empty again.
    let worst = { from: 0, to: 0, count: 0 };
    let from = 0;
    for (let i = 0; i < sends.length; i++) {
      if (i === 0 || (times[i] ?? 0) >= (sends[i - 1] ?? 0) + 1000 / rate) from = i;
      const length = (sends[i] ?? 0) - (times[from] ?? 0);
      if (length > worst.to - worst.from)
        worst = { from: times[from] ?? 0, to: sends[i] ?? 0, count: i - from + 1 };
    }
    const late = new Map<string, number>();
    for (const [i, d] of due.entries()) {
      const lead = leadOf.get(d.kind);
      if (lead !== undefined && (sends[i] ?? 0) - d.due > lead) late.set(d.kind, (late.get(d.kind) ?? 0) + 1);
    }
    const waits = sends.map((s, i) => s - (times[i] ?? 0)).sort((a, b) => a - b);
    return { worst, late, waitP99: quantile(waits, 0.99), waitMax: waits.at(-1) ?? 0 };
  };
  const scaled = (factor: number) => {
    const out: { kind: string; due: number }[] = [];
    const whole = Math.floor(factor);
    for (const d of smsDue)
      for (let k = 0; k < whole + (Math.random() < factor - whole ? 1 : 0); k++) out.push(d);
    return out;
  };
  const atModel = scaled(scale);
  const hhmm = (ms: number) => {
    const m = Math.round((ms - dayStart) / minute);
    return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  };
  console.log(
    `\n  The worst SMS burst, drained first in first out (measured SMS due times; ×${scale.toFixed(0)} for ${model.branches} branches × ${model.ordersPerDay} orders)`,
  );
  for (const [label, due] of [
    [`here (${smsDue.length} SMS)`, smsDue],
    [`${model.branches} branches (${atModel.length} SMS)`, atModel],
  ] as const) {
    console.log(`    ${label}`);
    for (const rate of [1, 10, 100]) {
      const b = burst([...due], rate);
      const late = [...b.late].map(([k, n]) => `${n} ${k}`).join(', ') || 'none';
      console.log(
        `      at ${String(rate).padStart(3)}/s: worst burst ${b.worst.count} SMS from ${hhmm(b.worst.from)}, drained in ${fmt(b.worst.to - b.worst.from)}; wait p99 ${fmt(b.waitP99)}, max ${fmt(b.waitMax)}; later than their lead time: ${late}`,
      );
    }
  }

  // The model.
  const peakMinute = new Map<number, number>();
  for (const f of fired) {
    const m = Math.floor(f.fireAt / minute);
    peakMinute.set(m, (peakMinute.get(m) ?? 0) + 1);
  }
  const peak = Math.max(...peakMinute.values()) * scale;
  const peakSms =
    Math.max(
      ...[...peakMinute.keys()].map(
        (m) => fired.filter((f) => f.sms && Math.floor(f.fireAt / minute) === m).length,
      ),
    ) * scale;
  const perDay = fired.length * scale;
  const busiestHour = Math.max(...totals.f) * scale;
  const awsMsPerRequest = 6;
  const concurrency = 8;
  const maxPerRun = 500;
  const dutyMsAws = perDuty * awsMsPerRequest;
  const engineMsPerMinute = ((busiestHour / 60) * dutyMsAws) / concurrency;
  const requestsPerMinute = fixedQueries + Math.ceil(busiestHour / 60 / 25) + (busiestHour / 60) * perDuty;
  const peakMinutesToClear = peak / maxPerRun;
  console.log(
    `\n  Model: ${model.branches} branches × ${model.ordersPerDay} orders a day (×${scale.toFixed(0)} the measured duties)`,
  );
  console.log(
    `    duties fired a day ${perDay.toFixed(0)}; busiest hour ${busiestHour.toFixed(0)} (${(busiestHour / 60).toFixed(0)} a minute); busiest minute ${peak.toFixed(0)} due at once, ${peakSms.toFixed(0)} of them SMS`,
  );
  console.log(
    `    DynamoDB requests per minute in the busiest hour: ${requestsPerMinute.toFixed(0)} (${fixedQueries} Queries + ${perDuty.toFixed(1)} a duty); ${((requestsPerMinute * 60 * 24) / 1e6).toFixed(2)}M a day at most`,
  );
  console.log(
    `    sweeper time per minute without SMS waits: ${fmt(engineMsPerMinute)} at ${awsMsPerRequest} ms a request in AWS, ${fmt((busiestHour / 60) * realPerDuty)} at this machine's ${realPerDuty.toFixed(1)} ms a duty (budget 60 s: ${ratio((busiestHour / 60) * realPerDuty, 60_000)})`,
  );
  console.log(
    `    the busiest minute's ${peak.toFixed(0)} duties: ${peakMinutesToClear.toFixed(1)} runs at ${maxPerRun} claims a run; their ${peakSms.toFixed(0)} SMS take ${fmt((peakSms / quota) * 1000)} at ${quota}/s, ${fmt((peakSms / 10) * 1000)} at 10/s, ${fmt((peakSms / 100) * 1000)} at 100/s`,
  );
  const runCapPerSecond = maxPerRun / 60;
  const keepsUp = (rate: number) => {
    const limit = Math.min(rate, runCapPerSecond, concurrency / ((dutyMsAws + 0) / 1000));
    return limit >= rate - 1e-9 ? 'the quota binds' : `the sweeper binds at ${limit.toFixed(1)}/s`;
  };
  console.log(
    `    one sweeper's SMS throughput: at most ${runCapPerSecond.toFixed(1)}/s by ${maxPerRun} claims a run, ${(concurrency / (dutyMsAws / 1000)).toFixed(0)}/s by ${concurrency} at once × ${fmt(dutyMsAws)} a duty; at 1/s ${keepsUp(1)}, at 10/s ${keepsUp(10)}, at 100/s ${keepsUp(100)}`,
  );
  const scaledOut = (dutyShards * maxPerRun) / 60;
  console.log(
    `    one sweeper per shard (${dutyShards} at once, each ${maxPerRun} claims a run, the quota shared through the table): at most ${scaledOut.toFixed(1)}/s by claims; the busiest minute's ${peak.toFixed(0)} duties in ${(peak / (dutyShards * maxPerRun)).toFixed(1)} runs; at 10/s ${Math.min(10, scaledOut) >= 10 ? 'the quota binds' : 'the sweepers bind'}, at 100/s ${scaledOut >= 100 ? 'the quota binds' : `the sweepers bind at ${scaledOut.toFixed(1)}/s`}`,
  );
}
