/**
 * `bootplan import unikraft --src` on a tree with an early table, as a user runs it: the plan gets
 * the `early:` entries and unikraft@0.21, and `check` finds the early entry that calls the heap
 * allocator (from the code, with its evidence). Fixture: test/fixtures/unikraft-earlytab. A tree
 * whose version.mk says 0.17 (0.17.0 past e409d043 has the early table) gets unikraft@0.17, and so
 * does an image's nm (the 0.17 image fixture): its early entries are placed, and it checks and
 * verifies against its real boot log as before.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedFixture } from '../shared-fixtures.js';

const BIN = join(process.cwd(), 'bin', 'bootplan');
const FIXTURE = join(process.cwd(), 'test', 'fixtures', 'unikraft-earlytab');
const dir = mkdtempSync(join(tmpdir(), 'bootplan-earlytab-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function bootplan(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('import unikraft --src with an early table', () => {
  it('imports the early entries, and check finds the heap used before it exists', () => {
    const plan = join(dir, 'early.yaml');
    const imported = bootplan('import', 'unikraft', '--src', join(FIXTURE, 'tree'), '--config', join(FIXTURE, 'early.config'), '-o', plan);
    expect(imported.code).toBe(0);
    const text = readFileSync(plan, 'utf8');
    expect(text).toContain('profile: unikraft@0.21');
    expect(text).toMatch(/early:\n {6}- \{ fn: com_early_init, prio: 1,/);
    expect(text).toMatch(/- \{ fn: applog_reserve, prio: 3, .*uses: \[ alloc \]/);
    const check = bootplan('check', plan, '--format', 'json');
    expect(check.code).toBe(1);
    const messages = (JSON.parse(check.stdout) as Array<{ messages: Array<{ code: string; severity: string; message: string; location: { line: number } }> }>)[0]!.messages;
    const errors = messages.filter((m) => m.severity === 'error');
    expect(errors.map((m) => m.code)).toEqual(['use-before-provide']);
    expect(errors[0]!.message).toContain('`applog.applog_reserve` (early table prio 3) uses `alloc`');
    expect(text.split('\n')[errors[0]!.location.line - 1]).toContain('applog_reserve');
  });

  it('a tree whose version.mk says 0.17 gets unikraft@0.17, with the command-line parse as an early entry (0.17 has no step for it)', () => {
    const tree = join(dir, 'tree-0.17');
    cpSync(join(FIXTURE, 'tree'), tree, { recursive: true });
    writeFileSync(join(tree, 'version.mk'), 'UK_VERSION = 0\nUK_SUBVERSION = 17\nUK_EXTRAVERSION = 0\n');
    const plan = join(dir, 'early-0.17.yaml');
    const imported = bootplan('import', 'unikraft', '--src', tree, '--config', join(FIXTURE, 'early.config'), '-o', plan);
    expect(imported.code).toBe(0);
    const text = readFileSync(plan, 'utf8');
    expect(text).toContain('profile: unikraft@0.17');
    expect(text).toContain("profile unikraft@0.17 (the tree's version.mk says 0.17)");
    expect(text).toMatch(/- \{ fn: uk_boot_early_init_parse_cmdl, prio: 0, note: lib\/ukboot\/early_init\.c:\d+/);
    expect(text).toMatch(/early:\n {6}- \{ fn: com_early_init, prio: 1,/);
    const check = bootplan('check', plan, '--format', 'json');
    const errors = (JSON.parse(check.stdout) as Array<{ messages: Array<{ code: string; severity: string; message: string }> }>)[0]!.messages.filter((m) => m.severity === 'error');
    expect(errors.map((m) => m.code)).toEqual(['use-before-provide']);
    expect(errors[0]!.message).toContain('`applog.applog_reserve` (early table prio 3) uses `alloc`');
  });
});

describe('import unikraft --nm of a real 0.17 image with an early table', () => {
  it('places the early entries, checks clean and verifies against the image\'s boot log; run enters the early table before the constructors', () => {
    const plan = join(dir, 'image-0.17.yaml');
    const nm = sharedFixture('unikraft-0.17-rich/nm.txt');
    const imported = bootplan('import', 'unikraft', '--nm', nm, '-o', plan);
    expect(imported.code).toBe(0);
    const text = readFileSync(plan, 'utf8');
    expect(text).toContain('profile: unikraft@0.17');
    expect(text).toContain('  ukboot:\n    early:\n      - { fn: uk_boot_early_init_parse_cmdl, prio: 0 }\n      - { fn: uk_boot_early_init_mrd_coalesce, prio: 8 }\n');
    expect(text).toContain('  ukconsole_vga:\n    early:\n      - { fn: vga_init, prio: 1 }\n');
    const check = bootplan('check', plan);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('0 errors, 1 warning'); // nothing-proven: nm carries no uses
    const verify = bootplan('verify', plan, '--trace', sharedFixture('unikraft-0.17-rich/boot.log'), '--symbols', nm);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain('18 of 18 calls mapped to the plan, 0 unmapped, 0 planned entries missing, 0 not reached, 0 out of order');
    const trace = join(dir, 'image-0.17.jsonl');
    expect(bootplan('run', plan, '--trace', trace).code).toBe(0);
    const events = readFileSync(trace, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { ev: string; table?: string; fn?: string });
    const at = (p: (e: { ev: string; table?: string; fn?: string }) => boolean) => events.findIndex(p);
    expect(at((e) => e.ev === 'call' && e.fn === 'vga_init')).toBeGreaterThan(at((e) => e.ev === 'call' && e.fn === 'com_early_init'));
    expect(at((e) => e.ev === 'call' && e.fn === 'uk_boot_early_init_mrd_coalesce')).toBeLessThan(at((e) => e.ev === 'phase' && e.table === 'ctors'));
  });
});
