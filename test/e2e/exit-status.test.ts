/**
 * The exit status through the CLI: `run` reports the status the term functions left, `--stop-signal`
 * stops main under the init loop (unikraft@0.21 LIBUKBOOT_INIT), `verify` reads the console with the
 * status line, and a term that writes the status in 0.17 is an error at the field.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(process.cwd(), 'bin', 'bootplan');
const PLAN = join(process.cwd(), 'test', 'fixtures', 'exit-status', 'terms-write.yaml');
const dir = mkdtempSync(join(tmpdir(), 'bootplan-exit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function bootplan(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('exit status', () => {
  it('run prints the status the terms wrote; verify reads the console back', () => {
    const log = join(dir, 'boot.log');
    const r = bootplan('run', PLAN, '--console', log);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('main returned 2; exit status 7;');
    expect(readFileSync(log, 'utf8')).toContain('Unikraft terminates with exit status 7 (target: 0)');
    expect(bootplan('verify', PLAN, '-t', log).code).toBe(0);
  });

  it('--stop-signal SIGTERM: main stopped under the init loop', () => {
    const plain = join(dir, 'plain.yaml');
    writeFileSync(plain, readFileSync(PLAN, 'utf8').replace(/term: \{ fn: (\w+), exit: \d \}/g, 'term: $1'));
    const r = bootplan('run', plain, '--stop-signal', 'SIGTERM');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('main stopped by signal 15 (status 143); exit status 143;');
    expect(bootplan('run', plain, '--stop-signal', 'SIGNOPE').code).toBe(2);
  });

  it('0.17: writing the status is an error at `exit`, and --stop-signal is refused', () => {
    const old = join(dir, 'old.yaml');
    const text = readFileSync(PLAN, 'utf8').replace('profile: unikraft@0.21', 'profile: unikraft@0.17');
    writeFileSync(old, text);
    const check = bootplan('check', old, '--format', 'json');
    expect(check.code).toBe(1);
    const messages = (JSON.parse(check.stdout) as Array<{ messages: Array<{ code: string; location: { line: number; column: number } }> }>)[0]!.messages;
    const lines = text.split('\n');
    const found = messages.filter((m) => m.code === 'term-exit-unsupported').map((m) => lines[m.location.line - 1]!.slice(m.location.column - 1, m.location.column));
    expect(found).toEqual(['7', '3']);
    const stripped = join(dir, 'old-plain.yaml');
    writeFileSync(stripped, text.replace(/term: \{ fn: (\w+), exit: \d \}/g, 'term: $1'));
    const r = bootplan('run', stripped, '--stop-signal', '15');
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).toContain('has no init loop');
  });
});
