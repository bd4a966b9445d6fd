import { ulid } from 'ulid';
import { cancelDutyStep, dutyKey } from '../../duty-engine/store';
import type { Actor } from '../../kernel/access';
import type { Store } from '../../platform/dynamo/client';
import {
  changedFields,
  createRecord,
  fromItem,
  getMany,
  getRecord,
  getRecordOr404,
  type Idempotency,
  type Item,
  putStep,
  type Step,
  stampNew,
  updateRecord,
} from '../../platform/dynamo/records';
import { clock } from '../../platform/ports/clock';
import { vehicleReminderSteps } from '../../reminders/actions';
import { isVehicleComplete } from '../rules/completeness';
import { customerFieldsComplete, mergePatch } from '../rules/customer';
import { requirePlate, requireVin } from '../rules/plate';
import {
  completesVehicle,
  identifierChange,
  odometerReading,
  requireMaintenanceDates,
} from '../rules/vehicle';
import type { Customer } from '../schemas/customer';
import {
  type CreateVehicle,
  clearableVehicleFields,
  type UpdateVehicle,
  type Vehicle,
} from '../schemas/vehicle';
import { customerExists, customerKey, customerPartition } from '../store/customers';
import {
  odometerReadingItem,
  plateGuard,
  plateGuardKey,
  vehicleItem,
  vehicleKey,
  vinGuard,
  vinGuardKey,
} from '../store/vehicles';

/**
 * The use cases of the vehicle archive (R-ARC-1..3): add a car, change it. Keys and reads are
 * in shared/archive/store/vehicles.ts, the rules in shared/archive/rules/.
 */

export async function createVehicle(
  store: Store,
  branchId: string,
  customerId: string,
  input: CreateVehicle,
  actor: Actor,
  idempotency?: Idempotency,
): Promise<Vehicle> {
  const plate = requirePlate(input.plate, 'body.plate');
  const vehicle: Vehicle = {
    ...input,
    plate,
    ...(input.vin !== undefined ? { vin: requireVin(input.vin, 'body.vin') } : {}),
    id: ulid(),
    branchId,
    customerId,
    ...stampNew(actor),
  };
  const dutySteps = isVehicleComplete(vehicle) ? await archiveDutySteps(store, branchId, customerId) : [];
  // R-ARC-1: the first odometer reading starts the car's history; R-MKT-1: a car with a cycle or
  // a next maintenance date gets its cycle's reminder duty in the same transaction.
  const firstReading =
    vehicle.odometerKm !== undefined ? { at: vehicle.createdAt, km: vehicle.odometerKm } : undefined;
  const reminder = reminderRelevant(vehicle)
    ? await vehicleReminderSteps(store, vehicle, firstReading, { isNew: true })
    : [];
  const odometer = firstReading
    ? [
        putStep(
          store,
          odometerReadingItem(vehicleKey(branchId, vehicle.id).pk, firstReading, firstReading.at, actor),
        ),
      ]
    : [];
  // One transaction: the record, its plate (409 naming the vehicle on file), the owner's
  // existence in this branch (404), the entry in the owner's timeline, and the archive duty
  // settled when this car completes the archive (R-ARC-2).
  await withArchiveDuty(dutySteps, (steps) =>
    createRecord(store, {
      idempotency,
      item: vehicleItem(vehicle),
      guards: [
        plateGuard(branchId, vehicle.id, plate),
        ...(vehicle.vin ? [vinGuard(branchId, vehicle.id, vehicle.vin)] : []),
      ],
      preconditions: [customerExists(branchId, customerId)],
      steps: [...odometer, ...reminder, ...steps],
      change: {
        actor,
        action: 'vehicle.created',
        subject: { kind: 'vehicle', id: vehicle.id },
        summary: `Vehicle ${plate} added to the archive`,
        changes: Object.keys(input).sort(),
        logPartition: customerPartition(branchId, customerId),
      },
    }),
  );
  return vehicle;
}

export async function updateVehicle(
  store: Store,
  branchId: string,
  vehicleId: string,
  input: UpdateVehicle,
  actor: Actor,
): Promise<Vehicle> {
  const current = await getRecordOr404(store, vehicleKey(branchId, vehicleId), `Vehicle ${vehicleId}`);
  const { version, odometerCorrectionReason, ...changes } = input;
  // The version check of the update makes "the last reading" the one read here (R-ARC-1).
  const lastKm = typeof current.odometerKm === 'number' ? current.odometerKm : undefined;
  const odometer = odometerReading(lastKm, changes.odometerKm, odometerCorrectionReason);
  const reading = odometer
    ? [putStep(store, odometerReadingItem(String(current.pk), odometer, clock().now().toISOString(), actor))]
    : [];
  const next: Item = mergePatch(current, changes, clearableVehicleFields);
  requireMaintenanceDates({
    lastMaintenanceDate: next.lastMaintenanceDate as string | undefined,
    nextMaintenanceDate: next.nextMaintenanceDate as string | undefined,
  });

  // A new plate is claimed and the old one released in the update's transaction.
  const before = String(current.plate);
  const plate = changes.plate === undefined ? before : requirePlate(changes.plate, 'body.plate');
  next.plate = plate;
  const plateMove = identifierChange(before, plate);
  // The VIN likewise: a new one claimed, a replaced or cleared one released (null clears it).
  const vinMove = identifierChange(
    typeof current.vin === 'string' ? current.vin : undefined,
    typeof next.vin === 'string' ? next.vin : undefined,
  );

  const changed = changedFields(current, next);
  const customerId = String(current.customerId);
  // A car complete already cannot complete the archive now, and a stale write fails anyway: those
  // updates read nothing more.
  const completes = completesVehicle(
    fromItem<Vehicle>(current),
    fromItem<Vehicle>(next),
    current.version === version,
  );
  const dutySteps = completes ? await archiveDutySteps(store, branchId, customerId) : [];
  // R-MKT-1, R-X-3: a new reading, cycle or date moves the cycle's reminder (or starts a new cycle).
  const reminder =
    current.version === version && (odometer || reminderFields.some((f) => changed.includes(f)))
      ? await vehicleReminderSteps(
          store,
          fromItem<Vehicle>(next),
          odometer ? { at: clock().now().toISOString(), km: odometer.km } : undefined,
        )
      : [];
  const stored = await withArchiveDuty(dutySteps, (steps) =>
    updateRecord(store, {
      current,
      expectedVersion: version,
      next,
      actor,
      addGuards: [
        ...(plateMove.claim ? [plateGuard(branchId, vehicleId, plateMove.claim)] : []),
        ...(vinMove.claim ? [vinGuard(branchId, vehicleId, vinMove.claim)] : []),
      ],
      removeGuards: [
        ...(plateMove.release ? [plateGuardKey(branchId, plateMove.release)] : []),
        ...(vinMove.release ? [vinGuardKey(branchId, vinMove.release)] : []),
      ],
      steps: [...reading, ...reminder, ...steps],
      change: {
        action: 'vehicle.updated',
        subject: { kind: 'vehicle', id: vehicleId },
        summary: `Vehicle ${plate} changed: ${changed.join(', ') || 'nothing'}`,
        changes: changed,
        logPartition: customerPartition(branchId, customerId),
      },
    }),
  );
  return fromItem<Vehicle>(stored);
}

/** The fields that time a vehicle's maintenance reminder (R-MKT-1). */
const reminderFields = ['maintenanceCycle', 'lastMaintenanceDate', 'nextMaintenanceDate'];

/** R-MKT-1: a new car is reminded only when its archive gives a cycle or a next date. */
const reminderRelevant = (vehicle: Vehicle) =>
  vehicle.maintenanceCycle !== undefined || vehicle.nextMaintenanceDate !== undefined;

/** The archive duty's step failed: the duty moved on meanwhile. Never leaves this module. */
class ArchiveDutyMovedOn extends Error {}

/**
 * R-ARC-2: the step that cancels the owner's `archive-incomplete` duty, for a write after which
 * this vehicle is complete (plate, model, type): the archive is then complete when the
 * customer's own fields are. Reads the customer (strongly consistent: it names the duty) and,
 * when those fields are filled in, the duty. Nothing once the duty is no longer pending: fired,
 * it is the follow-up agent's to complete (its performer already took a complete archive out of
 * the queue), or it was cancelled by an earlier write.
 */
async function archiveDutySteps(store: Store, branchId: string, customerId: string): Promise<Step[]> {
  const [customer] = await getMany(store, [customerKey(branchId, customerId)]);
  const dutyId = customer?.archiveDutyId;
  if (!customer || typeof dutyId !== 'string') return [];
  if (!customerFieldsComplete(fromItem<Customer>(customer))) return [];
  const duty = await getRecord(store, dutyKey(branchId, dutyId));
  if (duty?.status !== 'pending') return [];
  return [{ ...cancelDutyStep(store, dutyId, branchId), onConditionFailed: () => new ArchiveDutyMovedOn() }];
}

/**
 * Runs a vehicle write with the archive duty's steps, placed after the record's own (so a stale
 * version or a taken plate is still the answer). When only the duty failed (the sweeper claimed it
 * between the read and the write) the write goes again without it: the duty is a reminder whose
 * performer looks at the archive itself, and it must never turn a change of the archive into a 409.
 */
async function withArchiveDuty<T>(dutySteps: Step[], write: (steps: Step[]) => Promise<T>): Promise<T> {
  try {
    return await write(dutySteps);
  } catch (error) {
    if (dutySteps.length === 0 || !(error instanceof ArchiveDutyMovedOn)) throw error;
    return write([]);
  }
}
