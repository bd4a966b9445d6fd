import { ulid } from 'ulid';
import { requirePhone } from '../../archive/rules/phone';
import type { Customer } from '../../archive/schemas/customer';
import type { Vehicle } from '../../archive/schemas/vehicle';
import {
  customerKey,
  customerPartition,
  findCustomerByPhone,
  getCustomer,
} from '../../archive/store/customers';
import { vehicleKey } from '../../archive/store/vehicles';
import { branchSettings } from '../../branches/store';
import { firstFollowUpSteps } from '../../follow-up/duties';
import type { Actor } from '../../kernel/access';
import {
  ConflictError,
  InvalidTransitionError,
  NotFoundError,
  RuleViolationError,
  ValidationError,
  VersionConflictError,
} from '../../kernel/errors';
import { isReturning } from '../../kernel/local-time';
import { orderKey, registerPartition, staffRef } from '../../orders/store/orders';
import type { Store } from '../../platform/dynamo/client';
import {
  type Change,
  conditionStep,
  fromItem,
  getMany,
  getRecordOr404,
  type Idempotency,
  type Item,
  idempotencyStep,
  type Key,
  logEntryItem,
  putStep,
  queryPage,
  stampNew,
  transact,
  updateRecord,
} from '../../platform/dynamo/records';
import { nowIso } from '../../platform/ports/clock';
import { membershipKey } from '../../staff/store';
import type { Diagnosis, RecordDiagnosis, VisitWithDiagnoses } from '../schemas/diagnosis';
import type { CloseVisit, CreateVisit, StaffRef, Visit } from '../schemas/visit';

/**
 * Visits (R-REC-1) and diagnosis reports (R-REC-2). Keys:
 * - the visit: `BR#<b>#VISIT#<v>` / `VISIT`; register `BR#<b>#REG#visit` → `<arrivedAt>#<v>`;
 * - a diagnosis report: `BR#<b>#VISIT#<v>` / `DIAGNOSIS#<d>`, in its visit's partition so a visit
 *   and its reports are one Query; register `BR#<b>#REG#diagnosis` → `<createdAt>#<d>`;
 * - the change log goes to the customer's timeline (R-ARC-4); a walk-in without an archive logs
 *   in the visit's own partition.
 */
export const visitPartition = (branchId: string, visitId: string) => `BR#${branchId}#VISIT#${visitId}`;
export const visitKey = (branchId: string, visitId: string): Key => ({
  pk: visitPartition(branchId, visitId),
  sk: 'VISIT',
});
export const diagnosisKey = (branchId: string, visitId: string, diagnosisId: string): Key => ({
  pk: visitPartition(branchId, visitId),
  sk: `DIAGNOSIS#${diagnosisId}`,
});

function visitItem(visit: Visit): Item {
  return {
    ...visitKey(visit.branchId, visit.id),
    type: 'visit',
    gsi2pk: registerPartition(visit.branchId, 'visit'),
    gsi2sk: `${visit.arrivedAt}#${visit.id}`,
    ...visit,
  };
}

function diagnosisItem(diagnosis: Diagnosis): Item {
  return {
    ...diagnosisKey(diagnosis.branchId, diagnosis.visitId, diagnosis.id),
    type: 'diagnosis',
    gsi2pk: registerPartition(diagnosis.branchId, 'diagnosis'),
    gsi2sk: `${diagnosis.createdAt}#${diagnosis.id}`,
    ...diagnosis,
  };
}

/** The timeline a visit's changes go to: the customer's (R-ARC-4), or the walk-in visit's own. */
function logPartitionOf(visit: Pick<Visit, 'branchId' | 'id' | 'customerId'>): string {
  return visit.customerId
    ? customerPartition(visit.branchId, visit.customerId)
    : visitPartition(visit.branchId, visit.id);
}

/** The customer (and vehicle) a visit names: one consistent read, 400 naming the field when absent. */
async function visitParties(
  store: Store,
  branchId: string,
  customerId: string,
  vehicleId: string | undefined,
): Promise<{ customer: Customer; vehicle?: Vehicle }> {
  const [customerItem, vehicleItem] = await getMany(store, [
    customerKey(branchId, customerId),
    ...(vehicleId ? [vehicleKey(branchId, vehicleId)] : []),
  ]);
  if (!customerItem) {
    throw new ValidationError([
      { path: 'body.customerId', message: `No customer ${customerId} at branch ${branchId}` },
    ]);
  }
  const customer = fromItem<Customer>(customerItem);
  if (!vehicleId) return { customer };
  if (!vehicleItem || vehicleItem.customerId !== customerId) {
    throw new ValidationError([
      {
        path: 'body.vehicleId',
        message: `Customer ${customerId} has no vehicle ${vehicleId} at branch ${branchId}`,
      },
    ]);
  }
  return { customer, vehicle: fromItem<Vehicle>(vehicleItem) };
}

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
    ({ customer, vehicle } = await visitParties(store, branchId, input.customerId, input.vehicleId));
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
    returning: customer ? isReturning(customer.createdAt, at, settings.timeZone) : false,
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
    logPartition: logPartitionOf(visit),
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
 * A visit and its diagnosis reports: one Query of the visit's partition. The partition stays
 * small: the visit, its reports, and (for a walk-in without an archive, which cannot have a
 * report) its two log entries.
 */
export async function getVisit(store: Store, branchId: string, visitId: string): Promise<VisitWithDiagnoses> {
  const partition = visitPartition(branchId, visitId);
  const page = await queryPage(store, {
    KeyConditionExpression: 'pk = :p',
    FilterExpression: '#type IN (:visit, :diagnosis)',
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: { ':p': partition, ':visit': 'visit', ':diagnosis': 'diagnosis' },
    ConsistentRead: true,
    partition,
    limit: 100,
  });
  const visitItemFound = page.items.find((i) => i.type === 'visit');
  if (!visitItemFound) throw new NotFoundError(`Visit ${visitId} was not found in branch ${branchId}`);
  return {
    ...fromItem<Visit>(visitItemFound),
    diagnoses: page.items.filter((i) => i.type === 'diagnosis').map((i) => fromItem<Diagnosis>(i)),
  };
}

function closedVisitError(visit: Pick<Visit, 'id' | 'outcome'>, action: string): InvalidTransitionError {
  return new InvalidTransitionError(
    `Visit ${visit.id} is closed${visit.outcome ? ` (${visit.outcome})` : ''}: it cannot ${action}; it allows nothing more`,
    'closed',
    [],
  );
}

function checkVersion(what: string, read: number, current: number): void {
  if (read !== current) {
    throw new VersionConflictError(
      `You read version ${read} but the ${what} is at version ${current}; reload and retry`,
      current,
    );
  }
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
  checkVersion('visit', input.version, visit.version);
  if (visit.status === 'closed') throw closedVisitError(visit, 'close');
  const at = nowIso();
  const next: Visit = {
    ...visit,
    status: 'closed',
    outcome: input.outcome,
    ...(input.answer ? { answer: input.answer } : {}),
    ...(input.referredTo ? { referredTo: input.referredTo } : {}),
    ...(input.orderId ? { orderId: input.orderId } : {}),
    closedAt: at,
    closedBy: staffRef(actor),
  };
  const orderId = input.orderId;
  // R-FUP-2: a consultation of a customer on file is followed up like an exit, 3 to 7 days later.
  const followUp =
    visit.purpose === 'consultation' && visit.customerId
      ? await firstFollowUpSteps(store, {
          branchId,
          customer: await getCustomer(store, branchId, visit.customerId),
          at: new Date(at),
          context: { after: { kind: 'visit', id: visit.id } },
        })
      : [];
  const stored = await updateRecord(store, {
    current,
    expectedVersion: input.version,
    next: visitItem(next),
    actor,
    preconditions: orderId
      ? [
          {
            key: orderKey(branchId, orderId),
            // The order opened for this visit: the visit's customer's (and car's, when known).
            ...(visit.customerId
              ? {
                  condition: {
                    expression: visit.vehicleId ? 'customerId = :c AND vehicleId = :v' : 'customerId = :c',
                    values: { ':c': visit.customerId, ...(visit.vehicleId ? { ':v': visit.vehicleId } : {}) },
                  },
                }
              : {}),
            error: () =>
              new ValidationError([
                {
                  path: 'body.orderId',
                  message: `No repair order ${orderId} of this visit's customer${visit.vehicleId ? ' and car' : ''} at branch ${branchId}`,
                },
              ]),
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
      logPartition: logPartitionOf(visit),
    },
    steps: followUp,
  });
  return fromItem<Visit>(stored);
}

const inactiveStaff = new Set(['suspended', 'left']);

/** Who diagnosed: the caller, or a staff member working at the branch (from the same read as the visit). */
function technicianOf(
  actor: Actor,
  branchId: string,
  technicianId: string | undefined,
  member: Item | undefined,
): StaffRef {
  if (technicianId === undefined || technicianId === actor.staffId) return staffRef(actor);
  if (!member || inactiveStaff.has(String(member.status))) {
    throw new ValidationError([
      { path: 'body.technicianId', message: `No staff member ${technicianId} works at branch ${branchId}` },
    ]);
  }
  return { staffId: technicianId, name: String(member.name) };
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
  const otherTechnician = input.technicianId !== undefined && input.technicianId !== actor.staffId;
  const [visitFound, member] = await getMany(store, [
    visitKey(branchId, visitId),
    ...(otherTechnician && input.technicianId ? [membershipKey(branchId, input.technicianId)] : []),
  ]);
  if (!visitFound) throw new NotFoundError(`Visit ${visitId} was not found in branch ${branchId}`);
  const visit = fromItem<Visit>(visitFound);
  if (visit.status === 'closed') throw closedVisitError(visit, 'get a diagnosis report');
  if (!visit.customerId || !visit.vehicleId) {
    throw new RuleViolationError(
      `Visit ${visitId} has no vehicle: a diagnosis report is about a car of the archive (R-ARC-1); log a visit with customerId and vehicleId`,
      'R-REC-2',
    );
  }
  const technician = technicianOf(actor, branchId, input.technicianId, member);
  const at = nowIso();
  const diagnosis: Diagnosis = {
    id: ulid(),
    branchId,
    visitId,
    customerId: visit.customerId,
    ...(visit.customerName ? { customerName: visit.customerName } : {}),
    vehicleId: visit.vehicleId,
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
    logPartition: customerPartition(branchId, visit.customerId),
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

export async function getDiagnosis(
  store: Store,
  branchId: string,
  visitId: string,
  diagnosisId: string,
): Promise<Diagnosis> {
  return fromItem<Diagnosis>(
    await getRecordOr404(
      store,
      diagnosisKey(branchId, visitId, diagnosisId),
      `Diagnosis report ${diagnosisId} of visit ${visitId}`,
    ),
  );
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
  const current = await getRecordOr404(
    store,
    diagnosisKey(branchId, visitId, diagnosisId),
    `Diagnosis report ${diagnosisId} of visit ${visitId}`,
  );
  const diagnosis = fromItem<Diagnosis>(current);
  checkVersion('diagnosis report', expectedVersion, diagnosis.version);
  if (diagnosis.shownToCustomerAt) {
    throw new InvalidTransitionError(
      `Diagnosis report ${diagnosisId} was shown to the customer at ${diagnosis.shownToCustomerAt}; it allows nothing more`,
      'shown',
      [],
    );
  }
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
