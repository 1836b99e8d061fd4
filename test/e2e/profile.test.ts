/**
 * Profiles users can read and bring, through the CLI: `profile list`, `profile show`, and a plan
 * naming a profile file of its own (test/fixtures/profiles, a made-up model written for the tests).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = join(process.cwd(), 'bin', 'bootplan');
const FIXTURES = join('test', 'fixtures', 'profiles');

function bootplan(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('bootplan profile list', () => {
  it('lists every shipped profile and marks the version a bare name gets', () => {
    const r = bootplan('profile', 'list');
    expect(r.code).toBe(0);
    for (const id of ['linux@6.1', 'unikraft@0.13', 'unikraft@0.17', 'zephyr@3']) expect(r.stdout).toContain(id);
    const json = JSON.parse(bootplan('profile', 'list', '--format', 'json').stdout) as Array<{ id: string; default: boolean }>;
    const unikraft = json.filter((p) => p.id.startsWith('unikraft@'));
    expect(unikraft.filter((p) => p.default)).toHaveLength(1);
    expect(unikraft.find((p) => p.default)!.id).toBe(unikraft[unikraft.length - 1]!.id);
  });
});

describe('bootplan profile show', () => {
  it('shows tables with levels and macros, ranges, steps in order with what they provide, platforms and capabilities', () => {
    const r = bootplan('profile', 'show', 'unikraft@0.17');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/rootfs\s+4\s+uk_rootfs_initcall_prio/);
    expect(r.stdout).toContain('prio 0..9 (default 9)');
    expect(r.stdout).toMatch(/step alloc: Initialize memory allocator → provides alloc/);
    expect(r.stdout.indexOf('step alloc')).toBeLessThan(r.stdout.indexOf('step sched'));
    expect(r.stdout.indexOf('step sched')).toBeLessThan(r.stdout.indexOf('table inittab'));
    expect(r.stdout).toMatch(/qemu\/x86_64: multiboot/);
    expect(r.stdout).toMatch(/\n {2}sched\s+the scheduler/);
    // The early table real 0.17.0 images have, first (before the constructors); a failing entry crashes.
    expect(r.stdout).toContain('earlytab (early): early table; prio 0..9 (default 9; macros UK_PRIO_EARLIEST 0, UK_PRIO_LATEST 9); an entry returning non-zero crashes the boot');
    expect(r.stdout).toMatch(/ 1\. table earlytab: early table[^\n]*\n\s+2\. table ctors/);
  });

  it('prints the profile data as JSON', () => {
    const r = bootplan('profile', 'show', 'linux@6.1', '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ name: 'linux', version: '6.1' });
  });

  it('suggests a name for a misspelt profile (exit 2)', () => {
    const r = bootplan('profile', 'show', 'unikraf');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean "unikraft"');
  });

  it('shows a profile file, and locates what is wrong in a broken one (exit 2)', () => {
    const ok = bootplan('profile', 'show', join(FIXTURES, 'tiny-os.yaml'));
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/drivers\s+2\s+tiny_driver_init/);
    const bad = bootplan('profile', 'show', join(FIXTURES, 'broken-os.yaml'));
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain('broken-os.yaml:4:7');
  });
});

describe('profile: ./file.yaml in a plan', () => {
  it('checks, runs and lists the file in the depfile', () => {
    expect(bootplan('check', join(FIXTURES, 'uses-tiny.yaml')).code).toBe(0);
    const run = bootplan('run', join(FIXTURES, 'uses-tiny.yaml'));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Call init function: console_init');
  });

  it('proves races with the brought model', () => {
    const r = bootplan('check', join(FIXTURES, 'tiny-race.yaml'), '--format', 'json');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('"code": "race"');
  });

  it('reports a broken profile file at its line (exit 2) and a missing one at the plan\'s `profile:`', () => {
    const broken = bootplan('check', join(FIXTURES, 'uses-broken.yaml'));
    expect(broken.code).toBe(2);
    expect(broken.stdout).toMatch(/broken-os\.yaml:4:7/);
    const missing = bootplan('check', join(FIXTURES, 'uses-missing.yaml'));
    expect(missing.code).toBe(2);
    expect(missing.stdout).toMatch(/uses-missing\.yaml:3:10/);
  });

  it('semantic problems of a profile file are located too (a phase naming no table)', () => {
    const r = bootplan('profile', 'show', join(FIXTURES, 'bad-phase-os.yaml'));
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/bad-phase-os\.yaml:10:\d+/);
    expect(r.stdout).toContain('did you mean "initcalls"');
  });
});
