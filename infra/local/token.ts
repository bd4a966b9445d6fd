import { parseArgs } from 'node:util';

/**
 * `npm run token -- <login>`: asks the running local runtime's identity provider for an ID token
 * (as a Cognito sign-in would) and prints it.
 */
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { port: { type: 'string', default: process.env.PORT ?? '3000' } },
});
const login = positionals[0];
if (!login) {
  console.error(
    'Usage: npm run token -- <staff login>   (for example sz.advisor, hk.cashier, hq.analyst, admin)',
  );
  process.exit(2);
}

try {
  const response = await fetch(`http://localhost:${values.port}/local/token`, {
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
  console.error(`The local runtime does not answer on port ${values.port}. Start it first: npm start`);
  process.exit(1);
}
