import { defineConfig } from 'vitest/config';

/**
 * `npm run mutate` (Stryker): the tests written against the files it mutates, so that each of
 * its thousands of mutants runs in seconds, not minutes: the checker's unit and finding tests, the rule
 * pages (a rule's doc text is what `bootplan explain` prints), the graph, key and effect-contract
 * tests, the runtime's effect tests and the property regressions. The property suites and the
 * end-to-end tests stay out (they would make a run of the whole scope take many hours here; the
 * end-to-end tests run dist/, which Stryker does not mutate), so the score it reports is a lower
 * bound of what `npm test` kills.
 */
export default defineConfig({
  test: {
    include: [
      'test/compiler/check/**/*.test.ts',
      'test/docs/**/*.test.ts',
      'test/compiler/effects.test.ts',
      'test/compiler/graph*.test.ts',
      'test/compiler/edge-table.test.ts',
      'test/compiler/keys.test.ts',
      'test/runtime/effects/**/*.test.ts',
      'test/property/regressions/**/*.test.ts',
    ],
    setupFiles: ['test/property/mutate-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // Stryker's vitest runner runs one thread a worker; `isolate: false` keeps the compiler's modules
    // loaded between test files and between mutants instead of importing them again for each file
    // (the initial test run: 25 s instead of 95 s). Sound here: Stryker switches mutants through a
    // global, static mutants are ignored (`ignoreStatic`), and the checker's module-level caches
    // are WeakMaps keyed by the compiled plan each test makes.
    pool: 'threads',
    isolate: false,
    maxWorkers: 1,
  },
});
