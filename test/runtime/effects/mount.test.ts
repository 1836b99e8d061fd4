import { describe, expect, it } from 'vitest';
import { describeTree, replayInOrder } from '../../../compiler/check/fs-replay.js';
import { compile, loadPlanText } from '../../../compiler/index.js';
import type { Compiled } from '../../../compiler/types.js';
import { boot as bootMachine } from '../../../runtime/boot.js';
import { run } from '../../../runtime/index.js';
import { Machine } from '../../../runtime/machine.js';
import { orderPositions } from '../../../runtime/order.js';
import { writeCpio } from '../../../runtime/vfs/cpio.js';
import { memoryHost } from '../../../runtime/vfs/host.js';
import { HEAD } from '../../helpers/plans.js';
import { compilePlan, mount, unikraftProfile, type EntrySpec } from '../helpers.js';

const src = { file: '', path: [] };
const t = (s: string) => new TextEncoder().encode(s);
const probe: EntrySpec = { id: 'ukbus.uk_bus_lib_init', level: 'plat', prio: 0, effects: [{ kind: 'probe-buses' }] };
const automount: EntrySpec = { id: 'vfscore.vfscore_automount', level: 'rootfs', prio: 4, term: 'vfscore_autoumount', effects: [{ kind: 'mount', args: { from: 'fstab' } }] };
const fs0 = { kind: 'virtio-9p' as const, tag: 'fs0', hostdir: 'share', source: src };

function boot(mounts: ReturnType<typeof mount>[], files: Parameters<typeof memoryHost>[0], extra: EntrySpec[] = [], initrd: string | null = null, keepGoing = false) {
  const compiled = compilePlan(unikraftProfile(), [probe, automount, ...extra], { file: '/p/plan.yaml', devices: [fs0], mounts, initrd });
  return run(compiled, { host: memoryHost(files), ...(keepGoing ? { keepGoing } : {}) });
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

// Written against the survivors of a mutation run of runtime/effects/mount.ts: each case pins
// a behaviour no other test held.
describe('mount rows', () => {
  const mounted = (r: ReturnType<typeof boot>) => r.events.filter((e) => e.ev === 'mount').map((e) => `${e.fs} ${e.path}`);
  const cpio = writeCpio([{ name: 'etc', type: 'dir' }]);
  const net0 = { kind: 'virtio-net' as const, tag: 'net0', source: src };

  it('stops at the first failed row; a run that keeps going tries the rows after it too', () => {
    const rows = [mount('none', '/', 'ramfs'), mount('none', '/data', 'ramfs'), mount('none', '/tmp', 'ramfs', 'mkmp')];
    const real = boot(rows, {});
    expect(mounted(real)).toEqual(['ramfs /']);
    expect(real.outcome.failed).toEqual({ id: 'vfscore.vfscore_automount', rc: -2 });
    const past = boot(rows, {}, [], null, true);
    expect(mounted(past)).toEqual(['ramfs /', 'ramfs /tmp']);
  });

  it('a missing mount point is the error even when the source is bad too; keeping going shows both', () => {
    // net0 is attached, but it is no 9p device: ENODEV.
    const compiled = compilePlan(unikraftProfile(), [probe, automount], { file: '/p/plan.yaml', devices: [net0], mounts: [mount('none', '/', 'ramfs'), mount('net0', '/data', '9pfs')], initrd: null });
    const real = run(compiled, { host: memoryHost({}) });
    expect(real.outcome.failed).toEqual({ id: 'vfscore.vfscore_automount', rc: -2 });
    const past = run(compiled, { host: memoryHost({}), keepGoing: true });
    expect(past.outcome.errors?.map((e) => e.rc)).toEqual([-2, -19]);
  });

  it('says which 9p device is missing', () => {
    const compiled = compilePlan(unikraftProfile(), [probe, automount], { file: '/p/plan.yaml', devices: [net0], mounts: [mount('net0', '/', '9pfs')], initrd: null });
    const r = run(compiled, { host: memoryHost({}) });
    expect(r.outcome.failed?.rc).toBe(-19);
    expect(r.console).toContain('Failed to mount net0 (9pfs) at /: -19: no virtio-9p device with tag net0 is attached');
  });

  it('an extract row prints the ramfs it mounts, and a ramfs row mounts a ramfs (a folder can be made in it)', () => {
    const r = boot([mount('initrd0', '/', 'extract'), mount('none', '/tmp', 'ramfs', 'mkmp'), mount('none', '/tmp/a', 'ramfs', 'mkmp')], { '/p/initrd.cpio': cpio }, [], 'initrd.cpio');
    expect(r.outcome.target).toBe('HALT');
    expect(r.console).toContain('VFS: mounting ramfs at /\n');
    expect(r.console).not.toContain('mounting extract');
    expect(mounted(r)).toEqual(['extract /', 'ramfs /tmp', 'ramfs /tmp/a']);
  });

  it('ramfs=2 mounts a ramfs only where nothing is mounted, ramfs=0 never, the default always', () => {
    const files = { '/p/initrd.cpio': cpio };
    const over = boot([mount('none', '/', 'ramfs'), mount('initrd0', '/', 'extract', 'ramfs=2')], files, [], 'initrd.cpio');
    expect(over.outcome.target).toBe('HALT');
    expect(mounted(over)).toEqual(['ramfs /']);
    expect(mounted(boot([mount('none', '/', 'ramfs'), mount('initrd0', '/x', 'extract', 'ramfs=2,mkmp')], files, [], 'initrd.cpio'))).toEqual(['ramfs /', 'extract /x']);
    expect(mounted(boot([mount('none', '/', 'ramfs'), mount('initrd0', '/x', 'extract', 'ramfs=0,mkmp')], files, [], 'initrd.cpio'))).toEqual(['ramfs /']);
    const twice = boot([mount('none', '/', 'ramfs'), mount('initrd0', '/', 'extract')], files, [], 'initrd.cpio');
    expect(twice.outcome.failed?.rc).toBe(-16);
  });

  it("the term unmounts exactly what its entry's mount effects mounted", () => {
    const two: EntrySpec = { id: 'myfs.mount_two', level: 'rootfs', prio: 5, term: 'myfs_umount', effects: [
      { kind: 'mount', args: { dev: 'none', at: '/a', fs: 'ramfs', mkmp: true } },
      { kind: 'mount', args: { dev: 'none', at: '/b', fs: 'ramfs', mkmp: true } },
    ] };
    const r = boot([mount('none', '/', 'ramfs')], {}, [two]);
    expect(r.outcome.target).toBe('HALT');
    const unmounts = r.console.split('\n').filter((l) => l.includes('Unmounting')).map((l) => l.replace(/^.*> /, ''));
    expect(unmounts).toEqual(['Unmounting /b (0)...', 'Unmounting /a (0)...', 'Unmounting / (0)...']);
  });
});

// Written against the survivors of a second mutation run of runtime/effects/mount.ts (38:124,
// 54:19, 54:62, 90:5, 101:95); docs/mutation.md says why 57:9 forced false is equivalent.
describe('mount: rollback, parent lookup and the filesystems mounted', () => {
  /** A console line without its timestamp. */
  const lines = (console: string) => console.split('\n').map((l) => l.replace(/^\[ *\d+\.\d+\] /, ''));

  it('a rollback that cannot take a mount off says so as vfscore, takes off the rest and goes on', () => {
    // mount_data mounts /tmp/data on the root before the fstab mounts /tmp over its folder: a
    // fault (it uses mount:/tmp), which a run that keeps going (a witness replay) gets past.
    const root: EntrySpec = { id: 'root.mount_root', level: 'rootfs', prio: 1, effects: [{ kind: 'mount', args: { dev: 'none', at: '/', fs: 'ramfs' } }] };
    const data: EntrySpec = { id: 'root.mount_data', level: 'rootfs', prio: 2, effects: [{ kind: 'mount', args: { dev: 'none', at: '/tmp/data', fs: 'ramfs' } }] };
    const rows = [mount('none', '/tmp', 'ramfs'), mount('none', '/srv', 'ramfs', 'mkmp'), mount('none', '/missing', 'ramfs')];
    const compiled = compilePlan(unikraftProfile(), [root, data, automount], { file: '/p/plan.yaml', mounts: rows });
    const r = run(compiled, { host: memoryHost({}), keepGoing: true });
    expect(r.outcome).toMatchObject({ target: 'CRASH', failed: { id: 'vfscore.vfscore_automount', rc: -2 }, fault: { id: 'root.mount_data', capability: 'mount:/tmp' } });
    expect(r.events.filter((e) => e.ev === 'mount').map((e) => e.path)).toEqual(['/', '/tmp/data', '/tmp', '/srv']);
    // /srv comes off without a word; /tmp, with /tmp/data beneath it, stays (EBUSY) and is said
    // in vfscore's words and under its name, as vfscore_autoumount says it.
    const failedTo = lines(r.console).filter((l) => l.includes('Failed to'));
    expect(failedTo).toEqual([
      'ERR:  [libvfscore] <automount.c @  706> Failed to mount none (ramfs) at /missing: -2: mount point /missing does not exist (add the mkmp option to create it) (ENOENT)',
      'ERR:  [libvfscore] <automount.c @  706> Failed to unmount /tmp: error -16.',
    ]);
    const at = lines(r.console).indexOf(failedTo[1]!);
    expect(lines(r.console)[at + 1]).toBe('ERR:  [libukboot] <boot.c @  385> Init function at vfscore_automount returned error -2');
  });

  it("finds a row's parent among the mount capabilities it uses only, not its device's (a vfs.fstab source may hold a /)", () => {
    // A command-line fstab entry names its source freely: `fs/data` makes the effect use
    // dev:fs/data, whose text after the first six characters reads like the mount point /data.
    // The row at /data/share lies beneath / (the only mount), which this same effect mounted.
    const text = `${HEAD}cmdline: 'vfs.fstab=["fs/data:/data/share:9pfs:::mkmp"] --'
mounts:
  - { dev: none, at: /, fs: ramfs }
libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }
`;
    const compiled = compile(loadPlanText('/virtual/plan.yaml', text)).compiled!;
    expect(compiled.entries[0]!.effects[0]!.uses).toEqual(['alloc', 'dev:fs/data']);
    // No device has that tag: a fault, then (keeping going) ENODEV; never a contract breach.
    const r = run(compiled, { host: memoryHost({}), keepGoing: true });
    expect(r.outcome).toMatchObject({ target: 'CRASH', fault: { id: 'vfscore.vfscore_automount', capability: 'dev:fs/data' }, failed: { id: 'vfscore.vfscore_automount', rc: -19 } });
    expect(r.outcome.errors?.map((e) => e.rc)).toEqual([-19]);
    expect(lines(r.console)).toContain('ERR:  [libvfscore] <automount.c @  706> Failed to mount fs/data (9pfs) at /data/share: -19: no virtio-9p device with tag fs/data is attached (ENODEV)');
    expect(r.events.filter((e) => e.ev === 'mount').map((e) => e.path)).toEqual(['/']);
  });

  /** Boots `compiled` (no term unmounts anything) and returns the tree the machine's VFS shows, and the checker's replay of it. */
  function trees(compiled: Compiled, host: ReturnType<typeof memoryHost>) {
    const machine = new Machine(compiled, { host });
    expect(bootMachine(machine, orderPositions(compiled), undefined).target).toBe('HALT');
    const order = machine.events.filter((e) => e.ev === 'call').map((e) => e.id!);
    return { machine: describeTree(machine.vfs), replay: replayInOrder(compiled, host, order).tree() };
  }

  it('mounts an empty writable ramfs for a ramfs row, and the ramfs an extract row fills is the initrd\'s', () => {
    const fstab: EntrySpec = { id: 'vfscore.vfscore_automount', level: 'rootfs', prio: 4, effects: [{ kind: 'mount', args: { from: 'fstab' } }] };
    const unpack: EntrySpec = { id: 'app.unpack', level: 'rootfs', prio: 5, effects: [{ kind: 'extract-initrd', args: { to: '/tmp/srv' } }] };
    const cpio = writeCpio([{ name: 'etc', type: 'dir' }, { name: 'etc/motd', type: 'file', data: t('hello') }]);
    const compiled = compilePlan(unikraftProfile(), [fstab, unpack], { file: '/p/plan.yaml', initrd: 'initrd.cpio', mounts: [mount('initrd0', '/', 'extract'), mount('none', '/tmp', 'ramfs', 'mkmp')] });
    const { machine, replay } = trees(compiled, memoryHost({ '/p/initrd.cpio': cpio }));
    expect(machine).toEqual([
      '/ dir ramfs:initrd0',
      '/etc dir ramfs:initrd0',
      '/etc/motd file ramfs:initrd0 5',
      '/tmp dir ramfs:none',
      '/tmp/srv dir ramfs:none',
      '/tmp/srv/etc dir ramfs:none',
      '/tmp/srv/etc/motd file ramfs:none 5',
    ]);
    // The checker's replay builds the same tree (the rules that compare trees read its labels).
    expect(machine).toEqual(replay);
  });
});
