import { branchPolicy } from '../branches/store';
import type { Duty } from '../duty-engine/schemas';
import type { DutyCompletions } from '../duty-engine/store';
import type { Performers } from '../duty-engine/sweeper';
import type { Store } from '../platform/dynamo/client';
import { finishAbsence, startAbsence } from './actions/absences';
import { escalateIfOpen } from './actions/escalate';
import { escalationDueAt } from './rules';

/**
 * What the sweeper does with the follow-up duties (shared/follow-up/actions/schedule.ts raises
 * them): a human duty not done by its due time escalates to the branch supervisor; an absence's
 * start and end move the absent person's open duties to the delegate and back (R-FUP-1).
 *
 * When a human follow-up duty falls due undone, the supervisor gets it: a missed call window or
 * an untold solution is due at once; an unsolved request gets the supervisor the same 2 days to
 * decide (R-FUP-4 "請示解決辦法"), counted from now.
 */
async function escalateFollowUp(store: Store, duty: Duty, now: Date): Promise<void> {
  const dueAt =
    duty.kind === 'open-request' ? escalationDueAt(now, await branchPolicy(store, duty.branchId)) : now;
  await escalateIfOpen(store, duty, { now, dueAt });
}

export function followUpPerformers(store: Store): Performers {
  return {
    'follow-up-call': (duty, { now }) => escalateFollowUp(store, duty, now),
    'open-request': (duty, { now }) => escalateFollowUp(store, duty, now),
    'tell-customer': (duty, { now }) => escalateFollowUp(store, duty, now),
    'absence-start': async (duty) => {
      await startAbsence(store, duty.branchId, duty.subject.id);
    },
    'absence-end': async (duty) => {
      await finishAbsence(store, duty.branchId, duty.subject.id);
    },
  };
}

/**
 * A call's duties are done by recording the call or the solution, so the call register holds
 * them (R-FUP-4, R-FUP-6); the generic completion refuses them and says which request to use.
 */
export const followUpCompletions: DutyCompletions = {
  'follow-up-call': {
    elsewhere: 'recording the call: POST /branches/{branchId}/calls with its dutyId (R-FUP-4)',
    rule: 'R-FUP-6',
  },
  'open-request': {
    elsewhere: 'recording the solution: POST /branches/{branchId}/calls/{callId}/items/{itemId}/solution',
    rule: 'R-FUP-6',
  },
  'tell-customer': {
    elsewhere:
      "recording the call that told the customer: POST /branches/{branchId}/calls with purpose 'solution' and its dutyId (R-FUP-4)",
    rule: 'R-FUP-6',
  },
};
