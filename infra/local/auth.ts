import { randomBytes, type webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { UnauthorizedError } from '../../shared/kernel/errors';

/**
 * The local identity provider: it signs ID tokens shaped like Cognito's (`cognito:groups`,
 * `custom:branches`, `token_use: id`) with a local RS256 key, and verifies them as API Gateway's
 * JWT authorizer does: signature, issuer, audience and expiry.
 */
const localIssuer = 'urn:auto-repair:local-idp';
const localAudience = 'auto-repair-local';
const algorithm = 'RS256';

export interface LocalKeys {
  privateKey: webcrypto.CryptoKey;
  publicKey: webcrypto.CryptoKey;
}

/** Loads the key pair from `file` (so tokens survive a restart), or makes and saves one. */
export async function loadOrCreateKeys(file?: string): Promise<LocalKeys> {
  if (file && existsSync(file)) {
    const jwk = JSON.parse(readFileSync(file, 'utf8')) as { privateKey: JWK; publicKey: JWK };
    return {
      privateKey: (await importJWK(jwk.privateKey, algorithm)) as webcrypto.CryptoKey,
      publicKey: (await importJWK(jwk.publicKey, algorithm)) as webcrypto.CryptoKey,
    };
  }
  const keys = await generateKeyPair(algorithm, { extractable: true });
  if (file) {
    mkdirSync(dirname(file), { recursive: true });
    const saved = {
      privateKey: await exportJWK(keys.privateKey),
      publicKey: await exportJWK(keys.publicKey),
    };
    writeFileSync(file, JSON.stringify(saved), { mode: 0o600 });
  }
  return keys;
}

export interface TokenSubject {
  staffId: string;
  login: string;
  name: string;
  roles: string[];
  branches: string[] | '*';
}

export async function signToken(
  keys: LocalKeys,
  subject: TokenSubject,
  ttlSeconds = 12 * 3600,
): Promise<string> {
  return new SignJWT({
    'cognito:username': subject.login,
    staff_id: subject.staffId,
    name: subject.name,
    'cognito:groups': subject.roles,
    'custom:branches': subject.branches === '*' ? '*' : subject.branches.join(','),
    token_use: 'id',
  })
    .setProtectedHeader({ alg: algorithm, typ: 'JWT' })
    .setSubject(subject.staffId)
    .setIssuer(localIssuer)
    .setAudience(localAudience)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(keys.privateKey);
}

/** Verifies a bearer token like the HTTP API JWT authorizer; a failure is a 401 that says why. */
export async function verifyBearer(keys: LocalKeys, authorization: string | undefined): Promise<JWTPayload> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match?.[1])
    throw new UnauthorizedError('Send Authorization: Bearer <token> (npm run token -- <login>)');
  try {
    const { payload } = await jwtVerify(match[1], keys.publicKey, {
      issuer: localIssuer,
      audience: localAudience,
      algorithms: [algorithm],
    });
    return payload;
  } catch (error) {
    throw new UnauthorizedError(`The token was refused: ${(error as Error).message}`);
  }
}

/**
 * R-SELF-1: the local link secret (what Secrets Manager holds in AWS): kept in `file` so the links
 * in the outbox still open after a restart, or made and saved once; in memory without a file.
 */
export function loadOrCreateLinkSecret(file?: string): string {
  if (file && existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  if (file) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, secret, { mode: 0o600 });
  }
  return secret;
}
