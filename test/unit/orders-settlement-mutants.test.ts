import { describe, expect, it } from 'vitest';
import { RuleViolationError } from '../../shared/kernel/errors';
import { policyFor } from '../../shared/kernel/policy';
import { priceLine } from '../../shared/orders/rules/pricing';
import {
  nextMaintenanceAtExit,
  requiredExitDocuments,
  settlementFigures,
  vehicleAtExit,
  warrantyAtExit,
} from '../../shared/orders/rules/settlement';
import { lineInput } from '../../shared/orders/schemas/lines';
import { validationIssues } from '../support/refusals';

/** Survivors of the first mutation run of settlement.ts (issue 14), each a requirement case. */
const part = priceLine(
  lineInput.parse({
    kind: 'part',
    description: 'Part',
    quantity: 1,
    unitPrice: 10_000,
    supplier: 'shop',
    grade: 'oem',
  }),
  'estimate',
);

describe('settlement figures with payments (R-PKP-4)', () => {
  it.each([
    // paid, outstanding (the receivable 欠收)
    [0, 8_000],
    [3_000, 5_000],
    [8_000, 0],
  ])('R-PKP-4: %i paid of 8000 due leaves %i outstanding', (paid, outstanding) => {
    expect(
      settlementFigures({ lines: [part], riskPremiumPercent: 0, discount: 2_000, deposit: 0, paid }),
    ).toMatchObject({ amountDue: 8_000, paid, outstanding });
  });

  it('R-PKP-4: payments above the amount due are refused: the receivable never goes below 0', () => {
    expect(() =>
      settlementFigures({ lines: [part], riskPremiumPercent: 0, discount: 2_000, deposit: 0, paid: 8_001 }),
    ).toThrow(new RuleViolationError('Payments (8001) exceed the amount due (8000)', 'R-PKP-4'));
  });
});

describe('the exit at its edges (R-PKP-5, R-WAR-1, R-ARC-1)', () => {
  it('R-PKP-5: vehicle documents are due back when the handover received some of them', () => {
    const order = {
      handover: { documents: [{ present: true }, { present: false }] },
    };
    expect(requiredExitDocuments(order)).toContain('vehicle_documents');
  });

  it('R-WAR-1: without a handover odometer the warranty has no km limit', () => {
    const warranty = warrantyAtExit({ lines: [part] }, '2031-06-11T10:00:00.000Z', policyFor());
    expect(Object.keys(warranty).sort()).toEqual(['excludes', 'until']);
  });

  it('R-ARC-1: a repaired car without a handover odometer writes the maintenance dates only', () => {
    expect(Object.keys(vehicleAtExit({}, '2031-06-11', undefined)).sort()).toEqual([
      'lastMaintenanceDate',
      'nextMaintenanceDate',
    ]);
  });

  it.each([
    ['R-ARC-1: a next maintenance date of today is refused', '2031-06-11'],
    ['R-ARC-1: a next maintenance date before today is refused', '2031-06-10'],
  ])('%s, naming the field', (_case, given) => {
    expect(validationIssues(() => nextMaintenanceAtExit({ today: '2031-06-11', given }))).toEqual([
      'body.nextMaintenanceDate: Give a date after today (2031-06-11)',
    ]);
  });

  it('R-ARC-1: a declined car without an odometer writes nothing on the vehicle', () => {
    expect(vehicleAtExit({ decline: {} }, '2031-06-11', undefined)).toEqual({});
  });

  it.each([
    ['R-ARC-1: a date on file equal to today is not ahead: none', '2031-06-11', undefined],
    ['R-ARC-1: a date on file after today is kept', '2031-06-12', '2031-06-12'],
  ])('%s', (_case, onFile, expected) => {
    expect(nextMaintenanceAtExit({ today: '2031-06-11', onFile })).toBe(expected);
  });
});
