import { upcomingAppointmentsOfVehicle } from '../appointments/store';
import type { Vehicle } from '../archive/schemas/vehicle';
import { listVehiclesOfCustomer } from '../archive/store/vehicles';
import { branchSettings } from '../branches/store';
import { cancelDutyStep, dutyKey, rescheduleDutyStep, scheduleDutyStep } from '../duty-engine/store';
import { NotFoundError } from '../kernel/errors';
import { type Policy, policyFor } from '../kernel/policy';
import type { Store } from '../platform/dynamo/client';
import { getRecord, type Step } from '../platform/dynamo/records';
import { clock } from '../platform/ports/clock';
import {
  declinedReminderAt,
  type MaintenancePlan,
  maintenancePlan,
  type OdometerPoint,
  sortByDue,
  vehicleNextService,
} from './rules';
import {
  type MaintenanceReminder,
  type NextService,
  type NextServiceItem,
  type UpcomingAppointment,
  vehicleRecord,
} from './schemas';
import { dropReminderStep, reminderStep, type VehicleFile, vehicleFile, warrantyStep } from './store';

/**
 * The use cases of reminders (R-MKT-1, R-ARC-5, R-ADD-2). The archive and the exit compose the
 * scheduling steps into their own transactions; the next-service reads answer the routes.
 */

type Cycle = Pick<
  Vehicle,
  | 'id'
  | 'branchId'
  | 'customerId'
  | 'createdAt'
  | 'maintenanceCycle'
  | 'lastMaintenanceDate'
  | 'nextMaintenanceDate'
>;

const pending = async (store: Store, branchId: string, dutyId: string | undefined) =>
  dutyId ? (await getRecord(store, dutyKey(branchId, dutyId)))?.status === 'pending' : false;

/**
 * R-MKT-1, R-X-3: the steps that keep a vehicle's maintenance reminder in line with its archive,
 * for the transaction that changes it (a new car, a changed cycle or date, a new odometer reading,
 * an exit). One duty per cycle: a new cycle cancels the old cycle's duty while it waits and
 * schedules its own; the same cycle moves its duty while it waits, and once it fired the cycle
 * has had its reminder. Reads the current duty (one GetItem) when there is one.
 */
async function maintenanceReminderSteps(
  store: Store,
  input: {
    vehicle: Cycle;
    readings: readonly OdometerPoint[];
    current: MaintenanceReminder | undefined;
    timeZone: string;
    policy: Policy;
    now: Date;
  },
): Promise<{ steps: Step[]; plan: MaintenancePlan | undefined }> {
  const { vehicle, current } = input;
  const branchId = vehicle.branchId;
  const plan = maintenancePlan({ ...input, policy: input.policy.reminders });
  const waiting = await pending(store, branchId, current?.dutyId);
  const cancelOld = current && waiting ? [cancelDutyStep(store, current.dutyId, branchId)] : [];
  if (!plan) {
    return { plan, steps: current ? [...cancelOld, dropReminderStep(store, branchId, vehicle.id)] : [] };
  }
  const times = { openAt: plan.remindAt, dueAt: plan.remindAt };
  const reminder = (dutyId: string): MaintenanceReminder => ({
    vehicleId: vehicle.id,
    customerId: vehicle.customerId,
    cycleStart: plan.cycleStart,
    dutyId,
    remindAt: plan.remindAt,
    dueDate: plan.dueDate,
    ...(plan.dueKm !== undefined ? { dueKm: plan.dueKm } : {}),
    by: plan.by,
  });
  if (current && current.cycleStart === plan.cycleStart) {
    // Once per cycle: a reminder that fired is not sent again for this cycle.
    if (!waiting || (current.remindAt === plan.remindAt && current.dueDate === plan.dueDate)) {
      return { plan, steps: [] };
    }
    return {
      plan,
      steps: [
        rescheduleDutyStep(store, current.dutyId, branchId, times),
        reminderStep(store, branchId, reminder(current.dutyId), current.dutyId),
      ],
    };
  }
  const { duty, step } = scheduleDutyStep(store, {
    kind: 'maintenance-reminder',
    subject: vehicleRecord(vehicle.id),
    record: vehicleRecord(vehicle.id),
    branchId,
    ...times,
    payload: { cycleStart: plan.cycleStart },
  });
  return {
    plan,
    steps: [...cancelOld, step, reminderStep(store, branchId, reminder(duty.id), current?.dutyId)],
  };
}

const emptyFile: VehicleFile = {
  vehicle: undefined,
  readings: [],
  declined: [],
  reminder: undefined,
  warranties: [],
};

/**
 * R-MKT-1: a vehicle write that may move its reminder (a new cycle, dates, a reading): reads the
 * vehicle's partition (one Query) and the current duty, and answers the steps.
 */
export async function vehicleReminderSteps(
  store: Store,
  vehicle: Cycle,
  newReading?: OdometerPoint,
  options: { isNew?: boolean } = {},
) {
  // A new car's partition is empty: nothing to read.
  const [file, branch] = await Promise.all([
    options.isNew ? emptyFile : vehicleFile(store, vehicle.branchId, vehicle.id),
    branchSettings(store, vehicle.branchId),
  ]);
  const readings = newReading ? [...file.readings, newReading] : file.readings;
  const { steps } = await maintenanceReminderSteps(store, {
    vehicle,
    readings,
    current: file.reminder,
    timeZone: branch.timeZone,
    policy: policyFor(branch.policy),
    now: clock().now(),
  });
  return steps;
}

/**
 * R-MKT-1, R-WAR-1, R-ARC-5: what an exit adds for the reminders: the next cycle's reminder (a
 * maintenance exit starts it; a declined order's odometer reading only moves the projection), the
 * warranty on the vehicle, and the vehicle's next service for the follow-up call.
 */
export async function exitReminderSteps(
  store: Store,
  input: {
    vehicle: Cycle & { plate: string };
    file: VehicleFile;
    warranty?: { orderId: string; until: string; km?: number | undefined; issuedAt: string } | undefined;
    timeZone: string;
    policy: Policy;
    now: Date;
  },
): Promise<{ steps: Step[]; nextService: NextServiceItem[] }> {
  const { vehicle, file, warranty } = input;
  const { steps, plan } = await maintenanceReminderSteps(store, {
    vehicle,
    readings: file.readings,
    current: file.reminder,
    timeZone: input.timeZone,
    policy: input.policy,
    now: input.now,
  });
  const warranties = warranty ? [...file.warranties, warranty] : file.warranties;
  const issued = warranty
    ? [
        warrantyStep(store, vehicle.branchId, vehicle.id, {
          orderId: warranty.orderId,
          until: warranty.until,
          ...(warranty.km !== undefined ? { km: warranty.km } : {}),
          issuedAt: warranty.issuedAt,
        }),
      ]
    : [];
  const nextService = vehicleNextService({
    vehicle,
    plan,
    declined: file.declined,
    // The call comes days after the exit: the warranty just issued is worth mentioning then.
    warranties,
    timeZone: input.timeZone,
    policy: { ...input.policy.reminders, warrantyEndingDays: Number.POSITIVE_INFINITY },
    now: input.now,
  });
  return { steps: [...steps, ...issued], nextService };
}

/** R-ADD-2, R-MKT-1: the reminder of safety-related work the customer declined, N days later. */
export function declinedWorkReminderStep(
  store: Store,
  input: {
    branchId: string;
    vehicleId: string;
    declinedWorkId: string;
    declinedAt: string;
    timeZone: string;
    policy: Policy;
  },
): Step {
  const at = declinedReminderAt(input.declinedAt, input.timeZone, input.policy.reminders);
  return scheduleDutyStep(store, {
    // The declined work's id: one reminder per declined item, whatever retries the answer.
    id: input.declinedWorkId,
    kind: 'declined-work-reminder',
    subject: { kind: 'declined-work', id: input.declinedWorkId },
    record: vehicleRecord(input.vehicleId),
    branchId: input.branchId,
    openAt: at,
    dueAt: at,
    payload: { vehicleId: input.vehicleId },
  }).step;
}

/** R-X-3: declined work done after all: its reminder, still waiting, is cancelled with it. */
export async function closedDeclinedWorkSteps(store: Store, branchId: string, declinedWorkId: string) {
  return (await pending(store, branchId, declinedWorkId))
    ? [cancelDutyStep(store, declinedWorkId, branchId)]
    : [];
}

/** R-ARC-5: the next service of a vehicle read with `vehicleFile`. */
export function fileNextService(
  file: VehicleFile & { vehicle: Vehicle },
  branch: { timeZone: string; policy: Policy },
  now: Date,
  appointments?: readonly UpcomingAppointment[],
): NextServiceItem[] {
  const plan = maintenancePlan({
    vehicle: file.vehicle,
    readings: file.readings,
    timeZone: branch.timeZone,
    policy: branch.policy.reminders,
    now,
  });
  return vehicleNextService({
    vehicle: file.vehicle,
    plan,
    declined: file.declined,
    warranties: file.warranties,
    appointments,
    timeZone: branch.timeZone,
    policy: branch.policy.reminders,
    now,
  });
}

/**
 * R-ARC-5: the next service of one vehicle: one Query of its partition (vehicle, readings,
 * declined work, warranties) and one of its upcoming appointments, in parallel; the branch's
 * settings are cached.
 */
export async function vehicleNextServiceRead(
  store: Store,
  branchId: string,
  vehicleId: string,
): Promise<NextService> {
  const now = clock().now();
  const [file, branch, appointments] = await Promise.all([
    vehicleFile(store, branchId, vehicleId),
    branchSettings(store, branchId),
    upcomingOf(store, branchId, vehicleId, now),
  ]);
  const { vehicle } = file;
  if (!vehicle) throw new NotFoundError(`Vehicle ${vehicleId} was not found`);
  const items = fileNextService(
    { ...file, vehicle },
    { timeZone: branch.timeZone, policy: policyFor(branch.policy) },
    now,
    appointments,
  );
  return { branchId, customerId: vehicle.customerId, vehicleId, items };
}

/**
 * R-ARC-5: the next service of a customer, over all their vehicles: one Query of the `lookup`
 * index for the vehicles (up to 100), then per vehicle its partition and its upcoming
 * appointments, all in parallel; a
 * customer without vehicles costs a GetItem (404 when not on file).
 */
export async function customerNextServiceRead(
  store: Store,
  branchId: string,
  customerId: string,
): Promise<NextService> {
  const [vehicles, branch] = await Promise.all([
    listVehiclesOfCustomer(store, branchId, customerId, { limit: 100 }),
    branchSettings(store, branchId),
  ]);
  const settings = { timeZone: branch.timeZone, policy: policyFor(branch.policy) };
  const now = clock().now();
  const files = await Promise.all(
    vehicles.items.map(async (v) => {
      const [file, appointments] = await Promise.all([
        vehicleFile(store, branchId, v.id),
        upcomingOf(store, branchId, v.id, now),
      ]);
      return { file, appointments };
    }),
  );
  const items = files.flatMap(({ file, appointments }) =>
    file.vehicle ? fileNextService({ ...file, vehicle: file.vehicle }, settings, now, appointments) : [],
  );
  return { branchId, customerId, items: sortByDue(items, branch.timeZone) };
}

/** R-ARC-5: the vehicle's appointments to come, as the next service lists them (appointments store). */
async function upcomingOf(
  store: Store,
  branchId: string,
  vehicleId: string,
  now: Date,
): Promise<UpcomingAppointment[]> {
  const found = await upcomingAppointmentsOfVehicle(store, branchId, vehicleId, now);
  return found.map((a) => ({
    id: a.id,
    at: a.startAt,
    vehicleId: a.vehicleId,
    reason: `Appointment: ${a.work}`,
  }));
}
