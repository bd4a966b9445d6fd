import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { FilterPattern, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deepSweepLookbackHours, dutyShards } from '../../shared/duty-engine/keys';
import { concurrentSweepers } from '../../shared/duty-engine/send-slots';
import { scheduleRole } from './schedule-role';
import { TeamFunction } from './team-function';

/** Where the product's own metrics (from log metric filters) are published. */
export const metricNamespace = 'AutoRepair';

export interface DutiesProps {
  table: ITableV2;
  /** Alphanumeric sender ID where the destination country allows it (context `smsSenderId`). */
  smsSenderId?: string | undefined;
  /** E.164 origination number or pool (context `smsOriginationNumber`). */
  smsOriginationNumber?: string | undefined;
  /**
   * Destination countries (ISO 3166 alpha-2) of the chain's SMS, one delivery alarm each
   * (context `smsCountries`, default CN,HK): SNS publishes `SMSSuccessRate` per Country and
   * SMSType only.
   */
  smsCountries?: readonly string[] | undefined;
  /**
   * The account's SMS quota in messages per second (context `smsPerSecond`, default 1), kept by
   * all sweeps together (shared/duty-engine/send-slots.ts).
   */
  smsPerSecond?: string | undefined;
  /** The SMS spend alarm's threshold in USD per month (context `smsMonthlyBudgetUsd`, default 100). */
  smsMonthlyBudgetUsd?: number | undefined;
}

/**
 * The duty engine in AWS (ARCHITECTURE "Duties", R-X-1, R-X-3): the sweeper function, the
 * EventBridge Scheduler schedules that invoke it every minute (one per due-index shard) and every
 * hour (the deep sweep), and the alarms on what must not go unnoticed: dead-lettered duties,
 * missed or failing sweeps, failing SMS and SMS spend.
 */
export class Duties extends Construct {
  readonly sweeper: TeamFunction;
  /** One `rate(1 minute)` schedule per due-index shard i, invoking the sweeper with `{ "shards": [i] }`. */
  readonly schedules: Schedule[];
  /** The hourly sweep that reads 48 hours back (catch-up after an outage). */
  readonly deepSchedule: Schedule;
  /** Sweep invocations that never ran (the schedule could not deliver, or Lambda gave up). */
  readonly missedSweeps: Queue;
  readonly alarms: {
    deadDuties: Alarm;
    sweeperErrors: Alarm;
    missedSweeps: Alarm;
    /** One per destination country (`smsCountries`). */
    smsSuccessRate: Alarm[];
    smsSpend: Alarm;
  };

  constructor(scope: Construct, id: string, props: DutiesProps) {
    super(scope, id);

    // Timeout below the 5-minute duty lease: a run that is cut off has not held any claim past
    // its lease, so no other run performs a duty this one is still performing. One execution per
    // shard and one for the deep sweep (issue 14 item 1, docs/decisions.md "sweepers per shard"):
    // runs never pile up beyond that, and the SMS pace is kept across them through the table.
    this.sweeper = new TeamFunction(this, 'Sweeper', {
      entry: 'functions/duties/sweep.ts',
      description: 'Duty sweeper: fires due duties every minute, one run per due-index shard (R-X-3)',
      serviceName: 'duties',
      timeout: Duration.seconds(120),
      environment: {
        SMS_PER_SECOND: props.smsPerSecond ?? '1',
        ...(props.smsSenderId ? { SMS_SENDER_ID: props.smsSenderId } : {}),
        ...(props.smsOriginationNumber ? { SMS_ORIGINATION_NUMBER: props.smsOriginationNumber } : {}),
      },
    })
      .bindTable(props.table, 'readWrite')
      .allowSmsPublish()
      .reserveConcurrency(concurrentSweepers);

    this.missedSweeps = new Queue(this, 'MissedSweeps', {
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
    });

    // Lambda's own retries would re-run a sweep 1 and 2 minutes late, beside the next scheduled
    // runs: the next minute's sweep of the shard is the retry. An invocation still waiting for an
    // execution after 2 minutes (every one busy: runs paced by a long SMS backlog) is superseded
    // by newer ones; it is recorded, not dropped silently.
    this.sweeper.fn.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.minutes(2) });
    this.sweeper.deadLetterTo(this.missedSweeps);

    const role = scheduleRole(this, 'ScheduleRole', {
      description: 'Lets the sweep schedules invoke the duty sweeper',
      fn: this.sweeper.fn,
      deadLetters: this.missedSweeps,
    });

    // One sweep per due-index shard every minute: 500 claims a run each, so the sweepers together
    // claim `dutyShards` × 500 a minute, and a slow or failing shard holds up only its own duties.
    // Claims are conditional writes: overlapping sweeps still fire each duty once.
    this.schedules = Array.from(
      { length: dutyShards },
      (_, shard) =>
        new Schedule(this, `SweepShard${shard}EveryMinute`, {
          description: `Invokes the duty sweeper for due-index shard ${shard} (R-X-3)`,
          schedule: ScheduleExpression.rate(Duration.minutes(1)),
          target: new LambdaInvoke(this.sweeper.fn, {
            // Immutable: the grants above are the whole policy, the target adds none.
            role: role.withoutPolicyUpdates(),
            input: ScheduleTargetInput.fromObject({ shards: [shard] }),
            retryAttempts: 3,
            maxEventAge: Duration.minutes(1),
            deadLetterQueue: this.missedSweeps,
          }),
        }),
    );

    // The minute sweep reads 3 hours back. After a longer outage (the sweeper failing, a region
    // event), duties in older hour buckets would wait forever: once an hour a deep sweep reads two
    // days back (4 x 49 small Queries) and fires them. A miss is retried within the hour.
    this.deepSchedule = new Schedule(this, 'DeepSweepHourly', {
      description: 'Deep sweep: the duty sweeper reading 48 hours back, to catch up after an outage (R-X-3)',
      schedule: ScheduleExpression.rate(Duration.hours(1)),
      target: new LambdaInvoke(this.sweeper.fn, {
        role: role.withoutPolicyUpdates(),
        input: ScheduleTargetInput.fromObject({ lookbackHours: deepSweepLookbackHours }),
        retryAttempts: 10,
        maxEventAge: Duration.minutes(50),
        deadLetterQueue: this.missedSweeps,
      }),
    });

    // The sweeper logs `{ "message": "duty sweep", "dead": N, ... }` (Powertools JSON) per run.
    const deadDuties = new MetricFilter(this, 'DeadDutiesFilter', {
      logGroup: this.sweeper.logGroup,
      filterPattern: FilterPattern.stringValue('$.message', '=', 'duty sweep'),
      metricNamespace,
      metricName: 'DutiesDeadLettered',
      metricValue: '$.dead',
    });

    const fiveMinutes = Duration.minutes(5);
    this.alarms = {
      deadDuties: new Alarm(this, 'DeadDutiesAlarm', {
        alarmDescription:
          'A duty failed its last attempt and is dead-lettered: see the dead-duty register (R-X-3)',
        metric: deadDuties.metric({ statistic: Stats.SUM, period: fiveMinutes }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      sweeperErrors: new Alarm(this, 'SweeperErrorsAlarm', {
        // 3 failures in 5 minutes: most runs of one shard's sweep (5 in 5 minutes) is enough.
        alarmDescription:
          'Duty sweeps failed 3 times in 5 minutes: the due duties of one shard or more are not firing',
        metric: this.sweeper.fn.metricErrors({ statistic: Stats.SUM, period: fiveMinutes }),
        threshold: 3,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      missedSweeps: new Alarm(this, 'MissedSweepsAlarm', {
        alarmDescription:
          'Scheduled duty sweeps did not run (undeliverable or superseded): see the MissedSweeps queue',
        metric: this.missedSweeps.metricApproximateNumberOfMessagesVisible({
          statistic: Stats.MAXIMUM,
          period: fiveMinutes,
        }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      // SNS publishes the delivery rate per destination Country and SMSType (no account-wide
      // series): one alarm per country the chain texts, for its transactional SMS.
      smsSuccessRate: (props.smsCountries ?? ['CN', 'HK']).map(
        (country) =>
          new Alarm(this, `SmsSuccessRateAlarm${country}`, {
            alarmDescription: `Fewer than 90% of the SMS to ${country} of the last 15 minutes were delivered (R-X-1)`,
            metric: new Metric({
              namespace: 'AWS/SNS',
              metricName: 'SMSSuccessRate',
              dimensionsMap: { Country: country, SMSType: 'Transactional' },
              statistic: Stats.AVERAGE,
              period: Duration.minutes(15),
            }),
            threshold: 0.9,
            comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
            evaluationPeriods: 1,
            treatMissingData: TreatMissingData.NOT_BREACHING,
          }),
      ),
      // Account-wide (no dimension): this service is the account's SMS sender.
      smsSpend: new Alarm(this, 'SmsSpendAlarm', {
        alarmDescription: `SMS spend this month is above the budget of ${props.smsMonthlyBudgetUsd ?? 100} USD`,
        metric: new Metric({
          namespace: 'AWS/SNS',
          metricName: 'SMSMonthToDateSpentUSD',
          statistic: Stats.MAXIMUM,
          period: Duration.minutes(15),
        }),
        threshold: props.smsMonthlyBudgetUsd ?? 100,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    };
  }
}
