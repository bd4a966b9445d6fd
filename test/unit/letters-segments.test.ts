import { describe, expect, it } from 'vitest';
import { segments } from '../../shared/letters/rules/segments';

/** R-X-1: the segment count of every SMS is recorded; these are the edges of each encoding. */
describe('SMS segment count (R-X-1)', () => {
  it.each([
    ['an empty text', '', 'GSM-7', 0, 1],
    ['160 GSM characters in one message', 'a'.repeat(160), 'GSM-7', 160, 1],
    ['161 GSM characters in two parts of 153', 'a'.repeat(161), 'GSM-7', 161, 2],
    ['306 GSM characters in two parts', 'a'.repeat(306), 'GSM-7', 306, 2],
    ['307 GSM characters in three parts', 'a'.repeat(307), 'GSM-7', 307, 3],
    ['159 characters and one € (an extension character counts two)', `${'a'.repeat(159)}€`, 'GSM-7', 161, 2],
    ['158 characters and one [ in one message', `${'a'.repeat(158)}[`, 'GSM-7', 160, 1],
    ['GSM accented letters stay GSM-7', 'Café à Zürich', 'GSM-7', 13, 1],
    ['70 Chinese characters in one UCS-2 message', '车'.repeat(70), 'UCS-2', 70, 1],
    ['71 Chinese characters in two parts of 67', '车'.repeat(71), 'UCS-2', 71, 2],
    ['134 Chinese characters in two parts', '车'.repeat(134), 'UCS-2', 134, 2],
    ['135 Chinese characters in three parts', '车'.repeat(135), 'UCS-2', 135, 3],
    ['one non-GSM character turns a Latin text into UCS-2', `${'a'.repeat(70)}ç`, 'UCS-2', 71, 2],
    [
      'an extension character is never split across parts',
      `${'a'.repeat(152)}€${'a'.repeat(152)}`,
      'GSM-7',
      306,
      3,
    ],
    [
      'a surrogate pair is never split across parts',
      `${'车'.repeat(66)}🚗${'车'.repeat(66)}`,
      'UCS-2',
      134,
      3,
    ],
    ['an emoji counts two UTF-16 units', `${'a'.repeat(69)}🚗`, 'UCS-2', 71, 2],
  ])('%s', (_case, text, encoding, units, parts) => {
    expect(segments(text)).toEqual({ encoding, units, segments: parts });
  });
});
