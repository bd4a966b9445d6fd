import { localDate } from '../../kernel/local-time';
import type { Counters } from '../store';

/**
 * The figures HQ and the reports read (R-RPT-1..4, R-QC-1..3, R-FUP-7), as pure deltas of one
 * change of one item: given the item before and after (a stream record's images), which counters
 * of which branch-local day move, and by how much. The aggregator (shared/reports/actions/aggregate.ts)
 * adds them up; nothing here reads or writes.
 *
 * Every delta is dated by the business time of what happened (the settlement's issue time, the
 * exit's time), not by when the change reached the aggregator, so a late or replayed record
 * lands on the same day as the first time, and a recomputation from the orders gives the same
 * figures (R-RPT-2).
 *
 * Counter names are flat: `carsOut`, `carsOut.type.car`, `carsOut.category.repair`. Money is in
 * minor units of the branch's currency. A sum may be negative (`surveyGap.*`): only zeros are dropped.
 */
export type Image = Record<string, unknown>;

export interface Delta {
  /** The branch's local day, `YYYY-MM-DD` (R-X-2). */
  day: string;
  /** Per-day branch counters. */
  counters: Record<string, number>;
  /** Per-day counters of one inspector (R-QC-1..3), when the change is an inspection. */
  inspector?: { staffId: string; name: string; counters: Record<string, number> };
}

export interface FigureSettings {
  timeZone: string;
  /** Minutes within which an inspection record counts as timely (R-QC-3). */
  inspectionRecordWithinMinutes: number;
  /** Hours within which a recorded follow-up call is judged by its own time (policy `followUp`). */
  callRecordedWithinHours: number;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
// Stryker disable next-line ConditionalExpression: Number.isFinite is false for anything but a finite number, so the typeof test alone changes nothing
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const arr = (v: unknown): Record<string, unknown>[] =>
  // Stryker disable next-line ArrayDeclaration: an entry in place of a missing list has no id, time or status: it moves no figure
  Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as Record<string, unknown>[]) : [];
const obj = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/** Collects deltas per day, dropping zeros. */
class Deltas {
  private readonly byDay = new Map<string, Record<string, number>>();
  private readonly inspectors: Delta[] = [];

  constructor(private readonly timeZone: string) {}

  dayOf(at: unknown): string | undefined {
    const iso = str(at);
    return iso ? localDate(iso, this.timeZone) : undefined;
  }

  add(at: unknown, counters: Record<string, number>): void {
    const day = this.dayOf(at);
    if (!day) return;
    const target = this.byDay.get(day) ?? {};
    for (const [name, value] of Object.entries(counters)) {
      if (value !== 0) target[name] = (target[name] ?? 0) + value;
    }
    this.byDay.set(day, target);
  }

  /** One delta per inspector and day: a transaction may touch each item once. */
  addInspector(at: unknown, inspector: { staffId: string; name: string }, counters: Record<string, number>) {
    const day = this.dayOf(at);
    if (!day) return;
    // Stryker disable next-line OptionalChaining: every entry of `inspectors` has its inspector
    const found = this.inspectors.find((d) => d.day === day && d.inspector?.staffId === inspector.staffId);
    if (!found?.inspector) {
      this.inspectors.push({ day, counters: {}, inspector: { ...inspector, counters: { ...counters } } });
      return;
    }
    for (const [name, value] of Object.entries(counters)) {
      found.inspector.counters[name] = (found.inspector.counters[name] ?? 0) + value;
    }
  }

  list(): Delta[] {
    const days = [...this.byDay.entries()]
      .filter(([, counters]) => Object.keys(counters).length > 0)
      .map(([day, counters]) => ({ day, counters }));
    return [...days, ...this.inspectors];
  }
}

/** `name`, `name.type.<vehicle type>` and `name.category.<repair category>` at once. */
function byKind(name: string, order: Image, value = 1): Record<string, number> {
  const type = str(order.vehicleType) ?? 'unknown';
  const category = str(order.repairCategory) ?? 'unknown';
  return { [name]: value, [`${name}.type.${type}`]: value, [`${name}.category.${category}`]: value };
}

/** Revenue of a settlement 營業收入: the total less the discount (a deposit is revenue paid early). */
export function settlementRevenue(settlement: Record<string, unknown>): number {
  const totals = obj(settlement.totals);
  return num(totals?.total) - num(settlement.discount);
}

/**
 * The promise a delivery is judged by: the first one, moved only by the add-ons the customer
 * approved (their extra minutes, R-ADD-3), so moving the promise by hand shortly before it falls
 * does not make a late job "on time". Orders from before `originalPromisedAt` use the promise.
 */
function fairPromise(order: Image): number {
  // Stryker disable next-line StringLiteral: an absent time parses to NaN whatever the fallback text, and NaN compares false either way
  const original = Date.parse(str(order.originalPromisedAt) ?? str(order.promisedAt) ?? '');
  const approvedMinutes = arr(order.addOns)
    .filter((a) => a.status === 'approved')
    .reduce((sum, a) => sum + num(a.extraMinutes), 0);
  return original + approvedMinutes * 60_000;
}

function orderDeltas(before: Image | undefined, after: Image, d: Deltas, settings: FigureSettings): void {
  // Cars in: the car was handed over (R-RO-3), whatever became of the order later.
  const handover = obj(after.handover);
  if (handover && !obj(before?.handover)) d.add(handover.at, byKind('carsIn', after));

  // Cars out: the exit (R-PKP-5); a repaired car's delivery is on time when it was ready by the promise.
  const exit = obj(after.exit);
  if (exit && !obj(before?.exit)) {
    d.add(exit.at, byKind('carsOut', after));
    if (!obj(after.decline)) {
      const ready = str(after.readyAt);
      // Stryker disable next-line ConditionalExpression: without readyAt Date.parse gives NaN, and NaN <= x is false as well
      const onTime = ready !== undefined && Date.parse(ready) <= fairPromise(after);
      d.add(exit.at, { deliveries: 1, deliveriesOnTime: onTime ? 1 : 0 });
    }
  }

  // Revenue and receivables 欠收 (R-RPT-1): at the settlement, what is still owed then.
  const settlement = obj(after.settlement);
  const settledBefore = obj(before?.settlement);
  if (settlement && !settledBefore) {
    d.add(settlement.issuedAt, {
      ...byKind('settlements', after),
      revenue: settlementRevenue(settlement),
      receivablesRaised: Math.max(0, num(settlement.outstanding)),
    });
  }

  // Payments: each on its own day. A payment is only taken against a settlement (R-PKP-4), so
  // every payment pays off part of a receivable raised by it.
  const known = new Set(arr(before?.payments).map((p) => str(p.id)));
  for (const payment of arr(after.payments)) {
    if (known.has(str(payment.id))) continue;
    const amount = num(payment.amount);
    d.add(payment.at, { paymentsReceived: amount, receivablesCollected: settlement ? amount : 0 });
  }

  // Add-ons (R-ADD): presented when raised, answered when the customer says yes or no.
  const earlier = new Map(arr(before?.addOns).map((a) => [str(a.id), a]));
  for (const addOn of arr(after.addOns)) {
    const was = earlier.get(str(addOn.id));
    if (!was) d.add(addOn.raisedAt, { addOnsPresented: 1 });
    const status = str(addOn.status);
    if ((status === 'approved' || status === 'declined') && str(was?.status) !== status) {
      const answeredAt = obj(addOn.answer)?.customerContactedAt ?? addOn.raisedAt;
      d.add(answeredAt, status === 'approved' ? { addOnsApproved: 1 } : { addOnsDeclined: 1 });
    }
  }

  // Inspections (R-QC-1..3): per branch and per inspector, on the day the record was filed.
  const filed = new Set(arr(before?.inspections).map((i) => str(i.id)));
  for (const inspection of arr(after.inspections)) {
    if (filed.has(str(inspection.id))) continue;
    const inspector = obj(inspection.inspector);
    const failed = inspection.result === 'fail' ? 1 : 0;
    const minutes =
      // Stryker disable next-line StringLiteral: an absent time parses to NaN whatever the fallback text, and NaN compares false either way
      (Date.parse(str(inspection.filedAt) ?? '') - Date.parse(str(inspection.workDoneAt) ?? '')) / 60_000;
    const counters = {
      inspections: 1,
      inspectionsFailed: failed,
      assembliesInspected: num(inspection.assembliesInspected),
      recordsComplete: inspection.recordComplete === true ? 1 : 0,
      recordsTimely: Number.isFinite(minutes) && minutes <= settings.inspectionRecordWithinMinutes ? 1 : 0,
    };
    d.add(inspection.filedAt, { inspections: 1, inspectionsFailed: failed });
    const staffId = str(inspector?.staffId);
    if (staffId)
      // Stryker disable next-line OptionalChaining: a staffId means the inspector is there
      d.addInspector(inspection.filedAt, { staffId, name: str(inspector?.name) ?? staffId }, counters);
  }
}

/**
 * Progress checks and follow-up calls (R-PRG-1, R-FUP-2/3). Done work counts when it is done
 * (`progressChecks`, `followUps`); the KPIs count every duty once, when the sweeper closes it at its
 * due time (status `done`, answered or not), on its due day: `…Due`, and `…OnTime` /
 * `…InWindow` when it had been completed by then (a call: made by then, and not before its window
 * opened, by the call's own time). A call never made counts against the rate.
 */
function dutyDeltas(before: Image | undefined, after: Image, d: Deltas, settings: FigureSettings): void {
  const kind = after.kind;
  if (kind !== 'progress-check' && kind !== 'follow-up-call') return;
  const completedAt = str(after.completedAt);
  if (completedAt && !str(before?.completedAt)) {
    d.add(completedAt, kind === 'progress-check' ? { progressChecks: 1 } : { followUps: 1 });
  }
  if (after.status !== 'done') return;
  // A call is judged by when it was made (recorded with it) when it was typed in soon after.
  const doneAt = callTime(str(obj(after.result)?.callAt), completedAt, settings) ?? completedAt;
  const done = doneAt ? Date.parse(doneAt) : Number.NaN;
  // Stryker disable next-line StringLiteral: an absent time parses to NaN whatever the fallback text, and NaN compares false either way
  const inTime = done <= Date.parse(str(after.dueAt) ?? '');
  // Stryker disable next-line StringLiteral: an absent time parses to NaN whatever the fallback text, and NaN compares false either way
  const opened = Date.parse(str(after.openAt) ?? '') <= done;
  if (before?.status === 'done') {
    // Typed in after the sweeper closed it as missed, for a call made within its window: the
    // window counts it after all (once: the completion is this change).
    // Stryker disable next-line ConditionalExpression: without completedAt the call has no time to judge (NaN), so it is never in time either way
    const recordedNow = completedAt !== undefined && !str(before.completedAt);
    if (kind === 'follow-up-call' && recordedNow && inTime && opened)
      d.add(after.dueAt, { followUpsInWindow: 1 });
    return;
  }
  if (kind === 'progress-check') {
    d.add(after.dueAt, { progressChecksDue: 1, progressChecksOnTime: inTime ? 1 : 0 });
  } else {
    d.add(after.dueAt, { followUpsDue: 1, followUpsInWindow: inTime && opened ? 1 : 0 });
  }
}

/** The call's own time, when it was recorded within the allowed hours of it. */
function callTime(callAt: string | undefined, completedAt: string | undefined, settings: FigureSettings) {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: without either time the lag is NaN, and NaN <= x is false: undefined either way
  if (!callAt || !completedAt) return undefined;
  const lag = Date.parse(completedAt) - Date.parse(callAt);
  return lag <= settings.callRecordedWithinHours * 3_600_000 ? callAt : undefined;
}

/**
 * Calls (R-FUP-6): a new call counts on its own time, by purpose. Its complaint items are
 * complaint cases (R-CMP-1, shared/complaints), counted there: one model, not two.
 */
function callDeltas(before: Image | undefined, after: Image, d: Deltas): void {
  if (before) return;
  d.add(after.at, { calls: 1, [`calls.${str(after.purpose) ?? 'other'}`]: 1 });
}

/**
 * Complaint cases (R-CMP-3, R-RPT-3): taken on the day taken; answered on the day of the answer
 * with its response time (taken → answered, minutes) and whether it kept the promised time;
 * the satisfaction with the answer on the day it was recorded (not reachable rates nothing).
 */
function complaintDeltas(before: Image | undefined, after: Image, d: Deltas): void {
  if (!before) d.add(after.takenAt ?? after.createdAt, { complaints: 1 });
  const answer = obj(after.answer);
  if (answer && !obj(before?.answer)) {
    d.add(answer.at, {
      complaintsAnswered: 1,
      complaintsAnsweredOnTime: answer.onTime === true ? 1 : 0,
      complaintResponseMinutes: num(answer.minutes),
    });
  }
  const closure = obj(after.closure);
  if (closure && !obj(before?.closure)) {
    const satisfaction = str(closure.satisfaction);
    if (satisfaction && satisfaction !== 'not_reachable') {
      d.add(closure.at, {
        complaintsRated: 1,
        complaintsSatisfied: satisfaction === 'satisfied' ? 1 : 0,
        complaintsDissatisfied: satisfaction === 'dissatisfied' ? 1 : 0,
      });
    }
  }
}

function letterDeltas(before: Image | undefined, after: Image, d: Deltas): void {
  const status = str(after.status);
  if (status === str(before?.status)) return;
  if (status === 'sent') d.add(after.updatedAt, { smsSent: 1, smsSegments: num(after.segments) });
  if (status === 'failed' && str(before?.status) !== 'failed') d.add(after.updatedAt, { smsFailed: 1 });
}

function visitDeltas(before: Image | undefined, after: Image, d: Deltas): void {
  if (before) return;
  d.add(after.createdAt ?? after.at, { visits: 1, [`visits.${str(after.purpose) ?? 'other'}`]: 1 });
}

/**
 * Appointments (R-APT-5, R-RPT-3): booked on the day they were made; arrived, no-show and
 * cancelled when they became so, on the appointment's own day for the first two (the show rate
 * of a day is of the appointments due that day) and on the day of the cancellation.
 */
function appointmentDeltas(before: Image | undefined, after: Image, d: Deltas): void {
  if (!before) d.add(after.createdAt, { appointmentsBooked: 1 });
  const state = str(after.state);
  if (state === str(before?.state)) return;
  if (state === 'arrived') d.add(after.startAt, { appointmentsArrived: 1 });
  if (state === 'no_show') d.add(after.startAt, { appointmentsNoShow: 1 });
  if (state === 'cancelled')
    d.add(obj(after.cancellation)?.at ?? after.updatedAt, { appointmentsCancelled: 1 });
}

/** R-SELF-2: the aspects of the survey, whose gaps are summed one counter each. */
const surveyAspectNames = ['onTime', 'priceAsQuoted', 'quality', 'courtesy', 'overall'] as const;

/**
 * Satisfaction surveys (R-SELF-2, R-RPT-3): sent on the day the invitation SMS went; answered on
 * the day of the answer, with the sum of its gaps (perceived − expected) per aspect, so a mean is
 * the sum over the answers (`surveyGap.<aspect>` / `surveysAnswered`), and whether it opened a
 * complaint case (counted as a case by the complaint itself).
 */
function surveyDeltas(before: Image | undefined, after: Image, d: Deltas): void {
  const invitedAt = str(after.invitedAt);
  if (invitedAt && !str(before?.invitedAt)) d.add(invitedAt, { surveysSent: 1 });
  const answer = obj(after.answer);
  if (answer && !obj(before?.answer)) {
    const gaps = obj(answer.gaps);
    d.add(answer.answeredAt, {
      surveysAnswered: 1,
      surveysComplaints: str(answer.complaintId) ? 1 : 0,
      ...Object.fromEntries(surveyAspectNames.map((aspect) => [`surveyGap.${aspect}`, num(gaps?.[aspect])])),
    });
  }
}

/** Which items move figures, by their `type` attribute. Others (log entries, guards…) move nothing. */
const byType: Record<
  string,
  (before: Image | undefined, after: Image, d: Deltas, s: FigureSettings) => void
> = {
  order: orderDeltas,
  duty: dutyDeltas,
  call: (b, a, d) => callDeltas(b, a, d),
  letter: (b, a, d) => letterDeltas(b, a, d),
  visit: (b, a, d) => visitDeltas(b, a, d),
  appointment: (b, a, d) => appointmentDeltas(b, a, d),
  complaint: (b, a, d) => complaintDeltas(b, a, d),
  survey: (b, a, d) => surveyDeltas(b, a, d),
};

/** The item types whose changes count; anything else is skipped without a read. */
export const countedTypes = Object.keys(byType);

/**
 * The deltas of one change. A removed item (no `after`) moves nothing: records are never deleted
 * by the product, only expired idempotency keys and guards are.
 */
export function figureDeltas(
  before: Image | undefined,
  after: Image | undefined,
  settings: FigureSettings,
): Delta[] {
  if (!after) return [];
  // Stryker disable next-line StringLiteral: no item type is named '' or the mutant's text: no rule either way
  const apply = byType[str(after.type) ?? ''];
  if (!apply) return [];
  const d = new Deltas(settings.timeZone);
  apply(before, after, d, settings);
  return d.list();
}

/** Adds counters up. */
export function sumCounters(list: readonly Counters[]): Counters {
  const total: Counters = {};
  for (const counters of list) {
    for (const [name, value] of Object.entries(counters)) total[name] = (total[name] ?? 0) + value;
  }
  return total;
}
