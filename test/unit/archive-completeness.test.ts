import { describe, expect, it } from 'vitest';
import {
  type ArchiveCustomer,
  type ArchiveVehicle,
  archiveGaps,
  customerGaps,
  isArchiveComplete,
  isVehicleComplete,
} from '../../shared/archive/rules/completeness';

const customer: ArchiveCustomer = {
  name: '陈先生',
  phones: [{ number: '+8613800138000', label: 'mobile' }],
  address: '深圳市南山区',
  preferredContactTimes: 'weekdays after 18:00',
};
const car: ArchiveVehicle = { plate: '粤B12345', model: 'Toyota Camry 2.5', vehicleType: 'car' };

describe('archive completeness (R-ARC-2)', () => {
  it('counts an archive with the customer fields and one complete vehicle as complete', () => {
    expect(archiveGaps(customer, [car])).toEqual([]);
    expect(isArchiveComplete(customer, [car])).toBe(true);
  });

  it.each<[string, ArchiveCustomer, ArchiveVehicle[], string[]]>([
    ['no vehicle', customer, [], ['vehicle']],
    ['no address', { ...customer, address: undefined }, [car], ['address']],
    ['a blank address', { ...customer, address: '  ' }, [car], ['address']],
    ['no phone', { ...customer, phones: [] }, [car], ['phones']],
    [
      'no preferred contact times',
      { ...customer, preferredContactTimes: undefined },
      [car],
      ['preferredContactTimes'],
    ],
    ['a vehicle without model', customer, [{ ...car, model: undefined }], ['vehicle.model']],
    ['a vehicle without type', customer, [{ ...car, vehicleType: undefined }], ['vehicle.vehicleType']],
    [
      'two vehicles, neither complete: what the closer one lacks',
      customer,
      [{ plate: '粤B1' }, { ...car, vehicleType: undefined }],
      ['vehicle.vehicleType'],
    ],
    [
      'several gaps at once, in order',
      { name: '陈先生', phones: [] },
      [],
      ['phones', 'address', 'preferredContactTimes', 'vehicle'],
    ],
  ])('is incomplete with %s', (_case, who, vehicles, gaps) => {
    expect(archiveGaps(who, vehicles)).toEqual(gaps);
    expect(isArchiveComplete(who, vehicles)).toBe(false);
  });

  it('needs only one complete vehicle among several', () => {
    expect(isArchiveComplete(customer, [{ plate: '粤B1' }, car])).toBe(true);
  });
});

describe('the parts of the rule the stores check on their own writes (R-ARC-2)', () => {
  it.each<[string, ArchiveCustomer, string[]]>([
    ['a complete customer', customer, []],
    ['no address', { ...customer, address: undefined }, ['address']],
    [
      'no phone and no contact times',
      { ...customer, phones: [], preferredContactTimes: undefined },
      ['phones', 'preferredContactTimes'],
    ],
  ])('customer gaps: %s', (_label, who, gaps) => {
    expect(customerGaps(who)).toEqual(gaps);
  });

  it.each<[string, ArchiveVehicle, boolean]>([
    ['plate, model and type', car, true],
    ['no model', { ...car, model: undefined }, false],
    ['no type', { ...car, vehicleType: undefined }, false],
  ])('a vehicle with %s is complete: %s', (_label, vehicle, complete) => {
    expect(isVehicleComplete(vehicle)).toBe(complete);
  });
});
