import { createHash, createHmac } from 'node:crypto';

/**
 * The link signer port (R-SELF-1). A self-service link's token is derived from the link's id with
 * a secret, `base64url(HMAC-SHA256(secret, linkId))` cut to its first 16 bytes: 22 characters,
 * 128 bits. The token is never stored; the link's item is keyed by `hashToken(token)`, and whoever
 * sends the link's SMS mints the token again from the id (a retried SMS carries the same link).
 * Only the processes that send SMS need the secret: env `LINK_SECRET` locally and in tests
 * (the port's default), AWS Secrets Manager in AWS, read once per cold
 * start (shared/platform/adapters/link-signer-secrets-manager.ts).
 */
export interface LinkSigner {
  /** The link's token: 22 base64url characters. */
  token(linkId: string): Promise<string>;
}

/** Token length in characters: 16 bytes of base64url (R-SELF-1: at least 128 bits). */
export const linkTokenLength = 22;

/** The pure derivation every adapter shares: only where the secret comes from differs. */
export function mintToken(secret: string, linkId: string): string {
  return createHmac('sha256', secret).update(linkId, 'utf8').digest().subarray(0, 16).toString('base64url');
}

/** What the link's item is keyed by: `base64url(SHA-256(token))`. Pure; needs no secret. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

/** A signer over a secret fetched once (on first use) and kept for the life of the process. */
export function secretLinkSigner(secret: () => Promise<string>): LinkSigner {
  let loaded: Promise<string> | undefined;
  return {
    async token(linkId) {
      loaded ??= secret().then((value) => {
        // A short secret would make the tokens guessable offline; refuse it loudly.
        if (value.length < 32) throw new Error('The link secret must have at least 32 characters');
        return value;
      });
      try {
        return mintToken(await loaded, linkId);
      } catch (error) {
        // A failed fetch is not kept: the next SMS tries again (a retried duty).
        loaded = undefined;
        throw error;
      }
    },
  };
}

let current: LinkSigner | undefined;

/**
 * The signer of this process: the one set at start-up (the sweeper in AWS sets the Secrets
 * Manager adapter), else one over env `LINK_SECRET` (local runtime and tests).
 */
export function linkSigner(): LinkSigner {
  current ??= secretLinkSigner(async () => {
    const secret = process.env.LINK_SECRET;
    if (!secret) throw new Error('No link signer is configured: set LINK_SECRET or call setLinkSigner');
    return secret;
  });
  return current;
}

export function setLinkSigner(next: LinkSigner | undefined): void {
  current = next;
}

/**
 * Where the customer page is served, the start of every link's URL: env `PUBLIC_BASE_URL` (the
 * page's distribution in AWS, the local runtime's own address), else the local runtime's default.
 */
export function publicBaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.PUBLIC_BASE_URL || 'http://127.0.0.1:3000';
}
