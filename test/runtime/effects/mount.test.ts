import { describe, expect, it } from 'vitest';
import { run } from '../../../runtime/index.js';
import { writeCpio } from '../../../runtime/vfs/cpio.js';
import { memoryHost } from '../../../runtime/vfs/host.js';
import { compilePlan, mount, unikraftProfile, type EntrySpec } from '../helpers.js';

const src = { file: '', path: [] };
const t = (s: string) => new TextEncoder().encode(s);
const probe: EntrySpec = { id: 'ukbus.uk_bus_lib_init', level: 'plat', prio: 0, effects: [{ kind: 'probe-buses' }] };
const automount: EntrySpec = { id: 'vfscore.vfscore_automount', level: 'rootfs', prio: 4, term: 'vfscore_autoumount', effects: [{ kind: 'mount', args: { from: 'fstab' } }] };
const fs0 = { kind: 'virtio-9p' as const, tag: 'fs0', hostdir: 'share', source: src };

function boot(mounts: ReturnType<typeof mount>[], files: Parameters<typeof memoryHost>[0], extra: EntrySpec[] = [], initrd: string | null = null) {
  const compiled = compilePlan(unikraftProfile(), [probe, automount, ...extra], { file: '/p/plan.yaml', devices: [fs0], mounts, initrd });
  return run(compiled, { host: memoryHost(files) });
}

describe('mount', () => {
  it('mounts the fstab in order and boots to HALT', () => {
    const r = boot([mount('fs0', '/', '9pfs'), mount('none', '/tmp', 'ramfs')], { '/p/share/a': 'A', '/p/share/tmp/.keep': '' });
    expect(r.outcome).toMatchObject({ target: 'HALT', exitCode: 0 });
    expect(r.events.filter((e) => e.ev === 'mount').map((e) => e.path)).toEqual(['/', '/tmp']);
    expect(r.console).toContain('VFS: mounting 9pfs at /\n');
  });

  it('fails with -ENOENT on a missing mount point without mkmp, and unmounts what it mounted', () => {
    const r = boot([mount('none', '/', 'ramfs'), mount('none', '/data', 'ramfs')], {});
    expect(r.outcome).toMatchObject({ target: 'CRASH', failed: { id: 'vfscore.vfscore_automount', rc: -2 } });
    expect(r.console).toMatch(/ERR: {2}\[libvfscore\] <automount\.c @ {2}706> Failed to mount none \(ramfs\) at \/data: -2: mount point \/data does not exist/);
    expect(r.console).toContain('Init function at vfscore_automount returned error -2\n');
    // The failing entry's own term does not run, so the rollback is the effect's own doing.
    expect(r.events.filter((e) => e.ev === 'term')).toEqual([]);
  });

  it('creates a mkmp mount point on the 9p share in memory only (a real share is writable)', () => {
    const host = { '/p/share/x': '' };
    const ro = boot([mount('fs0', '/', '9pfs'), mount('none', '/new/dir', 'ramfs', 'mkmp')], host);
    expect(ro.outcome.target).toBe('HALT');
    expect(ro.events.filter((e) => e.ev === 'mount').map((e) => e.path)).toEqual(['/', '/new/dir']);
    expect(Object.keys(host)).toEqual(['/p/share/x']);
    // Without mkmp the missing mount point is still an error.
    expect(boot([mount('fs0', '/', '9pfs'), mount('none', '/new/dir', 'ramfs')], host).outcome.failed).toEqual({ id: 'vfscore.vfscore_automount', rc: -2 });
    // On a ramfs root the same mkmp simply creates the directory.
    expect(boot([mount('none', '/', 'ramfs'), mount('none', '/new/dir', 'ramfs', 'mkmp')], {}).outcome.target).toBe('HALT');
  });

  it('fails with -ENOENT when the 9p host folder is missing, and says which', () => {
    const r = boot([mount('fs0', '/', '9pfs')], {});
    expect(r.outcome.failed?.rc).toBe(-2);
    expect(r.console).toContain('the host folder /p/share of 9p device fs0 does not exist');
  });

  it('extracts the initrd into a ramfs at the mount point', () => {
    const cpio = writeCpio([{ name: 'etc', type: 'dir' }, { name: 'etc/motd', type: 'file', data: t('hello') }]);
    const r = boot([mount('initrd0', '/', 'extract')], { '/p/initrd.cpio': cpio }, [], 'initrd.cpio');
    expect(r.outcome.target).toBe('HALT');
    expect(r.console).toMatch(/Extracting initrd @ 0x1a3000 \(\d+ bytes, source: "initrd0"\) to \/\.\.\./);
    // Unpacked file data is not charged to the heap (the out-of-memory rule counts the same).
    expect(r.events.filter((e) => e.ev === 'alloc')).toEqual([]);
  });

  it('refuses an initrd entry that would escape the root: the boot stops with a clear error', () => {
    const cpio = writeCpio([{ name: 'x', type: 'symlink', data: t('/') }, { name: 'x/evil', type: 'file', data: t('!') }]);
    const r = boot([mount('initrd0', '/', 'extract')], { '/p/initrd.cpio': cpio }, [], 'initrd.cpio');
    expect(r.outcome).toMatchObject({ target: 'CRASH', failed: { rc: -22 } });
    expect(r.console).toContain('refusing to extract through links');
  });

  it('fails clearly on a corrupt initrd instead of crashing bootplan', () => {
    const r = boot([mount('initrd0', '/', 'extract')], { '/p/initrd.cpio': t('070701zzzz') }, [], 'initrd.cpio');
    expect(r.outcome.failed?.rc).toBe(-22);
    expect(r.console).toContain('cpio: truncated header');
  });

  it('on teardown the term unmounts its mounts, leaves first', () => {
    const devfs: EntrySpec = { id: 'devfs.devfs_automount', level: 'rootfs', prio: 5, effects: [{ kind: 'mount', args: { dev: 'none', at: '/dev', fs: 'devfs', mkmp: true } }] };
    const r = boot([mount('none', '/', 'ramfs')], {}, [devfs]);
    expect(r.outcome.target).toBe('HALT');
    const unmounts = r.console.split('\n').filter((l) => l.includes('Unmounting'));
    expect(unmounts.map((l) => l.replace(/^.*> /, ''))).toEqual(['Unmounting /dev (0)...', 'Unmounting / (0)...']);
  });
});
