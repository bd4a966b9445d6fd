import fc from 'fast-check';
import * as z from 'zod';
import { type Role, roles } from '../../../shared/kernel/access';
import { isLinkRoute, type RouteContract } from '../../../shared/platform/http/contract';
import { linkTokenLength, mintToken } from '../../../shared/platform/ports/link-signer';
import { claimsOf } from '../api';
import { arbitraryOf, type Hint, type JsonSchema, matching, type SchemaContext } from './json-schema';
import {
  badDates,
  contentTypes,
  malformedJson,
  mutate,
  mutation,
  oddStrings,
  oddValue,
  rawSegments,
} from './mutations';

/**
 * Requests for the fuzz suite (R-X-4, R-ACC-3): for one route, a generator of whole requests
 * (path, query, headers, body and caller) built from the route contract's zod schemas through
 * their JSON Schema form, valid-shaped or mutated. A request is plain data, so a failing case
 * prints exactly what was sent.
 */

/** The seeded records the generators draw ids from, so valid-shaped requests reach the store. */
export interface FuzzWorld {
  /** The branch the requests address (its staff are the "allowed" callers). */
  branch: string;
  /** Another branch: its staff must be refused at `branch` (R-ACC-3). */
  other: string;
  /** Ids of seeded records by the member name that carries them (`customerId`, `orderId`, ...). */
  ids: Record<string, string[]>;
  /** Phones, plates and VINs on file, so finds and duplicates reach the store. */
  phones: string[];
  plates: string[];
  /** The test clock's now: dates cluster around it. */
  nowMs: number;
}

/** Who calls: the claims a verified token carries, or none. */
type Caller =
  | 'none'
  | 'allowed'
  | 'other-branch'
  | 'wrong-role'
  | 'every-branch-without-right'
  | 'access-token'
  | 'no-sub';

export interface FuzzRequest {
  route: string;
  method: string;
  path: string;
  query?: Record<string, string>;
  headers: Record<string, string>;
  body?: string;
  caller: Caller;
  claims?: Record<string, unknown>;
}

function jsonSchemaOf(schema: z.ZodType | undefined): JsonSchema | undefined {
  if (!schema) return undefined;
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

const ulidPattern = '^[0-9A-HJKMNP-TV-Z]{26}$';
const branchPattern = '^[A-Z][A-Z0-9]{1,7}$';

function hints(world: FuzzWorld): Hint {
  const allIds = Object.values(world.ids).flat();
  const randomUlid = matching(ulidPattern);
  return (name, schema) => {
    if (schema.pattern === ulidPattern) {
      const known = world.ids[name] ?? allIds;
      return known.length > 0
        ? fc.oneof({ arbitrary: fc.constantFrom(...known), weight: 4 }, { arbitrary: randomUlid, weight: 1 })
        : randomUlid;
    }
    if (schema.pattern === branchPattern) {
      return fc.oneof(
        { arbitrary: fc.constant(world.branch), weight: 12 },
        { arbitrary: fc.constant(world.other), weight: 1 },
        { arbitrary: matching(branchPattern), weight: 1 },
      );
    }
    if (schema.pattern || schema.format || schema.enum) return undefined;
    if (/^(phone|number)$/.test(name)) {
      return fc.oneof(
        fc.constantFrom(...world.phones),
        fc.integer({ min: 0, max: 99_999_999 }).map((n) => `139${String(n).padStart(8, '0')}`),
        fc.integer({ min: 0, max: 9_999_999 }).map((n) => `+8529${String(n).padStart(7, '0')}`),
        fc.integer({ min: 0, max: 99_999_999 }).map((n) => `+86 138 ${String(n).padStart(8, '0')}`),
        fc.stringMatching(/^\+?[0-9 ()-]{1,20}$/),
      );
    }
    if (name === 'plate') {
      return fc.oneof(
        fc.constantFrom(...world.plates),
        fc.stringMatching(/^[粤京沪][A-Z]·?[0-9A-HJ-NP-Z]{5}$/),
      );
    }
    if (name === 'vin') return fc.stringMatching(/^[0-9A-HJ-NPR-Z]{17}$/);
    if (name === 'currency') return fc.constantFrom('CNY', 'HKD', 'USD', 'XYZ');
    if (name === 'timeZone') return fc.constantFrom('Asia/Shanghai', 'Asia/Hong_Kong', 'UTC', 'Mars/Olympus');
    if (name === 'phoneRegion') return fc.constantFrom('CN', 'HK', 'ZZ');
    return undefined;
  };
}

/** The callers of a route, with the claims each carries (as test/support/api.ts builds them). */
function callerClaims(route: RouteContract, world: FuzzWorld, caller: Caller, pick: number) {
  const chainWide = (r: Role) => r === 'hq' || r === 'admin';
  const actor = (held: Role[], branches: string[] | '*') => ({
    staffId: '01JFUZZ0000000000000000000',
    name: 'Fuzz Caller',
    roles: held,
    branches,
  });
  const allowed = route.roles;
  const wrong = roles.filter((r) => !allowed.includes(r));
  const role = (list: readonly Role[]) => list[pick % list.length] as Role;
  switch (caller) {
    case 'none':
      return undefined;
    case 'allowed': {
      const r = role(allowed);
      return claimsOf(actor([r], chainWide(r) ? '*' : [world.branch]));
    }
    case 'other-branch': {
      const branchOnly = allowed.filter((r) => !chainWide(r));
      const r = role(branchOnly.length > 0 ? branchOnly : allowed);
      return claimsOf(actor([r], chainWide(r) ? '*' : [world.other]));
    }
    case 'wrong-role': {
      if (wrong.length === 0) return undefined;
      const r = role(wrong);
      return claimsOf(actor([r], chainWide(r) ? '*' : [world.branch]));
    }
    case 'every-branch-without-right': {
      const branchOnly = roles.filter((r) => !chainWide(r));
      return claimsOf(actor([role(branchOnly)], '*'));
    }
    case 'access-token':
      return { ...claimsOf(actor([role(allowed)], [world.branch])), token_use: 'access' };
    case 'no-sub':
      return { ...claimsOf(actor([role(allowed)], [world.branch])), sub: '' };
  }
}

/**
 * R-ACC-3: one caller for each role the route does not allow (at the addressed branch; HQ and
 * admin with every branch), so every wrong role is tried on every route, not only a random few.
 */
export function everyWrongRole(route: RouteContract, world: FuzzWorld): Record<string, unknown>[] {
  if (isLinkRoute(route)) return [];
  return roles
    .filter((r) => !route.roles.includes(r))
    .map((r) =>
      claimsOf({
        staffId: '01JFUZZ0000000000000000000',
        name: 'Fuzz Caller',
        roles: [r],
        branches: r === 'hq' || r === 'admin' ? '*' : [world.branch],
      }),
    );
}

/** A scalar as a query string carries it. */
function queryValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A path segment as a client sends it: encoded, unless it is meant raw (malformed). */
function segment(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  try {
    return encodeURIComponent(text);
  } catch {
    // A lone surrogate cannot be encoded: send it raw, as a broken client would.
    return text;
  }
}

interface Parts {
  params: Record<string, unknown>;
  rawParams: Record<string, string>;
  query: Record<string, unknown> | undefined;
  body: { kind: 'json'; value: unknown } | { kind: 'raw'; text: string } | { kind: 'none' };
  contentType: string | undefined;
  headers: Record<string, string>;
  caller: Caller;
  callerPick: number;
  method: string;
}

/** Every request generator of one route. */
export function requestsFor(route: RouteContract, world: FuzzWorld): fc.Arbitrary<FuzzRequest> {
  const paramsSchema = jsonSchemaOf(route.params);
  const querySchema = jsonSchemaOf(route.query);
  const bodySchema = jsonSchemaOf(route.body);
  const ctx = (root: JsonSchema): SchemaContext => ({ root, hint: hints(world), aroundMs: world.nowMs });

  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
  const validParams: fc.Arbitrary<Record<string, unknown>> = paramsSchema
    ? (arbitraryOf(paramsSchema, ctx(paramsSchema)) as fc.Arbitrary<Record<string, unknown>>)
    : fc.constant({});
  const params = fc.oneof(
    { arbitrary: validParams, weight: 8 },
    {
      arbitrary: fc.tuple(validParams, mutation).map(([p, m]) => mutate(p, m) as Record<string, unknown>),
      weight: 2,
    },
  );
  // A malformed or odd segment sent raw in place of one parameter.
  const rawParams: fc.Arbitrary<Record<string, string>> =
    names.length === 0
      ? fc.constant({})
      : fc.oneof(
          { arbitrary: fc.constant({}), weight: 9 },
          {
            arbitrary: fc
              .tuple(fc.constantFrom(...names), fc.constantFrom(...rawSegments))
              .map(([name, raw]) => ({ [name]: raw })),
            weight: 1,
          },
        );

  const validQuery = querySchema
    ? (arbitraryOf(querySchema, ctx(querySchema)) as fc.Arbitrary<Record<string, unknown>>)
    : fc.constant(undefined);
  const query = fc.oneof(
    { arbitrary: validQuery, weight: 7 },
    {
      arbitrary: fc
        .tuple(validQuery, mutation)
        .map(([q, m]) => mutate(q ?? {}, m) as Record<string, unknown> | undefined),
      weight: 2,
    },
    {
      arbitrary: fc.dictionary(
        fc.constantFrom('limit', 'cursor', 'from', 'to', 'state', 'date', 'phone', 'plate', 'x'),
        fc.oneof(fc.constantFrom(...oddStrings), fc.constantFrom(...badDates), fc.string({ maxLength: 30 })),
        { maxKeys: 3 },
      ),
      weight: 1,
    },
  );

  const validBody = bodySchema ? arbitraryOf(bodySchema, ctx(bodySchema)) : fc.constant(undefined);
  const body: fc.Arbitrary<Parts['body']> = route.body
    ? fc.oneof(
        { arbitrary: validBody.map((value) => ({ kind: 'json' as const, value })), weight: 5 },
        {
          arbitrary: fc
            .tuple(validBody, mutation)
            .map(([v, m]) => ({ kind: 'json' as const, value: mutate(v, m) })),
          weight: 4,
        },
        {
          arbitrary: oddValue.map((value) => ({ kind: 'json' as const, value })),
          weight: 1,
        },
        {
          arbitrary: fc.constantFrom(...malformedJson).map((text) => ({ kind: 'raw' as const, text })),
          weight: 1,
        },
        { arbitrary: fc.constant({ kind: 'none' as const }), weight: 1 },
      )
    : fc.oneof(
        { arbitrary: fc.constant({ kind: 'none' as const }), weight: 8 },
        {
          arbitrary: fc.jsonValue({ maxDepth: 2 }).map((value) => ({ kind: 'json' as const, value })),
          weight: 1,
        },
        {
          arbitrary: fc.constantFrom(...malformedJson).map((text) => ({ kind: 'raw' as const, text })),
          weight: 1,
        },
      );

  const contentType = fc.oneof(
    { arbitrary: fc.constant('application/json'), weight: 12 },
    { arbitrary: fc.constantFrom(...contentTypes), weight: 1 },
  );

  const headers = fc.oneof(
    { arbitrary: fc.constant<Record<string, string>>({}), weight: 6 },
    {
      arbitrary: fc
        .oneof(fc.uuid(), fc.constantFrom('', ' ', 'ключ', 'x'.repeat(129), '\u0000', 'fuzz-key-1'))
        .map((key) => ({ 'idempotency-key': key })),
      weight: route.idempotent ? 2 : 1,
    },
  );

  const link = isLinkRoute(route);
  const caller: fc.Arbitrary<Caller> = link
    ? fc.constant('none')
    : fc.oneof(
        { arbitrary: fc.constant<Caller>('allowed'), weight: 14 },
        { arbitrary: fc.constant<Caller>('none'), weight: 1 },
        { arbitrary: fc.constant<Caller>('other-branch'), weight: 2 },
        { arbitrary: fc.constant<Caller>('wrong-role'), weight: 2 },
        {
          arbitrary: fc.constantFrom<Caller>('every-branch-without-right', 'access-token', 'no-sub'),
          weight: 1,
        },
      );
  // Random tokens, and wrong ones: well-formed (22 base64url characters), or minted with the
  // test secret for a link id that was never issued.
  const linkToken = fc.oneof(
    fc.stringMatching(new RegExp(`^[A-Za-z0-9_-]{${linkTokenLength}}$`)),
    matching(ulidPattern).map((linkId) => mintToken(process.env.LINK_SECRET ?? 'fuzz-secret', linkId)),
    fc.string({ minLength: 1, maxLength: 60 }),
    fc.stringMatching(/^[A-Za-z0-9_-]{10,40}\.[A-Za-z0-9_-]{10,80}\.[A-Za-z0-9_-]{10,43}$/),
    fc.constantFrom(...oddStrings.filter((s) => s.length < 5000)),
  );
  const linkHeaders = link
    ? fc.option(
        linkToken.map((token) => ({ 'x-link-token': token })),
        { freq: 8, nil: {} },
      )
    : fc.constant({});

  const method = fc.oneof(
    { arbitrary: fc.constant(route.method), weight: 40 },
    { arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'get'), weight: 1 },
  );

  return fc
    .record({
      params,
      rawParams,
      query,
      body,
      contentType,
      headers: fc.tuple(headers, linkHeaders).map(([a, b]) => ({ ...a, ...b })),
      caller,
      callerPick: fc.nat(30),
      method,
    })
    .map((p: Parts): FuzzRequest => {
      const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) =>
        name in p.rawParams ? (p.rawParams[name] as string) : segment(p.params?.[name] ?? ''),
      );
      const query =
        p.query && typeof p.query === 'object' && !Array.isArray(p.query)
          ? Object.fromEntries(Object.entries(p.query).map(([k, v]) => [k, queryValue(v)]))
          : undefined;
      const text =
        p.body.kind === 'json'
          ? (JSON.stringify(p.body.value) ?? undefined)
          : p.body.kind === 'raw'
            ? p.body.text
            : undefined;
      const claims = callerClaims(route, world, p.caller, p.callerPick);
      return {
        route: route.id,
        method: p.method,
        path,
        ...(query && Object.keys(query).length > 0 ? { query } : {}),
        headers: { ...(p.contentType !== undefined ? { 'content-type': p.contentType } : {}), ...p.headers },
        ...(text !== undefined ? { body: text } : {}),
        caller: claims === undefined && p.caller !== 'none' ? 'none' : p.caller,
        ...(claims ? { claims } : {}),
      };
    });
}
