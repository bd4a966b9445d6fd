import { describe, expect, it } from 'vitest';
import { createPacer, type PacerClock } from '../../shared/domain/sms/pacing';

/** Issue 4 item 6: sending is paced to the configured messages per second. */
function fakeClock(start = Date.parse('2026-03-02T00:00:00.000Z')) {
  let now = start;
  const clock: PacerClock = {
    now: () => new Date(now),
    // Waiting advances fake time at once: the test runs in milliseconds of real time.
    sleep: async (ms) => {
      now += ms;
    },
  };
  return { clock, elapsed: () => now - start };
}

/** Most acquisitions inside any one-second window [t, t + 1000). */
function busiestSecond(times: number[]): number {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while ((times[i] ?? 0) - (times[j] ?? 0) >= 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe('SMS pacing (issue 4 item 6)', () => {
  it.each([10, 20, 3])(
    'spreads 500 messages at once over 500/%i seconds, never over the rate',
    async (perSecond) => {
      const { clock, elapsed } = fakeClock();
      const pacer = createPacer({ perSecond, clock });
      const times: number[] = [];

      await Promise.all(
        Array.from({ length: 500 }, () => pacer.acquire().then(() => times.push(clock.now().getTime()))),
      );

      expect(times).toHaveLength(500);
      const seconds = elapsed() / 1000;
      // The first goes at once, each next one 1/perSecond later (a 3/s pace rounds up to whole ms).
      expect(seconds).toBeGreaterThanOrEqual(499 / perSecond);
      expect(seconds).toBeLessThanOrEqual(500 / perSecond + 1);
      expect(busiestSecond(times)).toBeLessThanOrEqual(perSecond);
      expect(busiestSecond(times)).toBe(perSecond);
    },
  );

  it('lets a message go at once after a quiet spell', async () => {
    const { clock, elapsed } = fakeClock();
    const pacer = createPacer({ perSecond: 5, clock });
    await pacer.acquire();
    await clock.sleep(10_000);
    const before = elapsed();
    await pacer.acquire();
    expect(elapsed()).toBe(before);
  });

  it('refuses a rate of zero', () => {
    expect(() => createPacer({ perSecond: 0, clock: fakeClock().clock })).toThrow(RangeError);
  });
});
