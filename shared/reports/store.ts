import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '../kernel/errors';
import type { Store } from '../platform/dynamo/client';
import { fromItem, getRecord, type Item, type Key, queryPage } from '../platform/dynamo/records';
import { type Report, reportKind } from './schemas/report';

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

/** Reports start counting receivables from this day (the first day any figure can have). */
const beginning = '2000-01-01';

/** Every day of a branch's figures up to `to` (inclusive): what is still owed at its end. */
export function branchDaysUntil(store: Store, branchId: string, to: string): Promise<DayFigures[]> {
  return branchDays(store, branchId, beginning, to);
}

/**
 * A report is a snapshot: `BR#<b>#REPORT#<kind>` / `<from>`, written once (a retried duty finds
 * it and schedules nothing more), replaced once by its final edition (R-RPT-2).
 */
export const reportKey = (branchId: string, kind: string, from: string): Key => ({
  pk: `BR#${branchId}#REPORT#${kind}`,
  sk: from,
});

/**
 * The next report of each kind a branch is waiting for: `BR#<b>#REPORTS` / `NEXT#<kind>`, written
 * with its duty. The daily catch-up (`catchUpReports`) reads it to produce a report whose duty did
 * not (dead-lettered, or a branch from before reports existed).
 */
export const scheduleKey = (branchId: string, kind: string): Key => ({
  pk: `BR#${branchId}#REPORTS`,
  sk: `NEXT#${kind}`,
});

export async function getReport(store: Store, branchId: string, kind: string, from: string): Promise<Report> {
  const item = await getRecord(store, reportKey(branchId, kind, from));
  if (!item) throw new NotFoundError(`No ${kind} report of branch ${branchId} starting ${from}`);
  return fromItem<Report>(item);
}

/** The branch's reports of one kind whose period starts between two local days, oldest first. */
export async function listReports(
  store: Store,
  input: {
    branchId: string;
    kind: string;
    from: string;
    to: string;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<{ items: Report[]; nextCursor?: string }> {
  const partition = reportKey(input.branchId, input.kind, '').pk;
  const page = await queryPage(store, {
    KeyConditionExpression: 'pk = :p AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':p': partition, ':from': input.from, ':to': input.to },
    partition,
    limit: input.limit,
    cursor: input.cursor,
  });
  return { ...page, items: page.items.map((i) => fromItem<Report>(i)) };
}

/** The branch's next report of each kind (its schedule entries), by kind: one Query. */
export async function nextReports(store: Store, branchId: string): Promise<Map<string, Item>> {
  const page = await queryPage(store, {
    KeyConditionExpression: 'pk = :p AND begins_with(sk, :next)',
    ExpressionAttributeValues: { ':p': scheduleKey(branchId, '').pk, ':next': 'NEXT#' },
    partition: scheduleKey(branchId, '').pk,
    limit: reportKind.options.length,
  });
  return new Map(page.items.map((i) => [String(i.kind), i]));
}
