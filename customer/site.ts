import { resolve } from 'node:path';

/**
 * What the customer page is made of (R-SELF-1, R-ADD-2), for the two places that serve it: the
 * local runtime (infra/local/customer-page.ts) and CloudFront (infra/constructs/customer-site.ts).
 * Static files only, no build step, nothing from another origin. The page lives at `/c`; its
 * token is in the URL's fragment (`/c#<token>`), which the browser never sends to a server, and
 * it calls the public routes (`/public/*`) on its own origin with the token in `x-link-token`.
 */
const here = import.meta.dirname;

export const publicDir = resolve(here, 'public');
export const pageFiles = ['index.html', 'app.js', 'style.css'] as const;

/** The page's path; its assets sit under `/c/` (absolute URLs in index.html), the page object is `c/index.html`. */
export const pagePath = '/c';
export const assetPrefix = 'c/';
export const pageObject = `${assetPrefix}index.html`;

/** The public routes the page calls, on its own origin. */
export const publicApiPattern = '/public/*';

export const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/**
 * Nothing but the page's own origin: its script and style, and the public API (CloudFront routes
 * /public/* there). No inline script or style, no image from elsewhere, no frame, no form posted
 * anywhere: an injected string can neither run nor leak the token.
 */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const permissionsPolicy = 'camera=(), microphone=(), geolocation=(), payment=()';
/** A link page is personal: search engines leave it out even if a link leaks. */
export const robotsTag = 'noindex, nofollow';

/** The same headers as plain HTTP headers (the local runtime; HSTS is CloudFront's, over HTTPS). */
export const securityHeaders: Record<string, string> = {
  'content-security-policy': contentSecurityPolicy,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'permissions-policy': permissionsPolicy,
  'x-robots-tag': robotsTag,
};
