/** The README's first page, run as written: the round trip on the demo's console app (import → check →
 * fix → emit), then import the bundled demo tree and check it. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(process.cwd(), 'bin', 'bootplan');
const D = join(process.cwd(), 'specs', 'sources', 'unikraft-demo');
const dir = mkdtempSync(join(tmpdir(), 'bootplan-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bootplan = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: dir, env: { ...process.env, NO_COLOR: '1' } });

describe('README: the round trip import → check → fix → emit on specs/sources/unikraft-demo/app-console', () => {
  it('runs as the README shows it, and the README shows what it prints', () => {
    const readme = readFileSync(join(process.cwd(), 'README.md'), 'utf8');
    const shown = (text: string) => {
      for (const line of text.split('\n').filter((l) => l.trim() !== '' && !l.includes('evidence:') && !l.startsWith('  = witness'))) expect(readme, line).toContain(line);
    };
    const imported = bootplan('import', 'unikraft', '--src', D, '--app', join(D, 'app-console'), '--config', join(D, 'console.config'), '-o', 'plan.yaml');
    expect(imported.status).toBe(0);
    const check = bootplan('check', 'plan.yaml');
    expect(check.status).toBe(1);
    expect(check.stdout.match(/^error\[[^\]]+\]/gm)).toEqual(['error[mount-before-mounted]']);
    for (const line of check.stdout.split('\n').filter((l) => /^(error|  -->|  = note: uses|  = help|1 error)/.test(l))) expect(readme, line).toContain(line);
    const diff = bootplan('fix', 'plan.yaml');
    expect(diff.status).toBe(0);
    expect(diff.stderr).toBe('app.console_init: prio 2 → 6, because it uses `mount:/dev`, provided by devfs.devfs_automount at rootfs 5\n');
    shown(diff.stderr);
    shown(diff.stdout.split('\n').filter((l) => !l.includes('fn: console_init')).join('\n'));
    const before = readFileSync(join(dir, 'plan.yaml'), 'utf8');
    expect(bootplan('fix', 'plan.yaml', '--write').status).toBe(0);
    const after = readFileSync(join(dir, 'plan.yaml'), 'utf8');
    expect(after).toBe(before.replace('fn: console_init, level: rootfs, prio: 2', 'fn: console_init, level: rootfs, prio: 6'));
    const clean = bootplan('check', 'plan.yaml');
    expect(clean.status).toBe(0);
    shown(clean.stdout);
    const emitted = bootplan('emit', 'c', 'plan.yaml', '-o', 'include/bootplan', '--depfile', 'include/bootplan.d');
    expect(emitted.status).toBe(0);
    shown(emitted.stderr);
    const header = readFileSync(join(dir, 'include', 'bootplan', 'app.h'), 'utf8');
    shown(header.split('\n').filter((l) => l.includes('CONSOLE_INIT')).join('\n'));
    expect(readFileSync(join(dir, 'include', 'bootplan.d'), 'utf8')).toMatch(/^include\/bootplan: \\\n {2}plan\.yaml\n/);
  });
});

describe('README: import → check on specs/sources/unikraft-demo', () => {
  it('finds both bugs of lib/applog from the code, with the call chains as evidence', () => {
    const imported = bootplan('import', 'unikraft', '--src', D, '--app', join(D, 'app'), '--config', join(D, '.config'), '-o', 'demo.yaml');
    expect(imported.status).toBe(0);
    const plan = readFileSync(join(dir, 'demo.yaml'), 'utf8');
    expect(plan).not.toContain('applog_quiet'); // quiet.c is not compiled by this .config
    expect(plan).toContain('mounts:\n  - { dev: none, at: /, fs: ramfs');
    const check = bootplan('check', 'demo.yaml');
    expect(check.status).toBe(1);
    expect(check.stdout.match(/^error\[[^\]]+\]/gm)).toEqual(['error[pre-init-use]', 'error[mount-before-mounted]']);
    const readme = readFileSync(join(process.cwd(), 'README.md'), 'utf8');
    for (const line of [
      '= note: uses `alloc`: lib/applog/applog.c:11 calls `uk_malloc` (via `applog_setup`, lib/applog/applog.c:9)',
      '= note: uses `mount:/dev`: lib/applog/applog.c:26 calls `open`',
      '2 errors, 0 warnings in demo.yaml',
    ]) {
      expect(check.stdout).toContain(line);
      expect(readme).toContain(line);
    }
  });
});

describe('import unikraft --catalog', () => {
  it("merges the user's facts over the bundled catalog: a call it names stops there with the user's uses", () => {
    const catalog = join(process.cwd(), 'test', 'fixtures', 'catalogs', 'applog.yaml');
    const r = bootplan('import', 'unikraft', '--src', D, '--app', join(D, 'app'), '--config', join(D, '.config'), '--catalog', catalog, '-o', 'user.yaml');
    expect(r.status).toBe(0);
    const plan = readFileSync(join(dir, 'user.yaml'), 'utf8');
    const ctor = plan.split('\n').find((l) => l.includes('fn: applog_ctor'))!;
    expect(ctor).toContain('uses: [ applog-ring ]');
    expect(ctor).toContain('call: applog_setup');
  });

  it('a catalog of the wrong shape is bad input: exit 2 with its file and line, nothing written', () => {
    const catalog = join(process.cwd(), 'test', 'fixtures', 'catalogs', 'broken.yaml');
    const r = bootplan('import', 'unikraft', '--src', D, '--catalog', catalog, '-o', 'never.yaml');
    expect(r.status).toBe(2);
    expect(r.stdout + r.stderr).toMatch(/IMPORT_BAD_CATALOG/);
    expect(r.stdout + r.stderr).toContain('broken.yaml:4');
    expect(() => readFileSync(join(dir, 'never.yaml'))).toThrow();
  });
});
