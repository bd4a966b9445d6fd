import { readFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { extname, resolve } from 'node:path';
import {
  chartLibrary,
  contentTypes,
  pageFiles,
  publicDir,
  type SignInConfig,
  securityHeaders,
} from '../../dashboard/site';
import type { GatewayResponse } from './gateway';

/**
 * The HQ dashboard on the local runtime (R-RPT-3): the page's static files at /dashboard/, with
 * the security headers CloudFront adds in AWS, and a `config.json` that turns on the local
 * sign-in (`POST /local/token` for a demo login). The page then calls `/hq/figures` on the same
 * server, through the same gateway and handler as any client.
 *
 * Files are read on each request, so an edit to dashboard/public shows on the next reload.
 */
type Route = (request: IncomingMessage) => Promise<GatewayResponse>;

export const dashboardPath = '/dashboard/';

/** Suggested in the sign-in form: the seeded logins that may read HQ figures (infra/local/seed.ts). */
const hqLogins = ['hq.analyst', 'admin'];

const headersFor = (name: string) => ({
  'content-type': contentTypes[extname(name)] ?? 'application/octet-stream',
  'cache-control': 'no-cache',
  ...securityHeaders,
});

function file(dir: string, name: string): Route {
  const path = resolve(dir, name);
  return async () => ({ status: 200, headers: headersFor(name), body: await readFile(path, 'utf8') });
}

export function dashboardRoutes(): Record<string, Route> {
  const routes: Record<string, Route> = {
    // Relative asset URLs resolve under /dashboard/ only with the trailing slash.
    'GET /dashboard': async () => ({ status: 308, headers: { location: dashboardPath }, body: '' }),
    [`GET ${dashboardPath}`]: file(publicDir, 'index.html'),
    [`GET ${dashboardPath}${chartLibrary.name}`]: file(chartLibrary.dir, chartLibrary.name),
  };
  for (const name of pageFiles) routes[`GET ${dashboardPath}${name}`] = file(publicDir, name);
  const config: SignInConfig = { localSignIn: true, logins: hqLogins };
  routes[`GET ${dashboardPath}config.json`] = async () => ({
    status: 200,
    headers: headersFor('config.json'),
    body: JSON.stringify(config),
  });
  return routes;
}
