import { beforeAll, describe, expect, it } from 'vitest';
import { type Resource, synthService, synthTimeout } from './service-templates';

/**
 * Customers' SMS replies in the template (R-SELF-3, R-X-1): the KMS-encrypted inbound topic that
 * End User Messaging SMS two-way messaging publishes to, the function subscribed to it, and the
 * function's resource policy naming the topic. cdk-nag for the whole app is nag.test.ts.
 */
let resources: Record<string, Resource>;
beforeAll(() => {
  resources = synthService({}).resources;
}, synthTimeout);

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

function inboundTopic(): [string, Resource] {
  const found = ofType('AWS::SNS::Topic').filter(
    ([, r]) => r.Properties?.DisplayName === 'Inbound SMS (customer replies)',
  );
  expect(found).toHaveLength(1);
  return found[0] as [string, Resource];
}

function inboundFunction(): [string, Resource] {
  const [roleId] = ofType('AWS::IAM::Role').find(
    ([, r]) => r.Properties?.Description === 'Runs functions/replies/inbound.ts',
  ) ?? [''];
  const found = ofType('AWS::Lambda::Function').filter(
    ([, r]) => r.Properties?.Role?.['Fn::GetAtt']?.[0] === roleId,
  );
  expect(found).toHaveLength(1);
  return found[0] as [string, Resource];
}

describe('the inbound SMS topic and function (R-SELF-3)', () => {
  it('encrypts the topic with a customer-managed KMS key that rotates', () => {
    const [, topic] = inboundTopic();
    const keyId = topic.Properties?.KmsMasterKeyId?.['Fn::GetAtt']?.[0];
    expect(resources[keyId]).toMatchObject({
      Type: 'AWS::KMS::Key',
      Properties: { EnableKeyRotation: true },
    });
    const keyStatements = JSON.stringify(resources[keyId]?.Properties?.KeyPolicy);
    expect(keyStatements).toContain('sms-voice.amazonaws.com');
  });

  it('lets only the SMS service of this account publish to the topic', () => {
    const [topicId] = inboundTopic();
    const policies = ofType('AWS::SNS::TopicPolicy').filter(([, p]) =>
      p.Properties?.Topics.some((t: { Ref?: string }) => t.Ref === topicId),
    );
    const statements = policies.flatMap(([, p]) => p.Properties?.PolicyDocument.Statement as Resource[]);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Action: 'sns:Publish',
        Principal: { Service: 'sms-voice.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      }),
    );
  });

  it('subscribes the function to the topic, and its resource policy names the topic', () => {
    const [topicId] = inboundTopic();
    const [fnId, fn] = inboundFunction();
    expect(fn.Properties?.Environment?.Variables?.INBOUND_TOPIC_ARN).toEqual({ Ref: topicId });
    expect(ofType('AWS::SNS::Subscription')).toContainEqual([
      expect.any(String),
      expect.objectContaining({
        Properties: expect.objectContaining({
          Protocol: 'lambda',
          TopicArn: { Ref: topicId },
          Endpoint: { 'Fn::GetAtt': [fnId, 'Arn'] },
        }),
      }),
    ]);
    const permissions = ofType('AWS::Lambda::Permission').filter(
      ([, p]) => p.Properties?.FunctionName?.['Fn::GetAtt']?.[0] === fnId,
    );
    expect(permissions).toHaveLength(1);
    expect(permissions[0]?.[1].Properties).toMatchObject({
      Action: 'lambda:InvokeFunction',
      Principal: 'sns.amazonaws.com',
      SourceArn: { Ref: topicId },
    });
  });
});
