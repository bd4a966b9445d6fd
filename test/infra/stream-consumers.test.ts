import { Logger } from '@aws-lambda-powertools/logger';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PublishReport } from '../../shared/events/actions';
import { detailTypes } from '../../shared/events/schemas';
import { dayKey, inspectorDayKey } from '../../shared/reports/store';
import { type Resource, type ServiceTemplates, synthService, synthTimeout } from './service-templates';

/**
 * The consumers of the table's stream in the template (issue 5 items 1 and 6): the metrics
 * aggregator and the domain-event publisher on their event source mappings, the EventBridge bus,
 * the on-failure queues and the alarms. cdk-nag for the whole app is nag.test.ts.
 */
type Statement = {
  Effect: string;
  Action: string | string[];
  Resource?: unknown;
  Condition?: Record<string, any>;
};

let service: ServiceTemplates;
let resources: Record<string, Resource>;
beforeAll(() => {
  service = synthService();
  resources = service.resources;
}, synthTimeout);

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

function only(type: string, match: (r: Resource) => boolean = () => true): [string, Resource] {
  const found = ofType(type).filter(([, r]) => match(r));
  expect(found).toHaveLength(1);
  return found[0] as [string, Resource];
}

const getAtt = (id: string, attribute: string) => ({ 'Fn::GetAtt': [id, attribute] });
const tableId = () => only('AWS::DynamoDB::GlobalTable')[0];
const busId = () => only('AWS::Events::EventBus')[0];

const consumers = {
  aggregator: 'functions/metrics/aggregate.ts',
  publisher: 'functions/events/publish.ts',
} as const;
type Consumer = keyof typeof consumers;

const roleOf = (consumer: Consumer) =>
  only('AWS::IAM::Role', (r) => r.Properties?.Description === `Runs ${consumers[consumer]}`);

function functionOf(consumer: Consumer): [string, Resource] {
  const [roleId] = roleOf(consumer);
  return only('AWS::Lambda::Function', (r) => r.Properties?.Role['Fn::GetAtt'][0] === roleId);
}

function mappingOf(consumer: Consumer): Resource {
  const [fnId] = functionOf(consumer);
  return only('AWS::Lambda::EventSourceMapping', (m) => m.Properties?.FunctionName.Ref === fnId)[1];
}

function statementsOf(roleId: string): Statement[] {
  return ofType('AWS::IAM::Policy')
    .filter(([, p]) => p.Properties?.Roles.some((r: { Ref?: string }) => r.Ref === roleId))
    .flatMap(([, p]) => p.Properties?.PolicyDocument.Statement as Statement[]);
}

const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const statementsOfConsumer = (consumer: Consumer) => statementsOf(roleOf(consumer)[0]);

/** IAM's StringLike: `*` is any run of characters, `?` one. */
const stringLike = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  ).test(value);

describe.each(Object.keys(consumers) as Consumer[])(
  'the %s on the table stream (issue 5 item 1)',
  (consumer) => {
    it('runs on nodejs22.x arm64 from its own entry file', () => {
      expect(functionOf(consumer)[1].Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
      });
    });

    it('reads the table’s stream from its oldest record, reporting batch item failures and bisecting a failing batch', () => {
      expect(mappingOf(consumer).Properties).toMatchObject({
        EventSourceArn: getAtt(tableId(), 'StreamArn'),
        StartingPosition: 'TRIM_HORIZON',
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        BisectBatchOnFunctionError: true,
      });
    });

    it('retries a bounded number of times and gives records up well inside the stream’s 24 hours', () => {
      const { MaximumRetryAttempts, MaximumRecordAgeInSeconds } = mappingOf(consumer).Properties ?? {};
      expect(MaximumRetryAttempts).toBe(10);
      expect(MaximumRecordAgeInSeconds).toBe(6 * 3600);
    });

    it('processes one batch per shard at a time (per-shard order)', () => {
      expect(mappingOf(consumer).Properties?.ParallelizationFactor).toBe(1);
    });

    it('sends what it gives up on to its own encrypted, SSL-only queue, which its role may write to', () => {
      const queueId: string =
        mappingOf(consumer).Properties?.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0];
      expect(resources[queueId]?.Type).toBe('AWS::SQS::Queue');
      expect(resources[queueId]?.Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 86400,
      });
      const policy = only('AWS::SQS::QueuePolicy', (p) => p.Properties?.Queues[0].Ref === queueId)[1];
      expect(policy.Properties?.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
      const sends = statementsOfConsumer(consumer).filter((s) => actionsOf(s).includes('sqs:SendMessage'));
      expect(sends.map((s) => s.Resource)).toEqual([getAtt(queueId, 'Arn')]);
      const other = consumer === 'aggregator' ? 'publisher' : 'aggregator';
      expect(mappingOf(other).Properties?.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0]).not.toBe(
        queueId,
      );
    });

    it('alarms as soon as its on-failure queue holds a batch', () => {
      const queueId: string =
        mappingOf(consumer).Properties?.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0];
      const [, alarm] = only(
        'AWS::CloudWatch::Alarm',
        (a) => a.Properties?.Dimensions?.[0]?.Value?.['Fn::GetAtt']?.[0] === queueId,
      );
      expect(alarm.Properties).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        TreatMissingData: 'notBreaching',
      });
    });

    it('alarms when it falls more than 10 minutes behind the stream (iterator age)', () => {
      const [fnId] = functionOf(consumer);
      const [, alarm] = only(
        'AWS::CloudWatch::Alarm',
        (a) =>
          a.Properties?.MetricName === 'IteratorAge' && a.Properties?.Dimensions?.[0]?.Value?.Ref === fnId,
      );
      expect(alarm.Properties).toMatchObject({
        Namespace: 'AWS/Lambda',
        Statistic: 'Maximum',
        Threshold: 600_000,
        ComparisonOperator: 'GreaterThanThreshold',
      });
    });

    it('reads the stream by its ARN only, and never scans or queries the table', () => {
      const statements = statementsOfConsumer(consumer);
      const streamReads = statements.filter((s) =>
        actionsOf(s).some((a) => /^dynamodb:.*(Stream|GetRecords|GetShardIterator)/.test(a)),
      );
      expect(streamReads.map((s) => s.Resource)).toEqual([
        getAtt(tableId(), 'StreamArn'),
        getAtt(tableId(), 'StreamArn'),
      ]);
      const actions = statements.flatMap(actionsOf);
      for (const forbidden of [
        'dynamodb:Scan',
        'dynamodb:Query',
        'dynamodb:DeleteItem',
        'dynamodb:BatchWriteItem',
      ]) {
        expect(actions).not.toContain(forbidden);
      }
    });
  },
);

describe('the metrics aggregator’s table access (ARCHITECTURE Metrics)', () => {
  const itemStatements = () =>
    statementsOfConsumer('aggregator').filter((s) => actionsOf(s).some((a) => a.endsWith('Item')));

  it('is given the table by TABLE_NAME', () => {
    expect(functionOf('aggregator')[1].Properties?.Environment.Variables.TABLE_NAME).toEqual({
      Ref: tableId(),
    });
  });

  it('reads items (branch settings) and writes in transactions, on the table and none of its indexes', () => {
    const statements = itemStatements();
    expect(statements.flatMap(actionsOf).sort()).toEqual([
      'dynamodb:ConditionCheckItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ]);
    for (const s of statements) expect(s.Resource).toEqual(getAtt(tableId(), 'Arn'));
  });

  const writeKeys = (): string[] => {
    const writes = itemStatements().find((s) => actionsOf(s).includes('dynamodb:PutItem'));
    return writes?.Condition?.['ForAllValues:StringLike']['dynamodb:LeadingKeys'] ?? [];
  };
  const mayWrite = (pk: string) => writeKeys().some((pattern) => stringLike(pattern, pk));

  it.each([
    ['the branch-day figures', dayKey('SZ', '2026-11-29').pk],
    ['an inspector’s day figures', inspectorDayKey('SZ', '2026-11-29', 'S1').pk],
    ['the applied-record marker', 'BR#SZ#METRICS#APPLIED#c2a1f0e4b5d6'],
  ])('may write %s', (_, pk) => {
    expect(mayWrite(pk)).toBe(true);
  });

  it.each([
    ['an order', 'BR#SZ#ORD#01JORDER000000000000000000'],
    ['the branch', 'BR#SZ'],
    ['a duty', 'BR#SZ#DUTY#01JDUTY0000000000000000000'],
    ['a staff record', 'STAFF#S1'],
  ])('may not write %s', (_, pk) => {
    expect(mayWrite(pk)).toBe(false);
  });
});

describe('the domain-event publisher and its bus (issue 5 item 6)', () => {
  it('publishes to the bus named by EVENT_BUS_NAME', () => {
    expect(functionOf('publisher')[1].Properties?.Environment.Variables.EVENT_BUS_NAME).toEqual({
      Ref: busId(),
    });
  });

  it('may PutEvents on that bus only, as source auto-repair, with the catalog’s detail types', () => {
    const puts = statementsOfConsumer('publisher').filter((s) =>
      actionsOf(s).some((a) => a.startsWith('events:')),
    );
    expect(puts).toEqual([
      {
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Resource: getAtt(busId(), 'Arn'),
        Condition: { StringEquals: { 'events:source': 'auto-repair', 'events:detail-type': detailTypes } },
      },
    ]);
  });

  it('is the only role that may put events, and has no access to table items', () => {
    const putters = ofType('AWS::IAM::Policy')
      .filter(([, p]) =>
        ((p.Properties?.PolicyDocument.Statement ?? []) as Statement[]).some((s) =>
          actionsOf(s).includes('events:PutEvents'),
        ),
      )
      .flatMap(([, p]) => p.Properties?.Roles.map((r: { Ref: string }) => r.Ref));
    expect(putters).toEqual([roleOf('publisher')[0]]);
    const itemActions = statementsOfConsumer('publisher')
      .flatMap(actionsOf)
      .filter((a) => a.endsWith('Item'));
    expect(itemActions).toEqual([]);
  });

  it('archives every event of the service for 30 days, for subscribers to replay', () => {
    expect(only('AWS::Events::Archive')[1].Properties).toMatchObject({
      SourceArn: getAtt(busId(), 'Arn'),
      EventPattern: { source: ['auto-repair'] },
      RetentionDays: 30,
    });
  });

  it('names the bus in the stack outputs, for subscribers', () => {
    const outputs = service.parent.toJSON().Outputs;
    expect(outputs.EventBusName.Value).toEqual({ Ref: busId() });
    expect(outputs.EventBusArn.Value).toEqual(getAtt(busId(), 'Arn'));
  });

  it('alarms when a change could not be read, from the publisher’s "events batch" log line', () => {
    const logsId: string = functionOf('publisher')[1].Properties?.LoggingConfig.LogGroup.Ref;
    const [, filter] = only('AWS::Logs::MetricFilter', (f) => f.Properties?.LogGroupName.Ref === logsId);
    expect(filter.Properties).toMatchObject({
      FilterPattern: '{ $.message = "events batch" }',
      MetricTransformations: [
        { MetricNamespace: 'AutoRepair', MetricName: 'EventsUnreadableChanges', MetricValue: '$.unreadable' },
      ],
    });
    const [, alarm] = only(
      'AWS::CloudWatch::Alarm',
      (a) => a.Properties?.MetricName === 'EventsUnreadableChanges',
    );
    expect(alarm.Properties).toMatchObject({
      Statistic: 'Sum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });
});

describe('the log line the unreadable-change filter reads', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is top-level JSON with message "events batch" and a numeric unreadable (as functions/events/publish.ts logs it)', () => {
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const report: PublishReport = { quiet: 3, published: 2, unreadable: 1 };
    new Logger({ serviceName: 'events', logLevel: 'INFO' }).info('events batch', { ...report, records: 6 });
    expect(JSON.parse(lines.join(''))).toMatchObject({ message: 'events batch', unreadable: 1 });
  });
});
