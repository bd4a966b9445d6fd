import { describe, expect, it } from 'vitest';
import { percentOf, sum, times } from '../../shared/kernel/money';

/**
 * R-EST-3: money is integer minor units; a product or a percentage is rounded once, half away
 * from zero, the same for a credit (negative) as for a charge. Zero stays zero (never -0, which
 * would print as "-0.00" on a bill).
 */
describe('money rounding at its edges (R-EST-3)', () => {
  it.each([
    // amount, quantity, expected
    [0, 5, 0],
    [-333, 0.5, -167], // -166.5: half away from zero
    [-199, 3, -597],
    [1, 0.499, 0], // 0.499: below the half
    [1, 0.5, 1], // exactly the half
    [7, 0.0005, 0], // 0.0005 h is 0.001 after rounding the quantity: 0.007
    [1_000, 2.0004, 2_000], // quantities beyond 3 decimals round first
  ])('R-EST-3: %i × %d = %i', (amount, quantity, expected) => {
    expect(Object.is(times(amount, quantity), expected)).toBe(true);
  });

  it.each([
    // amount, percent, expected
    [0, 10, 0],
    [5, 10, 1], // 0.5: exactly the half rounds up
    [4, 10, 0], // 0.4
    [-5, 10, -1], // -0.5: away from zero
    [10_000, 0.01, 1], // one basis point
    [10_000, 0.004, 0], // below a basis point
    [200, 100, 200],
  ])('R-EST-3: %i × %d %% = %i', (amount, percent, expected) => {
    expect(Object.is(percentOf(amount, percent), expected)).toBe(true);
  });

  it.each([
    [[], 0],
    [[5], 5],
    [[5, -7, 2], 0],
  ])('R-EST-3: the sum of %j is %i', (values, expected) => {
    expect(sum(values)).toBe(expected);
  });
});
