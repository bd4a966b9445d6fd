import { Lazy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  type IHttpApi,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
  type ThrottleSettings,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPoolClient, UserPool } from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { isLinkRoute, type RouteContract } from '../../shared/platform/http/contract';
import { type TableAccess, TeamFunction } from './team-function';

/** GET reads; every other method changes something. One place, so a new kind of route changes one line. */
function tableAccessOf(contract: Pick<RouteContract, 'method'>): TableAccess {
  return contract.method === 'GET' ? 'read' : 'readWrite';
}

/** Stage-wide limits: a chain's staff are hundreds of people, so a burst above this is a fault or abuse. */
const defaultThrottle: ThrottleSettings = { rateLimit: 100, burstLimit: 200 };

/**
 * R-SELF-1: the public link routes' own throttle, well below the API's: a customer page makes a
 * few calls per visit; guessing is throttled here first, then per token and address by the
 * handler's counters (shared/self-service/actions/links.ts).
 */
// RouteSettings is raw CloudFormation JSON (PascalCase keys).
const publicRouteThrottle = { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 };

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
  userPool: UserPool;
  client: IUserPoolClient;
  throttle?: ThrottleSettings;
}

/**
 * The HTTP API itself: the API, its Cognito JWT authorizer (R-ACC-3), the `$default` stage with
 * the access log and the throttling. The routes are `ApiRoute`s, which the service stack places
 * in nested stacks (infra/stacks/route-group-stack.ts) so the API can grow past CloudFormation's
 * 500 resources per stack. The authorizer proves who is calling; each handler then checks role
 * and branch through the shared middleware.
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  /** The authorizer every route uses; its AWS::ApiGatewayV2::Authorizer lives in this stack. */
  readonly authorizer: HttpJwtAuthorizer;
  readonly stage: HttpStage;
  /** The app clients whose ID tokens the authorizer accepts (the `aud` claim). */
  private readonly audience: string[] = [];

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    this.audience.push(props.client.userPoolClientId);
    this.authorizer = new HttpJwtAuthorizer('Cognito', props.userPool.userPoolProviderUrl, {
      // Resolved at synthesis, so a client added later (`acceptClient`) is in the list.
      jwtAudience: Lazy.list({ produce: () => this.audience }),
    });

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Auto repair chain: customer service API',
      // A route added with `httpApi.addRoutes` gets the authorizer too; `ApiRoute` names it itself.
      defaultAuthorizer: this.authorizer,
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
  }

  /**
   * R-SELF-1: route-level throttling of the stage for the routes a self-service link authorises
   * (`auth: 'link'`); the stage and its route settings live in this stack.
   */
  throttleLinkRoutes(routes: readonly RouteContract[]): void {
    const cfn = this.stage.node.defaultChild as CfnStage;
    cfn.routeSettings = Object.fromEntries(
      routes.filter(isLinkRoute).map((r) => [`${r.method} ${r.path}`, publicRouteThrottle]),
    );
  }

  /**
   * Accepts the ID tokens of another app client of the same user pool (the HQ dashboard's): the
   * same users, roles and branches, so the handlers' checks are unchanged.
   */
  acceptClient(client: IUserPoolClient): void {
    this.audience.push(client.userPoolClientId);
  }

  /** The API's base URL (the `$default` stage serves at the root). */
  get url(): string {
    return this.httpApi.apiEndpoint;
  }
}

export interface ApiRouteProps {
  contract: RouteContract;
  httpApi: IHttpApi;
  authorizer: IHttpRouteAuthorizer;
  table: ITableV2;
}

/**
 * One route of the API: its `TeamFunction` with the table access its method needs, the route,
 * the Lambda integration and the permission for API Gateway to invoke it, all in this construct's
 * stack. `httpApi.addRoutes` would create the route in the API's stack instead, so the route is
 * built here with the authorizer named explicitly (R-ACC-3: no route without a verified identity).
 */
export class ApiRoute extends Construct {
  readonly handler: TeamFunction;
  readonly route: HttpRoute;

  constructor(scope: Construct, id: string, props: ApiRouteProps) {
    super(scope, id);
    const { contract } = props;

    this.handler = new TeamFunction(this, 'Handler', {
      entry: contract.entry,
      description: `${contract.method} ${contract.path}: ${contract.summary}`.slice(0, 256),
    }).bindTable(props.table, tableAccessOf(contract));

    // The integration and the invoke permission are created in the route's scope, so in this stack too.
    this.route = new HttpRoute(this, 'Route', {
      httpApi: props.httpApi,
      routeKey: HttpRouteKey.with(contract.path, HttpMethod[contract.method]),
      integration: new HttpLambdaIntegration('Integration', this.handler.fn),
      // R-SELF-1: a link route has no authorizer: the token in x-link-token is its only authority,
      // checked (hash lookup, expiry, purpose, rate limits) by the handler.
      authorizer: isLinkRoute(contract) ? new HttpNoneAuthorizer() : props.authorizer,
    });
    if (isLinkRoute(contract)) {
      Validations.of(this.route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'R-SELF-1: a public self-service route: customers have no account; the self-service link token (128 bits, stored as a hash, expiring, revocable, one record and purpose) sent in x-link-token authorises the call, checked by the handler, with route-level throttling',
      });
    }
  }
}
