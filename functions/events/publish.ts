import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { publishChanges } from '../../shared/events/actions';
import { createEventBridgePublisher } from '../../shared/platform/adapters/eventbridge-events';
import { batchResponse, streamChanges } from '../../shared/platform/dynamo/stream';
import { logger } from '../../shared/platform/logger';
import { setEventPublisher } from '../../shared/platform/ports/events';

/**
 * Domain events from the table's stream to the EventBridge bus (issue 5 item 6). The event source
 * mapping reports batch item failures: the first record whose events could not all be published is
 * named, and Lambda delivers it and the ones after it again; subscribers deduplicate on
 * `detail.eventId`, which a redelivered record keeps.
 */
const eventBusName = process.env.EVENT_BUS_NAME;
if (!eventBusName) throw new Error('EVENT_BUS_NAME is not set');
setEventPublisher(createEventBridgePublisher({ eventBusName }));

export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const changes = streamChanges(event);
  const report = await publishChanges(changes);
  logger.info('events batch', { ...report, records: changes.length });
  return batchResponse(changes, report.failedId);
};
