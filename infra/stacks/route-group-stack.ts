import { Names, NestedStack, Validations } from 'aws-cdk-lib';
import type { IHttpApi, IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import type { RouteContract } from '../../shared/platform/http/contract';
import { ApiRoute } from '../constructs/api';

/**
 * The route group of a contract: the folder of its handler, `functions/<group>/...`, which is the
 * route module it comes from (shared/api/routes/<group>.ts). It depends on the contract alone, so
 * adding a route never moves another one: moving a route to another stack would create it there
 * before deleting it here, and API Gateway refuses a second route with the same key.
 */
export function routeGroupOf(contract: Pick<RouteContract, 'id' | 'entry'>): string {
  const group = /^functions\/([a-z][a-z0-9-]*)\//.exec(contract.entry)?.[1];
  if (group === undefined)
    throw new Error(`Route ${contract.id}: entry ${contract.entry} is not under functions/<module>/`);
  return group;
}

/** The routes by group, in the order of `routes` (the order does not affect any logical id). */
export function groupRoutes(routes: readonly RouteContract[]): Map<string, RouteContract[]> {
  const groups = new Map<string, RouteContract[]>();
  for (const contract of routes) {
    const group = routeGroupOf(contract);
    groups.set(group, [...(groups.get(group) ?? []), contract]);
  }
  return groups;
}

/** `order-completion` → `OrderCompletionRoutes`: the nested stack's id, so its logical id in the parent. */
export function routeGroupStackId(group: string): string {
  const pascal = group
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
  return `${pascal}Routes`;
}

export interface RouteGroupStackProps {
  /** The group's name (`routeGroupOf`), for the description. */
  group: string;
  routes: readonly RouteContract[];
  httpApi: IHttpApi;
  authorizer: IHttpRouteAuthorizer;
  table: ITableV2;
}

/**
 * The routes of one route module, each an `ApiRoute` (function, log group, role, policy, route,
 * integration, permission: 7 resources), in a nested stack of their own. The HTTP API, its
 * authorizer and the table stay in the parent and arrive here as a handful of parameters, however
 * many routes the group has. CDK fails the synth of any stack above 500 resources; test/infra
 * keeps each one below 400.
 */
export class RouteGroupStack extends NestedStack {
  readonly routes: ReadonlyMap<string, ApiRoute>;

  constructor(scope: Construct, id: string, props: RouteGroupStackProps) {
    super(scope, id, { description: `Auto repair chain API: the routes of functions/${props.group}/` });

    const routes = new Map<string, ApiRoute>();
    for (const contract of props.routes) {
      routes.set(
        contract.id,
        new ApiRoute(this, contract.id, {
          contract,
          httpApi: props.httpApi,
          authorizer: props.authorizer,
          table: props.table,
        }),
      );
    }
    this.routes = routes;

    // TeamFunction.bindTable acknowledges this finding as the parent stack writes the table ARN
    // (`<Table.Arn>`); here the ARN is a parameter, which cdk-nag writes as `<parameter name>`.
    Validations.of(this).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nestedArnFinding(props.table)}/index/*]`,
      reason:
        'Queries by GSI need the index ARNs: the grant names the one table (passed in from the parent stack) and its indexes (index/*), with item actions only and no Scan',
    });
  }
}

/**
 * The table ARN as cdk-nag writes it in a nested stack: CDK passes a parent stack's attribute in
 * as the parameter `referenceto<producer's unique id><attribute>`, and cdk-nag writes a Ref as
 * `<name>`. test/infra/nag.test.ts fails the day CDK names that parameter differently.
 */
function nestedArnFinding(table: ITableV2): string {
  const resource = table.node.defaultChild;
  if (resource === undefined) throw new Error(`Table ${table.node.path} has no resource to reference`);
  return `<referenceto${Names.nodeUniqueId(resource.node)}Arn>`;
}
