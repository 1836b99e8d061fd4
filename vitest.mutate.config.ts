import { defineConfig } from 'vitest/config';

/**
 * `npm run mutate` (Stryker): the unit and property tests of the files it mutates. Stryker runs
 * them in a sandbox copy of the project, where ../shared is out of reach and dist/ is the
 * unmutated build, so the tests that read shared fixtures and the end-to-end tests stay out.
 */
export default defineConfig({
  test: {
    include: ['test/compiler/**/*.test.ts', 'test/runtime/**/*.test.ts', 'test/property/**/*.test.ts'],
    exclude: ['test/compiler/fast-locate.test.ts', 'test/property/robustness-logs.prop.test.ts'],
    setupFiles: ['test/property/mutate-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
