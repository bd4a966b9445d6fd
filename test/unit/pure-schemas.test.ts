import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Cold start (ARCHITECTURE target, issue 14 item 2): a function's bundle builds at load only the
 * zod schemas and route contracts it can use. esbuild drops an unused module-level declaration only
 * when its initializer is marked `/* @__PURE__ *\/` (it does not carry zod's own
 * `@__NO_SIDE_EFFECTS__` across files), so every module-level declaration of shared/ that builds a
 * schema or a route contract carries the mark (docs/decisions.md, "Cold start: pure schemas").
 */
const root = resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** A module-level `const` whose value is built by a call: a zod chain, a route contract, a helper call. */
const declaration = /^(?:export )?const (\w+)(?:: [^=]+)? = (.+)$/;

function unmarked(text: string): string[] {
  const lines = text.split('\n');
  return lines.flatMap((line, i) => {
    const m = declaration.exec(line);
    if (!m) return [];
    const [, name, value = ''] = m;
    const next = lines[i + 1]?.trimStart() ?? '';
    const builds =
      /^(z|defineRoute|action|actionRoute)$/.test(value) && next.startsWith('.')
        ? true
        : /^(z\.|defineRoute\(|action\(|actionRoute\()/.test(value) ||
          // another schema refined or extended: `ulidId.meta(…)`, `base.extend(…)`
          /^[a-z]\w*\.(meta|extend|optional|pick|omit|partial|and|or|array|nullable|default|refine|superRefine|describe|strict)\(/.test(
            value,
          );
    return builds ? [`${name} (line ${i + 1})`] : [];
  });
}

const files = sources(resolve(root, 'shared'))
  .filter((f) => /from 'zod'/.test(readFileSync(f, 'utf8')))
  .map((f) => relative(root, f));

describe('module-level schemas and route contracts are marked pure, so bundles drop the unused ones', () => {
  it('finds the schema modules', () => {
    expect(files.length).toBeGreaterThan(30);
  });

  it.each(files)('%s', (file) => {
    expect(unmarked(readFileSync(resolve(root, file), 'utf8'))).toEqual([]);
  });

  it.each([
    ['export const a = z.object({ x: z.string() });', ['a (line 1)']],
    ["export const a = ulidId.meta({ description: 'id' });", ['a (line 1)']],
    ['const r = defineRoute({', ['r (line 1)']],
    ['export const a = z\n  .object({})', ['a (line 1)']],
    ['export const a = /* @__PURE__ */ z.object({ x: z.string() });', []],
    ['export const a = /* @__PURE__ */ z\n  .object({})', []],
    ["export const states = ['open', 'closed'] as const;", []],
    ['export const f = (max: number) => z.string().max(max);', []],
  ])('the check itself: %j → %j', (text, expected) => {
    expect(unmarked(text)).toEqual(expected);
  });
});
