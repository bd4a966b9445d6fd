// Mutation testing of the pure rules on the unit tests (issue 14 item 4): `npm run mutation`.
// Not in CI and not in `npm test` (slow). See docs/decisions.md, "Mutation testing".
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    'shared/kernel/**/*.ts',
    // Glue with no rule of its own: zod issue paths to problem fields.
    '!shared/kernel/zod-issues.ts',
    'shared/*/rules.ts',
    'shared/*/rules/**/*.ts',
  ],
  ignorePatterns: ['/.data', '/cdk.out', '/coverage', '/reports', '/dashboard'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress-append-only'],
  clearTextReporter: { allowEmojis: false, logTests: false, reportScoreTable: true, reportMutants: false },
  thresholds: { high: 95, low: 90, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
