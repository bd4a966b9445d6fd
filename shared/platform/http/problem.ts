import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DomainError } from '../../kernel/errors';
import { logger } from '../logger';

/** RFC 9457 problem document. `type` is a relative URI under /problems/ documented in docs/api.md. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  [extension: string]: unknown;
}

function problemResponse(problem: Problem, headers: Record<string, string> = {}) {
  return {
    statusCode: problem.status,
    headers: { 'content-type': 'application/problem+json', ...headers },
    body: JSON.stringify(problem),
  } satisfies APIGatewayProxyStructuredResultV2;
}

/**
 * Maps any thrown value to a problem response, once for every route (STYLE 3). Domain errors
 * show their message; anything else is a 500 that shows only the request id, never internals.
 */
export function toProblem(error: unknown, requestId: string, instance?: string) {
  if (error instanceof DomainError) {
    const headers: Record<string, string> = {};
    const allow = error.extensions.allow;
    if (Array.isArray(allow)) headers.allow = allow.join(', ');
    // R-SELF-1: a throttled call says when to come back (RFC 9110 Retry-After, seconds).
    const retryAfter = error.extensions.retryAfter;
    if (typeof retryAfter === 'number') headers['retry-after'] = String(retryAfter);
    return problemResponse(
      {
        type: `/problems/${error.type}`,
        title: error.title,
        status: error.status,
        detail: error.message,
        ...(instance ? { instance } : {}),
        requestId,
        ...error.extensions,
      },
      headers,
    );
  }
  logger.error('unexpected error', { requestId, error: error instanceof Error ? error : String(error) });
  return problemResponse({
    type: '/problems/internal-error',
    title: 'Something went wrong on our side',
    status: 500,
    detail: `Quote request id ${requestId} when you report this.`,
    requestId,
  });
}
