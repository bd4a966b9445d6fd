import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamo';
import { dataDir, readRuntimeFile } from '../../infra/local/runtime-file';
import { elapsedMs, waitFor } from '../support/clock';

/**
 * The quick start as a new user meets it: `npm start` (here its script, with --fresh and a free
 * port, never 3000) serves the API and /openapi.json, prints a short "try it" block whose curl
 * works as written (its token from `npm run token`, which finds the port by itself), and Ctrl-C
 * leaves no java process behind.
 */
const root = resolve(import.meta.dirname, '../..');
let child: ChildProcess;
let output = '';
let port: number;
let readyMs: number;
/** The pid the runtime wrote to .data/runtime.json while it ran. */
let runtimePid: number | undefined;

/** The environment of a new terminal: no PORT, so the runtime's port must be found. */
function terminalEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  if (!('PORT' in extra)) delete env.PORT;
  return env;
}

/**
 * A command in a new terminal. Asynchronous, so the test's own HTTP connections see the server
 * close them meanwhile (a blocked event loop would reuse a closed keep-alive socket).
 */
const run = promisify(execFile);

/** `npm run token -- <login>` as its script, in a new terminal; its exit and what it printed. */
async function token(
  login: string,
  extra: Record<string, string> = {},
): Promise<{ ok: boolean; out: string }> {
  try {
    const { stdout } = await run(resolve(root, 'node_modules/.bin/tsx'), ['infra/local/token.ts', login], {
      cwd: root,
      env: terminalEnv(extra),
    });
    return { ok: true, out: stdout.trim() };
  } catch (error) {
    return { ok: false, out: String((error as { stderr?: string }).stderr ?? error) };
  }
}

/** A token from the running runtime's identity provider, as the dashboard's local sign-in asks it. */
async function tokenOf(login: string): Promise<string> {
  const response = await fetch(`http://localhost:${port}/local/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login }),
  });
  return ((await response.json()) as { token: string }).token;
}

/** What `npm start` printed from its "running" line on (the [SMS] lines of the sweeper left out). */
const banner = () =>
  output
    .slice(output.indexOf('Auto repair chain is running'))
    .split('\n')
    .filter((line) => !line.startsWith('[SMS]'))
    .join('\n');

function javaProcessesOn(dynamoPort: string): string[] {
  const ps = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return ps
    .split('\n')
    .filter((line) => line.includes('DynamoDBLocal') && line.includes(`-port ${dynamoPort}`));
}

beforeAll(async () => {
  port = await freePort();
  const started = elapsedMs();
  child = spawn(
    resolve(root, 'node_modules/.bin/tsx'),
    ['infra/local/main.ts', '--fresh', '--port', String(port)],
    {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'SILENT' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  await new Promise<void>((done, fail) => {
    const timer = setInterval(() => {
      if (output.includes('Ctrl-C stops everything')) {
        clearInterval(timer);
        done();
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        fail(new Error(`npm start exited early:\n${output}`));
      }
    }, 100);
  });
  readyMs = elapsedMs() - started;
  runtimePid = readRuntimeFile()?.pid;
});

afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
});

describe('npm start (the quick start)', () => {
  it('is ready within 60 s', () => {
    expect(readyMs).toBeLessThan(60_000);
  });

  it('serves the OpenAPI 3.1 document without a token', async () => {
    const response = await fetch(`http://localhost:${port}/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toContain('/branches/{branchId}/customers');
  });

  it('prints a short banner: where things are, how to get a token, one curl to try, and no token', () => {
    const text = banner();
    expect(text.length).toBeLessThan(1_500);
    expect(text.split('\n').length).toBeLessThanOrEqual(20);
    expect(text).not.toMatch(/eyJ[\w-]{20,}/);
    expect(text).toContain(`running at http://localhost:${port}`);
    expect(text).toContain(`http://localhost:${port}/local/outbox`);
    expect(text).toContain(`http://localhost:${port}/dashboard/`);
    expect(text).toContain('Tokens: npm run token -- <login>');
    expect(text).toMatch(/<sz\|gz\|hk>\.<advisor\|followup\|supervisor\|[^>]*>, hq\.analyst, admin/);
    expect(text).toMatch(/Try it[^\n]*:\n {2}curl .*\$\(npm run -s token -- sz\.advisor\)/);
  });

  it('prints a curl that works as written in another terminal without PORT: the seeded customer is found by phone (R-ARC-3)', async () => {
    const tryIt = /\n {2}(curl [^\n]*\\\n[^\n]*)\n/.exec(banner())?.[1];
    expect(tryIt).toContain(`"http://localhost:${port}/branches/SZ/customers?phone=13800138000"`);
    const { stdout } = await run('sh', ['-c', tryIt ?? 'false'], { cwd: root, env: terminalEnv() });
    const body = JSON.parse(stdout) as { items: { phones: { number: string }[] }[] };
    expect(body.items[0]?.phones[0]?.number).toBe('+8613800138000');
  });

  it('serves the SMS outbox', async () => {
    const response = await fetch(`http://localhost:${port}/local/outbox`);
    expect(response.status).toBe(200);
    // What it holds depends on the hour: a seeded notice may be due at once (quiet hours, R-X-1).
    const body = (await response.json()) as { items: { to: string; text: string }[] };
    expect(Array.isArray(body.items)).toBe(true);
    for (const sms of body.items)
      expect(sms).toMatchObject({ to: expect.stringMatching(/^\+\d+$/), text: expect.any(String) });
  });

  it.each(['sz.advisor', 'gz.dispatcher', 'hk.inspector', 'sz.cashier', 'hq.analyst', 'admin'])(
    'issues a token for the demo login %s through npm run token',
    async (login) => {
      expect(await token(login)).toEqual({
        ok: true,
        out: expect.stringMatching(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/),
      });
    },
  );

  it('refuses a call without a token with 401, a forged token with 401, and another branch with 403', async () => {
    const url = `http://localhost:${port}/branches/SZ/customers?phone=13800138000`;
    expect((await fetch(url)).status).toBe(401);
    const forged = await fetch(url, {
      headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' },
    });
    expect(forged.status).toBe(401);
    const hkToken = await tokenOf('hk.advisor');
    const denied = await fetch(url, { headers: { authorization: `Bearer ${hkToken}` } });
    expect(denied.status).toBe(403);
  });

  it('tells npm run token its port in .data/runtime.json, not 3000', async () => {
    expect(port).not.toBe(3000);
    const written = JSON.parse(readFileSync(resolve(dataDir, 'runtime.json'), 'utf8'));
    expect(written).toMatchObject({ port, url: `http://localhost:${port}`, pid: expect.any(Number) });
    expect((await token('gz.cashier')).ok).toBe(true);
  });

  it('lets PORT win over .data/runtime.json, and says which port does not answer', async () => {
    const elsewhere = await freePort();
    expect(await token('gz.cashier', { PORT: String(elsewhere) })).toEqual({
      ok: false,
      out: expect.stringContaining(`does not answer on port ${elsewhere} (PORT)`),
    });
  });

  it('answers as API Gateway: an unknown route or method 404, no token 401 before a huge body, a huge body 413', async () => {
    expect((await fetch(`http://localhost:${port}/nowhere`)).status).toBe(404);
    expect((await fetch(`http://localhost:${port}/branches/SZ`, { method: 'DELETE' })).status).toBe(404);
    const huge = JSON.stringify({ pad: 'x'.repeat(1024 * 1024 + 10) });
    const anonymous = await fetch(`http://localhost:${port}/branches`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: huge,
    });
    expect(anonymous.status).toBe(401);
    const adminToken = await tokenOf('admin');
    const big = await fetch(`http://localhost:${port}/branches`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: huge,
    });
    expect(big.status).toBe(413);
  });

  it('stops on Ctrl-C, leaves no java process behind and takes its .data/runtime.json along', async () => {
    const dynamoPort = /DynamoDB Local http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1] ?? 'none';
    expect(javaProcessesOn(dynamoPort)).toHaveLength(1);
    child.kill('SIGINT');
    await new Promise((done) => child.once('exit', done));
    // tsx relays the signal to the runtime's own process, which may still be stopping java when
    // tsx has exited: give it the 3 s java gets before its SIGKILL, and then some.
    const gone = await waitFor(
      'DynamoDB Local to stop',
      () => (javaProcessesOn(dynamoPort).length === 0 ? true : undefined),
      8_000,
      100,
    ).catch(() => false);
    expect(javaProcessesOn(dynamoPort)).toHaveLength(0);
    expect(gone).toBe(true);
    // It took its port with it: .data/runtime.json is gone, or another runtime's.
    expect(runtimePid).toEqual(expect.any(Number));
    let left = '';
    try {
      left = readFileSync(resolve(dataDir, 'runtime.json'), 'utf8');
    } catch {}
    expect(left).not.toContain(`"pid": ${runtimePid}`);
  });
});
