import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamo';
import { elapsedMs, waitFor } from '../support/clock';

/**
 * The quick start as a new user meets it: `npm start` (here its script, with --fresh and a free
 * port) serves the API and /openapi.json, prints tokens and a curl that works, and Ctrl-C leaves
 * no java process behind.
 */
const root = resolve(import.meta.dirname, '../..');
let child: ChildProcess;
let output = '';
let port: number;
let readyMs: number;

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

  it('prints a curl that works: the seeded customer is found by phone (R-ARC-3)', async () => {
    const curl = /curl -s -H "Authorization: Bearer ([^"]+)" "([^"]+)"/.exec(output);
    expect(curl).not.toBeNull();
    const response = await fetch(curl?.[2] ?? '', { headers: { authorization: `Bearer ${curl?.[1]}` } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: { phones: { number: string }[] }[] };
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

  it('prints a token for every demo role', () => {
    for (const login of [
      'sz.advisor',
      'sz.dispatcher',
      'sz.inspector',
      'sz.cashier',
      'hq.analyst',
      'admin',
    ]) {
      expect(output).toMatch(new RegExp(`${login.replace('.', '\\.')}\\s+eyJ`));
    }
  });

  it('refuses a call without a token with 401, a forged token with 401, and another branch with 403', async () => {
    const url = `http://localhost:${port}/branches/SZ/customers?phone=13800138000`;
    expect((await fetch(url)).status).toBe(401);
    const forged = await fetch(url, {
      headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' },
    });
    expect(forged.status).toBe(401);
    const hkToken = /hk\.advisor\s+(\S+)/.exec(output)?.[1];
    const denied = await fetch(url, { headers: { authorization: `Bearer ${hkToken}` } });
    expect(denied.status).toBe(403);
  });

  it('issues a token through npm run token', () => {
    const token = execFileSync(
      resolve(root, 'node_modules/.bin/tsx'),
      ['infra/local/token.ts', '--port', String(port), 'gz.cashier'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect(token.trim()).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
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
    const adminToken = /admin\s+(\S+)/.exec(output)?.[1];
    const big = await fetch(`http://localhost:${port}/branches`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: huge,
    });
    expect(big.status).toBe(413);
  });

  it('stops on Ctrl-C and leaves no java process behind', async () => {
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
  });
});
