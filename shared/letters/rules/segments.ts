/**
 * How many SMS parts a text costs (R-X-1: recorded in the letter register). A text made only of
 * GSM 03.38 characters is sent in GSM-7: 160 characters in one message, 153 per part once split
 * (the rest is the concatenation header); an extension character (`€`, `[`, `{`, …) takes two
 * septets. Any other character (Chinese, emoji) sends the whole text in UCS-2: 70 UTF-16 units
 * alone, 67 per part. A character is never split across two parts.
 */
type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentCount {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
}

const gsmBasic = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const gsmExtension = new Set('\f^{}\\[~]|€');

const limits = {
  'GSM-7': { single: 160, part: 153 },
  'UCS-2': { single: 70, part: 67 },
} as const;

export function segments(text: string): SegmentCount {
  const septets: number[] = [];
  for (const char of text) {
    if (gsmBasic.has(char)) septets.push(1);
    else if (gsmExtension.has(char)) septets.push(2);
    // UCS-2 counts UTF-16 units: an emoji outside the basic plane is a surrogate pair of two.
    else
      return count(
        'UCS-2',
        Array.from(text, (c) => c.length),
      );
  }
  return count('GSM-7', septets);
}

/**
 * Parts of a split message are filled character by character: a character is never cut between
 * two parts (an escape and its extension character, the two halves of a surrogate pair), so a
 * two-unit character that does not fit at the end of a part opens the next one.
 */
function count(encoding: SmsEncoding, sizes: number[]): SegmentCount {
  const limit = limits[encoding];
  const units = sizes.reduce((sum, size) => sum + size, 0);
  if (units <= limit.single) return { encoding, units, segments: 1 };
  let parts = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > limit.part) {
      parts += 1;
      used = 0;
    }
    used += size;
  }
  return { encoding, units, segments: parts };
}
