// `npm run differential -- [CASES] [SEED]`: the long run of the whole-language differential test
// (test/property/differential.long.ts), outside `npm test`.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const [cases = '500', seed] = process.argv.slice(2);
const env = { ...process.env, BOOTPLAN_DIFF_CASES: cases, ...(seed ? { BOOTPLAN_DIFF_SEED: seed } : {}) };
const vitest = join('node_modules', 'vitest', 'vitest.mjs');
const run = spawnSync(process.execPath, [vitest, 'run', '--config', 'vitest.differential.config.ts'], { stdio: 'inherit', env });
process.exit(run.status ?? 1);
