import { describe, expect, it } from 'vitest';
import type { Customer } from '../../shared/archive/schemas/customer';
import type { Vehicle } from '../../shared/archive/schemas/vehicle';
import { InvalidTransitionError, RuleViolationError, ValidationError } from '../../shared/kernel/errors';
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
} from '../../shared/reception/rules/visit';
import type { CloseVisit, Visit } from '../../shared/reception/schemas/visit';
import type { StaffStatus } from '../../shared/staff/rules';
import { thrown } from '../support/refusals';
import { visitArrivedAt as arrivedAt, aVisit as visit } from '../support/visits';

/**
 * Mutation-testing cases of the visit rules (R-REC-1, R-REC-2, R-ARC-1, R-ARC-4, R-FUP-2): each
 * answer and each refusal asserted whole.
 */

describe('the parties a visit names are on file, the car theirs (R-REC-1, R-ARC-1)', () => {
  const customer = { id: 'C1' } as Customer;
  it.each<
    [
      string,
      () => [{ customerId: string; vehicleId?: string }, { customer?: Customer; vehicle?: Vehicle }],
      unknown,
    ]
  >([
    ['customer alone', () => [{ customerId: 'C1' }, { customer }], { customer: { id: 'C1' } }],
    [
      'customer and their car',
      () => [
        { customerId: 'C1', vehicleId: 'VEH1' },
        { customer, vehicle: { id: 'VEH1', customerId: 'C1' } as Vehicle },
      ],
      { customer: { id: 'C1' }, vehicle: { id: 'VEH1', customerId: 'C1' } },
    ],
    [
      'no customer',
      () => [{ customerId: 'C9' }, {}],
      [{ path: 'body.customerId', message: 'No customer C9 at branch SZ' }],
    ],
    [
      'no such car',
      () => [{ customerId: 'C1', vehicleId: 'VEH9' }, { customer }],
      [{ path: 'body.vehicleId', message: 'Customer C1 has no vehicle VEH9 at branch SZ' }],
    ],
    [
      "another customer's car",
      () => [
        { customerId: 'C1', vehicleId: 'VEH2' },
        { customer, vehicle: { id: 'VEH2', customerId: 'C2' } as Vehicle },
      ],
      [{ path: 'body.vehicleId', message: 'Customer C1 has no vehicle VEH2 at branch SZ' }],
    ],
  ])('%s', (_case, build, expected) => {
    const [named, found] = build();
    if (Array.isArray(expected)) {
      const error = thrown(() => requireVisitParties('SZ', named, found));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues).toEqual(expected);
    } else {
      expect(requireVisitParties('SZ', named, found)).toEqual(expected);
    }
  });
});

describe('a returning customer opened their archive on an earlier local day (R-REC-1)', () => {
  it.each<[string, string | undefined, boolean]>([
    ['archive opened the day before (local)', '2031-06-10T03:00:00.000Z', true],
    ['archive opened earlier the same local day', '2031-06-10T17:00:00.000Z', false],
    ['a walk-in', undefined, false],
  ])('%s', (_case, createdAt, returning) => {
    const customer = createdAt ? { createdAt } : undefined;
    expect(isReturningVisit(customer, arrivedAt, 'Asia/Shanghai')).toBe(returning);
  });
});

describe('closing a visit (R-REC-1, R-ARC-4)', () => {
  const closer = { staffId: 'ADV2', name: 'Other' };
  it.each<[string, CloseVisit, Partial<Visit>]>([
    [
      'answered',
      { version: 1, outcome: 'answered', answer: 'Brakes fine' },
      { outcome: 'answered', answer: 'Brakes fine' },
    ],
    [
      'referred',
      { version: 1, outcome: 'referred', referredTo: 'Tyre shop' },
      { outcome: 'referred', referredTo: 'Tyre shop' },
    ],
    [
      'order opened',
      { version: 1, outcome: 'order_opened', orderId: 'O1' },
      { outcome: 'order_opened', orderId: 'O1' },
    ],
    ['declined', { version: 1, outcome: 'declined' }, { outcome: 'declined' }],
  ])('%s: the record holds exactly the outcome and its detail', (_case, input, detail) => {
    const closed = closedVisit(visit(), input, '2031-06-11T03:00:00.000Z', closer);
    expect(closed).toEqual({
      ...visit(),
      status: 'closed',
      ...detail,
      closedAt: '2031-06-11T03:00:00.000Z',
      closedBy: closer,
    });
  });

  it.each<[string, Partial<Visit>, string]>([
    [
      'with its outcome',
      { outcome: 'declined' },
      'Visit V1 is closed (declined): it cannot close; it allows nothing more',
    ],
    ['without an outcome', {}, 'Visit V1 is closed: it cannot close; it allows nothing more'],
  ])('a closed visit %s cannot close again (409)', (_case, extra, message) => {
    const error = thrown(() =>
      closedVisit(
        visit({ status: 'closed', ...extra }),
        { version: 1, outcome: 'declined' },
        arrivedAt,
        closer,
      ),
    );
    expect(error).toBeInstanceOf(InvalidTransitionError);
    expect((error as InvalidTransitionError).message).toBe(message);
    expect((error as InvalidTransitionError).extensions).toEqual({ state: 'closed', allowedActions: [] });
    expect(closedVisitError(visit(extra), 'close').message).toBe(message);
  });

  it.each<[string, Partial<Visit>, unknown]>([
    ['a walk-in has nothing to match', { customerId: undefined, vehicleId: undefined }, undefined],
    ['customer only', { vehicleId: undefined }, { customerId: 'C1' }],
    ['customer and car', {}, { customerId: 'C1', vehicleId: 'VEH1' }],
  ])('the closing order matches: %s', (_case, extra, match) => {
    expect(closingOrderMatch(visit(extra))).toEqual(match);
  });

  it.each<[string, Partial<Visit>, string]>([
    ['with a car', {}, "No repair order O9 of this visit's customer and car at branch SZ"],
    ['without a car', { vehicleId: undefined }, "No repair order O9 of this visit's customer at branch SZ"],
  ])('a foreign closing order is a 400 on body.orderId: %s', (_case, extra, message) => {
    expect(closingOrderError(visit(extra), 'O9', 'SZ').issues).toEqual([{ path: 'body.orderId', message }]);
  });
});

describe('a consultation of a customer on file is followed up (R-FUP-2)', () => {
  it.each<[string, Partial<Visit>, boolean]>([
    ['consultation on file', { purpose: 'consultation' }, true],
    ['consultation walk-in', { purpose: 'consultation', customerId: undefined }, false],
    ['consultation with an empty customer id', { purpose: 'consultation', customerId: '' }, false],
    ['repair', { purpose: 'repair' }, false],
  ])('%s', (_case, extra, follows) => {
    expect(followsUpVisit(visit(extra))).toBe(follows);
  });
});

describe('a diagnosis report during an open visit about a car on file (R-REC-2)', () => {
  it('an open visit with a car gives its customer and car', () => {
    expect(requireDiagnosable(visit())).toEqual({ customerId: 'C1', vehicleId: 'VEH1' });
  });

  it('a closed visit is a 409', () => {
    const error = thrown(() => requireDiagnosable(visit({ status: 'closed', outcome: 'answered' })));
    expect(error).toBeInstanceOf(InvalidTransitionError);
    expect((error as Error).message).toBe(
      'Visit V1 is closed (answered): it cannot get a diagnosis report; it allows nothing more',
    );
  });

  it.each<[string, Partial<Visit>]>([
    ['no vehicle', { vehicleId: undefined }],
    ['no customer', { customerId: undefined }],
  ])('%s is a 422 of R-REC-2', (_case, extra) => {
    const error = thrown(() => requireDiagnosable(visit(extra)));
    expect(error).toBeInstanceOf(RuleViolationError);
    expect((error as RuleViolationError).message).toBe(
      'Visit V1 has no vehicle: a diagnosis report is about a car of the archive (R-ARC-1); log a visit with customerId and vehicleId',
    );
    expect((error as RuleViolationError).extensions).toEqual({ rule: 'R-REC-2' });
  });

  it.each<[string, string | undefined, boolean]>([
    ['none named', undefined, false],
    ['the caller named', 'ME', false],
    ['another named', 'T2', true],
  ])('names another technician: %s', (_case, technicianId, other) => {
    expect(namesOtherTechnician('ME', technicianId)).toBe(other);
  });

  const me = { staffId: 'ME', name: 'Me' };
  it.each<[string, string | undefined, { status: StaffStatus; name: string } | undefined, unknown]>([
    ['nobody named: the caller', undefined, undefined, me],
    ['the caller named: the caller', 'ME', undefined, me],
    ['an active colleague', 'T2', { status: 'probation', name: 'Tech' }, { staffId: 'T2', name: 'Tech' }],
    [
      'a suspended colleague',
      'T2',
      { status: 'suspended', name: 'Tech' },
      'No staff member T2 works at branch SZ',
    ],
    ['nobody of the branch', 'T3', undefined, 'No staff member T3 works at branch SZ'],
  ])('who diagnosed: %s', (_case, technicianId, member, expected) => {
    if (typeof expected === 'string') {
      const error = thrown(() => technicianOf(me, 'SZ', technicianId, member));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues).toEqual([{ path: 'body.technicianId', message: expected }]);
    } else {
      expect(technicianOf(me, 'SZ', technicianId, member)).toEqual(expected);
    }
  });

  it('a report is shown once; the second time is a 409 naming when', () => {
    expect(() => requireNotShown({ id: 'D1' })).not.toThrow();
    const error = thrown(() => requireNotShown({ id: 'D1', shownToCustomerAt: '2031-06-11T04:00:00.000Z' }));
    expect(error).toBeInstanceOf(InvalidTransitionError);
    expect((error as Error).message).toBe(
      'Diagnosis report D1 was shown to the customer at 2031-06-11T04:00:00.000Z; it allows nothing more',
    );
    expect((error as InvalidTransitionError).extensions).toEqual({ state: 'shown', allowedActions: [] });
  });
});
