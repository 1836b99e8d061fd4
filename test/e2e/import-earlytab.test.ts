/**
 * `bootplan import unikraft --src` on a tree with an early table, as a user runs it: the plan gets
 * the `early:` entries and unikraft@0.21, and `check` finds the early entry that calls the heap
 * allocator (from the code, with its evidence). Fixture: test/fixtures/unikraft-earlytab.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

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
});
