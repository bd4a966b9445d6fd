import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { ensureTable, startDynamo } from '../../infra/local/dynamo';
import { createBranch } from '../../shared/store/branches';
import { createStore } from '../../shared/store/client';
import { branchInput } from '../support/fixtures';
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

/** Cold start: a fresh node process loads the bundle and serves its first call; milliseconds. */
function coldStart(bundleFile: string, invoke: string, env: Record<string, string>): number {
  const script = `const t0=performance.now();const m=await import(${JSON.stringify(bundleFile)});${invoke};console.log(performance.now()-t0);`;
  const run = spawnSync(nodeBin, ['--input-type=module', '-e', script], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return Number(run.stdout.trim().split('\n').pop());
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

    const baselineEntry = join(dir, 'baseline.mjs');
    writeFileSync(
      baselineEntry,
      `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } }));
export const handler = async () => { const r = await doc.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: 'BR#BENCH', sk: 'BRANCH' } })); return { statusCode: 200, body: JSON.stringify(r.Item) }; };
`,
    );
    const baselineBytes = await bundle(baselineEntry, join(dir, 'baseline.bundle.mjs'));
    const oursBytes = await bundle(resolve(root, 'functions/branches/get.ts'), join(dir, 'ours.bundle.mjs'));

    const env = {
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      TABLE_NAME: tableName,
      AWS_REGION: 'us-east-1',
      LOG_LEVEL: 'SILENT',
    };
    const event = {
      rawPath: '/branches/BENCH',
      headers: {},
      pathParameters: { branchId: 'BENCH' },
      requestContext: {
        requestId: 'bench',
        authorizer: { jwt: { claims: { sub: 'B', 'cognito:groups': '[admin]', 'custom:branches': '*' } } },
      },
    };
    const invokeOurs = `const r=await m.handler(${JSON.stringify(event)},{awsRequestId:'b'});if(r.statusCode!==200)throw new Error(r.body)`;
    const invokeBase = 'const r=await m.handler();if(r.statusCode!==200)throw new Error("baseline")';
    const base: number[] = [];
    const ours: number[] = [];
    for (let i = 0; i < 7; i++) {
      // Interleaved so machine noise hits both alike.
      base.push(coldStart(join(dir, 'baseline.bundle.mjs'), invokeBase, env));
      ours.push(coldStart(join(dir, 'ours.bundle.mjs'), invokeOurs, env));
    }
    const b = median(base);
    const o = median(ours);
    console.log(
      '\nCold start: load the bundle and serve the first call (median of 7, fresh node process each)',
    );
    console.log(
      `  baseline (DynamoDB client only)  ${b.toFixed(1)} ms  ${(baselineBytes / 1024).toFixed(0)} KiB`,
    );
    console.log(
      `  getBranch function               ${o.toFixed(1)} ms  ${(oursBytes / 1024).toFixed(0)} KiB`,
    );
    console.log(`  ratio ${(o / b).toFixed(2)}x  (target ≤ 1.15x)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await dynamo.stop();
  }
}

await benchMiddleware();
await benchColdStart();
