import { EventBridgeClient, PutEventsCommand, type PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../shared/events/schemas';
import {
  batchesOf,
  createEventBridgePublisher,
  entrySize,
  eventBridgeClient,
  maxRequestBytes,
} from '../../shared/platform/adapters/eventbridge-events';
import { EventsNotPublishedError } from '../../shared/platform/ports/events';
import { testNow } from '../support/clock';

/**
 * Issue 5 item 6: the EventBridge adapter of the events port. PutEvents takes 10 entries and
 * 256 KB a request and reports failures per entry; only failed entries are sent again, with
 * backoff, a bounded number of times.
 */
const busName = 'auto-repair-events';

const ready = (n: number): Extract<DomainEvent, { detailType: 'OrderReady' }> => ({
  id: `record-${n}#OrderReady`,
  detailType: 'OrderReady',
  time: '2026-11-29T07:45:00.000Z',
  detail: {
    eventId: `record-${n}#OrderReady`,
    branchId: 'SZ',
    orderId: `order-${n}`,
    promisedAt: '2026-11-29T08:00:00.000Z',
    onTime: true,
  },
});

const accepted = (count: number): PutEventsResultEntry[] =>
  Array.from({ length: count }, (_, i) => ({ EventId: `eb-${i}` }));

describe('EventBridge adapter (issue 5 item 6)', () => {
  const eventBridge = mockClient(EventBridgeClient);
  let delays: number[];
  const publisher = (options: { maxAttempts?: number } = {}) =>
    createEventBridgePublisher({
      eventBusName: busName,
      client: new EventBridgeClient({}),
      sleep: async (ms) => {
        delays.push(ms);
      },
      random: () => 1,
      ...options,
    });

  beforeEach(() => {
    eventBridge.reset();
    delays = [];
    eventBridge.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({
      FailedEntryCount: 0,
      Entries: accepted(input.Entries.length),
    }));
  });

  it('puts one entry per event on the bus: source auto-repair, detail type, JSON detail, business time', async () => {
    await publisher().publish([ready(1)]);

    const calls = eventBridge.commandCalls(PutEventsCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      Entries: [
        {
          EventBusName: busName,
          Source: 'auto-repair',
          DetailType: 'OrderReady',
          Detail: JSON.stringify({
            eventId: 'record-1#OrderReady',
            branchId: 'SZ',
            orderId: 'order-1',
            promisedAt: '2026-11-29T08:00:00.000Z',
            onTime: true,
          }),
          Time: new Date('2026-11-29T07:45:00.000Z'),
        },
      ],
    });
  });

  it('sends 25 events as requests of 10, 10 and 5 entries, in order', async () => {
    const events = Array.from({ length: 25 }, (_, i) => ready(i));

    await publisher().publish(events);

    const sent = eventBridge.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries ?? []);
    expect(sent.map((entries) => entries.length)).toEqual([10, 10, 5]);
    expect(sent.flat().map((e) => JSON.parse(e.Detail ?? '{}').orderId)).toEqual(
      events.map((e) => e.detail.orderId),
    );
  });

  it('sends nothing for no events', async () => {
    await publisher().publish([]);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it('sends again only the entries that failed, after a doubling backoff, until all are accepted', async () => {
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({
        FailedEntryCount: 2,
        Entries: [
          { EventId: 'eb-1' },
          { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' },
          { ErrorCode: 'InternalFailure', ErrorMessage: 'Try again' },
        ],
      })
      .resolvesOnce({
        FailedEntryCount: 1,
        Entries: [{ ErrorCode: 'ThrottlingException' }, { EventId: 'eb-3' }],
      })
      .resolvesOnce({ FailedEntryCount: 0, Entries: [{ EventId: 'eb-2' }] });

    await publisher().publish([ready(1), ready(2), ready(3)]);

    const sent = eventBridge
      .commandCalls(PutEventsCommand)
      .map((c) => (c.args[0].input.Entries ?? []).map((e) => JSON.parse(e.Detail ?? '{}').orderId));
    expect(sent).toEqual([['order-1', 'order-2', 'order-3'], ['order-2', 'order-3'], ['order-2']]);
    expect(delays).toEqual([100, 200]);
  });

  it('gives up after 4 sends and names the events still refused and those of later batches', async () => {
    const events = Array.from({ length: 12 }, (_, i) => ready(i));
    eventBridge.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'ThrottlingException' }, ...accepted(input.Entries.length - 1)],
    }));

    const published = publisher().publish(events);

    await expect(published).rejects.toBeInstanceOf(EventsNotPublishedError);
    const error = (await published.catch((e: unknown) => e)) as EventsNotPublishedError;
    expect(error.eventIds).toEqual([events[0]?.id, events[10]?.id, events[11]?.id]);
    expect(error.message).toMatch(/ThrottlingException/);
    // The first batch used its 4 sends; the second was not sent: its record is delivered again anyway.
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(4);
    expect(delays).toEqual([100, 200, 400]);
  });

  it('counts an entry without an EventId as failed even when FailedEntryCount says 0', async () => {
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 0, Entries: [{ EventId: 'eb-1' }, {}] })
      .resolvesOnce({ FailedEntryCount: 0, Entries: [{ EventId: 'eb-2' }] });

    await publisher().publish([ready(1), ready(2)]);

    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(2);
  });

  it('passes a failed request on at once (the SDK retried it), naming its events and later ones', async () => {
    eventBridge.on(PutEventsCommand).rejects(new Error('AccessDeniedException'));
    const events = Array.from({ length: 11 }, (_, i) => ready(i));

    const error = (await publisher()
      .publish(events)
      .catch((e: unknown) => e)) as EventsNotPublishedError;

    expect(error).toBeInstanceOf(EventsNotPublishedError);
    expect(error.eventIds).toEqual(events.map((e) => e.id));
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('uses the one process client when given none', async () => {
    await createEventBridgePublisher({ eventBusName: busName }).publish([ready(1)]);
    expect(eventBridgeClient()).toBe(eventBridgeClient());
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(1);
  });

  it('refuses an event larger than 256 KB before sending anything', async () => {
    const huge = ready(1);
    huge.detail.orderId = 'x'.repeat(maxRequestBytes);

    await expect(publisher().publish([ready(0), huge])).rejects.toThrow(/256 KB/);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });
});

describe('PutEvents limits', () => {
  it('sizes an entry as EventBridge does: 14 bytes of time, then UTF-8 bytes of each text', () => {
    expect(
      entrySize({
        Time: new Date(testNow()),
        Source: 'auto-repair',
        DetailType: 'OrderReady',
        Detail: '{"a":"粤"}',
        Resources: ['r'],
      }),
    ).toBe(14 + 11 + 10 + 11 + 1);
  });

  it.each([
    ['10 small entries in one request', Array(10).fill(1_000), [10]],
    ['the 11th entry in a second request', Array(11).fill(1_000), [10, 1]],
    ['a new request before 256 KB would be passed', [100_000, 100_000, 100_000], [2, 1]],
    ['exactly 256 KB in one request', [131_072, 131_072], [2]],
  ])('puts %s', (_, sizes, expected) => {
    expect(batchesOf(sizes, (size) => size).map((b) => b.length)).toEqual(expected);
  });
});
