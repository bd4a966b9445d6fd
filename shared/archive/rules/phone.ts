import { createRequire } from 'node:module';
import {
  type CountryCode,
  type MetadataJson,
  type PhoneNumber,
  parsePhoneNumberFromString,
} from 'libphonenumber-js/core';
import { type FieldIssue, ValidationError } from '../../kernel/errors';
import regionalMetadata from './phone-metadata.json';

/**
 * Phone numbers of customers (R-X-1): validated and stored in E.164, so SMS can be sent and a
 * returning customer is found by the number however it was typed (R-ARC-3).
 *
 * A number without `+` (or the `00` international prefix) is read in the branch's region
 * (CN, HK, MO, TW); any other region needs its country code. We validate with the `max` metadata:
 * the default `min` metadata checks only lengths and accepts a mainland mobile with a digit missing
 * (`1380013800`), the most common typo, and SMS to it would never arrive.
 *
 * The `max` metadata of the branches' four regions (phone-metadata.json, 8 KB, written by
 * `npm run phone-metadata` from libphonenumber-js's own) is read first; the whole world's (150 KB,
 * which cost every function's cold start) only for a number of another country. Each of the four
 * has a country calling code of its own, so a number the slice can parse is read exactly as with
 * the world's metadata (docs/decisions.md "Cold start of every function").
 */
const regional = regionalMetadata as unknown as MetadataJson;
let world: MetadataJson | undefined;

/**
 * libphonenumber-js's `max` metadata for every country, loaded on first use. In a Lambda bundle
 * esbuild turns the literal `require` into a module evaluated on that first call (the bundle's
 * banner defines `require`); unbundled (tests, local runtime) Node resolves the package.
 */
function worldMetadata(): MetadataJson {
  world ??= (
    typeof require === 'function'
      ? require('libphonenumber-js/metadata.max.json')
      : createRequire(import.meta.url)('libphonenumber-js/metadata.max.json')
  ) as MetadataJson;
  return world;
}

function parse(text: string, defaultRegion: CountryCode): PhoneNumber | undefined {
  // extract: false refuses text around the number ("call 138...") instead of guessing.
  const options = { defaultCountry: defaultRegion, extract: false };
  const inRegion =
    defaultRegion in regional.countries ? parsePhoneNumberFromString(text, options, regional) : undefined;
  return inRegion ?? parsePhoneNumberFromString(text, options, worldMetadata());
}

export type PhoneResult =
  | { ok: true; e164: string; region: string | undefined }
  | { ok: false; reason: string };

export function normalizePhone(input: string, defaultRegion: CountryCode): PhoneResult {
  const text = input.trim();
  if (text === '') return { ok: false, reason: 'Give a phone number' };
  const parsed = parse(text, defaultRegion);
  if (!parsed) {
    return {
      ok: false,
      reason: `Not a phone number; give digits, with +country code outside ${defaultRegion}`,
    };
  }
  if (parsed.ext) return { ok: false, reason: 'Give the number without an extension' };
  if (!parsed.isValid()) {
    return {
      ok: false,
      reason: `Not a valid phone number of ${parsed.country ?? `+${parsed.countryCallingCode}`}; numbers of another region need their +country code`,
    };
  }
  return { ok: true, e164: parsed.number, region: parsed.country };
}

/** The E.164 form of one number, or a 400 naming `path`. */
export function requirePhone(input: string, defaultRegion: CountryCode, path: string): string {
  const result = normalizePhone(input, defaultRegion);
  if (!result.ok) throw new ValidationError([{ path, message: result.reason }]);
  return result.e164;
}

/**
 * Normalizes a customer's list of phones; every invalid number and every number listed twice is
 * reported at its own path (`body.phones.1.number`), all at once.
 */
export function normalizePhoneList<T extends { number: string }>(
  phones: readonly T[],
  defaultRegion: CountryCode,
  basePath: string,
): T[] {
  const issues: FieldIssue[] = [];
  const seen = new Map<string, number>();
  const normalized = phones.map((phone, index) => {
    const path = `${basePath}.${index}.number`;
    const result = normalizePhone(phone.number, defaultRegion);
    if (!result.ok) {
      issues.push({ path, message: result.reason });
      return phone;
    }
    const first = seen.get(result.e164);
    if (first !== undefined) {
      issues.push({ path, message: `Same number as ${basePath}.${first}.number` });
    } else {
      seen.set(result.e164, index);
    }
    return { ...phone, number: result.e164 };
  });
  if (issues.length > 0) throw new ValidationError(issues);
  return normalized;
}
