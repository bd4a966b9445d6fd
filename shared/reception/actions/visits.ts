import { ulid } from 'ulid';
import { requirePhone } from '../../archive/rules/phone';
import type { Customer } from '../../archive/schemas/customer';
import type { Vehicle } from '../../archive/schemas/vehicle';
import { customerPartition, findCustomerByPhone, getCustomer } from '../../archive/store/customers';
import { branchSettings } from '../../branches/store';
import { firstFollowUpSteps } from '../../follow-up/actions/schedule';
import type { Actor } from '../../kernel/access';
import { ConflictError } from '../../kernel/errors';
import { requireReadVersion } from '../../kernel/versions';
import { orderKey, staffRef } from '../../orders/store/orders';
import type { Store } from '../../platform/dynamo/client';
import {
  type Change,
  conditionStep,
  fromItem,
  getRecordOr404,
  type Idempotency,
  idempotencyStep,
  logEntryItem,
  putStep,
  type Step,
  stampNew,
  transact,
  updateRecord,
} from '../../platform/dynamo/records';
import { nowIso } from '../../platform/ports/clock';
import {
  closedVisit,
  closedVisitError,
  closingOrderError,
  closingOrderMatch,
  followsUpVisit,
  isReturningVisit,
  namesOtherTechnician,
  requireDiagnosable,
  requireNotShown,
  requireVisitParties,
  technicianOf,
} from '../rules/visit';
import type { Diagnosis, RecordDiagnosis } from '../schemas/diagnosis';
import type { CloseVisit, CreateVisit, Visit } from '../schemas/visit';
import {
  diagnosisItem,
  diagnosisRecord,
  visitAndTechnician,
  visitItem,
  visitKey,
  visitLogPartition,
  visitPartiesOnFile,
} from '../store/visits';

/**
 * Logs an arrival (R-REC-1). With an archive: one read of the customer and vehicle (their name and
 * plate go on the register; `returning` needs the archive's opening date), then one transaction.
 * A walk-in's phone is looked up first (R-ARC-3): a number on file links the visit to its customer.
 */
export async function createVisit(
  store: Store,
  branchId: string,
  input: CreateVisit,
  actor: Actor,
  idempotency?: Idempotency,
): Promise<Visit> {
  const settings = await branchSettings(store, branchId);
  const at = nowIso();
  let customer: Customer | undefined;
  let vehicle: Vehicle | undefined;
  let visitor: Visit['visitor'];
  if (input.customerId) {
    const named = { customerId: input.customerId, vehicleId: input.vehicleId };
    const found = await visitPartiesOnFile(store, branchId, input.customerId, input.vehicleId);
    ({ customer, vehicle } = requireVisitParties(branchId, named, found));
  } else if (input.visitor) {
    const phone =
      input.visitor.phone === undefined
        ? undefined
        : requirePhone(input.visitor.phone, settings.phoneRegion, 'body.visitor.phone');
    visitor = { name: input.visitor.name, ...(phone ? { phone } : {}) };
    if (phone) customer = await findCustomerByPhone(store, branchId, phone);
  }
  const visit: Visit = {
    id: ulid(),
    branchId,
    status: 'open',
    purpose: input.purpose,
    ...(customer ? { customerId: customer.id, customerName: customer.name } : {}),
    ...(vehicle ? { vehicleId: vehicle.id, plate: vehicle.plate } : {}),
    ...(visitor ? { visitor } : {}),
    returning: isReturningVisit(customer, at, settings.timeZone),
    arrivedAt: at,
    advisor: staffRef(actor),
    ...(input.notes ? { notes: input.notes } : {}),
    ...stampNew(actor, at),
  };
  const change: Change = {
    actor,
    action: 'visit.logged',
    subject: { kind: 'visit', id: visit.id },
    summary: `Visit for ${visit.purpose}${visit.plate ? ` with ${visit.plate}` : ''} (${visit.returning ? 'returning' : 'new'} customer)`,
    changes: Object.keys(input).sort(),
    logPartition: visitLogPartition(visit),
  };
  await transact(store, [
    ...(idempotency ? [idempotencyStep(store, idempotency, visit, at)] : []),
    putStep(store, visitItem(visit), {
      expression: 'attribute_not_exists(pk)',
      onConditionFailed: () => new ConflictError(`visit ${visit.id} exists`),
    }),
    putStep(store, logEntryItem(change, at)),
  ]);
  return visit;
}

/**
 * R-APT-5: the visit an appointment becomes at check-in, and the steps that log it, for the
 * appointment's own transaction. It names the appointment and carries its deposit (R-APT-2), which
 * the repair order made from the visit's estimate takes over (shared/orders/actions/order.ts).
 */
export function visitFromAppointmentSteps(
  store: Store,
  input: {
    branchId: string;
    customer: Customer;
    vehicle: Vehicle;
    purpose: Visit['purpose'];
    appointmentId: string;
    deposit?: Visit['deposit'];
    notes?: string | undefined;
    timeZone: string;
    actor: Actor;
    at: string;
  },
): { visit: Visit; steps: Step[] } {
  const { customer, vehicle, actor, at } = input;
  const visit: Visit = {
    id: ulid(),
    branchId: input.branchId,
    status: 'open',
    purpose: input.purpose,
    customerId: customer.id,
    customerName: customer.name,
    vehicleId: vehicle.id,
    plate: vehicle.plate,
    returning: isReturningVisit(customer, at, input.timeZone),
    arrivedAt: at,
    advisor: staffRef(actor),
    ...(input.notes ? { notes: input.notes } : {}),
    appointmentId: input.appointmentId,
    ...(input.deposit ? { deposit: input.deposit } : {}),
    ...stampNew(actor, at),
  };
  const change: Change = {
    actor,
    action: 'visit.logged',
    subject: { kind: 'visit', id: visit.id },
    summary: `Visit for ${visit.purpose} with ${visit.plate} by appointment ${input.appointmentId}`,
    changes: ['appointmentId', 'purpose'],
    logPartition: visitLogPartition(visit),
  };
  return {
    visit,
    steps: [
      putStep(store, visitItem(visit), {
        expression: 'attribute_not_exists(pk)',
        onConditionFailed: () => new ConflictError(`visit ${visit.id} exists`),
      }),
      putStep(store, logEntryItem(change, at)),
    ],
  };
}

/**
 * Closes a visit with its outcome (R-REC-1): a consultation answered on the spot needs no order.
 * One read and one transaction; a named order must exist in the branch.
 */
export async function closeVisit(
  store: Store,
  branchId: string,
  visitId: string,
  input: CloseVisit,
  actor: Actor,
): Promise<Visit> {
  const current = await getRecordOr404(store, visitKey(branchId, visitId), `Visit ${visitId}`);
  const visit = fromItem<Visit>(current);
  requireReadVersion('visit', input.version, visit.version);
  const at = nowIso();
  const next = closedVisit(visit, input, at, staffRef(actor));
  const orderId = input.orderId;
  const followUp = followsUpVisit(visit)
    ? await firstFollowUpSteps(store, {
        branchId,
        customer: await getCustomer(store, branchId, String(visit.customerId)),
        at: new Date(at),
        context: { after: { kind: 'visit', id: visit.id } },
      })
    : [];
  // R-ARC-4: the order opened for this visit is the visit's customer's (and car's, when known).
  const match = closingOrderMatch(visit);
  const stored = await updateRecord(store, {
    current,
    expectedVersion: input.version,
    next: visitItem(next),
    actor,
    preconditions: orderId
      ? [
          {
            key: orderKey(branchId, orderId),
            ...(match
              ? {
                  condition: {
                    expression: match.vehicleId ? 'customerId = :c AND vehicleId = :v' : 'customerId = :c',
                    values: { ':c': match.customerId, ...(match.vehicleId ? { ':v': match.vehicleId } : {}) },
                  },
                }
              : {}),
            error: () => closingOrderError(visit, orderId, branchId),
          },
        ]
      : [],
    change: {
      action: 'visit.closed',
      subject: { kind: 'visit', id: visitId },
      summary: `Visit for ${visit.purpose} closed: ${input.outcome}${input.answer ? ` — ${input.answer}` : ''}`,
      changes: [
        'status',
        'outcome',
        ...Object.keys(input).filter((k) => k !== 'version' && k !== 'outcome'),
      ].sort(),
      logPartition: visitLogPartition(visit),
    },
    steps: followUp,
  });
  return fromItem<Visit>(stored);
}

/**
 * Records a diagnosis report during an open visit (R-REC-2). One request reads the visit (and the
 * technician's membership when it is someone else); one transaction writes the report, checks the
 * visit is still open and logs it in the customer's timeline.
 */
export async function recordDiagnosis(
  store: Store,
  branchId: string,
  visitId: string,
  input: RecordDiagnosis,
  actor: Actor,
  idempotency?: Idempotency,
): Promise<Diagnosis> {
  const settings = await branchSettings(store, branchId);
  const other = namesOtherTechnician(actor.staffId, input.technicianId) ? input.technicianId : undefined;
  const { visit, member } = await visitAndTechnician(store, branchId, visitId, other);
  const { customerId, vehicleId } = requireDiagnosable(visit);
  const technician = technicianOf(staffRef(actor), branchId, input.technicianId, member);
  const at = nowIso();
  const diagnosis: Diagnosis = {
    id: ulid(),
    branchId,
    visitId,
    customerId,
    ...(visit.customerName ? { customerName: visit.customerName } : {}),
    vehicleId,
    ...(visit.plate ? { plate: visit.plate } : {}),
    findings: input.findings,
    recommendedWork: input.recommendedWork,
    technician,
    ...(input.fee !== undefined ? { fee: input.fee } : {}),
    currency: settings.currency,
    ...(input.shownToCustomer ? { shownToCustomerAt: at } : {}),
    ...(input.notes ? { notes: input.notes } : {}),
    ...stampNew(actor, at),
  };
  const change: Change = {
    actor,
    action: 'diagnosis.recorded',
    subject: { kind: 'diagnosis', id: diagnosis.id },
    summary: `Diagnosis report${visit.plate ? ` for ${visit.plate}` : ''}: ${diagnosis.findings.length} finding(s), ${diagnosis.recommendedWork.length} item(s) of work recommended`,
    changes: Object.keys(input).sort(),
    logPartition: customerPartition(branchId, customerId),
  };
  await transact(store, [
    ...(idempotency ? [idempotencyStep(store, idempotency, diagnosis, at)] : []),
    putStep(store, diagnosisItem(diagnosis), {
      expression: 'attribute_not_exists(pk)',
      onConditionFailed: () => new ConflictError(`diagnosis ${diagnosis.id} exists`),
    }),
    // The visit may have been closed since it was read: the report needs it open when written.
    conditionStep(
      store,
      visitKey(branchId, visitId),
      { expression: '#status = :open', names: { '#status': 'status' }, values: { ':open': 'open' } },
      () => closedVisitError(visit, 'get a diagnosis report'),
    ),
    putStep(store, logEntryItem(change, at)),
  ]);
  return diagnosis;
}

/** R-REC-2: the report was handed to the customer. Once; a second time is 409. */
export async function showDiagnosis(
  store: Store,
  branchId: string,
  visitId: string,
  diagnosisId: string,
  expectedVersion: number,
  actor: Actor,
): Promise<Diagnosis> {
  const current = await diagnosisRecord(store, branchId, visitId, diagnosisId);
  const diagnosis = fromItem<Diagnosis>(current);
  requireReadVersion('diagnosis report', expectedVersion, diagnosis.version);
  requireNotShown(diagnosis);
  const stored = await updateRecord(store, {
    current,
    expectedVersion,
    next: diagnosisItem({ ...diagnosis, shownToCustomerAt: nowIso() }),
    actor,
    change: {
      action: 'diagnosis.shown',
      subject: { kind: 'diagnosis', id: diagnosisId },
      summary: `Diagnosis report${diagnosis.plate ? ` for ${diagnosis.plate}` : ''} shown to the customer`,
      changes: ['shownToCustomerAt'],
      logPartition: customerPartition(branchId, diagnosis.customerId),
    },
  });
  return fromItem<Diagnosis>(stored);
}
