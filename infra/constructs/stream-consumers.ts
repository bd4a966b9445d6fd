import { Duration, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable, ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { FilterPattern, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { detailTypes } from '../../shared/events/schemas';
import { eventSource } from '../../shared/platform/ports/events';
import { metricNamespace } from './duties';
import { TeamFunction } from './team-function';

export interface StreamConsumersProps {
  table: ITableV2;
}

/**
 * How far behind the stream a consumer may fall before someone is told: a healthy consumer is
 * seconds behind; ten minutes means a batch keeps failing or the function cannot keep up.
 */
const iteratorAgeAlarmMs = 10 * 60_000;

/**
 * Records older than this are given up (sent to the on-failure queue) even if never tried: well
 * inside the stream's 24-hour retention, so the batch the queue names can still be read from the
 * stream and replayed by hand (both consumers are idempotent under redelivery).
 */
const maxRecordAge = Duration.hours(6);

/** Retries of a failing batch (bisected on each failure) before it goes to the on-failure queue. */
const retryAttempts = 10;

/**
 * The consumers of the table's stream (issue 5 items 1 and 6), each a Lambda on its own event
 * source mapping: the metrics aggregator (functions/metrics/aggregate.ts, ARCHITECTURE "Metrics")
 * and the domain-event publisher (functions/events/publish.ts) with the EventBridge bus other
 * systems of the chain subscribe to.
 *
 * Both mappings report batch item failures and bisect a failing batch, retry a bounded number of
 * times and keep what they give up on in an encrypted SQS queue (the queue holds the shard and
 * sequence numbers of the batch, not the records). One batch at a time per shard: the aggregator
 * relies on per-shard order, and the events of one order then reach the bus in the order they
 * happened. Alarms: anything in an on-failure queue, a consumer falling behind the stream, and
 * changes the publisher could not read.
 */
export class StreamConsumers extends Construct {
  readonly bus: EventBus;
  readonly aggregator: TeamFunction;
  readonly publisher: TeamFunction;
  /** Stream batches each consumer gave up on. */
  readonly failed: { metrics: Queue; events: Queue };
  readonly alarms: {
    metricsFailed: Alarm;
    eventsFailed: Alarm;
    metricsBehind: Alarm;
    eventsBehind: Alarm;
    eventsUnreadable: Alarm;
  };

  constructor(scope: Construct, id: string, props: StreamConsumersProps) {
    super(scope, id);
    const { table } = props;

    this.bus = new EventBus(this, 'Bus', {
      description: 'Domain events of the auto repair service (source auto-repair), issue 5 item 6',
    });
    // A subscriber that was down, or is new, can replay what it missed (the events carry no PII).
    this.bus.archive('Archive', {
      description: 'Every domain event of the service, for subscribers to replay',
      eventPattern: { source: [eventSource] },
      retention: Duration.days(30),
    });

    this.failed = {
      metrics: this.failureQueue('MetricsFailedBatches'),
      events: this.failureQueue('EventsFailedBatches'),
    };

    this.aggregator = new TeamFunction(this, 'Aggregator', {
      entry: 'functions/metrics/aggregate.ts',
      description: 'Metrics aggregator on the table stream (ARCHITECTURE Metrics, R-RPT-4)',
      serviceName: 'metrics',
      timeout: Duration.seconds(60),
    });
    this.grantAggregatorTable(table);
    this.aggregator.fn.addEventSource(this.streamSource(table, this.failed.metrics));

    this.publisher = new TeamFunction(this, 'Publisher', {
      entry: 'functions/events/publish.ts',
      description: 'Domain events from the table stream to EventBridge (issue 5 item 6)',
      serviceName: 'events',
      timeout: Duration.seconds(30),
      environment: { EVENT_BUS_NAME: this.bus.eventBusName },
    });
    // PutEvents on this bus only, as the one source and with the catalog's detail types only.
    this.publisher.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['events:PutEvents'],
        resources: [this.bus.eventBusArn],
        // Both keys are single-valued per entry: StringEquals with a list matches any one of them.
        conditions: { StringEquals: { 'events:source': eventSource, 'events:detail-type': detailTypes } },
      }),
    );
    this.publisher.fn.addEventSource(this.streamSource(table, this.failed.events));

    // The publisher logs `{ "message": "events batch", "unreadable": N, ... }` per batch.
    const unreadable = new MetricFilter(this, 'UnreadableChangesFilter', {
      logGroup: this.publisher.logGroup,
      filterPattern: FilterPattern.stringValue('$.message', '=', 'events batch'),
      metricNamespace,
      metricName: 'EventsUnreadableChanges',
      metricValue: '$.unreadable',
    });

    this.alarms = {
      metricsFailed: this.queueAlarm('MetricsFailedAlarm', this.failed.metrics, 'the metrics aggregator'),
      eventsFailed: this.queueAlarm('EventsFailedAlarm', this.failed.events, 'the domain-event publisher'),
      metricsBehind: this.behindAlarm(
        'MetricsBehindAlarm',
        this.aggregator,
        'The metrics aggregator',
        'HQ figures are late',
      ),
      eventsBehind: this.behindAlarm(
        'EventsBehindAlarm',
        this.publisher,
        'The domain-event publisher',
        'subscribers get events late',
      ),
      eventsUnreadable: new Alarm(this, 'EventsUnreadableAlarm', {
        alarmDescription:
          'A change of an order, letter or duty could not be read and published no event: see the publisher log (issue 5 item 6)',
        metric: unreadable.metric({ statistic: Stats.SUM, period: Duration.minutes(5) }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    };
  }

  private streamSource(table: ITableV2, failed: Queue): DynamoEventSource {
    // DynamoEventSource is typed for the older `Table`; a TableV2 has every member it uses
    // (the stream ARN and grantStreamRead, which names the stream ARN only).
    return new DynamoEventSource(table as ITableV2 & ITable, {
      // From the oldest record the stream keeps: a new mapping misses nothing written before it.
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: 100,
      reportBatchItemFailures: true,
      bisectBatchOnError: true,
      retryAttempts,
      maxRecordAge,
      parallelizationFactor: 1,
      onFailure: new SqsDlq(failed),
    });
  }

  /**
   * The aggregator reads branch settings (GetItem) and writes only the metrics items: per-day
   * figures and the applied-record markers, all under `BR#<b>#METRICS...`, in transactions
   * (Put, Update, ConditionCheck). IAM pins the writes to those partitions (`dynamodb:LeadingKeys`),
   * so a fault in the aggregator can never touch an order. No Query, no Scan, no index.
   */
  private grantAggregatorTable(table: ITableV2): void {
    this.aggregator.fn.addEnvironment('TABLE_NAME', table.tableName);
    this.aggregator.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [table.tableArn] }),
    );
    this.aggregator.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'],
        resources: [table.tableArn],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['BR#*#METRICS', 'BR#*#METRICS#*'] },
        },
      }),
    );
  }

  private failureQueue(id: string): Queue {
    const queue = new Queue(this, id, {
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself a dead-letter queue: the on-failure destination of a DynamoDB stream event source mapping, which cdk-nag does not recognise (it knows redrive policies and Lambda DeadLetterConfig only)',
    });
    return queue;
  }

  private queueAlarm(id: string, queue: Queue, consumer: string): Alarm {
    return new Alarm(this, id, {
      alarmDescription: `Stream records ${consumer} gave up on: the queue names the shard and sequence numbers to replay`,
      metric: queue.metricApproximateNumberOfMessagesVisible({
        statistic: Stats.MAXIMUM,
        period: Duration.minutes(5),
      }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }

  private behindAlarm(id: string, consumer: TeamFunction, name: string, consequence: string): Alarm {
    return new Alarm(this, id, {
      alarmDescription: `${name} is more than 10 minutes behind the table stream; ${consequence}`,
      metric: consumer.fn.metric('IteratorAge', { statistic: Stats.MAXIMUM, period: Duration.minutes(5) }),
      threshold: iteratorAgeAlarmMs,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
