import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { type FieldIssue, ValidationError } from '../../kernel/errors';

/**
 * Phone numbers of customers (R-X-1): validated and stored in E.164, so SMS can be sent and a
 * returning customer is found by the number however it was typed (R-ARC-3).
 *
 * A number without `+` (or the `00` international prefix) is read in the branch's region
 * (CN, HK, MO, TW); any other region needs its country code. We load the `max` metadata: the
 * default `min` metadata checks only lengths and accepts a mainland mobile with a digit missing
 * (`1380013800`), the most common typo, and SMS to it would never arrive.
 */
export type PhoneResult =
  | { ok: true; e164: string; region: string | undefined }
  | { ok: false; reason: string };

export function normalizePhone(input: string, defaultRegion: CountryCode): PhoneResult {
  const text = input.trim();
  if (text === '') return { ok: false, reason: 'Give a phone number' };
  // extract: false refuses text around the number ("call 138...") instead of guessing.
  const parsed = parsePhoneNumberFromString(text, { defaultCountry: defaultRegion, extract: false });
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
