import {
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
  type PutEventsResultEntry,
} from '@aws-sdk/client-eventbridge';
import {
  type EventPublisher,
  EventsNotPublishedError,
  eventSource,
  type PublishedEvent,
} from '../ports/events';

/**
 * Domain events to an Amazon EventBridge bus (issue 5 item 6). PutEvents takes at most 10 entries
 * and 256 KB per request, and answers 200 even when some entries failed (`FailedEntryCount`, an
 * `ErrorCode` per entry): only those entries are sent again, after a backoff, a bounded number of
 * times. Whatever is still unpublished then is named in an EventsNotPublishedError, so the stream
 * record it came from is delivered again; the events of that record that did get through are
 * published twice, with the same `detail.eventId`. A request that fails as a whole has already
 * been retried by the SDK (throttling, 5xx) and is not retried here.
 */
const maxEntriesPerRequest = 10;
/** 256 KB, as EventBridge counts it (its entry-size rules, below). */
export const maxRequestBytes = 256 * 1024;

export interface EventBridgePublisherOptions {
  eventBusName: string;
  client?: EventBridgeClient;
  /** Sends per entry, the first included (default 4). */
  maxAttempts?: number;
  /** First backoff; doubles on each retry, with jitter (default 100 ms). */
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source, [0, 1) (tests pin it). */
  random?: () => number;
}

let defaultClient: EventBridgeClient | undefined;

/** One EventBridge client per process (STYLE 5), created on first use. */
export function eventBridgeClient(): EventBridgeClient {
  defaultClient ??= new EventBridgeClient({ region: process.env.AWS_REGION ?? 'us-east-1' });
  return defaultClient;
}

function putEventsEntry(event: PublishedEvent, eventBusName: string): PutEventsRequestEntry {
  return {
    EventBusName: eventBusName,
    Source: eventSource,
    DetailType: event.detailType,
    Detail: JSON.stringify(event.detail),
    Time: new Date(event.time),
    // No Resources: they name AWS resources (ARNs), and an order or a letter is none.
  };
}

const utf8Bytes = (text: string | undefined) => (text === undefined ? 0 : Buffer.byteLength(text, 'utf8'));

/** The size EventBridge counts for an entry: Time 14 bytes, then the UTF-8 bytes of each text. */
export function entrySize(entry: PutEventsRequestEntry): number {
  return (
    (entry.Time ? 14 : 0) +
    utf8Bytes(entry.Source) +
    utf8Bytes(entry.DetailType) +
    utf8Bytes(entry.Detail) +
    (entry.Resources ?? []).reduce((sum, r) => sum + utf8Bytes(r), 0)
  );
}

/** Consecutive groups of at most 10 entries and 256 KB; throws on an entry that fits in none. */
export function batchesOf<T>(items: readonly T[], sizeOf: (item: T) => number): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (size > maxRequestBytes)
      throw new RangeError(`An event of ${size} bytes exceeds the 256 KB PutEvents limit`);
    if (current.length === maxEntriesPerRequest || bytes + size > maxRequestBytes) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

const failedEntry = (result: PutEventsResultEntry | undefined) =>
  !result?.EventId || result.ErrorCode !== undefined;

export function createEventBridgePublisher(options: EventBridgePublisherOptions): EventPublisher {
  const maxAttempts = options.maxAttempts ?? 4;
  const baseDelayMs = options.baseDelayMs ?? 100;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;

  /** Sends one batch until every entry is accepted; returns the events still refused, with why. */
  async function sendBatch(
    batch: { event: PublishedEvent; entry: PutEventsRequestEntry }[],
  ): Promise<{ refused: PublishedEvent[]; reason: string }> {
    const client = options.client ?? eventBridgeClient();
    let pending = batch;
    let reason = '';
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (attempt > 1) await sleep(baseDelayMs * 2 ** (attempt - 2) * (0.5 + random() / 2));
      const result = await client.send(new PutEventsCommand({ Entries: pending.map((p) => p.entry) }));
      if (!result.FailedEntryCount && pending.every((_, i) => !failedEntry(result.Entries?.[i]))) {
        return { refused: [], reason: '' };
      }
      const codes = new Set<string>();
      pending = pending.filter((_, i) => {
        const entry = result.Entries?.[i];
        if (failedEntry(entry)) codes.add(entry?.ErrorCode ?? 'NoEventId');
        return failedEntry(entry);
      });
      reason = `refused after ${attempt} attempt(s): ${[...codes].join(', ')}`;
    }
    return { refused: pending.map((p) => p.event), reason };
  }

  return {
    async publish(events) {
      const items = events.map((event) => ({ event, entry: putEventsEntry(event, options.eventBusName) }));
      let batches: (typeof items)[];
      try {
        batches = batchesOf(items, (item) => entrySize(item.entry));
      } catch (error) {
        throw new EventsNotPublishedError(
          events.map((e) => e.id),
          String(error),
          { cause: error },
        );
      }
      for (const [index, batch] of batches.entries()) {
        // Stop at the first batch that does not get through: the record it came from is delivered
        // again with every record after it, so publishing later batches now only adds duplicates.
        const later = batches.slice(index + 1).flatMap((b) => b.map((item) => item.event.id));
        let outcome: { refused: PublishedEvent[]; reason: string };
        try {
          outcome = await sendBatch(batch);
        } catch (error) {
          throw new EventsNotPublishedError(
            [...batch.map((item) => item.event.id), ...later],
            `PutEvents failed: ${String(error)}`,
            { cause: error },
          );
        }
        if (outcome.refused.length > 0) {
          throw new EventsNotPublishedError([...outcome.refused.map((e) => e.id), ...later], outcome.reason);
        }
      }
    },
  };
}
