/**
 * The two answers a mount table gives to a mount over a mount point (a profile's `mountOver`):
 * `busy` (vfscore, Zephyr) refuses it with EBUSY; `stack` (Linux) puts it on top, hides the one
 * below with everything mounted inside it, and shows it again once the top one is unmounted.
 */
import { describe, expect, it } from 'vitest';
import { ERRNO, VfsError } from '../../../compiler/vfs/errno.js';
import { createRamfs } from '../../../compiler/vfs/node.js';
import { Vfs } from '../../../compiler/vfs/vfs.js';
import type { MountOver } from '../../../compiler/types.js';

const errnoOf = (f: () => unknown): number => {
  try {
    f();
  } catch (err) {
    if (err instanceof VfsError) return err.errno;
    throw err;
  }
  return 0;
};

function rooted(mode: MountOver): Vfs {
  const vfs = new Vfs(mode);
  vfs.mount('/', createRamfs('rootfs'));
  vfs.mkdir('/tmp');
  return vfs;
}

describe('mountOver: busy', () => {
  it('refuses a second mount of one point, at / too, and is the default', () => {
    for (const vfs of [rooted('busy'), (() => { const v = new Vfs(); v.mount('/', createRamfs()); v.mkdir('/tmp'); return v; })()]) {
      vfs.mount('/tmp', createRamfs('a'));
      expect(errnoOf(() => vfs.mount('/tmp', createRamfs('b')))).toBe(ERRNO.EBUSY);
      expect(errnoOf(() => vfs.mount('/', createRamfs('c')))).toBe(ERRNO.EBUSY);
      expect(vfs.mounted('/tmp')?.source).toBe('a');
      expect(vfs.mountPoints()).toEqual(['/', '/tmp']);
    }
  });

  it('keeps a mount made under a later mount of its parent visible (a path-keyed list)', () => {
    const vfs = rooted('busy');
    vfs.mkdir('/mnt/deep', { parents: true });
    vfs.mount('/mnt/deep', createRamfs('deep'));
    vfs.mount('/mnt', createRamfs('mnt'));
    expect(vfs.mounted('/mnt/deep')?.source).toBe('deep');
    expect(errnoOf(() => vfs.umount('/mnt'))).toBe(ERRNO.EBUSY);
  });
});

describe('mountOver: stack', () => {
  it('puts a second mount on top and shows the first again after unmounting it', () => {
    const vfs = rooted('stack');
    vfs.mount('/tmp', createRamfs('a'));
    vfs.writeFile('/tmp/in-a', new Uint8Array());
    vfs.mount('/tmp', createRamfs('b'));
    expect(vfs.mounted('/tmp')?.source).toBe('b');
    expect(vfs.exists('/tmp/in-a')).toBe(false);
    expect(vfs.mountPoints()).toEqual(['/', '/tmp', '/tmp']);
    vfs.umount('/tmp');
    expect(vfs.mounted('/tmp')?.source).toBe('a');
    expect(vfs.exists('/tmp/in-a')).toBe(true);
    vfs.umount('/tmp');
    expect(vfs.mounted('/tmp')).toBeUndefined();
    expect(errnoOf(() => vfs.umount('/tmp'))).toBe(ERRNO.EINVAL);
  });

  it('stacks over / (the initial rootfs): what was mounted inside the old root is hidden', () => {
    const vfs = rooted('stack');
    vfs.mount('/tmp', createRamfs('tmp'));
    vfs.mount('/', createRamfs('root2'));
    expect(vfs.exists('/tmp')).toBe(false);
    expect(vfs.mounted('/tmp')).toBeUndefined();
    expect(vfs.mounted('/')?.source).toBe('root2');
    // A fresh /tmp in the new root is a new mount point; the hidden one still counts as mounted.
    vfs.mkdir('/tmp');
    vfs.mount('/tmp', createRamfs('tmp2'));
    expect(vfs.mounted('/tmp')?.source).toBe('tmp2');
    vfs.umount('/tmp');
    vfs.umount('/');
    expect(vfs.mounted('/tmp')?.source).toBe('tmp');
  });

  it('refuses to unmount a mount that has mounts inside it, not one whose point holds a hidden mount', () => {
    const vfs = rooted('stack');
    vfs.mount('/tmp', createRamfs('a'));
    vfs.mkdir('/tmp/x');
    vfs.mount('/tmp/x', createRamfs('x'));
    expect(errnoOf(() => vfs.umount('/tmp'))).toBe(ERRNO.EBUSY);
    vfs.mount('/tmp', createRamfs('b'));
    // The top /tmp has nothing inside it; /tmp/x is inside the hidden one.
    vfs.umount('/tmp');
    expect(vfs.mounted('/tmp/x')?.source).toBe('x');
  });

  it('refuses the same filesystem on its own mount point (Linux do_add_mount) and keeps ENOENT and ENOTDIR', () => {
    const vfs = rooted('stack');
    const fs = createRamfs('same');
    vfs.mount('/tmp', fs);
    expect(errnoOf(() => vfs.mount('/tmp', fs))).toBe(ERRNO.EBUSY);
    expect(errnoOf(() => vfs.mount('/nowhere', createRamfs()))).toBe(ERRNO.ENOENT);
    vfs.writeFile('/file', new Uint8Array());
    expect(errnoOf(() => vfs.mount('/file', createRamfs()))).toBe(ERRNO.ENOTDIR);
  });
});
