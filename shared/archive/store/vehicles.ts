import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { cancelDutyStep, dutyKey } from '../../duty-engine/store';
import type { Actor } from '../../kernel/access';
import { ValidationError } from '../../kernel/errors';
import type { Store } from '../../platform/dynamo/client';
import {
  changedFields,
  createRecord,
  fromItem,
  type Guard,
  getMany,
  getRecord,
  getRecordOr404,
  type Idempotency,
  type Item,
  type Key,
  putStep,
  queryPage,
  type Step,
  stampNew,
  updateRecord,
} from '../../platform/dynamo/records';
import { clock } from '../../platform/ports/clock';
import { customerGaps, isVehicleComplete } from '../rules/completeness';
import { checkPlate, checkVin } from '../rules/plate';
import type { Customer } from '../schemas/customer';
import {
  type CreateVehicle,
  clearableVehicleFields,
  maintenanceDatesIssue,
  type UpdateVehicle,
  type Vehicle,
} from '../schemas/vehicle';
import { customerExists, customerKey, customerPartition, getCustomer } from './customers';

/**
 * Vehicle archive (R-ARC-1: one car, one file). Keys:
 * - the record: `BR#<b>#VEH#<v>` / `VEHICLE`, listed under its owner through the `lookup` index
 *   (`gsi1pk` = the customer's partition, `gsi1sk` = `VEH#<v>`);
 * - the plate guard: `BR#<b>#PLATE#<plate>` / `GUARD`, so a plate has one archive per branch and
 *   finds it with two GetItems (R-ARC-3).
 * Changes are logged in the owner's timeline (R-ARC-4). A write that completes the owner's
 * archive cancels its pending `archive-incomplete` duty in the same transaction (R-ARC-2).
 */
export const vehicleKey = (branchId: string, vehicleId: string): Key => ({
  pk: `BR#${branchId}#VEH#${vehicleId}`,
  sk: 'VEHICLE',
});
export const plateGuardKey = (branchId: string, plate: string): Key => ({
  pk: `BR#${branchId}#PLATE#${plate}`,
  sk: 'GUARD',
});
/** R-ARC-3: one archive per VIN too, so a car that got a new plate is still found. */
export const vinGuardKey = (branchId: string, vin: string): Key => ({
  pk: `BR#${branchId}#VIN#${vin}`,
  sk: 'GUARD',
});
export const vehicleHref = (branchId: string, vehicleId: string) =>
  `/branches/${branchId}/vehicles/${vehicleId}`;

function plateGuard(branchId: string, vehicleId: string, plate: string): Guard {
  return {
    key: plateGuardKey(branchId, plate),
    owner: { kind: 'vehicle', id: vehicleId, href: vehicleHref(branchId, vehicleId) },
    field: 'plate',
    value: plate,
  };
}

function vinGuard(branchId: string, vehicleId: string, vin: string): Guard {
  return {
    key: vinGuardKey(branchId, vin),
    owner: { kind: 'vehicle', id: vehicleId, href: vehicleHref(branchId, vehicleId) },
    field: 'vin',
    value: vin,
  };
}

function toItem(vehicle: Vehicle): Item {
  return {
    ...vehicleKey(vehicle.branchId, vehicle.id),
    type: 'vehicle',
    gsi1pk: customerPartition(vehicle.branchId, vehicle.customerId),
    gsi1sk: `VEH#${vehicle.id}`,
    ...vehicle,
  };
}

/** Canonical plate or a 400 naming `path`; idempotent, so parsed input passes unchanged. */
function requirePlate(input: string, path: string): string {
  const result = checkPlate(input);
  if (!result.ok) throw new ValidationError([{ path, message: result.reason }]);
  return result.plate;
}

function requireVin(input: string, path: string): string {
  const result = checkVin(input);
  if (!result.ok) throw new ValidationError([{ path, message: result.reason }]);
  return result.vin;
}

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
  // One transaction: the record, its plate (409 naming the vehicle on file), the owner's
  // existence in this branch (404), the entry in the owner's timeline, and the archive duty
  // settled when this car completes the archive (R-ARC-2).
  await withArchiveDuty(dutySteps, (steps) =>
    createRecord(store, {
      idempotency,
      item: toItem(vehicle),
      guards: [
        plateGuard(branchId, vehicle.id, plate),
        ...(vehicle.vin ? [vinGuard(branchId, vehicle.id, vehicle.vin)] : []),
      ],
      preconditions: [customerExists(branchId, customerId)],
      steps,
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

export async function getVehicle(store: Store, branchId: string, vehicleId: string): Promise<Vehicle> {
  return fromItem<Vehicle>(
    await getRecordOr404(store, vehicleKey(branchId, vehicleId), `Vehicle ${vehicleId}`),
  );
}

/**
 * R-RO-3, R-ARC-1: a new odometer reading typed into the archive goes into the car's reading
 * history, like one taken at a handover; below the last reading only with a correction reason
 * (the version check of the update makes "the last reading" the one read here).
 */
function odometerReadingStep(
  store: Store,
  current: Item,
  km: number | undefined,
  reason: string | undefined,
  actor: Actor,
): Step[] {
  const last = typeof current.odometerKm === 'number' ? current.odometerKm : undefined;
  if (km === undefined || km === last) {
    if (reason)
      throw new ValidationError([
        { path: 'body.odometerCorrectionReason', message: 'Give it with a new odometerKm only' },
      ]);
    return [];
  }
  if (last !== undefined && km < last && !reason) {
    throw new ValidationError([
      {
        path: 'body.odometerKm',
        message: `${km} km is below the last reading of ${last} km; give odometerCorrectionReason to record it`,
      },
    ]);
  }
  const at = clock().now().toISOString();
  return [
    putStep(store, {
      pk: String(current.pk),
      sk: `ODO#${at}#archive`,
      type: 'odometer-reading',
      km,
      at,
      recordedBy: { staffId: actor.staffId, name: actor.name },
      ...(reason ? { correctionReason: reason } : {}),
    }),
  ];
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
  const next: Item = { ...current, ...changes };
  const reading = odometerReadingStep(store, current, changes.odometerKm, odometerCorrectionReason, actor);
  for (const field of clearableVehicleFields) if (next[field] === null) delete next[field];
  const datesIssue = maintenanceDatesIssue({
    lastMaintenanceDate: next.lastMaintenanceDate as string | undefined,
    nextMaintenanceDate: next.nextMaintenanceDate as string | undefined,
  });
  if (datesIssue) throw new ValidationError([{ path: 'body.nextMaintenanceDate', message: datesIssue }]);

  // A new plate is claimed and the old one released in the update's transaction.
  const before = String(current.plate);
  const plate = changes.plate === undefined ? before : requirePlate(changes.plate, 'body.plate');
  next.plate = plate;
  const plateChanged = plate !== before;
  // The VIN likewise: a new one claimed, a replaced or cleared one released (null clears it).
  const vinBefore = typeof current.vin === 'string' ? current.vin : undefined;
  const vinAfter = typeof next.vin === 'string' ? next.vin : undefined;
  const vinChanged = vinAfter !== vinBefore;

  const changed = changedFields(current, next);
  const customerId = String(current.customerId);
  // A car complete already cannot complete the archive now, and a stale write fails anyway: those
  // updates read nothing more.
  const completes =
    current.version === version &&
    !isVehicleComplete(fromItem<Vehicle>(current)) &&
    isVehicleComplete(fromItem<Vehicle>(next));
  const dutySteps = completes ? await archiveDutySteps(store, branchId, customerId) : [];
  const stored = await withArchiveDuty(dutySteps, (steps) =>
    updateRecord(store, {
      current,
      expectedVersion: version,
      next,
      actor,
      addGuards: [
        ...(plateChanged ? [plateGuard(branchId, vehicleId, plate)] : []),
        ...(vinChanged && vinAfter ? [vinGuard(branchId, vehicleId, vinAfter)] : []),
      ],
      removeGuards: [
        ...(plateChanged ? [plateGuardKey(branchId, before)] : []),
        ...(vinChanged && vinBefore ? [vinGuardKey(branchId, vinBefore)] : []),
      ],
      steps: [...reading, ...steps],
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
  if (customerGaps(fromItem<Customer>(customer)).length > 0) return [];
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

/**
 * R-ARC-3: a returning car found by its plate (or its VIN, when the plate changed), typed in any
 * format. Two strongly consistent GetItems (the guard, then the record); one when not on file.
 */
export async function findVehicleByPlate(
  store: Store,
  branchId: string,
  by: { plate?: string | undefined; vin?: string | undefined },
): Promise<Vehicle | undefined> {
  const key = by.vin
    ? vinGuardKey(branchId, requireVin(by.vin, 'query.vin'))
    : plateGuardKey(branchId, requirePlate(by.plate ?? '', 'query.plate'));
  const guard = await store.doc.send(
    new GetCommand({ TableName: store.tableName, Key: key, ConsistentRead: true }),
  );
  const owner = guard.Item?.owner as Guard['owner'] | undefined;
  if (!owner) return undefined;
  const item = await store.doc.send(
    new GetCommand({ TableName: store.tableName, Key: vehicleKey(branchId, owner.id), ConsistentRead: true }),
  );
  return item.Item ? fromItem<Vehicle>(item.Item) : undefined;
}

/**
 * The vehicles of a customer (R-ARC-1): one Query of the `lookup` index. The index is eventually
 * consistent, so a car added a moment ago may show a moment later. An empty first page costs one
 * GetItem more, to tell a customer without cars (empty list) from no customer (404).
 */
export async function listVehiclesOfCustomer(
  store: Store,
  branchId: string,
  customerId: string,
  options: { limit: number; cursor?: string | undefined },
): Promise<{ items: Vehicle[]; nextCursor?: string }> {
  const partition = customerPartition(branchId, customerId);
  const page = await queryPage(store, {
    IndexName: 'lookup',
    KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :veh)',
    ExpressionAttributeValues: { ':p': partition, ':veh': 'VEH#' },
    partition,
    limit: options.limit,
    cursor: options.cursor,
  });
  if (page.items.length === 0 && !options.cursor) await getCustomer(store, branchId, customerId);
  return { ...page, items: page.items.map((i) => fromItem<Vehicle>(i)) };
}
