import { describe, expect, it } from 'vitest';
import { demoDayStart } from '../../infra/local/demo-clock';

/**
 * The `--speed` demo starts where every seeded promise falls in opening hours (R-RO-2) and no
 * notice in quiet hours (R-X-1): 10:30-14:30 Shenzhen time; never earlier than now.
 */
describe('the demo clock start', () => {
  it.each([
    ['14:00 Shenzhen: now', '2026-11-29T06:00:00.000Z', '2026-11-29T06:00:00.000Z'],
    ['10:30 Shenzhen: now', '2026-11-29T02:30:00.000Z', '2026-11-29T02:30:00.000Z'],
    ['14:29 Shenzhen: now', '2026-11-29T06:29:00.000Z', '2026-11-29T06:29:00.000Z'],
    ['14:30 Shenzhen: 10:30 the next day', '2026-11-29T06:30:00.000Z', '2026-11-30T02:30:00.000Z'],
    ['21:00 Shenzhen: 10:30 the next day', '2026-11-29T13:00:00.000Z', '2026-11-30T02:30:00.000Z'],
    ['02:00 Shenzhen: 10:30 the same day', '2026-11-28T18:00:00.000Z', '2026-11-29T02:30:00.000Z'],
    ['10:29 Shenzhen: 10:30 the same day', '2026-11-29T02:29:00.000Z', '2026-11-29T02:30:00.000Z'],
  ])('%s', (_label, now, start) => {
    expect(demoDayStart(new Date(now)).toISOString()).toBe(start);
  });
});
