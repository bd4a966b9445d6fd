import { describe, expect, it } from 'vitest';
import { RuleViolationError, ValidationError } from '../../shared/kernel/errors';
import { addMonths, localDate, localDateTime, startOfLocalDay } from '../../shared/kernel/local-time';
import { policyFor } from '../../shared/kernel/policy';
import { priceLine } from '../../shared/orders/rules/pricing';
import {
  afterPayment,
  checkDiscount,
  type ExitDocument,
  missingExitDocuments,
  missingPickupSteps,
  nextMaintenanceAtExit,
  requiredExitDocuments,
  settlementFigures,
  settlementLines,
  warrantyAtExit,
} from '../../shared/orders/rules/settlement';
import { type LineInput, lineInput } from '../../shared/orders/schemas/lines';

const priced = (input: LineInput, source = 'estimate') => priceLine(lineInput.parse(input), source);
const labour = (rate: number, hours: number) =>
  priced({ kind: 'labour', description: 'Labour', hours, rate });
const part = (unitPrice: number, quantity: number, extra: Partial<LineInput> = {}) =>
  priced({
    kind: 'part',
    description: 'Part',
    quantity,
    unitPrice,
    supplier: 'shop',
    grade: 'oem',
    ...extra,
  } as LineInput);
const fee = (amount: number) =>
  priced({ kind: 'fee', description: 'Diagnosis fee', feeType: 'diagnosis', amount });

describe('settlement figures in minor units (R-PKP-4)', () => {
  it.each([
    // lines, risk premium %, discount, deposit → total, amount due
    [
      'labour and parts, no discount or deposit',
      [labour(20_000, 1.5), part(45_000, 1)],
      0,
      0,
      0,
      75_000,
      75_000,
    ],
    [
      'an approved discount and a deposit deducted',
      [labour(20_000, 1.5), part(45_000, 1)],
      0,
      5_000,
      20_000,
      75_000,
      50_000,
    ],
    [
      'a symptom risk premium on the work, not on fees',
      [labour(10_001, 1), fee(5_000)],
      10,
      0,
      0,
      16_001,
      16_001,
    ],
    ['a premium rounded half up once', [labour(12_345, 1)], 10, 0, 0, 13_580, 13_580],
    ['odd hours rounded to the fen', [labour(33_333, 0.35), part(1_999, 3)], 0, 1, 0, 17_664, 17_663],
    ['discount and deposit equal to the total', [part(10_000, 1)], 0, 4_000, 6_000, 10_000, 0],
  ])('%s', (_case, lines, premium, discount, deposit, total, amountDue) => {
    const figures = settlementFigures({ lines, riskPremiumPercent: premium, discount, deposit });
    expect(figures.totals.total).toBe(total);
    expect(figures.amountDue).toBe(amountDue);
    expect(figures).toMatchObject({ discount, deposit, paid: 0, outstanding: amountDue });
  });

  it('refuses a discount and deposit above the total: the amount due is never negative (422)', () => {
    expect(() =>
      settlementFigures({ lines: [part(10_000, 1)], riskPremiumPercent: 0, discount: 4_000, deposit: 6_001 }),
    ).toThrow(RuleViolationError);
  });

  it('bills a declined order its fees only (R-REC-2), a repaired car every line plus desk fees', () => {
    const orderLines = [labour(20_000, 1), part(45_000, 1), fee(8_000)];
    const extra = [fee(2_000)];
    expect(settlementLines('declined', orderLines, extra).map((l) => l.amount)).toEqual([8_000, 2_000]);
    expect(settlementLines('ready', orderLines, extra).map((l) => l.amount)).toEqual([
      20_000, 45_000, 8_000, 2_000,
    ]);
  });

  it.each([
    // payments in order → outstanding after each
    [[30_000], [20_000]],
    [
      [10_000, 15_000, 25_000],
      [40_000, 25_000, 0],
    ],
    [
      [1, 1, 49_998],
      [49_999, 49_998, 0],
    ],
  ])('takes partial payments %j leaving %j outstanding', (payments, outstandingAfter) => {
    let figures = { amountDue: 50_000, paid: 0, outstanding: 50_000 };
    const seen: number[] = [];
    for (const amount of payments) {
      figures = { ...figures, ...afterPayment(figures, amount) };
      seen.push(figures.outstanding);
    }
    expect(seen).toEqual(outstandingAfter);
  });

  it.each([
    [50_001, 0],
    [1, 50_000],
  ])('refuses a payment of %i when %i is paid of 50000 (422: outstanding never negative)', (amount, paid) => {
    expect(() => afterPayment({ amountDue: 50_000, paid, outstanding: 50_000 - paid }, amount)).toThrow(
      RuleViolationError,
    );
  });

  it('refuses a discount larger than the bill', () => {
    expect(() => checkDiscount(10_001, 10_000)).toThrow(RuleViolationError);
    expect(() => checkDiscount(10_000, 10_000)).not.toThrow();
  });
});

describe('pickup preparation (R-PKP-1)', () => {
  it.each([
    [undefined, ['cleaned', 'belongingsChecked', 'billsCollected']],
    [{ cleaned: true, belongingsChecked: false, billsCollected: true }, ['belongingsChecked']],
    [{ cleaned: true, belongingsChecked: true, billsCollected: true }, []],
  ])('with %j still needs %j', (preparation, missing) => {
    expect(missingPickupSteps(preparation)).toEqual(missing);
  });
});

describe('exit documents (R-PKP-5)', () => {
  const handover = (present: boolean) => ({ documents: [{ present }] });
  it.each<[string, Parameters<typeof requiredExitDocuments>[0], ExitDocument[]]>([
    [
      'a repaired car whose documents were handed over',
      { handover: handover(true) },
      ['exit_notice', 'repair_order', 'settlement', 'warranty', 'vehicle_documents', 'keys'],
    ],
    [
      'a repaired car that came without documents',
      { handover: handover(false) },
      ['exit_notice', 'repair_order', 'settlement', 'warranty', 'keys'],
    ],
    ['a declined order without handover (R-REC-2)', { decline: {} }, ['exit_notice', 'settlement']],
    [
      'a declined order whose keys the shop holds',
      { decline: {}, handover: handover(false) },
      ['exit_notice', 'settlement', 'keys'],
    ],
  ])('%s needs %j', (_case, order, required) => {
    expect(requiredExitDocuments(order)).toEqual(required);
  });

  it('names what is missing', () => {
    expect(missingExitDocuments({ handover: handover(true) }, ['exit_notice', 'settlement', 'keys'])).toEqual(
      ['repair_order', 'warranty', 'vehicle_documents'],
    );
  });
});

describe('warranty at exit (R-WAR-1)', () => {
  const policy = policyFor();
  it('runs warrantyDays and warrantyKm from the exit and excludes no-warranty lines (R-EST-2)', () => {
    const customerPart = part(30_000, 1, {
      description: 'Own tyre',
      supplier: 'customer',
    } as Partial<LineInput>);
    const warranty = warrantyAtExit(
      { lines: [labour(20_000, 1), customerPart], handover: { odometerKm: 42_100, documents: [] } },
      '2026-03-01T08:00:00.000Z',
      policy,
    );
    expect(warranty).toEqual({
      until: '2026-05-30T08:00:00.000Z',
      km: 42_100 + policy.order.warrantyKm,
      excludes: ['Own tyre'],
    });
  });

  it('covers nothing after a declined order: no work was done', () => {
    expect(warrantyAtExit({ decline: {}, lines: [fee(5_000)] }, '2026-03-01T08:00:00.000Z', policy)).toEqual({
      until: '2026-03-01T08:00:00.000Z',
      excludes: [],
    });
  });
});

describe('next maintenance date at exit (R-ARC-1)', () => {
  it.each([
    ['the advisor gives a date', { given: '2026-09-01', cycleMonths: 6 }, '2026-09-01'],
    ['from a 6-month cycle', { cycleMonths: 6 }, '2026-09-15'],
    ['the date on file still ahead', { onFile: '2026-04-01' }, '2026-04-01'],
    ['a date on file already past is dropped', { onFile: '2026-03-01' }, undefined],
  ])('%s', (_case, input, expected) => {
    expect(nextMaintenanceAtExit({ today: '2026-03-15', ...input })).toBe(expected);
  });

  it('refuses a given date that is not after today, naming the field', () => {
    expect(() => nextMaintenanceAtExit({ today: '2026-03-15', given: '2026-03-15' })).toThrow(
      ValidationError,
    );
  });
});

describe('branch-local dates (R-X-2)', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-11-15', 3, '2027-02-15'],
    ['2026-06-30', 12, '2027-06-30'],
  ])('%s plus %i months is %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it.each([
    ['2026-03-01T15:59:59.999Z', 'Asia/Shanghai', '2026-03-01'],
    ['2026-03-01T16:00:00.000Z', 'Asia/Shanghai', '2026-03-02'],
    ['2026-03-01T16:00:00.000Z', 'Asia/Taipei', '2026-03-02'],
    ['2026-03-01T03:00:00.000Z', 'America/New_York', '2026-02-28'],
  ])('%s is local day %s in %s', (instant, zone, date) => {
    expect(localDate(instant, zone)).toBe(date);
  });

  it.each([
    ['2026-03-02', 'Asia/Shanghai', '2026-03-01T16:00:00.000Z'],
    ['2026-03-02', 'Asia/Hong_Kong', '2026-03-01T16:00:00.000Z'],
    ['2026-03-08', 'America/New_York', '2026-03-08T05:00:00.000Z'], // the day DST starts
    ['2026-03-09', 'America/New_York', '2026-03-09T04:00:00.000Z'], // the day after
    ['2026-10-25', 'Europe/London', '2026-10-24T23:00:00.000Z'], // BST still in force at midnight
  ])('local day %s in %s starts at %s UTC', (date, zone, instant) => {
    expect(startOfLocalDay(date, zone)).toBe(instant);
  });

  it('shows an instant as local wall-clock time for exports', () => {
    expect(localDateTime('2026-03-01T16:05:00.000Z', 'Asia/Shanghai')).toBe('2026-03-02 00:05');
  });
});
