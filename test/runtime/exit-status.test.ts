/**
 * The exit status at teardown (profile `exitStatus`, unikraft@0.21): main's return, then what the
 * term functions write in reverse order; under the init loop (LIBUKBOOT_INIT) a main stopped by a
 * signal has the status 0x80|signal. Fixture: test/fixtures/exit-status.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile, loadPlanText } from '../../compiler/index.js';
import { InputError } from '../../compiler/types.js';
import { run } from '../../runtime/run.js';

const text = readFileSync(new URL('../fixtures/exit-status/terms-write.yaml', import.meta.url), 'utf8');
const compiled = (t: string) => {
  const r = compile(loadPlanText('plan.yaml', t));
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.compiled!;
};

describe('exit status at teardown', () => {
  it('the earliest entry that writes one has the last word, and the console says so after the terms', () => {
    const r = run(compiled(text));
    expect(r.outcome).toMatchObject({ target: 'HALT', mainReturned: 2, exitStatus: 7 });
    const lines = r.console.split('\n');
    const at = (s: string) => lines.findIndex((l) => l.includes(s));
    expect(at('Call term function: posix_process_term')).toBeLessThan(at('Call term function: devfs_term'));
    expect(lines[at('Unikraft terminates')]).toContain('Unikraft terminates with exit status 7 (target: 0)');
    expect(at('devfs_term')).toBeLessThan(at('Unikraft terminates'));
    expect(at('Unikraft terminates')).toBeLessThan(at('Unikraft halted'));
  });

  it('without a writing term the status is what main returned; a failing init function gives its error', () => {
    const plain = text.replace('term: { fn: devfs_term, exit: 7 }', 'term: devfs_term').replace('{ term: { fn: posix_process_term, exit: 3 }', '{ term: posix_process_term');
    expect(run(compiled(plain)).outcome.exitStatus).toBe(2);
    // devfs_init fails: the terms of the entries before it run (none write), the status is its rc.
    const failed = run(compiled(plain), { fail: { id: 'ukfs-devfs.devfs_init', rc: -5 } });
    expect(failed.outcome).toMatchObject({ target: 'CRASH', exitStatus: -5 });
    expect(failed.console).toContain('Unikraft terminates with exit status -5 (target: 3)');
  });

  it('unikraft@0.17 has no exit status to write: no status line, no exitStatus', () => {
    const old = run(compiled(text.replace('profile: unikraft@0.21', 'profile: unikraft@0.17').replace(/, exit: \d/g, '')));
    expect(old.outcome.exitStatus).toBeUndefined();
    expect(old.console).not.toContain('Unikraft terminates');
  });

  it('LIBUKBOOT_INIT: a main stopped by SIGTERM has the status 0x80|15 before the terms run', () => {
    const plain = text.replace('term: { fn: devfs_term, exit: 7 }', 'term: devfs_term').replace('{ term: { fn: posix_process_term, exit: 3 }', '{ term: posix_process_term');
    const r = run(compiled(plain), { stopSignal: 15 });
    expect(r.outcome).toMatchObject({ target: 'HALT', mainReturned: 143, stopSignal: 15, exitStatus: 143, reason: 'main stopped by signal 15 (status 143)' });
    // A term function still has the last word.
    expect(run(compiled(text), { stopSignal: 15 }).outcome.exitStatus).toBe(7);
  });

  it('refuses a stop signal where main runs under no init loop, or out of range', () => {
    const old = compiled(text.replace('profile: unikraft@0.21', 'profile: unikraft@0.17').replace(/, exit: \d/g, ''));
    expect(() => run(old, { stopSignal: 15 })).toThrow(InputError);
    expect(() => run(compiled(text), { stopSignal: 99 })).toThrow(/1\.\.64/);
  });
});
