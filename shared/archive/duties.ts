import { dutyEngineActor } from '../duty-engine/actor';
import { assignFiredDuty } from '../duty-engine/queues';
import type { Duty } from '../duty-engine/schemas';
import { completeDutyStep } from '../duty-engine/store';
import type { PerformContext, Performers } from '../duty-engine/sweeper';
import { agentFor } from '../follow-up/rules';
import { assigneeAt } from '../follow-up/store/absences';
import { ConflictError } from '../kernel/errors';
import type { Store } from '../platform/dynamo/client';
import { transact } from '../platform/dynamo/records';
import { logger } from '../platform/logger';
import { branchMembers } from '../staff/store';
import { archiveGaps } from './rules/completeness';
import { archiveVehicles, getCustomer } from './store/customers';

/**
 * R-ARC-2: what the sweeper does when an archive's 2 days are up (`archive-incomplete`,
 * scheduled by createCustomer). It reads the customer and their vehicles and applies the
 * completeness rule (shared/archive/rules/completeness.ts):
 * - complete: nothing is left to do; the duty leaves the agent's queues (completed by the duty
 *   engine, result `{ archiveComplete: true }`), so the agent never sees it;
 * - incomplete, with a follow-up agent: the duty stays in the agent's queue, open and due now,
 *   with what is missing in the log; the agent completes it once the archive is filled in;
 * - incomplete, without a designated agent yet: the duty goes to the follow-up agent who would
 *   call the customer (`agentFor`: one of the branch's follow-up agents by the customer's id, else
 *   a supervisor; their delegate while they are away), into that person's queue; only a branch
 *   with neither leaves it to a warning in the log.
 */
async function leaveQueues(store: Store, duty: Duty, now: Date): Promise<void> {
  try {
    await transact(store, [
      completeDutyStep(store, duty, {
        actor: dutyEngineActor,
        at: now.toISOString(),
        result: { archiveComplete: true },
        keepVersion: true,
      }),
    ]);
  } catch (error) {
    // Completed already (by the agent, or by an earlier attempt of this duty).
    if (!(error instanceof ConflictError)) throw error;
  }
}

async function performArchiveDuty(store: Store, duty: Duty, context: PerformContext): Promise<void> {
  const customerId = duty.subject.id;
  const [customer, vehicles] = await Promise.all([
    getCustomer(store, duty.branchId, customerId),
    archiveVehicles(store, duty.branchId, customerId),
  ]);
  const gaps = archiveGaps(customer, vehicles);
  if (gaps.length === 0) {
    if (duty.assignee && !duty.completedAt) await leaveQueues(store, duty, context.now);
    return;
  }
  if (duty.assignee) {
    logger.info('archive incomplete after 2 days: duty open for the follow-up agent', {
      dutyId: duty.id,
      customerId,
      assignee: duty.assignee,
      gaps,
    });
    return;
  }
  const agent = agentFor(customer, await branchMembers(store, duty.branchId));
  if (!agent) {
    logger.warn('archive incomplete after 2 days and the branch has no follow-up agent or supervisor', {
      dutyId: duty.id,
      customerId,
      gaps,
    });
    return;
  }
  const who = await assigneeAt(store, duty.branchId, agent, context.now);
  await assignFiredDuty(store, duty, who);
  logger.info('archive incomplete after 2 days: duty given to a follow-up agent', {
    dutyId: duty.id,
    customerId,
    assignee: who.assignee,
    gaps,
  });
}

/** Register with the sweeper next to the other performers: `...archiveDutyPerformers(store)`. */
export function archiveDutyPerformers(store: Store): Performers {
  return { 'archive-incomplete': (duty, context) => performArchiveDuty(store, duty, context) };
}
