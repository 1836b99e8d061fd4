/**
 * Setup of `npm run mutate` only (vitest.mutate.config.ts): fewer fast-check runs per property,
 * and 20,000-deep graphs instead of 100,000 in test/compiler/graph.test.ts (they check every rule,
 * so every surviving mutant of a rule runs them), so that each of the thousands of mutants runs
 * the tests that cover it in seconds. `npm test` keeps the full counts and depths.
 */
import fc from 'fast-check';

fc.configureGlobal({ numRuns: Number(process.env.BOOTPLAN_MUTATE_RUNS ?? 20) });
process.env.BOOTPLAN_DEEP ??= '20000';
