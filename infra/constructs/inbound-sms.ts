import { Duration, Stack } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { SnsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { TeamFunction } from './team-function';

export interface InboundSmsProps {
  table: ITableV2;
}

/** The principal of AWS End User Messaging SMS (pinpoint-sms-voice-v2), which publishes two-way messages. */
const smsService = 'sms-voice.amazonaws.com';

/**
 * Customers' SMS replies in AWS (R-SELF-3, docs/architecture.md "Customers answer back"): End User
 * Messaging SMS two-way messaging publishes each inbound message to this KMS-encrypted topic (its
 * policy lets the SMS service of this account publish, and no one else); the function subscribed to
 * it handles the reply (functions/replies/inbound.ts). The function's resource policy names the
 * topic, so nothing else may invoke it. Two-way messaging is turned on for the origination number
 * by hand or by context (docs/deploy.md "Two-way SMS").
 */
export class InboundSms extends Construct {
  readonly topic: Topic;
  readonly key: Key;
  readonly handler: TeamFunction;

  constructor(scope: Construct, id: string, props: InboundSmsProps) {
    super(scope, id);
    const account = Stack.of(this).account;

    this.key = new Key(this, 'Key', {
      description: 'Encrypts the inbound SMS topic (customer replies, R-SELF-3)',
      enableKeyRotation: true,
    });
    // The SMS service encrypts what it publishes with this key: only for this account.
    this.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal(smsService)],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );

    this.topic = new Topic(this, 'Topic', {
      displayName: 'Inbound SMS (customer replies)',
      masterKey: this.key,
      enforceSSL: true,
    });
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal(smsService)],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );

    this.handler = new TeamFunction(this, 'Handler', {
      entry: 'functions/replies/inbound.ts',
      description: 'Customer SMS replies: keywords, confirmations, the staff inbox (R-SELF-3)',
      serviceName: 'replies',
      timeout: Duration.seconds(30),
      environment: { INBOUND_TOPIC_ARN: this.topic.topicArn },
    }).bindTable(props.table, 'readWrite');
    // The subscription and the function's resource policy, whose source ARN is the topic.
    this.handler.fn.addEventSource(new SnsEventSource(this.topic));
  }
}
