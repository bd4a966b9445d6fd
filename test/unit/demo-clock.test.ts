import { describe, expect, it } from 'vitest';
import { demoDayStart } from '../../infra/local/demo-clock';

/** The `--speed` demo starts outside quiet hours (R-X-1), never earlier than now. */
describe('the demo clock start', () => {
  it.each([
    ['14:00 Shenzhen: now', '2026-11-29T06:00:00.000Z', '2026-11-29T06:00:00.000Z'],
    ['08:00 Shenzhen: now (quiet hours just ended)', '2026-11-29T00:00:00.000Z', '2026-11-29T00:00:00.000Z'],
    ['20:59 Shenzhen: now', '2026-11-29T12:59:00.000Z', '2026-11-29T12:59:00.000Z'],
    ['21:00 Shenzhen: the next 08:30', '2026-11-29T13:00:00.000Z', '2026-11-30T00:30:00.000Z'],
    ['02:00 Shenzhen: 08:30 the same day', '2026-11-28T18:00:00.000Z', '2026-11-29T00:30:00.000Z'],
    ['07:59 Shenzhen: 08:30 the same day', '2026-11-28T23:59:00.000Z', '2026-11-29T00:30:00.000Z'],
  ])('%s', (_label, now, start) => {
    expect(demoDayStart(new Date(now)).toISOString()).toBe(start);
  });
});
