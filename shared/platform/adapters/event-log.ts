import { nowIso } from '../ports/clock';
import { type EventPublisher, eventSource, type PublishedEvent } from '../ports/events';

/**
 * The local stand-in for the EventBridge bus (issue 5 item 6): published events are kept in
 * memory, so `npm start` can list them (GET /local/events) and tests read what was published. A
 * repeated event id (a redelivered or replayed stream record) is dropped, as a subscriber that
 * deduplicates on `detail.eventId` would drop it.
 */
type LoggedEvent = PublishedEvent & { source: string; publishedAt: string };

interface EventLogFilter {
  detailType?: string | undefined;
  branchId?: string | undefined;
}

export interface EventLog extends EventPublisher {
  /** Events published, newest first, optionally of one detail type or branch. */
  list(filter?: EventLogFilter): LoggedEvent[];
  clear(): void;
}

export function createEventLog(options: { print?: (line: string) => void } = {}): EventLog {
  const entries: LoggedEvent[] = [];
  const seen = new Set<string>();
  return {
    async publish(events) {
      for (const event of events) {
        if (seen.has(event.id)) continue;
        seen.add(event.id);
        entries.push({ ...event, source: eventSource, publishedAt: nowIso() });
        options.print?.(`[EVENT] ${event.detailType} ${event.detail.branchId} ${event.time} ${event.id}`);
      }
    },
    list(filter = {}) {
      return entries
        .filter((e) => !filter.detailType || e.detailType === filter.detailType)
        .filter((e) => !filter.branchId || e.detail.branchId === filter.branchId)
        .reverse();
    },
    clear() {
      entries.length = 0;
      seen.clear();
    },
  };
}
