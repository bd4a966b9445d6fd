import fc from 'fast-check';

/**
 * A small JSON Schema (draft 2020-12, as `z.toJSONSchema` writes it) → fast-check mapper for the
 * fuzz suite (R-X-4). zod-fast-check does not support zod 4, and the route contracts' schemas
 * already convert to JSON Schema for the OpenAPI document, so the generators read that form:
 * `$ref`/`$defs`, `anyOf`/`oneOf`, `const`, `enum`, strings (length, `pattern`, `format` date,
 * date-time and email), numbers (bounds, `multipleOf`), booleans, null, arrays, objects (required
 * and optional members) and records (`propertyNames`, `additionalProperties`).
 *
 * Values are valid-shaped: they satisfy the schema's structure, so some reach the rules and the
 * store; business validity (a known id, a phone that parses) comes from `hints` by member name.
 */
export type JsonSchema = {
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  const?: unknown;
  enum?: unknown[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  default?: unknown;
  [keyword: string]: unknown;
};

/** A generator for a string member by its name (ids of seeded records, phones, plates), if any. */
export type Hint = (name: string, schema: JsonSchema) => fc.Arbitrary<string> | undefined;

export interface SchemaContext {
  /** The document the `$ref`s point into (the converted schema itself). */
  root: JsonSchema;
  hint?: Hint;
  /** ISO instant the generated dates cluster around (the test clock's day). */
  aroundMs: number;
}

const minute = 60_000;
const day = 24 * 60 * minute;

function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let current = schema;
  for (let i = 0; current.$ref && i < 16; i++) {
    const name = /^#\/\$defs\/(.+)$/.exec(current.$ref)?.[1];
    const target = name === undefined ? undefined : root.$defs?.[decodeURIComponent(name)];
    if (!target) throw new Error(`fuzz: unresolvable $ref ${current.$ref}`);
    const { $ref: _ref, ...rest } = current;
    current = { ...target, ...rest };
  }
  return current;
}

/** An instant within ±`days` of `aroundMs`, on a 5-minute grid (slots and promises line up). */
function isoInstant(aroundMs: number, days = 60): fc.Arbitrary<string> {
  return fc
    .integer({ min: (-days * day) / (5 * minute), max: (days * day) / (5 * minute) })
    .map((steps) =>
      new Date(Math.floor(aroundMs / (5 * minute)) * 5 * minute + steps * 5 * minute).toISOString(),
    );
}

function isoDay(aroundMs: number, days = 60): fc.Arbitrary<string> {
  return fc
    .integer({ min: -days, max: days })
    .map((d) => new Date(aroundMs + d * day).toISOString().slice(0, 10));
}

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const matchers = new Map<string, fc.Arbitrary<string>>();

/**
 * Strings matching a pattern, built once per pattern. ULIDs (most ids) get a direct generator:
 * fast-check's regex generator is slow on 26 character classes in a row.
 */
export function matching(pattern: string): fc.Arbitrary<string> {
  let arbitrary = matchers.get(pattern);
  if (!arbitrary) {
    arbitrary =
      pattern === '^[0-9A-HJKMNP-TV-Z]{26}$'
        ? fc.string({ unit: fc.constantFrom(...crockford), minLength: 26, maxLength: 26 })
        : fc.stringMatching(new RegExp(pattern));
    matchers.set(pattern, arbitrary);
  }
  return arbitrary;
}

function stringArbitrary(schema: JsonSchema, name: string, ctx: SchemaContext): fc.Arbitrary<string> {
  const hinted = ctx.hint?.(name, schema);
  if (hinted) return hinted;
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? minLength + 40;
  const fits = (s: string) => s.length >= minLength && s.length <= maxLength;
  if (schema.format === 'date-time') return isoInstant(ctx.aroundMs);
  if (schema.format === 'date') return isoDay(ctx.aroundMs);
  if (schema.format === 'email') {
    return fc
      .tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,11}$/), fc.constantFrom('example.com', 'shop.cn'))
      .map(([local, domain]) => `${local}@${domain}`);
  }
  if (schema.pattern) return matching(schema.pattern).filter(fits);
  const upper = Math.min(maxLength, minLength + 24);
  // Latin and CJK text, as the shop's records hold; odd Unicode is the mutator's job.
  const unit = fc.oneof(
    fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }),
    fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c)),
  );
  return fc
    .string({ unit, minLength: Math.max(minLength, 1), maxLength: Math.max(upper, Math.max(minLength, 1)) })
    .map((s) => (s.trim() === '' ? `x${s}`.slice(0, Math.max(1, maxLength)) : s))
    .filter(fits);
}

/** Mostly small values (versions, quantities, minutes), sometimes anywhere in the bounds. */
function numberArbitrary(schema: JsonSchema, integer: boolean, name: string): fc.Arbitrary<number> {
  const full = boundedNumber(schema, integer);
  const low = Math.max(schema.minimum ?? schema.exclusiveMinimum ?? 0, -1e9);
  const high = Math.min(schema.maximum ?? schema.exclusiveMaximum ?? 1e9, 1e9);
  if (name === 'version') return fc.oneof(fc.integer({ min: 1, max: 3 }), full);
  const small = boundedNumber(
    { ...schema, maximum: Math.min(high, Math.max(low, 0) + (integer ? 500 : 50)) },
    integer,
  );
  return fc.oneof({ arbitrary: small, weight: 4 }, { arbitrary: full, weight: 1 });
}

function boundedNumber(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const step = schema.multipleOf ?? (integer ? 1 : undefined);
  let min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum : -1_000_000);
  let max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum : 1_000_000);
  // Huge bounds (money in minor units, safe integers) are capped so values stay plausible.
  min = Math.max(min, -1e9);
  max = Math.min(max, 1e9);
  if (step !== undefined) {
    const lo = Math.ceil(min / step);
    const hi = Math.floor(max / step);
    return fc
      .integer({ min: lo, max: Math.max(lo, hi) })
      .map((k) => Number((k * step).toFixed(6)))
      .filter(
        (n) =>
          (schema.exclusiveMinimum === undefined || n > schema.exclusiveMinimum) &&
          (schema.exclusiveMaximum === undefined || n < schema.exclusiveMaximum),
      );
  }
  return fc
    .double({ min, max, noNaN: true, noDefaultInfinity: true })
    .map((n) => Math.round(n * 100) / 100)
    .filter(
      (n) =>
        n >= min &&
        n <= max &&
        (schema.exclusiveMinimum === undefined || n > schema.exclusiveMinimum) &&
        (schema.exclusiveMaximum === undefined || n < schema.exclusiveMaximum),
    );
}

/** A generator of values valid against `schema` (structure, lengths, patterns, formats, bounds). */
export function arbitraryOf(
  input: JsonSchema,
  ctx: SchemaContext,
  name = '',
  depth = 0,
): fc.Arbitrary<unknown> {
  const schema = resolve(input, ctx.root);
  if (depth > 8) return fc.constant(schema.default ?? null);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => arbitraryOf(s, ctx, name, depth + 1)));
  if (schema.allOf?.[0]) return arbitraryOf({ ...schema.allOf[0] }, ctx, name, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (type.length > 1) {
    return fc.oneof(...type.map((t) => arbitraryOf({ ...schema, type: t }, ctx, name, depth + 1)));
  }
  switch (type[0]) {
    case 'string':
      return stringArbitrary(schema, name, ctx);
    case 'integer':
      return numberArbitrary(schema, true, name);
    case 'number':
      return numberArbitrary(schema, false, name);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const item = schema.items ? arbitraryOf(schema.items, ctx, name, depth + 1) : fc.jsonValue();
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.min(schema.maxItems ?? minLength + 3, minLength + 3);
      return schema.uniqueItems
        ? fc.uniqueArray(item, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
        : fc.array(item, { minLength, maxLength });
    }
    case 'object':
      return objectArbitrary(schema, ctx, depth);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function objectArbitrary(schema: JsonSchema, ctx: SchemaContext, depth: number): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const names = Object.keys(properties);
  if (names.length > 0) {
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const key of names) model[key] = arbitraryOf(properties[key] as JsonSchema, ctx, key, depth + 1);
    return fc.record(model, { requiredKeys: (schema.required ?? []).filter((k) => k in model) });
  }
  const extra = schema.additionalProperties;
  if (extra && typeof extra === 'object') {
    const keys = schema.propertyNames
      ? (arbitraryOf(schema.propertyNames, ctx, '', depth + 1) as fc.Arbitrary<string>)
      : fc.string({ minLength: 1, maxLength: 12 });
    return fc.dictionary(keys, arbitraryOf(extra, ctx, '', depth + 1), { maxKeys: 3 });
  }
  return fc.constant({});
}
