/**
 * Start-up as the build leaves it (scripts/bundle.mjs, bin/bootplan): one CommonJS bundle run with
 * the V8 code cache a warm `check` made. What runs must say exactly what the unbundled dist/ says,
 * and a cache that is missing, of another build or refused by V8 must change nothing but the time.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = process.cwd();
const BIN = join(ROOT, 'bin', 'bootplan');
const BUNDLE = join(ROOT, 'dist', 'bundle', 'bootplan.cjs');
const HELLO = join(ROOT, 'specs', 'plans', 'unikraft', 'helloworld.yaml');
const dir = mkdtempSync(join(tmpdir(), 'bootplan-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run { code: number | null; stdout: string; stderr: string }
function run(args: string[], options: { nodeFlags?: string[]; env?: NodeJS.ProcessEnv; entry?: string } = {}): Run {
  const r = spawnSync(process.execPath, [...(options.nodeFlags ?? []), options.entry ?? BIN, ...args], {
    cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...options.env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const cacheState = (r: Run) => /^bootplan: code cache (.*)$/m.exec(r.stderr)?.[1];
const withoutReport = (r: Run) => ({ ...r, stderr: r.stderr.replace(/^bootplan: code cache .*\n/m, '') });

const RACE = join(ROOT, 'test', 'fixtures', 'startup', 'race.yaml');

/** A copy of the package whose dist/bundle this test may spoil: the rest is linked to the real one. */
function packageCopy(name: string): string {
  const root = join(dir, name);
  for (const sub of ['bin', 'dist/bundle']) mkdirSync(join(root, sub), { recursive: true });
  for (const file of ['package.json', 'bin/bootplan', 'bin/package.json', 'dist/profiles.json', 'dist/bundle/bootplan.cjs', 'dist/bundle/bootplan.cjs.cache']) {
    copyFileSync(join(ROOT, file), join(root, file));
  }
  cpSync(join(ROOT, 'dist/cli'), join(root, 'dist/cli'), { recursive: true });
  for (const link of ['specs', 'schemas', 'node_modules', 'dist/compiler', 'dist/runtime', 'dist/traces', 'dist/import']) symlinkSync(join(ROOT, link), join(root, link));
  // dist/cli older than the bundle, as the build leaves them.
  const old = new Date(Date.now() - 60_000);
  utimesSync(join(root, 'dist/cli/main.js'), old, old);
  return root;
}

/** dist/cli newer than the bundle: tsc ran after the bundle, or an install wrote it later. */
function makeBundleOlder(root: string): void {
  const now = new Date();
  utimesSync(join(root, 'dist/cli/main.js'), now, now);
  const old = new Date(Date.now() - 60_000);
  utimesSync(join(root, 'dist/bundle/bootplan.cjs'), old, old);
}

describe('the bundle bin/bootplan runs', () => {
  it('is ASCII, one function body, and has no import() (a cached script loses its import callback)', () => {
    const source = readFileSync(BUNDLE, 'latin1');
    expect(/[^\x00-\x7f]/.test(source)).toBe(false);
    expect(source.startsWith('(function (exports, require, module, __filename, __dirname) {\n"use strict";\n')).toBe(true);
    expect(source).toMatch(/\n\}\)\n\/\/# bootplan-build=[0-9a-f]{32}\n$/);
    expect(source).not.toMatch(/\bimport\(/);
  });

  it('runs with the code cache the build made for it', () => {
    const r = run(['check', HELLO], { env: { BOOTPLAN_CODE_CACHE_REPORT: '1' } });
    expect(cacheState(r)).toBe('accepted');
    expect(r.code).toBe(0);
  });

  it('prints what dist/ unbundled prints, byte for byte, with the same exit code', () => {
    const cases = [['check', HELLO], ['check', RACE], ['check', '--format', 'json', RACE], ['check', '--help'], ['--help'], ['--version'], ['chek', HELLO], ['check'], ['compile', '--graphlib', HELLO], ['explain', 'race']];
    for (const args of cases) {
      const bundled = run(args);
      const unbundled = run(args, { entry: join(ROOT, 'dist', 'cli', 'bin.js') });
      expect({ args, ...bundled }).toEqual({ args, ...unbundled });
    }
  });
});

describe('a cache that cannot be used changes nothing but the time', () => {
  const expected = withoutReport(run(['check', RACE]));

  /** `check` of the race plan in a copy of the package: what the cache was, and the rest of the run. */
  const checkIn = (root: string) => {
    const r = run(['check', RACE], { entry: join(root, 'bin/bootplan'), env: { BOOTPLAN_CODE_CACHE_REPORT: '1' } });
    return { cache: cacheState(r), ...withoutReport(r) };
  };

  it('missing', () => {
    const root = packageCopy('missing');
    rmSync(join(root, 'dist/bundle/bootplan.cjs.cache'));
    expect(checkIn(root)).toEqual({ cache: 'absent', ...expected });
  });

  it('made for another build of the bundle', () => {
    const root = packageCopy('other-build');
    const cache = join(root, 'dist/bundle/bootplan.cjs.cache');
    writeFileSync(cache, readFileSync(cache, 'latin1').replace(/^bootplan-build=[0-9a-f]+/, `bootplan-build=${'0'.repeat(32)}`), 'latin1');
    expect(checkIn(root)).toEqual({ cache: 'of another build', ...expected });
  });

  it('of this build but damaged, or made under other V8 flags: V8 refuses it', () => {
    const root = packageCopy('damaged');
    const cache = join(root, 'dist/bundle/bootplan.cjs.cache');
    const bytes = readFileSync(cache);
    bytes.fill(0x5a, bytes.indexOf(0x0a) + 1, bytes.indexOf(0x0a) + 64);
    writeFileSync(cache, bytes);
    expect(checkIn(root)).toEqual({ cache: 'rejected', ...expected });
    const flags = run(['check', RACE], { nodeFlags: ['--max-old-space-size=1234'], env: { BOOTPLAN_CODE_CACHE_REPORT: '1' } });
    expect({ cache: cacheState(flags), ...withoutReport(flags) }).toEqual({ cache: 'rejected', ...expected });
  });

  it('in a checkout, a bundle older than dist/ is not run: dist/cli/bin.js is', () => {
    const root = packageCopy('stale');
    symlinkSync(join(ROOT, 'cli'), join(root, 'cli'));
    expect(checkIn(root)).toEqual({ cache: 'accepted', ...expected });
    makeBundleOlder(root);
    expect(checkIn(root)).toEqual({ cache: undefined, ...expected });
  });

  it('installed (no sources), the bundle runs whatever the times of its files', () => {
    const root = packageCopy('installed');
    makeBundleOlder(root);
    expect(checkIn(root)).toEqual({ cache: 'accepted', ...expected });
  });
});
