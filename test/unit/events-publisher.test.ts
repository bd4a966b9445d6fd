import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { publishChanges } from '../../shared/events/actions';
import type { DomainEvent } from '../../shared/events/schemas';
import { createEventLog } from '../../shared/platform/adapters/event-log';
import type { ChangeRecord } from '../../shared/platform/dynamo/stream';
import { batchResponse, streamChanges } from '../../shared/platform/dynamo/stream';
import {
  type EventPublisher,
  EventsNotPublishedError,
  setEventPublisher,
} from '../../shared/platform/ports/events';

/**
 * Issue 5 item 6: the stream handler that turns a batch of changes into domain events, its
 * answer to the stream (the first failed record, like the metrics aggregator), the local event
 * log, and the Lambda entry on a DynamoDB stream event.
 */
type Image = Record<string, unknown>;

const order = (n: number, extra: Image = {}): Image => ({
  type: 'order',
  id: `order-${n}`,
  branchId: n % 2 === 0 ? 'SZ' : 'GZ',
  customerId: `customer-${n}`,
  vehicleId: `vehicle-${n}`,
  customerName: '李小姐',
  currency: 'CNY',
  promisedAt: '2026-11-29T08:00:00.000Z',
  totals: { total: 100_000 },
  addOns: [],
  ...extra,
});

/** Record `n`: order n became ready (one event). */
const readyRecord = (n: number): ChangeRecord => ({
  id: `record-${n}`,
  before: order(n),
  after: order(n, { readyAt: `2026-11-29T07:0${n}:00.000Z` }),
});

/** Record `n`: nothing to publish (a log entry). */
const quietRecord = (n: number): ChangeRecord => ({
  id: `record-${n}`,
  after: { type: 'log', action: 'order.updated' },
});

/** A publisher that refuses the events of some records and takes the rest into `log`. */
function refusing(recordIds: string[], log = createEventLog()): EventPublisher & { calls: number } {
  const publisher = {
    calls: 0,
    async publish(events: readonly DomainEvent[]) {
      publisher.calls++;
      const refused = events.filter((e) => recordIds.some((id) => e.id.startsWith(`${id}#`)));
      await log.publish(events.filter((e) => !refused.includes(e)));
      if (refused.length > 0)
        throw new EventsNotPublishedError(
          refused.map((e) => e.id),
          'refused',
        );
    },
  };
  return publisher;
}

describe('publishing a batch of changes (issue 5 item 6)', () => {
  it('publishes the events of the batch in one call and reports no failure', async () => {
    const log = createEventLog();
    const publisher = refusing([], log);

    const report = await publishChanges([readyRecord(1), quietRecord(2), readyRecord(3)], publisher);

    expect(report).toEqual({ quiet: 1, published: 2, unreadable: 0 });
    expect(publisher.calls).toBe(1);
    expect(
      log
        .list()
        .map((e) => e.id)
        .reverse(),
    ).toEqual(['record-1#OrderReady', 'record-3#OrderReady']);
  });

  it('calls no publisher for a batch that means no event', async () => {
    const publisher = refusing([]);
    expect(await publishChanges([quietRecord(1), quietRecord(2)], publisher)).toEqual({
      quiet: 2,
      published: 0,
      unreadable: 0,
    });
    expect(publisher.calls).toBe(0);
  });

  it.each([
    ['the first record', ['record-1'], 'record-1'],
    ['a record in the middle', ['record-3'], 'record-3'],
    ['two records: the earlier one', ['record-4', 'record-3'], 'record-3'],
  ])('names %s whose events were refused as failed', async (_, refused, failedId) => {
    const records = [readyRecord(1), quietRecord(2), readyRecord(3), readyRecord(4)];

    const report = await publishChanges(records, refusing(refused));

    expect(report.failedId).toBe(failedId);
  });

  it('names the first record with events when the publisher fails without naming events', async () => {
    const broken: EventPublisher = {
      publish: async () => {
        throw new Error('network down');
      },
    };
    const report = await publishChanges([quietRecord(1), readyRecord(2), readyRecord(3)], broken);
    expect(report).toMatchObject({ failedId: 'record-2', published: 0 });
  });

  it('passes over a record it cannot read (a retry reads the same) and publishes the others', async () => {
    const log = createEventLog();
    const unreadable: ChangeRecord = {
      id: 'record-2',
      before: order(2),
      after: order(2, { readyAt: 'soon' }),
    };

    const report = await publishChanges([readyRecord(1), unreadable, readyRecord(3)], refusing([], log));

    expect(report).toEqual({ quiet: 0, published: 2, unreadable: 1 });
    expect(log.list()).toHaveLength(2);
  });

  it('publishes each event once to the log when a failed batch is delivered again from the failed record', async () => {
    const log = createEventLog();
    const records = [readyRecord(1), readyRecord(2), readyRecord(3)];

    const first = await publishChanges(records, refusing(['record-2'], log));
    const from = records.findIndex((r) => r.id === first.failedId);
    const second = await publishChanges(records.slice(from), refusing([], log));

    expect(first.failedId).toBe('record-2');
    expect(second.failedId).toBeUndefined();
    expect(
      log
        .list()
        .map((e) => e.id)
        .sort(),
    ).toEqual(['record-1#OrderReady', 'record-2#OrderReady', 'record-3#OrderReady']);
  });

  it('uses the publisher the process was given', async () => {
    const log = createEventLog();
    setEventPublisher(log);
    await publishChanges([readyRecord(1)]);
    expect(log.list()).toHaveLength(1);
  });
});

describe('the local event log', () => {
  it('keeps each event id once, however often it is published (a replayed stream)', async () => {
    const log = createEventLog();
    await publishChanges([readyRecord(1), readyRecord(2)], log);
    await publishChanges([readyRecord(1), readyRecord(2)], log);
    expect(log.list()).toHaveLength(2);
  });

  it('lists newest first, by detail type and by branch, with the source and when it was published', async () => {
    const lines: string[] = [];
    const log = createEventLog({ print: (line) => lines.push(line) });
    await publishChanges(
      [
        readyRecord(1),
        readyRecord(2),
        {
          id: 'record-9',
          before: order(9, { readyAt: '2026-11-29T07:00:00.000Z' }),
          after: order(9, {
            readyAt: '2026-11-29T07:00:00.000Z',
            confirmation: { at: '2026-11-28T01:00:00.000Z' },
          }),
        },
      ],
      log,
    );

    expect(log.list().map((e) => e.id)).toEqual([
      'record-9#OrderConfirmed',
      'record-2#OrderReady',
      'record-1#OrderReady',
    ]);
    expect(log.list({ detailType: 'OrderReady' }).map((e) => e.id)).toEqual([
      'record-2#OrderReady',
      'record-1#OrderReady',
    ]);
    expect(log.list({ branchId: 'SZ' }).map((e) => e.id)).toEqual(['record-2#OrderReady']);
    expect(log.list()[0]).toMatchObject({ source: 'auto-repair', publishedAt: expect.any(String) });
    expect(lines).toEqual([
      '[EVENT] OrderReady GZ 2026-11-29T07:01:00.000Z record-1#OrderReady',
      '[EVENT] OrderReady SZ 2026-11-29T07:02:00.000Z record-2#OrderReady',
      '[EVENT] OrderConfirmed GZ 2026-11-28T01:00:00.000Z record-9#OrderConfirmed',
    ]);
  });
});

describe('the Lambda on the table stream (functions/events/publish.ts)', () => {
  const eventBridge = mockClient(EventBridgeClient);
  let handler: (event: DynamoDBStreamEvent) => Promise<unknown>;

  const streamRecord = (n: number, before: Image, after: Image): DynamoDBRecord => ({
    eventID: `record-${n}`,
    eventName: 'MODIFY',
    dynamodb: {
      SequenceNumber: `${1000 + n}`,
      OldImage: marshall(before) as never,
      NewImage: marshall(after) as never,
    },
  });

  beforeAll(async () => {
    process.env.EVENT_BUS_NAME = 'bus-from-env';
    ({ handler } = await import('../../functions/events/publish'));
  });

  it('publishes to the bus named by EVENT_BUS_NAME and reports no failure', async () => {
    eventBridge.reset();
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'eb-1' }] });

    const answer = await handler({
      Records: [streamRecord(1, order(1), order(1, { readyAt: '2026-11-29T07:00:00.000Z' }))],
    });

    expect(answer).toEqual({ batchItemFailures: [] });
    const entry = eventBridge.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0];
    expect(entry).toMatchObject({
      EventBusName: 'bus-from-env',
      Source: 'auto-repair',
      DetailType: 'OrderReady',
    });
    expect(JSON.parse(entry?.Detail ?? '{}')).toMatchObject({
      eventId: 'record-1#OrderReady',
      orderId: 'order-1',
    });
  });

  it('names the first record whose events stayed unpublished by its sequence number', async () => {
    eventBridge.reset();
    // Order 2's entry is refused on every send; order 1's is accepted.
    eventBridge.on(PutEventsCommand).callsFake((input: { Entries: { Detail: string }[] }) => ({
      FailedEntryCount: input.Entries.filter((e) => e.Detail.includes('order-2')).length,
      Entries: input.Entries.map((e) =>
        e.Detail.includes('order-2') ? { ErrorCode: 'InternalFailure' } : { EventId: 'eb-1' },
      ),
    }));

    const answer = await handler({
      Records: [
        streamRecord(1, order(1), order(1, { readyAt: '2026-11-29T07:00:00.000Z' })),
        streamRecord(2, order(2), order(2, { readyAt: '2026-11-29T07:00:00.000Z' })),
      ],
    });

    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: '1002' }] });
  }, 10_000);
});

describe('stream batches', () => {
  it('reads a removed item as a change with no new image, keyed by eventID', () => {
    const [change] = streamChanges({
      Records: [
        { eventID: 'e1', dynamodb: { SequenceNumber: '7', OldImage: marshall({ type: 'guard' }) as never } },
      ],
    });
    expect(change).toEqual({ id: 'e1', sequence: '7', before: { type: 'guard' }, after: undefined });
  });

  it('answers an empty failure list when nothing failed, and the sequence number of the failed record', () => {
    const changes = [
      { id: 'a', sequence: '1' },
      { id: 'b', sequence: '2' },
    ];
    expect(batchResponse(changes, undefined)).toEqual({ batchItemFailures: [] });
    expect(batchResponse(changes, 'b')).toEqual({ batchItemFailures: [{ itemIdentifier: '2' }] });
  });
});
