/**
 * `--depfile` as make and ninja read it: every file the plan read is a prerequisite (the plan, its
 * includes, the initrd, each 9p host folder and what is in it), so editing a catalog rebuilds.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = process.cwd();
const BIN = join(ROOT, 'bin', 'bootplan');
const dir = mkdtempSync(join(tmpdir(), 'bootplan-depfile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
cpSync(join(ROOT, 'test', 'fixtures', 'depfile'), join(dir, 'plan'), { recursive: true });
// Inputs from an hour ago: whatever the tests build is newer, until a test touches an input.
const HOUR_AGO = new Date(Date.now() - 3_600_000);
for (const p of ['catalog.yaml', 'plan.yaml', 'share/hello.txt', 'share/sub dir/a.txt', 'share/sub dir', 'share', '.']) utimesSync(join(dir, 'plan', p), HOUR_AGO, HOUR_AGO);

/** Give an input a modification time later than anything built so far. */
function touch(path: string): void {
  const start = Date.now();
  while (Date.now() - start < 20) { /* let the clock pass the last build */ }
  const now = new Date();
  utimesSync(path, now, now);
}

function run(cmd: string, args: string[], cwd = dir) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd, env: { ...process.env, NO_COLOR: '1' } });
  if (r.error) throw new Error(`${cmd} could not run: ${r.error.message}`);
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
const bootplan = (...args: string[]) => run(process.execPath, [BIN, ...args]);

/** Prerequisites of the first rule (make syntax, escapes undone). */
function prerequisites(text: string): string[] {
  const first = text.split(/\n\n/)[0]!.replace(/\\\n/g, ' ');
  const body = first.slice(first.search(/(?<!\\):/) + 1);
  return body.trim().split(/(?<!\\)\s+/).map((p) => p.replace(/\\ /g, ' '));
}

const EXPECTED = ['plan/catalog.yaml', 'plan/plan.yaml', 'plan/share', 'plan/share/hello.txt', 'plan/share/sub dir', 'plan/share/sub dir/a.txt'];

describe('--depfile', () => {
  it('compile: the output depends on the plan, its include and the 9p host folder', () => {
    const r = bootplan('compile', 'plan/plan.yaml', '-o', 'out.json', '--depfile', 'out.json.d');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const text = readFileSync(join(dir, 'out.json.d'), 'utf8');
    expect(text.startsWith('out.json:')).toBe(true);
    expect(prerequisites(text)).toEqual(EXPECTED);
    expect(text).toContain('plan/share/sub\\ dir/a.txt');
  });

  it('emit: the folder depends on the same files', () => {
    const r = bootplan('emit', 'c', 'plan/plan.yaml', '-o', 'gen', '--depfile', 'gen.d');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const text = readFileSync(join(dir, 'gen.d'), 'utf8');
    expect(text.startsWith('gen:')).toBe(true);
    expect(prerequisites(text)).toEqual(EXPECTED);
  });

  it('the initrd is a prerequisite', () => {
    const out = join(dir, 'nginx.json');
    const r = bootplan('compile', join(ROOT, 'specs/plans/unikraft/nginx.yaml'), '-o', out, '--depfile', join(dir, 'nginx.d'));
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const deps = prerequisites(readFileSync(join(dir, 'nginx.d'), 'utf8'));
    expect(deps.map((d) => d.replace(/^.*specs\//, 'specs/'))).toEqual(['specs/plans/unikraft/lib/nginx-libs.yaml', 'specs/plans/unikraft/nginx-rootfs.cpio', 'specs/plans/unikraft/nginx.yaml']);
  });

  it('--depfile without -o is a usage error', () => {
    const r = bootplan('compile', 'plan/plan.yaml', '--depfile', 'x.d');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--depfile needs -o');
  });

  it('make rebuilds when an included catalog changes, and not otherwise', () => {
    writeFileSync(join(dir, 'Makefile'), `out.json: plan/plan.yaml\n\t${process.execPath} ${BIN} compile plan/plan.yaml -o out.json --depfile out.json.d\n-include out.json.d\n`);
    expect(run('make', ['-s']).code).toBe(0);
    expect(run('make', ['-q']).code).toBe(0); // up to date
    touch(join(dir, 'plan', 'catalog.yaml'));
    expect(run('make', ['-q']).code).toBe(1); // the catalog is newer: out of date
    expect(run('make', ['-s']).code).toBe(0);
    expect(run('make', ['-q']).code).toBe(0);
  });

  it('ninja reads the depfile: touching a file of the 9p folder rebuilds', () => {
    writeFileSync(join(dir, 'build.ninja'), `rule plan\n  command = ${process.execPath} ${BIN} emit c $in -o $out --depfile $out.d\n  depfile = $out.d\n  deps = gcc\nbuild gen2: plan plan/plan.yaml\n`);
    const first = run('ninja', []);
    expect(first.code, first.stdout).toBe(0);
    expect(run('ninja', ['-n']).stdout).toContain('no work to do');
    touch(join(dir, 'plan', 'share', 'sub dir', 'a.txt'));
    expect(run('ninja', ['-n']).stdout).not.toContain('no work to do');
  });
});
