import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { store } from '../../shared/platform/dynamo/client';
import type { ChangeRecord } from '../../shared/platform/dynamo/stream';
import { logger } from '../../shared/platform/logger';
import { aggregate } from '../../shared/reports/actions/aggregate';

/**
 * The metrics aggregator on the table's stream (ARCHITECTURE "Metrics", R-RPT-4). The event
 * source mapping reports batch item failures: the first record that fails is named, and Lambda
 * delivers it and the ones after it again; records applied before are skipped by their markers.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const records: (ChangeRecord & { sequence: string })[] = event.Records.map((r) => ({
    id: r.eventID ?? r.dynamodb?.SequenceNumber ?? '',
    sequence: r.dynamodb?.SequenceNumber ?? '',
    before: r.dynamodb?.OldImage ? unmarshall(r.dynamodb.OldImage as never) : undefined,
    after: r.dynamodb?.NewImage ? unmarshall(r.dynamodb.NewImage as never) : undefined,
  }));
  const report = await aggregate(store(), records);
  logger.info('metrics batch', { ...report, records: records.length });
  const failed = records.find((r) => r.id === report.failedId);
  return { batchItemFailures: failed ? [{ itemIdentifier: failed.sequence }] : [] };
};
