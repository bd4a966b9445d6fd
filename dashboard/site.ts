import { resolve } from 'node:path';

/**
 * What the HQ dashboard page is made of (R-RPT-3), for the two places that serve it: the local
 * runtime (infra/local/dashboard.ts, at /dashboard/) and CloudFront (infra/constructs/dashboard.ts,
 * at the root). Static files only, no build step: `public/` as written plus Chart.js's UMD file
 * from node_modules. The page calls the API on its own origin (`/hq/figures`), so one set of
 * security headers (below) fits both.
 */
const here = import.meta.dirname;

/**
 * The page's own files, as they are deployed. `config.json` is written by whoever serves the page:
 * the local runtime (its demo sign-in) or the CDK deployment (the Cognito sign-in, `SignInConfig`).
 */
export const publicDir = resolve(here, 'public');
export const pageFiles = ['index.html', 'app.js', 'style.css'] as const;

/** What the page reads from `config.json`. */
export interface SignInConfig {
  /** The local runtime's demo sign-in (`POST /local/token`), with suggested logins. */
  localSignIn?: boolean;
  logins?: string[];
  /**
   * Cognito's managed login for HQ (authorization code with PKCE): the user pool domain's base URL
   * (`https://<prefix>.auth.<region>.amazoncognito.com`) and the dashboard's app client.
   */
  cognito?: { domain: string; clientId: string };
}

/** The charting library: Chart.js's self-contained UMD build (it defines `window.Chart`). */
export const chartLibrary = {
  name: 'chart.umd.min.js',
  dir: resolve(here, '../node_modules/chart.js/dist'),
} as const;

export const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

/**
 * Nothing but the page's own origin: scripts, styles and the API (`connect-src 'self'`, since
 * CloudFront routes /hq/* to the API), plus the sign-in's token endpoint when there is one (the
 * Cognito domain, `signInOrigin`). No inline script or style, so an injected string cannot run.
 * Chart.js styles its canvas through the DOM (CSSOM), which `style-src` does not restrict.
 */
export function contentSecurityPolicy(signInOrigin?: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    signInOrigin ? `connect-src 'self' ${signInOrigin}` : "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const referrerPolicy = 'no-referrer';
export const permissionsPolicy = 'camera=(), microphone=(), geolocation=(), payment=()';

/** The same headers as plain HTTP headers (the local runtime; HSTS is CloudFront's, over HTTPS). */
export const securityHeaders: Record<string, string> = {
  'content-security-policy': contentSecurityPolicy(),
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': referrerPolicy,
  'permissions-policy': permissionsPolicy,
};
