import fc from 'fast-check';

/**
 * What the fuzz suite sends instead of a valid value (R-X-4): wrong types, nulls, numbers as
 * strings, odd and huge Unicode, impossible dates, malformed JSON, wrong content types and
 * malformed percent-encoding. Each is a plain value, so a failing case prints as sent.
 */

const kb100 = 100 * 1024;

/** Strings that break naive code: control and bidi characters, lone surrogates, emoji, huge. */
export const oddStrings: readonly string[] = [
  '',
  ' ',
  '\t\n',
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  '\uDBFF\uDBFF',
  '\u202Eevil\u202C',
  '\u200F\u200E\u061C',
  '\uFEFF',
  '\u00A0\u2028\u2029',
  '👨‍👩‍👧‍👦🚗🔧',
  '𝕏𝔶𝕫',
  'Z̴̡̛͇̖a̷̢͉l̸g̵o̶',
  'ﷺ',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  '<script>alert(1)</script>',
  "' OR '1'='1",
  // A Log4Shell-style probe, the literal text `${jndi:…}` (joined, so it reads as no template):
  // the API must refuse it or store it verbatim, never interpolate it.
  ['$', '{jndi:ldap://x}'].join(''),
  '../../etc/passwd',
  '%',
  '%ZZ',
  'BR#X#CUS#1',
  '*',
  '00000000000000000000000000',
  'ZZZZZZZZZZZZZZZZZZZZZZZZZZ',
  '7ZZZZZZZZZZZZZZZZZZZZZZZZZ',
  'a'.repeat(kb100),
  '中'.repeat(kb100 / 3),
  '\uD83D'.repeat(1000),
];

/** Dates and times no calendar has, or written in a form the API does not take. */
export const badDates: readonly string[] = [
  '2026-02-30',
  '2026-02-29',
  '2026-13-01',
  '2026-00-10',
  '2031-06-31',
  '0000-00-00',
  '99999-01-01',
  '2031-6-1',
  '2031/06/11',
  '11.06.2031',
  '2031-06-11T24:00:00Z',
  '2031-06-11T23:60:00Z',
  '2031-06-11T10:00:60Z',
  '2031-06-11T10:00',
  '2031-06-11T10:00:00',
  '2031-06-11 10:00:00Z',
  '2031-06-11T10:00:00+25:00',
  '2031-06-11T10:00:00+08',
  '2031-06-11T10:00:00-00:00',
  '2031-06-11T10:00:00+14:01',
  '2031-06-11T10:00:00.123456789Z',
  '+275760-09-13T00:00:00.000Z',
  '-000001-01-01T00:00:00Z',
  '1969-12-31T23:59:59Z',
  '1900-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '24:00',
  '12:60',
  '7:30',
  '',
];

/** Values of the wrong JSON type, or of the right type and an absurd size. */
const oddValues: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  -0,
  1.5,
  1e308,
  -1e308,
  2 ** 53,
  -(2 ** 53) - 2,
  1e21,
  0.1 + 0.2,
  '12',
  '1e3',
  '0x10',
  ' 7 ',
  [],
  [null],
  {},
  { $ne: null },
  JSON.parse('{"__proto__":{"admin":true}}'),
  Array.from({ length: 1000 }, () => 'x'),
];

export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constantFrom(...oddValues), weight: 3 },
  { arbitrary: fc.constantFrom(...oddStrings), weight: 3 },
  { arbitrary: fc.constantFrom(...badDates), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 },
);

/** Bodies that are not JSON, or JSON of the wrong shape. */
export const malformedJson: readonly string[] = [
  '{',
  '}',
  '{"a":}',
  '[1,]',
  "{'a':1}",
  '{"a":1}{"b":2}',
  'nul',
  'NaN',
  '\uFEFF{}',
  '{"a":"\\uD800"}',
  '{"a":"\\u0000"}',
  '{"__proto__":{"x":1}}',
  '{"a":1,"a":2}',
  '[]',
  '"text"',
  '42',
  'null',
  'true',
  ' ',
  '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
  '<xml/>',
  'a=1&b=2',
];

/** Content types other than plain JSON: refused (415) unless they are a +json type. */
export const contentTypes: readonly (string | undefined)[] = [
  undefined,
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/merge-patch+json',
  'application/problem+json',
  'application/jsonx',
  'text/plain',
  'text/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  '',
  '*/*',
];

/** Path segments that are not valid percent-encoding, or decode to something odd (sent raw). */
export const rawSegments: readonly string[] = [
  '%',
  '%%',
  '%ZZ',
  '%2',
  '%G0',
  '%E0%A4%A',
  '%C0%AE',
  '%C0%80',
  '%ED%A0%80',
  '%FF',
  '%F4%90%80%80',
  'a%',
  '%00',
  '%2F',
  '%2e%2e',
  '..',
  '.',
  '%20',
  '%E2%80%AE',
  '%F0%9F%9A%97',
  '%25',
  encodeURIComponent('中'.repeat(300)),
  'x'.repeat(2000),
];

type Path = (string | number)[];

function pathsOf(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) pathsOf(v, [...at, i], out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...at, k], out);
  }
  return out;
}

const remove = Symbol('remove');

function setAt(value: unknown, path: Path, replace: (old: unknown) => unknown): unknown {
  if (path.length === 0) {
    const next = replace(value);
    return next === remove ? undefined : next;
  }
  const [head, ...rest] = path;
  if (!value || typeof value !== 'object') return value;
  const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<string | number, unknown>;
  const key = head as string | number;
  const next = rest.length === 0 ? replace(copy[key]) : setAt(copy[key], rest, replace);
  if (next !== remove) copy[key] = next;
  else if (Array.isArray(copy)) copy.splice(key as number, 1);
  else delete copy[key];
  return copy;
}

type MutationKind = 'replace' | 'remove' | 'extra' | 'stringify' | 'duplicate';

export interface Mutation {
  kind: MutationKind;
  /** Index into the value's paths (modulo their number). */
  at: number;
  odd: unknown;
  extraKey: string;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom<MutationKind>('replace', 'replace', 'remove', 'extra', 'stringify', 'duplicate'),
  at: fc.nat(),
  odd: oddValue,
  extraKey: fc.constantFrom(
    'extra',
    '__proto__',
    'constructor',
    '$where',
    '',
    'pk',
    'version',
    '\u0000',
    'id',
  ),
});

/** `value` with one member replaced by an odd value, removed, doubled, an extra member, or a number sent as a string. */
export function mutate(value: unknown, m: Mutation): unknown {
  const paths = pathsOf(value);
  const path = paths[m.at % paths.length] ?? [];
  switch (m.kind) {
    case 'replace':
      return setAt(value, path, () => m.odd);
    case 'remove':
      return path.length === 0 ? undefined : setAt(value, path, () => remove);
    case 'extra':
      return setAt(value, path, (old) =>
        old && typeof old === 'object' && !Array.isArray(old)
          ? { ...(old as object), [m.extraKey]: m.odd }
          : Array.isArray(old)
            ? [...old, m.odd]
            : { [m.extraKey]: m.odd },
      );
    case 'stringify':
      return setAt(value, path, (old) =>
        typeof old === 'number' || typeof old === 'boolean'
          ? String(old)
          : typeof old === 'string' && old.trim() !== '' && !Number.isNaN(Number(old))
            ? Number(old)
            : old === null
              ? 'null'
              : JSON.stringify(old),
      );
    case 'duplicate':
      return setAt(value, path, (old) => (Array.isArray(old) ? [...old, ...old] : [old, old]));
  }
}
