import type { SNSEvent, SNSEventRecord } from 'aws-lambda';
import type { Store } from '../../shared/platform/dynamo/client';
import { store } from '../../shared/platform/dynamo/client';
import { logger } from '../../shared/platform/logger';
import { type InboundOutcome, receiveInboundSms } from '../../shared/replies/actions';
import { parseInboundNotification } from '../../shared/replies/rules';

/**
 * R-SELF-3: customers' SMS replies, published by End User Messaging SMS two-way messaging to the
 * inbound SNS topic (infra/constructs/inbound-sms.ts). Only that topic may invoke this function
 * (its resource policy names it); a notification from another topic or a malformed one is
 * refused and logged, never acted on. The local runtime plays the topic through the same
 * `handleNotification` (POST /local/inbound-sms).
 */
export async function handleNotification(
  db: Store,
  record: Pick<SNSEventRecord['Sns'], 'Message' | 'MessageId' | 'TopicArn'>,
): Promise<InboundOutcome | { outcome: 'refused'; reason: string }> {
  const topic = process.env.INBOUND_TOPIC_ARN;
  if (topic && record.TopicArn !== topic) {
    logger.error('Inbound SMS refused: not from the inbound topic', { topicArn: record.TopicArn });
    return { outcome: 'refused', reason: 'not from the inbound topic' };
  }
  const parsed = parseInboundNotification(record.Message, record.MessageId);
  if ('refused' in parsed) {
    logger.error('Inbound SMS refused: malformed notification', {
      messageId: record.MessageId,
      reason: parsed.refused,
    });
    return { outcome: 'refused', reason: parsed.refused };
  }
  const result = await receiveInboundSms(db, parsed.sms);
  logger.info('Inbound SMS handled', { messageId: parsed.sms.inboundMessageId, outcome: result.outcome });
  return result;
}

export async function handler(event: SNSEvent): Promise<void> {
  // One at a time: a failure throws for SNS to retry, and the guard makes the retry act once.
  for (const record of event.Records) await handleNotification(store(), record.Sns);
}
