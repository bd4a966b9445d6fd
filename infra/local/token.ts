import { parseArgs } from 'node:util';
import { readRuntimeFile } from './runtime-file';

/**
 * `npm run token -- <login>`: asks the running local runtime's identity provider for an ID token
 * (as a Cognito sign-in would) and prints it. The port: `--port`, else `PORT`, else the one the
 * running `npm start` wrote to .data/runtime.json, else 3000.
 */
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { port: { type: 'string' } },
});
const login = positionals[0];
if (!login) {
  console.error(
    'Usage: npm run token -- <staff login>   (for example sz.advisor, hk.cashier, hq.analyst, admin)',
  );
  process.exit(2);
}

const running = readRuntimeFile();
const [port, from] = values.port
  ? [values.port, '--port']
  : process.env.PORT
    ? [process.env.PORT, 'PORT']
    : running
      ? [String(running.port), '.data/runtime.json']
      : ['3000', 'the default; no runtime wrote .data/runtime.json'];

try {
  const response = await fetch(`http://localhost:${port}/local/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login }),
  });
  const body = (await response.json()) as { token?: string; detail?: string };
  if (!response.ok || !body.token) {
    console.error(`No token for ${login}: ${body.detail ?? response.statusText}`);
    process.exit(1);
  }
  console.log(body.token);
} catch {
  console.error(`The local runtime does not answer on port ${port} (${from}). Start it first: npm start`);
  process.exit(1);
}
