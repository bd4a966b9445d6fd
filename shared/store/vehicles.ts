import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { Actor } from '../domain/access';
import { ValidationError } from '../domain/errors';
import { checkPlate, checkVin } from '../domain/plate';
import {
  type CreateVehicle,
  clearableVehicleFields,
  maintenanceDatesIssue,
  type UpdateVehicle,
  type Vehicle,
} from '../schemas/vehicle';
import type { Store } from './client';
import { customerExists, customerPartition, getCustomer } from './customers';
import {
  changedFields,
  createRecord,
  fromItem,
  type Guard,
  getRecordOr404,
  type Idempotency,
  type Item,
  type Key,
  queryPage,
  stampNew,
  updateRecord,
} from './records';

/**
 * Vehicle archive (R-ARC-1: one car, one file). Keys:
 * - the record: `BR#<b>#VEH#<v>` / `VEHICLE`, listed under its owner through the `lookup` index
 *   (`gsi1pk` = the customer's partition, `gsi1sk` = `VEH#<v>`);
 * - the plate guard: `BR#<b>#PLATE#<plate>` / `GUARD`, so a plate has one archive per branch and
 *   finds it with two GetItems (R-ARC-3).
 * Changes are logged in the owner's timeline (R-ARC-4).
 */
export const vehicleKey = (branchId: string, vehicleId: string): Key => ({
  pk: `BR#${branchId}#VEH#${vehicleId}`,
  sk: 'VEHICLE',
});
export const plateGuardKey = (branchId: string, plate: string): Key => ({
  pk: `BR#${branchId}#PLATE#${plate}`,
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
  // One transaction: the record, its plate (409 naming the vehicle on file), the owner's
  // existence in this branch (404) and the entry in the owner's timeline.
  await createRecord(store, {
    idempotency,
    item: toItem(vehicle),
    guards: [plateGuard(branchId, vehicle.id, plate)],
    preconditions: [customerExists(branchId, customerId)],
    change: {
      actor,
      action: 'vehicle.created',
      subject: { kind: 'vehicle', id: vehicle.id },
      summary: `Vehicle ${plate} added to the archive`,
      changes: Object.keys(input).sort(),
      logPartition: customerPartition(branchId, customerId),
    },
  });
  return vehicle;
}

export async function getVehicle(store: Store, branchId: string, vehicleId: string): Promise<Vehicle> {
  return fromItem<Vehicle>(
    await getRecordOr404(store, vehicleKey(branchId, vehicleId), `Vehicle ${vehicleId}`),
  );
}

export async function updateVehicle(
  store: Store,
  branchId: string,
  vehicleId: string,
  input: UpdateVehicle,
  actor: Actor,
): Promise<Vehicle> {
  const current = await getRecordOr404(store, vehicleKey(branchId, vehicleId), `Vehicle ${vehicleId}`);
  const { version, ...changes } = input;
  const next: Item = { ...current, ...changes };
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

  const changed = changedFields(current, next);
  const stored = await updateRecord(store, {
    current,
    expectedVersion: version,
    next,
    actor,
    addGuards: plateChanged ? [plateGuard(branchId, vehicleId, plate)] : [],
    removeGuards: plateChanged ? [plateGuardKey(branchId, before)] : [],
    change: {
      action: 'vehicle.updated',
      subject: { kind: 'vehicle', id: vehicleId },
      summary: `Vehicle ${plate} changed: ${changed.join(', ') || 'nothing'}`,
      changes: changed,
      logPartition: customerPartition(branchId, String(current.customerId)),
    },
  });
  return fromItem<Vehicle>(stored);
}

/**
 * R-ARC-3: a returning car found by its plate, typed in any format. Two strongly consistent
 * GetItems (the guard, then the record); one when the plate is not on file.
 */
export async function findVehicleByPlate(
  store: Store,
  branchId: string,
  plate: string,
): Promise<Vehicle | undefined> {
  const canonical = requirePlate(plate, 'query.plate');
  const guard = await store.doc.send(
    new GetCommand({
      TableName: store.tableName,
      Key: plateGuardKey(branchId, canonical),
      ConsistentRead: true,
    }),
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
