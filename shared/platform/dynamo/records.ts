import { type AttributeValue, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { ulid } from 'ulid';
import type { Actor } from '../../kernel/access';
import {
  ConflictError,
  IdempotencyKeyReusedError,
  IdempotentReplay,
  NotFoundError,
  ValidationError,
  VersionConflictError,
} from '../../kernel/errors';
import type { LogEntry } from '../../kernel/schemas';
import { nowIso } from '../ports/clock';
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
  /** What must hold of the item besides existing (a ConditionExpression ANDed to it). */
  condition?: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> };
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
  const {
    pk: _pk,
    sk: _sk,
    gsi1pk: _g1,
    gsi1sk: _g2,
    gsi2pk: _g3,
    gsi2sk: _g4,
    gsi3pk: _g5,
    gsi3sk: _g6,
    gsi4pk: _g7,
    gsi4sk: _g8,
    type: _t,
    ...rest
  } = item;
  return rest as T;
}

/**
 * One transaction item and the error to raise when its condition is what cancelled the write; it
 * receives the item as stored when the condition failed (none if there was no item).
 */
export interface Step {
  item: TransactItem;
  onConditionFailed?: (stored?: Record<string, unknown>) => Promise<Error> | Error;
}

export interface Condition {
  expression: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
  onConditionFailed: NonNullable<Step['onConditionFailed']>;
}

export function putStep(store: Store, item: Item, condition?: Condition): Step {
  if (!condition) return { item: { Put: { TableName: store.tableName, Item: item } } };
  return {
    item: {
      Put: {
        TableName: store.tableName,
        Item: item,
        ConditionExpression: condition.expression,
        ...(condition.names ? { ExpressionAttributeNames: condition.names } : {}),
        ...(condition.values ? { ExpressionAttributeValues: condition.values } : {}),
      },
    },
    onConditionFailed: condition.onConditionFailed,
  };
}

export function deleteStep(store: Store, key: Key): Step {
  return { item: { Delete: { TableName: store.tableName, Key: key } } };
}

export function mustExistStep(store: Store, precondition: Precondition): Step {
  const extra = precondition.condition;
  return {
    item: {
      ConditionCheck: {
        TableName: store.tableName,
        Key: precondition.key,
        ConditionExpression: extra
          ? `attribute_exists(pk) AND (${extra.expression})`
          : 'attribute_exists(pk)',
        ...(extra?.names ? { ExpressionAttributeNames: extra.names } : {}),
        ...(extra?.values ? { ExpressionAttributeValues: extra.values } : {}),
      },
    },
    onConditionFailed: precondition.error,
  };
}

/**
 * Runs the steps as one transaction (at most 100 items); a failed condition becomes the error of
 * the first failing step, so the idempotency step goes first and a replay wins over a guard.
 */
export async function transact(store: Store, steps: Step[]): Promise<void> {
  const items = steps.map((s) => returningStoredOnFailure(s.item));
  for (let attempt = 1; ; attempt++) {
    try {
      await store.doc.send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const index = steps.findIndex((_, i) => reasons[i]?.Code === 'ConditionalCheckFailed');
      const failed = steps[index];
      if (failed?.onConditionFailed) {
        const raw = reasons[index]?.Item;
        throw withCurrentVersion(await failed.onConditionFailed(raw ? unmarshall(raw) : undefined), raw);
      }
      // Two transactions on the same item at once: DynamoDB cancels one with TransactionConflict.
      // Retrying is safe (the conditions decide again) and turns a race into a clean answer.
      const conflict = reasons.some((r) => r.Code === 'TransactionConflict');
      if (!conflict || attempt >= transactionAttempts) throw error;
      await new Promise((r) => setTimeout(r, 20 * 2 ** attempt * Math.random()));
    }
  }
}

const transactionAttempts = 4;

/**
 * Asks DynamoDB to return the stored item when a conditioned item fails (ALL_OLD): the conflict
 * can then tell what is on file without another read (no extra cost, same request).
 */
function returningStoredOnFailure(item: TransactItem): TransactItem {
  const withOld = <T extends { ConditionExpression?: string | undefined }>(part: T): T =>
    part.ConditionExpression ? { ReturnValuesOnConditionCheckFailure: 'ALL_OLD', ...part } : part;
  if (item.Put) return { ...item, Put: withOld(item.Put) };
  if (item.Update) return { ...item, Update: withOld(item.Update) };
  if (item.Delete) return { ...item, Delete: withOld(item.Delete) };
  if (item.ConditionCheck) return { ...item, ConditionCheck: withOld(item.ConditionCheck) };
  return item;
}

/**
 * A version conflict lost inside a transaction says which version is stored (R-ACC-5,
 * docs/api.md: every version conflict carries `currentVersion`), from the item the failed
 * condition returned, whoever raised the conflict.
 */
function withCurrentVersion(error: Error, stored: Record<string, AttributeValue> | undefined): Error {
  if (!(error instanceof VersionConflictError) || error.extensions.currentVersion !== undefined) return error;
  const version = stored?.version?.N;
  return version === undefined ? error : new VersionConflictError(error.message, Number(version));
}

/**
 * Idempotency of creates (ARCHITECTURE: POSTs that create accept an `Idempotency-Key`). The key's
 * item is written in the create's own transaction with the answer, so a retry can never create
 * twice: the same key and request replay the stored answer; the same key with another request is
 * 422. Keys expire after a day (TTL attribute `expiresAt`).
 */
export interface Idempotency {
  /** The client's `Idempotency-Key`. */
  key: string;
  /** The branch of the route's path; none on chain routes. */
  branchId?: string | undefined;
  /** Hash of the route, the path and the parsed body. */
  fingerprint: string;
}

/** The key's item: `BR#<b>#IDEM#<key>` / `IDEMPOTENCY` on branch routes, `IDEM#<key>` otherwise. */
export const idempotencyItemKey = (idempotency: Pick<Idempotency, 'key' | 'branchId'>): Key => ({
  pk: `${idempotency.branchId ? `BR#${idempotency.branchId}#` : ''}IDEM#${idempotency.key}`,
  sk: 'IDEMPOTENCY',
});

const idempotencyTtlSeconds = 24 * 3600;

export function idempotencyStep(store: Store, idempotency: Idempotency, response: unknown, at: string): Step {
  const key = idempotencyItemKey(idempotency);
  return {
    ...putStep(
      store,
      {
        ...key,
        type: 'idempotency',
        fingerprint: idempotency.fingerprint,
        response,
        at,
        expiresAt: Math.floor(Date.parse(at) / 1000) + idempotencyTtlSeconds,
      },
      {
        expression: 'attribute_not_exists(pk)',
        onConditionFailed: async () => {
          // Written by the request this one retries, maybe a moment ago.
          const stored = await getConsistentRecord(store, key);
          if (stored?.fingerprint === idempotency.fingerprint) return new IdempotentReplay(stored.response);
          return new IdempotencyKeyReusedError(
            'This Idempotency-Key was already used for a different request; use a new key for a new request',
          );
        },
      },
    ),
  };
}

/** The 409 of a taken unique value, naming its owner from the guard the failed condition returned. */
function guardConflict(guard: Guard, stored: Record<string, unknown> | undefined): Error {
  const owner = stored?.owner as Guard['owner'] | undefined;
  return new ConflictError(
    `${guard.field} ${guard.value} is already on file${owner ? ` (${owner.kind} ${owner.id})` : ''}`,
    owner,
  );
}

export async function createRecord(
  store: Store,
  input: {
    item: Item;
    guards?: Guard[];
    preconditions?: Precondition[];
    change: Change;
    idempotency?: Idempotency | undefined;
    /** Further writes that belong to the creation (the duties it raises), in the same transaction. */
    steps?: Step[];
  },
): Promise<void> {
  const at = String(input.item.createdAt ?? nowIso());
  const subject = input.change.subject;
  await transact(store, [
    ...(input.idempotency ? [idempotencyStep(store, input.idempotency, fromItem(input.item), at)] : []),
    putStep(store, input.item, {
      expression: 'attribute_not_exists(pk)',
      onConditionFailed: () => new ConflictError(`${subject.kind} ${subject.id} exists`),
    }),
    ...(input.guards ?? []).map((g) => guardStep(store, g, at)),
    ...(input.preconditions ?? []).map((p) => mustExistStep(store, p)),
    ...(input.steps ?? []),
    putStep(store, logEntryItem(input.change, at)),
  ]);
}

export function guardStep(store: Store, guard: Guard, at: string): Step {
  return putStep(store, guardItem(guard, at), {
    expression: 'attribute_not_exists(pk)',
    onConditionFailed: (stored) => guardConflict(guard, stored),
  });
}

export async function getRecord(store: Store, key: Key): Promise<Item | undefined> {
  const result = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: key }));
  return result.Item as Item | undefined;
}

/** A strongly consistent read: right after a write (a guard, an idempotency key) it sees it. */
export async function getConsistentRecord(store: Store, key: Key): Promise<Item | undefined> {
  const result = await store.doc.send(
    new GetCommand({ TableName: store.tableName, Key: key, ConsistentRead: true }),
  );
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
    /** Further writes that belong to the change (a duty it raises), in the same transaction. */
    steps?: Step[];
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
  await transact(store, [
    putStep(store, stored, {
      expression: 'attribute_exists(pk) AND #version = :expected',
      names: { '#version': 'version' },
      values: { ':expected': currentVersion },
      onConditionFailed: () =>
        new VersionConflictError(
          `The record changed after you read version ${input.expectedVersion}; reload and retry`,
        ),
    }),
    ...(input.addGuards ?? []).map((g) => guardStep(store, g, at)),
    ...(input.removeGuards ?? []).map((key) => deleteStep(store, key)),
    ...(input.preconditions ?? []).map((p) => mustExistStep(store, p)),
    ...(input.steps ?? []),
    putStep(store, logEntryItem({ ...input.change, actor: input.actor }, at)),
  ]);
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

/** The attributes a page cursor (a LastEvaluatedKey) may hold: the table's and indexes' keys. */
const cursorKeyNames = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk']);

/** The 400 of a cursor this API did not hand out for this query. */
export const cursorRefused = () =>
  new ValidationError([{ path: 'query.cursor', message: 'Not a cursor from the previous page' }]);

/**
 * The key in a page cursor, refused (400) unless it looks like one this API gave for `belongs`:
 * only key attributes, all text, the table's own key among them.
 */
export function decodeCursorKey(
  cursor: string | undefined,
  belongs: (key: Record<string, unknown>) => boolean,
): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  let key: Record<string, unknown>;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw cursorRefused();
  }
  const shaped =
    typeof key === 'object' &&
    key !== null &&
    typeof key.pk === 'string' &&
    typeof key.sk === 'string' &&
    Object.entries(key).every(([name, value]) => cursorKeyNames.has(name) && typeof value === 'string');
  if (!shaped || !belongs(key)) throw cursorRefused();
  return key;
}

function decodeCursor(cursor: string | undefined, partition: string): Record<string, unknown> | undefined {
  // A cursor only pages the query it came from: refuse one minted for another partition.
  return decodeCursorKey(
    cursor,
    (key) => key.pk === partition || key.gsi1pk === partition || key.gsi2pk === partition,
  );
}

/**
 * DynamoDB's own refusal of a start key (outside the query's range, or not of its index): the
 * client's cursor does not fit the query it came with, a 400, not a 500.
 */
export function isStartKeyRefusal(error: unknown): boolean {
  return (
    error instanceof Error && error.name === 'ValidationException' && /start(ing)? ?key/i.test(error.message)
  );
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
  const result = await store.doc
    .send(
      new QueryCommand({
        ...query,
        TableName: store.tableName,
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor, partition),
      }),
    )
    .catch((error: unknown) => {
      throw cursor && isStartKeyRefusal(error) ? cursorRefused() : error;
    });
  const nextCursor = encodeCursor(result.LastEvaluatedKey);
  return { items: (result.Items ?? []) as Item[], ...(nextCursor ? { nextCursor } : {}) };
}

/**
 * Every item a query answers, page after page (100 a page): for partitions that stay small (a
 * branch's staff, its team counters, a person's absences), never for a register.
 */
export async function queryAll(
  store: Store,
  input: Omit<Parameters<typeof queryPage>[1], 'limit' | 'cursor'>,
): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryPage(store, { ...input, limit: 100, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/**
 * A ConditionCheck in a transaction: the write goes through only if `expression` holds for the
 * item at `key` (a vehicle belongs to the customer, a visit is still open). No read, no extra
 * request; the condition and the write are atomic.
 */
export function conditionStep(
  store: Store,
  key: Key,
  condition: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> },
  error: () => Error,
): Step {
  return {
    item: {
      ConditionCheck: {
        TableName: store.tableName,
        Key: key,
        ConditionExpression: condition.expression,
        ...(condition.names ? { ExpressionAttributeNames: condition.names } : {}),
        ...(condition.values ? { ExpressionAttributeValues: condition.values } : {}),
      },
    },
    onConditionFailed: error,
  };
}

/**
 * Several items in one request (BatchGetItem, strongly consistent); one GetItem for one key.
 * Answers in the order of `keys`, `undefined` where nothing is stored.
 */
export async function getMany(store: Store, keys: Key[]): Promise<(Item | undefined)[]> {
  if (keys.length === 1 && keys[0]) {
    const result = await store.doc.send(
      new GetCommand({ TableName: store.tableName, Key: keys[0], ConsistentRead: true }),
    );
    return [result.Item as Item | undefined];
  }
  const found: Item[] = [];
  let pending: Key[] = keys;
  for (let attempt = 1; pending.length > 0; attempt++) {
    const result = await store.doc.send(
      new BatchGetCommand({
        RequestItems: { [store.tableName]: { Keys: pending, ConsistentRead: true } },
      }),
    );
    found.push(...((result.Responses?.[store.tableName] ?? []) as Item[]));
    pending = (result.UnprocessedKeys?.[store.tableName]?.Keys ?? []) as Key[];
    if (pending.length > 0 && attempt >= 5)
      throw new Error('BatchGetItem left keys unprocessed after 5 attempts');
    if (pending.length > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt * Math.random()));
  }
  return keys.map((k) => found.find((i) => i.pk === k.pk && i.sk === k.sk));
}
