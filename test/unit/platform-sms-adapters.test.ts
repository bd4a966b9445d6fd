import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createOutboxSmsSender } from '../../shared/platform/adapters/outbox-sms';
import { createSnsSmsSender, snsClient } from '../../shared/platform/adapters/sns-sms';
import type { SmsMessage } from '../../shared/platform/ports/sms';

/** R-X-1: one SMS port, an SNS adapter for AWS and an outbox for the local runtime and tests. */
const notice: SmsMessage = {
  to: '+8613800138000',
  text: '【快修连锁】您的爱车 粤B12345 将于 3月2日 17:30 完工，欢迎届时取车。',
  kind: 'transactional',
  idempotencyKey: 'letter-1',
};

describe('SNS adapter (R-X-1)', () => {
  const sns = mockClient(SNSClient);
  beforeEach(() => {
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'sns-message-1' });
  });

  it('publishes a transactional SMS to the E.164 number with the configured sender ID and origination number', async () => {
    const sender = createSnsSmsSender({
      client: new SNSClient({}),
      config: { senderId: 'KUAIXIU', originationNumber: '+18005550100' },
    });

    const result = await sender.send(notice);

    expect(result).toEqual({ providerMessageId: 'sns-message-1' });
    const calls = sns.commandCalls(PublishCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      PhoneNumber: '+8613800138000',
      Message: notice.text,
      MessageAttributes: {
        'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
        'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'KUAIXIU' },
        'AWS.MM.SMS.OriginationNumber': { DataType: 'String', StringValue: '+18005550100' },
      },
    });
  });

  it('sends marketing as Promotional and leaves out a sender identity that is not configured', async () => {
    const sender = createSnsSmsSender({ client: new SNSClient({}), config: {} });

    await sender.send({ ...notice, kind: 'marketing' });

    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input).toEqual({
      PhoneNumber: '+8613800138000',
      Message: notice.text,
      MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Promotional' } },
    });
  });

  it('reads the sender identity from the environment and uses the one process client', async () => {
    process.env.SMS_SENDER_ID = 'BRANCH';
    try {
      await createSnsSmsSender().send(notice);
    } finally {
      delete process.env.SMS_SENDER_ID;
    }
    expect(snsClient()).toBe(snsClient());
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input.MessageAttributes).toMatchObject({
      'AWS.SNS.SMS.SenderID': { StringValue: 'BRANCH' },
    });
  });

  it('passes a provider failure on, for the letter to be marked failed', async () => {
    sns.on(PublishCommand).rejects(new Error('Throttling'));
    await expect(createSnsSmsSender({ client: new SNSClient({}), config: {} }).send(notice)).rejects.toThrow(
      'Throttling',
    );
  });
});

describe('local outbox adapter', () => {
  it('prints one line per SMS and lists them newest first', async () => {
    const lines: string[] = [];
    const outbox = createOutboxSmsSender({ print: (line) => lines.push(line) });

    await outbox.send(notice);
    await outbox.send({
      ...notice,
      to: '+85291234567',
      text: 'Your car\nis ready',
      idempotencyKey: 'letter-2',
    });

    expect(lines).toEqual([`[SMS] +8613800138000 ${notice.text}`, '[SMS] +85291234567 Your car is ready']);
    expect(outbox.list().map((m) => m.idempotencyKey)).toEqual(['letter-2', 'letter-1']);
  });

  it('returns the first answer for a repeated idempotency key and sends nothing more', async () => {
    const lines: string[] = [];
    const outbox = createOutboxSmsSender({ print: (line) => lines.push(line) });

    const first = await outbox.send(notice);
    const again = await outbox.send(notice);

    expect(again).toEqual(first);
    expect(outbox.list()).toHaveLength(1);
    expect(lines).toHaveLength(1);
  });
});
