import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Vehicle } from '../archive/schemas/vehicle';
import { vehicleKey } from '../archive/store/vehicles';
import { ConflictError } from '../kernel/errors';
import type { Store } from '../platform/dynamo/client';
import { deleteStep, fromItem, type Item, type Key, putStep, type Step } from '../platform/dynamo/records';
import type { DeclinedWorkItem, OdometerPoint } from './rules';
import type { MaintenanceReminder, VehicleWarranty } from './schemas';

/**
 * The reminders area's items live in the vehicle's own partition (`BR#<b>#VEH#<v>`), beside the
 * vehicle (`VEHICLE`), its odometer readings (`ODO#<iso>#<o>`) and its declined work
 * (`DECLINED#<id>`), so one Query of that partition answers the next-service read (R-ARC-5) and
 * gives a reminder duty everything it re-plans from (R-MKT-1):
 * - `REMINDER#maintenance`: the current cycle and its one reminder duty;
 * - `WARRANTY#<orderId>`: the warranty an exit issued (R-WAR-1).
 */
const reminderKey = (branchId: string, vehicleId: string): Key => ({
  pk: vehicleKey(branchId, vehicleId).pk,
  sk: 'REMINDER#maintenance',
});

const warrantyKey = (branchId: string, vehicleId: string, orderId: string): Key => ({
  pk: vehicleKey(branchId, vehicleId).pk,
  sk: `WARRANTY#${orderId}`,
});

/** Everything the vehicle's partition holds, by kind. */
export interface VehicleFile {
  vehicle: Vehicle | undefined;
  readings: OdometerPoint[];
  declined: DeclinedWorkItem[];
  reminder: MaintenanceReminder | undefined;
  warranties: VehicleWarranty[];
}

/**
 * One Query of `pk = BR#<b>#VEH#<v>` (strongly consistent: it is read right before a write and
 * by a duty re-planning). The partition stays small: a reading per visit, a declined item per
 * refusal, a warranty per exit; a page beyond 1 MB is read on.
 */
export async function vehicleFile(store: Store, branchId: string, vehicleId: string): Promise<VehicleFile> {
  const pk = vehicleKey(branchId, vehicleId).pk;
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await store.doc.send(
      new QueryCommand({
        TableName: store.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...((page.Items ?? []) as Item[]));
    start = page.LastEvaluatedKey;
  } while (start);
  const file: VehicleFile = {
    vehicle: undefined,
    readings: [],
    declined: [],
    reminder: undefined,
    warranties: [],
  };
  for (const item of items) {
    const sk = String(item.sk);
    if (sk === 'VEHICLE') file.vehicle = fromItem<Vehicle>(item);
    else if (sk.startsWith('ODO#')) file.readings.push({ at: String(item.at), km: Number(item.km) });
    else if (sk.startsWith('DECLINED#')) file.declined.push(fromItem<DeclinedWorkItem>(item));
    else if (sk === reminderKey(branchId, vehicleId).sk) file.reminder = fromItem<MaintenanceReminder>(item);
    else if (sk.startsWith('WARRANTY#')) file.warranties.push(fromItem<VehicleWarranty>(item));
  }
  return file;
}

/**
 * The cycle's reminder item, written with its duty: conditioned on the duty read before (none, or
 * the same), so two writers never leave two reminder duties for one vehicle (R-X-3).
 */
export function reminderStep(
  store: Store,
  branchId: string,
  reminder: MaintenanceReminder,
  previousDutyId: string | undefined,
): Step {
  return putStep(
    store,
    { ...reminderKey(branchId, reminder.vehicleId), type: 'maintenance-reminder', branchId, ...reminder },
    {
      expression: previousDutyId ? 'dutyId = :previous' : 'attribute_not_exists(pk)',
      ...(previousDutyId ? { values: { ':previous': previousDutyId } } : {}),
      onConditionFailed: () =>
        new ConflictError(
          `The maintenance reminder of vehicle ${reminder.vehicleId} changed meanwhile; retry`,
        ),
    },
  );
}

/** The vehicle has no due any more (its cycle was cleared): its reminder item goes. */
export const dropReminderStep = (store: Store, branchId: string, vehicleId: string): Step =>
  deleteStep(store, reminderKey(branchId, vehicleId));

/** R-WAR-1: the warranty an exit issued, on the vehicle (written in the exit's transaction). */
export function warrantyStep(
  store: Store,
  branchId: string,
  vehicleId: string,
  warranty: VehicleWarranty,
): Step {
  return putStep(store, {
    ...warrantyKey(branchId, vehicleId, warranty.orderId),
    type: 'vehicle-warranty',
    branchId,
    vehicleId,
    ...warranty,
  });
}
