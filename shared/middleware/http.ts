import middy from '@middy/core';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type { z } from 'zod';
import type { RouteContract } from '../api/contract';
import { type Actor, authorize } from '../domain/access';
import {
  MalformedRequestError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../domain/errors';
import { actorFromClaims, type Claims } from './claims';
import { toProblem } from './problem';
import { zodIssues } from './zod-issues';

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
}

export interface HttpOutput<C extends RouteContract> {
  body: C['response'] extends z.ZodType ? z.input<C['response']> : never;
  headers?: Record<string, string>;
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
        const actor = actorFromClaims(event.requestContext?.authorizer?.jwt?.claims as Claims | undefined);
        authorize(actor, contract.roles, event.pathParameters?.branchId);
        request.context.input = {
          actor,
          params: parsePart(contract.params, event.pathParameters, 'path') as never,
          query: parsePart(contract.query, event.queryStringParameters, 'query') as never,
          body: parsePart(contract.body, parseJsonBody(event), 'body') as never,
          headers: event.headers ?? {},
          requestId: event.requestContext?.requestId ?? request.context.awsRequestId,
        };
      },
    })
    .handler(async (_event, context) => {
      if (!context.input) throw new Error('access-and-input middleware did not run');
      const output = await fn(context.input as HttpInput<C>);
      return {
        statusCode: status,
        headers: { 'content-type': 'application/json', ...output.headers },
        body: status === 204 ? '' : JSON.stringify(output.body),
      };
    });
}
