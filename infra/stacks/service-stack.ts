import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { allRoutes } from '../../shared/api/routes/index';
import { Api } from '../constructs/api';
import { Auth } from '../constructs/auth';
import { Duties } from '../constructs/duties';
import { ServiceTable } from '../constructs/table';

/** The whole service in one stack. It only wires constructs (STYLE 6); each concern lives in infra/constructs/. */
export class ServiceStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const { table } = new ServiceTable(this, 'Data');
    const auth = new Auth(this, 'Auth', { table });
    const api = new Api(this, 'Api', {
      routes: allRoutes,
      table,
      userPool: auth.userPool,
      client: auth.client,
    });
    new Duties(this, 'Duties', {
      table,
      smsSenderId: this.optionalContext('smsSenderId'),
      smsOriginationNumber: this.optionalContext('smsOriginationNumber'),
      smsPerSecond: positiveNumber(this.optionalContext('smsPerSecond'), 'smsPerSecond')?.toString(),
      smsMonthlyBudgetUsd: positiveNumber(this.optionalContext('smsMonthlyBudgetUsd'), 'smsMonthlyBudgetUsd'),
    });

    new CfnOutput(this, 'ApiUrl', { value: api.url });
    new CfnOutput(this, 'UserPoolId', { value: auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: auth.client.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: table.tableName });
  }

  /** A context value (`cdk.json`, `--context key=value`) as a string, or undefined when unset or empty. */
  private optionalContext(key: string): string | undefined {
    const value: unknown = this.node.tryGetContext(key);
    if (value === undefined || value === null || value === '') return undefined;
    return String(value);
  }
}

function positiveNumber(value: string | undefined, key: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new Error(`Context ${key} must be a positive number, got ${value}`);
  return n;
}
