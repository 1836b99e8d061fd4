/**
 * Setup of `npm run mutate` only (vitest.mutate.config.ts): fewer fast-check runs per property,
 * so that each of the hundreds of mutants can run the properties that cover it in seconds. The
 * properties keep their full counts in `npm test`.
 */
import fc from 'fast-check';

fc.configureGlobal({ numRuns: Number(process.env.BOOTPLAN_MUTATE_RUNS ?? 20) });
