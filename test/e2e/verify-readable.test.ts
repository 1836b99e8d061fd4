/** bootplan verify on the real Linux 6.1 log, read as a user reads it. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = join(process.cwd(), 'bin', 'bootplan');
const LINUX = join(process.cwd(), '..', 'shared', 'fixtures', 'linux-6.1');
const LOG = join(LINUX, 'initcall_debug.log');
const BUNDLED = join(process.cwd(), 'specs', 'plans', 'linux', 'qemu-x86_64.yaml');
const dir = mkdtempSync(join(tmpdir(), 'bootplan-e2e-verify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function bootplan(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
const findings = (stdout: string) => stdout.match(/^(error|warning|note)\[[A-Z_]+\]/gm) ?? [];

describe('bootplan verify: the bundled Linux plan against the real 6.1 log', () => {
  it('counts 670 calls, groups the 602 it does not plan into one finding and calls no return an orphan', () => {
    const r = bootplan('verify', BUNDLED, '--trace', LOG);
    expect(r.stdout).toContain('68 of 670 calls mapped to the plan, 602 unmapped');
    expect(findings(r.stdout).filter((f) => f.includes('UNPLANNED'))).toEqual(['warning[VERIFY_UNPLANNED]']);
    expect(r.stdout).toMatch(/602 calls ran that the plan does not have, first `hvc_console_init` \(line 108\)/);
    expect(r.stdout).not.toContain('VERIFY_ORPHAN_RETURN');
    // The log ends in a kernel panic before init runs: that is the one error.
    expect(findings(r.stdout).filter((f) => f.startsWith('error'))).toEqual(['error[VERIFY_STOPPED]']);
    expect(r.code).toBe(1);
  });

  it('does not call the rounding of its declared costs slow; --cost-tolerance 1 does', () => {
    const loose = bootplan('verify', BUNDLED, '--trace', LOG);
    expect(loose.stdout).not.toContain('VERIFY_SLOW');
    const tight = bootplan('verify', BUNDLED, '--trace', LOG, '--cost-tolerance', '1x');
    expect(findings(tight.stdout).filter((f) => f.includes('SLOW')).length).toBe(10);
    expect(tight.stdout).toMatch(/`mem\.chr_dev_init` took 27\.42 ms, 1\.02× its declared cost of 27\.00 ms \(tolerance 1×\)/);
  });

  it('shows the time: where the trace ends and the slowest entries', () => {
    const r = bootplan('verify', BUNDLED, '--trace', LOG);
    expect(r.stdout).toContain('time: the trace ends 3.091 s after boot (line 1736); the 68 planned entries it shows took 813.6 ms');
    expect(r.stdout).toMatch(/slowest:\n +398\.7 ms {2}crypto_algapi\.crypto_algapi_init, declared 399\.0 ms {2}\(line 1656\)\n +204\.0 ms {2}acpi\.acpi_init/);
  });

  it('lists every unplanned call with --each-unplanned', () => {
    const r = bootplan('verify', BUNDLED, '--trace', LOG, '--each-unplanned', '--format', 'json');
    const out = JSON.parse(r.stdout);
    expect(out.diagnostics.filter((d: { code: string }) => d.code === 'VERIFY_UNPLANNED')).toHaveLength(602);
    expect(out.end).toEqual({ ns: 3_091_240_000, line: 1736 });
  });

  it('refuses a tolerance that is not a positive factor', () => {
    const r = bootplan('verify', BUNDLED, '--trace', LOG, '--cost-tolerance', 'fast');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--cost-tolerance');
  });
});

describe('bootplan verify --strict: the imported plan against the real log', () => {
  const plan = join(dir, 'linux.yaml');
  const cut = join(dir, 'cut.log');
  beforeAll(() => {
    expect(bootplan('import', 'linux', '--system-map', join(LINUX, 'System.map'), '--log', LOG, '-o', plan).code).toBe(0);
    writeFileSync(cut, readFileSync(LOG, 'utf8').split('\n').filter((l) => !l.includes('calling  spawn_ksoftirqd+')).join('\n'));
  });

  it('passes the whole log (notes only) with or without --strict', () => {
    const r = bootplan('verify', plan, '--trace', LOG, '--strict');
    expect(r.stdout).toContain('670 of 670 calls mapped to the plan, 0 unmapped');
    expect(r.code).toBe(0);
  });

  it('fails on a warning only with --strict', () => {
    const plain = bootplan('verify', plan, '--trace', cut);
    expect(findings(plain.stdout).filter((f) => !f.startsWith('note'))).toEqual(['warning[VERIFY_ORPHAN_RETURN]']);
    expect(plain.code).toBe(0);
    expect(bootplan('verify', plan, '--trace', cut, '--strict').code).toBe(1);
  });
});
