import type { CountryCode } from 'libphonenumber-js/core';
import { describe, expect, it } from 'vitest';
import {
  normalizePhone,
  normalizePhoneList,
  type PhoneResult,
  requirePhone,
} from '../../shared/archive/rules/phone';
import { ValidationError } from '../../shared/kernel/errors';
import { thrown } from '../support/refusals';

/**
 * Mutation-testing cases of phone numbers (R-X-1, R-ARC-3): the E.164 form and region of each
 * number, each refusal's reason in full, and the 400 naming the field.
 */

describe('a phone number read in the branch region, or by its country code (R-X-1)', () => {
  const invalidIn = (where: string) =>
    `Not a valid phone number of ${where}; numbers of another region need their +country code`;
  it.each<[string, string, CountryCode, PhoneResult]>([
    [
      'a mainland mobile, spaces around',
      '  13800138000 ',
      'CN',
      { ok: true, e164: '+8613800138000', region: 'CN' },
    ],
    ['a Hong Kong mobile', '9123 4567', 'HK', { ok: true, e164: '+85291234567', region: 'HK' }],
    [
      'a US number at a US default (world metadata)',
      '650 253 0000',
      'US',
      { ok: true, e164: '+16502530000', region: 'US' },
    ],
    ['a number of no country', '+800 1234 5678', 'CN', { ok: true, e164: '+80012345678', region: undefined }],
    ['nothing', '', 'CN', { ok: false, reason: 'Give a phone number' }],
    ['only spaces', '   ', 'CN', { ok: false, reason: 'Give a phone number' }],
    [
      'letters',
      'abc',
      'CN',
      { ok: false, reason: 'Not a phone number; give digits, with +country code outside CN' },
    ],
    [
      'an unknown country code',
      '+999 12345678',
      'HK',
      { ok: false, reason: 'Not a phone number; give digits, with +country code outside HK' },
    ],
    [
      'an extension',
      '+86 755 8888 0000 ext 5',
      'CN',
      { ok: false, reason: 'Give the number without an extension' },
    ],
    ['a mainland mobile with a digit missing', '1380013800', 'CN', { ok: false, reason: invalidIn('CN') }],
    ['a mainland mobile at an HK branch', '13800138000', 'HK', { ok: false, reason: invalidIn('HK') }],
    ['a short US number at a US default', '2025550', 'US', { ok: false, reason: invalidIn('US') }],
    ['a short number of no country', '+800 12', 'CN', { ok: false, reason: invalidIn('+800') }],
  ])('%s', (_case, input, region, result) => {
    expect(normalizePhone(input, region)).toStrictEqual(result);
  });

  it('requirePhone gives the E.164 form, or a 400 naming the path with the reason (R-X-1)', () => {
    expect(requirePhone('138 0013 8000', 'CN', 'body.phone')).toBe('+8613800138000');
    const error = thrown(() => requirePhone('1380013800', 'CN', 'body.phone'));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      {
        path: 'body.phone',
        message: 'Not a valid phone number of CN; numbers of another region need their +country code',
      },
    ]);
    const empty = thrown(() => requirePhone(' ', 'CN', 'query.phone'));
    expect((empty as ValidationError).issues).toEqual([
      { path: 'query.phone', message: 'Give a phone number' },
    ]);
  });
});

describe('a list of phones: each fault at its own path, all at once (R-X-1, R-ARC-3)', () => {
  it('a good list is normalized, other members kept', () => {
    expect(
      normalizePhoneList(
        [
          { number: '138 0013 8000', label: 'mobile' },
          { number: '+852 9123 4567', label: 'hk' },
        ],
        'CN',
        'body.phones',
      ),
    ).toEqual([
      { number: '+8613800138000', label: 'mobile' },
      { number: '+85291234567', label: 'hk' },
    ]);
  });

  it('every invalid and repeated number is named, repeats pointing at the first', () => {
    const error = thrown(() =>
      normalizePhoneList(
        [
          { number: '13800138000' },
          { number: '' },
          { number: '+86 138 0013 8000' },
          { number: '9123 4567' },
          { number: '138-0013-8000' },
        ],
        'CN',
        'body.phones',
      ),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { path: 'body.phones.1.number', message: 'Give a phone number' },
      { path: 'body.phones.2.number', message: 'Same number as body.phones.0.number' },
      {
        path: 'body.phones.3.number',
        message: 'Not a valid phone number of CN; numbers of another region need their +country code',
      },
      { path: 'body.phones.4.number', message: 'Same number as body.phones.0.number' },
    ]);
  });

  it('an empty list is an empty list', () => {
    expect(normalizePhoneList([], 'CN', 'body.phones')).toEqual([]);
  });
});
