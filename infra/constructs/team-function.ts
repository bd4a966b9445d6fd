import { fileURLToPath } from 'node:url';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, type CfnFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import {
  type BundlingOptions,
  NodejsFunction,
  OutputFormat,
  SourceMapMode,
} from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** The repository root: entries, package-lock.json and tsconfig.json are resolved from here. */
const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/** What a function may do with the table: GET routes read, every other route reads and writes. */
export type TableAccess = 'read' | 'readWrite';

/**
 * Least privilege, spelled out rather than `grantReadData`: those grants include Scan, and no
 * request path may scan (ARCHITECTURE "No Scan on any request path"), so IAM enforces the rule.
 * TransactWriteItems and TransactGetItems are authorized by the item actions they contain.
 */
const tableActions: Record<TableAccess, readonly string[]> = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
  readWrite: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:ConditionCheckItem',
  ],
};

/**
 * esbuild's ESM output keeps a CommonJS dependency's `require('x')` as a call to `require`, which
 * ES modules lack; this banner defines it. The alias keeps clear of any bundled `createRequire`.
 */
const requireBanner =
  "import { createRequire as __teamCreateRequire } from 'node:module'; const require = __teamCreateRequire(import.meta.url);";

/**
 * How every function is bundled; `npm run bench` (test/bench/cold-start.ts) bundles each entry with
 * these very options to measure its cold start.
 */
export const teamBundling = {
  format: OutputFormat.ESM,
  target: 'node22',
  mainFields: ['module', 'main'],
  banner: requireBanner,
  minify: true,
  sourceMap: true,
  sourceMapMode: SourceMapMode.DEFAULT,
  // Stack traces need the mappings, not a copy of the sources: a smaller map loads faster.
  sourcesContent: false,
  // Bundle the AWS SDK instead of using the runtime's copy: the version we test is the
  // version that runs, and tree-shaking keeps only the clients a handler imports.
  externalModules: [],
} satisfies BundlingOptions;

/** NODE_OPTIONS of every function (the bench runs its cold starts with them too). */
export const teamNodeOptions = '--enable-source-maps';

export interface TeamFunctionProps {
  /** Handler file, relative to the repository root (a route contract's `entry`). */
  entry: string;
  description?: string;
  /** Powertools service name (POWERTOOLS_SERVICE_NAME). */
  serviceName?: string;
  environment?: Record<string, string>;
  timeout?: Duration;
  memorySize?: number;
}

/**
 * Every Lambda function of the product, with the team's defaults in one place (STYLE 6): Node 22
 * on arm64, ESM, minified, source maps, its own log group with a retention, and a role that may
 * write to that log group and to nothing else until a `bind*` helper grants a resource together
 * with the environment variable that names it.
 */
export class TeamFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: TeamFunctionProps) {
    super(scope, id);

    // Created here rather than by Lambda on first write, so the retention is set from the start
    // and no LogRetention custom resource (with its own managed-policy role) is needed.
    this.logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH });

    // An explicit role instead of the default one: the default attaches the AWS managed
    // AWSLambdaBasicExecutionRole (cdk-nag IAM4), which may write to every log group of the
    // account. This role's inline policy names its own log group only.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.entry}`,
    });
    this.logGroup.grantWrite(this.role);

    this.fn = new NodejsFunction(this, 'Function', {
      entry: `${projectRoot}${props.entry}`,
      handler: 'handler',
      projectRoot,
      depsLockFilePath: `${projectRoot}package-lock.json`,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      role: this.role,
      logGroup: this.logGroup,
      ...(props.description ? { description: props.description } : {}),
      environment: {
        NODE_OPTIONS: teamNodeOptions,
        POWERTOOLS_SERVICE_NAME: props.serviceName ?? 'auto-repair',
        ...props.environment,
      },
      bundling: teamBundling,
    });

    // Node 22 is the project's fixed runtime (ARCHITECTURE "Fixed choices"): the local runtime
    // and the tests run the same major version, so moving to a newer one is a deliberate upgrade.
    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x is the fixed runtime of the project (docs/architecture.md); the local runtime and tests use Node 22 too, so a newer runtime is a deliberate, tested upgrade',
    });
  }

  /**
   * Gives the function the table: TABLE_NAME plus the actions of `access` on the table and its
   * indexes, never more (read-only routes cannot write).
   */
  bindTable(table: ITableV2, access: TableAccess): this {
    this.fn.addEnvironment('TABLE_NAME', table.tableName);
    table.grant(this.role, ...tableActions[access]);
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${arnFinding(table)}/index/*]`,
      reason:
        'Queries by GSI need the index ARNs: the grant names this one table and its indexes (index/*), with item actions only and no Scan',
    });
    return this;
  }

  /**
   * Lets the function send SMS with SNS Publish to a phone number (R-X-1) and nothing else.
   * A PhoneNumber publish has no resource ARN, so IAM authorizes it against `*`: no `Resource`
   * can name it. `NotResource` on every SNS ARN is the narrowest grant that still allows it: the
   * role may publish to a phone number but not to any topic or mobile push endpoint (all of
   * which are `arn:<partition>:sns:...`) of this or another account.
   */
  allowSmsPublish(): this {
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['sns:Publish'], notResources: ['arn:*:sns:*:*:*'] }),
    );
    return this;
  }

  /** Caps the concurrent executions of this function (a singleton worker: `1`). */
  reserveConcurrency(executions: number): this {
    this.cfnFunction().reservedConcurrentExecutions = executions;
    return this;
  }

  /**
   * Asynchronous invocations that Lambda gives up on (retries spent or too old) go to `queue`
   * instead of being dropped silently; the role may send to that queue only.
   */
  deadLetterTo(queue: IQueue): this {
    this.cfnFunction().deadLetterConfig = { targetArn: queue.queueArn };
    queue.grantSendMessages(this.role);
    return this;
  }

  private cfnFunction(): CfnFunction {
    return this.fn.node.defaultChild as CfnFunction;
  }
}

/** The table ARN as cdk-nag writes it in a finding: `<LogicalId.Arn>` for a table of this app. */
function arnFinding(table: ITableV2): string {
  const arn: unknown = Stack.of(table).resolve(table.tableArn);
  if (typeof arn === 'string') return arn;
  const getAtt = (arn as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
  if (!getAtt) throw new Error(`Cannot name the ARN of table ${table.node.path} for cdk-nag`);
  return `<${getAtt[0]}.${getAtt[1]}>`;
}
