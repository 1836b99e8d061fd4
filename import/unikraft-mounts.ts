/**
 * The mounts a Unikraft build compiles in, read from its `.config`: vfscore's automount
 * (unikraft/unikraft lib/vfscore/automount.c, lib/vfscore/Config.uk) mounts the compiled-in table
 * (`LIBVFSCORE_AUTOMOUNT_CI`: the RAMFS, 9PFS, INITRD, EINITRD presets or up to four CUSTOM
 * entries), then the command line's `vfs.fstab`, then the fallback table (`…_FB`) when the
 * command line mounted nothing. Without them an imported plan has no `/`, and everything the code
 * does on a path would be reported as used before anything is mounted.
 */
import type { Kconfig } from './kconfig.js';

export interface CompiledMount {
  dev: string;
  at: string;
  fs: 'ramfs' | '9pfs' | 'devfs' | 'extract';
  opts?: string;
  note: string;
}

export interface CompiledMounts {
  mounts: CompiledMount[];
  /** 9p tags the mounts need: the machine must have a virtio-9p device with that tag. */
  tags: string[];
  /** What the table holds that the plan language does not model (an embedded initrd, other drivers). */
  notes: string[];
}

const DRIVERS = new Set(['ramfs', '9pfs', 'devfs', 'extract']);

function on(config: Kconfig, name: string): boolean {
  const v = config.values.get(name);
  return v !== undefined && (v.raw === 'y' || v.raw === 'm');
}

function str(config: Kconfig, name: string): string | undefined {
  const v = config.values.get(name);
  if (!v) return undefined;
  const m = /^"((?:[^"\\]|\\.)*)"$/.exec(v.raw);
  return m ? m[1]!.replace(/\\(.)/g, '$1') : v.raw;
}

/** The mounts vfscore's automount performs for this configuration, in order. */
export function compiledMounts(config: Kconfig): CompiledMounts {
  const result: CompiledMounts = { mounts: [], tags: [], notes: [] };
  if (!on(config, 'CONFIG_LIBVFSCORE') || !on(config, 'CONFIG_LIBVFSCORE_AUTOMOUNT')) return result;
  const add = (dev: string, at: string, fs: string, opts: string, source: string): void => {
    if (!DRIVERS.has(fs)) {
      result.notes.push(`${source} mounts ${dev} at ${at} with \`${fs}\`, a filesystem the plan language does not model; left out`);
      return;
    }
    if (dev === 'embedded') {
      result.notes.push(`${source} extracts the embedded initrd at ${at}; an embedded archive is not modelled, so it is left out`);
      return;
    }
    result.mounts.push({ dev: dev === '' ? 'none' : dev, at, fs: fs as CompiledMount['fs'], ...(opts ? { opts } : {}), note: source });
    if (fs === '9pfs' && dev !== '' && !result.tags.includes(dev)) result.tags.push(dev);
  };
  if (on(config, 'CONFIG_LIBVFSCORE_AUTOMOUNT_CI')) {
    if (on(config, 'CONFIG_LIBVFSCORE_AUTOMOUNT_CI_RAMFS')) add('none', '/', 'ramfs', '', 'CONFIG_LIBVFSCORE_AUTOMOUNT_CI_RAMFS');
    else if (on(config, 'CONFIG_LIBVFSCORE_AUTOMOUNT_CI_9PFS')) add(str(config, 'CONFIG_LIBVFSCORE_AUTOMOUNT_CI_9PFS_TAG') ?? 'fs0', '/', '9pfs', '', 'CONFIG_LIBVFSCORE_AUTOMOUNT_CI_9PFS');
    else if (on(config, 'CONFIG_LIBVFSCORE_AUTOMOUNT_CI_INITRD')) {
      add('none', '/', 'ramfs', '', 'CONFIG_LIBVFSCORE_AUTOMOUNT_CI_INITRD');
      add('initrd0', '/', 'extract', '', 'CONFIG_LIBVFSCORE_AUTOMOUNT_CI_INITRD');
    } else if (on(config, 'CONFIG_LIBVFSCORE_AUTOMOUNT_CI_EINITRD')) add('embedded', '/', 'extract', '', 'CONFIG_LIBVFSCORE_AUTOMOUNT_CI_EINITRD');
    else addTable(config, 'CI', add);
  }
  if (on(config, 'CONFIG_LIBVFSCORE_AUTOMOUNT_FB')) {
    const before = result.mounts.length;
    addTable(config, 'FB', add);
    if (result.mounts.length > before) result.notes.push('the fallback table (CONFIG_LIBVFSCORE_AUTOMOUNT_FB*) is mounted only when `vfs.fstab` on the command line mounts nothing; the plan has no command line, so it is listed');
  }
  return result;
}

function addTable(config: Kconfig, table: 'CI' | 'FB', add: (dev: string, at: string, fs: string, opts: string, source: string) => void): void {
  for (let i = 0; i < 16; i++) {
    const prefix = `CONFIG_LIBVFSCORE_AUTOMOUNT_${table}${i}`;
    const at = str(config, `${prefix}_MP`);
    const fs = str(config, `${prefix}_DRIVER`);
    if (at === undefined || at === '' || fs === undefined) continue;
    const opts = on(config, `${prefix}_UKOPTS_MKMP`) ? 'mkmp' : '';
    add(str(config, `${prefix}_DEV`) ?? '', at.startsWith('/') ? at : `/${at}`, fs, opts, `${prefix}_*`);
  }
}
