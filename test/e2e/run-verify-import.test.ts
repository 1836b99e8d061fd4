/** bootplan run / verify / import as a user runs them. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(process.cwd(), 'bin', 'bootplan');
const FIXTURES = join(process.cwd(), '..', 'shared', 'fixtures');
const dir = mkdtempSync(join(tmpdir(), 'bootplan-e2e-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function bootplan(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const RACE = `bootplan: 1
name: race
profile: unikraft@0.17
target: qemu/x86_64
libraries:
  posix-fdtab:
    initcalls:
      - { fn: init_posix_fdtab, level: lib, prio: 0, provides: [fdtab] }
  posix-socket:
    initcalls:
      - { fn: init_sockets, level: lib, prio: 0, uses: [fdtab] }
  app:
    main: { uses: [fdtab] }
`;

describe('bootplan run', () => {
  it('boots a bundled plan to a halt, prints the Unikraft console and writes the trace', () => {
    const trace = join(dir, 'nginx.jsonl');
    const r = bootplan('run', 'specs/plans/unikraft/nginx.yaml', '--trace', trace);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Unikraft constructor table at 0x[0-9a-f]+ - 0x[0-9a-f]+/);
    expect(r.stdout).toMatch(/Call init function: vfscore_automount\(0x[0-9a-f]+\)\.\.\./);
    expect(r.stdout).toMatch(/Halting system \(0\)/);
    expect(r.stdout).toMatch(/Unikraft halted/);
    const events = readFileSync(trace, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(events[0]).toMatchObject({ seq: 0, t: 0 });
    expect(events.at(-1)).toMatchObject({ ev: 'halt', target: 'HALT' });
    expect(r.stderr).toMatch(/halted \(HALT\)/);
  });

  it('is deterministic: same plan, same options, byte-identical trace and console', () => {
    const a = bootplan('run', 'specs/plans/unikraft/nginx.yaml', '--trace', join(dir, 'a.jsonl'), '--link-order', 'random:7');
    const b = bootplan('run', 'specs/plans/unikraft/nginx.yaml', '--trace', join(dir, 'b.jsonl'), '--link-order', 'random:7');
    expect(a.stdout).toBe(b.stdout);
    expect(readFileSync(join(dir, 'a.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'b.jsonl'), 'utf8'));
  });

  it("replays check's witness to the fault it names", () => {
    const plan = write('race.yaml', RACE);
    const check = bootplan('check', '--format', 'json', plan);
    expect(check.code).toBe(1);
    const witnessFile = write('w.json', check.stdout);
    expect(bootplan('run', plan).code).toBe(0); // the declared link order happens to work
    const r = bootplan('run', plan, '--link-order', `witness:${witnessFile}`, '--trace', join(dir, 'w.jsonl'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/fault in posix-socket\.init_sockets: `fdtab` does not exist yet \(provided by posix-fdtab\.init_posix_fdtab\)/);
    const fault = readFileSync(join(dir, 'w.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).find((e) => e.ev === 'fault');
    expect(fault).toMatchObject({ id: 'posix-socket.init_sockets', capability: 'fdtab' });
  });

  it('--fail stops a Unikraft boot with CRASH after reverse teardown', () => {
    const r = bootplan('run', 'specs/plans/unikraft/nginx.yaml', '--fail', 'devfs.devfs_automount=-2');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Init function at devfs_automount returned error -2|Init function at 0x[0-9a-f]+ returned error -2/);
    expect(r.stdout).toMatch(/Call term function: vfscore_autoumount/);
    expect(r.stderr).toMatch(/crashed \(CRASH\)/);
  });

  it('bad options are usage errors (exit 2)', () => {
    expect(bootplan('run', 'specs/plans/unikraft/nginx.yaml', '--link-order', 'sideways').code).toBe(2);
    expect(bootplan('run', 'specs/plans/unikraft/nginx.yaml', '--fail', 'nodot').code).toBe(2);
    expect(bootplan('run', 'specs/plans/unikraft/nginx.yaml', '--link-order', `witness:${join(dir, 'absent.json')}`).code).toBe(2);
  });

  it('--max-events stops a run with a clear message', () => {
    const r = bootplan('run', 'specs/plans/unikraft/nginx.yaml', '--max-events', '20');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/limit/);
  });
});

describe('bootplan verify and import on the real fixtures', () => {
  it('imports the Linux System.map and verifies the real initcall_debug log: 670 mapped, none out of order', () => {
    const plan = join(dir, 'linux.yaml');
    expect(bootplan('import', 'linux', '--system-map', join(FIXTURES, 'linux-6.1', 'System.map'), '-o', plan).code).toBe(0);
    const r = bootplan('verify', plan, '--trace', join(FIXTURES, 'linux-6.1', 'initcall_debug.log'), '--format', 'json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.format).toBe('linux');
    expect(out.summary).toMatchObject({ calls: 670, mapped: 670, unmapped: 0, missing: 0, outOfOrder: 0 });
  });

  it('imports the Unikraft nm and verifies the real boot log with symbols', () => {
    const plan = join(dir, 'uk.yaml');
    expect(bootplan('import', 'unikraft', '--nm', join(FIXTURES, 'unikraft-0.17-rich', 'nm.txt'), '-o', plan).code).toBe(0);
    const r = bootplan('verify', plan, '--trace', join(FIXTURES, 'unikraft-0.17-rich', 'boot.log'), '--symbols', join(FIXTURES, 'unikraft-0.17-rich', 'nm.txt'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/18 of 18 calls mapped to the plan, 0 unmapped, 0 planned entries missing/);
    expect(r.stdout).toMatch(/2 term calls \(0 out of order\)/);
  });

  it('a log with two calls swapped across levels fails verification (exit 1)', () => {
    const plan = join(dir, 'linux2.yaml');
    bootplan('import', 'linux', '--system-map', join(FIXTURES, 'linux-6.1', 'System.map'), '-o', plan);
    const lines = readFileSync(join(FIXTURES, 'linux-6.1', 'initcall_debug.log'), 'utf8').split('\n');
    const first = lines.findIndex((l) => l.includes('calling  init_hw_perf_events'));
    const late = lines.findIndex((l) => l.includes('calling  ') && l.includes('late_resume_init'));
    const swap = late > 0 ? late : lines.findLastIndex((l) => l.includes('calling  '));
    [lines[first], lines[swap]] = [lines[swap]!, lines[first]!];
    const r = bootplan('verify', plan, '--trace', write('swapped.log', lines.join('\n')), '--format', 'json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).diagnostics.some((d: { code: string }) => d.code === 'VERIFY_ORDER')).toBe(true);
  });

  it('an unreadable trace exits 2', () => {
    expect(bootplan('verify', 'specs/plans/unikraft/nginx.yaml', '--trace', join(dir, 'nope.log')).code).toBe(2);
    expect(bootplan('verify', 'specs/plans/unikraft/nginx.yaml', '--trace', write('junk.log', 'hello\nworld\n')).code).toBe(2);
  });

  it('import writes nothing on empty input', () => {
    const out = join(dir, 'empty.yaml');
    expect(bootplan('import', 'linux', '--system-map', write('empty.map', ''), '-o', out).code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});
