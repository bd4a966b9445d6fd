import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { queryInteger } from '../../shared/kernel/schemas';

const query = z.strictObject({ limit: queryInteger({ min: 1, max: 100, default: 25 }) });

describe('integers in a query or a path (R-X-4)', () => {
  it.each([
    ['16', 16],
    ['1', 1],
    ['100', 100],
    ['007', 7],
  ])('R-X-4: %j is read as %d', (limit, expected) => {
    expect(query.parse({ limit })).toEqual({ limit: expected });
  });

  it('R-X-4: no value is the default', () => {
    expect(query.parse({})).toEqual({ limit: 25 });
  });

  it.each(['0x10', '0b1', '1e1', ' 16', '16 ', '', '16.0', '+16', '-1', 'Infinity', '１６'])(
    'R-X-4: %j is refused (z.coerce.number would read it as a number)',
    (limit) => {
      const result = query.safeParse({ limit });
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
        ['limit', 'Use a whole number in plain decimal digits, for example 25'],
      ]);
    },
  );

  it.each([
    ['0', 'Too small'],
    ['101', 'Too big'],
  ])('R-X-4: %j is out of the range (%s)', (limit, message) => {
    const result = query.safeParse({ limit });
    expect(result.error?.issues[0]?.message).toContain(message);
  });
});
