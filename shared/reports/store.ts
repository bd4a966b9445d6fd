import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from '../platform/dynamo/client';
import type { Item, Key } from '../platform/dynamo/records';

/**
 * The aggregates the aggregator (shared/reports/actions/aggregate.ts) keeps and dashboards and reports
 * read (R-RPT-4: their cost follows the days and branches asked for, never the orders):
 * - a branch's day: `BR#<b>#METRICS` / `DAY#<yyyy-mm-dd>`, one numeric attribute per counter;
 * - an inspector's day: `BR#<b>#METRICS#INSPECTORS` / `DAY#<yyyy-mm-dd>#<staffId>`.
 */
export const dayKey = (branchId: string, day: string): Key => ({
  pk: `BR#${branchId}#METRICS`,
  sk: `DAY#${day}`,
});
export const inspectorDayKey = (branchId: string, day: string, staffId: string): Key => ({
  pk: `BR#${branchId}#METRICS#INSPECTORS`,
  sk: `DAY#${day}#${staffId}`,
});

export type Counters = Record<string, number>;

export interface DayFigures {
  day: string;
  counters: Counters;
}

export interface InspectorDayFigures extends DayFigures {
  staffId: string;
  name: string;
}

const bookkeeping = new Set(['pk', 'sk', 'type', 'branchId', 'day', 'staffId', 'name']);

function countersOf(item: Item): Counters {
  const counters: Counters = {};
  for (const [name, value] of Object.entries(item)) {
    if (!bookkeeping.has(name) && typeof value === 'number') counters[name] = value;
  }
  return counters;
}

/** Every item of one partition between two sort keys, all pages. */
async function queryRange(store: Store, pk: string, from: string, to: string): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const result = await store.doc.send(
      new QueryCommand({
        TableName: store.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to },
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...((result.Items ?? []) as Item[]));
    startKey = result.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** A branch's figures per local day from `from` to `to` (inclusive), oldest first: one Query. */
export async function branchDays(
  store: Store,
  branchId: string,
  from: string,
  to: string,
): Promise<DayFigures[]> {
  const items = await queryRange(store, dayKey(branchId, from).pk, `DAY#${from}`, `DAY#${to}`);
  return items.map((item) => ({ day: String(item.day), counters: countersOf(item) }));
}

/** The branch's inspectors' figures per local day in the range: one Query. */
export async function inspectorDays(
  store: Store,
  branchId: string,
  from: string,
  to: string,
): Promise<InspectorDayFigures[]> {
  // `~` sorts after every staff id, so the last day's inspectors are included.
  const items = await queryRange(store, inspectorDayKey(branchId, from, '').pk, `DAY#${from}`, `DAY#${to}#~`);
  return items.map((item) => ({
    day: String(item.day),
    staffId: String(item.staffId),
    name: String(item.name),
    counters: countersOf(item),
  }));
}

/** Adds counters up. */
export function sumCounters(list: readonly Counters[]): Counters {
  const total: Counters = {};
  for (const counters of list) {
    for (const [name, value] of Object.entries(counters)) total[name] = (total[name] ?? 0) + value;
  }
  return total;
}
