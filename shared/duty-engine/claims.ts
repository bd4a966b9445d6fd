import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from '../platform/dynamo/client';
import { fromItem } from '../platform/dynamo/records';
import { afterFailure, dueKeys, dueSortBound, dutyLeaseMs } from './keys';
import type { Duty } from './schemas';
import { deadDutyPartition, dutyKey } from './store';

/**
 * The sweeper's access patterns (shared/duty-engine/sweeper.ts, R-X-3): what is due in a partition of
 * the due index, the conditional claim with its lease, and the outcome of a run: done, retried with
 * backoff, dead-lettered, or deferred (quiet hours).
 */
/** One page of the duties of a bucket-shard whose time has come (`dutiesDueBefore`). */
export async function dutiesDueBefore(
  store: Store,
  partition: string,
  now: Date,
  limit: number,
  startKey?: Record<string, unknown>,
): Promise<{ duties: Duty[]; nextKey?: Record<string, unknown> }> {
  const result = await store.doc.send(
    new QueryCommand({
      TableName: store.tableName,
      IndexName: 'dueDuties',
      KeyConditionExpression: 'gsi3pk = :p AND gsi3sk <= :bound',
      ExpressionAttributeValues: { ':p': partition, ':bound': dueSortBound(now) },
      Limit: limit,
      ExclusiveStartKey: startKey,
    }),
  );
  return {
    duties: (result.Items ?? []).map((i) => fromItem<Duty>(i)),
    ...(result.LastEvaluatedKey ? { nextKey: result.LastEvaluatedKey } : {}),
  };
}

async function conditionalUpdate(command: UpdateCommand, store: Store): Promise<Duty | undefined> {
  try {
    const result = await store.doc.send(command);
    return result.Attributes ? fromItem<Duty>(result.Attributes) : undefined;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}

const lostRun = 'The sweeper stopped before recording the outcome';

/**
 * Claims a duty for one sweeper: a conditional write on the version the sweeper read, so of
 * several sweepers exactly one wins (the others get `undefined`). A pending duty may be claimed;
 * so may a claimed one whose lease ran out (its sweeper died): that lost run counts as a failed
 * attempt, and after the last attempt the duty is dead-lettered instead (`'dead'`). The claim
 * keeps the duty in the due index at `leaseUntil`, so if this sweeper dies too, a later sweep
 * finds it there.
 */
export async function claimDuty(
  store: Store,
  duty: Duty,
  sweeperId: string,
  now: Date,
): Promise<Duty | 'dead' | undefined> {
  const leaseUntil = new Date(now.getTime() + dutyLeaseMs);
  const keys = dueKeys(duty.id, leaseUntil, now);
  const reclaim = duty.status === 'claimed';
  const attempts = reclaim ? duty.attempts + 1 : duty.attempts;
  if (reclaim && afterFailure(attempts, now).status === 'dead') {
    const dead = await recordDead(store, { ...duty, attempts }, lostRun, now, reclaimCondition(duty, now));
    return dead ? 'dead' : undefined;
  }
  return conditionalUpdate(
    new UpdateCommand({
      TableName: store.tableName,
      Key: dutyKey(duty.branchId, duty.id),
      UpdateExpression:
        'SET #status = :claimed, claimedBy = :by, claimedAt = :now, leaseUntil = :lease, attempts = :attempts, gsi3pk = :gsi3pk, gsi3sk = :gsi3sk, updatedAt = :now, #version = :next' +
        (reclaim ? ', lastError = :lost' : ''),
      ...reclaimCondition(duty, now),
      ExpressionAttributeValues: {
        ...reclaimCondition(duty, now).ExpressionAttributeValues,
        ':claimed': 'claimed',
        ':by': sweeperId,
        ':now': now.toISOString(),
        ':lease': leaseUntil.toISOString(),
        ':attempts': attempts,
        ':gsi3pk': keys.gsi3pk,
        ':gsi3sk': keys.gsi3sk,
        ':next': duty.version + 1,
        ...(reclaim ? { ':lost': lostRun } : {}),
      },
      ReturnValues: 'ALL_NEW',
    }),
    store,
  );
}

/**
 * Same version as read, and still claimable: pending and due (the index may be stale), or
 * claimed with the lease run out.
 */
function reclaimCondition(duty: Duty, now: Date) {
  return {
    ConditionExpression:
      '#version = :v AND ((#status = :pending AND fireAt <= :nowIso) OR (#status = :claimedStatus AND leaseUntil < :nowIso))',
    ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
    ExpressionAttributeValues: {
      ':v': duty.version,
      ':pending': 'pending',
      ':claimedStatus': 'claimed',
      ':nowIso': now.toISOString(),
    } as Record<string, unknown>,
  };
}

/** Only the sweeper that holds the claim records the outcome (a late one after a reclaim does not). */
function heldCondition(duty: Duty) {
  return {
    ConditionExpression: '#version = :v AND #status = :claimedStatus AND claimedBy = :by',
    ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
    ExpressionAttributeValues: {
      ':v': duty.version,
      ':claimedStatus': 'claimed',
      ':by': duty.claimedBy,
    } as Record<string, unknown>,
  };
}

export async function recordDone(
  store: Store,
  claimed: Duty,
  now: Date,
  result?: Record<string, unknown>,
): Promise<boolean> {
  const held = heldCondition(claimed);
  const updated = await conditionalUpdate(
    new UpdateCommand({
      TableName: store.tableName,
      Key: dutyKey(claimed.branchId, claimed.id),
      UpdateExpression: `SET #status = :done, doneAt = :now, updatedAt = :now, #version = :next${
        result ? ', #result = :result' : ''
      } REMOVE gsi3pk, gsi3sk, leaseUntil`,
      ...held,
      ...(result
        ? { ExpressionAttributeNames: { ...held.ExpressionAttributeNames, '#result': 'result' } }
        : {}),
      ExpressionAttributeValues: {
        ...held.ExpressionAttributeValues,
        ':done': 'done',
        ':now': now.toISOString(),
        ':next': claimed.version + 1,
        ...(result ? { ':result': result } : {}),
      },
      ReturnValues: 'ALL_NEW',
    }),
    store,
  );
  return updated !== undefined;
}

/** A failed attempt: back to pending after the backoff, or dead after the last attempt. */
export async function recordFailure(
  store: Store,
  claimed: Duty,
  error: string,
  now: Date,
): Promise<'retry' | 'dead' | 'lost'> {
  const attempts = claimed.attempts + 1;
  const next = afterFailure(attempts, now);
  const held = heldCondition(claimed);
  if (next.status === 'dead') {
    return (await recordDead(store, { ...claimed, attempts }, error, now, held)) ? 'dead' : 'lost';
  }
  const keys = dueKeys(claimed.id, next.fireAt, now);
  const updated = await conditionalUpdate(
    new UpdateCommand({
      TableName: store.tableName,
      Key: dutyKey(claimed.branchId, claimed.id),
      UpdateExpression:
        'SET #status = :pending, attempts = :attempts, lastError = :error, fireAt = :fireAt, gsi3pk = :gsi3pk, gsi3sk = :gsi3sk, updatedAt = :now, #version = :next REMOVE leaseUntil',
      ...held,
      ExpressionAttributeValues: {
        ...held.ExpressionAttributeValues,
        ':pending': 'pending',
        ':attempts': attempts,
        ':error': error,
        ':fireAt': next.fireAt.toISOString(),
        ':gsi3pk': keys.gsi3pk,
        ':gsi3sk': keys.gsi3sk,
        ':now': now.toISOString(),
        ':next': claimed.version + 1,
      },
      ReturnValues: 'ALL_NEW',
    }),
    store,
  );
  return updated ? 'retry' : 'lost';
}

/** Dead letter: out of the due index, into the branch's dead-duty register (visible, alarmed). */
async function recordDead(
  store: Store,
  duty: Duty,
  error: string,
  now: Date,
  condition: ReturnType<typeof heldCondition>,
): Promise<boolean> {
  const at = now.toISOString();
  const updated = await conditionalUpdate(
    new UpdateCommand({
      TableName: store.tableName,
      Key: dutyKey(duty.branchId, duty.id),
      UpdateExpression:
        'SET #status = :dead, attempts = :attempts, lastError = :error, deadAt = :now, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk, updatedAt = :now, #version = :next REMOVE gsi3pk, gsi3sk, leaseUntil',
      ...condition,
      ExpressionAttributeValues: {
        ...condition.ExpressionAttributeValues,
        ':dead': 'dead',
        ':attempts': duty.attempts,
        ':error': error,
        ':now': at,
        ':gsi2pk': deadDutyPartition(duty.branchId),
        ':gsi2sk': `${at}#${duty.id}`,
        ':next': duty.version + 1,
      },
      ReturnValues: 'ALL_NEW',
    }),
    store,
  );
  return updated !== undefined;
}

/**
 * The performer asked to come back later (`DeferDuty`: a notice waiting for the end of quiet
 * hours, R-X-1): pending again with `fireAt` and the due-index keys at `until`. Attempts and
 * `lastError` stay as they were, because waiting is not failing; `dueAt` stays too, so the duty
 * still says when it was meant for. Only the claim holder may do it; `false` when the claim was
 * lost meanwhile.
 */
export async function recordDeferred(store: Store, claimed: Duty, until: Date, now: Date): Promise<boolean> {
  const held = heldCondition(claimed);
  const keys = dueKeys(claimed.id, until, now);
  const updated = await conditionalUpdate(
    new UpdateCommand({
      TableName: store.tableName,
      Key: dutyKey(claimed.branchId, claimed.id),
      UpdateExpression:
        'SET #status = :pending, fireAt = :fireAt, gsi3pk = :gsi3pk, gsi3sk = :gsi3sk, updatedAt = :now, #version = :next REMOVE leaseUntil',
      ...held,
      ExpressionAttributeValues: {
        ...held.ExpressionAttributeValues,
        ':pending': 'pending',
        ':fireAt': until.toISOString(),
        ':gsi3pk': keys.gsi3pk,
        ':gsi3sk': keys.gsi3sk,
        ':now': now.toISOString(),
        ':next': claimed.version + 1,
      },
      ReturnValues: 'ALL_NEW',
    }),
    store,
  );
  return updated !== undefined;
}
