import { describe, expect, it } from 'vitest';
import { archiveCompleteBy } from '../../shared/archive/rules/completeness';
import { escalationDueAt, firstFollowUpWindow, secondFollowUpWindow } from '../../shared/follow-up/rules';
import { defaultPolicy, policyFor } from '../../shared/kernel/policy';
import { pickupNoticeAt, progressCheckWindow } from '../../shared/orders/rules/deadlines';

const policy = policyFor();
const start = new Date('2026-11-02T01:00:00.000Z'); // 09:00 in Shenzhen
const plus = (from: Date, minutes: number) => new Date(from.getTime() + minutes * 60_000);
const days = (n: number) => n * 24 * 60;

describe('pickup notice lead time (R-PKP-2)', () => {
  it.each([
    ['a 1-day job', days(1), 60],
    ['a job of 1 day 23 h 59 min', days(2) - 1, 60],
    ['a job of exactly 2 days ("兩天以上包括兩天")', days(2), 240],
    ['a 3-day job', days(3), 240],
    ['a 2-hour job', 120, 60],
  ])('notifies %s (%i min) %i minutes ahead', (_job, durationMinutes, leadMinutes) => {
    const promised = plus(start, durationMinutes);
    expect(pickupNoticeAt(start, promised, policy)).toEqual(plus(promised, -leadMinutes));
  });

  it('follows a branch override of the lead time', () => {
    const promised = plus(start, days(1));
    expect(pickupNoticeAt(start, promised, policyFor({ pickup: { shortJobLeadMinutes: 90 } }))).toEqual(
      plus(promised, -90),
    );
  });
});

describe('progress check window (R-PRG-1)', () => {
  it.each([
    ['a 10-hour job', 600, 420, 480],
    ['a 2-day job', days(2), days(2) * 0.7, days(2) * 0.8],
    ['a 100-minute job', 100, 70, 80],
  ])('%s opens at 70 % and is overdue at 80 %', (_job, duration, openMinutes, dueMinutes) => {
    const window = progressCheckWindow(start, plus(start, duration), policy);
    expect(window.openAt).toEqual(plus(start, openMinutes));
    expect(window.dueAt).toEqual(plus(start, dueMinutes));
  });
});

describe('follow-up windows (R-FUP-2, R-FUP-3, R-FUP-4)', () => {
  it('opens the first call 3 days after exit and makes it due at 7', () => {
    expect(firstFollowUpWindow(start, policy)).toEqual({
      openAt: plus(start, days(3)),
      dueAt: plus(start, days(7)),
    });
  });

  it('opens the second call 7 days after the first and makes it due 7 days later', () => {
    const firstCall = plus(start, days(4));
    expect(secondFollowUpWindow(firstCall, policy)).toEqual({
      openAt: plus(firstCall, days(7)),
      dueAt: plus(firstCall, days(14)),
    });
  });

  it('escalates an unsolved request within 2 days', () => {
    expect(escalationDueAt(start, policy)).toEqual(plus(start, days(2)));
  });
});

describe('archive completeness (R-ARC-2)', () => {
  it('wants the archive complete 2 days after it was opened', () => {
    expect(archiveCompleteBy(start, policy)).toEqual(
      plus(start, days(defaultPolicy.archive.completeWithinDays)),
    );
  });
});
