import { describe, expect, it } from 'vitest';
import { csvField, formatMinor, toCsv } from '../../shared/kernel/csv';

describe('CSV exports of the registers (R-REG-1)', () => {
  it.each([
    ['plain text', 'Camry', 'Camry'],
    ['Chinese text, unquoted', '陈先生', '陈先生'],
    ['a comma', 'brakes, front', '"brakes, front"'],
    ['a quote, doubled', 'the "noise"', '"the ""noise"""'],
    ['a line break', 'line 1\nline 2', '"line 1\nline 2"'],
    ['a carriage return', 'a\r\nb', '"a\r\nb"'],
    ['a number', 42, '42'],
    ['a boolean', true, 'true'],
    ['nothing', null, ''],
    ['a formula, neutralised', '=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
    ['a leading @, neutralised', '@cmd', "'@cmd"],
    ['a negative amount, kept', '-12.50', '-12.50'],
  ])('writes %s as %j', (_case, value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('starts with a byte-order mark and a header row, and ends every row with CRLF (RFC 4180)', () => {
    const csv = toCsv(
      ['id', 'customerName', 'note'],
      [
        ['1', '陈先生', 'left, then "came back"'],
        ['2', '林小姐', null],
      ],
    );
    expect(csv.startsWith('\uFEFFid,customerName,note\r\n')).toBe(true);
    expect(csv.slice(1)).toBe('id,customerName,note\r\n1,陈先生,"left, then ""came back"""\r\n2,林小姐,\r\n');
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [123_456, '1234.56'],
    [100_000_000_00, '100000000.00'],
    [-1_050, '-10.50'],
  ])('shows %i minor units as %s', (amount, text) => {
    expect(formatMinor(amount)).toBe(text);
  });
});
