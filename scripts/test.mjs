// Runs the whole suite and ends with a plain "N passed, N failed" line that CI can count
// (vitest's own summary is decorated and varies between versions).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'bootplan-test-'));
const out = join(dir, 'results.json');
const vitest = join('node_modules', 'vitest', 'vitest.mjs');
// `npm test -- --runs 2000`: how many cases each property test runs (default 200).
const args = process.argv.slice(2);
const env = { ...process.env };
const at = args.indexOf('--runs');
if (at >= 0) {
  const runs = Number(args[at + 1]);
  if (!Number.isSafeInteger(runs) || runs <= 0) {
    console.error(`--runs needs a positive number, not "${args[at + 1]}"`);
    process.exit(2);
  }
  env.BOOTPLAN_PROP_RUNS = String(runs);
  args.splice(at, 2);
}
const run = spawnSync(process.execPath, [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...args], { stdio: 'inherit', env });
let passed = 0;
let failed = 0;
try {
  const results = JSON.parse(readFileSync(out, 'utf8'));
  passed = results.numPassedTests;
  failed = results.numFailedTests + (results.numRuntimeErrorTestSuites ?? 0) + results.testResults.filter((r) => r.status === 'failed' && r.assertionResults.length === 0).length;
} catch {
  failed = Math.max(1, failed);
}
rmSync(dir, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || run.status !== 0 ? 1 : 0;
