/**
 * The newest Unikraft line (unikraft@0.21) and the TLS step of 0.17, through the CLI: the plan
 * without a version gets the newest profile, the early table, TLS, the main thread and the
 * UK_FS_PRIO_* names check and boot, the console says "Shutting down system" and verifies, and an
 * early-table entry is emitted as UK_BOOT_EARLYTAB_ENTRY into the section the linker keeps.
 * Fixtures: test/fixtures/unikraft-newest (written for these tests). gcc and binutils are required.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(process.cwd(), 'bin', 'bootplan');
const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'unikraft-newest');
const dir = mkdtempSync(join(tmpdir(), 'bootplan-newest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function bootplan(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const codes = (plan: string) => {
  const r = bootplan('check', plan.startsWith('/') ? plan : join(FIXTURES, plan), '--format', 'json');
  return (JSON.parse(r.stdout) as Array<{ messages: Array<{ code: string; location: { line: number } }> }>)[0]!.messages.map((d) => `${d.code}@${d.location.line}`);
};

describe('unikraft@0.21', () => {
  it('is what `profile: unikraft` gets, and shows the early table, TLS and the main thread in boot order', () => {
    const r = bootplan('profile', 'show', 'unikraft');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^unikraft@0\.21/);
    const order = ['step early_cmdline', 'table earlytab', 'table ctors', 'step alloc', 'step tls', 'step irq', 'step sched', 'step main_thread', 'table inittab'];
    const at = order.map((s) => r.stdout.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(r.stdout).toContain('UK_FS_PRIO_PRIMARY 0');
    expect(r.stdout).toMatch(/inittab \(initcall\): init table; prio 0\.\.9 \(default 9; macros [^)]*UK_FS_PRIO_FSAVAIL 2\)/);
  });

  it('checks a plan with the new filesystem stack, boots it and verifies its console', () => {
    const plan = join(FIXTURES, 'posix-vfs.yaml');
    const check = bootplan('check', plan);
    expect(check.code).toBe(0);
    const consoleLog = join(dir, 'boot.log');
    const run = bootplan('run', plan, '--console', consoleLog);
    expect(run.code).toBe(0);
    const text = readFileSync(consoleLog, 'utf8');
    expect(text).toContain('Shutting down system (0)');
    expect(text).not.toContain('Halting system');
    expect(text).toContain('Powered by Unikraft Ijiraq');
    expect(text.indexOf('Call constructor: musl_init_env')).toBeLessThan(text.indexOf('Initialize memory allocator'));
    const verify = bootplan('verify', plan, '-t', consoleLog);
    expect(verify.code).toBe(0);
  });

  it('a failing init function: "Shutting down system (3)", and verify reads the stop', () => {
    const plan = join(FIXTURES, 'posix-vfs.yaml');
    const consoleLog = join(dir, 'fail.log');
    const run = bootplan('run', plan, '--console', consoleLog, '--fail', 'posix-vfs-fstab.init_vfs_fstab');
    expect(run.code).toBe(1);
    expect(readFileSync(consoleLog, 'utf8')).toContain('Shutting down system (3)');
    const verify = JSON.parse(bootplan('verify', plan, '-t', consoleLog, '--format', 'json').stdout) as { summary: { failed: number } };
    expect(verify.summary.failed).toBe(1);
  });

  it('a failing early-table entry crashes the boot before the constructors', () => {
    const plan = join(dir, 'early-fails.yaml');
    writeFileSync(plan, readFileSync(join(FIXTURES, 'posix-vfs.yaml'), 'utf8').replace('prio: 1, uses: [libparam]', 'prio: 1, returns: -5, uses: [libparam]'));
    expect(codes(plan)).toContain('entry-fails@12');
    const run = bootplan('run', plan);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Early init call @ com_early_init failed with -5');
    expect(run.stdout).not.toContain('Call constructor');
  });

  it('forbids TLS to constructors and the heap to the early table', () => {
    expect(codes('misuse.yaml')).toEqual(['pre-init-use@11', 'use-before-provide@14']);
  });

  it('emits early-table entries as UK_BOOT_EARLYTAB_ENTRY into .uk_boot_earlytab<prio>', () => {
    const out = join(dir, 'emit');
    expect(bootplan('emit', 'c', join(FIXTURES, 'posix-vfs.yaml'), '-o', out).code).toBe(0);
    expect(readdirSync(out)).toContain('ns16550.h');
    const header = readFileSync(join(out, 'ns16550.h'), 'utf8');
    expect(header).toContain('UK_BOOT_EARLYTAB_ENTRY(com_early_init, BOOTPLAN_PRIO_NS16550_COM_EARLY_INIT)');
    writeFileSync(join(out, 't.c'), '#define BOOTPLAN_REGISTER\n#include "ns16550.h"\nint com_early_init(struct ukplat_bootinfo *bi) { (void)bi; return 0; }\n');
    const cc = spawnSync('gcc', ['-c', '-I', join(process.cwd(), 'test', 'fixtures', 'emit', 'include'), 't.c', '-o', 't.o'], { cwd: out, encoding: 'utf8' });
    if (cc.error) throw new Error(`gcc is required for this test (${cc.error.message})`);
    expect(cc.stderr).toBe('');
    const sections = spawnSync('objdump', ['-h', 't.o'], { cwd: out, encoding: 'utf8' }).stdout;
    expect(sections).toMatch(/\.uk_boot_earlytab1\b/);
  });
});

describe('the TLS step and priority macros across versions', () => {
  it('unikraft@0.17 has TLS after the heap: an initcall may use it, a constructor may not', () => {
    expect(codes('tls-0.17.yaml')).toEqual(['pre-init-use@10']);
    const show = bootplan('profile', 'show', 'unikraft@0.17').stdout;
    expect(show.indexOf('step alloc')).toBeLessThan(show.indexOf('step tls'));
    expect(show.indexOf('step tls')).toBeLessThan(show.indexOf('step sched'));
  });

  it('UK_FS_PRIO_FSAVAIL is undefined in the 0.17 model: the entry is dropped like the linker drops it', () => {
    expect(codes('fs-prio-0.17.yaml')).toEqual(['prio-out-of-range@10', 'capability-never-provided@12']);
  });

  it('every bundled 0.17 plan still checks with `@0.17`', () => {
    const plans = readdirSync(join(process.cwd(), 'specs', 'plans', 'unikraft')).filter((f) => f.endsWith('.yaml'));
    expect(plans.length).toBeGreaterThan(3);
    for (const p of plans) expect(bootplan('check', join('specs', 'plans', 'unikraft', p)).code, p).toBe(0);
  });
});
