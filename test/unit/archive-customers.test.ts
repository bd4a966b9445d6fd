import { describe, expect, it } from 'vitest';
import {
  cancelsArchiveDuty,
  customerFieldsComplete,
  dutyHandOver,
  mergePatch,
  newCustomer,
  phoneNumberChanges,
} from '../../shared/archive/rules/customer';
import type { Customer } from '../../shared/archive/schemas/customer';

const at = '2031-06-11T02:10:00.000Z';
const stamps = { version: 1, createdAt: at, createdBy: 'ADV', updatedAt: at, updatedBy: 'ADV' };
const phone = (number: string) => ({ number, label: 'mobile' as const });

const complete = {
  id: 'C1',
  branchId: 'SZ',
  name: '陈先生',
  phones: [phone('+8613800138000')],
  address: '深圳市南山区',
  preferredContactTimes: 'evenings',
  locale: 'zh-Hans',
  marketingOptOut: false,
  wishes: [],
  ...stamps,
} as Customer;

describe('a new archive (R-ARC-1)', () => {
  it.each<[string, Record<string, unknown>, Partial<Customer>]>([
    [
      'takes the branch language, no opt-out and no wishes by default',
      {},
      { locale: 'zh-Hans', marketingOptOut: false, wishes: [] },
    ],
    [
      'keeps what the customer chose',
      { locale: 'en', marketingOptOut: true, wishes: ['call first'] },
      { locale: 'en', marketingOptOut: true, wishes: ['call first'] },
    ],
  ])('%s', (_case, chosen, expected) => {
    const customer = newCustomer({
      request: { name: '陈先生', phones: [{ number: '13800138000' }], ...chosen },
      id: 'C1',
      branchId: 'SZ',
      phones: [phone('+8613800138000')],
      branchLocale: 'zh-Hans',
      stamps,
    });
    expect(customer).toMatchObject({
      id: 'C1',
      branchId: 'SZ',
      phones: [phone('+8613800138000')],
      ...expected,
      ...stamps,
    });
  });
});

describe('a change of the archive (RFC 7396 merge patch)', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['a field sent replaces the stored one', { address: 'New' }, { name: 'A', address: 'New', notes: 'n' }],
    ['null clears a clearable field', { notes: null }, { name: 'A', address: 'Old' }],
    [
      'null is kept on a field that cannot be cleared (the schema refuses it earlier)',
      { name: null },
      { name: null, address: 'Old', notes: 'n' },
    ],
  ])('%s', (_case, changes, expected) => {
    expect(mergePatch({ name: 'A', address: 'Old', notes: 'n' }, changes, ['address', 'notes'])).toEqual(
      expected,
    );
  });
});

describe('phone guards of a new phone list (R-ARC-3)', () => {
  it.each<[string, string[], string[], { claim: string[]; release: string[] }]>([
    ['a new number is claimed', ['+861'], ['+861', '+862'], { claim: ['+862'], release: [] }],
    ['a dropped number is released', ['+861', '+862'], ['+862'], { claim: [], release: ['+861'] }],
    [
      'a replaced number is claimed and the old one released',
      ['+861'],
      ['+863'],
      { claim: ['+863'], release: ['+861'] },
    ],
    ['a reordered list claims nothing', ['+861', '+862'], ['+862', '+861'], { claim: [], release: [] }],
  ])('%s', (_case, before, after, expected) => {
    expect(phoneNumberChanges(before.map(phone), after.map(phone))).toEqual(expected);
  });
});

describe('the follow-up agent changes (R-FUP-1)', () => {
  it.each<[string, unknown, unknown, { from: string; to: string } | undefined]>([
    ['a new agent takes over from the one before', 'A1', 'A2', { from: 'A1', to: 'A2' }],
    ['the same agent again hands nothing over', 'A1', 'A1', undefined],
    ['a first agent has nobody to take over from', undefined, 'A2', undefined],
    ['no agent sent hands nothing over', 'A1', undefined, undefined],
  ])('%s', (_case, previous, next, expected) => {
    expect(dutyHandOver(previous, next)).toEqual(expected);
  });
});

describe('the archive duty of an update (R-ARC-2)', () => {
  const car = { plate: '粤B12345', model: 'Camry', vehicleType: 'sedan' };

  it.each<[string, Partial<Customer>, boolean]>([
    ['the customer fields filled in may complete the archive', {}, true],
    ['a missing address may not', { address: undefined }, false],
    ['no phone may not', { phones: [] }, false],
  ])('%s', (_case, overrides, expected) => {
    expect(customerFieldsComplete({ ...complete, ...overrides })).toBe(expected);
  });

  it.each<[string, string, (typeof car)[], boolean]>([
    ['a pending duty of a complete archive is cancelled', 'pending', [car], true],
    ['a pending duty of an archive without a complete car is not', 'pending', [{ ...car, model: '' }], false],
    ['a duty that fired is the agent’s to complete', 'claimed', [car], false],
  ])('%s', (_case, status, vehicles, expected) => {
    expect(cancelsArchiveDuty(status, complete, vehicles)).toBe(expected);
  });
});
