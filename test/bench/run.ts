import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { ensureTable, startDynamo } from '../../infra/local/dynamo';
import { createBranch } from '../../shared/branches/actions';
import { createStore } from '../../shared/platform/dynamo/client';
import { branchInput } from '../support/fixtures';
import { benchAvailability } from './appointments';
import { benchDashboardRead } from './dashboard';
import { benchMiddleware } from './middleware';

/**
 * `npm run bench`: every figure beside a baseline measured in the same run, as a ratio
 * (ARCHITECTURE targets). Nothing here fails on time; the machines are shared and noisy.
 */
const root = resolve(import.meta.dirname, '../..');
const nodeBin = process.execPath;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Bundles like the team function construct: ESM, minified, AWS SDK inside. */
async function bundle(entry: string, outfile: string): Promise<number> {
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    minify: true,
    metafile: true,
    mainFields: ['module', 'main'],
    banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
    // The baseline sits in a temporary folder; it resolves the SDK from the project.
    nodePaths: [resolve(root, 'node_modules')],
    logLevel: 'silent',
  });
  return Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
}

/**
 * Cold start: a fresh node process loads the bundle and serves its first call. Wall time in
 * milliseconds, and the process's own CPU time (user + system): the database runs in another
 * process, so the CPU figure is what the bundle costs, with less of the machine's noise.
 */
function coldStart(
  bundleFile: string,
  invoke: string,
  env: Record<string, string>,
): { wall: number; cpu: number } {
  const script = `const t0=performance.now();const m=await import(${JSON.stringify(bundleFile)});${invoke};const c=process.cpuUsage();console.log(performance.now()-t0,(c.user+c.system)/1000);`;
  const run = spawnSync(nodeBin, ['--input-type=module', '-e', script], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(run.stderr);
  const [wall = Number.NaN, cpu = Number.NaN] = (run.stdout.trim().split('\n').pop() ?? '')
    .split(' ')
    .map(Number);
  return { wall, cpu };
}

async function benchColdStart(): Promise<void> {
  const dynamo = await startDynamo();
  const tableName = 'bench';
  const dir = mkdtempSync(join(tmpdir(), 'bench-'));
  try {
    await ensureTable(dynamo.endpoint, tableName);
    const store = createStore({ endpoint: dynamo.endpoint, tableName });
    const actor = {
      staffId: 'BENCH',
      login: 'bench',
      name: 'Bench',
      roles: ['admin' as const],
      branches: '*' as const,
    };
    await createBranch(store, branchInput('BENCH'), actor);

    // The baseline holds only the SDK clients and sends the same requests as the function measured
    // (BASELINE_OPS: a GetItem, then a transaction of as many puts plus one condition check), so the
    // ratio shows what our code costs, not what the database costs.
    const baselineEntry = join(dir, 'baseline.mjs');
    writeFileSync(
      baselineEntry,
      `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } }));
export const handler = async () => {
  const r = await doc.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: 'BR#BENCH', sk: 'BRANCH' } }));
  const puts = Number(process.env.BASELINE_OPS?.match(/transact:(\\d+)/)?.[1] ?? 0);
  if (puts > 0) {
    const id = String(Math.random());
    const items = Array.from({ length: puts }, (_, i) => ({ Put: { TableName: process.env.TABLE_NAME, Item: { pk: 'BASE#' + id, sk: String(i) }, ConditionExpression: 'attribute_not_exists(pk)' } }));
    items.push({ ConditionCheck: { TableName: process.env.TABLE_NAME, Key: { pk: 'BR#BENCH', sk: 'BRANCH' }, ConditionExpression: 'attribute_exists(pk)' } });
    await doc.send(new TransactWriteCommand({ TransactItems: items }));
  }
  return { statusCode: 200, body: JSON.stringify(r.Item) };
};
`,
    );
    const baselineBytes = await bundle(baselineEntry, join(dir, 'baseline.bundle.mjs'));
    const env = {
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      TABLE_NAME: tableName,
      AWS_REGION: 'us-east-1',
      LOG_LEVEL: 'SILENT',
    };
    const claims = (roles: string) => ({ sub: 'B', 'cognito:groups': roles, 'custom:branches': 'BENCH' });
    let phone = 13_800_000_000;
    const functions = [
      {
        name: 'getBranch (GetItem)',
        entry: 'functions/branches/get.ts',
        event: () => ({
          rawPath: '/branches/BENCH',
          headers: {},
          pathParameters: { branchId: 'BENCH' },
          requestContext: { requestId: 'bench', authorizer: { jwt: { claims: claims('[admin]') } } },
        }),
        status: 200,
        ops: 'get',
      },
      {
        name: 'createCustomer (GetItem + transaction, phone metadata)',
        entry: 'functions/customers/create.ts',
        event: () => ({
          rawPath: '/branches/BENCH/customers',
          headers: { 'content-type': 'application/json' },
          pathParameters: { branchId: 'BENCH' },
          body: JSON.stringify({ name: '陈先生', phones: [{ number: String(++phone) }] }),
          requestContext: { requestId: 'bench', authorizer: { jwt: { claims: claims('[advisor]') } } },
        }),
        status: 201,
        // The customer, its phone guard, the archive duty and the log entry, plus the branch check.
        ops: 'get,transact:4',
      },
    ];
    const invokeBase = 'const r=await m.handler();if(r.statusCode!==200)throw new Error("baseline")';
    console.log(
      '\nCold start: load the bundle and serve the first call (median of 7, fresh node process each)',
    );
    for (const fn of functions) {
      const file = join(dir, `${fn.entry.replaceAll('/', '_')}.mjs`);
      const bytes = await bundle(resolve(root, fn.entry), file);
      const base: { wall: number; cpu: number }[] = [];
      const ours: { wall: number; cpu: number }[] = [];
      for (let i = 0; i < 7; i++) {
        // Interleaved so machine noise hits both alike.
        base.push(coldStart(join(dir, 'baseline.bundle.mjs'), invokeBase, { ...env, BASELINE_OPS: fn.ops }));
        const invoke = `const r=await m.handler(${JSON.stringify(fn.event())},{awsRequestId:'b'});if(r.statusCode!==${fn.status})throw new Error(r.body)`;
        ours.push(coldStart(file, invoke, env));
      }
      const b = median(base.map((r) => r.wall));
      const o = median(ours.map((r) => r.wall));
      const bc = median(base.map((r) => r.cpu));
      const oc = median(ours.map((r) => r.cpu));
      console.log(`  ${fn.name}`);
      console.log(
        `    baseline (SDK only, same requests: ${fn.ops}) ${b.toFixed(1)} ms (cpu ${bc.toFixed(1)} ms)  ${(baselineBytes / 1024).toFixed(0)} KiB`,
      );
      console.log(
        `    ours                                    ${o.toFixed(1)} ms (cpu ${oc.toFixed(1)} ms)  ${(bytes / 1024).toFixed(0)} KiB`,
      );
      console.log(`    ratio ${(o / b).toFixed(2)}x, cpu ${(oc / bc).toFixed(2)}x  (target ≤ 1.15x)`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await dynamo.stop();
  }
}

await benchMiddleware();
await benchColdStart();
await benchDashboardRead();
await benchAvailability();
