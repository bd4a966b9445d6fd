import { type Actor, type Role, roles } from '../../kernel/access';
import { UnauthorizedError } from '../../kernel/errors';

/**
 * Claims as API Gateway's HTTP API JWT authorizer hands them to the handler: every value is a
 * string, and an array claim such as `cognito:groups` arrives as "[advisor supervisor]". The
 * local gateway produces the same shape, so this parser serves both.
 */
export type Claims = Record<string, string | number | boolean | string[] | undefined>;

function list(value: Claims[string]): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.map(String);
  const text = String(value).trim();
  const inner = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  return inner
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function actorFromClaims(claims: Claims | undefined): Actor {
  if (!claims || typeof claims.sub !== 'string' || !claims.sub) {
    throw new UnauthorizedError('The request carries no verified identity');
  }
  // The authorizer also accepts Cognito access tokens; only ID tokens carry roles and branches.
  if (claims.token_use !== undefined && claims.token_use !== 'id') {
    throw new UnauthorizedError(`Send the ID token, not the ${String(claims.token_use)} token`);
  }
  const known = new Set<string>(roles);
  const held = list(claims['cognito:groups']).filter((g): g is Role => known.has(g));
  const branches = list(claims['custom:branches']);
  return {
    // Cognito's `sub` is the user pool's id; the pre-token trigger adds our staff id.
    staffId: typeof claims.staff_id === 'string' && claims.staff_id ? claims.staff_id : claims.sub,
    login: String(claims['cognito:username'] ?? claims.username ?? claims.sub),
    name: String(claims.name ?? claims['cognito:username'] ?? claims.sub),
    roles: held,
    branches: branches.includes('*') ? '*' : branches,
  };
}
