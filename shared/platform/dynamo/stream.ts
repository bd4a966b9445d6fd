import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';

/** An item as the stream shows it, before or after a change (unmarshalled). */
type StreamImage = Record<string, unknown>;

/** One change of the table, as a stream handler sees it (Lambda in AWS, the local poller on one machine). */
export interface ChangeRecord {
  /** The stream record's id (`eventID`): the same on every delivery of that record. */
  id: string;
  before?: StreamImage | undefined;
  after?: StreamImage | undefined;
}

/**
 * A DynamoDB stream batch as the stream handlers see it, and their answer as Lambda wants it
 * (ReportBatchItemFailures): the same shape the local stream poller builds
 * (infra/local/stream-poller.ts `changeRecordOf`), so a handler runs unchanged in both places.
 */
export interface StreamChange extends ChangeRecord {
  /** The record's sequence number: what Lambda expects back as the failed item's identifier. */
  sequence: string;
}

export function streamChanges(event: DynamoDBStreamEvent): StreamChange[] {
  return event.Records.map((r) => ({
    id: r.eventID ?? r.dynamodb?.SequenceNumber ?? '',
    sequence: r.dynamodb?.SequenceNumber ?? '',
    // The Lambda event's AttributeValue type and the SDK's differ only in their declarations.
    before: r.dynamodb?.OldImage ? unmarshall(r.dynamodb.OldImage as never) : undefined,
    after: r.dynamodb?.NewImage ? unmarshall(r.dynamodb.NewImage as never) : undefined,
  }));
}

/**
 * Names the failed record by its sequence number; Lambda delivers it and every record after it
 * again (and nothing before it). No failure: an empty list, the whole batch is done.
 */
export function batchResponse(
  changes: readonly StreamChange[],
  failedId: string | undefined,
): DynamoDBBatchResponse {
  const failed = failedId === undefined ? undefined : changes.find((c) => c.id === failedId);
  return { batchItemFailures: failed ? [{ itemIdentifier: failed.sequence }] : [] };
}
