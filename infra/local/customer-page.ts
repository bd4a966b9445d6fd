import { readFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { extname, resolve } from 'node:path';
import {
  assetPrefix,
  contentTypes,
  pageFiles,
  pagePath,
  publicDir,
  securityHeaders,
} from '../../customer/site';
import type { GatewayResponse } from './gateway';

/**
 * The customer page on the local runtime (R-SELF-1, R-ADD-2): `/c` is the page (its token in the
 * fragment, `/c#<token>`, never sent here), `/c/app.js` and `/c/style.css` its assets, with the
 * security headers CloudFront adds in AWS. The page calls `/public/*` on the same server, through
 * the same gateway and handlers as in AWS. Files are read on each request, so an edit to
 * customer/public shows on the next reload.
 */
type Route = (request: IncomingMessage) => Promise<GatewayResponse>;

const headersFor = (name: string) => ({
  'content-type': contentTypes[extname(name)] ?? 'application/octet-stream',
  'cache-control': 'no-cache',
  ...securityHeaders,
});

function file(name: string): Route {
  const path = resolve(publicDir, name);
  return async () => ({ status: 200, headers: headersFor(name), body: await readFile(path, 'utf8') });
}

export function customerPageRoutes(): Record<string, Route> {
  const routes: Record<string, Route> = {
    [`GET ${pagePath}`]: file('index.html'),
    [`GET /${assetPrefix}`]: file('index.html'),
  };
  for (const name of pageFiles) routes[`GET /${assetPrefix}${name}`] = file(name);
  return routes;
}
