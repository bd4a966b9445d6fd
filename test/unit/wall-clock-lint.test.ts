import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * No test reads the wall clock (issue 9 item 1): `npm run lint` runs Biome with the GritQL rule
 * lint/no-wall-clock.grit on test/ (biome.json). This proves the rule can fail: on a copy of the
 * configuration, a probe under test/ that reads the wall clock is reported, the same code in the
 * clock helpers or outside test/ is not, and a fixed date is never.
 */
const root = resolve(import.meta.dirname, '../..');
// The three reads are spelled in pieces, so that a search of test/ for them finds only the clock helpers.
const read = { now: ['Date', 'now()'].join('.'), construct: ['new Date', '()'].join('') };
const probe = [
  `export const a = ${read.now};`,
  `export const b = ${read.construct};`,
  `export const c = globalThis.${read.now};`,
  "export const fixed = new Date('2031-06-11T02:10:00Z');",
  'export const parsed = Date.parse(fixed.toISOString());',
  '',
].join('\n');
let dir: string;
let reported: { path: string; line: number }[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wall-clock-lint-'));
  cpSync(resolve(root, 'biome.json'), join(dir, 'biome.json'));
  cpSync(resolve(root, 'lint'), join(dir, 'lint'), { recursive: true });
  for (const file of ['test/unit/probe.test.ts', 'test/support/clock.ts', 'shared/probe.ts']) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), probe);
  }
  let output: string;
  try {
    output = execFileSync(
      resolve(root, 'node_modules/.bin/biome'),
      ['lint', '--vcs-enabled=false', '--reporter=json', '.'],
      { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
  } catch (error) {
    // Biome exits non-zero when it reports errors; the report is still on stdout.
    output = String((error as { stdout?: string }).stdout ?? '');
  }
  const diagnostics = (
    JSON.parse(output) as {
      diagnostics: { category: string; location: { path: string; start?: { line: number } } }[];
    }
  ).diagnostics;
  reported = diagnostics
    .filter((d) => d.category === 'plugin')
    .map((d) => ({ path: d.location.path, line: (d.location.start?.line ?? -1) + 1 }));
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the wall-clock lint rule (issue 9 item 1)', () => {
  it('reports the three wall-clock reads of a test (now, a date of now, the global now)', () => {
    expect(reported.filter((r) => r.path === 'test/unit/probe.test.ts')).toHaveLength(3);
  });

  it('leaves the clock helpers and the product code alone', () => {
    expect(reported.filter((r) => r.path !== 'test/unit/probe.test.ts')).toEqual([]);
  });
});
