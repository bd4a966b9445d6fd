import type { Template } from 'aws-cdk-lib/assertions';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { roles } from '../../shared/kernel/access';
import { tableDefinition } from '../../shared/platform/dynamo/table';
import { allRoutes } from '../../shared/routes';
import { type Resource, synthService, synthTimeout } from './service-templates';

/**
 * Assertions on the synthesized templates. The routes live in nested stacks (their layout is
 * test/infra/layout.test.ts), so the route and function checks read `resources`: the parent's and
 * every nested stack's resources as one graph, nested parameters replaced by what the parent
 * passes. Checks of the parent's own resources (table, Cognito, stage) use its `template`.
 */
let template: Template;
let resources: Record<string, Resource>;

beforeAll(() => {
  ({ parent: template, resources } = synthService());
}, synthTimeout);

/**
 * CDK's own BucketDeployment function (the dashboard's upload, with its managed-policy role) is
 * not a team function; test/infra/dashboard.test.ts reviews it and its cdk-nag acknowledgements.
 */
const cdkManaged = /^CustomCDKBucketDeployment/;

function ofType(type: string): [string, Resource][] {
  return Object.entries(resources).filter(([id, r]) => r.Type === type && !cdkManaged.test(id));
}

/** The logical id of the one resource of `type`. */
function onlyIdOf(type: string): string {
  const ids = ofType(type).map(([id]) => id);
  expect(ids).toHaveLength(1);
  return ids[0] ?? '';
}

function routeFor(contract: { method: string; path: string }): Resource | undefined {
  return ofType('AWS::ApiGatewayV2::Route').find(
    ([, r]) => r.Properties?.RouteKey === `${contract.method} ${contract.path}`,
  )?.[1];
}

/** Route → integration → function → role → the actions its policies allow (the deployed wiring). */
function wiringOf(contract: { method: string; path: string }) {
  const route = routeFor(contract);
  const integrationId: string = route?.Properties?.Target['Fn::Join'][1][1].Ref;
  const integration = resources[integrationId];
  const functionId: string = integration?.Properties?.IntegrationUri['Fn::GetAtt'][0];
  const fn = resources[functionId];
  const roleId: string = fn?.Properties?.Role['Fn::GetAtt'][0];
  const statements = ofType('AWS::IAM::Policy')
    .filter(([, p]) => p.Properties?.Roles.some((r: { Ref?: string }) => r.Ref === roleId))
    .flatMap(([, p]) => p.Properties?.PolicyDocument.Statement as { Action: string | string[] }[]);
  const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
  return { fn, role: resources[roleId], actions };
}

/** `[label, contract]` rows, so test names show the whole route rather than a truncated object. */
const routeRows = (routes: typeof allRoutes) =>
  routes.map((r) => [`${r.method} ${r.path} (${r.id})`, r] as const);

const writeActions = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
];

describe('HTTP API (R-ACC-3: no route without a verified identity)', () => {
  it('has exactly one route per contract of allRoutes, across the nested stacks', () => {
    const keys = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties?.RouteKey);
    expect(keys.sort()).toEqual(allRoutes.map((r) => `${r.method} ${r.path}`).sort());
  });

  it.each(routeRows(allRoutes.filter((r) => r.auth !== 'link')))(
    '%s requires the Cognito JWT authorizer (R-ACC-3)',
    (_, contract) => {
      const route = routeFor(contract);
      expect(route?.Properties?.AuthorizationType).toBe('JWT');
      expect(route?.Properties?.AuthorizerId).toEqual({ Ref: onlyIdOf('AWS::ApiGatewayV2::Authorizer') });
    },
  );

  it.each(routeRows(allRoutes.filter((r) => r.auth === 'link')))(
    '%s is public: no authorizer (the link token is checked by the handler), its own stage throttle (R-SELF-1)',
    (_, contract) => {
      const route = routeFor(contract);
      expect(route?.Properties?.AuthorizationType).toBe('NONE');
      expect(contract.path.startsWith('/public/')).toBe(true);
      const stage = ofType('AWS::ApiGatewayV2::Stage')[0]?.[1];
      expect(stage?.Properties?.RouteSettings?.[`${contract.method} ${contract.path}`]).toEqual({
        ThrottlingRateLimit: 10,
        ThrottlingBurstLimit: 20,
      });
    },
  );

  it('keeps the link secret readable by the sweeper only, the one function that sends SMS (R-SELF-1)', () => {
    const secret = onlyIdOf('AWS::SecretsManager::Secret');
    const readers = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p).includes(`"Ref":"${secret}"`),
    );
    expect(readers).toHaveLength(1);
    expect(JSON.stringify(readers[0])).toMatch(/Sweeper/);
  });

  it('accepts only ID tokens of our user pool and its two app clients (staff apps, HQ dashboard)', () => {
    const poolId = onlyIdOf('AWS::Cognito::UserPool');
    const clients = Object.keys(template.findResources('AWS::Cognito::UserPoolClient')).sort();
    expect(clients).toEqual([
      expect.stringMatching(/^AuthUserPoolWebClient/),
      expect.stringMatching(/^DashboardSignInClient/),
    ]);
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: clients.map((id) => ({ Ref: id })),
        Issuer: { 'Fn::GetAtt': [poolId, 'ProviderURL'] },
      },
    });
  });

  it('logs every request to a log group with a retention and throttles the stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] },
        Format: Match.stringLikeRegexp('\\$context\\.requestId'),
      },
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
    });
    const stage = resources[onlyIdOf('AWS::ApiGatewayV2::Stage')];
    const logGroup = resources[stage?.Properties?.AccessLogSettings.DestinationArn['Fn::GetAtt'][0]];
    expect(logGroup?.Type).toBe('AWS::Logs::LogGroup');
    expect(logGroup?.Properties?.RetentionInDays).toBeGreaterThan(0);
  });
});

describe('the table (ARCHITECTURE "One DynamoDB table")', () => {
  it('is on-demand, streams old and new images, and is encrypted with the AWS managed key', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      KeySchema: [
        { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
        { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
      ],
    });
  });

  it('keeps the data: point-in-time recovery, deletion protection, and Retain on stack deletion', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        Replicas: [
          Match.objectLike({
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
      },
    });
  });

  it.each(Object.entries(tableDefinition.indexes))(
    'has the GSI %s with string keys and ALL projected',
    (name, keys) => {
      template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        GlobalSecondaryIndexes: Match.arrayWith([
          {
            IndexName: name,
            KeySchema: [
              { AttributeName: keys.partitionKey, KeyType: 'HASH' },
              { AttributeName: keys.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ]),
        AttributeDefinitions: Match.arrayWith([
          { AttributeName: keys.partitionKey, AttributeType: 'S' },
          { AttributeName: keys.sortKey, AttributeType: 'S' },
        ]),
      });
    },
  );
});

describe('functions (STYLE 6: the team function defaults)', () => {
  it('runs every function on nodejs22.x, arm64, 512 MB, with source maps enabled', () => {
    const functions = ofType('AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThanOrEqual(allRoutes.length);
    for (const [, fn] of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        MemorySize: 512,
        Handler: 'index.handler',
        Environment: { Variables: { NODE_OPTIONS: '--enable-source-maps' } },
      });
    }
  });

  // The duty sweeper runs longer on purpose (120 s, test/infra/duties.test.ts).
  it.each(routeRows(allRoutes))('%s times out after the default 10 s', (_, contract) => {
    expect(wiringOf(contract).fn?.Properties?.Timeout).toBe(10);
  });

  it('gives every function its own log group with a retention', () => {
    const functions = ofType('AWS::Lambda::Function');
    const logGroupIds = functions.map(([, fn]) => fn.Properties?.LoggingConfig?.LogGroup?.Ref as string);
    expect(new Set(logGroupIds).size).toBe(functions.length);
    for (const id of logGroupIds) {
      expect(resources[id]?.Type).toBe('AWS::Logs::LogGroup');
      expect(resources[id]?.Properties?.RetentionInDays).toBeGreaterThan(0);
    }
  });

  it('attaches no AWS managed policy to any role (cdk-nag IAM4 avoided, not acknowledged)', () => {
    for (const [, role] of ofType('AWS::IAM::Role')) {
      expect(role.Properties?.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('never allows a Scan (ARCHITECTURE: no Scan on any request path)', () => {
    const statements: { Action: string | string[] }[] = ofType('AWS::IAM::Policy').flatMap(
      ([, p]) => p.Properties?.PolicyDocument.Statement ?? [],
    );
    const actions = statements.flatMap((s) => s.Action);
    expect(actions).not.toContain('dynamodb:Scan');
    expect(actions.filter((a) => a.endsWith('*'))).toEqual([]);
  });

  it('gives every route its own function (its own role, so grants differ per route)', () => {
    const functions = new Set(allRoutes.map((contract) => wiringOf(contract).fn));
    expect(functions.size).toBe(allRoutes.length);
  });

  it.each(routeRows(allRoutes))('%s runs a function with TABLE_NAME set', (_, contract) => {
    const { fn } = wiringOf(contract);
    const tableId = onlyIdOf('AWS::DynamoDB::GlobalTable');
    expect(fn?.Type).toBe('AWS::Lambda::Function');
    expect(fn?.Properties?.Environment.Variables.TABLE_NAME).toEqual({ Ref: tableId });
  });

  const reads = allRoutes.filter((r) => r.method === 'GET');
  const writes = allRoutes.filter((r) => r.method !== 'GET');

  it.each(routeRows(reads))('%s may read the table but not write it (least privilege)', (_, contract) => {
    const { actions } = wiringOf(contract);
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
    expect(actions.filter((a) => writeActions.includes(a))).toEqual([]);
  });

  it.each(routeRows(writes))('%s may write the table', (_, contract) => {
    const { actions } = wiringOf(contract);
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem']));
  });
});

describe('staff sign-in (R-ACC-1..3)', () => {
  it('lets only an admin create accounts, requires TOTP MFA and a strong password', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: Match.anyValue(),
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
      DeletionProtection: 'ACTIVE',
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'branches', AttributeDataType: 'String', Mutable: true }),
      ]),
    });
  });

  it('has one group per role, named after the role (cognito:groups carries the roles)', () => {
    const groups = ofType('AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties?.GroupName);
    expect(groups.sort()).toEqual([...roles].sort());
  });

  it('issues ID tokens with custom:branches to a public SRP client that cannot change its own branches', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: Match.arrayWith(['ALLOW_USER_SRP_AUTH']),
      ReadAttributes: Match.arrayWith(['custom:branches']),
    });
    const clients = ofType('AWS::Cognito::UserPoolClient');
    const web = clients.find(([id]) => id.startsWith('AuthUserPoolWebClient'))?.[1];
    expect(web?.Properties?.AllowedOAuthFlows).toBeUndefined();
    for (const [, client] of clients) {
      expect(client.Properties?.GenerateSecret).toBe(false);
      expect(client.Properties?.ExplicitAuthFlows).not.toContain('ALLOW_USER_PASSWORD_AUTH');
      expect(client.Properties?.WriteAttributes ?? []).not.toContain('custom:branches');
    }
  });
});
