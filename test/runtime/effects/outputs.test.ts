/**
 * What each small effect leaves behind where a user sees it: console lines, trace events, return
 * codes, capabilities. (Written against the survivors of a mutation run of runtime/effects: each
 * case pins an output no other test held.)
 */
import { describe, expect, it } from 'vitest';
import { ERRNO } from '../../../compiler/vfs/errno.js';
import { run } from '../../../runtime/index.js';
import { writeCpio } from '../../../runtime/vfs/cpio.js';
import { memoryHost } from '../../../runtime/vfs/host.js';
import { compilePlan, linuxProfile, mount, unikraftProfile, type EntrySpec } from '../helpers.js';

const src = { file: '', path: [] as string[] };
const lines = (console: string) => console.split('\n');

describe('log', () => {
  it('prints strings as they are, other values as text and a missing message as an empty line, under the library', () => {
    const r = run(compilePlan(unikraftProfile(), [
      { id: 'a.l', level: 'lib', prio: 1, effects: [{ kind: 'log', args: { msg: 42 } }, { kind: 'log', args: {} }, { kind: 'log', args: { msg: 'plain text' } }] },
    ]));
    const logged = r.events.filter((e) => e.ev === 'log' && e.lib === 'a').map((e) => e.msg);
    expect(logged).toEqual(['42', '', 'plain text']);
    expect(r.console).toMatch(/Info: \[liba\] <a\.c @ +\d+> 42\n/);
    expect(r.console).toMatch(/Info: \[liba\] <a\.c @ +\d+> plain text\n/);
  });

  it('a program prints raw lines (printf), a library prefixed ones (uk_pr_info)', () => {
    const r = run(compilePlan(unikraftProfile(), [
      { id: 'a.l', level: 'lib', prio: 1, effects: [{ kind: 'log', args: { msg: 'from the library' } }] },
      { id: 'app.ctor', kind: 'init_array', effects: [{ kind: 'log', args: { msg: 'from a constructor' } }] },
      { id: 'app.main', kind: 'main', effects: [{ kind: 'log', args: { msg: 'from main' } }] },
    ]));
    expect(lines(r.console)).toContain('from main');
    expect(lines(r.console)).toContain('from a constructor');
    expect(lines(r.console)).not.toContain('from the library');
    const raw = r.events.filter((e) => e.ev === 'log' && (e.msg === 'from main' || e.msg === 'from a constructor'));
    expect(raw).toHaveLength(2);
    for (const e of raw) expect(e.lib).toBeUndefined();
  });
});

describe('probe-buses', () => {
  const dev = (kind: 'virtio-net' | 'virtio-blk' | 'virtio-9p', tag: string) => ({ kind, tag, source: src, ...(kind === 'virtio-9p' ? { hostdir: 'share' } : {}) });
  const probe: EntrySpec = { id: 'ukbus.uk_bus_lib_init', level: 'plat', prio: 0, effects: [{ kind: 'probe-buses' }] };

  it('Unikraft prints the two ukbus lines; Linux prints neither', () => {
    const uk = run(compilePlan(unikraftProfile(), [probe]));
    expect(uk.console).toMatch(/Info: \[libukbus\] <bus\.c @ +\d+> Initialize bus handlers\.\.\.\n.*Info: \[libukbus\] <bus\.c @ +\d+> Probe buses\.\.\.\n/s);
    const linux = run(compilePlan(linuxProfile(), [{ id: 'a.p', level: 'device', effects: [{ kind: 'probe-buses' }] }]));
    expect(linux.console).not.toContain('Probe buses');
    expect(linux.console).not.toContain('Initialize bus handlers');
    expect(linux.outcome.target).toBe('HALT');
  });

  it('attaches every device: its tag, and netdev or blkdev by kind', () => {
    const users: EntrySpec[] = [
      { id: 'a.net', level: 'lib', prio: 1, uses: ['netdev', 'dev:en0'] },
      { id: 'a.blk', level: 'lib', prio: 1, uses: ['blkdev', 'dev:vb0'] },
      { id: 'a.all', level: 'lib', prio: 1, uses: ['devices', 'dev:fs0'] },
    ];
    const r = run(compilePlan(unikraftProfile(), [probe, ...users], { devices: [dev('virtio-net', 'en0'), dev('virtio-blk', 'vb0'), dev('virtio-9p', 'fs0')] }));
    expect(r.outcome.target).toBe('HALT');
    // Without a network device nothing provides netdev.
    const none = run(compilePlan(unikraftProfile(), [probe, users[0]!], { devices: [dev('virtio-blk', 'en0')] }));
    expect(none.outcome.fault).toMatchObject({ id: 'a.net', capability: 'netdev' });
    const noBlk = run(compilePlan(unikraftProfile(), [probe, users[1]!], { devices: [dev('virtio-net', 'vb0')] }));
    expect(noBlk.outcome.fault).toMatchObject({ id: 'a.blk', capability: 'blkdev' });
  });
});

describe('alloc', () => {
  it('a size that does not fit ends the entry with -ENOMEM', () => {
    const r = run(compilePlan(unikraftProfile(), [{ id: 'a.big', level: 'lib', prio: 1, effects: [{ kind: 'alloc', args: { size: '1Gi' } }] }]));
    expect(r.outcome.failed).toEqual({ id: 'a.big', rc: -ERRNO.ENOMEM });
    expect(ERRNO.ENOMEM).toBe(12);
    const fits = run(compilePlan(unikraftProfile(), [{ id: 'a.small', level: 'lib', prio: 1, effects: [{ kind: 'alloc', args: { size: '1Ki' } }] }]));
    expect(fits.outcome.target).toBe('HALT');
  });
});

describe('spawn-thread', () => {
  it('numbers threads from 2 (1 is the boot), names them (default "worker") and provides thread:<name>', () => {
    const r = run(compilePlan(unikraftProfile(), [
      { id: 'a.s', level: 'lib', prio: 1, effects: [{ kind: 'spawn-thread', args: { name: 'net' } }, { kind: 'spawn-thread' }] },
      { id: 'a.u', level: 'lib', prio: 2, uses: ['thread:net', 'thread:worker'] },
    ]));
    expect(r.events.filter((e) => e.ev === 'spawn').map((e) => ({ id: e.id, name: e.name, pid: e.pid }))).toEqual([
      { id: 'a.s', name: 'net', pid: 2 },
      { id: 'a.s', name: 'worker', pid: 3 },
    ]);
    expect(r.outcome.target).toBe('HALT');
  });
});

describe('extract-initrd', () => {
  const t = (s: string) => new TextEncoder().encode(s);
  const root = { mounts: [mount('none', '/', 'ramfs')] };
  const automount: EntrySpec = { id: 'vfscore.vfscore_automount', level: 'rootfs', prio: 4, effects: [{ kind: 'mount', args: { from: 'fstab' } }] };

  it('unpacks into / by default and into a folder it creates when `to` is missing from the tree', () => {
    const cpio = writeCpio([{ name: 'etc/motd', type: 'file', data: t('hi') }]);
    const host = memoryHost({ '/p/rd.cpio': cpio });
    const reader = (capability: string): EntrySpec => ({ id: 'a.read', level: 'rootfs', prio: 9, uses: [capability] });
    const boot = (to: string | undefined, capability: string) =>
      run(compilePlan(unikraftProfile(), [automount, { id: 'a.x', level: 'rootfs', prio: 5, effects: [{ kind: 'extract-initrd', ...(to ? { args: { to } } : {}) }] }, reader(capability)], { ...root, file: '/p/plan.yaml', initrd: 'rd.cpio' }), { host });
    expect(boot(undefined, 'initrd:/').outcome.target).toBe('HALT');
    expect(boot('/srv/data', 'initrd:/srv/data').outcome.target).toBe('HALT');
    // what it provides names the folder it unpacked into, and nothing else
    expect(boot('/srv/data', 'initrd:/').outcome.fault).toMatchObject({ id: 'a.read', capability: 'initrd:/' });
  });

  it('a damaged archive ends the entry with its errno and one vfscore line naming the folder', () => {
    const host = memoryHost({ '/p/rd.cpio': t('not a cpio archive at all, only text') });
    const r = run(compilePlan(unikraftProfile(), [automount, { id: 'a.x', level: 'rootfs', prio: 5, effects: [{ kind: 'extract-initrd', args: { to: '/srv' } }] }], { ...root, file: '/p/plan.yaml', initrd: 'rd.cpio' }), { host });
    expect(r.outcome.target).toBe('CRASH');
    const rc = r.outcome.failed!.rc;
    expect(rc).toBeLessThan(0);
    expect(r.console).toMatch(new RegExp(String.raw`\[libvfscore\] <[^>]+> Failed to extract initrd0 to /srv: ${rc}: \S`));
  });

  it('uses the mount its contract names: without it, the entry faults on that mount', () => {
    const cpio = writeCpio([{ name: 'a', type: 'file', data: t('A') }]);
    const host = memoryHost({ '/p/rd.cpio': cpio });
    const r = run(compilePlan(unikraftProfile(), [{ id: 'a.x', level: 'rootfs', prio: 5, effects: [{ kind: 'extract-initrd', args: { to: '/srv' } }] }], { file: '/p/plan.yaml', initrd: 'rd.cpio' }), { host });
    expect(r.outcome.fault).toMatchObject({ id: 'a.x', capability: 'mount:/' });
  });
});

describe('extract-initrd into a file', () => {
  it('`to` naming a file the first extraction made fails with -ENOTDIR, not with a folder made over it', () => {
    const t = (s: string) => new TextEncoder().encode(s);
    const host = memoryHost({ '/p/rd.cpio': writeCpio([{ name: 'srv', type: 'file', data: t('a file') }]) });
    const automount: EntrySpec = { id: 'vfscore.vfscore_automount', level: 'rootfs', prio: 4, effects: [{ kind: 'mount', args: { from: 'fstab' } }] };
    const r = run(compilePlan(unikraftProfile(), [automount,
      { id: 'a.x', level: 'rootfs', prio: 5, effects: [{ kind: 'extract-initrd' }, { kind: 'extract-initrd', args: { to: '/srv' } }] }],
    { mounts: [mount('none', '/', 'ramfs')], file: '/p/plan.yaml', initrd: 'rd.cpio' }), { host });
    expect(r.outcome.failed).toEqual({ id: 'a.x', rc: -ERRNO.ENOTDIR });
    expect(r.console).toContain('Failed to extract initrd0 to /srv: -20: /srv is not a directory (ENOTDIR)');
  });
});
