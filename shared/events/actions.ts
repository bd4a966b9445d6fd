import type { ChangeRecord } from '../platform/dynamo/stream';
import { logger } from '../platform/logger';
import { type EventPublisher, EventsNotPublishedError, eventPublisher } from '../platform/ports/events';
import { domainEventsOf, UnreadableChangeError } from './rules';
import type { DomainEvent } from './schemas';

/**
 * The domain-event publisher on the table's stream (issue 5 item 6): the Lambda on the stream in
 * AWS (functions/events/publish.ts), a handler of the local stream poller in `npm start`. Same
 * contract as the metrics aggregator: it returns the first record that failed, and the source
 * delivers that record and every one after it again.
 *
 * The events of the whole batch go out together (PutEvents takes 10 at a time; one request per
 * record would cost ten times more). When some are not published, the failed record is the first
 * whose events are not all out; the records before it are done. Delivery is at least once: a
 * record delivered again publishes its events again, with the same ids.
 */
export interface PublishReport {
  /** Records that mean no event (most changes). */
  quiet: number;
  /** Events handed to the publisher and accepted. */
  published: number;
  /** Records whose new image could not be read: logged and passed over, since a retry reads the same. */
  unreadable: number;
}

export async function publishChanges(
  records: readonly ChangeRecord[],
  publisher: EventPublisher = eventPublisher(),
): Promise<PublishReport & { failedId?: string }> {
  const report: PublishReport = { quiet: 0, published: 0, unreadable: 0 };
  const mapped: { recordId: string; events: DomainEvent[] }[] = [];
  for (const record of records) {
    try {
      const events = domainEventsOf(record);
      if (events.length === 0) report.quiet++;
      else mapped.push({ recordId: record.id, events });
    } catch (error) {
      if (!(error instanceof UnreadableChangeError)) throw error;
      report.unreadable++;
      logger.error('events: change not readable, no event published', {
        recordId: record.id,
        what: error.what,
        issues: error.issues,
      });
    }
  }
  const events = mapped.flatMap((m) => m.events);
  if (events.length === 0) return report;
  try {
    await publisher.publish(events);
    return { ...report, published: events.length };
  } catch (error) {
    const unpublished = new Set(
      error instanceof EventsNotPublishedError ? error.eventIds : events.map((e) => e.id),
    );
    // A publisher that threw without naming a known event: nothing can be assumed published.
    const failed = mapped.find((m) => m.events.some((e) => unpublished.has(e.id))) ?? mapped[0];
    logger.error('events: not all published; the record is delivered again', {
      failedId: failed?.recordId,
      unpublished: unpublished.size,
      error,
    });
    return {
      ...report,
      published: events.filter((e) => !unpublished.has(e.id)).length,
      ...(failed ? { failedId: failed.recordId } : {}),
    };
  }
}
