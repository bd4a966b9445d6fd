import { Logger } from '@aws-lambda-powertools/logger';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { dutyShards } from '../../shared/duty-engine/keys';
import type { SweepReport } from '../../shared/duty-engine/sweeper';
import { type Resource, synthService, synthTimeout } from './service-templates';

/**
 * The duty engine in the template (issue 4 item 9, R-X-1, R-X-3): the sweeper, its every-minute
 * schedule, the SMS grant and the alarms. Bundling is skipped as in stack.test.ts; cdk-nag for
 * the whole app, these resources included, is nag.test.ts. `synth` gives the resources of the
 * parent and of the route stacks together, so "only the sweeper may send SMS" covers every stack.
 */
type Statement = {
  Effect: string;
  Action: string | string[];
  Resource?: unknown;
  NotResource?: unknown;
};

function synth(context: Record<string, unknown> = {}): Record<string, Resource> {
  return synthService({ context }).resources;
}

let resources: Record<string, Resource>;
beforeAll(() => {
  resources = synth();
}, synthTimeout);

/** The stack with every SMS setting of the CDK context given (one synth for the tests that read them). */
const customContext = {
  smsSenderId: 'AUTOFIX',
  smsOriginationNumber: '+85230011234',
  smsPerSecond: 5,
  smsMonthlyBudgetUsd: '250',
};
let customResources: Record<string, Resource> | undefined;
const custom = () => {
  customResources ??= synth(customContext);
  return customResources;
};

function ofType(type: string, from = resources): [string, Resource][] {
  return Object.entries(from).filter(([, r]) => r.Type === type);
}

/** The one resource of `type` that `match` accepts, with its logical id. */
function only(type: string, match: (r: Resource) => boolean, from = resources): [string, Resource] {
  const found = ofType(type, from).filter(([, r]) => match(r));
  expect(found).toHaveLength(1);
  return found[0] as [string, Resource];
}

const sweeperRoleOf = (from = resources) =>
  only('AWS::IAM::Role', (r) => r.Properties?.Description === 'Runs functions/duties/sweep.ts', from);

const sweeperOf = (from = resources) => {
  const [roleId] = sweeperRoleOf(from);
  return only('AWS::Lambda::Function', (r) => r.Properties?.Role['Fn::GetAtt'][0] === roleId, from);
};

/** Every Allow statement of the identity policies attached to `roleId`. */
function statementsOf(roleId: string): Statement[] {
  return ofType('AWS::IAM::Policy')
    .filter(([, p]) => p.Properties?.Roles.some((r: { Ref?: string }) => r.Ref === roleId))
    .flatMap(([, p]) => p.Properties?.PolicyDocument.Statement as Statement[]);
}

const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

const alarmOn = (namespace: string, metricName: string) =>
  only(
    'AWS::CloudWatch::Alarm',
    (r) => r.Properties?.Namespace === namespace && r.Properties?.MetricName === metricName,
  );

describe('the sweeper (R-X-3)', () => {
  it('runs on nodejs22.x arm64 with a 120 s timeout, below the 5-minute duty lease', () => {
    const [, fn] = sweeperOf();
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Timeout: 120 });
  });

  it('runs one execution per due-index shard and one for the deep sweep, so runs never pile up (issue 14)', () => {
    expect(sweeperOf()[1].Properties?.ReservedConcurrentExecutions).toBe(dutyShards + 1);
  });

  it('reads and writes the one table, with no Scan', () => {
    const [roleId] = sweeperRoleOf();
    const actions = statementsOf(roleId).flatMap(actionsOf);
    expect(actions).toEqual(
      expect.arrayContaining(['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem']),
    );
    expect(actions).not.toContain('dynamodb:Scan');
    expect(sweeperOf()[1].Properties?.Environment.Variables.TABLE_NAME).toEqual({
      Ref: only('AWS::DynamoDB::GlobalTable', () => true)[0],
    });
  });

  it('sends SMS at 1 per second with no sender identity when the context sets none', () => {
    const env = sweeperOf()[1].Properties?.Environment.Variables;
    expect(env.SMS_PER_SECOND).toBe('1');
    expect(env).not.toHaveProperty('SMS_SENDER_ID');
    expect(env).not.toHaveProperty('SMS_ORIGINATION_NUMBER');
  });

  it('takes the sender ID, origination number and rate from the CDK context', () => {
    expect(sweeperOf(custom())[1].Properties?.Environment.Variables).toMatchObject({
      SMS_SENDER_ID: 'AUTOFIX',
      SMS_ORIGINATION_NUMBER: '+85230011234',
      SMS_PER_SECOND: '5',
    });
  });

  it.each([['0'], ['-1'], ['many']])('refuses smsPerSecond = %s', (value) => {
    expect(() => synth({ smsPerSecond: value })).toThrow(/smsPerSecond must be a positive number/);
  });
});

describe('the every-minute schedules, one per due-index shard (R-X-3, issue 14 item 1)', () => {
  const minuteSchedules = (from = resources) =>
    ofType('AWS::Scheduler::Schedule', from).filter(
      ([, r]) => r.Properties?.ScheduleExpression === 'rate(1 minute)',
    );
  const schedule = () => (minuteSchedules()[0] as [string, Resource])[1];

  it('invoke the sweeper at rate(1 minute), one schedule per shard, each with its shard as input', () => {
    const schedules = minuteSchedules();
    expect(schedules).toHaveLength(dutyShards);
    for (const [, r] of schedules) {
      expect(r.Properties).toMatchObject({
        State: 'ENABLED',
        Target: { Arn: { 'Fn::GetAtt': [sweeperOf()[0], 'Arn'] } },
      });
    }
    const inputs = schedules.map(([, r]) => JSON.parse(r.Properties?.Target.Input));
    expect(inputs).toEqual(Array.from({ length: dutyShards }, (_, i) => ({ shards: [i] })));
  });

  it('all share the retry policy, the missed-sweeps queue and the schedule role', () => {
    const targets = minuteSchedules().map(([, r]) => r.Properties?.Target);
    for (const target of targets) {
      expect(target.RetryPolicy).toEqual(targets[0].RetryPolicy);
      expect(target.DeadLetterConfig).toEqual(targets[0].DeadLetterConfig);
      expect(target.RoleArn).toEqual(targets[0].RoleArn);
    }
  });

  it('retries delivery within the minute and keeps what it could not deliver in an SSL-only queue', () => {
    const { Target } = schedule().Properties ?? {};
    expect(Target.RetryPolicy).toEqual({ MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 60 });
    const queueId: string = Target.DeadLetterConfig.Arn['Fn::GetAtt'][0];
    expect(resources[queueId]?.Type).toBe('AWS::SQS::Queue');
    const queuePolicy = only('AWS::SQS::QueuePolicy', (p) => p.Properties?.Queues[0].Ref === queueId)[1];
    expect(queuePolicy.Properties?.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('sends sweeps Lambda gave up on (not retried: the next minute is the retry) to the same queue', () => {
    const [fnId, fn] = sweeperOf();
    const queueId = schedule().Properties?.Target.DeadLetterConfig.Arn['Fn::GetAtt'][0];
    expect(fn.Properties?.DeadLetterConfig).toEqual({ TargetArn: { 'Fn::GetAtt': [queueId, 'Arn'] } });
    const config = only('AWS::Lambda::EventInvokeConfig', (c) => c.Properties?.FunctionName.Ref === fnId)[1];
    expect(config.Properties).toMatchObject({ MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 120 });
  });

  it('assumes a role that may invoke the unqualified sweeper only, for this account’s schedules', () => {
    const roleId: string = schedule().Properties?.Target.RoleArn['Fn::GetAtt'][0];
    const invokes = statementsOf(roleId).filter((s) => actionsOf(s).includes('lambda:InvokeFunction'));
    expect(invokes).toEqual([
      expect.objectContaining({ Resource: { 'Fn::GetAtt': [sweeperOf()[0], 'Arn'] } }),
    ]);
    expect(
      resources[roleId]?.Properties?.AssumeRolePolicyDocument.Statement[0].Condition.StringEquals,
    ).toHaveProperty('aws:SourceAccount');
  });
});

describe('SMS publishing (R-X-1)', () => {
  const publishers = () =>
    ofType('AWS::IAM::Policy').filter(([, p]) =>
      ((p.Properties?.PolicyDocument.Statement ?? []) as Statement[]).some((s) =>
        actionsOf(s).some((a) => a.startsWith('sns:')),
      ),
    );

  it('is granted to the sweeper’s role only', () => {
    const roles = publishers().flatMap(([, p]) => p.Properties?.Roles.map((r: { Ref: string }) => r.Ref));
    expect(roles).toEqual([sweeperRoleOf()[0]]);
  });

  it('allows Publish to phone numbers but to no topic or push endpoint (no SNS ARN)', () => {
    const sns = statementsOf(sweeperRoleOf()[0]).filter((s) =>
      actionsOf(s).some((a) => a.startsWith('sns:')),
    );
    expect(sns).toEqual([{ Effect: 'Allow', Action: 'sns:Publish', NotResource: 'arn:*:sns:*:*:*' }]);
  });
});

describe('alarms', () => {
  it('counts dead-lettered duties from the sweeper’s "duty sweep" log line', () => {
    const logsId: string = sweeperOf()[1].Properties?.LoggingConfig.LogGroup.Ref;
    const [, filter] = only('AWS::Logs::MetricFilter', (f) => f.Properties?.LogGroupName.Ref === logsId);
    expect(filter.Properties).toMatchObject({
      FilterPattern: '{ $.message = "duty sweep" }',
      MetricTransformations: [
        { MetricNamespace: 'AutoRepair', MetricName: 'DutiesDeadLettered', MetricValue: '$.dead' },
      ],
    });
  });

  it('alarms when any duty was dead-lettered in 5 minutes (R-X-3)', () => {
    expect(alarmOn('AutoRepair', 'DutiesDeadLettered')[1].Properties).toMatchObject({
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      TreatMissingData: 'notBreaching',
    });
  });

  it('alarms per destination country when fewer than 90% of SMS were delivered over 15 minutes (R-X-1)', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').filter(
      ([, r]) => r.Properties?.MetricName === 'SMSSuccessRate',
    );
    // SNS publishes SMSSuccessRate only per Country and SMSType: an alarm without them gets no data.
    expect(alarms.map(([, r]) => r.Properties?.Dimensions)).toEqual([
      [
        { Name: 'Country', Value: 'CN' },
        { Name: 'SMSType', Value: 'Transactional' },
      ],
      [
        { Name: 'Country', Value: 'HK' },
        { Name: 'SMSType', Value: 'Transactional' },
      ],
    ]);
    for (const [, alarm] of alarms) {
      expect(alarm.Properties).toMatchObject({
        Namespace: 'AWS/SNS',
        Statistic: 'Average',
        Period: 900,
        ComparisonOperator: 'LessThanThreshold',
        Threshold: 0.9,
      });
    }
  });

  it.each([
    ['the default budget', () => resources, 100],
    ['context smsMonthlyBudgetUsd', custom, 250],
  ])('alarms when the month-to-date SMS spend exceeds %s', (_, stack, budget) => {
    const [, alarm] = only(
      'AWS::CloudWatch::Alarm',
      (r) => r.Properties?.MetricName === 'SMSMonthToDateSpentUSD',
      stack(),
    );
    expect(alarm.Properties).toMatchObject({
      Namespace: 'AWS/SNS',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: budget,
    });
  });

  it('sweeps 48 hours back once an hour, so duties of an outage longer than the minute sweep’s lookback still fire', () => {
    const [, deep] = only('AWS::Scheduler::Schedule', (r) =>
      String(r.Properties?.Description).includes('48 hours'),
    );
    expect(deep.Properties?.ScheduleExpression).toBe('rate(1 hour)');
    expect(JSON.parse(deep.Properties?.Target.Input)).toEqual({ lookbackHours: 48 });
    // No `shards`: the deep sweep reads every shard.
    const [, minute] = ofType('AWS::Scheduler::Schedule').find(
      ([, r]) => r.Properties?.ScheduleExpression === 'rate(1 minute)',
    ) as [string, Resource];
    expect(deep.Properties?.Target.Arn).toEqual(minute.Properties?.Target.Arn);
    expect(deep.Properties?.Target.DeadLetterConfig).toEqual(minute.Properties?.Target.DeadLetterConfig);
  });

  it('alarms when sweeps are missed or keep failing', () => {
    const queueId: string = (
      ofType('AWS::Scheduler::Schedule').find(([, r]) =>
        String(r.Properties?.Description).startsWith('Invokes the duty sweeper'),
      ) as [string, Resource]
    )[1].Properties?.Target.DeadLetterConfig.Arn['Fn::GetAtt'][0];
    const [, missed] = only(
      'AWS::CloudWatch::Alarm',
      (r) =>
        r.Properties?.MetricName === 'ApproximateNumberOfMessagesVisible' &&
        r.Properties?.Dimensions?.[0]?.Value?.['Fn::GetAtt']?.[0] === queueId,
    );
    expect(missed.Properties).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    const [, errors] = alarmOn('AWS/Lambda', 'Errors');
    expect(errors.Properties?.Dimensions).toEqual([{ Name: 'FunctionName', Value: { Ref: sweeperOf()[0] } }]);
    // With a sweep per shard, 3 failures in 5 minutes: most runs of a single shard's sweep.
    expect(errors.Properties).toMatchObject({ Statistic: 'Sum', Period: 300, Threshold: 3 });
  });
});

describe('the log line the dead-duty filter reads', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is top-level JSON with message "duty sweep" and a numeric dead (as functions/duties/sweep.ts logs it)', () => {
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const report: SweepReport = { queries: 4, claimed: 3, done: 1, retried: 0, dead: 2, lost: 0, errors: 0 };
    new Logger({ serviceName: 'duties', logLevel: 'INFO' }).info('duty sweep', { ...report });
    const entry = JSON.parse(lines.join(''));
    expect(entry).toMatchObject({ message: 'duty sweep', dead: 2 });
  });
});
