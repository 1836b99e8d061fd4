// `npm run fuzz [-- --runs N] [-- --seed S]`: the reader fuzz campaign of test/fuzz at full size
// (10,000 cases per reader by default), then one line per reader with its case count.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const value = Number(args[at + 1]);
  if (!Number.isSafeInteger(value) || value < 0) {
    console.error(`${name} needs a whole number, not "${args[at + 1]}"`);
    process.exit(2);
  }
  return value;
};
const runs = option('--runs', 10_000);
const seed = option('--seed', undefined);
const dir = mkdtempSync(join(tmpdir(), 'bootplan-fuzz-'));
const report = join(dir, 'report.jsonl');
const env = { ...process.env, BOOTPLAN_FUZZ_RUNS: String(runs), BOOTPLAN_FUZZ_REPORT: report, ...(seed !== undefined ? { BOOTPLAN_FUZZ_SEED: String(seed) } : {}) };
const vitest = join('node_modules', 'vitest', 'vitest.mjs');
const started = Date.now();
const run = spawnSync(process.execPath, [vitest, 'run', 'test/fuzz', '--reporter=dot'], { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
let rows = [];
try {
  rows = readFileSync(report, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
} catch {
  // No reader finished: the failure below says why.
}
rmSync(dir, { recursive: true, force: true });
for (const r of rows) console.log(`${r.target.padEnd(36)} ${String(r.cases).padStart(7)} cases, ${String(r.withDiagnostics).padStart(7)} with diagnostics, ${(r.ms / 1000).toFixed(1).padStart(7)} s`);
const total = rows.reduce((n, r) => n + r.cases, 0);
if (run.status !== 0) process.stdout.write((run.stdout ?? '') + (run.stderr ?? ''));
console.log(`${rows.length} readers, ${total} cases, ${run.status === 0 ? 'none threw' : 'FAILED'}; ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exitCode = run.status === 0 ? 0 : 1;
