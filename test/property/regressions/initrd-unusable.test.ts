/**
 * FIXED: initrd archives the machine reads and the checker did not.
 *
 * Found by the whole-language differential test (whole-language.ts, extensions initrd,
 * extract-into and mkmp; seeds 424242, 777, 90210), shrunk.
 *
 * BUG (inputs the machine reads and the checker does not): a missing, damaged or refused archive,
 * a file where a mount point must be a directory, a mount point the archive lacks, an extraction
 * onto a read-only 9p share and `ramfs=0` into nothing all checked clean while the machine failed
 * the entry (ENOENT, EINVAL, ENOTDIR, EROFS) and the boot stopped. The checker now reads the
 * initrd through compiler/initrd.ts and replays the default order's mounts and extractions on the
 * machine's own VFS and extraction code (compiler/check/fs-replay.ts): initrd-unusable.
 */
import { describe, expect, it } from 'vitest';
import { checkText } from '../harness.js';
import { differential, WHOLE_HOST } from '../whole-language.js';

const plan = (initrd: string, fstab: string, more = '') => `bootplan: 1
name: generated
profile: unikraft@0.17
target: qemu/x86_64
initrd: ${initrd}
cmdline: 'vfs.fstab=[${fstab}] -- /hello.txt'
devices:
  - { kind: virtio-9p, tag: fs0, hostdir: guest_fs }
libraries:
  ukbus:
    initcalls:
      - { fn: uk_bus_lib_init, level: plat, prio: 0, effects: [{ probe-buses: {} }] }
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }
${more}  app:
    main: { uses: ['mount:/'] }
`;
const unpack = (to: string) => `  unpack:
    initcalls:
      - { fn: unpack, level: rootfs, prio: 9, uses: ['mount:/'], effects: [{ extract-initrd: { to: ${to} } }] }
`;

const agree = (text: string) => differential({ text, files: {}, profile: 'unikraft@0.17' }, [1, 2, 3]);

describe('initrd-unusable', () => {
  it.each([
    ['a missing file', plan('missing.cpio', '"initrd0:/:extract"'), 'vfscore.vfscore_automount', -2, 'not a readable file'],
    ['not a cpio archive', plan('bad.cpio', '"initrd0:/:extract"'), 'vfscore.vfscore_automount', -22, 'cpio: truncated header'],
    ['an entry with ..', plan('refused.cpio', '"initrd0:/:extract"'), 'vfscore.vfscore_automount', -22, 'contains ".."'],
    ['a file where /dev must be a directory', plan('devfile.cpio', '"initrd0:/:extract" "none:/dev:devfs"'), 'vfscore.vfscore_automount', -20, 'not a directory'],
    ['a mount point the archive lacks', plan('bare.cpio', '"initrd0:/:extract" "none:/tmp:ramfs"'), 'vfscore.vfscore_automount', -2, '/tmp does not exist'],
    ['extraction onto the read-only 9p share', plan('initrd.cpio', '"fs0:/:9pfs"', unpack('/mnt')), 'unpack.unpack', -30, 'read-only'],
    ['ramfs=0 into nothing', plan('initrd.cpio', '"initrd0:/:extract::ramfs=0"'), 'vfscore.vfscore_automount', -2, ''],
  ])('%s: reported with a witness that replays, and the checker and machine agree', (_what, text, entry, rc, detail) => {
    const { errors } = checkText(text, WHOLE_HOST);
    const hit = errors.find((d) => d.code === 'initrd-unusable');
    expect(hit, errors.map((d) => d.code).join(', ')).toBeDefined();
    expect(hit!.message).toContain(detail);
    expect(hit!.witness?.expect).toEqual({ kind: 'return', entry, rc });
    expect(agree(text)).toEqual([]);
  });

  it('an archive with the mount points checks clean and boots, into / or a ramfs', () => {
    for (const text of [plan('initrd.cpio', '"initrd0:/:extract" "none:/tmp:ramfs"'), plan('initrd.cpio', '"none:/:ramfs"', unpack('/mnt')), plan('guest_fs', '"initrd0:/:extract" "none:/dev:devfs"')]) {
      expect(checkText(text, WHOLE_HOST).errors.map((d) => d.code)).toEqual([]);
      expect(agree(text)).toEqual([]);
    }
  });

  it('a term-order witness behind an archive without /tmp replays (seed 90210, case 6572)', () => {
    // The fstab's /tmp row failed first (the archive has no tmp/), so the term fault term-order
    // named never came; with the initrd reported too, every witness replays.
    const text = `bootplan: 1
name: generated
profile: unikraft@0.17
target: xen/x86_64
initrd: bare.cpio
cmdline: vfs.fstab=["initrd0:/:extract" "none:/tmp:ramfs"] -- /hello.txt
libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: 4, prio: 4, provides: [torn-cap], term: vfscore_autoumount, effects: [{ mount: { from: fstab } }] }
  lib.nested:
    initcalls:
      - { fn: _init_2, level: early, prio: 0, term: { fn: term2, uses: [alloc, torn-cap] } }
`;
    const codes = checkText(text, WHOLE_HOST).errors.map((d) => d.code);
    expect(codes).toContain('initrd-unusable');
    expect(codes).toContain('term-order');
    expect(agree(text)).toEqual([]);
  });
});
