import { describe, expect, it } from 'vitest';
import type { Customer } from '../../shared/archive/schemas/customer';
import type { Vehicle } from '../../shared/archive/schemas/vehicle';
import { InvalidTransitionError, RuleViolationError, VersionConflictError } from '../../shared/kernel/errors';
import { requireReadVersion } from '../../shared/kernel/versions';
import {
  closedVisit,
  closingOrderError,
  closingOrderMatch,
  followsUpVisit,
  isReturningVisit,
  requireDiagnosable,
  requireNotShown,
  requireVisitParties,
  technicianOf,
} from '../../shared/reception/rules/visit';
import type { Visit } from '../../shared/reception/schemas/visit';
import { validationPaths } from '../support/refusals';
import { visitArrivedAt as arrivedAt, aVisit as visit } from '../support/visits';

const advisor = { staffId: 'ADV', name: 'Advisor' };

const customer = { id: 'C1', name: '陈先生', createdAt: '2031-01-05T08:00:00.000Z' } as Customer;
const car = (customerId: string) => ({ id: 'VEH1', customerId, plate: '粤B12345' }) as Vehicle;

describe('the parties a visit names (R-REC-1, R-ARC-1)', () => {
  it.each<[string, { vehicleId?: string }, { customer?: Customer; vehicle?: Vehicle }, string[]]>([
    ['no customer on file: 400 on body.customerId', {}, {}, ['body.customerId']],
    ['a vehicle not on file: 400 on body.vehicleId', { vehicleId: 'VEH1' }, { customer }, ['body.vehicleId']],
    [
      "another customer's vehicle: 400 on body.vehicleId",
      { vehicleId: 'VEH1' },
      { customer, vehicle: car('C2') },
      ['body.vehicleId'],
    ],
  ])('%s', (_case, named, found, expected) => {
    expect(validationPaths(() => requireVisitParties('SZ', { customerId: 'C1', ...named }, found))).toEqual(
      expected,
    );
  });

  it('accepts the customer with their own car, and a customer without a car named', () => {
    expect(
      requireVisitParties('SZ', { customerId: 'C1', vehicleId: 'VEH1' }, { customer, vehicle: car('C1') }),
    ).toEqual({ customer, vehicle: car('C1') });
    expect(requireVisitParties('SZ', { customerId: 'C1' }, { customer, vehicle: car('C1') })).toEqual({
      customer,
    });
  });
});

describe('new or returning customer, by the branch-local day (R-REC-1, R-X-2)', () => {
  it.each<[string, string | undefined, string, string, boolean]>([
    ['a walk-in without an archive is new', undefined, arrivedAt, 'Asia/Shanghai', false],
    [
      'an archive opened months ago is returning',
      '2031-01-05T08:00:00.000Z',
      arrivedAt,
      'Asia/Shanghai',
      true,
    ],
    // 2031-06-10T17:00Z is 01:00 on 11 June in Shanghai: the same local day as the visit.
    [
      'an archive opened earlier the same local day is new',
      '2031-06-10T17:00:00.000Z',
      arrivedAt,
      'Asia/Shanghai',
      false,
    ],
    // 2031-06-10T15:30Z is 23:30 on 10 June in Shanghai: the local day before.
    [
      'an archive opened late the local day before is returning',
      '2031-06-10T15:30:00.000Z',
      arrivedAt,
      'Asia/Shanghai',
      true,
    ],
    // The same two instants are one UTC day apart but one local day in Los Angeles (10 June).
    [
      'the same UTC-day split is one local day in Los Angeles',
      '2031-06-10T15:30:00.000Z',
      arrivedAt,
      'America/Los_Angeles',
      false,
    ],
  ])('%s', (_case, openedAt, at, timeZone, returning) => {
    expect(isReturningVisit(openedAt ? { createdAt: openedAt } : undefined, at, timeZone)).toBe(returning);
  });
});

describe('closing a visit (R-REC-1, R-ARC-4, R-FUP-2)', () => {
  const closedAt = '2031-06-11T03:00:00.000Z';

  it('closes an open visit with its outcome, answer and who closed it', () => {
    const next = closedVisit(
      visit(),
      { version: 1, outcome: 'answered', answer: 'Tyre pressure' },
      closedAt,
      advisor,
    );
    expect(next).toMatchObject({
      status: 'closed',
      outcome: 'answered',
      answer: 'Tyre pressure',
      closedAt,
      closedBy: advisor,
    });
  });

  it('refuses to close a closed visit again (409 naming its outcome)', () => {
    const closed = visit({ status: 'closed', outcome: 'declined' });
    expect(() =>
      closedVisit(closed, { version: 1, outcome: 'answered', answer: 'x' }, closedAt, advisor),
    ).toThrow(
      new InvalidTransitionError(
        'Visit V1 is closed (declined): it cannot close; it allows nothing more',
        'closed',
        [],
      ),
    );
  });

  it.each<[string, Partial<Visit>, { customerId: string; vehicleId?: string } | undefined, string]>([
    [
      'a visit with customer and car: the order must be of both',
      {},
      { customerId: 'C1', vehicleId: 'VEH1' },
      ' and car',
    ],
    [
      'a visit without a car: the order must be of the customer',
      { vehicleId: undefined },
      { customerId: 'C1' },
      '',
    ],
    ['a walk-in: nothing to match', { customerId: undefined, vehicleId: undefined }, undefined, ''],
  ])('R-ARC-4: %s', (_case, overrides, match, andCar) => {
    const v = visit(overrides);
    expect(closingOrderMatch(v)).toEqual(match);
    expect(closingOrderError(v, 'O1', 'SZ').issues).toEqual([
      { path: 'body.orderId', message: `No repair order O1 of this visit's customer${andCar} at branch SZ` },
    ]);
  });

  it.each<[string, Partial<Visit>, boolean]>([
    ['a consultation of a customer on file is followed up', { purpose: 'consultation' }, true],
    ['a walk-in consultation is not', { purpose: 'consultation', customerId: undefined }, false],
    ['a repair visit is followed up through its order, not here', { purpose: 'repair' }, false],
  ])('R-FUP-2: %s', (_case, overrides, follows) => {
    expect(followsUpVisit(visit(overrides))).toBe(follows);
  });
});

describe('diagnosis reports (R-REC-2)', () => {
  it('are written during an open visit about a car of the archive', () => {
    expect(requireDiagnosable(visit())).toEqual({ customerId: 'C1', vehicleId: 'VEH1' });
  });

  it.each<[string, Partial<Visit>, new (...args: never[]) => Error]>([
    ['a closed visit gets no report (409)', { status: 'closed' }, InvalidTransitionError],
    ['a visit without a vehicle gets no report (R-ARC-1)', { vehicleId: undefined }, RuleViolationError],
    ['a walk-in gets no report', { customerId: undefined, vehicleId: undefined }, RuleViolationError],
  ])('%s', (_case, overrides, errorClass) => {
    expect(() => requireDiagnosable(visit(overrides))).toThrow(errorClass);
  });

  it.each<
    [
      string,
      string | undefined,
      { status: 'regular' | 'suspended' | 'left'; name: string } | undefined,
      string | undefined,
    ]
  >([
    ['the caller when nobody else is named', undefined, undefined, 'ADV'],
    ['the caller when they name themselves', 'ADV', undefined, 'ADV'],
    ['an active colleague of the branch', 'TECH', { status: 'regular', name: 'Tech' }, 'TECH'],
    ['not a suspended colleague', 'TECH', { status: 'suspended', name: 'Tech' }, undefined],
    ['not a colleague who left', 'TECH', { status: 'left', name: 'Tech' }, undefined],
    ['not someone without a membership of the branch', 'TECH', undefined, undefined],
  ])('the technician is %s', (_case, technicianId, member, expected) => {
    if (expected) {
      expect(technicianOf(advisor, 'SZ', technicianId, member).staffId).toBe(expected);
    } else {
      expect(validationPaths(() => technicianOf(advisor, 'SZ', technicianId, member))).toEqual([
        'body.technicianId',
      ]);
    }
  });

  it('is shown to the customer once', () => {
    expect(() => requireNotShown({ id: 'D1' })).not.toThrow();
    expect(() => requireNotShown({ id: 'D1', shownToCustomerAt: arrivedAt })).toThrow(InvalidTransitionError);
  });
});

describe('the version the caller read (R-ACC-5)', () => {
  it.each([
    [3, 3, false],
    [2, 3, true],
  ])('read %i, stored %i: conflict %s', (read, current, conflict) => {
    const check = () => requireReadVersion('visit', read, current);
    if (conflict) expect(check).toThrow(VersionConflictError);
    else expect(check).not.toThrow();
  });
});
