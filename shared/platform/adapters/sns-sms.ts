import { PublishCommand, type PublishCommandInput, SNSClient } from '@aws-sdk/client-sns';
import type { SmsMessage, SmsSender } from '../ports/sms';

/**
 * SMS through Amazon SNS (R-X-1): one Publish to the phone number per message. The message type
 * is set per message (Transactional for notices, Promotional for marketing) so a notice is never
 * dropped to save cost. The sender ID and origination number come from configuration
 * (SMS_SENDER_ID, SMS_ORIGINATION_NUMBER); each is sent only when set, as countries differ in
 * which one they accept.
 */
export interface SnsSmsConfig {
  senderId?: string | undefined;
  originationNumber?: string | undefined;
}

let defaultClient: SNSClient | undefined;

/** One SNS client per process (STYLE 5), created on first use. */
export function snsClient(): SNSClient {
  defaultClient ??= new SNSClient({ region: process.env.AWS_REGION ?? 'us-east-1' });
  return defaultClient;
}

function snsConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SnsSmsConfig {
  return {
    senderId: env.SMS_SENDER_ID || undefined,
    originationNumber: env.SMS_ORIGINATION_NUMBER || undefined,
  };
}

type Attributes = NonNullable<PublishCommandInput['MessageAttributes']>;

function publishInput(message: SmsMessage, config: SnsSmsConfig): PublishCommandInput {
  const attributes: Attributes = {
    'AWS.SNS.SMS.SMSType': {
      DataType: 'String',
      StringValue: message.kind === 'marketing' ? 'Promotional' : 'Transactional',
    },
  };
  if (config.senderId) {
    attributes['AWS.SNS.SMS.SenderID'] = { DataType: 'String', StringValue: config.senderId };
  }
  if (config.originationNumber) {
    attributes['AWS.MM.SMS.OriginationNumber'] = {
      DataType: 'String',
      StringValue: config.originationNumber,
    };
  }
  return { PhoneNumber: message.to, Message: message.text, MessageAttributes: attributes };
}

export function createSnsSmsSender(options: { client?: SNSClient; config?: SnsSmsConfig } = {}): SmsSender {
  const config = options.config ?? snsConfigFromEnv();
  return {
    async send(message) {
      const client = options.client ?? snsClient();
      const result = await client.send(new PublishCommand(publishInput(message, config)));
      if (!result.MessageId) throw new Error('SNS accepted the SMS without a message id');
      return { providerMessageId: result.MessageId };
    },
  };
}
