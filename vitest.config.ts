import { readdirSync, readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * One `vitest run` runs every suite. Integration and e2e suites share one DynamoDB Local
 * (in memory, free port) started by the global setup; each test isolates itself with its own
 * branch ids, so suites can run in parallel against the one table.
 */
// Expected errors (the 500 test) would otherwise print a stack per run.
// No test reads the wall clock: each file starts on the test clock (test/support/clock.ts).
const testClock = 'test/support/test-clock.ts';
const env = { LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'SILENT' };

/**
 * The integration files that replace modules (`vi.mock`): they keep a module graph of their own,
 * so a mocked adapter never reaches another file. The others share one per worker.
 */
const integration = 'test/integration';
const mocking = readdirSync(integration)
  .filter((f) => f.endsWith('.test.ts') && readFileSync(`${integration}/${f}`, 'utf8').includes('vi.mock('))
  .map((f) => `${integration}/${f}`);
/**
 * Vitest runs the longest files first when it knows their times from an earlier run; a fresh clone
 * (CI) has none and starts the largest first, which left the fuzz suite (about 55 s) to the end
 * with one worker busy. These start first in their project either way.
 */
const longest = ['fuzz-api.test.ts', 'duty-reliability.test.ts', 'follow-up.test.ts'];
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const i = longest.findIndex((name) => f.moduleId.endsWith(`/${name}`));
      return i < 0 ? longest.length : i;
    };
    const sorted = await super.sort(files);
    // Stable: the base order stays within each project and among the others.
    return sorted
      .map((f, i) => ({ f, i }))
      .sort((a, b) =>
        a.f.project.name === b.f.project.name ? rank(a.f) - rank(b.f) || a.i - b.i : a.i - b.i,
      )
      .map(({ f }) => f);
  }
}

const integrationProject = {
  globalSetup: ['test/support/global-dynamo.ts'],
  setupFiles: ['test/support/setup-env.ts', testClock],
  testTimeout: 30_000,
  hookTimeout: 60_000,
  env,
};

export default defineConfig({
  test: {
    // Four files at once on the 2-core machine (vitest's default is one there): the e2e suites'
    // waits for the accelerated demo clock and the JVMs' share overlap other files' work. `npm test`
    // on a fresh clone: 5 min 21 s with three, 4 min 37 s and 4 min 46 s with four
    // (docs/decisions.md, "The suite's time").
    maxWorkers: 4,
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          setupFiles: [testClock],
          env,
          // One module graph for the unit files (50 s -> 20 s): each file sets the ports it uses
          // and starts on the test clock (the setup file), and shuffled file orders pass.
          isolate: false,
        },
      },
      {
        test: {
          name: 'integration',
          include: [`${integration}/**/*.test.ts`],
          exclude: mocking,
          // One module graph per worker (integration 162 s -> 121 s): the handlers, the SDK and zod
          // load once, not once per file. Each file starts on the test clock (setup file), restores
          // the ports it sets, and writes under branch ids of its own; shuffled file orders pass.
          isolate: false,
          ...integrationProject,
        },
      },
      {
        test: { name: 'integration:mocks', include: mocking, ...integrationProject },
      },
      // e2e suites start the local runtime themselves, as a new user would (npm start).
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // One DynamoDB Local for the suites' runtimes, each in a table of its own
          // (test/support/e2e-dynamo.ts); local-runtime.test.ts starts `npm start` whole.
          globalSetup: ['test/support/global-dynamo.ts'],
          setupFiles: [testClock],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          env,
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          // One module graph for the infra files: aws-cdk-lib loads once and the standard stack is
          // synthesized once (test/infra/service-templates.ts); each file builds its own App otherwise.
          isolate: false,
          setupFiles: [testClock],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          env,
        },
      },
    ],
  },
});
