import { defineConfig } from 'vitest/config';

/**
 * The unit suite (the `unit` project of vitest.config.ts) for mutation testing
 * (`npm run mutation`, stryker.config.mjs): the pure rules are proved by unit tests, so
 * Stryker starts no DynamoDB and no e2e suite. Left out are the unit files that check the
 * project's shape rather than a rule's answer (import boundaries, the wall-clock lint, the
 * OpenAPI document on disk, the local gateway, the duty-kind registry): they kill no rule's
 * mutant and the boundaries check alone takes half a minute.
 */
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    exclude: [
      'test/unit/boundaries.test.ts',
      'test/unit/wall-clock-lint.test.ts',
      'test/unit/platform-openapi.test.ts',
      'test/unit/local-gateway.test.ts',
      'test/unit/duty-engine-registry.test.ts',
    ],
    setupFiles: ['test/support/test-clock.ts'],
    env: { LOG_LEVEL: 'SILENT' },
  },
});
