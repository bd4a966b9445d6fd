import { Duration, TimeZone } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { scheduleRole } from './schedule-role';
import { TeamFunction } from './team-function';

export interface ReportsProps {
  table: ITableV2;
  /** IANA zones the chain's branches are in; one catch-up schedule each. */
  timeZones: readonly string[];
}

/**
 * The reports' daily backstop (R-RPT-1, R-X-2). Reports are produced by each branch's `report`
 * duties at its own closing time (the duty sweeper); this EventBridge Scheduler schedule runs in
 * each branch time zone at 23:00 local and invokes `functions/reports/catch-up.ts` for that zone,
 * which produces any report of the day whose duty did not (dead-lettered) and schedules reports
 * for a branch that has none. Missed invocations land in a queue with an alarm.
 */
export class Reports extends Construct {
  readonly catchUp: TeamFunction;
  readonly schedules: Schedule[];
  readonly missedCatchUps: Queue;
  readonly alarm: Alarm;

  constructor(scope: Construct, id: string, props: ReportsProps) {
    super(scope, id);
    this.catchUp = new TeamFunction(this, 'CatchUp', {
      entry: 'functions/reports/catch-up.ts',
      description: 'Reports catch-up: produces reports their duties missed (R-RPT-1)',
      serviceName: 'reports',
      timeout: Duration.minutes(5),
    })
      .bindTable(props.table, 'readWrite')
      .reserveConcurrency(1);

    this.missedCatchUps = new Queue(this, 'MissedCatchUps', {
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
    });
    this.catchUp.deadLetterTo(this.missedCatchUps);

    const role = scheduleRole(this, 'ScheduleRole', {
      description: 'Lets the daily report schedules invoke the catch-up',
      fn: this.catchUp.fn,
      deadLetters: this.missedCatchUps,
    });

    this.schedules = props.timeZones.map(
      (zone) =>
        new Schedule(this, `CatchUp${zone.replace(/[^A-Za-z]/g, '')}`, {
          description: `Reports catch-up for the branches in ${zone} (R-RPT-1)`,
          schedule: ScheduleExpression.cron({ minute: '0', hour: '23', timeZone: TimeZone.of(zone) }),
          target: new LambdaInvoke(this.catchUp.fn, {
            role: role.withoutPolicyUpdates(),
            input: ScheduleTargetInput.fromObject({ timeZone: zone }),
            retryAttempts: 3,
            maxEventAge: Duration.hours(1),
            deadLetterQueue: this.missedCatchUps,
          }),
        }),
    );

    this.alarm = new Alarm(this, 'MissedCatchUpsAlarm', {
      alarmDescription: 'A daily reports catch-up did not run or failed: see the MissedCatchUps queue',
      metric: this.missedCatchUps.metricApproximateNumberOfMessagesVisible({
        statistic: Stats.MAXIMUM,
        period: Duration.minutes(5),
      }),
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
