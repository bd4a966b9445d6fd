import { describe, expect, it } from 'vitest';
import { type PolicyOverrides, policyFor, policyIssues } from '../../shared/kernel/policy';

/**
 * Survivors of the mutation run of shared/kernel/policy.ts (issue 14 item 4): a branch's lead
 * times and windows (R-PKP-2, R-PRG-1, R-FUP-2, R-APT-3/4, R-SELF-2) that contradict themselves
 * are refused, each at its edge, naming the field and saying why; the edges themselves pass.
 */
const check =
  'progressCheck.dueAtFraction: The check opens before it is due, and is due before the promise (fractions below 1)';
const firstCall = 'followUp.firstDueDays: The first call is due after its window opens';
const pickup = 'pickup.longJobLeadMinutes: A long job is told at least as early as a short one';
const slot =
  'appointment.slotMinutes: A slot is 15-240 whole minutes that divide a day (15, 20, 30, 60, 120…)';
const money = 'appointment.highValuePartMinor: Money is an integer number of minor units';
const invite = 'survey.inviteAtMinuteOfDay: R-SELF-2: a whole minute of the day, below 1440 (600 = 10:00)';
const inviteDays = 'survey.inviteAfterDays: R-SELF-2: whole days after the exit';

describe('a branch policy that contradicts itself (R-PKP-2, R-PRG-1, R-FUP-2, R-APT-3, R-SELF-2)', () => {
  it.each<[string, PolicyOverrides, string[]]>([
    [
      'R-PRG-1: the check opening when it is due',
      { progressCheck: { openAtFraction: 0.8, dueAtFraction: 0.8 } },
      [check],
    ],
    [
      'R-PRG-1: the check due at the promise',
      { progressCheck: { openAtFraction: 0.7, dueAtFraction: 1 } },
      [check],
    ],
    [
      'R-PRG-1: the check due just before the promise',
      { progressCheck: { openAtFraction: 0.7, dueAtFraction: 0.99 } },
      [],
    ],
    [
      'R-FUP-2: the first call due when its window opens',
      { followUp: { firstOpenDays: 7, firstDueDays: 7 } },
      [firstCall],
    ],
    [
      'R-FUP-2: the first call due a day after it opens',
      { followUp: { firstOpenDays: 6, firstDueDays: 7 } },
      [],
    ],
    [
      'R-PKP-2: a long job told later than a short one',
      { pickup: { shortJobLeadMinutes: 241, longJobLeadMinutes: 240 } },
      [pickup],
    ],
    [
      'R-PKP-2: a long job told as early as a short one',
      { pickup: { shortJobLeadMinutes: 240, longJobLeadMinutes: 240 } },
      [],
    ],
    ['R-APT-3: a slot of 15 minutes', { appointment: { slotMinutes: 15 } }, []],
    ['R-APT-3: a slot of 240 minutes', { appointment: { slotMinutes: 240 } }, []],
    ['R-APT-3: a slot of 10 minutes', { appointment: { slotMinutes: 10 } }, [slot]],
    [
      'R-APT-3: a slot of 288 minutes (divides a day, too long)',
      { appointment: { slotMinutes: 288 } },
      [slot],
    ],
    ['R-APT-3: a slot of 22.5 minutes', { appointment: { slotMinutes: 22.5 } }, [slot]],
    [
      'R-APT-2: a high-value limit in fractions of a minor unit',
      { appointment: { highValuePartMinor: 100.5 } },
      [money],
    ],
    ['R-SELF-2: invitations at 23:59', { survey: { inviteAtMinuteOfDay: 1439 } }, []],
    ['R-SELF-2: invitations at minute 1440', { survey: { inviteAtMinuteOfDay: 1440 } }, [invite]],
    ['R-SELF-2: invitations at a fraction of a minute', { survey: { inviteAtMinuteOfDay: 600.5 } }, [invite]],
    ['R-SELF-2: invitations after a fraction of a day', { survey: { inviteAfterDays: 1.5 } }, [inviteDays]],
  ])('%s', (_case, overrides, issues) => {
    expect(policyIssues(policyFor(overrides)).map((i) => `${i.path}: ${i.message}`)).toEqual(issues);
  });
});
