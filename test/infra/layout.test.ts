import { beforeAll, describe, expect, it } from 'vitest';
import { groupRoutes, routeGroupOf, routeGroupStackId } from '../../infra/stacks/route-group-stack';
import type { RouteContract } from '../../shared/platform/http/contract';
import { allRoutes } from '../../shared/routes';
import { type Resource, type ServiceTemplates, synthService, synthTimeout } from './service-templates';

/**
 * The stack layout: the parent holds the table, Cognito, the API, its authorizer and stage, and
 * the duties; the routes live in one nested stack per route module, so the API can grow past
 * CloudFormation's 500 resources per stack. A route that moved to another stack on deploy would
 * be created there before it is deleted here, and API Gateway refuses a second route with the
 * same key: adding a route must leave every other one where it is.
 */
let service: ServiceTemplates;

beforeAll(() => {
  service = synthService();
}, synthTimeout);

const routeKeysOf = (resources: Record<string, Resource>) =>
  Object.values(resources)
    .filter((r) => r.Type === 'AWS::ApiGatewayV2::Route')
    .map((r) => r.Properties?.RouteKey as string)
    .sort();

const keyOf = (contract: RouteContract) => `${contract.method} ${contract.path}`;

describe('route groups', () => {
  it.each([
    ['functions/orders/create.ts', 'orders'],
    ['functions/order-completion/settle.ts', 'order-completion'],
    ['functions/registers/export-csv.ts', 'registers'],
    ['functions/follow-ups/nested/answer.ts', 'follow-ups'],
  ])('puts the route with entry %s in group %s (the folder of its handler)', (entry, group) => {
    expect(routeGroupOf({ id: 'x', entry })).toBe(group);
  });

  it.each([['shared/api/orders.ts'], ['functions/create.ts'], ['./functions/orders/create.ts']])(
    'refuses entry %s, which names no handler folder',
    (entry) => {
      expect(() => routeGroupOf({ id: 'x', entry })).toThrow(/not under functions\/<module>\//);
    },
  );

  it.each([
    ['orders', 'OrdersRoutes'],
    ['order-completion', 'OrderCompletionRoutes'],
  ])('names the nested stack of group %s %s', (group, id) => {
    expect(routeGroupStackId(group)).toBe(id);
  });
});

describe('stack layout (CloudFormation: 500 resources, 200 parameters per stack)', () => {
  it('puts every route in the nested stack of its module and none in the parent', () => {
    expect(routeKeysOf(service.parentResources)).toEqual([]);
    const expected = [...groupRoutes(allRoutes)].map(([group, routes]) => [
      routeGroupStackId(group),
      routes.map(keyOf).sort(),
    ]);
    const actual = service.nested.map((n) => [n.id, routeKeysOf(n.resources)]);
    expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(expected));
  });

  it('keeps the API, its authorizer and stage, the table, Cognito and the duties in the parent', () => {
    const parentTypes = new Set(Object.values(service.parentResources).map((r) => r.Type));
    for (const type of [
      'AWS::ApiGatewayV2::Api',
      'AWS::ApiGatewayV2::Authorizer',
      'AWS::ApiGatewayV2::Stage',
      'AWS::DynamoDB::GlobalTable',
      'AWS::Cognito::UserPool',
      'AWS::Scheduler::Schedule',
    ]) {
      expect(parentTypes).toContain(type);
    }
  });

  it('keeps the parent under 400 resources', () => {
    expect(Object.keys(service.parentResources).length).toBeLessThan(400);
  });

  it('keeps every nested stack under 400 resources', () => {
    const over = service.nested
      .map((n) => [n.id, Object.keys(n.resources).length] as const)
      .filter(([, count]) => count >= 400);
    expect(service.nested.length).toBeGreaterThan(1);
    expect(over).toEqual([]);
  });

  it('passes each nested stack only the table, the API and the authorizer, however many routes it has', () => {
    const resources = service.parentResources;
    const idOf = (type: string) => Object.keys(resources).find((id) => resources[id]?.Type === type);
    const table = idOf('AWS::DynamoDB::GlobalTable');
    const expected = [
      { Ref: table },
      { 'Fn::GetAtt': [table, 'Arn'] },
      { Ref: idOf('AWS::ApiGatewayV2::Api') },
      { Ref: idOf('AWS::ApiGatewayV2::Authorizer') },
    ];
    for (const n of service.nested) {
      expect(Object.keys(n.template.toJSON().Parameters ?? {})).toHaveLength(expected.length);
      expect(Object.values(n.parameters)).toEqual(expect.arrayContaining(expected));
    }
  });
});

describe('stable assignment (adding a route replaces nothing on deploy)', () => {
  const orders = allRoutes.find((r) => routeGroupOf(r) === 'orders');
  if (orders === undefined) throw new Error('allRoutes has no orders route');
  // A route of an existing module (orders) and one of a module with no routes yet, both listed
  // first and with ids that sort first, so no order-dependent naming can hide. Their entries must
  // exist (NodejsFunction checks), hence existing handler files.
  const addedOrderRoute: RouteContract = {
    ...orders,
    id: 'aaaAddedOrderRoute',
    path: '/branches/{branchId}/orders/{orderId}/added',
  };
  const addedModuleRoute: RouteContract = {
    ...orders,
    id: 'aaaAddedModuleRoute',
    entry: 'functions/auth/pre-token.ts',
    path: '/branches/{branchId}/added',
  };
  let grown: ServiceTemplates;

  beforeAll(() => {
    grown = synthService({ routes: [addedOrderRoute, addedModuleRoute, ...allRoutes] });
  }, synthTimeout);

  // With bundling skipped the code's S3 key is a placeholder that CDK caches per bundling input,
  // and the added order route reuses an existing entry, so the key is left out of the comparison.
  const withoutCodeKey = (resource: Resource | undefined) =>
    resource?.Properties?.Code ? { ...resource, Properties: { ...resource.Properties, Code: {} } } : resource;

  it('leaves every resource of every existing nested stack unchanged, with the same logical id', () => {
    for (const before of service.nested) {
      const after = grown.nested.find((n) => n.id === before.id);
      for (const [id, resource] of Object.entries(before.resources)) {
        expect(withoutCodeKey(after?.resources[id]), `${before.id}/${id}`).toEqual(withoutCodeKey(resource));
      }
    }
  });

  it('adds the route to its module’s stack and a new module as a new stack', () => {
    const orderStack = grown.nested.find((n) => n.id === 'OrdersRoutes');
    expect(routeKeysOf(orderStack?.resources ?? {})).toContain(keyOf(addedOrderRoute));
    const newStack = grown.nested.find((n) => n.id === 'AuthRoutes');
    expect(routeKeysOf(newStack?.resources ?? {})).toEqual([keyOf(addedModuleRoute)]);
  });

  it('keeps the logical id of every resource of the parent', () => {
    const after = Object.keys(grown.parentResources);
    expect(after).toEqual(expect.arrayContaining(Object.keys(service.parentResources)));
  });
});
