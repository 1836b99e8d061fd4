/**
 * FIXED: 9p shares whose host folder the checker did not read.
 *
 * Found by the whole-language differential test (whole-language.ts, extensions hostdir and mkmp), shrunk.
 *
 * BUG (inputs the machine reads and the checker does not): a 9p device without `hostdir`, or one
 * whose folder is missing or a file, checked clean while the machine failed the 9pfs mount
 * (EINVAL, ENOENT, ENOTDIR) and the boot stopped; an fstab row without mkmp under a 9p root
 * checked clean while the share had no such folder (ENOENT). Now the checker reads the host the
 * machine reads (compiler/host.ts, shared by both): share-unreadable and mount-point-missing.
 */
import { describe, expect, it } from 'vitest';
import { checkText, completenessProblems, soundnessProblem } from '../harness.js';

const plan = (device: string, fstab = '"fs0:/:9pfs"') => `bootplan: 1
name: generated
profile: unikraft@0.17
target: qemu/x86_64
cmdline: 'vfs.fstab=[${fstab}] -- /hello.txt'
devices:
  - ${device}
libraries:
  ukbus:
    initcalls:
      - { fn: uk_bus_lib_init, level: plat, prio: 0, effects: [{ probe-buses: {} }] }
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }
  app:
    main: { uses: ['mount:/'] }
`;

describe('share-unreadable', () => {
  it.each([
    ['{ kind: virtio-9p, tag: fs0 }', 'has no `hostdir`', -22],
    ['{ kind: virtio-9p, tag: fs0, hostdir: missing_fs }', 'which does not exist', -2],
    ['{ kind: virtio-9p, tag: fs0, hostdir: guest_fs/hello.txt }', 'which is not a folder', -20],
  ])('%s: reported, and the witness replays', (device, why, rc) => {
    const text = plan(device);
    const { errors } = checkText(text);
    expect(errors.map((d) => d.code)).toEqual(['share-unreadable']);
    expect(errors[0]!.message).toContain(why);
    expect(errors[0]!.witness?.expect).toEqual({ kind: 'return', entry: 'vfscore.vfscore_automount', rc });
    expect(completenessProblems(text)).toEqual([]);
  });

  it('an existing folder checks clean and boots', () => {
    const text = plan('{ kind: virtio-9p, tag: fs0, hostdir: ./guest_fs/ }');
    expect(checkText(text).errors).toEqual([]);
    expect(soundnessProblem(text)).toBeNull();
  });
});

describe('mount-point-missing under a 9p root', () => {
  const device = '{ kind: virtio-9p, tag: fs0, hostdir: guest_fs }';
  it('a folder the share lacks (mnt/) is reported, and the witness replays', () => {
    const text = plan(device, '"fs0:/:9pfs" "none:/mnt:ramfs"');
    const { errors } = checkText(text);
    expect(errors.map((d) => d.code)).toEqual(['mount-point-missing']);
    expect(errors[0]!.message).toContain('the 9p share mounted at / has no mnt folder');
    expect(completenessProblems(text)).toEqual([]);
  });

  it('a folder the share has (tmp/), or mkmp, checks clean and boots', () => {
    for (const fstab of ['"fs0:/:9pfs" "none:/tmp:ramfs"', '"fs0:/:9pfs" "none:/mnt:ramfs:::mkmp"']) {
      const text = plan(device, fstab);
      expect(checkText(text).errors, fstab).toEqual([]);
      expect(soundnessProblem(text), fstab).toBeNull();
    }
  });
});

it('a 9pfs mount from the tag of a network device: share-unreadable (ENODEV), and the witness replays', () => {
  const text = plan('{ kind: virtio-net, tag: fs0 }');
  const { errors } = checkText(text);
  expect(errors.map((d) => d.code)).toEqual(['share-unreadable']);
  expect(errors[0]!.witness?.expect).toEqual({ kind: 'return', entry: 'vfscore.vfscore_automount', rc: -19 });
  expect(completenessProblems(text)).toEqual([]);
});
