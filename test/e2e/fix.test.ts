/** `bootplan fix` as a user runs it: a diff to review, --write to apply, conflicts named. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(process.cwd(), 'bin', 'bootplan');
const dir = mkdtempSync(join(tmpdir(), 'bootplan-fix-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function bootplan(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
const write = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return name;
};
const read = (name: string) => readFileSync(join(dir, name), 'utf8');

const HEAD = 'bootplan: 1\nname: tty\nprofile: unikraft@0.17\ntarget: qemu/x86_64\n';
const TTY = `# posix-tty opens /dev/console, which devfs mounts at rootfs 3.
${HEAD}libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 1, effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }
  devfs:
    initcalls:
      # mounts /dev
      - fn: devfs_automount
        level: rootfs
        prio: 3   # after vfscore
        effects: [{ mount: { dev: devfs, at: /dev, fs: devfs } }]
  posix-tty:
    initcalls:
      - { fn: init_posix_tty, level: rootfs, prio: 2, uses: ['mount:/dev'] } # opens fds 0-2
`;

describe('bootplan fix', () => {
  it('prints a unified diff that patch applies, explains on stderr, and leaves the file alone', () => {
    const plan = write('tty.yaml', TTY);
    const r = bootplan('fix', plan);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('posix-tty.init_posix_tty: prio 2 → 4, because it uses `mount:/dev`, provided by devfs.devfs_automount at rootfs 3\n');
    expect(r.stdout).toContain('--- a/tty.yaml\n+++ b/tty.yaml\n');
    expect(r.stdout).toContain("-      - { fn: init_posix_tty, level: rootfs, prio: 2, uses: ['mount:/dev'] } # opens fds 0-2\n+      - { fn: init_posix_tty, level: rootfs, prio: 4, uses: ['mount:/dev'] } # opens fds 0-2\n");
    expect(read(plan)).toBe(TTY);
    const patched = spawnSync('patch', ['-s', '-p1', '-o', '-', 'tty.yaml'], { cwd: dir, input: r.stdout, encoding: 'utf8' });
    expect(patched.status, patched.stderr).toBe(0);
    expect(patched.stdout).toBe(TTY.replace("prio: 2, uses: ['mount:/dev']", "prio: 4, uses: ['mount:/dev']"));
  });

  it('--write rewrites the plan keeping comments; the result checks clean and a second fix finds nothing', () => {
    const plan = write('tty-w.yaml', TTY);
    expect(bootplan('check', plan).code).toBe(1);
    const r = bootplan('fix', plan, '--write');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('fixed 1 entry in tty-w.yaml');
    expect(read(plan)).toBe(TTY.replace("prio: 2, uses: ['mount:/dev']", "prio: 4, uses: ['mount:/dev']"));
    expect(bootplan('check', plan).code).toBe(0);
    const again = bootplan('fix', plan);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('');
    expect(again.stderr).toContain('nothing to change');
  });

  it('never moves a pinned entry: the one beside it moves instead', () => {
    const plan = write('pinned.yaml', `${HEAD}libraries:
  a:
    initcalls:
      - { fn: a_init, level: lib, prio: 5, provides: [x] }
  b:
    initcalls:
      - { fn: b_init, level: lib, prio: 5, uses: [x], pinned: true }
`);
    const r = bootplan('fix', plan, '--write');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('a.a_init: prio 5 → 4, because b.b_init at lib 5 uses `x`, which it provides');
    expect(read(plan)).toContain('{ fn: b_init, level: lib, prio: 5, uses: [x], pinned: true }');
    expect(bootplan('check', plan).code).toBe(0);
  });

  it('names the conflict when no assignment exists (exit 1, nothing written)', () => {
    const text = `${HEAD}libraries:
  a:
    initcalls:
      - { fn: a_init, level: lib, prio: 0, provides: [x], pinned: true }
  b:
    initcalls:
      - { fn: b_init, level: early, prio: 0, uses: [x], provides: [y] }
  c:
    initcalls:
      - { fn: c_init, level: lib, prio: 0, uses: [y], pinned: true }
`;
    const plan = write('conflict.yaml', text);
    const r = bootplan('fix', plan, '--write');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('error[fix-conflict]: no levels and priorities satisfy these requirements together');
    expect(r.stdout).toContain('b.b_init uses `x` from a.a_init; c.c_init uses `y` from b.b_init; c.c_init cannot move (pinned: true)');
    expect(read(plan)).toBe(text);
  });

  it('names every independent conflict, not only the first, and the plan stays as it was', () => {
    const text = `${HEAD}libraries:
  x:
    initcalls:
      - { fn: x1, level: lib, prio: 3, uses: [y-ready], provides: [x-ready] }
      - { fn: x2, level: lib, prio: 3, uses: [x-ready], provides: [y-ready] }
  z:
    initcalls:
      - { fn: z0, level: early, prio: 0, provides: [z-ready], pinned: true }
      - { fn: z1, level: early, prio: 0, uses: [z-ready], pinned: true }
  ok:
    initcalls:
      - { fn: ok1, level: lib, prio: 0, provides: [ok-ready] }
      - { fn: ok2, level: lib, prio: 0, uses: [ok-ready] }
`;
    const plan = write('two-conflicts.yaml', text);
    const r = bootplan('fix', plan, '--write');
    expect(r.code).toBe(1);
    expect(r.stdout.match(/^error\[fix-conflict\]/gm)).toHaveLength(2);
    expect(r.stdout).toContain('they form a cycle: x.x1 → x.x2 → x.x1');
    expect(r.stdout).toContain('z.z1 uses `z-ready` from z.z0');
    expect(r.stdout).toContain('2 errors, 0 warnings');
    expect(read(plan)).toBe(text);
  });

  it('entries of an included catalog stay unless --all-files; with it the catalog is rewritten', () => {
    write('catalog.yaml', 'bootplan: 1\nlibraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, prio: 3, provides: [x] }\n  b:\n    initcalls:\n      - { fn: b_init, level: lib, prio: 3, uses: [x] }\n');
    const plan = write('uses-catalog.yaml', `${HEAD}include: catalog.yaml\nlibraries:\n  app:\n    main: {}\n`);
    const held = bootplan('fix', plan);
    expect(held.code).toBe(1);
    expect(held.stdout).toContain('it comes from an included file');
    const r = bootplan('fix', plan, '--all-files', '--write');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(read('catalog.yaml')).toContain('{ fn: b_init, level: lib, prio: 4, uses: [x] }');
    expect(bootplan('check', plan).code).toBe(0);
  });

  it('problems no priority decides: exit 1, reported, nothing written', () => {
    const text = `${HEAD}libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, prio: 0, provides: [x] }\n  b:\n    initcalls:\n      - { fn: b_init, level: lib, prio: 0, uses: [x, nothing-provides-this] }\n`;
    const plan = write('unfixable.yaml', text);
    const r = bootplan('fix', plan, '--write');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('error[capability-never-provided]');
    expect(r.stderr).toContain('nothing written');
    expect(read(plan)).toBe(text);
  });

  it('--format json lists the changes with their reasons, and the conflict as a diagnostic', () => {
    const plan = write('tty-json.yaml', TTY);
    const r = bootplan('fix', plan, '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ status: 'fixed', written: false, diagnostics: [] });
    expect(out.changes).toEqual([{ id: 'posix-tty.init_posix_tty', file: 'tty-json.yaml', from: { level: 'rootfs', prio: 2 }, to: { level: 'rootfs', prio: 4 }, message: expect.stringContaining('because it uses `mount:/dev`') }]);
    expect(read(plan)).toBe(TTY);
    const written = JSON.parse(bootplan('fix', plan, '--format', 'json', '--write').stdout);
    expect(written.written).toBe(true);
    expect(bootplan('check', plan).code).toBe(0);
    const conflict = bootplan('fix', write('self.yaml', `${HEAD}libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, uses: [x], provides: [x] }\n`), '--format', 'json');
    expect(conflict.code).toBe(1);
    const c = JSON.parse(conflict.stdout);
    expect(c.status).toBe('conflict');
    expect(c.diagnostics[0]).toMatchObject({ code: 'fix-conflict', location: { file: 'self.yaml', line: 8 }, subjects: ['a.a_init'] });
  });

  it('bad input is exit 2', () => {
    expect(bootplan('fix', 'tty.yaml', '--format', 'yaml').code).toBe(2);
    expect(bootplan('fix', 'no-such-plan.yaml').code).toBe(2);
  });
});
