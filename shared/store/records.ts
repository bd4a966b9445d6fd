import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { Actor } from '../domain/access';
import { ConflictError, NotFoundError, ValidationError, VersionConflictError } from '../domain/errors';
import { nowIso } from '../ports/clock';
import type { LogEntry } from '../schemas/common';
import type { Store } from './client';

/**
 * Record writes shared by every entity module: each write is one transaction holding the record,
 * its uniqueness guards, the existence checks it depends on and its change-log entry, so a change
 * and its audit trail land together or not at all (R-ACC-5, R-ARC-4, R-X-4).
 */
export interface Key {
  pk: string;
  sk: string;
}

export type Item = Key & Record<string, unknown>;

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A uniqueness guard: an item whose key is the unique value (a plate, a phone, a login). */
export interface Guard {
  key: Key;
  /** What the guard points at; returned in the 409 when the value is taken. */
  owner: { kind: string; id: string; href: string };
  /** Field named in the 409, for example `plate`. */
  field: string;
  value: string;
}

/** A record that must exist for the write to make sense (for example the branch of a customer). */
export interface Precondition {
  key: Key;
  error: () => Error;
}

export interface Change {
  actor: Actor;
  action: string;
  subject: { kind: string; id: string };
  summary: string;
  changes: string[];
  /** Partition whose timeline gets the entry (a customer's for archive changes). */
  logPartition: string;
}

export function stampNew(actor: Actor, at = nowIso()) {
  return { version: 1, createdAt: at, createdBy: actor.staffId, updatedAt: at, updatedBy: actor.staffId };
}

export function logEntryItem(change: Change, at: string): Item {
  const entry: LogEntry = {
    at,
    by: change.actor.staffId,
    byName: change.actor.name,
    action: change.action,
    subject: change.subject,
    changes: change.changes,
    summary: change.summary,
  };
  return { pk: change.logPartition, sk: `LOG#${at}#${ulid()}`, type: 'log', ...entry };
}

function guardItem(guard: Guard, at: string): Item {
  return { ...guard.key, type: 'guard', owner: guard.owner, field: guard.field, value: guard.value, at };
}

/** Strips storage attributes (keys, type) before a record leaves the store. */
export function fromItem<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, type: _t, ...rest } = item;
  return rest as T;
}

async function transact(
  store: Store,
  items: TransactItem[],
  onCancel: (failed: number[]) => Promise<Error>,
): Promise<void> {
  try {
    await store.doc.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      const failed = (error.CancellationReasons ?? [])
        .map((r, i) => (r.Code === 'ConditionalCheckFailed' ? i : -1))
        .filter((i) => i >= 0);
      if (failed.length > 0) throw await onCancel(failed);
    }
    throw error;
  }
}

async function guardConflict(store: Store, guard: Guard): Promise<Error> {
  const existing = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: guard.key }));
  const owner = existing.Item?.owner as Guard['owner'] | undefined;
  return new ConflictError(
    `${guard.field} ${guard.value} is already on file${owner ? ` (${owner.kind} ${owner.id})` : ''}`,
    owner,
  );
}

export async function createRecord(
  store: Store,
  input: { item: Item; guards?: Guard[]; preconditions?: Precondition[]; change: Change },
): Promise<void> {
  const at = String(input.item.createdAt ?? nowIso());
  const guards = input.guards ?? [];
  const preconditions = input.preconditions ?? [];
  const items: TransactItem[] = [
    {
      Put: {
        TableName: store.tableName,
        Item: input.item,
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...guards.map(
      (g): TransactItem => ({
        Put: {
          TableName: store.tableName,
          Item: guardItem(g, at),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      }),
    ),
    ...preconditions.map(
      (p): TransactItem => ({
        ConditionCheck: {
          TableName: store.tableName,
          Key: p.key,
          ConditionExpression: 'attribute_exists(pk)',
        },
      }),
    ),
    { Put: { TableName: store.tableName, Item: logEntryItem(input.change, at) } },
  ];
  await transact(store, items, async (failed) => {
    const first = failed[0] ?? 0;
    if (first === 0)
      return new ConflictError(`${input.change.subject.kind} ${input.change.subject.id} exists`);
    const guard = guards[first - 1];
    if (guard) return guardConflict(store, guard);
    const precondition = preconditions[first - 1 - guards.length];
    return precondition ? precondition.error() : new ConflictError('The write was refused');
  });
}

export async function getRecord(store: Store, key: Key): Promise<Item | undefined> {
  const result = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: key }));
  return result.Item as Item | undefined;
}

export async function getRecordOr404(store: Store, key: Key, what: string): Promise<Item> {
  const item = await getRecord(store, key);
  if (!item) throw new NotFoundError(`${what} was not found`);
  return item;
}

/**
 * Writes `next` over `current` if nobody changed it since the caller read `expectedVersion`
 * (R-ACC-5). Guards are swapped in the same transaction (a new plate or phone is claimed, the
 * old one released). Returns the stored record.
 */
export async function updateRecord(
  store: Store,
  input: {
    current: Item;
    expectedVersion: number;
    next: Item;
    actor: Actor;
    addGuards?: Guard[];
    removeGuards?: Key[];
    preconditions?: Precondition[];
    change: Omit<Change, 'actor' | 'changes'> & { changes: string[] };
  },
): Promise<Item> {
  const currentVersion = Number(input.current.version);
  if (currentVersion !== input.expectedVersion) {
    throw new VersionConflictError(
      `You read version ${input.expectedVersion} but the record is at version ${currentVersion}; reload and retry`,
      currentVersion,
    );
  }
  const at = nowIso();
  const stored: Item = {
    ...input.next,
    pk: input.current.pk,
    sk: input.current.sk,
    version: currentVersion + 1,
    createdAt: input.current.createdAt,
    createdBy: input.current.createdBy,
    updatedAt: at,
    updatedBy: input.actor.staffId,
  };
  const addGuards = input.addGuards ?? [];
  const preconditions = input.preconditions ?? [];
  const items: TransactItem[] = [
    {
      Put: {
        TableName: store.tableName,
        Item: stored,
        ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':expected': currentVersion },
      },
    },
    ...addGuards.map(
      (g): TransactItem => ({
        Put: {
          TableName: store.tableName,
          Item: guardItem(g, at),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      }),
    ),
    ...(input.removeGuards ?? []).map(
      (key): TransactItem => ({ Delete: { TableName: store.tableName, Key: key } }),
    ),
    ...preconditions.map(
      (p): TransactItem => ({
        ConditionCheck: {
          TableName: store.tableName,
          Key: p.key,
          ConditionExpression: 'attribute_exists(pk)',
        },
      }),
    ),
    { Put: { TableName: store.tableName, Item: logEntryItem({ ...input.change, actor: input.actor }, at) } },
  ];
  await transact(store, items, async (failed) => {
    const first = failed[0] ?? 0;
    if (first === 0) {
      return new VersionConflictError(
        `The record changed after you read version ${input.expectedVersion}; reload and retry`,
      );
    }
    const guard = addGuards[first - 1];
    if (guard) return guardConflict(store, guard);
    const removeCount = input.removeGuards?.length ?? 0;
    const precondition = preconditions[first - 1 - addGuards.length - removeCount];
    return precondition ? precondition.error() : new ConflictError('The write was refused');
  });
  return stored;
}

/** Names of top-level fields whose values differ (for the change log). */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const skip = new Set([
    'pk',
    'sk',
    'gsi1pk',
    'gsi1sk',
    'type',
    'version',
    'createdAt',
    'createdBy',
    'updatedAt',
    'updatedBy',
  ]);
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names]
    .filter((n) => !skip.has(n))
    .filter((n) => JSON.stringify(before[n]) !== JSON.stringify(after[n]))
    .sort();
}

export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : undefined;
}

export function decodeCursor(
  cursor: string | undefined,
  partition: string,
): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    // A cursor only pages the query it came from: refuse one minted for another partition.
    if (key.pk !== partition && key.gsi1pk !== partition) throw new Error('foreign cursor');
    return key;
  } catch {
    throw new ValidationError([{ path: 'query.cursor', message: 'Not a cursor from the previous page' }]);
  }
}

/** One page of a Query (never a Scan). */
export async function queryPage(
  store: Store,
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey' | 'Limit'> & {
    partition: string;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<{ items: Item[]; nextCursor?: string }> {
  const { partition, limit, cursor, ...query } = input;
  const result = await store.doc.send(
    new QueryCommand({
      ...query,
      TableName: store.tableName,
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, partition),
    }),
  );
  const nextCursor = encodeCursor(result.LastEvaluatedKey);
  return { items: (result.Items ?? []) as Item[], ...(nextCursor ? { nextCursor } : {}) };
}
