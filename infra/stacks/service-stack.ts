import { CfnOutput, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { RouteContract } from '../../shared/platform/http/contract';
import { allRoutes } from '../../shared/routes';
import { Api } from '../constructs/api';
import { Auth } from '../constructs/auth';
import { CustomerSite } from '../constructs/customer-site';
import { Dashboard } from '../constructs/dashboard';
import { Duties } from '../constructs/duties';
import { InboundSms } from '../constructs/inbound-sms';
import { Reports } from '../constructs/reports';
import { StreamConsumers } from '../constructs/stream-consumers';
import { ServiceTable } from '../constructs/table';
import { groupRoutes, RouteGroupStack, routeGroupStackId } from './route-group-stack';

export interface ServiceStackProps extends StackProps {
  /** The API's routes; `allRoutes` unless a test adds one to see what moves. */
  routes?: readonly RouteContract[];
}

/**
 * The whole service: this stack holds the table, Cognito, the HTTP API with its authorizer and
 * stage, the duties and the stream consumers (metrics aggregator, domain events and their bus);
 * the routes live in one nested stack per route module (`RouteGroupStack`), so the API can grow
 * past CloudFormation's 500 resources per stack. It only wires constructs (STYLE 6); each
 * concern lives in infra/constructs/.
 */
export class ServiceStack extends Stack {
  constructor(scope: Construct, id: string, props: ServiceStackProps = {}) {
    const { routes = allRoutes, ...stackProps } = props;
    super(scope, id, stackProps);

    const { table } = new ServiceTable(this, 'Data');
    const auth = new Auth(this, 'Auth', { table });
    const api = new Api(this, 'Api', { userPool: auth.userPool, client: auth.client });
    api.throttleLinkRoutes(routes);
    for (const [group, members] of groupRoutes(routes)) {
      new RouteGroupStack(this, routeGroupStackId(group), {
        group,
        routes: members,
        httpApi: api.httpApi,
        authorizer: api.authorizer,
        table,
      });
    }
    const duties = new Duties(this, 'Duties', {
      table,
      smsSenderId: this.optionalContext('smsSenderId'),
      smsOriginationNumber: this.optionalContext('smsOriginationNumber'),
      smsPerSecond: positiveNumber(this.optionalContext('smsPerSecond'), 'smsPerSecond')?.toString(),
      smsCountries: this.optionalContext('smsCountries')?.split(','),
      smsMonthlyBudgetUsd: positiveNumber(this.optionalContext('smsMonthlyBudgetUsd'), 'smsMonthlyBudgetUsd'),
    });
    // R-SELF-1: the secret self-service link tokens are derived from; only the sweeper, the one
    // function that sends SMS, may read it (once per cold start).
    const linkSecret = new Secret(this, 'LinkSecret', {
      description: 'R-SELF-1: HMAC key of the self-service link tokens (rotating it voids every link sent)',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    linkSecret.grantRead(duties.sweeper.fn);
    duties.sweeper.fn.addEnvironment('LINK_SECRET_ARN', linkSecret.secretArn);
    Validations.of(linkSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'R-SELF-1: the link secret is not rotated automatically: tokens are derived from it and a rotation would void every link in SMS already sent; it is rotated by hand when compromised',
    });
    // R-SELF-3: customers' SMS replies (End User Messaging SMS two-way → SNS → Lambda).
    const inbound = new InboundSms(this, 'InboundSms', { table });
    const streams = new StreamConsumers(this, 'StreamConsumers', { table });
    new Reports(this, 'Reports', {
      table,
      timeZones: this.optionalContext('reportTimeZones')?.split(',') ?? ['Asia/Shanghai', 'Asia/Hong_Kong'],
    });
    const dashboard = new Dashboard(this, 'Dashboard', {
      httpApi: api.httpApi,
      userPool: auth.userPool,
      signInDomainPrefix: this.optionalContext('dashboardSignInDomainPrefix'),
    });
    api.acceptClient(dashboard.signInClient);
    // R-SELF-1: the customer page at <url>/c#<token>, with /public/* on the same origin; the SMS
    // the sweeper sends carry links to it.
    const customerSite = new CustomerSite(this, 'CustomerSite', { httpApi: api.httpApi });
    duties.sweeper.fn.addEnvironment('PUBLIC_BASE_URL', customerSite.url);

    new CfnOutput(this, 'ApiUrl', { value: api.url });
    new CfnOutput(this, 'UserPoolId', { value: auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: auth.client.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'InboundSmsTopicArn', { value: inbound.topic.topicArn });
    new CfnOutput(this, 'EventBusName', { value: streams.bus.eventBusName });
    new CfnOutput(this, 'EventBusArn', { value: streams.bus.eventBusArn });
    new CfnOutput(this, 'DashboardUrl', { value: dashboard.url });
    new CfnOutput(this, 'DashboardSignIn', { value: dashboard.signInDomain.baseUrl() });
    new CfnOutput(this, 'CustomerPageUrl', { value: `${customerSite.url}/c` });
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
