import { describe, expect, it } from 'vitest';
import { formatMinor } from '../../shared/kernel/csv';
import { IdempotencyKeyReusedError, IdempotentReplay } from '../../shared/kernel/errors';
import { openingHoursOf } from '../../shared/kernel/opening-hours';

/**
 * Survivors of the mutation run of the kernel (issue 14 item 4): money in major units without
 * decimals (R-EST-3), the problem of a reused Idempotency-Key (R-X-4), a branch's opening hours
 * with and without closed dates (R-RO-2).
 */
describe('kernel edges (R-EST-3, R-X-4, R-RO-2)', () => {
  it.each([
    [-1_234, 0, '-1234'],
    [1_234, 0, '1234'],
    [-5, 2, '-0.05'],
  ])('R-EST-3: %i minor units with %i decimals read %s', (amount, digits, text) => {
    expect(formatMinor(amount, digits)).toBe(text);
  });

  it('R-X-4: a reused Idempotency-Key is a 422 problem saying so', () => {
    const error = new IdempotencyKeyReusedError('x');
    expect([error.status, error.type, error.title]).toEqual([
      422,
      'idempotency-key-reused',
      'This Idempotency-Key was used for another request',
    ]);
    expect(new IdempotentReplay({ ok: true }).message).toBe('idempotent replay');
  });

  const workingHours = { days: ['mon', 'tue'] as const, open: '08:30', close: '18:00' };
  it.each([
    ['R-RO-2: without closed dates', undefined, { timeZone: 'Asia/Shanghai', ...workingHours }],
    [
      'R-RO-2: with its closed dates',
      ['2031-10-01'],
      { timeZone: 'Asia/Shanghai', ...workingHours, closedDates: ['2031-10-01'] },
    ],
  ])('%s, the branch’s opening hours', (_case, closedDates, expected) => {
    expect(openingHoursOf({ timeZone: 'Asia/Shanghai', workingHours, closedDates })).toStrictEqual(expected);
  });
});
