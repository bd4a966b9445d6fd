import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Duty } from '../duty-engine/schemas';
import { dutyKey, queueKeys } from '../duty-engine/store';
import type { PerformContext, Performers } from '../duty-engine/sweeper';
import { agentFor } from '../follow-up/duties';
import { assigneeAt } from '../follow-up/store/absences';
import { dutyEngineActor } from '../orders/duties/performers';
import { branchMembers } from '../orders/store/workshop';
import type { Store } from '../platform/dynamo/client';
import { logger } from '../platform/logger';
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
  // Not a transition of the sweeper's state machine: the status and version stay as claimed, so
  // the sweep's own `recordDone` (conditioned on the version) still holds.
  try {
    await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: dutyKey(duty.branchId, duty.id),
        UpdateExpression:
          'SET completedAt = :now, completedBy = :by, #result = :result REMOVE gsi1pk, gsi1sk, gsi2pk, gsi2sk',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(completedAt)',
        ExpressionAttributeNames: { '#result': 'result' },
        ExpressionAttributeValues: {
          ':now': now.toISOString(),
          ':by': dutyEngineActor.staffId,
          ':result': { archiveComplete: true },
        },
      }),
    );
  } catch (error) {
    // Completed already (by the agent, or by an earlier attempt of this duty).
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

export async function performArchiveDuty(store: Store, duty: Duty, context: PerformContext): Promise<void> {
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
  await intoQueue(store, duty, who);
  logger.info('archive incomplete after 2 days: duty given to a follow-up agent', {
    dutyId: duty.id,
    customerId,
    assignee: who.assignee,
    gaps,
  });
}

/**
 * Gives the fired duty to a person: assignee and work-queue keys, on the duty as claimed (status
 * and version untouched, like `leaveQueues`). Nothing when it has an assignee already (an
 * earlier attempt).
 */
async function intoQueue(
  store: Store,
  duty: Duty,
  who: { assignee: string; delegatedFrom?: string },
): Promise<void> {
  const keys = queueKeys(duty.branchId, who.assignee, duty.id, duty.dueAt);
  try {
    await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: dutyKey(duty.branchId, duty.id),
        UpdateExpression: `SET assignee = :assignee, gsi1pk = :g1pk, gsi1sk = :g1sk, gsi2pk = :g2pk, gsi2sk = :g2sk${
          who.delegatedFrom ? ', delegatedFrom = :from' : ''
        }`,
        ConditionExpression:
          'attribute_exists(pk) AND attribute_not_exists(assignee) AND attribute_not_exists(completedAt)',
        ExpressionAttributeValues: {
          ':assignee': who.assignee,
          ':g1pk': keys.gsi1pk,
          ':g1sk': keys.gsi1sk,
          ':g2pk': keys.gsi2pk,
          ':g2sk': keys.gsi2sk,
          ...(who.delegatedFrom ? { ':from': who.delegatedFrom } : {}),
        },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/** Register with the sweeper next to the other performers: `...archiveDutyPerformers(store)`. */
export function archiveDutyPerformers(store: Store): Performers {
  return { 'archive-incomplete': (duty, context) => performArchiveDuty(store, duty, context) };
}
