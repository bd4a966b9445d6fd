import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { ChangeRecord } from '../../shared/platform/dynamo/stream';
import { logger } from '../../shared/platform/logger';
import { localClient, localCredentials } from './dynamo';

/**
 * The local stand-in for the Lambda event source mapping on the table's stream (ARCHITECTURE
 * "Local runtime"): it reads every shard of DynamoDB Local's stream from the start and hands
 * the records, in order, to `handle` (the metrics aggregator, the domain-event publisher). A
 * record `handle` reports as failed is read again on the next poll, with the ones after it, as
 * Lambda would retry a batch from its first failed item.
 */
export interface StreamHandler {
  name: string;
  handle: (records: ChangeRecord[]) => Promise<{ failedId?: string | undefined }>;
}

export interface StreamPoller {
  /** Polls until a whole pass finds nothing new: everything written so far has been handled. */
  drain: () => Promise<void>;
  /** Reads every shard again from its oldest record (a replay; handlers must be idempotent). */
  replay: () => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * The Streams client reads an empty map attribute (`{"M": {}}`, a duty's empty payload) as `{}`,
 * which `unmarshall` refuses; this puts the `M` back, at any depth.
 */
function repaired(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  const attribute = value as Record<string, unknown>;
  if (Object.keys(attribute).length === 0) return { M: {} };
  if (attribute.M && typeof attribute.M === 'object') {
    return { M: Object.fromEntries(Object.entries(attribute.M).map(([k, v]) => [k, repaired(v)])) };
  }
  if (Array.isArray(attribute.L)) return { L: attribute.L.map(repaired) };
  return attribute;
}

function image(attributes: Record<string, unknown> | undefined) {
  if (!attributes) return undefined;
  return unmarshall(
    Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, repaired(v)])) as never,
  );
}

/** A stream record as the handlers see it (the shape the Lambda handler builds too). */
function changeRecordOf(record: _Record): ChangeRecord {
  const images = record.dynamodb;
  return {
    id: record.eventID ?? images?.SequenceNumber ?? '',
    before: image(images?.OldImage),
    after: image(images?.NewImage),
  };
}

interface ShardState {
  iterator?: string | undefined;
  /** Sequence number of the last record every handler took. */
  done?: string | undefined;
  closed: boolean;
}

export function startStreamPoller(options: {
  endpoint: string;
  tableName: string;
  handlers: StreamHandler[];
  /** Real milliseconds between polls; 0 polls only on `drain`. */
  everyMs: number;
}): StreamPoller {
  const streams = new DynamoDBStreamsClient({
    endpoint: options.endpoint,
    region: 'us-east-1',
    credentials: localCredentials,
  });
  let streamArn: string | undefined;
  const shards = new Map<string, ShardState>();
  /** Failed deliveries per record id; after `maxTries` the record is given up. */
  const failures = new Map<string, number>();
  const maxTries = 5;
  let running: Promise<number> = Promise.resolve(0);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  async function discover(): Promise<void> {
    if (!streamArn) {
      const table = await localClient(options.endpoint).send(
        new DescribeTableCommand({ TableName: options.tableName }),
      );
      streamArn = table.Table?.LatestStreamArn;
      if (!streamArn) throw new Error(`Table ${options.tableName} has no stream`);
    }
    const described = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of described.StreamDescription?.Shards ?? []) {
      if (shard.ShardId && !shards.has(shard.ShardId)) shards.set(shard.ShardId, { closed: false });
    }
  }

  async function iteratorOf(shardId: string, state: ShardState): Promise<string | undefined> {
    if (state.iterator) return state.iterator;
    const got = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ...(state.done
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: state.done }
          : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    return got.ShardIterator;
  }

  /** One pass over every open shard; returns how many records it handled. */
  async function poll(): Promise<number> {
    await discover();
    let handled = 0;
    for (const [shardId, state] of shards) {
      if (state.closed) continue;
      const iterator = await iteratorOf(shardId, state);
      if (!iterator) {
        state.closed = true;
        continue;
      }
      const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      const records = page.Records ?? [];
      const changes = records.map(changeRecordOf);
      let failedAt = changes.length;
      for (const handler of options.handlers) {
        const { failedId } = await handler.handle(changes);
        if (failedId !== undefined) {
          failedAt = Math.min(
            failedAt,
            changes.findIndex((c) => c.id === failedId),
          );
          logger.warn(`stream: ${handler.name} failed on a record; it is read again`, { failedId });
        }
      }
      const failed = changes[failedAt];
      if (failed) {
        // Like the Lambda mapping's bounded retries and on-failure queue: a record that keeps
        // failing is given up (logged) rather than holding back every record after it.
        const tries = (failures.get(failed.id) ?? 0) + 1;
        failures.set(failed.id, tries);
        if (tries >= maxTries) {
          logger.error('stream: record given up after repeated failures', { recordId: failed.id, tries });
          failures.delete(failed.id);
          failedAt += 1;
        }
      }
      const last = records[failedAt - 1]?.dynamodb?.SequenceNumber;
      if (last) state.done = last;
      handled += failedAt;
      if (failedAt < changes.length) {
        // Read again from the failed record next time (every handler sees it again; they are idempotent).
        state.iterator = undefined;
      } else {
        state.iterator = page.NextShardIterator;
        if (!page.NextShardIterator) state.closed = true;
      }
    }
    return handled;
  }

  const once = () => {
    running = running.then(poll).catch((error: unknown) => {
      logger.warn('stream poll failed', { error: String(error) });
      return 0;
    });
    return running;
  };

  const schedule = () => {
    if (stopped || options.everyMs <= 0) return;
    timer = setTimeout(() => {
      void once().finally(schedule);
    }, options.everyMs);
    timer.unref();
  };
  schedule();

  return {
    drain: async () => {
      // Two empty passes in a row: DynamoDB Local may publish a record a moment after the write.
      let empty = 0;
      while (empty < 2) empty = (await once()) === 0 ? empty + 1 : 0;
    },
    replay: async () => {
      await running;
      for (const state of shards.values()) {
        state.iterator = undefined;
        state.done = undefined;
        state.closed = false;
      }
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
      streams.destroy();
    },
  };
}
