import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The direction of imports (docs/architecture.md "shared/", docs/areas.md) is checked by
 * dependency-cruiser in `npm run lint`, over the whole project. These tests prove the check can
 * fail: on a deliberately wrong tree (test/fixtures/boundaries) it names every broken rule. (That
 * the project itself breaks none is the lint step's own run; running it here again cost 5 s.)
 */
const root = resolve(import.meta.dirname, '../..');
const depcruise = resolve(root, 'node_modules/.bin/depcruise');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

function violations(cwd: string, paths: string[]): Violation[] {
  let output: string;
  try {
    output = execFileSync(
      depcruise,
      [...paths, '--config', resolve(root, '.dependency-cruiser.cjs'), '--output-type', 'json'],
      { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
  } catch (error) {
    // depcruise exits non-zero when it finds errors; its JSON report is still on stdout.
    output = String((error as { stdout?: string }).stdout ?? '');
  }
  return (JSON.parse(output) as { summary: { violations: Violation[] } }).summary.violations;
}

describe('the import boundaries of the layout (issue 9 item 5)', () => {
  let pairs: string[][] = [];
  beforeAll(() => {
    pairs = violations(resolve(root, 'test/fixtures/boundaries'), ['shared']).map((v) => [
      v.rule.name,
      v.from,
      v.to,
    ]);
  }, 60_000);

  it.each([
    ['no-circular', 'shared/reports/a.ts', 'shared/reports/b.ts'],
    ['platform-knows-no-area', 'shared/platform/http/stack.ts', 'shared/orders/store.ts'],
    ['kernel-knows-no-area', 'shared/kernel/policy.ts', 'shared/reports/a.ts'],
    ['duty-engine-knows-no-area', 'shared/duty-engine/sweeper.ts', 'shared/orders/store.ts'],
    ['rules-and-stores-know-no-http', 'shared/orders/store.ts', 'shared/platform/http/stack.ts'],
    ['rules-are-pure', 'shared/orders/rules/promise.ts', 'shared/orders/store.ts'],
    ['no-other-areas-duties', 'shared/reports/a.ts', 'shared/orders/duties.ts'],
    ['no-other-areas-routes', 'shared/reports/b.ts', 'shared/orders/routes.ts'],
    ['shared-imports-no-entry-point', 'shared/reports/b.ts', 'functions/orders/get.ts'],
  ])('fails on %s (%s → %s)', (rule, from, to) => {
    expect(pairs).toContainEqual([rule, from, to]);
  });
});
