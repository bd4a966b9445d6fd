import { describe, expect, it } from 'vitest';
import { requirePlate, requireVin } from '../../shared/archive/rules/plate';
import {
  completesVehicle,
  identifierChange,
  odometerReading,
  requireMaintenanceDates,
} from '../../shared/archive/rules/vehicle';
import { validationPaths } from '../support/refusals';

describe('an odometer reading typed into the archive (R-ARC-1, R-RO-3)', () => {
  it.each<
    [string, number | undefined, number | undefined, string | undefined, ReturnType<typeof odometerReading>]
  >([
    ['a first reading is recorded', undefined, 12_000, undefined, { km: 12_000 }],
    ['a higher reading is recorded', 12_000, 15_500, undefined, { km: 15_500 }],
    [
      'a lower reading with a correction reason is recorded with it',
      15_500,
      15_050,
      'typo',
      { km: 15_050, correctionReason: 'typo' },
    ],
    ['the same reading again records nothing', 12_000, 12_000, undefined, undefined],
    ['no reading sent records nothing', 12_000, undefined, undefined, undefined],
  ])('%s', (_case, last, km, reason, expected) => {
    expect(odometerReading(last, km, reason)).toEqual(expected);
  });

  it.each<[string, number | undefined, number | undefined, string | undefined, string]>([
    [
      'below the last reading without a reason: 400 on body.odometerKm',
      15_500,
      15_050,
      undefined,
      'body.odometerKm',
    ],
    [
      'a reason without a new reading: 400 on the reason',
      12_000,
      undefined,
      'typo',
      'body.odometerCorrectionReason',
    ],
    [
      'a reason with the same reading: 400 on the reason',
      12_000,
      12_000,
      'typo',
      'body.odometerCorrectionReason',
    ],
  ])('%s', (_case, last, km, reason, path) => {
    expect(validationPaths(() => odometerReading(last, km, reason))).toEqual([path]);
  });
});

describe('maintenance dates after an update (R-ARC-1)', () => {
  it.each<[string, { lastMaintenanceDate?: string; nextMaintenanceDate?: string }, string[]]>([
    [
      'the next after the last is fine',
      { lastMaintenanceDate: '2031-01-10', nextMaintenanceDate: '2031-07-10' },
      [],
    ],
    ['only one of them is fine', { nextMaintenanceDate: '2031-07-10' }, []],
    [
      'the next before the last: 400 on body.nextMaintenanceDate',
      { lastMaintenanceDate: '2031-07-10', nextMaintenanceDate: '2031-01-10' },
      ['body.nextMaintenanceDate'],
    ],
  ])('%s', (_case, dates, expected) => {
    if (expected.length === 0) expect(() => requireMaintenanceDates(dates)).not.toThrow();
    else expect(validationPaths(() => requireMaintenanceDates(dates))).toEqual(expected);
  });
});

describe('one archive per plate and per VIN (R-ARC-3)', () => {
  it.each<[string, string | undefined, string | undefined, { claim?: string; release?: string }]>([
    ['an unchanged plate claims nothing', '粤B12345', '粤B12345', {}],
    [
      'a new plate is claimed and the old one released',
      '粤B12345',
      '粤B54321',
      { claim: '粤B54321', release: '粤B12345' },
    ],
    ['a first VIN is claimed', undefined, 'LSVAU2180N2183294', { claim: 'LSVAU2180N2183294' }],
    ['a cleared VIN is released', 'LSVAU2180N2183294', undefined, { release: 'LSVAU2180N2183294' }],
  ])('%s', (_case, before, after, expected) => {
    expect(identifierChange(before, after)).toEqual(expected);
  });

  it.each<[string, () => unknown, string]>([
    ['an invalid plate is a 400 naming its field', () => requirePlate('!', 'body.plate'), 'body.plate'],
    ['an invalid VIN is a 400 naming its field', () => requireVin('123', 'query.vin'), 'query.vin'],
  ])('%s', (_case, fn, path) => {
    expect(validationPaths(fn)).toEqual([path]);
  });

  it('a valid plate comes back in its canonical form, unchanged the second time', () => {
    const plate = requirePlate('粤b 12345', 'body.plate');
    expect(requirePlate(plate, 'body.plate')).toBe(plate);
  });
});

describe('an update that completes the car (R-ARC-2)', () => {
  const incomplete = { plate: '粤B12345', model: 'Camry' };
  const complete = { ...incomplete, vehicleType: 'sedan' };
  it.each<[string, object, object, boolean, boolean]>([
    ['a car that becomes complete may complete the archive', incomplete, complete, true, true],
    ['a car complete already cannot', complete, complete, true, false],
    ['a car still incomplete cannot', incomplete, incomplete, true, false],
    ['a stale write cannot (it fails anyway)', incomplete, complete, false, false],
  ])('%s', (_case, before, after, versionMatches, expected) => {
    expect(completesVehicle(before, after, versionMatches)).toBe(expected);
  });
});
