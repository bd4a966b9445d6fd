import type { Visit } from '../../shared/reception/schemas/visit';

/** A reception visit for the pure rules of R-REC-1 and R-REC-2 (shared/reception/rules/visit.ts). */
export const visitArrivedAt = '2031-06-11T02:10:00.000Z';

/** An open repair visit of customer C1 with car VEH1, at 10:10 in Shenzhen, taken by advisor ADV. */
export function aVisit(overrides: Partial<Visit> = {}): Visit {
  return {
    id: 'V1',
    branchId: 'SZ',
    status: 'open',
    purpose: 'repair',
    customerId: 'C1',
    vehicleId: 'VEH1',
    returning: true,
    arrivedAt: visitArrivedAt,
    advisor: { staffId: 'ADV', name: 'Advisor' },
    version: 1,
    createdAt: visitArrivedAt,
    createdBy: 'ADV',
    updatedAt: visitArrivedAt,
    updatedBy: 'ADV',
    ...overrides,
  };
}
