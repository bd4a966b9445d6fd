/**
 * Money is an integer number of minor units (fen, cents) in the branch's currency (R-EST-3).
 * No floats: percentages are applied with integer arithmetic and rounded half away from zero
 * once per line, so totals are exact and reproducible.
 */
export type Minor = number;

/** `amount × quantity` for quantities with up to 3 decimals (hours, litres), rounded half up. */
export function times(amount: Minor, quantity: number): Minor {
  const milli = Math.round(quantity * 1000);
  return divideRounded(amount * milli, 1000);
}

/** `amount × percent / 100` with percent in basis points precision (two decimals), rounded half up. */
export function percentOf(amount: Minor, percent: number): Minor {
  const basisPoints = Math.round(percent * 100);
  return divideRounded(amount * basisPoints, 10_000);
}

export function sum(values: readonly Minor[]): Minor {
  return values.reduce((total, v) => total + v, 0);
}

function divideRounded(numerator: number, denominator: number): Minor {
  const sign = numerator < 0 ? -1 : 1;
  const n = Math.abs(numerator);
  const q = Math.floor(n / denominator);
  const r = n - q * denominator;
  return sign * (r * 2 >= denominator ? q + 1 : q);
}
