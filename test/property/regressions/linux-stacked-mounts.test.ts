/**
 * FIXED: Linux is not vfscore (issue 8).
 *
 * BUG: the machine applied vfscore's EBUSY to a mount over a point already mounted, for every
 * profile, and the checker agreed (mount-point-busy counted Linux's initial rootfs): a Linux
 * fstab row at / failed on the machine and was an error in the checker, where real Linux
 * (fs/namespace.c do_add_mount) stacks it on top of the initial rootfs. Each profile now declares
 * `mountOver` once (specs/profiles/*.yaml); the machine's VFS, the checker's replay and the rules
 * read it. Stacking hides what was mounted inside the mount below, so a row that counts on such a
 * point is mount-point-missing on Linux, found by replaying the default order on the machine's VFS.
 */
import { describe, expect, it } from 'vitest';
import { listProfiles, readProfile } from '../../../compiler/profiles.js';
import { mountOverOf } from '../../../compiler/types.js';
import { run } from '../../../runtime/index.js';
import { checkText, witnessProblem } from '../harness.js';
import { differential, WHOLE_HOST } from '../whole-language.js';

const linux = (mounts: string, more = '') => `bootplan: 1
name: generated
profile: linux@6.1
mounts:
${mounts}
libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: postcore, effects: [{ mount: { from: fstab } }] }
${more}  user:
    initcalls:
      - { fn: use_tmp, level: late, uses: ['mount:/tmp'] }
`;
const agree = (text: string) => differential({ text, files: {}, profile: 'linux@6.1' }, [1, 2, 3]);

describe('each profile declares what a mount over a mount point does', () => {
  it('Linux and Luna stack, Unikraft and Zephyr refuse (EBUSY)', () => {
    const seen = Object.fromEntries(listProfiles().map((p) => [`${p.name}@${p.version}`, readProfile(p.file).mountOver]));
    expect(seen).toEqual({
      'linux@6.1': 'stack', 'luna@0': 'stack', 'unikraft@0.13': 'busy', 'unikraft@0.17': 'busy', 'unikraft@0.21': 'busy', 'zephyr@3': 'busy',
    });
    expect(mountOverOf({})).toBe('busy');
  });
});

describe('linux@6.1 stacks mounts', () => {
  it('a row at / goes on top of the initial rootfs: no error, and the boot halts', () => {
    const text = linux(`  - { dev: none, at: /, fs: ramfs }
  - { dev: none, at: /tmp, fs: ramfs, opts: mkmp }`);
    const { compiled, errors } = checkText(text, WHOLE_HOST);
    // Before: mount-point-busy ("core step … has mounted a ramfs already"), and EBUSY on the machine.
    expect(errors).toEqual([]);
    const { outcome, events } = run(compiled, { host: WHOLE_HOST });
    expect(outcome.target).toBe('HALT');
    expect(events.filter((e) => e.ev === 'mount').map((e) => `${e.id} ${e.path}`)).toEqual([
      'core.vfs_caches_init /', 'vfscore.vfscore_automount /', 'vfscore.vfscore_automount /tmp',
    ]);
    expect(agree(text)).toEqual([]);
  });

  it('two mounts of /tmp from two entries stack too', () => {
    const text = linux('  - { dev: none, at: /tmp, fs: ramfs, opts: mkmp }', `  twice:
    initcalls:
      - { fn: mount_a, level: fs, effects: [{ mount: { dev: none, at: /tmp, fs: ramfs } }] }
      - { fn: mount_b, level: fs, effects: [{ mount: { dev: none, at: /tmp, fs: devfs } }] }
`);
    expect(checkText(text, WHOLE_HOST).errors).toEqual([]);
    expect(agree(text)).toEqual([]);
  });

  it('a mount over / hides /tmp mounted before it: the next /tmp row without mkmp is missing, and its witness replays', () => {
    const text = linux(`  - { dev: none, at: /tmp, fs: ramfs, opts: mkmp }
  - { dev: none, at: /, fs: ramfs }
  - { dev: none, at: /tmp, fs: ramfs }`);
    const { compiled, errors } = checkText(text, WHOLE_HOST);
    // Before the checker knew: a clean check, and use_tmp faulted (the row failed with ENOENT).
    expect(errors.map((d) => d.code)).toEqual(['mount-point-missing']);
    expect(errors[0]!.message).toContain('/ is a fresh ramfs');
    expect(witnessProblem(compiled, errors[0]!.witness!, WHOLE_HOST)).toBeNull();
    expect(agree(text)).toEqual([]);
    const fixed = text.replace('at: /tmp, fs: ramfs }\nlibraries', 'at: /tmp, fs: ramfs, opts: mkmp }\nlibraries');
    expect(checkText(fixed, WHOLE_HOST).errors).toEqual([]);
    expect(agree(fixed)).toEqual([]);
  });
});

describe('unikraft and zephyr still refuse', () => {
  it('unikraft@0.17: two rows at / are mount-point-busy, and the machine stops with EBUSY', () => {
    const text = `bootplan: 1
name: generated
profile: unikraft@0.17
target: qemu/x86_64
mounts:
  - { dev: none, at: /, fs: ramfs }
  - { dev: none, at: /, fs: ramfs }
libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }
`;
    const { compiled, errors } = checkText(text, WHOLE_HOST);
    expect(errors.map((d) => d.code)).toContain('mount-point-busy');
    const { outcome } = run(compiled, { host: WHOLE_HOST });
    expect(outcome).toMatchObject({ target: 'CRASH', failed: { id: 'vfscore.vfscore_automount', rc: -16 } });
  });

  it('zephyr@3: a second mount of one point is mount-point-busy', () => {
    const text = `bootplan: 1
name: generated
profile: zephyr@3
libraries:
  fs:
    initcalls:
      - { fn: mount_root, level: POST_KERNEL, prio: 1, effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }
      - { fn: mount_a, level: POST_KERNEL, prio: 2, effects: [{ mount: { dev: none, at: /tmp, fs: ramfs } }] }
      - { fn: mount_b, level: POST_KERNEL, prio: 3, effects: [{ mount: { dev: none, at: /tmp, fs: ramfs } }] }
`;
    expect(checkText(text, WHOLE_HOST).errors.map((d) => d.code)).toEqual(['mount-point-busy']);
  });
});
