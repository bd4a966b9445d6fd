import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { branchSettings } from '../branches/store';
import { type Cell, formatMinor, toCsv } from '../kernel/csv';
import { addDays, localDateTime, startOfLocalDay } from '../kernel/local-time';
import { letterRegisterPartition } from '../letters/store';
import { type RegisterKind, registerPartition } from '../orders/store/orders';
import type { Store } from '../platform/dynamo/client';
import {
  cursorRefused,
  decodeCursorKey,
  encodeCursor,
  type Item,
  isStartKeyRefusal,
} from '../platform/dynamo/records';

/**
 * Registers of R-REG-1. Every form is in the `register` index under `BR#<b>#REG#<kind>`, sorted
 * by `<iso time>#<id>`: the repair orders and estimates themselves, and small register entries
 * for forms kept inside another record (add-on orders, settlements, exits, belongings lists).
 * A date range is the branch's local days (R-X-2), turned into UTC bounds: one Query per page.
 */
type RegisterCell = string | number | boolean | null;

/**
 * The kinds a branch lists and exports: the forms of R-REG-1 and the letter register
 * 跟蹤服務信函登記表 of R-FUP-6 (every SMS, filed by shared/letters/store.ts).
 */
export type ListedRegisterKind = RegisterKind | 'letter';

const partitionOf = (branchId: string, kind: ListedRegisterKind) =>
  kind === 'letter' ? letterRegisterPartition(branchId) : registerPartition(branchId, kind);

interface Column {
  name: string;
  value: (item: Item) => unknown;
  /** Minor units: a number in JSON, a decimal in major units in CSV. */
  money?: boolean;
  /** An instant: ISO UTC in JSON, the branch's local `YYYY-MM-DD HH:mm` in CSV. */
  time?: boolean;
}

const field =
  (...path: string[]) =>
  (item: Item): unknown =>
    path.reduce<unknown>(
      (value, key) =>
        value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined,
      item,
    );

const col = (name: string, extra: Partial<Column> = {}): Column => ({ name, value: field(name), ...extra });
const money = (name: string, ...path: string[]): Column => ({
  name,
  value: field(...(path.length ? path : [name])),
  money: true,
});
const time = (name: string): Column => col(name, { time: true });
const who = (name: string): Column => ({ name, value: field(name, 'name') });

/**
 * Columns per kind, in export order, read from the record or register entry of each form: the
 * repair order and estimate records, the visit and diagnosis records (shared/reception/store/visits.ts),
 * the belongings entry of the handover (order-actions.ts) and the add-on, settlement and exit
 * entries (order-completion.ts). A missing attribute is an empty cell.
 */
const findings = (item: Item): unknown =>
  Array.isArray(item.findings)
    ? item.findings.map(
        (f: { system?: string; finding?: string; severity?: string }) =>
          `${f.system ? `${f.system}: ` : ''}${f.finding ?? ''} (${f.severity ?? ''})`,
      )
    : undefined;

const columns: Record<ListedRegisterKind, Column[]> = {
  order: [
    col('plate'),
    col('customerName'),
    col('state'),
    col('pricingMethod'),
    money('total', 'totals', 'total'),
    col('currency'),
    time('promisedAt'),
    who('advisor'),
    { name: 'confirmedBy', value: field('confirmation', 'by') },
  ],
  estimate: [
    col('customerId'),
    col('vehicleId'),
    col('pricingMethod'),
    col('status'),
    money('total', 'totals', 'total'),
    col('currency'),
    col('orderId'),
  ],
  addon: [
    col('orderId'),
    col('plate'),
    col('customerName'),
    col('description'),
    col('reason'),
    money('price'),
    col('currency'),
    col('extraMinutes'),
    col('safetyRelated'),
    col('status'),
    col('raisedBy'),
    col('channel'),
    time('customerContactedAt'),
    time('workshopToldAt'),
    col('workshopToldWho'),
    col('answeredBy'),
  ],
  settlement: [
    col('orderId'),
    col('plate'),
    col('customerName'),
    money('labour'),
    money('parts'),
    money('fees'),
    money('riskPremium'),
    money('total'),
    money('discount'),
    money('deposit'),
    money('amountDue'),
    money('paid'),
    money('outstanding'),
    col('currency'),
    col('issuedBy'),
  ],
  diagnosis: [
    col('plate'),
    col('customerName'),
    { name: 'findings', value: findings },
    col('recommendedWork'),
    who('technician'),
    money('fee'),
    col('currency'),
    time('shownToCustomerAt'),
  ],
  belongings: [col('orderId'), col('plate'), col('customerName'), col('belongings'), col('confirmedBy')],
  visit: [
    { name: 'customerName', value: (item) => item.customerName ?? field('visitor', 'name')(item) },
    col('plate'),
    col('purpose'),
    col('returning'),
    col('status'),
    col('outcome'),
    who('advisor'),
    col('orderId'),
  ],
  exit: [
    col('orderId'),
    col('plate'),
    col('customerName'),
    col('outcome'),
    col('documentsHandedOver'),
    col('customerConfirmedBy'),
    col('odometerKm'),
    time('warrantyUntil'),
    col('warrantyKm'),
    col('nextMaintenanceDate'),
    col('recordedBy'),
  ],
  // R-FUP-6: the call register: `at` is when the call took place; `open` counts the requests,
  // wishes and complaints still waiting for a solution (R-FUP-4).
  call: [
    col('customerName'),
    col('direction'),
    col('purpose'),
    col('round'),
    { name: 'agent', value: field('agent', 'name') },
    col('topics'),
    col('keyPoints'),
    { name: 'items', value: (item) => (Array.isArray(item.items) ? item.items.length : 0) },
    {
      name: 'open',
      value: (item) =>
        Array.isArray(item.items)
          ? item.items.filter((i: { status?: string }) => i.status === 'open').length
          : 0,
    },
    col('durationMinutes'),
  ],
  // R-FUP-6: `at` is when the letter was filed; `statusAt` when its status last moved (the send
  // time of a sent letter), `sendAt` when it may go (after quiet hours, R-X-1).
  letter: [
    col('customerId'),
    col('to'),
    col('templateId'),
    col('locale'),
    col('kind'),
    col('status'),
    { name: 'statusAt', value: field('updatedAt'), time: true },
    time('sendAt'),
    col('segments'),
    col('encoding'),
    col('providerMessageId'),
    col('attempts'),
    col('error'),
    {
      name: 'subject',
      value: (item) =>
        item.subject ? `${field('subject', 'kind')(item)} ${field('subject', 'id')(item)}` : undefined,
    },
  ],
};

/** A stored value as one cell: lists joined, people by name, belongings as `item × n`. */
function toCell(value: unknown): RegisterCell {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((v) => String(toCell(v) ?? '')).join('; ');
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.item === 'string' && record.quantity !== undefined) {
      return `${record.item} × ${record.quantity}`;
    }
    if (typeof record.name === 'string') return record.name;
    return JSON.stringify(value);
  }
  return String(value);
}

export interface RegisterRow {
  id: string;
  at: string;
  [column: string]: RegisterCell;
}

interface RangeQuery {
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
async function registerItems(store: Store, branchId: string, kind: ListedRegisterKind, query: RangeQuery) {
  const branch = await branchSettings(store, branchId);
  const partition = partitionOf(branchId, kind);
  // `<iso>#<id>` sorts after `<iso>`: the upper bound (next local midnight) is exclusive.
  const lower = startOfLocalDay(query.from, branch.timeZone);
  const upper = startOfLocalDay(addDays(query.to, 1), branch.timeZone);
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

function rowOf(kind: ListedRegisterKind, item: Item): RegisterRow {
  const sortKey = String(item.gsi2sk);
  const split = sortKey.indexOf('#');
  const row: RegisterRow = { id: sortKey.slice(split + 1), at: sortKey.slice(0, split) };
  for (const column of columns[kind]) row[column.name] = toCell(column.value(item));
  return row;
}

/** R-REG-1: one page of a register, each form as a row of its kind's columns. */
export async function listRegister(
  store: Store,
  branchId: string,
  kind: ListedRegisterKind,
  query: RangeQuery,
) {
  const { items, ...page } = await registerItems(store, branchId, kind, query);
  return {
    kind,
    from: query.from,
    to: query.to,
    columns: ['id', 'at', ...columns[kind].map((c) => c.name)],
    items: items.map((item) => rowOf(kind, item)),
    ...page,
  };
}

/**
 * R-REG-1: the register as CSV for Excel: times in the branch's local time, money in major units.
 * At most `limit` rows; `nextCursor` continues the export.
 */
export async function exportRegisterCsv(
  store: Store,
  branchId: string,
  kind: ListedRegisterKind,
  query: RangeQuery,
): Promise<{ csv: string; filename: string; nextCursor?: string }> {
  const { items, timeZone, nextCursor } = await registerItems(store, branchId, kind, query);
  const header = ['id', 'at', ...columns[kind].map((c) => c.name)];
  const rows = items.map((item) => {
    const row = rowOf(kind, item);
    const cells: Cell[] = [row.id, localDateTime(row.at, timeZone)];
    for (const column of columns[kind]) {
      const value = row[column.name];
      if (column.money && typeof value === 'number') cells.push(formatMinor(value));
      else if (column.time && typeof value === 'string') cells.push(localDateTime(value, timeZone));
      else cells.push(value);
    }
    return cells;
  });
  return {
    csv: toCsv(header, rows),
    filename: `${branchId}-${kind}-${query.from}-${query.to}.csv`,
    ...(nextCursor ? { nextCursor } : {}),
  };
}
