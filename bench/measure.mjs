// Spawning a command and measuring it the way a user would experience it: wall clock from spawn to
// exit (node start-up included) and the process's peak memory (max RSS). Peak memory comes from
// GNU time (`/usr/bin/time -f %M`, KiB) when it is installed; otherwise node commands run under a
// preload (rss-hook.mjs) that writes `process.resourceUsage().maxRSS` at exit.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const GNU_TIME = '/usr/bin/time';
const RSS_HOOK = fileURLToPath(new URL('./rss-hook.mjs', import.meta.url));
export const rssMethod = existsSync(GNU_TIME) ? 'GNU time -f %M' : 'process.resourceUsage().maxRSS (preload)';

/**
 * Runs `cmd args` once. Returns seconds, peak RSS in bytes (null if unknown), exit status, output.
 * @param {string} cmd @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, timeoutMs?: number }} [options]
 */
export function measure(cmd, args, options = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'bootplan-bench-'));
  const rssFile = join(dir, 'rss');
  let argv;
  let env = options.env ?? process.env;
  if (existsSync(GNU_TIME)) {
    argv = [GNU_TIME, '-f', '%M', '-o', rssFile, cmd, ...args];
  } else if (cmd === process.execPath) {
    argv = [cmd, '--import', RSS_HOOK, ...args];
    env = { ...env, BOOTPLAN_BENCH_RSS_FILE: rssFile };
  } else {
    argv = [cmd, ...args];
  }
  const start = process.hrtime.bigint();
  const result = spawnSync(argv[0], argv.slice(1), {
    cwd: options.cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: options.timeoutMs ?? 180_000,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  let rss = null;
  try {
    const text = readFileSync(rssFile, 'utf8').trim();
    const last = text.split('\n').pop();
    // GNU time writes KiB; the preload writes KiB too (resourceUsage().maxRSS).
    if (/^\d+$/.test(last)) rss = Number(last) * 1024;
  } catch { /* no measurement */ }
  rmSync(dir, { recursive: true, force: true });
  return {
    seconds, rss, status: result.status, signal: result.signal, error: result.error?.message ?? null,
    stdout: result.stdout ?? '', stderr: result.stderr ?? '',
  };
}

/** Median of numbers (the lower middle for an even count). */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? null : s[Math.floor((s.length - 1) / 2)];
}
