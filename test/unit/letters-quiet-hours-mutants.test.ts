import { describe, expect, it } from 'vitest';
import { quietPeriodAt } from '../../shared/letters/rules/quiet-hours';

/**
 * Survivors of the mutation run of shared/letters/rules/quiet-hours.ts (issue 14 item 4), as cases
 * of R-X-1: the quiet period an instant falls in, at its edges, overnight and within a day.
 * Shanghai (UTC+8).
 */
const tz = 'Asia/Shanghai';
const local = (wall: string) => new Date(`${wall}:00+08:00`);
const iso = (wall: string) => local(wall).toISOString();

describe('the quiet period of an instant (R-X-1)', () => {
  it.each<[string, { start: string; end: string }, string, [string, string] | undefined]>([
    [
      'R-X-1: at the start of overnight quiet hours',
      { start: '21:00', end: '08:00' },
      '2026-03-02T21:00',
      ['2026-03-02T21:00', '2026-03-03T08:00'],
    ],
    ['R-X-1: a minute before they start', { start: '21:00', end: '08:00' }, '2026-03-02T20:59', undefined],
    [
      'R-X-1: in their morning part they began the evening before',
      { start: '21:00', end: '08:00' },
      '2026-03-03T07:59',
      ['2026-03-02T21:00', '2026-03-03T08:00'],
    ],
    ['R-X-1: at their end they are over', { start: '21:00', end: '08:00' }, '2026-03-03T08:00', undefined],
    [
      'R-X-1: lunch quiet hours, at their start',
      { start: '12:00', end: '14:00' },
      '2026-03-02T12:00',
      ['2026-03-02T12:00', '2026-03-02T14:00'],
    ],
    [
      'R-X-1: lunch quiet hours, a minute before their end',
      { start: '12:00', end: '14:00' },
      '2026-03-02T13:59',
      ['2026-03-02T12:00', '2026-03-02T14:00'],
    ],
    [
      'R-X-1: lunch quiet hours, at their end',
      { start: '12:00', end: '14:00' },
      '2026-03-02T14:00',
      undefined,
    ],
    [
      'R-X-1: a period of 15 minutes within the hour',
      { start: '12:15', end: '12:30' },
      '2026-03-02T12:20',
      ['2026-03-02T12:15', '2026-03-02T12:30'],
    ],
    [
      'R-X-1: equal start and end: no quiet hours',
      { start: '08:00', end: '08:00' },
      '2026-03-02T08:00',
      undefined,
    ],
  ])('%s', (_case, quietHours, at, period) => {
    const found = quietPeriodAt(local(at), quietHours, tz);
    expect(found && [found.start.toISOString(), found.end.toISOString()]).toEqual(
      period && [iso(period[0]), iso(period[1])],
    );
  });

  it.each(['8', 'x:00', '08:xx'])('R-X-1: %o is not a time of day', (start) => {
    expect(() => quietPeriodAt(local('2026-03-02T12:00'), { start, end: '08:00' }, tz)).toThrow(
      `Not a time of day: ${start}`,
    );
  });
});
