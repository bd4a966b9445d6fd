import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { canSignIn } from '../../shared/domain/staff-rules';
import { createStore, setStore } from '../../shared/store/client';
import { findStaffByLogin } from '../../shared/store/staff';
import { loadOrCreateKeys, signToken } from './auth';
import { ensureTable, type LocalDynamo, startDynamo } from './dynamo';
import { demoLogins, seedDemoChain } from './seed';
import { startServer } from './server';

/**
 * `npm start`: the whole chain on one machine. DynamoDB Local (file-backed under .data/, or in
 * memory with --fresh), the table from the CDK table definition, the demo chain, and the API on
 * localhost with locally signed tokens. Ctrl-C stops everything, java included.
 */
const { values } = parseArgs({
  options: {
    fresh: { type: 'boolean', default: false },
    port: { type: 'string', default: process.env.PORT ?? '3000' },
  },
});

const root = resolve(import.meta.dirname, '../..');
const dataDir = resolve(root, '.data');
const tableName = 'auto-repair-local';
const port = Number(values.port);

let dynamo: LocalDynamo | undefined;
let stopping = false;

async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await dynamo?.stop();
  }
  process.exit(code);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

async function main(): Promise<void> {
  const started = Date.now();
  if (values.fresh) rmSync(resolve(dataDir, 'dynamodb'), { recursive: true, force: true });
  dynamo = await startDynamo(values.fresh ? {} : { dataDir: resolve(dataDir, 'dynamodb') });
  await ensureTable(dynamo.endpoint, tableName);
  // Handlers read their store from the environment, as in Lambda.
  process.env.TABLE_NAME = tableName;
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  const store = createStore({ endpoint: dynamo.endpoint, tableName });
  setStore(store);
  const seeded = await seedDemoChain(store);

  const keys = await loadOrCreateKeys(resolve(dataDir, 'local-idp-key.json'));
  const findSubject = async (login: string) => {
    const person = await findStaffByLogin(store, login);
    if (!person || !canSignIn(person)) return undefined;
    return {
      staffId: person.id,
      login: person.login,
      name: person.name,
      roles: person.roles,
      branches: person.branches,
    };
  };
  await startServer({ keys, findSubject }, port);

  const url = `http://localhost:${port}`;
  const lines = [
    '',
    `Auto repair chain is running at ${url}  (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    `  DynamoDB Local ${dynamo.endpoint}, table ${tableName} (${values.fresh ? 'in memory' : '.data/dynamodb'}; demo chain ${seeded})`,
    `  OpenAPI       ${url}/openapi.json`,
    '',
    'Tokens (valid 12 h; another: npm run token -- <login>):',
  ];
  const tokens: Record<string, string> = {};
  for (const login of demoLogins) {
    const subject = await findSubject(login);
    if (!subject) continue;
    tokens[login] = await signToken(keys, subject);
    lines.push(`  ${login.padEnd(14)} ${tokens[login]}`);
  }
  lines.push(
    '',
    'Try it:',
    `  curl -s -H "Authorization: Bearer ${tokens['sz.advisor'] ?? '<token>'}" "${url}/branches/SZ/customers?phone=13800138000"`,
    '',
    'Ctrl-C stops everything.',
  );
  console.log(lines.join('\n'));
}

main().catch(async (error: unknown) => {
  console.error(`\nCould not start: ${(error as Error).message}`);
  await stop(1);
});
