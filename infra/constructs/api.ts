import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
  type ThrottleSettings,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPoolClient, UserPool } from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { RouteContract } from '../../shared/api/contract';
import { type TableAccess, TeamFunction } from './team-function';

/** GET reads; every other method changes something. One place, so a new kind of route changes one line. */
export function tableAccessOf(contract: Pick<RouteContract, 'method'>): TableAccess {
  return contract.method === 'GET' ? 'read' : 'readWrite';
}

/** Stage-wide limits: a chain's staff are hundreds of people, so a burst above this is a fault or abuse. */
export const defaultThrottle: ThrottleSettings = { rateLimit: 100, burstLimit: 200 };

/**
 * Access log fields (HTTP API `$context` variables): who (`sub` of the verified token), what,
 * how it ended and how long it took. JSON so Logs Insights can query it.
 */
const accessLogFormat = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    ip: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
    sub: '$context.authorizer.claims.sub',
    routeKey: '$context.routeKey',
    path: '$context.path',
    status: '$context.status',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    authorizerError: '$context.authorizer.error',
  }),
);

export interface ApiProps {
  routes: readonly RouteContract[];
  table: ITableV2;
  userPool: UserPool;
  client: IUserPoolClient;
  throttle?: ThrottleSettings;
}

/**
 * The HTTP API: one route and one function per contract (the same list the local gateway and the
 * OpenAPI document use), every route behind the Cognito JWT authorizer (R-ACC-3). The authorizer
 * proves who is calling; each handler then checks role and branch through the shared middleware.
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  /** The function behind each route, by contract id. */
  readonly functions: ReadonlyMap<string, TeamFunction>;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    const authorizer = new HttpJwtAuthorizer('Cognito', props.userPool.userPoolProviderUrl, {
      jwtAudience: [props.client.userPoolClientId],
    });

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Auto repair chain: customer service API',
      defaultAuthorizer: authorizer,
      // The stage below carries the access log and the throttling.
      createDefaultStage: false,
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_MONTH });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      autoDeploy: true,
      throttle: props.throttle ?? defaultThrottle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: accessLogFormat,
      },
    });

    const functions = new Map<string, TeamFunction>();
    for (const contract of props.routes) {
      const fn = new TeamFunction(this, contract.id, {
        entry: contract.entry,
        description: `${contract.method} ${contract.path}: ${contract.summary}`.slice(0, 256),
      }).bindTable(props.table, tableAccessOf(contract));
      this.httpApi.addRoutes({
        path: contract.path,
        methods: [HttpMethod[contract.method]],
        integration: new HttpLambdaIntegration(`${contract.id}Integration`, fn.fn),
      });
      functions.set(contract.id, fn);
    }
    this.functions = functions;
  }

  /** The API's base URL (the `$default` stage serves at the root). */
  get url(): string {
    return this.httpApi.apiEndpoint;
  }
}
