import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Actor } from '../../kernel/access';
import { VersionConflictError } from '../../kernel/errors';
import type { Store } from '../../platform/dynamo/client';
import {
  fromItem,
  type Guard,
  getRecord,
  getRecordOr404,
  type Item,
  type Key,
  putStep,
  queryPage,
  type Step,
} from '../../platform/dynamo/records';
import { requirePlate, requireVin } from '../rules/plate';
import type { OdometerReading } from '../rules/vehicle';
import type { Vehicle } from '../schemas/vehicle';
import { customerPartition, getCustomer } from './customers';

/**
 * Vehicle archive (R-ARC-1: one car, one file). Keys:
 * - the record: `BR#<b>#VEH#<v>` / `VEHICLE`, listed under its owner through the `lookup` index
 *   (`gsi1pk` = the customer's partition, `gsi1sk` = `VEH#<v>`);
 * - the plate guard: `BR#<b>#PLATE#<plate>` / `GUARD`, so a plate has one archive per branch and
 *   finds it with two GetItems (R-ARC-3).
 * Changes are logged in the owner's timeline (R-ARC-4). A write that completes the owner's
 * archive cancels its pending `archive-incomplete` duty in the same transaction (R-ARC-2).
 * The use cases are in shared/archive/actions/vehicles.ts.
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
const vehicleHref = (branchId: string, vehicleId: string) => `/branches/${branchId}/vehicles/${vehicleId}`;

export function plateGuard(branchId: string, vehicleId: string, plate: string): Guard {
  return {
    key: plateGuardKey(branchId, plate),
    owner: { kind: 'vehicle', id: vehicleId, href: vehicleHref(branchId, vehicleId) },
    field: 'plate',
    value: plate,
  };
}

export function vinGuard(branchId: string, vehicleId: string, vin: string): Guard {
  return {
    key: vinGuardKey(branchId, vin),
    owner: { kind: 'vehicle', id: vehicleId, href: vehicleHref(branchId, vehicleId) },
    field: 'vin',
    value: vin,
  };
}

export function vehicleItem(vehicle: Vehicle): Item {
  return {
    ...vehicleKey(vehicle.branchId, vehicle.id),
    type: 'vehicle',
    gsi1pk: customerPartition(vehicle.branchId, vehicle.customerId),
    gsi1sk: `VEH#${vehicle.id}`,
    ...vehicle,
  };
}

/**
 * A reading of the car's odometer history (R-RO-3), in the vehicle's partition: typed into the
 * archive, or taken at the handover of order `orderId`.
 */
export function odometerReadingItem(
  vehiclePk: string,
  reading: OdometerReading,
  at: string,
  actor: Actor,
  orderId?: string,
): Item {
  return {
    pk: vehiclePk,
    sk: `ODO#${at}#${orderId ?? 'archive'}`,
    type: 'odometer-reading',
    km: reading.km,
    ...(orderId ? { orderId } : {}),
    at,
    recordedBy: { staffId: actor.staffId, name: actor.name },
    ...(reading.correctionReason ? { correctionReason: reading.correctionReason } : {}),
  };
}

/**
 * R-RO-3, R-ARC-1: a reading taken at an order's handover, as steps of the handover's
 * transaction: the vehicle's odometer and the reading in its history. Rather than read the vehicle
 * first, the update is conditioned on the rule itself: no reading below the last one unless a
 * correction reason is given. The vehicle's version moves, so a stale edit of it gets its 409
 * (R-ACC-5). When the condition fails, `refused` names the caller's error from the vehicle as it
 * is now (`undefined`: not on file).
 */
export function handoverReadingSteps(
  store: Store,
  input: {
    branchId: string;
    vehicleId: string;
    orderId: string;
    reading: OdometerReading;
    at: string;
    actor: Actor;
    refused: (vehicle: Item | undefined) => Error;
  },
): Step[] {
  const { reading, at, actor } = input;
  const key = vehicleKey(input.branchId, input.vehicleId);
  const update: Step = {
    item: {
      Update: {
        TableName: store.tableName,
        Key: key,
        UpdateExpression: 'SET odometerKm = :km, updatedAt = :at, updatedBy = :by ADD #version :one',
        ConditionExpression: reading.correctionReason
          ? 'attribute_exists(pk)'
          : 'attribute_exists(pk) AND (attribute_not_exists(odometerKm) OR odometerKm <= :km)',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':km': reading.km, ':at': at, ':by': actor.staffId, ':one': 1 },
      },
    },
    onConditionFailed: async () => input.refused(await getRecord(store, key)),
  };
  return [update, putStep(store, odometerReadingItem(key.pk, reading, at, actor, input.orderId))];
}

/** What a visit changes in the vehicle's archive (R-ARC-1); `null` clears the field. */
export interface VehicleVisitUpdate {
  odometerKm?: number;
  lastMaintenanceDate?: string;
  nextMaintenanceDate?: string | null;
}

/**
 * R-ARC-1: the vehicle's archive after a visit, as a step of the caller's transaction,
 * conditioned on the version read so a change made meanwhile is not overwritten (409 with
 * `conflict`).
 */
export function vehicleVisitStep(
  store: Store,
  vehicle: Pick<Vehicle, 'branchId' | 'id' | 'version'>,
  update: VehicleVisitUpdate,
  input: { actor: Actor; at: string; conflict: string },
): Step {
  const set = ['#version = #version + :one', 'updatedAt = :at', 'updatedBy = :by'];
  const values: Record<string, unknown> = {
    ':one': 1,
    ':at': input.at,
    ':by': input.actor.staffId,
    ':read': vehicle.version,
  };
  const remove: string[] = [];
  for (const [name, value] of Object.entries(update)) {
    if (value === undefined) continue;
    if (value === null) {
      remove.push(name);
      continue;
    }
    set.push(`${name} = :${name}`);
    values[`:${name}`] = value;
  }
  return {
    item: {
      Update: {
        TableName: store.tableName,
        Key: vehicleKey(vehicle.branchId, vehicle.id),
        UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
        ConditionExpression: '#version = :read',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: values,
      },
    },
    onConditionFailed: () => new VersionConflictError(input.conflict),
  };
}

export async function getVehicle(store: Store, branchId: string, vehicleId: string): Promise<Vehicle> {
  return fromItem<Vehicle>(
    await getRecordOr404(store, vehicleKey(branchId, vehicleId), `Vehicle ${vehicleId}`),
  );
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
