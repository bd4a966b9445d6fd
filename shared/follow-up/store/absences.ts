import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '../../kernel/errors';
import type { Store } from '../../platform/dynamo/client';
import { fromItem, getRecord, type Item, type Key, queryAll, queryPage } from '../../platform/dynamo/records';
import { clock } from '../../platform/ports/clock';
import { absenceStatus } from '../rules';
import type { Absence } from '../schemas';

/**
 * Absences and delegates (R-FUP-1: "指定跟蹤業務員不在崗時，由業務主管臨時指派本部其他人員暫時代理工作").
 * The supervisor records who is away, from when until when, and who stands in. At `from` an
 * `absence-start` duty moves the absent person's open duties to the delegate's queue; at `until`
 * (or when the supervisor ends the absence early) an `absence-end` duty moves back the ones the
 * delegate has not done. While the absence runs, duties raised for the absent person go to the
 * delegate straight away (`assigneeAt`).
 *
 * Items: `BR#<b>#ABSENCE#<id>` / `ABSENCE`; the person's absences on `lookup`
 * (`BR#<b>#STAFF#<staffId>#ABSENCES` → `<from>#<id>`), the branch's on `register`
 * (`BR#<b>#ABSENCES` → `<from>#<id>`); a lock item per person
 * (`BR#<b>#STAFF#<staffId>#ABSENCES` / `LOCK`) serialises two supervisors recording overlapping
 * absences at once.
 */
export const absenceKey = (branchId: string, id: string): Key => ({
  pk: `BR#${branchId}#ABSENCE#${id}`,
  sk: 'ABSENCE',
});
export const staffAbsencesPartition = (branchId: string, staffId: string) =>
  `BR#${branchId}#STAFF#${staffId}#ABSENCES`;
/** The branch's absences on `register`, by start time (not a form of R-REG-1, so not a register kind). */
export const branchAbsencesPartition = (branchId: string) => `BR#${branchId}#ABSENCES`;
export const lockKey = (branchId: string, staffId: string): Key => ({
  pk: staffAbsencesPartition(branchId, staffId),
  sk: 'LOCK',
});

export interface StoredAbsence extends Omit<Absence, 'status'> {
  startDutyId: string;
  endDutyId: string;
}

function toAbsence(item: Item, now: Date): Absence {
  const { startDutyId: _s, endDutyId: _e, ...stored } = fromItem<StoredAbsence>(item);
  return { ...stored, status: absenceStatus(stored, now) };
}

/**
 * Absences not over yet in one index partition: a person's (`lookup`) or the branch's
 * (`register`); a handful at a time. Absences that ended before now are history; `until` bounds
 * them without reading them all.
 */
async function absencesNotOver(
  store: Store,
  where: { index: 'lookup' | 'register'; partition: string },
  now: Date,
): Promise<Absence[]> {
  const key = where.index === 'lookup' ? 'gsi1pk' : 'gsi2pk';
  const items = await queryAll(store, {
    IndexName: where.index,
    KeyConditionExpression: `${key} = :p`,
    FilterExpression: '#until > :now',
    ExpressionAttributeNames: { '#until': 'until' },
    ExpressionAttributeValues: { ':p': where.partition, ':now': now.toISOString() },
    partition: where.partition,
  });
  return items.map((i) => toAbsence(i, now)).filter((a) => a.status === 'active' || a.status === 'scheduled');
}

/** The absences of one person, not yet over. */
export const currentAbsences = (store: Store, branchId: string, staffId: string, now: Date) =>
  absencesNotOver(store, { index: 'lookup', partition: staffAbsencesPartition(branchId, staffId) }, now);

/** Every absence of the branch not over yet. */
export const branchAbsencesNotOver = (store: Store, branchId: string, now: Date) =>
  absencesNotOver(store, { index: 'register', partition: branchAbsencesPartition(branchId) }, now);

/**
 * Who does a duty raised at `at` for `staffId`: the delegate while an absence of theirs runs
 * (with `delegatedFrom`, so it goes back with the others), else the person themselves.
 * `ignoring` leaves out an absence being ended: the index may still show it without its end.
 */
export async function assigneeAt(
  store: Store,
  branchId: string,
  staffId: string,
  at: Date,
  ignoring?: string,
): Promise<{ assignee: string; delegatedFrom?: string }> {
  const running = (await currentAbsences(store, branchId, staffId, at)).find(
    (a) => a.status === 'active' && a.id !== ignoring,
  );
  return running ? { assignee: running.delegate.staffId, delegatedFrom: staffId } : { assignee: staffId };
}

export async function getAbsence(store: Store, branchId: string, id: string): Promise<Absence> {
  const item = await getRecord(store, absenceKey(branchId, id));
  if (!item) throw new NotFoundError(`Absence ${id} was not found`);
  return toAbsence(item, clock().now());
}

export async function getStored(store: Store, branchId: string, id: string): Promise<StoredAbsence> {
  const item = await getRecord(store, absenceKey(branchId, id));
  if (!item) throw new NotFoundError(`Absence ${id} was not found`);
  return fromItem<StoredAbsence>(item);
}

/** The branch's absences by start time, newest first (the supervisor's list). */
export async function listAbsences(
  store: Store,
  branchId: string,
  options: { limit: number; cursor?: string | undefined },
): Promise<{ items: Absence[]; nextCursor?: string }> {
  const partition = branchAbsencesPartition(branchId);
  const page = await queryPage(store, {
    IndexName: 'register',
    KeyConditionExpression: 'gsi2pk = :p',
    ExpressionAttributeValues: { ':p': partition },
    ScanIndexForward: false,
    partition,
    limit: options.limit,
    cursor: options.cursor,
  });
  const now = clock().now();
  return { ...page, items: page.items.map((i) => toAbsence(i, now)) };
}

export async function countMoves(
  store: Store,
  branchId: string,
  id: string,
  field: 'movedDuties' | 'returnedDuties',
  n: number,
) {
  if (n === 0) return;
  await store.doc.send(
    new UpdateCommand({
      TableName: store.tableName,
      Key: absenceKey(branchId, id),
      UpdateExpression: `ADD ${field} :n`,
      ExpressionAttributeValues: { ':n': n },
    }),
  );
}
