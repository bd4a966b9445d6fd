import { describe, expect, it } from 'vitest';
import { checkPlate, checkVin, normalizePlate } from '../../shared/archive/rules/plate';

describe('plates have one canonical form, so a car keeps one archive (R-ARC-1, R-ARC-3)', () => {
  it.each([
    ['a mainland plate with its middle dot', '粤B·12345', '粤B12345'],
    ['lower case and spaces', 'ab 1234', 'AB1234'],
    ['the traditional province character of a traditional-Chinese keyboard', '粵b 12345', '粤B12345'],
    ['a Taiwan plate with its dash', 'abc-1234', 'ABC1234'],
    ['a Macau plate with dashes', 'MA-12-34', 'MA1234'],
    ['dots and surrounding spaces', '  粤B.8D123 ', '粤B8D123'],
    ['full-width letters and digits', 'ＡＢ１２３４', 'AB1234'],
    ['a cross-border plate in traditional characters', '粵Z·1234港', '粤Z1234港'],
  ])('normalizes %s', (_case, input, plate) => {
    expect(normalizePlate(input)).toBe(plate);
    expect(checkPlate(input)).toEqual({ ok: true, plate });
  });

  it('is idempotent: a canonical plate stays as it is', () => {
    expect(normalizePlate(normalizePlate('粵B·12345'))).toBe(normalizePlate('粵B·12345'));
  });

  it.each([
    ['an empty plate', ''],
    ['only separators', ' - · '],
    ['a single character', 'A'],
    ['an absurdly long plate', 'ABCDEFGHIJKLM'],
    ['punctuation that is no plate', 'AB#1234'],
  ])('rejects %s', (_case, input) => {
    expect(checkPlate(input).ok).toBe(false);
  });
});

describe('VIN (R-ARC-1)', () => {
  it('upper-cases a 17-character VIN', () => {
    expect(checkVin(' lvgbe40k88g123456 ')).toEqual({ ok: true, vin: 'LVGBE40K88G123456' });
  });

  it.each([
    ['16 characters', 'LVGBE40K88G12345'],
    ['18 characters', 'LVGBE40K88G1234567'],
    ['the letter I', 'LVGBE40K88I123456'],
    ['the letter O', 'LVGBE40K88O123456'],
    ['the letter Q', 'LVGBE40K88Q123456'],
  ])('rejects a VIN with %s', (_case, input) => {
    expect(checkVin(input).ok).toBe(false);
  });
});
