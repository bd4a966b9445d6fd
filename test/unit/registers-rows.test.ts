import { describe, expect, it } from 'vitest';
import { columnNames, csvCells, registerRange, rowOf, toCell } from '../../shared/registers/rules';

describe('a stored value as one register cell (R-REG-1)', () => {
  it.each<[string, unknown, string | number | boolean | null]>([
    ['a missing attribute is an empty cell', undefined, null],
    ['a number stays a number', 38_000, 38_000],
    ['a list is joined', ['brakes', 'tyres'], 'brakes; tyres'],
    ['a person is their name', { staffId: 'S1', name: '王师傅' }, '王师傅'],
    ['a belonging is `item × n`', { item: 'umbrella', quantity: 2 }, 'umbrella × 2'],
    [
      'belongings are joined',
      [
        { item: 'umbrella', quantity: 1 },
        { item: 'CD', quantity: 3 },
      ],
      'umbrella × 1; CD × 3',
    ],
  ])('%s', (_case, value, cell) => {
    expect(toCell(value)).toEqual(cell);
  });
});

describe('a register row (R-REG-1)', () => {
  const order = {
    pk: 'BR#SZ#RO#O1',
    sk: 'ORDER',
    gsi2sk: '2031-06-11T02:10:00.000Z#O1',
    plate: '粤B12345',
    customerName: '陈先生',
    state: 'in_progress',
    totals: { total: 38_000 },
    currency: 'CNY',
    promisedAt: '2031-06-11T10:00:00.000Z',
    advisor: { staffId: 'A1', name: 'Advisor' },
  };

  it('takes its id and time from the sort key and its kind’s columns from the record', () => {
    expect(rowOf('order', order)).toEqual({
      id: 'O1',
      at: '2031-06-11T02:10:00.000Z',
      plate: '粤B12345',
      customerName: '陈先生',
      state: 'in_progress',
      pricingMethod: null,
      total: 38_000,
      currency: 'CNY',
      promisedAt: '2031-06-11T10:00:00.000Z',
      advisor: 'Advisor',
      confirmedBy: null,
    });
    expect(columnNames('order').slice(0, 3)).toEqual(['id', 'at', 'plate']);
  });

  it.each<[string, Record<string, unknown>, unknown]>([
    ['a visit of a customer on file shows their name', { customerName: '陈先生' }, '陈先生'],
    ['a walk-in visit shows the visitor’s name', { visitor: { name: 'Walk-in' } }, 'Walk-in'],
  ])('%s', (_case, visit, name) => {
    expect(rowOf('visit', { gsi2sk: '2031-06-11T02:10:00.000Z#V1', ...visit }).customerName).toBe(name);
  });

  it('is written for Excel in local time and major units (R-X-2, R-EST-3)', () => {
    const cells = csvCells('order', rowOf('order', order), 'Asia/Shanghai');
    expect(cells.slice(0, 2)).toEqual(['O1', '2031-06-11 10:10']);
    expect(cells).toContain('380.00');
    expect(cells).toContain('2031-06-11 18:00');
  });
});

describe('a range of local days as UTC bounds (R-X-2)', () => {
  it.each<[string, string, string, string, { lower: string; upper: string }]>([
    [
      'one day in Shanghai',
      '2031-06-11',
      '2031-06-11',
      'Asia/Shanghai',
      { lower: '2031-06-10T16:00:00.000Z', upper: '2031-06-11T16:00:00.000Z' },
    ],
    [
      'a month end in Los Angeles, summer time',
      '2031-06-30',
      '2031-06-30',
      'America/Los_Angeles',
      { lower: '2031-06-30T07:00:00.000Z', upper: '2031-07-01T07:00:00.000Z' },
    ],
  ])('%s', (_case, from, to, timeZone, expected) => {
    expect(registerRange(from, to, timeZone)).toEqual(expected);
  });
});
