import type { Customer } from '../../archive/schemas/customer';
import type { Vehicle } from '../../archive/schemas/vehicle';
import { InvalidTransitionError, RuleViolationError, ValidationError } from '../../kernel/errors';
import { isReturning } from '../../kernel/local-time';
import { isActive } from '../../staff/rules';
import type { StaffMember } from '../../staff/schemas';
import type { Diagnosis } from '../schemas/diagnosis';
import type { CloseVisit, StaffRef, Visit } from '../schemas/visit';

/**
 * The customer (and vehicle) a visit names must be on file in the branch, the vehicle theirs
 * (R-REC-1, R-ARC-1): a 400 naming the body field otherwise.
 */
export function requireVisitParties(
  branchId: string,
  named: { customerId: string; vehicleId?: string | undefined },
  found: { customer?: Customer | undefined; vehicle?: Vehicle | undefined },
): { customer: Customer; vehicle?: Vehicle } {
  const { customerId, vehicleId } = named;
  const { customer, vehicle } = found;
  if (!customer) {
    throw new ValidationError([
      { path: 'body.customerId', message: `No customer ${customerId} at branch ${branchId}` },
    ]);
  }
  if (!vehicleId) return { customer };
  if (!vehicle || vehicle.customerId !== customerId) {
    throw new ValidationError([
      {
        path: 'body.vehicleId',
        message: `Customer ${customerId} has no vehicle ${vehicleId} at branch ${branchId}`,
      },
    ]);
  }
  return { customer, vehicle };
}

/**
 * R-REC-1: a visit is of a returning customer when their archive was opened on an earlier local
 * day of the branch (R-X-2); an archive opened today, or none (a walk-in), is a new customer.
 */
export function isReturningVisit(
  customer: Pick<Customer, 'createdAt'> | undefined,
  arrivedAt: string,
  timeZone: string,
): boolean {
  return customer ? isReturning(customer.createdAt, arrivedAt, timeZone) : false;
}

/** A closed visit allows nothing more (R-REC-1): 409 naming what was tried. */
export function closedVisitError(
  visit: Pick<Visit, 'id' | 'outcome'>,
  action: string,
): InvalidTransitionError {
  return new InvalidTransitionError(
    `Visit ${visit.id} is closed${visit.outcome ? ` (${visit.outcome})` : ''}: it cannot ${action}; it allows nothing more`,
    'closed',
    [],
  );
}

/** R-REC-1: the visit closed with its outcome, once; a closed visit cannot close again. */
export function closedVisit(visit: Visit, input: CloseVisit, at: string, closedBy: StaffRef): Visit {
  if (visit.status === 'closed') throw closedVisitError(visit, 'close');
  return {
    ...visit,
    status: 'closed',
    outcome: input.outcome,
    ...(input.answer ? { answer: input.answer } : {}),
    ...(input.referredTo ? { referredTo: input.referredTo } : {}),
    ...(input.orderId ? { orderId: input.orderId } : {}),
    closedAt: at,
    closedBy,
  };
}

/**
 * R-ARC-4: the order a visit closes with is one of the visit's own customer, and of its car when
 * the visit names one: what the order's record must match (nothing to match for a walk-in).
 */
export function closingOrderMatch(
  visit: Pick<Visit, 'customerId' | 'vehicleId'>,
): { customerId: string; vehicleId?: string } | undefined {
  if (!visit.customerId) return undefined;
  return { customerId: visit.customerId, ...(visit.vehicleId ? { vehicleId: visit.vehicleId } : {}) };
}

/** The 400 of a visit closed with an order that is not its customer's (and car's). */
export function closingOrderError(
  visit: Pick<Visit, 'vehicleId'>,
  orderId: string,
  branchId: string,
): ValidationError {
  return new ValidationError([
    {
      path: 'body.orderId',
      message: `No repair order ${orderId} of this visit's customer${visit.vehicleId ? ' and car' : ''} at branch ${branchId}`,
    },
  ]);
}

/** R-FUP-2: a consultation of a customer on file is followed up like an exit, 3 to 7 days later. */
export function followsUpVisit(visit: Pick<Visit, 'purpose' | 'customerId'>): boolean {
  return visit.purpose === 'consultation' && Boolean(visit.customerId);
}

/**
 * R-REC-2: a diagnosis report is written during an open visit about a car of the archive
 * (R-ARC-1): the customer and vehicle it is about, or a 409 (closed) or 422 (no vehicle).
 */
export function requireDiagnosable(visit: Visit): { customerId: string; vehicleId: string } {
  if (visit.status === 'closed') throw closedVisitError(visit, 'get a diagnosis report');
  if (!visit.customerId || !visit.vehicleId) {
    throw new RuleViolationError(
      `Visit ${visit.id} has no vehicle: a diagnosis report is about a car of the archive (R-ARC-1); log a visit with customerId and vehicleId`,
      'R-REC-2',
    );
  }
  return { customerId: visit.customerId, vehicleId: visit.vehicleId };
}

/** Whether the report names a technician other than the caller (whose membership is then read). */
export function namesOtherTechnician(
  callerId: string,
  technicianId: string | undefined,
): technicianId is string {
  return technicianId !== undefined && technicianId !== callerId;
}

/**
 * R-REC-2: who diagnosed: the caller, or an active staff member of the branch (suspended and
 * departed staff diagnose nothing); a 400 naming `body.technicianId` otherwise.
 */
export function technicianOf(
  caller: StaffRef,
  branchId: string,
  technicianId: string | undefined,
  member: Pick<StaffMember, 'status' | 'name'> | undefined,
): StaffRef {
  if (!namesOtherTechnician(caller.staffId, technicianId)) return caller;
  if (!member || !isActive(member)) {
    throw new ValidationError([
      { path: 'body.technicianId', message: `No staff member ${technicianId} works at branch ${branchId}` },
    ]);
  }
  return { staffId: technicianId, name: String(member.name) };
}

/** R-REC-2: the report is handed to the customer once; a second time is a 409. */
export function requireNotShown(diagnosis: Pick<Diagnosis, 'id' | 'shownToCustomerAt'>): void {
  if (diagnosis.shownToCustomerAt) {
    throw new InvalidTransitionError(
      `Diagnosis report ${diagnosis.id} was shown to the customer at ${diagnosis.shownToCustomerAt}; it allows nothing more`,
      'shown',
      [],
    );
  }
}
