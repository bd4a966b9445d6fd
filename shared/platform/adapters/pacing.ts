import { defaultPolicy } from '../../kernel/policy';
import { type Clock, clock } from '../ports/clock';

/**
 * Sending pace (issue 4 item 6): a token bucket refilled at `perSecond` tokens a second that holds
 * at most one token, so messages leave evenly spaced 1/perSecond apart and no one-second window
 * ever carries more than `perSecond`, the rate the SMS account (SNS throughput quota and spend)
 * is configured for. A larger bucket would let a burst of its size go on top of the rate, which
 * is exactly what the quota forbids. `acquire()` resolves when the caller may send; callers go
 * in arrival order.
 */
export interface PacerClock extends Clock {
  /** Waits `ms` of this clock's time (a fake clock in tests advances instead of sleeping). */
  sleep(ms: number): Promise<void>;
}

export interface Pacer {
  acquire(): Promise<void>;
}

export function createPacer(options: { perSecond: number; clock: PacerClock }): Pacer {
  const { perSecond, clock } = options;
  if (!(perSecond > 0)) throw new RangeError('perSecond must be above 0');
  const msPerToken = 1000 / perSecond;
  const capacity = 1;
  let tokens = capacity;
  let refilledAt = clock.now().getTime();
  let queue: Promise<void> = Promise.resolve();

  function refill(): void {
    const now = clock.now().getTime();
    tokens = Math.min(capacity, tokens + (now - refilledAt) / msPerToken);
    refilledAt = now;
  }

  async function take(): Promise<void> {
    refill();
    while (tokens < 1) {
      await clock.sleep(Math.ceil((1 - tokens) * msPerToken));
      refill();
    }
    tokens -= 1;
  }

  return {
    acquire() {
      // Chaining keeps the order of callers and stops two waiters from taking the same token.
      const turn = queue.then(take);
      queue = turn;
      return turn;
    },
  };
}

/** The process clock (shared/platform/ports/clock.ts) with a real timer, for production pacers. */
export const processPacerClock: PacerClock = {
  now: () => clock().now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * The rate a sweeper sends at: SMS_PER_SECOND when set (CDK context `smsPerSecond`), else the
 * policy's `sms.perSecond`. A value that is not a positive number is refused at start-up rather
 * than guessed: a wrong guess could exceed the account's SMS quota, and a sweeper that cannot
 * start shows at once in the sweeper-errors alarm.
 */
export function smsPerSecond(configured: string | undefined): number {
  if (configured === undefined || configured.trim() === '') return defaultPolicy.sms.perSecond;
  const perSecond = Number(configured);
  if (!Number.isFinite(perSecond) || perSecond <= 0) {
    throw new RangeError(`SMS_PER_SECOND must be a number above 0, not "${configured}"`);
  }
  return perSecond;
}
