import type { Policy } from '../../kernel/policy';

/**
 * When each time-based duty opens and falls due, from the policy module's numbers (R-PKP-2,
 * R-PRG-1). Pure functions of instants: days are 24-hour spans, because the
 * seed counts elapsed time ("兩天", "三天至一周"); the sweeper and the queues work in UTC (R-X-2).
 */
const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

export interface Window {
  openAt: Date;
  dueAt: Date;
}

/** Job duration 工期: workshop start to promised completion, in milliseconds. */
function jobDuration(workshopStartAt: Date, promisedAt: Date): number {
  return promisedAt.getTime() - workshopStartAt.getTime();
}

/**
 * R-PKP-2: the pickup notice goes 1 hour before the promised time for a job under 2 days, and
 * 4 hours before for a job of 2 days or more ("兩天以上包括兩天"). R-PKP-3: a delay notice goes at
 * the same time or earlier.
 */
export function pickupNoticeAt(workshopStartAt: Date, promisedAt: Date, policy: Policy): Date {
  const long = jobDuration(workshopStartAt, promisedAt) >= policy.pickup.longJobMinDays * day;
  const leadMinutes = long ? policy.pickup.longJobLeadMinutes : policy.pickup.shortJobLeadMinutes;
  return new Date(promisedAt.getTime() - leadMinutes * minute);
}

/** R-PRG-1: the progress check opens at 70 % of the job duration and is overdue at 80 %. */
export function progressCheckWindow(workshopStartAt: Date, promisedAt: Date, policy: Policy): Window {
  const start = workshopStartAt.getTime();
  const duration = jobDuration(workshopStartAt, promisedAt);
  return {
    openAt: new Date(start + Math.round(duration * policy.progressCheck.openAtFraction)),
    dueAt: new Date(start + Math.round(duration * policy.progressCheck.dueAtFraction)),
  };
}
