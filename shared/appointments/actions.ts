import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { ulid } from 'ulid';
import { customerPartition } from '../archive/store/customers';
import { policyOf } from '../branches/rules';
import type { Branch } from '../branches/schemas';
import { branchSettings } from '../branches/store';
import type { Duty } from '../duty-engine/schemas';
import { dutiesOfRecord } from '../duty-engine/store';
import type { Actor } from '../kernel/access';
import { ConflictError, InvalidTransitionError } from '../kernel/errors';
import { addDays } from '../kernel/local-time';
import { openingHoursOf } from '../kernel/opening-hours';
import { nextVersion, requireReadVersion } from '../kernel/versions';
import type { Store } from '../platform/dynamo/client';
import {
  type Idempotency,
  idempotencyStep,
  logEntryItem,
  putStep,
  type Step,
  stampNew,
  transact,
} from '../platform/dynamo/records';
import { clock } from '../platform/ports/clock';
import { visitFromAppointmentSteps } from '../reception/actions/visits';
import { requireVisitParties } from '../reception/rules/visit';
import type { Visit } from '../reception/schemas/visit';
import { visitPartiesOnFile } from '../reception/store/visits';
import { branchMembers } from '../staff/store';
import {
  bookingDutySteps,
  endingDutySteps,
  moveDutySteps,
  moveRequestStep,
  workshopContact,
} from './duties/schedule';
import {
  awaiting,
  bayChanges,
  checkArrivalDay,
  checkDeposit,
  daySlots,
  depositRequired,
  freeStarts,
  hhmm,
  highValueParts,
  noShowCheckAt,
  openState,
  requireAction,
  requireBays,
  slotFullError,
  slotSpan,
} from './rules';
import type { Appointment, BayDay, BookAppointment } from './schemas';
import { bookAppointmentBody } from './schemas';
import { appointmentUpdateStep, baySlotStep, baysHeld, getAppointment, newAppointmentStep } from './store';

/**
 * The use cases of appointments (R-APT-1..5): book, confirm, take the deposit, move, cancel,
 * check in, and the no-show the sweeper records. Each reads what it needs and writes one
 * transaction: the appointment (version-conditioned), the bays it takes or frees (R-APT-3), its
 * duties (R-X-3) and its entry on the customer's timeline (R-ARC-4).
 */
const staffRef = (actor: Pick<Actor, 'staffId' | 'name'>) => ({ staffId: actor.staffId, name: actor.name });

/** How many next free starts a full slot's 409 names, and how many days it looks ahead. */
const suggestions = 3;
const suggestionDays = 7;

function logStep(
  store: Store,
  appointment: Appointment,
  actor: Actor,
  action: string,
  summary: string,
  changes: string[],
  at: string,
): Step {
  return putStep(
    store,
    logEntryItem(
      {
        actor,
        action,
        subject: { kind: 'appointment', id: appointment.id },
        summary,
        changes,
        logPartition: customerPartition(appointment.branchId, appointment.customerId),
      },
      at,
    ),
  );
}

/**
 * R-APT-3: the next starts, from `after`, where `count` consecutive slots have a free bay: the
 * appointment's day and the following ones, one Query a day (only on the refusal path).
 */
async function nextFreeStarts(
  store: Store,
  branch: Branch,
  input: { date: string; count: number; after: Date; slotMinutes: number },
): Promise<string[]> {
  const hours = openingHoursOf(branch);
  const found: string[] = [];
  for (let i = 0; i < suggestionDays && found.length < suggestions; i++) {
    const date = addDays(input.date, i);
    const starts = daySlots(date, hours, input.slotMinutes);
    if (starts.length === 0) continue;
    const held = await baysHeld(store, branch.id, date);
    const free = freeStarts(
      starts,
      (s) => held.get(hhmm(s, hours.timeZone)) ?? 0,
      branch.bayCount,
      input.count,
      input.after,
      suggestions - found.length,
    );
    found.push(...free.map((s) => s.toISOString()));
  }
  return found;
}

/**
 * The bay steps of a change (R-APT-3): each slot item once, taking or freeing the net number of
 * bays. A full slot fails the whole transaction with a 409 that names the next free starts.
 */
function bayStepsFor(
  store: Store,
  branch: Branch,
  before: Pick<Appointment, 'localDate' | 'slots'> | undefined,
  after: Pick<Appointment, 'localDate' | 'slots' | 'startAt'> | undefined,
  slotMinutes: number,
): Step[] {
  const changes = bayChanges(
    before ? { date: before.localDate, slots: before.slots } : undefined,
    after ? { date: after.localDate, slots: after.slots } : undefined,
  );
  return changes.map((change) =>
    baySlotStep(store, {
      branchId: branch.id,
      ...change,
      bays: branch.bayCount,
      onFull: async () =>
        slotFullError(
          change.slot,
          change.date,
          after
            ? await nextFreeStarts(store, branch, {
                date: after.localDate,
                count: after.slots.length,
                after: new Date(Date.parse(after.startAt) - 1),
                slotMinutes,
              })
            : [],
        ),
    }),
  );
}

/**
 * Runs a transaction that takes bays. Under heavy contention DynamoDB cancels transactions on the
 * same slot item (TransactionConflict) even after the retries of `transact`: the answer is then
 * what the slot says now (full: 409 with the next free starts), never a 500.
 */
async function transactTakingBays(store: Store, steps: Step[], refusal: () => Promise<Error>): Promise<void> {
  try {
    await transact(store, steps);
  } catch (error) {
    if (error instanceof TransactionCanceledException) throw await refusal();
    throw error;
  }
}

/** R-APT-1: who confirmed and how, as recorded. */
const confirmationOf = (
  input: { by: string; method: NonNullable<Appointment['confirmation']>['method'] },
  at: string,
  actor: Actor,
) => ({
  by: input.by,
  method: input.method,
  at,
  recordedBy: staffRef(actor),
});

/**
 * R-APT-1..4: books an appointment. Reads the branch (cached), the customer and vehicle (one
 * consistent read) and the branch's staff (the workshop's contact) in parallel, then one
 * transaction: the appointment in its register, a bay in every slot it spans (R-APT-3), the
 * reminder (R-APT-4), the no-show check (R-APT-5), the workshop's notice (R-APT-3) and the
 * timeline entry.
 */
export async function bookAppointment(
  store: Store,
  branchId: string,
  input: BookAppointment,
  actor: Actor,
  idempotency?: Idempotency,
): Promise<Appointment> {
  const body = bookAppointmentBody.parse(input);
  const now = clock().now();
  const at = now.toISOString();
  const [branch, found, members] = await Promise.all([
    branchSettings(store, branchId),
    visitPartiesOnFile(store, branchId, body.customerId, body.vehicleId),
    branchMembers(store, branchId),
  ]);
  const { customer, vehicle } = requireVisitParties(branchId, body, found);
  if (!vehicle) throw new Error('unreachable: a vehicle was named');
  const policy = policyOf(branch);
  const rules = policy.appointment;
  requireBays(branch.bayCount);
  const startAt = new Date(body.startAt);
  const span = slotSpan({
    startAt,
    durationMinutes: body.durationMinutes,
    slotMinutes: rules.slotMinutes,
    hours: openingHoursOf(branch),
    now,
    bookAheadDays: rules.bookAheadDays,
  });
  const highValue = highValueParts(body.parts, rules.highValuePartMinor);
  const base = {
    id: ulid(now.getTime()),
    branchId,
    origin: body.origin,
    purpose: body.purpose,
    customerId: customer.id,
    customerName: customer.name,
    vehicleId: vehicle.id,
    plate: vehicle.plate,
    startAt: startAt.toISOString(),
    endAt: span.endAt.toISOString(),
    durationMinutes: body.durationMinutes,
    localDate: span.date,
    slots: span.slots,
    work: body.work,
    parts: body.parts,
    currency: branch.currency,
    highValueParts: highValue,
    depositRequired: depositRequired(highValue, rules.depositFraction),
    ...(body.confirmation ? { confirmation: confirmationOf(body.confirmation, at, actor) } : {}),
    moves: 0,
    noShowCheckAt: noShowCheckAt(startAt, rules.noShowGraceMinutes).toISOString(),
    duties: {},
    advisor: staffRef(actor),
    ...(body.notes ? { notes: body.notes } : {}),
    ...stampNew(actor, at),
  };
  const draft: Appointment = { ...base, state: openState(base), awaiting: awaiting(base) };
  const scheduled = bookingDutySteps(store, draft, {
    branch,
    policy,
    now,
    workshop: workshopContact(members, actor.staffId),
  });
  const appointment: Appointment = {
    ...draft,
    duties: scheduled.duties,
    ...(scheduled.reminderAt ? { reminderAt: scheduled.reminderAt } : {}),
  };
  const steps = [
    ...(idempotency ? [idempotencyStep(store, idempotency, appointment, at)] : []),
    newAppointmentStep(store, appointment),
    ...bayStepsFor(store, branch, undefined, appointment, rules.slotMinutes),
    ...scheduled.steps,
    logStep(
      store,
      appointment,
      actor,
      'appointment.booked',
      `Appointment for ${appointment.plate} on ${appointment.localDate} ${appointment.slots[0] ?? ''} (${appointment.durationMinutes} min): ${appointment.work.slice(0, 80)}; ${appointment.state}`,
      Object.keys(input).sort(),
      at,
    ),
  ];
  await transactTakingBays(store, steps, () => slotRefusal(store, branch, appointment, rules.slotMinutes));
  return appointment;
}

/** After contention: the slot's answer as it stands (full: the 409 with next free starts). */
async function slotRefusal(store: Store, branch: Branch, appointment: Appointment, slotMinutes: number) {
  const held = await baysHeld(store, branch.id, appointment.localDate);
  const full = appointment.slots.find((s) => (held.get(s) ?? 0) >= branch.bayCount);
  const next = await nextFreeStarts(store, branch, {
    date: appointment.localDate,
    count: appointment.slots.length,
    after: new Date(Date.parse(appointment.startAt) - 1),
    slotMinutes,
  });
  return slotFullError(full ?? appointment.slots[0] ?? '', appointment.localDate, next);
}

/** The appointment as read, checked for the action and the version the caller read (R-ACC-5). */
async function current(
  store: Store,
  ref: { branchId: string; appointmentId: string },
  action: Parameters<typeof requireAction>[1],
  version: number,
): Promise<Appointment> {
  const appointment = await getAppointment(store, ref.branchId, ref.appointmentId);
  requireAction(appointment, action);
  requireReadVersion('appointment', version, appointment.version);
  return appointment;
}

/** With the state that follows from its confirmation and deposit (R-APT-1, R-APT-2). */
const settled = (appointment: Appointment): Appointment => ({
  ...appointment,
  state: openState(appointment),
  awaiting: awaiting(appointment),
});

/** R-APT-1: the customer's confirmation (who, how); confirmed once the deposit is in too (R-APT-2). */
export async function confirmAppointment(
  store: Store,
  ref: { branchId: string; appointmentId: string },
  body: { version: number; by: string; method: NonNullable<Appointment['confirmation']>['method'] },
  actor: Actor,
  /** R-SELF-1: a caller's own steps for the same transaction (spending the customer's link). */
  extraSteps: Step[] = [],
): Promise<Appointment> {
  const before = await current(store, ref, 'confirm', body.version);
  const at = clock().now().toISOString();
  const next = settled({ ...nextVersion(before, actor, at), confirmation: confirmationOf(body, at, actor) });
  await transact(store, [
    appointmentUpdateStep(store, next, before.version),
    logStep(
      store,
      next,
      actor,
      'appointment.confirmed',
      `Confirmed by ${body.by} (${body.method}); ${next.state}`,
      ['confirmation', 'state'],
      at,
    ),
    ...extraSteps,
  ]);
  return next;
}

/**
 * R-APT-1, R-SELF-1: the customer asks through their link to move a booked or confirmed
 * appointment: the advisor gets a call-back duty (the move itself stays the advisor's, who checks
 * the bays), logged on the appointment, with the caller's steps in the same transaction.
 */
export async function requestAppointmentMove(
  store: Store,
  appointment: Appointment,
  request: { preferredTimes?: string[] | undefined; note?: string | undefined },
  input: { actor: Actor; now: Date; extraSteps: Step[] },
): Promise<void> {
  if (appointment.state !== 'booked' && appointment.state !== 'confirmed') {
    throw new InvalidTransitionError(
      `Appointment ${appointment.id} is ${appointment.state}; it can no longer be moved`,
      appointment.state,
      [],
    );
  }
  const at = input.now.toISOString();
  await transact(store, [
    moveRequestStep(store, appointment, request, input.now).step,
    logStep(
      store,
      appointment,
      input.actor,
      'appointment.move-requested',
      `The customer asked to move it${request.preferredTimes?.length ? ` (prefers ${request.preferredTimes.join(', ')})` : ''}; the advisor calls back`,
      [],
      at,
    ),
    ...input.extraSteps,
  ]);
}

/**
 * R-APT-2: the cashier records the deposit: at least half the high-value parts' price (integer
 * minor units: 49.99 % is refused). Confirmed when the customer has confirmed too.
 */
export async function recordAppointmentDeposit(
  store: Store,
  ref: { branchId: string; appointmentId: string },
  body: {
    version: number;
    amount: number;
    method: NonNullable<Appointment['deposit']>['method'];
    reference?: string | undefined;
  },
  actor: Actor,
): Promise<Appointment> {
  const before = await current(store, ref, 'deposit', body.version);
  if (before.deposit) {
    throw new ConflictError(`The deposit of appointment ${before.id} was recorded at ${before.deposit.at}`);
  }
  checkDeposit(body.amount, before.depositRequired);
  const at = clock().now().toISOString();
  const next = settled({
    ...nextVersion(before, actor, at),
    deposit: {
      amount: body.amount,
      method: body.method,
      ...(body.reference ? { reference: body.reference } : {}),
      receivedBy: staffRef(actor),
      at,
    },
  });
  await transact(store, [
    appointmentUpdateStep(store, next, before.version),
    logStep(
      store,
      next,
      actor,
      'appointment.deposit',
      `Deposit ${body.amount} ${next.currency} (${body.method}) for the high-value parts; ${next.state}`,
      ['deposit', 'state'],
      at,
    ),
  ]);
  return next;
}

/**
 * R-APT-1, R-APT-3, R-X-3: moves the appointment: the old slots are freed and the new ones taken
 * in one transaction, the reminder and the no-show check move with it, the workshop is told.
 * The state, the confirmation and the deposit stay.
 */
export async function moveAppointment(
  store: Store,
  ref: { branchId: string; appointmentId: string },
  body: {
    version: number;
    startAt: string;
    durationMinutes?: number | undefined;
    reason?: string | undefined;
  },
  actor: Actor,
): Promise<Appointment> {
  const now = clock().now();
  const at = now.toISOString();
  const [before, branch, members] = await Promise.all([
    current(store, ref, 'move', body.version),
    branchSettings(store, ref.branchId),
    branchMembers(store, ref.branchId),
  ]);
  const policy = policyOf(branch);
  const rules = policy.appointment;
  const startAt = new Date(body.startAt);
  const durationMinutes = body.durationMinutes ?? before.durationMinutes;
  const span = slotSpan({
    startAt,
    durationMinutes,
    slotMinutes: rules.slotMinutes,
    hours: openingHoursOf(branch),
    now,
    bookAheadDays: rules.bookAheadDays,
  });
  const moved: Appointment = {
    ...nextVersion(before, actor, at),
    startAt: startAt.toISOString(),
    endAt: span.endAt.toISOString(),
    durationMinutes,
    localDate: span.date,
    slots: span.slots,
    moves: before.moves + 1,
    noShowCheckAt: noShowCheckAt(startAt, rules.noShowGraceMinutes).toISOString(),
  };
  const duties = await moveDutySteps(store, before, moved, {
    branch,
    policy,
    now,
    workshop: workshopContact(members, actor.staffId),
    actor,
  });
  const { reminderAt: _old, ...rest } = moved;
  const next: Appointment = {
    ...rest,
    duties: duties.duties,
    ...(duties.reminderAt ? { reminderAt: duties.reminderAt } : {}),
  };
  await transactTakingBays(
    store,
    [
      appointmentUpdateStep(store, next, before.version),
      ...bayStepsFor(store, branch, before, next, rules.slotMinutes),
      ...duties.steps,
      logStep(
        store,
        next,
        actor,
        'appointment.moved',
        `Moved from ${before.localDate} ${before.slots[0] ?? ''} to ${next.localDate} ${next.slots[0] ?? ''}${body.reason ? `: ${body.reason}` : ''}`,
        ['startAt', 'slots'],
        at,
      ),
    ],
    () => slotRefusal(store, branch, next, rules.slotMinutes),
  );
  return next;
}

/** R-APT-5, R-X-3: cancelled with its reason; its bays are freed and its duties end with it. */
export async function cancelAppointment(
  store: Store,
  ref: { branchId: string; appointmentId: string },
  body: { version: number; reason: string },
  actor: Actor,
): Promise<Appointment> {
  const now = clock().now();
  const at = now.toISOString();
  const [before, branch, members] = await Promise.all([
    current(store, ref, 'cancel', body.version),
    branchSettings(store, ref.branchId),
    branchMembers(store, ref.branchId),
  ]);
  const ending = await endingDutySteps(store, before, {
    actor,
    cancelled: { branch, now, workshop: workshopContact(members, actor.staffId) },
  });
  const next: Appointment = {
    ...nextVersion(before, actor, at),
    state: 'cancelled',
    awaiting: [],
    cancellation: { reason: body.reason, at, recordedBy: staffRef(actor) },
    duties: ending.duties,
  };
  await transact(store, [
    appointmentUpdateStep(store, next, before.version),
    ...bayStepsFor(store, branch, before, undefined, policyOf(branch).appointment.slotMinutes),
    ...ending.steps,
    logStep(
      store,
      next,
      actor,
      'appointment.cancelled',
      `Cancelled: ${body.reason}`,
      ['cancellation', 'state'],
      at,
    ),
  ]);
  return next;
}

/**
 * R-APT-5: the customer arrived: the appointment becomes the visit (R-REC-1) in the same
 * transaction, carrying its deposit to the repair order (R-APT-2, R-PKP-4); its reminder and
 * no-show check end. On the appointment's own day; a late arrival before the no-show was
 * recorded still counts as arrived.
 */
export async function checkInAppointment(
  store: Store,
  ref: { branchId: string; appointmentId: string },
  body: { version: number; notes?: string | undefined },
  actor: Actor,
): Promise<{ appointment: Appointment; visit: Visit }> {
  const now = clock().now();
  const at = now.toISOString();
  const [before, branch] = await Promise.all([
    current(store, ref, 'checkIn', body.version),
    branchSettings(store, ref.branchId),
  ]);
  checkArrivalDay(before, now, branch.timeZone);
  const [found, ending] = await Promise.all([
    visitPartiesOnFile(store, ref.branchId, before.customerId, before.vehicleId),
    endingDutySteps(store, before, { actor }),
  ]);
  const { customer, vehicle } = requireVisitParties(ref.branchId, before, found);
  if (!vehicle) throw new Error('unreachable: the appointment names its vehicle');
  const { visit, steps } = visitFromAppointmentSteps(store, {
    branchId: ref.branchId,
    customer,
    vehicle,
    purpose: before.purpose,
    appointmentId: before.id,
    ...(before.deposit ? { deposit: before.deposit } : {}),
    notes: body.notes ?? before.work,
    timeZone: branch.timeZone,
    actor,
    at,
  });
  const next: Appointment = {
    ...nextVersion(before, actor, at),
    state: 'arrived',
    awaiting: [],
    arrival: { at, visitId: visit.id, recordedBy: staffRef(actor) },
  };
  await transact(store, [
    appointmentUpdateStep(store, next, before.version),
    ...steps,
    ...ending.steps,
    logStep(
      store,
      next,
      actor,
      'appointment.arrived',
      `Checked in: visit ${visit.id}`,
      ['arrival', 'state'],
      at,
    ),
  ]);
  return { appointment: next, visit };
}

/**
 * R-APT-5: the sweeper's no-show: not checked in by the grace limit. The bays stay held (the time
 * went by); the reminder ends; the advisor gets a duty to rebook. `undefined` when it moved on.
 */
export async function recordNoShow(
  store: Store,
  appointment: Appointment,
  input: { now: Date; actor: Actor; rebook: (a: Appointment) => { step: Step; duty: Duty } },
): Promise<Appointment | undefined> {
  if (appointment.state !== 'booked' && appointment.state !== 'confirmed') return undefined;
  const at = input.now.toISOString();
  const ending = await endingDutySteps(store, appointment, { actor: input.actor, keepNoShow: true });
  const rebook = input.rebook(appointment);
  const next: Appointment = {
    ...nextVersion(appointment, input.actor, at),
    state: 'no_show',
    awaiting: [],
    noShowAt: at,
    duties: { ...ending.duties, rebook: rebook.duty.id },
  };
  await transact(store, [
    appointmentUpdateStep(store, next, appointment.version),
    ...ending.steps,
    rebook.step,
    logStep(
      store,
      next,
      input.actor,
      'appointment.no-show',
      `Not checked in by ${appointment.noShowCheckAt}: no-show; the advisor is to rebook`,
      ['state'],
      at,
    ),
  ]);
  return next;
}

/** R-APT-3: the bays held and free in each slot of a local day: one Query (the branch is cached). */
export async function bayDay(store: Store, branchId: string, date: string): Promise<BayDay> {
  const [branch, held] = await Promise.all([
    branchSettings(store, branchId),
    baysHeld(store, branchId, date),
  ]);
  const hours = openingHoursOf(branch);
  const { slotMinutes } = policyOf(branch).appointment;
  const starts = daySlots(date, hours, slotMinutes);
  return {
    branchId,
    date,
    timeZone: branch.timeZone,
    bays: branch.bayCount,
    slotMinutes,
    open: starts.length > 0,
    slots: starts.map((s) => {
      const time = hhmm(s, hours.timeZone);
      const count = held.get(time) ?? 0;
      return { time, startAt: s.toISOString(), held: count, free: Math.max(0, branch.bayCount - count) };
    }),
  };
}

/** R-X-5: every duty of the appointment (its reminder with the SMS sent, its checks and notices). */
export async function appointmentDuties(
  store: Store,
  ref: { branchId: string; appointmentId: string },
  page: { limit: number; cursor?: string | undefined },
): Promise<{ items: Duty[]; nextCursor?: string }> {
  const result = await dutiesOfRecord(
    store,
    ref.branchId,
    { kind: 'appointment', id: ref.appointmentId },
    page,
  );
  if (result.items.length === 0 && !page.cursor) await getAppointment(store, ref.branchId, ref.appointmentId);
  return result;
}
