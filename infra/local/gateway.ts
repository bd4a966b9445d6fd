import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { type FieldIssue, NotFoundError, ValidationError } from '../../shared/kernel/errors';
import type { RouteContract } from '../../shared/platform/http/contract';
import { toProblem } from '../../shared/platform/http/problem';
import { allRoutes } from '../../shared/routes';

/**
 * The local stand-in for API Gateway's HTTP API: matches a request to its route contract,
 * builds the same event (payload 2.0, JWT authorizer claims) and invokes the same handler file
 * that CDK deploys. Token verification happens before this (see auth.ts), as in AWS.
 */
export interface GatewayRequest {
  method: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
  /** Verified JWT claims; undefined for an unauthenticated call (a link route, R-SELF-1). */
  claims?: Record<string, unknown>;
  /** The caller's address, as API Gateway's `requestContext.http.sourceIp` (rate limits of link routes). */
  sourceIp?: string;
}

export interface GatewayResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

type Handler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<unknown>;

interface CompiledRoute {
  contract: RouteContract;
  pattern: RegExp;
  names: string[];
}

const root = resolve(import.meta.dirname, '../..');

function compile(contract: RouteContract): CompiledRoute {
  const names: string[] = [];
  const source = contract.path
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment)?.[1];
      if (param === undefined) return segment.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
      names.push(param);
      return '([^/]+)';
    })
    .join('/');
  return { contract, pattern: new RegExp(`^${source}/?$`), names };
}

/** Literal segments win over parameters, as in API Gateway (`/customers/search` before `/customers/{id}`). */
function specificity(route: CompiledRoute): number {
  return (
    route.contract.path.split('/').filter((s) => s && !s.startsWith('{')).length * 100 - route.names.length
  );
}

const notDecodable = 'Not a valid percent-encoded UTF-8 value (a % must start %XX, XX hexadecimal)';

/**
 * A path segment as API Gateway hands it to the handler: percent-decoded. A malformed sequence
 * (`%ZZ`, a bare `%`, a cut or overlong UTF-8 sequence such as `%E0%A4%A` or `%C0%AE`) has no
 * value: the front door refuses the request (400, before the authorizer), it never reaches a
 * handler and is never a 500.
 */
function decodeParam(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * API Gateway flattens claims for the handler: every value becomes a string and an array
 * becomes "[a b]". The local gateway does the same so handlers meet one shape.
 */
export function flattenClaims(claims: Record<string, unknown>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(claims)) {
    flat[name] = Array.isArray(value) ? `[${value.join(' ')}]` : String(value);
  }
  return flat;
}

function lambdaContext(name: string, requestId: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${name}`,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export class Gateway {
  private readonly routes: CompiledRoute[];
  private readonly handlers = new Map<string, Promise<Handler>>();

  constructor(contracts: RouteContract[] = allRoutes) {
    this.routes = contracts.map(compile).sort((a, b) => specificity(b) - specificity(a));
  }

  private handlerOf(contract: RouteContract): Promise<Handler> {
    let loaded = this.handlers.get(contract.entry);
    if (!loaded) {
      loaded = import(pathToFileURL(resolve(root, contract.entry)).href).then(
        (m: { handler: Handler }) => m.handler,
      );
      this.handlers.set(contract.entry, loaded);
    }
    return loaded;
  }

  /**
   * The route a method and path reach, or the 404 API Gateway answers (an HTTP API without a
   * `$default` route has no 405: a path known with other methods is not found either), or the
   * 400 of a path parameter that cannot be percent-decoded (naming `path.<name>`).
   */
  match(method: string, path: string): { contract: RouteContract; params: Record<string, string> } {
    const allowed: string[] = [];
    for (const route of this.routes) {
      const m = route.pattern.exec(path);
      if (!m) continue;
      if (route.contract.method !== method) {
        allowed.push(route.contract.method);
        continue;
      }
      const params: Record<string, string> = {};
      const undecodable: FieldIssue[] = [];
      route.names.forEach((name, i) => {
        const value = decodeParam(m[i + 1] ?? '');
        if (value === undefined) undecodable.push({ path: `path.${name}`, message: notDecodable });
        else params[name] = value;
      });
      if (undecodable.length > 0) throw new ValidationError(undecodable);
      return { contract: route.contract, params };
    }
    const other = allowed.length > 0 ? ` (the path takes ${allowed.join(', ')})` : '';
    throw new NotFoundError(`No route for ${method} ${path}${other}`);
  }

  async dispatch(request: GatewayRequest): Promise<GatewayResponse> {
    const requestId = randomUUID();
    let matched: ReturnType<Gateway['match']>;
    try {
      matched = this.match(request.method.toUpperCase(), request.path);
    } catch (error) {
      return fromResult(toProblem(error, requestId, request.path));
    }
    const { contract, params } = matched;
    const headers = Object.fromEntries(
      Object.entries(request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
    );
    const rawQueryString = new URLSearchParams(request.query ?? {}).toString();
    const now = new Date();
    const routeKey = `${contract.method} ${contract.path}`;
    const event: APIGatewayProxyEventV2WithJWTAuthorizer = {
      version: '2.0',
      routeKey,
      rawPath: request.path,
      rawQueryString,
      headers,
      ...(request.query && Object.keys(request.query).length > 0
        ? { queryStringParameters: request.query }
        : {}),
      ...(Object.keys(params).length > 0 ? { pathParameters: params } : {}),
      ...(request.body !== undefined && request.body !== '' ? { body: request.body } : {}),
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: headers.host ?? 'localhost',
        domainPrefix: 'localhost',
        http: {
          method: contract.method,
          path: request.path,
          protocol: 'HTTP/1.1',
          sourceIp: request.sourceIp ?? '127.0.0.1',
          userAgent: headers['user-agent'] ?? '',
        },
        requestId,
        routeKey,
        stage: '$default',
        time: now.toISOString(),
        timeEpoch: now.getTime(),
        authorizer: {
          principalId: '',
          integrationLatency: 0,
          jwt: { claims: flattenClaims(request.claims ?? {}), scopes: [] },
        },
      },
    };
    const handler = await this.handlerOf(contract);
    const result = (await handler(
      event,
      lambdaContext(contract.id, requestId),
    )) as APIGatewayProxyStructuredResultV2;
    return fromResult(result);
  }
}

function fromResult(result: APIGatewayProxyStructuredResultV2): GatewayResponse {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(result.headers ?? {})) headers[k] = String(v);
  return { status: result.statusCode ?? 200, headers, body: result.body ?? '' };
}
