import { type Cell, formatMinor } from '../kernel/csv';
import { addDays, localDateTime, startOfLocalDay } from '../kernel/local-time';

/**
 * Rules of the registers of R-REG-1: the columns of each form's register, how a stored form
 * becomes a row, how a row is written for Excel, and which UTC instants a range of the branch's
 * local days covers (R-X-2). Plain functions of stored items; the Queries are in store.ts.
 */
type Item = Record<string, unknown>;
type RegisterCell = string | number | boolean | null;

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
 * the belongings entry of the handover (shared/orders/actions/order.ts) and the add-on,
 * settlement and exit entries (shared/orders/actions/completion.ts). A missing attribute is an empty cell.
 */
const findings = (item: Item): unknown =>
  Array.isArray(item.findings)
    ? item.findings.map(
        (f: { system?: string; finding?: string; severity?: string }) =>
          `${f.system ? `${f.system}: ` : ''}${f.finding ?? ''} (${f.severity ?? ''})`,
      )
    : undefined;

const registerColumns = {
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
  // R-APT-3: the appointment register 維修預約登記表: `at` is when it was booked, `startAt` the
  // appointment's own time; the deposit and what it still waits for (R-APT-2).
  appointment: [
    col('plate'),
    col('customerName'),
    col('state'),
    col('origin'),
    col('purpose'),
    time('startAt'),
    col('durationMinutes'),
    col('slots'),
    col('work'),
    money('highValueParts'),
    money('depositRequired'),
    money('deposit', 'deposit', 'amount'),
    col('currency'),
    { name: 'confirmedBy', value: field('confirmation', 'by') },
    { name: 'confirmedHow', value: field('confirmation', 'method') },
    { name: 'cancelReason', value: field('cancellation', 'reason') },
    col('awaiting'),
    who('advisor'),
  ],
  // R-CMP-1..3: the complaint register: `at` is when it was taken; the promised response time,
  // the response time in minutes and whether it kept the promise, the satisfaction with the answer.
  complaint: [
    col('customerName'),
    col('channel'),
    col('category'),
    col('state'),
    col('words'),
    { name: 'orderId', value: field('orderId') },
    { name: 'vehicleId', value: field('vehicleId') },
    who('takenBy'),
    { name: 'respondBy', value: field('promise', 'respondBy'), time: true },
    { name: 'answeredAt', value: field('answer', 'at'), time: true },
    { name: 'responseMinutes', value: field('answer', 'minutes') },
    { name: 'answeredOnTime', value: field('answer', 'onTime') },
    { name: 'solvedAt', value: field('solution', 'at'), time: true },
    { name: 'satisfaction', value: field('closure', 'satisfaction') },
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
} satisfies Record<string, Column[]>;

/** The kinds that have columns: every register a branch lists (checked against the store's kinds). */
export type RegisterColumnsKind = keyof typeof registerColumns;

/** A stored value as one cell: lists joined, people by name, belongings as `item × n`. */
export function toCell(value: unknown): RegisterCell {
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

/** A form of the register as a row: its id and time from the sort key, then its kind's columns. */
export function rowOf(kind: RegisterColumnsKind, item: Item): RegisterRow {
  const sortKey = String(item.gsi2sk);
  const split = sortKey.indexOf('#');
  const row: RegisterRow = { id: sortKey.slice(split + 1), at: sortKey.slice(0, split) };
  for (const column of registerColumns[kind]) row[column.name] = toCell(column.value(item));
  return row;
}

/** The names of a register's columns, in export order. */
export function columnNames(kind: RegisterColumnsKind): string[] {
  return ['id', 'at', ...registerColumns[kind].map((c) => c.name)];
}

/** A row as CSV cells for Excel: times in the branch's local time, money in major units (R-REG-1). */
export function csvCells(kind: RegisterColumnsKind, row: RegisterRow, timeZone: string): Cell[] {
  const cells: Cell[] = [row.id, localDateTime(row.at, timeZone)];
  for (const column of registerColumns[kind]) {
    const value = row[column.name];
    if (column.money && typeof value === 'number') cells.push(formatMinor(value));
    else if (column.time && typeof value === 'string') cells.push(localDateTime(value, timeZone));
    else cells.push(value);
  }
  return cells;
}

/**
 * R-X-2: the local days `from` to `to` (inclusive) of the branch as UTC bounds of the register's
 * sort keys. `<iso>#<id>` sorts after `<iso>`: the upper bound (the next local midnight) is
 * exclusive.
 */
export function registerRange(from: string, to: string, timeZone: string): { lower: string; upper: string } {
  return { lower: startOfLocalDay(from, timeZone), upper: startOfLocalDay(addDays(to, 1), timeZone) };
}
