import { describe, expect, it } from 'vitest';
import { pickupNoticeSendAt } from '../../shared/orders/rules/notice-time';

/**
 * R-PKP-2, R-X-1, R-FUP-5: when the pickup notice goes in a branch with quiet hours. The notice is
 * bound to the promise: out of quiet hours towards the promise when they end in time, else the
 * evening before; never into quiet hours, even when it is late. Times are Shanghai local
 * (UTC+8 all year); 2 March 2026 is a Monday.
 */
const local = (wall: string) => new Date(`${wall}+08:00`);
const overnight = { start: '21:00', end: '08:00' };
const lunch = { start: '12:00', end: '14:00' };
/** The evening slot is this long before quiet hours begin (the policy's default). */
const margin = 30;

describe('pickup notice send time in quiet hours (R-PKP-2, R-X-1)', () => {
  it.each([
    // case, quiet hours, lead time, promise, now, expected (all local)
    [
      'lead time in the afternoon: at the lead time',
      overnight,
      '2026-03-02T16:30',
      '2026-03-02T17:30',
      '2026-03-02T16:30',
      '2026-03-02T16:30',
    ],
    [
      'lead time one minute before quiet hours: at the lead time',
      overnight,
      '2026-03-02T20:59',
      '2026-03-02T21:59',
      '2026-03-02T20:59',
      '2026-03-02T20:59',
    ],
    [
      '4-hour notice at 06:00 for a 10:00 promise: at the end of quiet hours, 08:00',
      overnight,
      '2026-03-03T06:00',
      '2026-03-03T10:00',
      '2026-03-03T06:00',
      '2026-03-03T08:00',
    ],
    [
      'quiet hours end exactly at the promise: at their end',
      overnight,
      '2026-03-03T07:00',
      '2026-03-03T08:00',
      '2026-03-03T07:00',
      '2026-03-03T08:00',
    ],
    [
      'quiet hours end exactly at the promise, planned the day before: at their end, not the evening slot',
      overnight,
      '2026-03-03T04:00',
      '2026-03-03T08:00',
      '2026-03-02T10:00',
      '2026-03-03T08:00',
    ],
    [
      'lead time exactly at the start of quiet hours, promise inside them: the evening slot',
      overnight,
      '2026-03-02T21:00',
      '2026-03-02T22:00',
      '2026-03-02T10:00',
      '2026-03-02T20:30',
    ],
    [
      'car promised at 07:30, planned the day before: the evening before at 20:30',
      overnight,
      '2026-03-03T06:30',
      '2026-03-03T07:30',
      '2026-03-02T10:00',
      '2026-03-02T20:30',
    ],
    [
      'promise one minute before quiet hours end: still the evening before',
      overnight,
      '2026-03-03T06:59',
      '2026-03-03T07:59',
      '2026-03-02T10:00',
      '2026-03-02T20:30',
    ],
    [
      'car promised at 07:30, the duty firing at the evening slot a minute late: now',
      overnight,
      '2026-03-03T06:30',
      '2026-03-03T07:30',
      '2026-03-02T20:31',
      '2026-03-02T20:31',
    ],
    [
      'car promised at 07:30, the duty firing at its lead time in quiet hours: at their end, not at 06:30',
      overnight,
      '2026-03-03T06:30',
      '2026-03-03T07:30',
      '2026-03-03T06:30',
      '2026-03-03T08:00',
    ],
    [
      'lead time after midnight: the evening slot of the day before, across a month end',
      overnight,
      '2026-04-01T00:30',
      '2026-04-01T04:30',
      '2026-03-31T10:00',
      '2026-03-31T20:30',
    ],
    [
      'a duty firing late into quiet hours (an outage): at their end',
      overnight,
      '2026-03-02T20:30',
      '2026-03-02T21:30',
      '2026-03-02T21:05',
      '2026-03-03T08:00',
    ],
    [
      'a duty firing late in the daytime: now',
      overnight,
      '2026-03-02T16:30',
      '2026-03-02T17:30',
      '2026-03-02T16:42',
      '2026-03-02T16:42',
    ],
    [
      'lunch quiet hours ending before the promise: at 14:00',
      lunch,
      '2026-03-02T12:30',
      '2026-03-02T16:30',
      '2026-03-02T12:30',
      '2026-03-02T14:00',
    ],
    [
      'lunch quiet hours holding the promise: before they begin, at 11:30',
      lunch,
      '2026-03-02T12:30',
      '2026-03-02T13:30',
      '2026-03-02T09:00',
      '2026-03-02T11:30',
    ],
    [
      'no quiet hours (equal start and end): at the lead time',
      { start: '08:00', end: '08:00' },
      '2026-03-03T06:30',
      '2026-03-03T07:30',
      '2026-03-03T06:30',
      '2026-03-03T06:30',
    ],
  ])('%s', (_case, quietHours, leadAt, promisedAt, now, expected) => {
    const at = pickupNoticeSendAt({
      leadAt: local(leadAt),
      promisedAt: local(promisedAt),
      now: local(now),
      quietHours,
      timeZone: 'Asia/Shanghai',
      beforeQuietMinutes: margin,
    });
    expect(at.toISOString()).toBe(local(expected).toISOString());
  });

  it('reads quiet hours in the branch’s zone: 06:00 in Shanghai is 22:00 in London, quiet there', () => {
    const input = {
      leadAt: new Date('2026-03-02T22:00:00.000Z'),
      promisedAt: new Date('2026-03-03T02:00:00.000Z'),
      now: new Date('2026-03-02T22:00:00.000Z'),
      quietHours: overnight,
      beforeQuietMinutes: margin,
    };
    expect(pickupNoticeSendAt({ ...input, timeZone: 'Asia/Shanghai' }).toISOString()).toBe(
      '2026-03-03T00:00:00.000Z',
    );
    // London: lead 22:00 in quiet hours, promise 02:00 inside them too: the evening slot has passed.
    expect(pickupNoticeSendAt({ ...input, timeZone: 'Europe/London' }).toISOString()).toBe(
      '2026-03-03T08:00:00.000Z',
    );
  });
});
