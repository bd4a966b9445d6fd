import { describe, expect, it } from 'vitest';
import { columnNames, csvCells, rowOf, toCell } from '../../shared/registers/rules';

/**
 * Survivors of the mutation run of shared/registers/rules.ts (issue 14 item 4): the cells of the
 * registers of R-REG-1 as the forms store them, including the shapes an earlier version of a form
 * left (a null person, an answer stored as text, a list with gaps), the diagnosis findings, the
 * open items of the call register (R-FUP-6, R-FUP-4), the subject of a letter (R-X-1), and the CSV
 * row for Excel in local time and major units (R-X-2). Every value is built inside its `it`.
 */
type Item = Record<string, unknown>;
const sortKey = (id: string) => ({ gsi2sk: `2031-06-11T02:10:00.000Z#${id}` });

describe('a stored value as one register cell (R-REG-1)', () => {
  it.each<[string, () => unknown, string | number | boolean | null]>([
    ['R-REG-1: a null attribute is an empty cell', () => null, null],
    ['R-REG-1: text stays text', () => '粤B12345', '粤B12345'],
    ['R-REG-1: a yes/no stays a yes/no', () => true, true],
    ['R-REG-1: a no stays a no', () => false, false],
    ['R-REG-1: an empty entry of a list is an empty place', () => [null, 'tyres', undefined], '; tyres; '],
    ['R-REG-1: a large whole number is written in full', () => 10n ** 20n, '100000000000000000000'],
    [
      'R-REG-1: a thing without a quantity is not a belonging',
      () => ({ item: 'umbrella' }),
      '{"item":"umbrella"}',
    ],
    [
      'R-REG-1: a quantity of something unnamed is not a belonging',
      () => ({ part: 'P-1', quantity: 2 }),
      '{"part":"P-1","quantity":2}',
    ],
    ['R-REG-1: a person whose name is not text is written whole', () => ({ name: 7 }), '{"name":7}'],
  ])('%s', (_case, value, cell) => {
    expect(toCell(value())).toEqual(cell);
  });
});

describe('register rows of each form (R-REG-1)', () => {
  it.each<[string, () => Item, Record<string, unknown>]>([
    [
      'R-REG-1: a diagnosis report lists each finding as `system: finding (severity)`',
      () => ({
        findings: [
          { system: 'brakes', finding: 'pads worn to 2 mm', severity: 'urgent' },
          { finding: 'wiper blade split', severity: 'advice' },
          { system: 'tyres' },
        ],
      }),
      { findings: 'brakes: pads worn to 2 mm (urgent); wiper blade split (advice); tyres:  ()' },
    ],
    ['R-REG-1: a diagnosis report without findings has an empty cell', () => ({}), { findings: null }],
  ])('%s', (_case, item, cells) => {
    expect(rowOf('diagnosis', { ...sortKey('D1'), ...item() })).toEqual(expect.objectContaining(cells));
  });

  it.each<[string, () => Item, { items: number; open: number }]>([
    [
      'R-FUP-6, R-FUP-4: the call register counts the items and those still open',
      () => ({ items: [{ status: 'open' }, { status: 'solved' }, { status: 'open' }, {}] }),
      { items: 4, open: 2 },
    ],
    [
      'R-FUP-6: a call with nothing raised has none open',
      () => ({ items: [{ status: 'solved' }] }),
      { items: 1, open: 0 },
    ],
    ['R-FUP-6: a call without items counts none', () => ({}), { items: 0, open: 0 }],
  ])('%s', (_case, item, counts) => {
    const row = rowOf('call', { ...sortKey('C1'), ...item() });
    expect({ items: row.items, open: row.open }).toEqual(counts);
  });

  it.each<[string, () => Item, string | null]>([
    [
      'R-X-1: the letter register names the letter’s subject as `kind id`',
      () => ({ subject: { kind: 'order', id: 'O1' } }),
      'order O1',
    ],
    ['R-X-1: a letter about nothing in particular has an empty subject', () => ({}), null],
  ])('%s', (_case, item, subject) => {
    expect(rowOf('letter', { ...sortKey('L1'), ...item() }).subject).toBe(subject);
  });

  it.each<[string, () => Item, Record<string, unknown>]>([
    [
      'R-REG-1: a person recorded as null is an empty cell',
      () => ({ advisor: null, confirmation: null }),
      { advisor: null, confirmedBy: null },
    ],
    [
      'R-REG-1: a person recorded as plain text (an earlier version) is an empty cell',
      () => ({ advisor: 'Advisor', confirmation: 'signed' }),
      { advisor: null, confirmedBy: null },
    ],
  ])('%s', (_case, item, cells) => {
    expect(rowOf('order', { ...sortKey('O1'), ...item() })).toEqual(expect.objectContaining(cells));
  });

  it('R-CMP-1: a complaint answer stored as text (an earlier version) has no answer time', () => {
    const row = rowOf('complaint', { ...sortKey('K1'), answer: 'phoned back', solution: 'refund' });
    expect([row.answeredAt, row.responseMinutes, row.solvedAt]).toEqual([null, null, null]);
  });
});

describe('a register row for Excel (R-REG-1, R-X-2)', () => {
  it.each<[string, () => Item, unknown[]]>([
    [
      'R-REG-1: a whole exit notice: numbers that are not money stay numbers, times are local',
      () => ({
        orderId: 'O1',
        plate: '粤B12345',
        customerName: '陈先生',
        outcome: 'repaired',
        documentsHandedOver: ['exit_notice', 'settlement'],
        customerConfirmedBy: '陈先生',
        odometerKm: 52_000,
        warrantyUntil: '2031-09-11T02:00:00.000Z',
        warrantyKm: 5_000,
        nextMaintenanceDate: '2031-12-11',
        recordedBy: { staffId: 'S1', name: '王师傅' },
      }),
      [
        'E1',
        '2031-06-11 10:10',
        'O1',
        '粤B12345',
        '陈先生',
        'repaired',
        'exit_notice; settlement',
        '陈先生',
        52_000,
        '2031-09-11 10:00',
        5_000,
        '2031-12-11',
        '王师傅',
      ],
    ],
    [
      'R-REG-1: an exit notice with nothing filled in has empty cells, not a time or an amount',
      () => ({}),
      ['E1', '2031-06-11 10:10', null, null, null, null, null, null, null, null, null, null, null],
    ],
  ])('%s', (_case, item, cells) => {
    expect(csvCells('exit', rowOf('exit', { ...sortKey('E1'), ...item() }), 'Asia/Shanghai')).toEqual(cells);
  });

  it.each<[string, () => Item, Record<string, unknown>]>([
    [
      'R-REG-1, R-EST-3: money in major units; a count of minutes stays a number',
      () => ({ price: 48_050, extraMinutes: 90, currency: 'CNY' }),
      { price: '480.50', extraMinutes: 90, currency: 'CNY' },
    ],
    [
      'R-REG-1: an add-on without a price has an empty price cell',
      () => ({}),
      { price: null, extraMinutes: null, currency: null },
    ],
  ])('%s', (_case, item, expected) => {
    const cells = csvCells('addon', rowOf('addon', { ...sortKey('A1'), ...item() }), 'Asia/Shanghai');
    const names = columnNames('addon');
    expect(
      Object.fromEntries(Object.keys(expected).map((name) => [name, cells[names.indexOf(name)]])),
    ).toEqual(expected);
  });
});
