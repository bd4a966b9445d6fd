import { performance } from 'node:perf_hooks';
import { type Clock, clock, setClock } from '../../shared/platform/ports/clock';

/**
 * Time in tests. No test reads the wall clock (the lint step rejects `Date.now` and `new Date()`
 * under test/ outside this file): the suite must pass on any day, in any time zone. Every suite
 * runs on the test clock, set by `test/support/test-clock.ts` before each file: it starts at a
 * fixed instant and moves on as the test runs (monotonic time elapsed), so records made one after
 * another keep their order. Tests that need another instant set the clock port themselves
 * (`setClock`, the far-future clock) and go back with `restoreTestClock()`.
 */

/** Wednesday 11 June 2031, 10:10 in Shenzhen and Hong Kong (02:10 UTC): a working morning. */
const testEpoch = Date.parse('2031-06-11T02:10:00Z');

/** 14:00 in Shenzhen and Hong Kong on the test's day: a demo afternoon outside quiet hours (R-X-1). */
export const demoAfternoon = Date.parse('2031-06-11T06:00:00Z');

let startedAt = performance.now();

export const testClock: Clock = {
  now: () => new Date(testEpoch + Math.floor(performance.now() - startedAt)),
};

/**
 * Starts a test file on the test clock at its epoch (test/support/test-clock.ts, before each file).
 * Where files share one module graph (`isolate: false`), each still starts at 10:10, not minutes
 * later where the previous file left the clock.
 */
export function startTestClock(): void {
  startedAt = performance.now();
  setClock(testClock);
}

export function restoreTestClock(): void {
  setClock(testClock);
}

/** Milliseconds since 1970 on the clock port (the test clock unless the test set another). */
export function testNow(): number {
  return clock().now().getTime();
}

/** ISO time `ms` milliseconds from the clock port's now (negative: in the past). */
export function fromNow(ms: number): string {
  return new Date(testNow() + ms).toISOString();
}

/**
 * Real elapsed time, for what only a waiting test needs: how long to poll before giving up, how
 * long a start took. Never a date.
 */
export function elapsedMs(): number {
  return performance.now();
}

/** Polls `find` until it answers something, for up to `timeoutMs` of real time. */
export async function waitFor<T>(
  what: string,
  find: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 10_000,
  everyMs = 50,
): Promise<T> {
  const deadline = elapsedMs() + timeoutMs;
  while (elapsedMs() < deadline) {
    const found = await find();
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`Timed out waiting for ${what}`);
}
