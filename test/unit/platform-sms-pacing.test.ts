import { describe, expect, it } from 'vitest';
import { pacedSmsSender } from '../../shared/platform/adapters/paced-sms';
import { createPacer, type PacerClock, smsPerSecond } from '../../shared/platform/adapters/pacing';
import type { SmsMessage, SmsSender } from '../../shared/platform/ports/sms';

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

describe('the paced SMS sender (issue 4 item 6, R-X-1)', () => {
  const message = (n: number): SmsMessage => ({
    to: '+8613800138000',
    text: `message ${n}`,
    kind: 'transactional',
    idempotencyKey: `letter-${n}`,
  });

  it('sends 10 messages at 2 per second over at least 4.5 seconds, in the order they came', async () => {
    const { clock, elapsed } = fakeClock();
    const sent: { text: string; at: number }[] = [];
    const provider: SmsSender = {
      send: async (m) => {
        sent.push({ text: m.text, at: elapsed() });
        return { providerMessageId: `p-${sent.length}` };
      },
    };
    const sender = pacedSmsSender(provider, createPacer({ perSecond: 2, clock }));

    await Promise.all(Array.from({ length: 10 }, (_, n) => sender.send(message(n))));

    expect(sent.map((s) => s.text)).toEqual(Array.from({ length: 10 }, (_, n) => `message ${n}`));
    expect(elapsed()).toBeGreaterThanOrEqual(4_500);
    for (let i = 1; i < sent.length; i++) {
      expect((sent[i]?.at ?? 0) - (sent[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(500);
    }
  });

  it('gives back what the provider answered, and its refusal', async () => {
    const { clock } = fakeClock();
    const pacer = createPacer({ perSecond: 5, clock });
    const ok = pacedSmsSender({ send: async () => ({ providerMessageId: 'sns-1' }) }, pacer);
    const refusing = pacedSmsSender({ send: async () => Promise.reject(new Error('Throttled')) }, pacer);
    await expect(ok.send(message(1))).resolves.toEqual({ providerMessageId: 'sns-1' });
    await expect(refusing.send(message(2))).rejects.toThrow('Throttled');
  });
});

describe('the configured rate (SMS_PER_SECOND, CDK context smsPerSecond)', () => {
  it.each([
    ['unset: the policy default, 1 a second (the SNS account default)', undefined, 1],
    ['blank: the policy default', ' ', 1],
    ['a whole number', '5', 5],
    ['a fraction (one every 2 s)', '0.5', 0.5],
  ])('%s', (_case, configured, expected) => {
    expect(smsPerSecond(configured)).toBe(expected);
  });

  it.each([['0'], ['-1'], ['fast'], ['Infinity']])('refuses %s at start-up', (configured) => {
    expect(() => smsPerSecond(configured)).toThrow(RangeError);
  });
});
