import { describe, expect, it } from 'vitest';
import { readKconfig } from '../../import/kconfig.js';
import { compiledMounts } from '../../import/unikraft-mounts.js';

const config = (text: string) => readKconfig(text, '.config').config;
const BASE = 'CONFIG_LIBVFSCORE=y\nCONFIG_LIBVFSCORE_AUTOMOUNT=y\nCONFIG_LIBVFSCORE_AUTOMOUNT_CI=y\n';

describe('compiledMounts', () => {
  it('the 9PFS preset mounts its tag at / and needs that 9p device', () => {
    const t = compiledMounts(config(`${BASE}CONFIG_LIBVFSCORE_AUTOMOUNT_CI_9PFS=y\nCONFIG_LIBVFSCORE_AUTOMOUNT_CI_9PFS_TAG="share"\n`));
    expect(t.mounts).toMatchObject([{ dev: 'share', at: '/', fs: '9pfs' }]);
    expect(t.tags).toEqual(['share']);
  });

  it('the RAMFS and INITRD presets, and CUSTOM entries with mkmp', () => {
    expect(compiledMounts(config(`${BASE}CONFIG_LIBVFSCORE_AUTOMOUNT_CI_RAMFS=y\n`)).mounts).toMatchObject([{ dev: 'none', at: '/', fs: 'ramfs' }]);
    expect(compiledMounts(config(`${BASE}CONFIG_LIBVFSCORE_AUTOMOUNT_CI_INITRD=y\n`)).mounts).toMatchObject([{ fs: 'ramfs' }, { dev: 'initrd0', at: '/', fs: 'extract' }]);
    const custom = compiledMounts(config(`${BASE}CONFIG_LIBVFSCORE_AUTOMOUNT_CI_CUSTOM=y
CONFIG_LIBVFSCORE_AUTOMOUNT_CI0_DEV=""
CONFIG_LIBVFSCORE_AUTOMOUNT_CI0_MP="/"
CONFIG_LIBVFSCORE_AUTOMOUNT_CI0_DRIVER="ramfs"
CONFIG_LIBVFSCORE_AUTOMOUNT_CI1_DEV="fs1"
CONFIG_LIBVFSCORE_AUTOMOUNT_CI1_MP="/data"
CONFIG_LIBVFSCORE_AUTOMOUNT_CI1_DRIVER="9pfs"
CONFIG_LIBVFSCORE_AUTOMOUNT_CI1_UKOPTS_MKMP=y
`));
    expect(custom.mounts).toMatchObject([{ dev: 'none', at: '/', fs: 'ramfs' }, { dev: 'fs1', at: '/data', fs: '9pfs', opts: 'mkmp' }]);
  });

  it('an embedded initrd or an unknown driver is a note, not a mount; no automount, no mounts', () => {
    const e = compiledMounts(config(`${BASE}CONFIG_LIBVFSCORE_AUTOMOUNT_CI_EINITRD=y\n`));
    expect(e.mounts).toEqual([]);
    expect(e.notes[0]).toMatch(/embedded initrd/);
    expect(compiledMounts(config('CONFIG_LIBVFSCORE=y\nCONFIG_LIBVFSCORE_AUTOMOUNT_CI=y\nCONFIG_LIBVFSCORE_AUTOMOUNT_CI_RAMFS=y\n')).mounts).toEqual([]);
  });

  it('the fallback table is listed with a note that the command line can replace it', () => {
    const t = compiledMounts(config(`CONFIG_LIBVFSCORE=y\nCONFIG_LIBVFSCORE_AUTOMOUNT=y\nCONFIG_LIBVFSCORE_AUTOMOUNT_FB=y
CONFIG_LIBVFSCORE_AUTOMOUNT_FB0_DEV="initrd0"
CONFIG_LIBVFSCORE_AUTOMOUNT_FB0_MP="/"
CONFIG_LIBVFSCORE_AUTOMOUNT_FB0_DRIVER="extract"
`));
    expect(t.mounts).toMatchObject([{ dev: 'initrd0', at: '/', fs: 'extract' }]);
    expect(t.notes.join(' ')).toMatch(/only when `vfs.fstab`/);
  });
});
