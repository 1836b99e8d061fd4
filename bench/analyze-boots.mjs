// Many boots: `bootplan analyze PLAN --trace …` over 100 / 1,000 (/ 10,000 with BENCH_BOOTS_10K=1)
// jittered copies of the real Linux 6.1 log (jitter-logs.mjs), spawned as a user runs it, once with
// one worker (--jobs 1) and once with every core. Reports log lines per CPU-second (user + system
// time of the whole process, node start-up and the plan's compile included), wall time and peak
// RSS, which should not grow with the number of logs.
// Usage: node bench/analyze-boots.mjs BIN PLAN LOG OUTDIR [SIZES]  → JSON on stdout
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [bin, plan, log, outDir, sizesText] = process.argv.slice(2);
const sizes = (sizesText ?? '100,1000').split(',').map(Number);
const GNU_TIME = '/usr/bin/time';
const linesPerLog = readFileSync(log, 'utf8').split('\n').length;
const jitter = fileURLToPath(new URL('./jitter-logs.mjs', import.meta.url));
const cores = availableParallelism();

function timed(args) {
  const dir = mkdtempSync(join(tmpdir(), 'bootplan-bench-boots-'));
  const file = join(dir, 'time');
  const argv = existsSync(GNU_TIME) ? [GNU_TIME, '-f', '%e %U %S %M', '-o', file, process.execPath, bin, ...args] : [process.execPath, bin, ...args];
  const start = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 1_800_000 });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  let cpu = null;
  let rss = null;
  try {
    const [, user, sys, kib] = readFileSync(file, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    cpu = user + sys;
    rss = kib * 1024;
  } catch { /* no GNU time */ }
  rmSync(dir, { recursive: true, force: true });
  return { wall, cpu, rss, status: r.status, stderr: (r.stderr ?? '').slice(0, 300) };
}

const out = { linesPerLog, cores, runs: [] };
for (const n of sizes) {
  const dir = join(outDir, `boots-${n}`);
  if (!existsSync(dir) || readdirSync(dir).length !== n) {
    rmSync(dir, { recursive: true, force: true });
    spawnSync(process.execPath, [jitter, log, String(n), dir], { encoding: 'utf8' });
  }
  const files = readdirSync(dir).sort().map((f) => join(dir, f));
  const args = ['analyze', plan, ...files.flatMap((f) => ['--trace', f]), '--format', 'json', '-o', join(outDir, `boots-${n}.json`)];
  for (const jobs of [1, cores]) {
    const r = timed([...args, '--jobs', String(jobs)]);
    out.runs.push({ logs: n, lines: n * linesPerLog, jobs, ...r, linesPerCpuSecond: r.cpu ? (n * linesPerLog) / r.cpu : null });
    if (cores === 1) break;
  }
}
process.stdout.write(JSON.stringify(out) + '\n');
