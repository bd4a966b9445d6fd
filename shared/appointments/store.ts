import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError, VersionConflictError } from '../kernel/errors';
import type { Store } from '../platform/dynamo/client';
import { fromItem, getRecord, type Item, type Key, putStep, type Step } from '../platform/dynamo/records';
import { registerPartition } from '../registers/store';
import type { Appointment } from './schemas';

/**
 * Appointments 預約維修單 (R-APT-1..5) and the bays they hold (R-APT-3).
 *
 * - `BR#<b>#APPT#<id>` / `APPT`: the appointment, in the appointment register 維修預約登記表
 *   (`register`: `BR#<b>#REG#appointment` → `<createdAt>#<id>`).
 *   While booked or confirmed it is also under its vehicle (`lookup`: `BR#<b>#VEH#<v>#APPTS` →
 *   `<startAt>#<id>`), for the vehicle's next service (R-ARC-5).
 * - `BR#<b>#BAYS#<local date>` / `SLOT#<HH:mm>`: the bays held in one slot of a day (`held`),
 *   moved by `ADD` in the transaction of the booking, move, cancel or no-show that takes or frees
 *   them, conditioned so that `held` never passes the branch's bays: of concurrent bookings for
 *   the last bay exactly one wins. A day's capacity is one Query of its partition.
 */
const appointmentKey = (branchId: string, id: string): Key => ({
  pk: `BR#${branchId}#APPT#${id}`,
  sk: 'APPT',
});

const bayDayPartition = (branchId: string, date: string) => `BR#${branchId}#BAYS#${date}`;

/** R-ARC-5: a vehicle's appointments still to come, in the `lookup` index while booked or confirmed. */
const upcomingPartition = (branchId: string, vehicleId: string) => `BR#${branchId}#VEH#${vehicleId}#APPTS`;

function appointmentItem(appointment: Appointment): Item {
  const upcoming = appointment.state === 'booked' || appointment.state === 'confirmed';
  return {
    ...appointmentKey(appointment.branchId, appointment.id),
    type: 'appointment',
    gsi2pk: registerPartition(appointment.branchId, 'appointment'),
    gsi2sk: `${appointment.createdAt}#${appointment.id}`,
    ...(upcoming
      ? {
          gsi1pk: upcomingPartition(appointment.branchId, appointment.vehicleId),
          gsi1sk: `${appointment.startAt}#${appointment.id}`,
        }
      : {}),
    ...appointment,
  };
}

/**
 * R-ARC-5: the vehicle's booked or confirmed appointments from `from` on, earliest first: one
 * Query of the `lookup` index (a car has a handful). Eventually consistent, like every index.
 */
export async function upcomingAppointmentsOfVehicle(
  store: Store,
  branchId: string,
  vehicleId: string,
  from: Date,
): Promise<Appointment[]> {
  const result = await store.doc.send(
    new QueryCommand({
      TableName: store.tableName,
      IndexName: 'lookup',
      KeyConditionExpression: 'gsi1pk = :p AND gsi1sk >= :from',
      ExpressionAttributeValues: {
        ':p': upcomingPartition(branchId, vehicleId),
        ':from': from.toISOString(),
      },
      Limit: 20,
    }),
  );
  return (result.Items ?? []).map((i) => fromItem<Appointment>(i));
}

export async function getAppointment(store: Store, branchId: string, id: string): Promise<Appointment> {
  const item = await getRecord(store, appointmentKey(branchId, id));
  if (!item) throw new NotFoundError(`Appointment ${id} was not found in branch ${branchId}`);
  return fromItem<Appointment>(item);
}

/** A new appointment: put once (a repeated id is a 409). */
export function newAppointmentStep(store: Store, appointment: Appointment): Step {
  return putStep(store, appointmentItem(appointment), {
    expression: 'attribute_not_exists(pk)',
    onConditionFailed: () => new ConflictError(`appointment ${appointment.id} exists`),
  });
}

/** The appointment written over the version read (R-ACC-5): a write in between makes a 409. */
export function appointmentUpdateStep(store: Store, next: Appointment, readVersion: number): Step {
  return putStep(store, appointmentItem(next), {
    expression: '#version = :read',
    names: { '#version': 'version' },
    values: { ':read': readVersion },
    onConditionFailed: () =>
      new VersionConflictError(`Appointment ${next.id} changed after version ${readVersion}; reload it`),
  });
}

/**
 * R-APT-3: takes (`delta` > 0) or frees (< 0) bays of one slot. Taking is conditioned on the slot
 * keeping `held <= bays`; freeing on holding that many. `onFull` is the error of a full slot.
 */
export function baySlotStep(
  store: Store,
  input: {
    branchId: string;
    date: string;
    slot: string;
    delta: number;
    bays: number;
    onFull: () => Promise<Error> | Error;
  },
): Step {
  const { branchId, date, slot, delta } = input;
  const taking = delta > 0;
  return {
    item: {
      Update: {
        TableName: store.tableName,
        Key: { pk: bayDayPartition(branchId, date), sk: `SLOT#${slot}` },
        UpdateExpression:
          'SET #type = :type, branchId = :branch, #date = :date, slot = :slot ADD held :delta',
        ConditionExpression: taking ? 'attribute_not_exists(held) OR held <= :max' : 'held >= :freed',
        ExpressionAttributeNames: { '#type': 'type', '#date': 'date' },
        ExpressionAttributeValues: {
          ':type': 'bay-slot',
          ':branch': branchId,
          ':date': date,
          ':slot': slot,
          ':delta': delta,
          ...(taking ? { ':max': input.bays - delta } : { ':freed': -delta }),
        },
      },
    },
    onConditionFailed: taking
      ? input.onFull
      : () => new ConflictError(`The bays of ${date} ${slot} changed meanwhile; retry`),
  };
}

/** R-APT-3: the bays held per slot (`HH:mm` → held) of a local day: one Query. */
export async function baysHeld(store: Store, branchId: string, date: string): Promise<Map<string, number>> {
  const held = new Map<string, number>();
  let startKey: Record<string, unknown> | undefined;
  do {
    const result = await store.doc.send(
      new QueryCommand({
        TableName: store.tableName,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': bayDayPartition(branchId, date) },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of result.Items ?? []) {
      held.set(String(item.slot), typeof item.held === 'number' ? item.held : 0);
    }
    startKey = result.LastEvaluatedKey;
  } while (startKey);
  return held;
}
