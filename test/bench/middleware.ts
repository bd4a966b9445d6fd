import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import * as z from 'zod';
import { defineRoute } from '../../shared/platform/http/contract';
import { httpHandler } from '../../shared/platform/http/stack';

/** Middleware cost per call: the full stack around a no-op route against the bare no-op (target < 0.5 ms). */
const route = defineRoute({
  id: 'bench',
  method: 'PATCH',
  path: '/branches/{branchId}/things/{thingId}',
  entry: 'unused',
  summary: 'bench',
  tag: 'Bench',
  roles: ['advisor'],
  params: z.strictObject({ branchId: z.string(), thingId: z.string() }),
  body: z.strictObject({ version: z.number().int(), name: z.string(), phones: z.array(z.string()) }),
  response: z.object({ ok: z.boolean() }),
});

const body = JSON.stringify({ version: 3, name: '陈先生', phones: ['+8613800138000', '+85291234567'] });
const event = {
  rawPath: '/branches/SZ/things/T1',
  headers: { 'content-type': 'application/json' },
  pathParameters: { branchId: 'SZ', thingId: 'T1' },
  body,
  isBase64Encoded: false,
  requestContext: {
    requestId: 'bench',
    authorizer: { jwt: { claims: { sub: 'S', 'cognito:groups': '[advisor]', 'custom:branches': 'SZ' } } },
  },
} as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
const context = { awsRequestId: 'bench' } as Context;

export async function benchMiddleware(): Promise<void> {
  const bare = async (e: APIGatewayProxyEventV2WithJWTAuthorizer) => {
    JSON.parse(e.body ?? '{}');
    return { statusCode: 200, body: JSON.stringify({ ok: true }) };
  };
  const wrapped = httpHandler(route, async () => ({ body: { ok: true } }));
  const n = 20_000;
  for (let i = 0; i < 2_000; i++) {
    await bare(event);
    await wrapped(event, context);
  }
  const time = async (fn: () => Promise<unknown>) => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await fn();
    return (performance.now() - t0) / n;
  };
  const rounds: { bare: number; wrapped: number }[] = [];
  for (let r = 0; r < 5; r++) {
    rounds.push({ bare: await time(() => bare(event)), wrapped: await time(() => wrapped(event, context)) });
  }
  const best = (k: 'bare' | 'wrapped') => Math.min(...rounds.map((x) => x[k]));
  const overheadMs = best('wrapped') - best('bare');
  console.log(`\nMiddleware stack (best of 5 rounds of ${n} calls)`);
  console.log(`  bare handler (JSON parse only)   ${(best('bare') * 1000).toFixed(1)} µs/call`);
  console.log(`  full stack (auth, zod, problem)  ${(best('wrapped') * 1000).toFixed(1)} µs/call`);
  console.log(
    `  overhead ${(overheadMs * 1000).toFixed(1)} µs/call = ${(overheadMs / 0.5).toFixed(3)} of the 0.5 ms budget`,
  );
}
