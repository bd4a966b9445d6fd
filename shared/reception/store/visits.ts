import type { Customer } from '../../archive/schemas/customer';
import type { Vehicle } from '../../archive/schemas/vehicle';
import { customerKey, customerPartition } from '../../archive/store/customers';
import { vehicleKey } from '../../archive/store/vehicles';
import type { Actor } from '../../kernel/access';
import { ConflictError, NotFoundError } from '../../kernel/errors';
import type { Store } from '../../platform/dynamo/client';
import {
  fromItem,
  getMany,
  getRecordOr404,
  type Item,
  type Key,
  logEntryItem,
  putStep,
  queryPage,
  type Step,
} from '../../platform/dynamo/records';
import { registerPartition } from '../../registers/store';
import type { StaffMember } from '../../staff/schemas';
import { membershipKey } from '../../staff/store';
import { closedVisit } from '../rules/visit';
import type { Diagnosis, VisitWithDiagnoses } from '../schemas/diagnosis';
import type { Visit } from '../schemas/visit';

/**
 * Visits (R-REC-1) and diagnosis reports (R-REC-2). Keys:
 * - the visit: `BR#<b>#VISIT#<v>` / `VISIT`; register `BR#<b>#REG#visit` → `<arrivedAt>#<v>`;
 * - a diagnosis report: `BR#<b>#VISIT#<v>` / `DIAGNOSIS#<d>`, in its visit's partition so a visit
 *   and its reports are one Query; register `BR#<b>#REG#diagnosis` → `<createdAt>#<d>`;
 * - the change log goes to the customer's timeline (R-ARC-4); a walk-in without an archive logs
 *   in the visit's own partition.
 * The use cases are in shared/reception/actions/visits.ts.
 */
const visitPartition = (branchId: string, visitId: string) => `BR#${branchId}#VISIT#${visitId}`;
export const visitKey = (branchId: string, visitId: string): Key => ({
  pk: visitPartition(branchId, visitId),
  sk: 'VISIT',
});
export const diagnosisKey = (branchId: string, visitId: string, diagnosisId: string): Key => ({
  pk: visitPartition(branchId, visitId),
  sk: `DIAGNOSIS#${diagnosisId}`,
});

export function visitItem(visit: Visit): Item {
  return {
    ...visitKey(visit.branchId, visit.id),
    type: 'visit',
    gsi2pk: registerPartition(visit.branchId, 'visit'),
    gsi2sk: `${visit.arrivedAt}#${visit.id}`,
    ...visit,
  };
}

export function diagnosisItem(diagnosis: Diagnosis): Item {
  return {
    ...diagnosisKey(diagnosis.branchId, diagnosis.visitId, diagnosis.id),
    type: 'diagnosis',
    gsi2pk: registerPartition(diagnosis.branchId, 'diagnosis'),
    gsi2sk: `${diagnosis.createdAt}#${diagnosis.id}`,
    ...diagnosis,
  };
}

/** The timeline a visit's changes go to: the customer's (R-ARC-4), or the walk-in visit's own. */
export function visitLogPartition(visit: Pick<Visit, 'branchId' | 'id' | 'customerId'>): string {
  return visit.customerId
    ? customerPartition(visit.branchId, visit.customerId)
    : visitPartition(visit.branchId, visit.id);
}

/** The customer and vehicle a new visit names, as on file: one consistent read of both. */
export async function visitPartiesOnFile(
  store: Store,
  branchId: string,
  customerId: string,
  vehicleId: string | undefined,
): Promise<{ customer?: Customer; vehicle?: Vehicle }> {
  const [customerItem, vehicleItem] = await getMany(store, [
    customerKey(branchId, customerId),
    ...(vehicleId ? [vehicleKey(branchId, vehicleId)] : []),
  ]);
  return {
    ...(customerItem ? { customer: fromItem<Customer>(customerItem) } : {}),
    ...(vehicleId && vehicleItem ? { vehicle: fromItem<Vehicle>(vehicleItem) } : {}),
  };
}

/**
 * The visit a diagnosis report is written for and, when another person diagnosed, their
 * membership of the branch: one read of both.
 */
export async function visitAndTechnician(
  store: Store,
  branchId: string,
  visitId: string,
  technicianId: string | undefined,
): Promise<{ visit: Visit; member?: StaffMember }> {
  const [visitFound, member] = await getMany(store, [
    visitKey(branchId, visitId),
    ...(technicianId ? [membershipKey(branchId, technicianId)] : []),
  ]);
  if (!visitFound) throw new NotFoundError(`Visit ${visitId} was not found in branch ${branchId}`);
  return {
    visit: fromItem<Visit>(visitFound),
    ...(technicianId && member ? { member: fromItem<StaffMember>(member) } : {}),
  };
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

/** The stored item of a diagnosis report (404 when absent), for a change on top of it. */
export async function diagnosisRecord(
  store: Store,
  branchId: string,
  visitId: string,
  diagnosisId: string,
): Promise<Item> {
  return getRecordOr404(
    store,
    diagnosisKey(branchId, visitId, diagnosisId),
    `Diagnosis report ${diagnosisId} of visit ${visitId}`,
  );
}

export async function getDiagnosis(
  store: Store,
  branchId: string,
  visitId: string,
  diagnosisId: string,
): Promise<Diagnosis> {
  return fromItem<Diagnosis>(await diagnosisRecord(store, branchId, visitId, diagnosisId));
}

/**
 * R-REC-1, R-ARC-4: the visit closes itself when its repair order is made: outcome
 * `order_opened`, the order named, in the order's transaction, conditioned on the version read
 * (a visit closed meanwhile makes the create a 409 to retry). An already closed visit gives no
 * step: the advisor closed it by hand before the order.
 */
export function visitClosedByOrderSteps(
  store: Store,
  visit: Visit,
  input: { orderId: string; at: string; actor: Actor },
): Step[] {
  if (visit.status === 'closed') return [];
  const { actor, at, orderId } = input;
  const closed: Visit = {
    ...closedVisit(visit, { version: visit.version, outcome: 'order_opened', orderId }, at, {
      staffId: actor.staffId,
      name: actor.name,
    }),
    version: visit.version + 1,
    updatedAt: at,
    updatedBy: actor.staffId,
  };
  return [
    putStep(store, visitItem(closed), {
      expression: '#version = :version',
      names: { '#version': 'version' },
      values: { ':version': visit.version },
      onConditionFailed: () => new ConflictError(`Visit ${visit.id} changed while its order was made; retry`),
    }),
    putStep(
      store,
      logEntryItem(
        {
          actor,
          action: 'visit.closed',
          subject: { kind: 'visit', id: visit.id },
          summary: `Visit for ${visit.purpose} closed: order_opened (repair order ${orderId})`,
          changes: ['orderId', 'outcome', 'status'],
          logPartition: visitLogPartition(visit),
        },
        at,
      ),
    ),
  ];
}
