import { defineConfig } from 'vitest/config';

/** `npm run differential`: only the long whole-language differential run. */
export default defineConfig({
  test: { include: ['test/property/differential.long.ts'], testTimeout: 3_600_000, pool: 'forks', maxWorkers: 1 },
});
