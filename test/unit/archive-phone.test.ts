import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type MetadataJson, parsePhoneNumberFromString } from 'libphonenumber-js/core';
import { describe, expect, it } from 'vitest';
import { phoneMetadataFile, phoneRegions, regionalPhoneMetadata } from '../../infra/scripts/phone-metadata';
import { normalizePhone, normalizePhoneList } from '../../shared/archive/rules/phone';
import { ValidationError } from '../../shared/kernel/errors';

describe('phone numbers are validated and stored in E.164 (R-X-1)', () => {
  it.each([
    ['a mainland mobile at a CN branch', '13800138000', 'CN', '+8613800138000'],
    ['a mainland mobile typed with spaces and dashes', '138-0013 8000', 'CN', '+8613800138000'],
    ['a mainland landline with its area code', '(0755) 8888 0000', 'CN', '+8675588880000'],
    ['a Hong Kong mobile at an HK branch', '9123 4567', 'HK', '+85291234567'],
    ['a Macau mobile at an MO branch', '6612 3456', 'MO', '+85366123456'],
    ['a Taiwan mobile with its trunk 0 at a TW branch', '0912 345 678', 'TW', '+886912345678'],
    ['a Hong Kong number with +852 at a CN branch', '+852 9123 4567', 'CN', '+85291234567'],
    [
      'a Hong Kong number with the 00 international prefix at a CN branch',
      '00852 9123 4567',
      'CN',
      '+85291234567',
    ],
    ['any other valid international number with +', '+1 650 253 0000', 'HK', '+16502530000'],
    ['full-width digits', '１３８００１３８０００', 'CN', '+8613800138000'],
  ] as const)('accepts %s', (_case, input, region, e164) => {
    expect(normalizePhone(input, region)).toMatchObject({ ok: true, e164 });
  });

  it.each([
    ['too few digits', '12345', 'CN'],
    ['letters', 'abc', 'CN'],
    ['a country code and too few digits', '+86 123', 'CN'],
    ['a mainland mobile with a digit missing (why we load the max metadata)', '1380013800', 'CN'],
    ['a mainland mobile at an HK branch without +86', '13800138000', 'HK'],
    ['a number inside other text', 'call 13800138000', 'CN'],
    ['a number with an extension, which E.164 cannot hold', '+86 755 8888 0000 ext 5', 'CN'],
    ['nothing but spaces', '   ', 'CN'],
  ] as const)('rejects %s with a reason', (_case, input, region) => {
    const result = normalizePhone(input, region);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).not.toBe('');
  });

  it('names every invalid or repeated number of a list by its path, all at once (R-X-4)', () => {
    let thrown: unknown;
    try {
      normalizePhoneList(
        [{ number: '13800138000' }, { number: '12345' }, { number: '+86 138 0013 8000' }],
        'CN',
        'body.phones',
      );
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).issues.map((i) => i.path)).toEqual([
      'body.phones.1.number',
      'body.phones.2.number',
    ]);
  });

  it('keeps the other members of each phone (its label) while normalizing the number', () => {
    expect(normalizePhoneList([{ number: '2388 0000', label: 'work' }], 'HK', 'body.phones')).toEqual([
      { number: '+85223880000', label: 'work' },
    ]);
  });
});

describe('phone metadata sized to the branches’ regions, same answers as the world’s (R-X-1)', () => {
  const world = createRequire(import.meta.url)('libphonenumber-js/metadata.max.json') as MetadataJson;

  it('the committed slice is what `npm run phone-metadata` writes from the installed libphonenumber-js', () => {
    expect(regionalPhoneMetadata(world, phoneRegions)).toEqual(
      JSON.parse(readFileSync(phoneMetadataFile, 'utf8')),
    );
  });

  it.each([
    ['13800138000', 'CN'],
    ['1380013800', 'CN'],
    ['+852 9123 4567', 'TW'],
    ['00853 6612 3456', 'HK'],
    ['002 1 650 253 0000', 'TW'],
    ['001 650 253 0000', 'CN'],
    ['+1 650 253 0000', 'HK'],
    ['+1 650 253 000', 'HK'],
    ['+44 20 7031 3000', 'CN'],
    ['+44 20 7031 300', 'MO'],
    ['+81 3-6384-9000', 'TW'],
    ['+7 495 739-70-00', 'CN'],
    ['+800 1234 5678', 'HK'],
    ['12345', 'CN'],
    ['abc', 'HK'],
  ] as const)('reads %s at a %s branch exactly as the full max metadata does', (input, region) => {
    const full = parsePhoneNumberFromString(input, { defaultCountry: region, extract: false }, world);
    const expected = full?.isValid() ? { ok: true, e164: full.number, region: full.country } : { ok: false };
    expect(normalizePhone(input, region)).toMatchObject(expected);
  });
});
