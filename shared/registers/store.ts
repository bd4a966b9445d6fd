import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { branchSettings } from '../branches/store';
import { letterRegisterPartition } from '../letters/store';
import type { Store } from '../platform/dynamo/client';
import {
  cursorRefused,
  decodeCursorKey,
  encodeCursor,
  type Item,
  isStartKeyRefusal,
  putStep,
  type Step,
} from '../platform/dynamo/records';
import { registerRange } from './rules';

/**
 * Registers of R-REG-1. Every form is in the `register` index under `BR#<b>#REG#<kind>`, sorted
 * by `<iso time>#<id>`: the repair orders and estimates themselves, and small register entries
 * for forms kept inside another record (add-on orders, settlements, exits, belongings lists).
 * A date range is the branch's local days (R-X-2), turned into UTC bounds: one Query per page.
 * The rows and their columns are the rules of shared/registers/rules.ts; listing and exporting
 * are in shared/registers/actions.ts.
 */
/** The forms of R-REG-1 kept in the `register` index. */
export type RegisterKind =
  | 'order'
  | 'estimate'
  | 'addon'
  | 'settlement'
  | 'diagnosis'
  | 'belongings'
  | 'visit'
  | 'exit'
  /** R-FUP-6: the call register 跟蹤服務電話登記表 (shared/follow-up/store/calls.ts). */
  | 'call'
  /** R-APT-3: the appointment register 維修預約登記表 (shared/appointments/store.ts). */
  | 'appointment'
  /** R-CMP-1..3: the complaint register 投訴登記 (shared/complaints/store.ts). */
  | 'complaint';

export const registerPartition = (branchId: string, kind: RegisterKind) => `BR#${branchId}#REG#${kind}`;

/**
 * A register entry (R-REG-1) for a form that lives inside another record (an add-on order, a
 * settlement, a belongings list): a small projection in the `register` index, written in the
 * same transaction as the form.
 */
export function registerEntryStep(
  store: Store,
  entry: {
    branchId: string;
    kind: RegisterKind;
    at: string;
    id: string;
    partition: string;
    data: Record<string, unknown>;
  },
): Step {
  return putStep(store, {
    pk: entry.partition,
    sk: `REG#${entry.kind}#${entry.id}`,
    type: 'register-entry',
    gsi2pk: registerPartition(entry.branchId, entry.kind),
    gsi2sk: `${entry.at}#${entry.id}`,
    kind: entry.kind,
    id: entry.id,
    at: entry.at,
    ...entry.data,
  });
}

/**
 * The kinds a branch lists and exports: the forms of R-REG-1 and the letter register
 * 跟蹤服務信函登記表 of R-FUP-6 (every SMS, filed by shared/letters/store.ts).
 */
export type ListedRegisterKind = RegisterKind | 'letter';

const partitionOf = (branchId: string, kind: ListedRegisterKind) =>
  kind === 'letter' ? letterRegisterPartition(branchId) : registerPartition(branchId, kind);

export interface RangeQuery {
  from: string;
  to: string;
  limit: number;
  cursor?: string | undefined;
}

/**
 * The items of a register between two local dates, oldest first: Queries of the `register`
 * index until `limit` items or the end (one Query unless a page hits DynamoDB's 1 MB cut). One
 * item more than asked for is read, so a cursor is given only when rows really remain.
 */
export async function registerItems(
  store: Store,
  branchId: string,
  kind: ListedRegisterKind,
  query: RangeQuery,
) {
  const branch = await branchSettings(store, branchId);
  const partition = partitionOf(branchId, kind);
  // `<iso>#<id>` sorts after `<iso>`: the upper bound (next local midnight) is exclusive.
  const { lower, upper } = registerRange(query.from, query.to, branch.timeZone);
  const items: Item[] = [];
  // A cursor only pages the register and the range it came from.
  let startKey = decodeCursorKey(
    query.cursor,
    (key) =>
      key.gsi2pk === partition &&
      typeof key.gsi2sk === 'string' &&
      key.gsi2sk >= lower &&
      key.gsi2sk <= upper,
  );
  do {
    const result = await store.doc
      .send(
        new QueryCommand({
          TableName: store.tableName,
          IndexName: 'register',
          KeyConditionExpression: 'gsi2pk = :p AND gsi2sk BETWEEN :lower AND :upper',
          ExpressionAttributeValues: { ':p': partition, ':lower': lower, ':upper': upper },
          Limit: query.limit + 1 - items.length,
          ExclusiveStartKey: startKey,
        }),
      )
      .catch((error: unknown) => {
        throw isStartKeyRefusal(error) ? cursorRefused() : error;
      });
    items.push(...((result.Items ?? []) as Item[]));
    startKey = result.LastEvaluatedKey;
  } while (startKey && items.length <= query.limit);
  const page = items.slice(0, query.limit);
  const last = page.at(-1);
  const nextCursor =
    items.length > query.limit && last
      ? encodeCursor({ pk: last.pk, sk: last.sk, gsi2pk: last.gsi2pk, gsi2sk: last.gsi2sk })
      : undefined;
  return { timeZone: branch.timeZone, items: page, ...(nextCursor ? { nextCursor } : {}) };
}
