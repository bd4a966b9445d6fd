/**
 * The one source of the chain's events on the bus: every branch publishes as `auto-repair`; the
 * branch is `detail.branchId` (shared/events/schemas.ts says why).
 */
export const eventSource = 'auto-repair';

/**
 * An event as a transport carries it. The events area's catalog (shared/events/schemas.ts) gives
 * each detail type its strict schema; the port only needs the envelope.
 */
export interface PublishedEvent {
  /** Equals `detail.eventId`: stable across redeliveries. */
  id: string;
  detailType: string;
  /** Business time, ISO-8601 UTC. */
  time: string;
  detail: { branchId: string };
}

/**
 * The domain-events port (issue 5 item 6). The stream publisher (shared/events/actions.ts)
 * hands events to whichever publisher the process was given: EventBridge in AWS
 * (shared/platform/adapters/eventbridge-events.ts), the in-memory event log locally and in tests
 * (shared/platform/adapters/event-log.ts).
 *
 * Delivery is at least once: a publisher may be given an event again (a redelivered stream
 * record) and subscribers deduplicate on the event id.
 */
export interface EventPublisher {
  /**
   * Publishes every event or throws. An EventsNotPublishedError names the events that were not
   * published (the others were); any other error means none can be assumed published.
   */
  publish(events: readonly PublishedEvent[]): Promise<void>;
}

export class EventsNotPublishedError extends Error {
  constructor(
    /** Ids of the events not published. */
    readonly eventIds: readonly string[],
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${eventIds.length} event(s) not published: ${reason}`, options);
    this.name = 'EventsNotPublishedError';
  }
}

let current: EventPublisher | undefined;

/** The publisher of this process; set once at start-up by the Lambda wiring or the local runtime. */
export function eventPublisher(): EventPublisher {
  if (!current) throw new Error('No event publisher is configured; call setEventPublisher at start-up');
  return current;
}

export function setEventPublisher(next: EventPublisher): void {
  current = next;
}
