import { createHash } from 'node:crypto';
import middy from '@middy/core';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type * as z from 'zod';
import { type Actor, authorize } from '../../kernel/access';
import {
  IdempotentReplay,
  MalformedRequestError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../kernel/errors';
import { zodIssues } from '../../kernel/zod-issues';
import type { Idempotency } from '../dynamo/records';
import { actorFromClaims, type Claims } from './claims';
import { isLinkRoute, type RouteContract } from './contract';
import { toProblem } from './problem';

/** Largest request body accepted (bytes). API Gateway allows more; the shop's records never need it. */
export const maxBodyBytes = 1024 * 1024;

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

type Parsed<T> = NonNullable<T> extends z.ZodType ? z.output<NonNullable<T>> : never;

export interface HttpInput<C extends RouteContract> {
  params: Parsed<C['params']>;
  query: Parsed<C['query']>;
  body: Parsed<C['body']>;
  actor: Actor;
  headers: Record<string, string | undefined>;
  requestId: string;
  /** Set on creates that carry an `Idempotency-Key` header; pass it to the store's create. */
  idempotency?: Idempotency;
  /**
   * R-SELF-1: on `auth: 'link'` routes, the link's token (header `x-link-token`, never the path
   * or query) and the caller's address, for the handler to resolve and rate-limit. Never log it.
   */
  link?: { token: string | undefined; sourceIp: string | undefined };
}

/**
 * Who calls a link route: nobody the staff directory knows. Actions stamp what the customer did
 * with an actor of their own once the link is resolved (the link's customer).
 */
const linkCaller: Actor = {
  staffId: 'link',
  login: 'link',
  name: 'Customer (self-service link)',
  roles: [],
  branches: [],
};

export type HttpOutput<C extends RouteContract> =
  | {
      body: C['response'] extends z.ZodType ? z.input<C['response']> : never;
      headers?: Record<string, string>;
    }
  /** A non-JSON answer (a CSV export): the contract's `produces` names its media type. */
  | { raw: string; filename?: string; headers?: Record<string, string> };

function withoutLinkToken(headers: HttpEvent['headers'] | undefined): Record<string, string | undefined> {
  const { 'x-link-token': _token, ...rest } = headers ?? {};
  return rest;
}

/** Middy's documented channel from middleware to handler: values set on the context. */
type HttpContext = Context & { input?: HttpInput<RouteContract> };

function parseJsonBody(event: HttpEvent): unknown {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(text, 'utf8') > maxBodyBytes) {
    throw new PayloadTooLargeError(`The body exceeds ${maxBodyBytes} bytes`);
  }
  const type = event.headers?.['content-type'] ?? 'application/json';
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new UnsupportedMediaTypeError(`Content-Type ${type} is not JSON`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new MalformedRequestError(`The body is not valid JSON: ${(error as Error).message}`);
  }
}

function parsePart<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (!result.success) throw new ValidationError(zodIssues(result.error, where));
  return result.data;
}

/** JSON with sorted keys, so the same body in another key order has the same fingerprint. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function idempotencyOf(contract: RouteContract, event: HttpEvent, body: unknown): Idempotency | undefined {
  const key = event.headers?.['idempotency-key'];
  if (!contract.idempotent || key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,128}$/.test(key)) {
    throw new ValidationError([
      { path: 'header.idempotency-key', message: 'Use 1-128 visible ASCII characters, for example a UUID' },
    ]);
  }
  const branchId = event.pathParameters?.branchId;
  const fingerprint = createHash('sha256')
    .update(`${contract.id}\n${event.rawPath}\n${canonical(body)}`)
    .digest('base64url');
  return { key, branchId, fingerprint };
}

/**
 * Wraps a route's domain call with the shared stack (STYLE 1): problem+json errors, the access
 * check of R-ACC-3 (before anything is read or written), body and schema parsing (R-X-4), and
 * the response mapping. The handler receives typed, validated input.
 */
export function httpHandler<C extends RouteContract>(
  contract: C,
  fn: (input: HttpInput<C>) => Promise<HttpOutput<C>>,
) {
  const status = contract.status ?? 200;
  return middy<HttpEvent, APIGatewayProxyStructuredResultV2, Error, HttpContext>()
    .use({
      name: 'problem-json',
      onError: (request) => {
        if (request.error instanceof IdempotentReplay) {
          request.response = {
            statusCode: status,
            headers: { 'content-type': 'application/json', 'idempotent-replayed': 'true' },
            body: JSON.stringify(request.error.response),
          };
          return;
        }
        request.response = toProblem(
          request.error,
          request.event.requestContext?.requestId ?? request.context.awsRequestId ?? 'unknown',
          request.event.rawPath,
        );
      },
    })
    .use({
      name: 'access-and-input',
      before: (request) => {
        const event = request.event;
        // R-SELF-1: a link route has no JWT; the token it carries is checked by the handler.
        const byLink = isLinkRoute(contract);
        const actor = byLink
          ? linkCaller
          : actorFromClaims(event.requestContext?.authorizer?.jwt?.claims as Claims | undefined);
        if (!byLink) authorize(actor, contract.roles, event.pathParameters?.branchId);
        // A route that takes no body ignores one, whatever its media type (the fuzz suite found a
        // GET with a text body refused 415, an answer its document does not list).
        const body = contract.body ? parsePart(contract.body, parseJsonBody(event), 'body') : undefined;
        const idempotency = idempotencyOf(contract, event, body);
        request.context.input = {
          actor,
          params: parsePart(contract.params, event.pathParameters, 'path') as never,
          query: parsePart(contract.query, event.queryStringParameters, 'query') as never,
          body: body as never,
          ...(idempotency ? { idempotency } : {}),
          ...(byLink
            ? {
                link: {
                  token: event.headers?.['x-link-token'],
                  sourceIp: event.requestContext?.http?.sourceIp,
                },
              }
            : {}),
          // The token reaches the handler as `link.token` only, not among headers it might echo.
          headers: byLink ? withoutLinkToken(event.headers) : (event.headers ?? {}),
          requestId: event.requestContext?.requestId ?? request.context.awsRequestId,
        };
      },
    })
    .handler(async (_event, context) => {
      if (!context.input) throw new Error('access-and-input middleware did not run');
      const output = await fn(context.input as HttpInput<C>);
      if ('raw' in output) {
        return {
          statusCode: status,
          headers: {
            'content-type': `${contract.produces ?? 'text/plain'}; charset=utf-8`,
            ...(output.filename
              ? { 'content-disposition': `attachment; filename="${output.filename}"` }
              : {}),
            ...output.headers,
          },
          body: output.raw,
        };
      }
      return {
        statusCode: status,
        headers: { 'content-type': 'application/json', ...output.headers },
        body: status === 204 ? '' : JSON.stringify(output.body),
      };
    });
}
