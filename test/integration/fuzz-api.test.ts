import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable } from '../../infra/local/dynamo';
import type { GatewayResponse } from '../../infra/local/gateway';
import { createStore, type Store, setStore, store } from '../../shared/platform/dynamo/client';
import type { RouteContract } from '../../shared/platform/http/contract';
import { allRoutes } from '../../shared/routes';
import { gateway, newBranchId } from '../support/api';
import { checkResponse } from '../support/fuzz/properties';
import { everyWrongRole, type FuzzRequest, type FuzzWorld, requestsFor } from '../support/fuzz/requests';
import { seededWorld, tableItems } from '../support/fuzz/world';

/**
 * R-X-4, R-ACC-3: generated requests across every route of the API, in-process through the local
 * gateway (the same route matching, event and handlers as `npm start`) against DynamoDB Local.
 * Valid-shaped requests come from each route contract's zod schemas (through their JSON Schema),
 * mutated ones put wrong types, odd and huge Unicode, impossible dates, malformed JSON, wrong
 * content types and malformed percent-encoding in their place; callers come with and without a
 * token, with another branch's and with a wrong role's. Properties: no 5xx; no 2xx without the
 * route's role and branch; every 4xx a problem document, validation errors naming the field; every
 * answer as the OpenAPI document promises; and refused writes change nothing.
 *
 * Reproduce: FUZZ_SEED=<seed> (default fixed, so CI is reproducible), FUZZ_RUNS=<total requests>.
 */
const seed = Number(process.env.FUZZ_SEED ?? 20_261_207);
const totalRuns = Number(process.env.FUZZ_RUNS ?? 10_000);
const runsPerRoute = Math.max(1, Math.ceil(totalRuns / allRoutes.length));
/** Refused writes whose branch is scanned before and after (each costs one table scan). */
const refusedWriteRuns = Math.max(1, Math.round(totalRuns / 100));

/**
 * R-SELF-1: a link call is counted before its token is resolved, refused or not (the throttle
 * must see guesses), so a refused link call may add or bump its rate counter and nothing else.
 */
const isRateCounter = (item: string) => item.includes('"pk":"RATE#') && item.includes('"type":"rate"');

let world: FuzzWorld;
let writes: FuzzWorld;
const tally = { requests: 0, byStatus: {} as Record<number, number>, ok: new Set<string>() };
const started = performance.now();
let seededMs = 0;
const cpuAtStart = process.cpuUsage();

async function send(request: FuzzRequest): Promise<{ route?: RouteContract; response: GatewayResponse }> {
  let route: RouteContract | undefined;
  try {
    route = gateway.match(request.method.toUpperCase(), request.path).contract;
  } catch {
    route = undefined; // the gateway answers 404 or 400 itself
  }
  const response = await gateway.dispatch({
    method: request.method,
    path: request.path,
    ...(request.query ? { query: request.query } : {}),
    headers: request.headers,
    ...(request.body !== undefined ? { body: request.body } : {}),
    ...(request.claims ? { claims: request.claims } : {}),
  });
  tally.requests++;
  tally.byStatus[response.status] = (tally.byStatus[response.status] ?? 0) + 1;
  if (response.status < 300 && route) tally.ok.add(route.id);
  return { ...(route ? { route } : {}), response };
}

describe('fuzz suite over every route (R-X-4, R-ACC-3)', () => {
  beforeAll(async () => {
    const [a, b, w] = [
      `FZ${newBranchId().slice(-6)}`,
      `FO${newBranchId().slice(-6)}`,
      `FW${newBranchId().slice(-6)}`,
    ];
    [world, writes] = await Promise.all([seededWorld(a, b), seededWorld(w, b)]);
    seededMs = performance.now() - started;
    console.info(
      `fuzz: seed ${seed} (FUZZ_SEED), ${runsPerRoute} requests on each of ${allRoutes.length} routes = ${runsPerRoute * allRoutes.length} cases (FUZZ_RUNS=${totalRuns}), plus every wrong role once per route and ${refusedWriteRuns} writes on a table of their own`,
    );
  }, 120_000);

  afterAll(() => {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const cpu = process.cpuUsage(cpuAtStart);
    const cpuSeconds = ((cpu.user + cpu.system) / 1e6).toFixed(1);
    console.info(
      `fuzz: ${tally.requests} requests in ${seconds} s, ${cpuSeconds} s CPU in this process (world seeded in ${(seededMs / 1000).toFixed(1)} s) (${JSON.stringify(tally.byStatus)}); ${tally.ok.size} of ${allRoutes.length} routes answered 2xx at least once`,
    );
  });

  it.each(allRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    'R-X-4, R-ACC-3: %s: no 5xx, no 2xx without the role and branch, every error a problem naming the field',
    async (_name, route) => {
      await fc.assert(
        fc.asyncProperty(requestsFor(route, world), async (request) => {
          const { route: matched, response } = await send(request);
          checkResponse(matched, request, response);
        }),
        { seed, numRuns: runsPerRoute },
      );
      // R-ACC-3: and each role the route does not allow, once, on a generated request.
      const wrong = everyWrongRole(route, world);
      const samples = fc.sample(requestsFor(route, world), { seed, numRuns: wrong.length });
      for (const [i, claims] of wrong.entries()) {
        const request: FuzzRequest = { ...(samples[i] as FuzzRequest), caller: 'wrong-role', claims };
        const { route: matched, response } = await send(request);
        checkResponse(matched, request, response);
      }
    },
    120_000,
  );

  describe('on a table of its own', () => {
    let shared: Store;
    beforeAll(async () => {
      // A small table of its own, so each refused write is checked against a scan of the whole
      // table (chain-level items included), before and after.
      shared = store();
      const endpoint = process.env.DYNAMODB_ENDPOINT ?? '';
      const tableName = `fuzz-writes-${newBranchId()}`;
      await ensureTable(endpoint, tableName);
      setStore(createStore({ endpoint, tableName }));
      writes = await seededWorld(`FW${newBranchId().slice(-6)}`, `FO${newBranchId().slice(-6)}`);
    }, 120_000);
    afterAll(() => setStore(shared));

    it('R-X-4, R-ACC-3: a refused write changes no item of the table (scanned before and after)', async () => {
      const writeRoutes = allRoutes.filter((r) => r.method !== 'GET');
      let before = await tableItems();
      let refused = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...writeRoutes).chain((route) => requestsFor(route, writes)),
          async (request) => {
            const { route: matched, response } = await send(request);
            const after = await tableItems();
            const previous = before;
            before = after; // kept before asserting, so shrinking compares with the right state
            checkResponse(matched, request, response);
            if (response.status >= 400) {
              refused++;
              const added = after.filter((i) => !previous.includes(i) && !isRateCounter(i));
              const removed = previous.filter((i) => !after.includes(i) && !isRateCounter(i));
              expect(
                { added, removed },
                `${request.method} ${request.path} answered ${response.status}: the table changed`,
              ).toEqual({ added: [], removed: [] });
            }
          },
        ),
        { seed, numRuns: refusedWriteRuns },
      );
      expect(refused).toBeGreaterThan(0);
    }, 120_000);
  });
});
