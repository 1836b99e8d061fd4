/**
 * FIXED: mount-point-missing for a point another entry had mounted, and for the rows after a
 * busy one; and the initial rootfs of Linux.
 *
 * Found by the whole-language differential test (whole-language.ts, extensions multi-effect,
 * mkmp, double-mount and random-entry; seeds 4711, 777, 90210 and 424242), shrunk.
 *
 * BUGS:
 * - (a witness that does not replay) an entry at rootfs 3 mounted / and then /tmp; the fstab at
 *   rootfs 4 mounted /tmp again without mkmp. mount-point-missing said /tmp could not exist under
 *   the fresh ramfs (ENOENT); it exists, as a mount point, and the machine fails with EBUSY
 *   (mount-point-busy). The rule now counts the points other mount effects before it in the
 *   default order mounted or created. (It also stopped at a busy row, as a real boot does; since
 *   witnesses are replayed past earlier failures, the rows after it are judged as that replay
 *   tries them: see rows-after-failed-row.test.ts.)
 * - (a crash after a clean check) on linux@6.1 the initial rootfs (a ramfs mounted by a core
 *   step) held no /tmp, so the fstab's /tmp row failed, and what it provides never came; the
 *   rule did not know that mount. Core-step mounts are now one function the machine and the
 *   checker share (compiler/vfs/core-mount.ts), and the rule counts them.
 * Since Linux stacks mounts (its profile's `mountOver: stack`), a row over the initial rootfs
 * is no longer busy: it goes on top (test/property/regressions/linux-stacked-mounts.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { checkText } from '../harness.js';
import { writeCpio } from '../../../compiler/cpio.js';
import { differential, hostFor, WHOLE_HOST } from '../whole-language.js';

const agree = (text: string, profile = 'unikraft@0.17') => differential({ text, files: {}, profile }, [1, 2, 3]);

describe('mount points made by other entries', () => {
  it('an fstab row on a point an earlier entry mounted is busy, not missing', () => {
    const text = `bootplan: 1
name: generated
profile: unikraft@0.13
target: xen/x86_64
mounts:
  - { dev: none, at: /tmp, fs: ramfs }
libraries:
  multi:
    initcalls:
      - fn: mount_all
        level: rootfs
        prio: 3
        effects: [{ mount: { dev: none, at: /, fs: ramfs } }, { mount: { dev: none, at: /tmp, fs: devfs, mkmp: true } }]
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }
`;
    const codes = checkText(text, WHOLE_HOST).errors.map((d) => d.code);
    expect(codes).not.toContain('mount-point-missing');
    expect(codes).toContain('mount-point-busy');
    expect(agree(text)).toEqual([]);
  });

  it('past a busy row, the row after it is judged as a replay that keeps going tries it', () => {
    const text = `bootplan: 1
name: generated
profile: unikraft@0.17
target: qemu/x86_64
mounts:
  - { dev: none, at: /, fs: ramfs }
  - { dev: none, at: /tmp, fs: ramfs }
libraries:
  early:
    initcalls:
      - { fn: mount_root, level: rootfs, prio: 1, effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }
`;
    // A real boot stops at the busy row (/ is mounted by early.mount_root). Past it, /tmp is
    // missing on that ramfs: what the fstab does once its / row is gone, and what the replay of the
    // witness shows.
    const { errors } = checkText(text, WHOLE_HOST);
    expect(errors.map((d) => d.code).sort()).toEqual(['mount-point-busy', 'mount-point-missing']);
    expect(errors.find((d) => d.code === 'mount-point-missing')!.message).toContain('/tmp cannot exist: / is a fresh ramfs');
    expect(agree(text)).toEqual([]);
  });

  it('linux@6.1: a row under the initial rootfs without mkmp is missing', () => {
    const text = `bootplan: 1
name: generated
profile: linux@6.1
mounts:
  - { dev: none, at: /tmp, fs: ramfs }
libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: postcore, effects: [{ mount: { from: fstab } }] }
  user:
    initcalls:
      - { fn: use_tmp, level: late, uses: ['mount:/tmp'] }
`;
    const errors = checkText(text, WHOLE_HOST).errors;
    expect(errors.map((d) => d.code)).toContain('mount-point-missing');
    expect(errors.find((d) => d.code === 'mount-point-missing')!.message).toContain('/ is a fresh ramfs');
    expect(agree(text, 'linux@6.1')).toEqual([]);
  });
});

describe('found by the generated initrds (whole-language.ts, extension initrd-contents)', () => {
  it('the parent of a row is the mount there when the row runs, not a later row (seed 3, case 5691)', () => {
    // /mnt/deep was listed before /mnt: when it runs, its directory is in the extracted root (the
    // archive holds mnt/deep), not under the fresh ramfs /mnt comes later. mount-order's fault is
    // the error; mount-point-missing named ENOENT, which never came.
    const text = `bootplan: 1
name: generated
profile: unikraft@0.17
target: qemu/x86_64
initrd: nested.cpio
mounts:
  - { dev: initrd0, at: /, fs: extract }
  - { dev: none, at: /tmp/deep, fs: ramfs }
  - { dev: none, at: /tmp, fs: ramfs }
libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }
`;
    const hostFiles = { '/plan/nested.cpio': writeCpio([{ name: 'tmp', type: 'dir' }, { name: 'tmp/deep', type: 'dir' }]) };
    const codes = checkText(text, hostFor(hostFiles)).errors.map((d) => d.code);
    expect(codes).toContain('mount-order');
    expect(codes).not.toContain('mount-point-missing');
    expect(differential({ text, files: {}, profile: 'unikraft@0.17', hostFiles }, [1, 2, 3])).toEqual([]);
  });

  it('linux@6.1: an fstab row over the initial rootfs stacks on it (seed 90210, case 4131; busy before issue 8\'s Linux mounts)', () => {
    const text = `bootplan: 1
name: generated
profile: linux@6.1
initrd: initrd.cpio
mounts:
  - { dev: initrd0, at: /, fs: extract }
  - { dev: none, at: /tmp, fs: ramfs }
libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: postcore, effects: [{ mount: { from: fstab } }] }
  user:
    initcalls:
      - { fn: use_tmp, level: late, uses: ['mount:/tmp'] }
`;
    // Linux mounts the extracted initrd on top of the initial rootfs (mountOver: stack); the
    // archive holds tmp/, so the /tmp row finds its directory there.
    expect(checkText(text, WHOLE_HOST).errors).toEqual([]);
    expect(agree(text, 'linux@6.1')).toEqual([]);
  });
});
