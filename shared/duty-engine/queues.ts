import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from '../platform/dynamo/client';
import { fromItem, queryPage } from '../platform/dynamo/records';
import { clock } from '../platform/ports/clock';
import type { Duty } from './schemas';
import { deadDutyPartition, dutyKey, openDutiesQueue, personalQueue, queueKeys } from './store';

/**
 * The work queues of human duties ("my duties", the branch's overdue and dead duties) and the moves
 * of open duties between people (an absence's delegate and back, a customer's new agent, R-FUP-1).
 */
/** Dead-lettered duties of a branch, oldest first (the register the alarm points at). */
export async function listDeadDuties(
  store: Store,
  branchId: string,
  options: { limit?: number; cursor?: string | undefined } = {},
): Promise<{ items: Duty[]; nextCursor?: string }> {
  const partition = deadDutyPartition(branchId);
  const page = await queryPage(store, {
    IndexName: 'register',
    KeyConditionExpression: 'gsi2pk = :p',
    ExpressionAttributeValues: { ':p': partition },
    partition,
    limit: options.limit ?? 100,
    cursor: options.cursor,
  });
  return {
    items: page.items.map((i) => fromItem<Duty>(i)),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}

/** "My duties now" (issue 4 item 5): open human duties of one person, by due time; opened ones only. */
export async function myDuties(
  store: Store,
  branchId: string,
  staffId: string,
  options: { limit: number; cursor?: string | undefined },
): Promise<{ items: Duty[]; nextCursor?: string }> {
  const partition = personalQueue(branchId, staffId);
  const page = await queryPage(store, {
    IndexName: 'lookup',
    KeyConditionExpression: 'gsi1pk = :p',
    // A duty waits out of sight until it opens (a progress check at 70 %, R-PRG-1).
    FilterExpression: 'openAt <= :now',
    ExpressionAttributeValues: { ':p': partition, ':now': clock().now().toISOString() },
    partition,
    limit: options.limit,
    cursor: options.cursor,
  });
  return { ...page, items: page.items.map((i) => fromItem<Duty>(i)) };
}

/** "My branch's overdue duties": open human duties whose due time has passed, oldest first. */
export async function overdueDuties(
  store: Store,
  branchId: string,
  options: { limit: number; cursor?: string | undefined },
): Promise<{ items: Duty[]; nextCursor?: string }> {
  const partition = openDutiesQueue(branchId);
  const page = await queryPage(store, {
    IndexName: 'register',
    KeyConditionExpression: 'gsi2pk = :p AND gsi2sk < :now',
    ExpressionAttributeValues: { ':p': partition, ':now': clock().now().toISOString() },
    partition,
    limit: options.limit,
    cursor: options.cursor,
  });
  return { ...page, items: page.items.map((i) => fromItem<Duty>(i)) };
}

/**
 * Gives the fired duty to a person: assignee and work-queue keys, on the duty as claimed (status
 * and version untouched, so the sweep's own `recordDone` still holds). Nothing when it has an assignee already (an
 * earlier attempt).
 */
export async function assignFiredDuty(
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

/**
 * How a duty changes hands: `delegate` for an absence (it remembers whose it is), `redelegate`
 * from one delegate to the next when the person's absence runs on under another one (it still
 * remembers whose it is), `return` when the absence ends, `handover` when the customer gets
 * another designated agent for good.
 */
export type DutyMove = 'delegate' | 'redelegate' | 'return' | 'handover';

const moveUpdates: Record<DutyMove, string> = {
  delegate:
    'SET assignee = :to, gsi1pk = :queue, delegatedFrom = :from, updatedAt = :now, #version = #version + :one',
  redelegate: 'SET assignee = :to, gsi1pk = :queue, updatedAt = :now, #version = #version + :one',
  return:
    'SET assignee = :to, gsi1pk = :queue, updatedAt = :now, #version = #version + :one REMOVE delegatedFrom',
  handover:
    'SET assignee = :to, gsi1pk = :queue, updatedAt = :now, #version = #version + :one REMOVE delegatedFrom',
};

/**
 * Moves the open duties in `from`'s queue that `filter` selects (all when none) to `to` (R-FUP-1:
 * an absence's delegate, a customer's new agent; the area decides who, the engine moves). Each
 * move is one conditional write on the duty (still open, still with `from`), so running it twice,
 * or with the sweeper at once, moves each duty once.
 */
export async function moveOpenDuties(
  store: Store,
  branchId: string,
  input: {
    from: string;
    to: string;
    move: DutyMove;
    filter?: { expression: string; names?: Record<string, string>; values: Record<string, unknown> };
  },
): Promise<number> {
  let moved = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const result = await store.doc.send(
      new QueryCommand({
        TableName: store.tableName,
        IndexName: 'lookup',
        KeyConditionExpression: 'gsi1pk = :p',
        ...(input.filter
          ? {
              FilterExpression: input.filter.expression,
              ...(input.filter.names ? { ExpressionAttributeNames: input.filter.names } : {}),
            }
          : {}),
        ExpressionAttributeValues: { ':p': personalQueue(branchId, input.from), ...input.filter?.values },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of result.Items ?? []) {
      if (await moveOne(store, fromItem<Duty>(item), input)) moved++;
    }
    startKey = result.LastEvaluatedKey;
  } while (startKey);
  return moved;
}

async function moveOne(
  store: Store,
  duty: Duty,
  input: { from: string; to: string; move: DutyMove },
): Promise<boolean> {
  try {
    await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: dutyKey(duty.branchId, duty.id),
        UpdateExpression: moveUpdates[input.move],
        // Still open (in a queue) and still with the person it is taken from.
        ConditionExpression:
          'assignee = :from AND attribute_exists(gsi1pk) AND attribute_not_exists(completedAt)',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: {
          ':to': input.to,
          ':from': input.from,
          ':queue': personalQueue(duty.branchId, input.to),
          ':now': clock().now().toISOString(),
          ':one': 1,
        },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
