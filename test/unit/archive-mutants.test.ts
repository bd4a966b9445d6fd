import { describe, expect, it } from 'vitest';
import { archiveGaps } from '../../shared/archive/rules/completeness';
import { newCustomer } from '../../shared/archive/rules/customer';
import { normalizePhone, normalizePhoneList } from '../../shared/archive/rules/phone';
import { checkPlate, checkVin, requirePlate } from '../../shared/archive/rules/plate';
import { odometerReading } from '../../shared/archive/rules/vehicle';
import { validationIssues } from '../support/refusals';

/**
 * Survivors of the mutation run of the archive rules (issue 14 item 4), each a case of R-ARC-1..3:
 * plates and VINs at their lengths and every reason word for word, phones, what an incomplete
 * archive lacks, odometer readings at the last one, the defaults of a new archive.
 */
describe('plates and VINs (R-ARC-1, R-ARC-3)', () => {
  it.each([
    ['R-ARC-3: nothing but separators is no plate', ' ·- ', { ok: false, reason: 'Give the plate' }],
    [
      'R-ARC-3: one character is too short',
      'A',
      { ok: false, reason: 'A plate has 2-12 letters, digits or characters' },
    ],
    ['R-ARC-3: two characters are the shortest plate', 'AB', { ok: true, plate: 'AB' }],
    ['R-ARC-3: twelve characters are the longest plate', 'ABCDEF123456', { ok: true, plate: 'ABCDEF123456' }],
    [
      'R-ARC-3: thirteen are too many',
      'ABCDEF1234567',
      { ok: false, reason: 'A plate has 2-12 letters, digits or characters' },
    ],
    [
      'R-ARC-3: punctuation is refused',
      'AB#12',
      { ok: false, reason: 'A plate has only letters, digits and Chinese characters' },
    ],
  ])('%s', (_case, input, expected) => {
    expect(checkPlate(input)).toEqual(expected);
  });

  it('R-ARC-3: a valid plate passes in its canonical form; an invalid one is a 400 naming the field', () => {
    expect(requirePlate('粵b 12345', 'body.plate')).toBe('粤B12345');
    expect(validationIssues(() => requirePlate('A', 'body.plate'))).toEqual([
      'body.plate: A plate has 2-12 letters, digits or characters',
    ]);
  });

  it('R-ARC-1: a VIN with an O is refused, word for word', () => {
    expect(checkVin('1HGCM82633A00435O')).toEqual({
      ok: false,
      reason: 'A VIN has 17 letters and digits, without I, O or Q',
    });
  });
});

describe('phones (R-ARC-1)', () => {
  it.each(['', '   '])('R-ARC-1: %o is no phone number', (input) => {
    expect(normalizePhone(input, 'CN')).toEqual({ ok: false, reason: 'Give a phone number' });
  });

  it('R-ARC-1: a number with spaces around it is read', () => {
    expect(normalizePhone(' 13800138000 ', 'CN')).toMatchObject({ ok: true, e164: '+8613800138000' });
  });

  it('R-ARC-1: a number listed twice names the first one', () => {
    expect(
      validationIssues(() =>
        normalizePhoneList([{ number: '13800138000' }, { number: '+86 138 0013 8000' }], 'CN', 'body.phones'),
      ),
    ).toEqual(['body.phones.1.number: Same number as body.phones.0.number']);
  });
});

describe('what an incomplete archive lacks (R-ARC-2)', () => {
  const customer = { name: 'A', phones: [1], address: 'x', preferredContactTimes: 'evenings' };
  it.each([
    [
      'R-ARC-2: one complete vehicle among incomplete ones makes it complete',
      [{ plate: 'AB1' }, { plate: 'AB2', model: 'M', vehicleType: 'car' }],
      [],
    ],
    [
      'R-ARC-2: of two incomplete vehicles the one lacking least is named',
      [{ plate: 'AB1' }, { plate: 'AB2', model: 'M' }, { model: 'M' }],
      ['vehicle.vehicleType'],
    ],
    [
      'R-ARC-2: of two lacking as much the first is named',
      [
        { plate: 'AB1', model: 'M' },
        { plate: 'AB2', vehicleType: 'car' },
      ],
      ['vehicle.vehicleType'],
    ],
  ])('%s', (_case, vehicles, gaps) => {
    expect(archiveGaps(customer, vehicles)).toEqual(gaps);
  });
});

describe('odometer readings in the archive (R-ARC-1)', () => {
  it.each([
    [
      'R-ARC-1: the same km again with a reason',
      1_000,
      1_000,
      'typo',
      ['body.odometerCorrectionReason: Give it with a new odometerKm only'],
    ],
    [
      'R-ARC-1: below the last reading without a reason',
      1_000,
      999,
      undefined,
      [
        'body.odometerKm: 999 km is below the last reading of 1000 km; give odometerCorrectionReason to record it',
      ],
    ],
    ['R-ARC-1: above the last reading needs no reason', 1_000, 1_001, undefined, []],
  ])('%s', (_case, lastKm, km, reason, issues) => {
    expect(validationIssues(() => odometerReading(lastKm, km, reason))).toEqual(issues);
  });

  it('R-ARC-1: a first reading needs no reason', () => {
    expect(odometerReading(undefined, 500, undefined)).toEqual({ km: 500 });
  });
});

describe('a new archive by default (R-ARC-1, R-MKT-1)', () => {
  it('R-MKT-1: a new customer gets reminders unless they said otherwise', () => {
    const at = '2031-06-11T02:10:00.000Z';
    const customer = newCustomer({
      request: { name: '陈先生', phones: [{ number: '13800138000' }] } as Parameters<
        typeof newCustomer
      >[0]['request'],
      id: 'C1',
      branchId: 'SZ',
      phones: [{ number: '+8613800138000', label: 'mobile' }],
      branchLocale: 'zh-Hans',
      stamps: { version: 1, createdAt: at, createdBy: 'ADV', updatedAt: at, updatedBy: 'ADV' },
    });
    expect(customer.remindersOptOut).toBe(false);
  });
});
