import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { flattenClaims, Gateway } from '../../infra/local/gateway';
import type { Actor } from '../../shared/kernel/access';
import { authorize } from '../../shared/kernel/access';
import { ConflictError, ForbiddenError, NotFoundError } from '../../shared/kernel/errors';
import { actorFromClaims } from '../../shared/platform/http/claims';
import { defineRoute } from '../../shared/platform/http/contract';
import { httpHandler, maxBodyBytes } from '../../shared/platform/http/stack';

const route = defineRoute({
  id: 'testRoute',
  method: 'POST',
  path: '/branches/{branchId}/things',
  entry: 'unused.ts',
  summary: 'test',
  tag: 'Test',
  roles: ['advisor'],
  params: z.strictObject({ branchId: z.string() }),
  body: z.strictObject({ name: z.string(), count: z.number().int(), tags: z.array(z.string()).optional() }),
  response: z.object({ ok: z.boolean() }),
  status: 201,
});

function event(
  body: string | undefined,
  claims: Record<string, unknown> = { sub: 'S1', 'cognito:groups': ['advisor'], 'custom:branches': 'SZ' },
  headers: Record<string, string> = { 'content-type': 'application/json' },
): APIGatewayProxyEventV2WithJWTAuthorizer {
  return {
    version: '2.0',
    routeKey: 'POST /branches/{branchId}/things',
    rawPath: '/branches/SZ/things',
    rawQueryString: '',
    headers,
    pathParameters: { branchId: 'SZ' },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: false,
    requestContext: {
      requestId: 'req-1',
      authorizer: {
        jwt: { claims: flattenClaims(claims), scopes: [] },
        principalId: '',
        integrationLatency: 0,
      },
    },
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}

const context = { awsRequestId: 'aws-1' } as Context;

async function run(fn: () => Promise<{ body: { ok: boolean } }>, e: APIGatewayProxyEventV2WithJWTAuthorizer) {
  const handler = httpHandler(route, fn);
  const result = await handler(e, context);
  return { ...result, json: result.body ? JSON.parse(result.body) : undefined };
}

const ok = async () => ({ body: { ok: true } });

describe('the HTTP stack (R-X-4, R-ACC-3)', () => {
  it('answers a valid call with the route status and JSON', async () => {
    const result = await run(ok, event(JSON.stringify({ name: 'a', count: 1 })));
    expect(result.statusCode).toBe(201);
    expect(result.json).toEqual({ ok: true });
  });

  it.each([
    ['a missing field', { count: 1 }, 'body.name'],
    ['a wrong type', { name: 'a', count: 'one' }, 'body.count'],
    ['an unknown field', { name: 'a', count: 1, colour: 'red' }, 'body.colour'],
    ['a wrong type deep inside', { name: 'a', count: 1, tags: ['x', 2] }, 'body.tags.1'],
  ])('refuses %s with 400 naming the field', async (_case, body, path) => {
    let called = false;
    const result = await run(
      async () => {
        called = true;
        return { body: { ok: true } };
      },
      event(JSON.stringify(body)),
    );
    expect(result.statusCode).toBe(400);
    expect(result.headers?.['content-type']).toBe('application/problem+json');
    expect(result.json.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(called).toBe(false);
  });

  it('refuses malformed JSON with 400', async () => {
    const result = await run(ok, event('{"name": '));
    expect(result.statusCode).toBe(400);
    expect(result.json.type).toBe('/problems/malformed-request');
  });

  it('refuses a body over 1 MiB with 413', async () => {
    const result = await run(ok, event(JSON.stringify({ name: 'x'.repeat(maxBodyBytes), count: 1 })));
    expect(result.statusCode).toBe(413);
  });

  it('refuses a body that is not JSON with 415', async () => {
    const result = await run(
      ok,
      event('name=a', undefined, { 'content-type': 'application/x-www-form-urlencoded' }),
    );
    expect(result.statusCode).toBe(415);
  });

  it('refuses a caller without the role with 403 and the reason, before the handler runs (R-ACC-3)', async () => {
    let called = false;
    const result = await run(
      async () => {
        called = true;
        return { body: { ok: true } };
      },
      event(JSON.stringify({ name: 'a', count: 1 }), {
        sub: 'S2',
        'cognito:groups': ['cashier'],
        'custom:branches': 'SZ',
      }),
    );
    expect(result.statusCode).toBe(403);
    expect(result.json.detail).toContain('advisor');
    expect(called).toBe(false);
  });

  it('refuses staff of another branch with 403 (R-ACC-3)', async () => {
    const result = await run(
      ok,
      event(JSON.stringify({ name: 'a', count: 1 }), {
        sub: 'S3',
        'cognito:groups': ['advisor'],
        'custom:branches': 'GZ',
      }),
    );
    expect(result.statusCode).toBe(403);
    expect(result.json.detail).toContain('SZ');
  });

  it('refuses a call without claims with 401', async () => {
    const result = await run(ok, event(JSON.stringify({ name: 'a', count: 1 }), {}));
    expect(result.statusCode).toBe(401);
  });

  it('maps a domain error to its status and message', async () => {
    const result = await run(
      async () => {
        throw new ConflictError('plate 粵B12345 is already on file', { kind: 'vehicle', id: 'V1' });
      },
      event(JSON.stringify({ name: 'a', count: 1 })),
    );
    expect(result.statusCode).toBe(409);
    expect(result.json).toMatchObject({
      detail: 'plate 粵B12345 is already on file',
      existing: { id: 'V1' },
    });
  });

  it('answers an unexpected error with 500, the request id and no internals', async () => {
    const result = await run(
      async () => {
        throw new Error('connect ECONNREFUSED 10.0.0.1:5432 secret-table');
      },
      event(JSON.stringify({ name: 'a', count: 1 })),
    );
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('ECONNREFUSED');
    expect(result.body).not.toContain('secret');
    expect(result.json.requestId).toBe('req-1');
  });
});

describe('claims as the HTTP API JWT authorizer passes them (R-ACC-1..3)', () => {
  it.each([
    ['an array', ['advisor', 'cashier']],
    ['API Gateway flattened form', '[advisor cashier]'],
  ])('reads roles given as %s', (_case, groups) => {
    const actor = actorFromClaims({ sub: 'S1', 'cognito:groups': groups, 'custom:branches': 'SZ,GZ' });
    expect(actor.roles).toEqual(['advisor', 'cashier']);
    expect(actor.branches).toEqual(['SZ', 'GZ']);
  });

  it('ignores groups that are not roles', () => {
    expect(actorFromClaims({ sub: 'S1', 'cognito:groups': '[advisor us-east-1_pool_Google]' }).roles).toEqual(
      ['advisor'],
    );
  });

  it('reads * as every branch', () => {
    expect(actorFromClaims({ sub: 'S1', 'cognito:groups': 'hq', 'custom:branches': '*' }).branches).toBe('*');
  });
});

describe('authorize (R-ACC-3)', () => {
  const advisorSZ: Actor = { staffId: 'a', login: 'a', name: 'a', roles: ['advisor'], branches: ['SZ'] };
  const hq: Actor = { staffId: 'h', login: 'h', name: 'h', roles: ['hq'], branches: '*' };
  it.each([
    ['an advisor at their branch', advisorSZ, ['advisor'], 'SZ', true],
    ['an advisor at another branch', advisorSZ, ['advisor'], 'GZ', false],
    ['an advisor on a supervisor route', advisorSZ, ['supervisor'], 'SZ', false],
    ['HQ on a route HQ may read', hq, ['hq'], 'GZ', true],
    ['HQ on a branch operations route', hq, ['advisor', 'supervisor'], 'GZ', false],
  ] as const)('%s: allowed=%s', (_case, actor, allowed, branch, expected) => {
    const check = () => authorize(actor, allowed, branch);
    if (expected) expect(check).not.toThrow();
    else expect(check).toThrow(ForbiddenError);
  });
});

describe('the local gateway routes like API Gateway', () => {
  const gateway = new Gateway([
    route,
    { ...route, id: 'literal', path: '/branches/{branchId}/things/search', method: 'GET' },
  ]);
  it('answers an unknown path with 404', () => {
    expect(() => gateway.match('GET', '/nowhere')).toThrow(/No route/);
  });
  it('answers a known path with the wrong method with 404, as an HTTP API does, naming the methods it takes', () => {
    expect(() => gateway.match('DELETE', '/branches/SZ/things')).toThrow(NotFoundError);
    expect(() => gateway.match('DELETE', '/branches/SZ/things')).toThrow(/takes POST/);
  });
  it('extracts path parameters', () => {
    expect(gateway.match('POST', '/branches/SZ/things').params).toEqual({ branchId: 'SZ' });
  });
  it('flattens array claims to "[a b]" as API Gateway does', () => {
    expect(flattenClaims({ 'cognito:groups': ['a', 'b'], n: 1 })).toEqual({
      'cognito:groups': '[a b]',
      n: '1',
    });
  });
});

describe('non-JSON answers (R-REG-1 CSV exports)', () => {
  const csvRoute = defineRoute({
    id: 'csv',
    method: 'GET',
    path: '/branches/{branchId}/things.csv',
    entry: 'unused.ts',
    summary: 'csv',
    tag: 'Test',
    roles: ['advisor'],
    params: z.strictObject({ branchId: z.string() }),
    response: z.string(),
    produces: 'text/csv',
  });

  it('answers with the contract media type and a file name', async () => {
    const handler = httpHandler(csvRoute, async () => ({ raw: 'a,b\r\n1,2\r\n', filename: 'things.csv' }));
    const result = await handler({ ...event(undefined), rawPath: '/branches/SZ/things.csv' }, context);
    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toBe('text/csv; charset=utf-8');
    expect(result.headers?.['content-disposition']).toBe('attachment; filename="things.csv"');
    expect(result.body).toBe('a,b\r\n1,2\r\n');
  });
});
