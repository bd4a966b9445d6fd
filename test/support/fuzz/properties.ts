import type { GatewayResponse } from '../../../infra/local/gateway';
import { isBranchScoped, isLinkRoute, type RouteContract } from '../../../shared/platform/http/contract';
import { problemSchema } from '../../../shared/platform/http/openapi';
import { checkAnswer } from '../contract-check';
import type { FuzzRequest } from './requests';

/**
 * What every answer of the API must satisfy, whatever was sent (R-X-4, R-ACC-3). Each check
 * throws an Error naming the broken property; fast-check then shrinks the request and prints it.
 */

const chainWide = ['hq', 'admin'];

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return String(value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function decodedBranch(path: string, route: RouteContract): string | undefined {
  const at = route.path.split('/').indexOf('{branchId}');
  if (at < 0) return undefined;
  const raw = path.split('/')[at] ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/**
 * The access oracle, written apart from the code under test: a verified ID token with a subject,
 * one of the route's roles, and for branch data the branch (only HQ and admin hold every branch).
 */
function mayAccess(route: RouteContract, request: FuzzRequest): boolean {
  if (isLinkRoute(route)) return false; // no random token is a valid link
  const claims = request.claims;
  if (!claims || typeof claims.sub !== 'string' || claims.sub === '') return false;
  if (claims.token_use !== undefined && claims.token_use !== 'id') return false;
  const held = list(claims['cognito:groups']);
  if (!held.some((r) => (route.roles as readonly string[]).includes(r))) return false;
  const branches = list(claims['custom:branches']);
  const everyBranch = branches.includes('*');
  if (everyBranch && !held.some((r) => chainWide.includes(r))) return false;
  if (!isBranchScoped(route)) return true;
  const branch = decodedBranch(request.path, route);
  return everyBranch || (branch !== undefined && branches.includes(branch));
}

function fail(property: string, response: GatewayResponse): never {
  throw new Error(`${property}: answered ${response.status} ${response.body.slice(0, 600)}`);
}

const fieldPath = /^(body|query|path|header)(\.|$)/;

/**
 * `route` is the route the gateway matched for the request's method and path (undefined when
 * none did: the gateway's own 404 or 400, which must not be a success either).
 */
export function checkResponse(
  route: RouteContract | undefined,
  request: FuzzRequest,
  response: GatewayResponse,
): void {
  if (response.status >= 500) fail('no 5xx for any input (R-X-4)', response);
  const ok = response.status >= 200 && response.status < 300;
  if (ok && (!route || !mayAccess(route, request))) {
    fail("no 2xx without the route's role and branch (R-ACC-3)", response);
  }
  let body: unknown = response.body;
  const contentType = response.headers['content-type'];
  if (response.status >= 400) {
    if (!contentType?.startsWith('application/problem+json')) {
      fail(`every 4xx is application/problem+json, not ${contentType} (R-X-4)`, response);
    }
    try {
      body = JSON.parse(response.body);
    } catch {
      fail('the problem document is not JSON (R-X-4)', response);
    }
    const problem = problemSchema.safeParse(body);
    if (!problem.success) fail(`not a problem document: ${problem.error.message} (R-X-4)`, response);
    const p = problem.data;
    if (p.status !== response.status) fail(`the problem's status ${p.status} is not the answer's`, response);
    if (!p.type.startsWith('/problems/') || p.title.trim() === '')
      fail('a problem has a type and a title', response);
    if (p.type === '/problems/validation-error') {
      const named = p.errors ?? [];
      if (named.length === 0) fail('a validation error names the field (R-X-4)', response);
      for (const e of named) {
        if (!fieldPath.test(e.path) || e.message.trim() === '') {
          fail(
            `a validation error names the field as body./query./path./header. (got "${e.path}") (R-X-4)`,
            response,
          );
        }
      }
    }
  } else if (contentType && /json/.test(contentType) && response.body) {
    body = JSON.parse(response.body);
  }
  // Matched routes: the status is one the document lists, the body its schema (R-X-4).
  checkAnswer({
    method: request.method,
    path: request.path,
    status: response.status,
    contentType,
    body,
  });
  if (route && isLinkRoute(route)) {
    // R-SELF-1: a random or wrong link is not found, gone or rate-limited; a malformed request is
    // refused before the token is read (400, 413, 415); no token at all may be 401.
    const token = request.headers['x-link-token'] !== undefined;
    const allowed = token ? [400, 404, 410, 413, 415, 429] : [400, 401, 404, 413, 415, 429];
    if (!allowed.includes(response.status)) {
      fail(`a random or wrong link token is ${allowed.join(', ')} (R-SELF-1)`, response);
    }
  }
}
