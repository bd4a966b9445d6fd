import { ValidationError } from '../../kernel/errors';

/**
 * Licence plates and VINs of the vehicle archive (R-ARC-1). One vehicle has one archive, found
 * by its plate however it is typed (R-ARC-3), so the plate is stored in one canonical form.
 */

/** Spaces and the separators people type inside plates (`粤B·12345`, `ABC-1234`, `MA.12.34`). */
const separators = /[\s·・•‧∙.\-‐‑‒–—―_]/gu;

/**
 * Mainland plates print the simplified characters; staff on a traditional-Chinese keyboard (HK,
 * Macau, Taiwan, and cross-border 粤Z cars) type the traditional ones. Folding them to what is
 * on the plate keeps one archive per car.
 */
const plateCharacters: Readonly<Record<string, string>> = {
  滬: '沪',
  雲: '云',
  遼: '辽',
  魯: '鲁',
  蘇: '苏',
  贛: '赣',
  晉: '晋',
  陝: '陕',
  閩: '闽',
  貴: '贵',
  粵: '粤',
  寧: '宁',
  瓊: '琼',
  學: '学',
  掛: '挂',
  領: '领',
  試: '试',
  應: '应',
};

const plateShape = /^[\p{Script=Han}A-Z0-9]+$/u;
const plateLength = { min: 2, max: 12 } as const;

/** Canonical form: full-width folded, upper case, no separators, simplified province characters. */
export function normalizePlate(input: string): string {
  const compact = input.normalize('NFKC').toUpperCase().replace(separators, '');
  return Array.from(compact, (c) => plateCharacters[c] ?? c).join('');
}

export type PlateResult = { ok: true; plate: string } | { ok: false; reason: string };

export function checkPlate(input: string): PlateResult {
  const plate = normalizePlate(input);
  const length = Array.from(plate).length;
  if (length === 0) return { ok: false, reason: 'Give the plate' };
  if (length < plateLength.min || length > plateLength.max) {
    return {
      ok: false,
      reason: `A plate has ${plateLength.min}-${plateLength.max} letters, digits or characters`,
    };
  }
  if (!plateShape.test(plate)) {
    return { ok: false, reason: 'A plate has only letters, digits and Chinese characters' };
  }
  return { ok: true, plate };
}

/** ISO 3779: 17 characters, digits and letters except I, O and Q (they read as 1 and 0). */
const vinShape = /^[A-HJ-NPR-Z0-9]{17}$/;

export type VinResult = { ok: true; vin: string } | { ok: false; reason: string };

export function checkVin(input: string): VinResult {
  const vin = input.normalize('NFKC').toUpperCase().replace(/\s/g, '');
  if (!vinShape.test(vin)) {
    return { ok: false, reason: 'A VIN has 17 letters and digits, without I, O or Q' };
  }
  return { ok: true, vin };
}

/** R-ARC-3: the canonical plate, or a 400 naming `path`; idempotent, so parsed input passes unchanged. */
export function requirePlate(input: string, path: string): string {
  const result = checkPlate(input);
  if (!result.ok) throw new ValidationError([{ path, message: result.reason }]);
  return result.plate;
}

/** R-ARC-3: the canonical VIN, or a 400 naming `path`. */
export function requireVin(input: string, path: string): string {
  const result = checkVin(input);
  if (!result.ok) throw new ValidationError([{ path, message: result.reason }]);
  return result.vin;
}
