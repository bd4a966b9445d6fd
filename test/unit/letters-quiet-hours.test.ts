import { describe, expect, it } from 'vitest';
import { isQuiet, nextAllowedSendTime, quietPeriodAt } from '../../shared/letters/rules/quiet-hours';

/**
 * R-X-1, R-FUP-5: non-urgent SMS wait for the end of the branch's quiet hours, read in the
 * branch's time zone. Asia/Shanghai and Asia/Hong_Kong are UTC+8 all year (no DST).
 */
const overnight = { start: '21:00', end: '08:00' };
const lunch = { start: '12:00', end: '14:00' };

describe('next allowed send time (R-X-1, R-FUP-5)', () => {
  it.each([
    // case, zone, quiet hours, now (UTC), expected (UTC)
    [
      'outside quiet hours: now',
      'Asia/Shanghai',
      overnight,
      '2026-03-02T06:00:00.000Z',
      '2026-03-02T06:00:00.000Z',
    ],
    [
      'one minute before the start: now',
      'Asia/Shanghai',
      overnight,
      '2026-03-02T12:59:59.999Z',
      '2026-03-02T12:59:59.999Z',
    ],
    [
      'exactly at the start (21:00 local): the next morning 08:00',
      'Asia/Shanghai',
      overnight,
      '2026-03-02T13:00:00.000Z',
      '2026-03-03T00:00:00.000Z',
    ],
    [
      'late evening: the next morning',
      'Asia/Hong_Kong',
      overnight,
      '2026-03-02T15:30:00.000Z',
      '2026-03-03T00:00:00.000Z',
    ],
    [
      'after local midnight: the same morning',
      'Asia/Shanghai',
      overnight,
      '2026-03-02T18:00:00.000Z',
      '2026-03-03T00:00:00.000Z',
    ],
    [
      'one minute before the end (07:59 local): 08:00',
      'Asia/Hong_Kong',
      overnight,
      '2026-03-02T23:59:00.000Z',
      '2026-03-03T00:00:00.000Z',
    ],
    [
      'exactly at the end (08:00 local): now',
      'Asia/Shanghai',
      overnight,
      '2026-03-03T00:00:00.000Z',
      '2026-03-03T00:00:00.000Z',
    ],
    [
      'the last evening of a month rolls into the next month',
      'Asia/Shanghai',
      overnight,
      '2026-03-31T14:00:00.000Z',
      '2026-04-01T00:00:00.000Z',
    ],
    [
      'a period within one day: its end the same day',
      'Asia/Shanghai',
      lunch,
      '2026-03-02T04:30:00.000Z',
      '2026-03-02T06:00:00.000Z',
    ],
    [
      'a period within one day, exactly at its end: now',
      'Asia/Shanghai',
      lunch,
      '2026-03-02T06:00:00.000Z',
      '2026-03-02T06:00:00.000Z',
    ],
    [
      'equal start and end: no quiet hours',
      'Asia/Shanghai',
      { start: '08:00', end: '08:00' },
      '2026-03-02T00:00:00.000Z',
      '2026-03-02T00:00:00.000Z',
    ],
    // Across a DST change the end is still the local 08:00 (Europe/London springs forward 29 March 2026).
    [
      'a zone with DST, the night the clocks go forward',
      'Europe/London',
      overnight,
      '2026-03-28T22:00:00.000Z',
      '2026-03-29T07:00:00.000Z',
    ],
  ])('%s', (_case, zone, quiet, now, expected) => {
    expect(nextAllowedSendTime(new Date(now), quiet, zone, false).toISOString()).toBe(expected);
  });

  it('sends an urgent message at once, even in quiet hours', () => {
    const now = new Date('2026-03-02T15:30:00.000Z'); // 23:30 in Shanghai
    expect(isQuiet(now, overnight, 'Asia/Shanghai')).toBe(true);
    expect(nextAllowedSendTime(now, overnight, 'Asia/Shanghai', true)).toBe(now);
  });

  it('reads the hours in the branch’s zone, not the server’s', () => {
    // 13:00 UTC is 21:00 in Shanghai (quiet) but 13:00 in London (not quiet).
    const now = new Date('2026-03-02T13:00:00.000Z');
    expect(isQuiet(now, overnight, 'Asia/Shanghai')).toBe(true);
    expect(isQuiet(now, overnight, 'Europe/London')).toBe(false);
  });
});

describe('the quiet period an instant falls in (R-X-1)', () => {
  it.each([
    // case, quiet hours, at (UTC), expected start and end (UTC), or undefined
    [
      'the evening part: began at 21:00 today, ends 08:00 tomorrow',
      overnight,
      '2026-03-02T14:00:00.000Z',
      { start: '2026-03-02T13:00:00.000Z', end: '2026-03-03T00:00:00.000Z' },
    ],
    [
      'the morning part: began at 21:00 yesterday, ends 08:00 today',
      overnight,
      '2026-03-02T22:30:00.000Z',
      { start: '2026-03-02T13:00:00.000Z', end: '2026-03-03T00:00:00.000Z' },
    ],
    [
      'the morning part of the first of a month: began on the last day of the month before',
      overnight,
      '2026-03-31T16:30:00.000Z',
      { start: '2026-03-31T13:00:00.000Z', end: '2026-04-01T00:00:00.000Z' },
    ],
    [
      'a period within one day',
      lunch,
      '2026-03-02T04:30:00.000Z',
      { start: '2026-03-02T04:00:00.000Z', end: '2026-03-02T06:00:00.000Z' },
    ],
    ['outside quiet hours: none', overnight, '2026-03-02T06:00:00.000Z', undefined],
    ['exactly at the end: none', overnight, '2026-03-03T00:00:00.000Z', undefined],
  ])('%s', (_case, quiet, at, expected) => {
    const period = quietPeriodAt(new Date(at), quiet, 'Asia/Shanghai');
    expect(period && { start: period.start.toISOString(), end: period.end.toISOString() }).toEqual(expected);
  });
});
