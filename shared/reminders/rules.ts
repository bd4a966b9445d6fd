import { addDays, addMonths, localDate, localWallTime } from '../kernel/local-time';
import type { Policy } from '../kernel/policy';
import type { NextServiceItem, UpcomingAppointment, VehicleWarranty } from './schemas';

/**
 * The rules of reminders (R-MKT-1, R-ARC-5, R-ADD-2): plain functions of the archive and a clock.
 *
 * A maintenance cycle starts at the last maintenance (a maintenance exit sets it), else on the day
 * the archive was opened. It is due by date (the next maintenance date on file, else the cycle's
 * months from its start) and/or by mileage (the cycle's km from the reading at its start); the
 * mileage due date is projected from the odometer history's km per day. The reminder goes
 * `maintenanceLeadDays` before the earlier of the two, at the branch's reminder time.
 */
type ReminderPolicy = Policy['reminders'];

export interface OdometerPoint {
  at: string;
  km: number;
}

export interface CycleVehicle {
  createdAt: string;
  maintenanceCycle?: { months?: number | undefined; km?: number | undefined } | undefined;
  lastMaintenanceDate?: string | undefined;
  nextMaintenanceDate?: string | undefined;
}

const dayMs = 86_400_000;

const byTime = (a: OdometerPoint, b: OdometerPoint) => a.at.localeCompare(b.at);

/**
 * R-MKT-1: how far the car goes a day: the average between the oldest reading of the window
 * (`projectionWindowDays` before the latest) and the latest, when they are at least a day apart
 * and the odometer went up; else the policy's default (one reading, or readings of one day).
 */
export function kmPerDay(
  readings: readonly OdometerPoint[],
  policy: ReminderPolicy,
): { kmPerDay: number; basis: 'history' | 'default' } {
  const sorted = [...readings].sort(byTime);
  const latest = sorted.at(-1);
  const fallback = { kmPerDay: policy.defaultKmPerDay, basis: 'default' as const };
  if (!latest) return fallback;
  const from = Date.parse(latest.at) - policy.projectionWindowDays * dayMs;
  const oldest = sorted.find((r) => Date.parse(r.at) >= from) ?? latest;
  const days = (Date.parse(latest.at) - Date.parse(oldest.at)) / dayMs;
  const km = latest.km - oldest.km;
  if (days < 1 || km <= 0) return fallback;
  return { kmPerDay: km / days, basis: 'history' };
}

/** R-MKT-1: the local date on which the odometer is projected to reach `targetKm`. */
export function projectedKmDate(
  readings: readonly OdometerPoint[],
  targetKm: number,
  timeZone: string,
  policy: ReminderPolicy,
): { date: string; kmPerDay: number; basis: 'history' | 'default' } | undefined {
  const latest = [...readings].sort(byTime).at(-1);
  if (!latest) return undefined;
  const rate = kmPerDay(readings, policy);
  const days = Math.max(0, (targetKm - latest.km) / rate.kmPerDay);
  const at = new Date(Date.parse(latest.at) + Math.floor(days) * dayMs);
  return { date: localDate(at, timeZone), ...rate };
}

/** The reading a cycle counts its km from: the last one on or before its start, else the first after. */
function readingAtStart(readings: readonly OdometerPoint[], cycleStart: string, timeZone: string) {
  const sorted = [...readings].sort(byTime);
  const before = sorted.filter((r) => localDate(r.at, timeZone) <= cycleStart).at(-1);
  return before ?? sorted[0];
}

export interface MaintenancePlan {
  cycleStart: string;
  /** The earlier of the two dues, a local date. */
  dueDate: string;
  by: 'date' | 'km';
  dueKm?: number;
  /** When the reminder goes: the lead before `dueDate` at the reminder time, or now when that passed. */
  remindAt: string;
  reason: string;
}

const hhmm = (minuteOfDay: number) =>
  `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;

/** A local date's reminder time (policy `sendAtMinuteOfDay`), as a UTC instant. */
function reminderTimeOn(date: string, timeZone: string, policy: ReminderPolicy): string {
  return localWallTime(date, hhmm(policy.sendAtMinuteOfDay), timeZone);
}

/**
 * R-MKT-1: the vehicle's maintenance due and when to remind, or `undefined` when the archive
 * gives neither a date nor a km due (no cycle, no next date, or km only without any reading).
 */
export function maintenancePlan(input: {
  vehicle: CycleVehicle;
  readings: readonly OdometerPoint[];
  timeZone: string;
  policy: ReminderPolicy;
  now: Date;
}): MaintenancePlan | undefined {
  const { vehicle, readings, timeZone, policy } = input;
  const cycle = vehicle.maintenanceCycle;
  const cycleStart = vehicle.lastMaintenanceDate ?? localDate(vehicle.createdAt, timeZone);
  const dateDue =
    vehicle.nextMaintenanceDate ?? (cycle?.months ? addMonths(cycleStart, cycle.months) : undefined);
  const start = cycle?.km ? readingAtStart(readings, cycleStart, timeZone) : undefined;
  // Stryker disable next-line OptionalChaining: a start reading is looked up only when the cycle has km
  const dueKm = start && cycle?.km ? start.km + cycle.km : undefined;
  const kmDue = dueKm !== undefined ? projectedKmDate(readings, dueKm, timeZone, policy) : undefined;
  const byKm = kmDue !== undefined && (dateDue === undefined || kmDue.date < dateDue);
  const dueDate = byKm ? kmDue.date : dateDue;
  if (dueDate === undefined) return undefined;
  const planned = reminderTimeOn(addDays(dueDate, -policy.maintenanceLeadDays), timeZone, policy);
  // Stryker disable next-line EqualityOperator: a planned time equal to now is now, the same ISO text either way
  const remindAt = Date.parse(planned) > input.now.getTime() ? planned : input.now.toISOString();
  const dateReason =
    cycle?.months && !vehicle.nextMaintenanceDate
      ? `every ${cycle.months} months from ${cycleStart}`
      : `next maintenance date on file`;
  const kmReason = kmDue
    ? // Stryker disable next-line OptionalChaining: a km due has its cycle and its start reading
      `${dueKm} km (every ${cycle?.km} km from ${start?.km} km), reached about ${kmDue.date} at ${Math.round(kmDue.kmPerDay)} km a day${kmDue.basis === 'default' ? ' (default: one reading)' : ' (odometer history)'}`
    : '';
  return {
    cycleStart,
    dueDate,
    by: byKm ? 'km' : 'date',
    ...(dueKm !== undefined ? { dueKm } : {}),
    remindAt,
    reason: byKm
      ? `Maintenance due by mileage: ${kmReason}${dateDue ? `; by date ${dateDue}` : ''}`
      : `Maintenance due ${dueDate} by date (${dateReason})${kmDue ? `; by mileage ${kmReason}` : ''}`,
  };
}

/**
 * R-MKT-1, R-MKT-3: whether a customer gets no reminders. The one place that says so: a reminder
 * opt-out, or a marketing opt-out (a reminder invites a paid visit, and its SMS carries the
 * marketing opt-out line). Issue 12's SMS opt-out replies set one of these fields.
 */
export function reminderOptedOut(customer: {
  marketingOptOut: boolean;
  remindersOptOut?: boolean | undefined;
}) {
  return customer.marketingOptOut || customer.remindersOptOut === true;
}

/** R-MKT-1: the number a reminder SMS goes to: the first mobile number in E.164; none means a call. */
export function mobileOf(customer: { phones: readonly { number: string; label: string }[] }) {
  return customer.phones.find((p) => p.label === 'mobile' && /^\+[1-9]\d{5,14}$/.test(p.number))?.number;
}

/** R-ADD-2, R-MKT-1: when safety-related declined work is reminded: N days later, at the reminder time. */
export function declinedReminderAt(declinedAt: string, timeZone: string, policy: ReminderPolicy): string {
  return reminderTimeOn(
    addDays(localDate(declinedAt, timeZone), policy.declinedSafetyDays),
    timeZone,
    policy,
  );
}

export interface DeclinedWorkItem {
  id: string;
  description: string;
  reason?: string | undefined;
  declinedAt: string;
  safetyRelated: boolean;
  status: string;
}

/**
 * R-ARC-5: the next service worth offering for one vehicle, earliest first, each with its reason:
 * the maintenance due, open declined work (safety-related first at its reminder date), a warranty
 * ending within `warrantyEndingDays`, an upcoming appointment. `appointments` is the seam for the
 * appointments area: nothing until it gives them.
 */
export function vehicleNextService(input: {
  vehicle: { id: string; plate: string };
  plan: MaintenancePlan | undefined;
  declined: readonly DeclinedWorkItem[];
  warranties: readonly VehicleWarranty[];
  appointments?: readonly UpcomingAppointment[] | undefined;
  timeZone: string;
  policy: ReminderPolicy;
  now: Date;
}): NextServiceItem[] {
  const { vehicle, plan, timeZone, policy, now } = input;
  const about = { vehicleId: vehicle.id, plate: vehicle.plate };
  const items: NextServiceItem[] = [];
  if (plan) {
    items.push({
      kind: 'maintenance_due',
      ...about,
      dueAt: plan.dueDate,
      ...(plan.dueKm !== undefined ? { dueKm: plan.dueKm } : {}),
      reason: plan.reason,
    });
  }
  for (const work of input.declined) {
    if (work.status !== 'open') continue;
    const on = localDate(work.declinedAt, timeZone);
    items.push({
      kind: 'declined_work',
      ...about,
      dueAt: work.safetyRelated ? addDays(on, policy.declinedSafetyDays) : on,
      reason: `Declined on ${on}: ${work.description}${work.reason ? ` (${work.reason})` : ''}${work.safetyRelated ? '; safety-related' : ''}`,
      ref: { kind: 'declined-work', id: work.id },
      safetyRelated: work.safetyRelated,
    });
  }
  const horizon = now.getTime() + policy.warrantyEndingDays * dayMs;
  for (const w of input.warranties) {
    const until = Date.parse(w.until);
    if (until <= now.getTime() || until > horizon) continue;
    items.push({
      kind: 'warranty_ending',
      ...about,
      dueAt: w.until,
      ...(w.km !== undefined ? { dueKm: w.km } : {}),
      reason: `The quality warranty of order ${w.orderId} ends on ${localDate(w.until, timeZone)}${w.km !== undefined ? ` or at ${w.km} km` : ''}: a free check before it ends`,
      ref: { kind: 'order', id: w.orderId },
    });
  }
  for (const a of input.appointments ?? []) {
    if (Date.parse(a.at) <= now.getTime() || (a.vehicleId && a.vehicleId !== vehicle.id)) continue;
    items.push({
      kind: 'appointment',
      ...about,
      dueAt: a.at,
      reason: `Appointment on ${localDate(a.at, timeZone)}${a.reason ? `: ${a.reason}` : ''}`,
      ref: { kind: 'appointment', id: a.id },
    });
  }
  return sortByDue(items, timeZone);
}

/** Earliest first; a local date and an instant compare by the local date, then the instant. */
export function sortByDue(items: NextServiceItem[], timeZone: string): NextServiceItem[] {
  const key = (i: NextServiceItem) => (i.dueAt.length === 10 ? i.dueAt : localDate(i.dueAt, timeZone));
  return items.sort((a, b) => key(a).localeCompare(key(b)) || a.kind.localeCompare(b.kind));
}

/** The due date as an SMS says it, in the customer's language. */
export function formatDueDate(date: string, locale: 'zh-Hant' | 'zh-Hans' | 'en'): string {
  const [y, m, d] = date.split('-').map(Number);
  if (locale === 'en') {
    const month = new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' }).format(
      new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, 1)),
    );
    return `${d} ${month} ${y}`;
  }
  return `${y}年${m}月${d}日`;
}
