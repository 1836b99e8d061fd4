/**
 * The effect contracts and the small functions the machine and the checker's replay share
 * (compiler/effects.ts). Written against the survivors of a mutation run of that file: each case
 * pins a value no other test held.
 */
import { describe, expect, it } from 'vitest';
import { EFFECTS, extractMountsRamfs, failReturn, mountListEnvironment, mountRows, rollbackMounts, ukopts, unmountOrder } from '../../compiler/effects.js';
import type { Device, Mount } from '../../compiler/types.js';
import { VfsError } from '../../compiler/vfs/errno.js';

const src = { file: 'p.yaml', path: ['mounts', 0] };
const row = (at: string, fs = 'ramfs', opts = '', dev = 'none'): Mount => ({ dev, at, fs, opts, origin: 'mounts', source: src });
const plan = (mounts: Mount[], initrd: unknown = null, devices: Device[] = []) => ({ devices, mounts, initrd });

describe('mountListEnvironment', () => {
  it('lists each mount point once, in order, and says whether there is an initrd', () => {
    const env = mountListEnvironment(plan([row('/'), row('/tmp'), row('/'), row('/data')], 'rootfs'));
    expect(env.mountPoints).toEqual(['/', '/tmp', '/data']);
    expect(env.hasInitrd).toBe(true);
    expect(mountListEnvironment(plan([row('/')])).hasInitrd).toBe(false);
  });
});

describe('the mount contract', () => {
  const contract = (args: Record<string, unknown>, mounts: Mount[] = [row('/'), row('/data')]) => EFFECTS.mount!.contract(args, mountListEnvironment(plan(mounts)));

  it('a single mount: defaults none, /, ramfs and no options, from the effect (no source line of its own)', () => {
    expect(contract({}).mounts).toEqual([{ dev: 'none', at: '/', fs: 'ramfs', opts: '', origin: 'effect', source: { file: '', path: [] } }]);
    // Arguments that are not strings are left out, as if absent.
    expect(contract({ dev: 7, at: ['x'], fs: null, opts: 3 }).mounts).toEqual(contract({}).mounts);
    expect(contract({ dev: 'fs0', at: '/mnt/', fs: '9pfs', opts: 'ro' }).mounts).toEqual([{ dev: 'fs0', at: '/mnt', fs: '9pfs', opts: 'ro', origin: 'effect', source: { file: '', path: [] } }]);
  });

  it('uses the device by tag for 9pfs, the initrd for extract, nothing more for an unknown driver', () => {
    expect(contract({ dev: 'fs0', at: '/', fs: '9pfs' }).uses.sort()).toEqual(['alloc', 'dev:fs0']);
    expect(contract({ dev: 'initrd0', at: '/', fs: 'extract' })).toMatchObject({ uses: expect.arrayContaining(['alloc', 'initrd0']), provides: ['mount:/', 'initrd:/'] });
    expect(contract({ dev: 'none', at: '/', fs: 'no-such-fs' }).uses).toEqual(['alloc']);
  });

  it('uses the mount of the parent, unless this same effect mounted it first', () => {
    expect(contract({ at: '/data/x' }).uses.sort()).toEqual(['alloc', 'mount:/data']);
    const fstab = contract({ from: 'fstab' }, [row('/'), row('/tmp'), row('/tmp/a')]);
    expect(fstab.uses).toEqual(['alloc']);
    expect(fstab.provides).toEqual(['mount:/', 'mount:/tmp', 'mount:/tmp/a']);
  });
});

describe('the extract-initrd contract', () => {
  const env = mountListEnvironment(plan([row('/'), row('/data')]));
  const uses = (args: Record<string, unknown>) => EFFECTS['extract-initrd']!.contract(args, env);

  it('extracts into / by default, into a mount point as it is, elsewhere into the mount above', () => {
    expect(uses({})).toEqual({ uses: ['alloc', 'initrd0', 'mount:/'], provides: ['initrd:/'] });
    expect(uses({ to: 7 })).toEqual(uses({}));
    expect(uses({ to: '/data' })).toEqual({ uses: ['alloc', 'initrd0', 'mount:/data'], provides: ['initrd:/data'] });
    expect(uses({ to: '/data/www' })).toEqual({ uses: ['alloc', 'initrd0', 'mount:/data'], provides: ['initrd:/data/www'] });
    expect(uses({ to: '/srv' })).toEqual({ uses: ['alloc', 'initrd0', 'mount:/'], provides: ['initrd:/srv'] });
  });
});

describe('ukopts', () => {
  it('splits on commas and trims each option', () => {
    expect(ukopts({ opts: 'ro, mkmp ,ramfs=0' })).toEqual(['ro', 'mkmp', 'ramfs=0']);
  });
});

describe('mountRows', () => {
  const p = plan([row('/'), row('/tmp', 'ramfs', 'ro')]);

  it('a single mount makes its mount point unless it says mkmp: false', () => {
    expect(mountRows({ at: '/x' }, p).map((m) => m.opts)).toEqual(['mkmp']);
    expect(mountRows({ at: '/x', mkmp: true }, p).map((m) => m.opts)).toEqual(['mkmp']);
    expect(mountRows({ at: '/x', mkmp: false }, p).map((m) => m.opts)).toEqual(['']);
    expect(mountRows({ at: '/x', opts: 'ro' }, p).map((m) => m.opts)).toEqual(['ro,mkmp']);
  });

  it('an fstab row only with the mkmp ukopt or mkmp: true on the effect', () => {
    expect(mountRows({ from: 'fstab' }, p).map((m) => m.opts)).toEqual(['', 'ro']);
    expect(mountRows({ from: 'fstab', mkmp: true }, p).map((m) => m.opts)).toEqual(['mkmp', 'ro,mkmp']);
    expect(mountRows({ from: 'fstab', mkmp: false }, p).map((m) => m.opts)).toEqual(['', 'ro']);
  });
});

describe('extractMountsRamfs', () => {
  it('ramfs=1 (the default) always, 0 never, 2 only where nothing is mounted', () => {
    for (const there of [false, true]) {
      expect(extractMountsRamfs({ opts: '' }, there)).toBe(true);
      expect(extractMountsRamfs({ opts: 'ramfs=1' }, there)).toBe(true);
      expect(extractMountsRamfs({ opts: 'ramfs=0' }, there)).toBe(false);
    }
    expect(extractMountsRamfs({ opts: 'ramfs=2' }, false)).toBe(true);
    expect(extractMountsRamfs({ opts: 'mkmp,ramfs=2' }, true)).toBe(false);
    // Not an option of its own: the default.
    expect(extractMountsRamfs({ opts: 'xramfs=0' }, true)).toBe(true);
  });
});

describe('failReturn', () => {
  it('an integer rc as it is, anything else -1', () => {
    expect(failReturn(-12)).toBe(-12);
    expect(failReturn(0)).toBe(0);
    expect(failReturn(-1.5)).toBe(-1);
    expect(failReturn('-5')).toBe(-1);
    expect(failReturn(undefined)).toBe(-1);
  });
});

describe('unmountOrder', () => {
  it('last first, but deeper mount points before the ones above them', () => {
    expect(unmountOrder(['/', '/tmp', '/data'])).toEqual(['/data', '/tmp', '/']);
    expect(unmountOrder(['/mnt/deep', '/mnt', '/'])).toEqual(['/mnt/deep', '/mnt', '/']);
    expect(unmountOrder(['/', '/a', '/a/b/c', '/a/b', '/z'])).toEqual(['/a/b/c', '/a/b', '/z', '/a', '/']);
    expect(unmountOrder([])).toEqual([]);
    // Depth counts path components, not characters; / is above everything, even mounted last.
    expect(unmountOrder(['/a/b', '/data'])).toEqual(['/a/b', '/data']);
    expect(unmountOrder(['/x', '/'])).toEqual(['/x', '/']);
  });
});

describe('rollbackMounts', () => {
  it('unmounts in unmountOrder, keeps going past EBUSY and returns what stayed with its -errno', () => {
    const tried: string[] = [];
    const vfs = { umount(at: string) { tried.push(at); if (at === '/tmp') throw new VfsError('EBUSY', '/tmp is busy'); } };
    expect(rollbackMounts(vfs, ['/', '/tmp', '/data'])).toEqual([{ point: '/tmp', rc: -16 }]);
    expect(tried).toEqual(['/data', '/tmp', '/']);
    expect(rollbackMounts(vfs, ['/'])).toEqual([]);
  });

  it('lets an error that is not the filesystem’s through (a bug, not a state)', () => {
    const vfs = { umount() { throw new TypeError('boom'); } };
    expect(() => rollbackMounts(vfs, ['/'])).toThrow(TypeError);
  });
});
