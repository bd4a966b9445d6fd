import { parseArgs } from 'node:util';
import { pagePath as customerPagePath } from '../../customer/site';
import { acceleratedClock, setClock } from '../../shared/platform/ports/clock';
import { dashboardPath } from './dashboard';
import { demoDayStart } from './demo-clock';
import { type Runtime, startRuntime } from './runtime';
import { dataDir, removeRuntimeFile, writeRuntimeFile } from './runtime-file';
import { demoLogins } from './seed';

/**
 * `npm start`: the whole chain on one machine. DynamoDB Local (file-backed under .data/, or in
 * memory with --fresh), the table from the CDK table definition, the demo chain, and the API on
 * localhost with locally signed tokens. Ctrl-C stops everything, java included.
 *
 * It prints where things are and one command to try, not tokens: `npm run token -- <login>` asks
 * the running runtime for one, on the port it finds in .data/runtime.json (written here).
 */
const { values } = parseArgs({
  options: {
    fresh: { type: 'boolean', default: false },
    port: { type: 'string', default: process.env.PORT ?? '3000' },
    speed: { type: 'string', default: '1' },
  },
});

let runtime: Runtime | undefined;
let stopping = false;

async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    removeRuntimeFile();
    // Lets a sweep in progress finish, then stops the server and DynamoDB Local.
    await runtime?.stop();
  }
  process.exit(code);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
process.on('exit', () => removeRuntimeFile());

async function main(): Promise<void> {
  const started = Date.now();
  const speed = Number(values.speed);
  if (!Number.isFinite(speed) || speed < 1 || speed > 10_000)
    throw new Error('--speed takes a number from 1 to 10000');
  // The demo clock: every rule reads time through the clock port, so the chain's day runs faster.
  // Started in the demo branches' quiet hours, it jumps ahead to 08:30 in Shenzhen, so the seeded
  // notices show at once instead of waiting for the morning (R-X-1); it never goes back.
  const demoStart = speed !== 1 ? demoDayStart(new Date()) : undefined;
  if (demoStart) setClock(acceleratedClock(speed, demoStart));
  runtime = await startRuntime({
    port: Number(values.port),
    dataDir,
    fresh: values.fresh,
  });
  const { url, dynamo, tableName, seeded } = runtime;
  writeRuntimeFile({ port: Number(values.port), pid: process.pid, url });
  const lines = [
    '',
    `Auto repair chain is running at ${url}  (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    `  DynamoDB Local ${dynamo.endpoint}, table ${tableName} (${values.fresh ? 'in memory' : '.data/dynamodb'}; demo chain ${seeded})`,
    `  OpenAPI       ${url}/openapi.json`,
    `  SMS outbox    ${url}/local/outbox (and printed here as [SMS] lines)`,
    `  HQ dashboard  ${url}${dashboardPath} (sign in as hq.analyst)`,
    `  Customer page ${url}${customerPagePath}#<token> (open the link of an SMS in the outbox, e.g. RT5120's add-on question)`,
    ...(demoStart
      ? [`  Clock         ${speed}× real time (--speed), from ${demoStart.toISOString()} (UTC)`]
      : []),
    '',
    'Tokens: npm run token -- <login>   (an ID token, valid 12 h)',
    `  demo logins  ${demoLoginSummary()}`,
    '',
    'Try it (in another terminal, in this folder):',
    '  curl -s -H "Authorization: Bearer $(npm run -s token -- sz.advisor)" \\',
    `    "${url}/branches/SZ/customers?phone=13800138000"`,
    '',
    'Ctrl-C stops everything.',
  ];
  console.log(lines.join('\n'));
}

/**
 * The demo logins in one line: `<branch>.<role>` at each of the seed's branches (infra/local/seed.ts
 * seeds every role at SZ, GZ and HK), then the chain's own.
 */
function demoLoginSummary(): string {
  const roles = demoLogins.filter((login) => login.startsWith('sz.')).map((login) => login.slice(3));
  const chain = demoLogins.filter((login) => !login.includes('.') || login.startsWith('hq.'));
  return `<sz|gz|hk>.<${roles.join('|')}>, ${chain.join(', ')}`;
}

main().catch(async (error: unknown) => {
  console.error(`\nCould not start: ${(error as Error).message}`);
  await stop(1);
});
