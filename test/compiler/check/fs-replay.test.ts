import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultReplay, describeTree, openHost, replayFilesystem, replayInOrder, type FsFailure } from '../../../compiler/check/fs-replay.js';
import { writeCpio } from '../../../compiler/cpio.js';
import { memoryHost, type HostFs } from '../../../compiler/host.js';
import { compile, loadPlanText } from '../../../compiler/index.js';
import type { Compiled } from '../../../compiler/types.js';
import { Vfs } from '../../../compiler/vfs/vfs.js';
import { createRamfs } from '../../../compiler/vfs/node.js';
import { HEAD } from '../../helpers/plans.js';

const compiled = (text: string): Compiled => compile(loadPlanText('/virtual/plan.yaml', text)).compiled!;
const hostOf = (files: Record<string, string | Uint8Array> = {}) => memoryHost(Object.fromEntries(Object.entries(files).map(([p, v]) => [`/virtual/${p}`, v])));
/** A failure as plain data: who failed, where, with what, and what the replay found around it. */
const said = (f: FsFailure | null) => f && {
  entry: f.entry.id, effect: f.effect.kind, rc: f.rc, detail: f.detail, initrd: f.initrd,
  ...(f.mount ? { mount: `${f.mount.dev}:${f.mount.at}:${f.mount.fs}` } : {}),
  ...(f.missingUnder ? { missingUnder: f.missingUnder } : {}),
  ...(f.busyWith ? { busyWith: 'step' in f.busyWith ? f.busyWith.step.id : `${f.busyWith.entry.id} ${f.busyWith.effect.kind}` } : {}),
};
const replay = (text: string, files?: Record<string, string | Uint8Array>) => {
  const c = compiled(text);
  const failures: FsFailure[] = [];
  const stop = replayFilesystem(c, hostOf(files), failures);
  return { stop: said(stop), failures: failures.map(said) };
};
const tree = (text: string, files?: Record<string, string | Uint8Array>) => {
  const c = compiled(text);
  return replayInOrder(c, hostOf(files), c.order).tree();
};
const initcalls = (lines: string) => `libraries:\n  fs:\n    initcalls:\n${lines}`;
const at = (prio: number, effects: string, extra = '') => `      - { fn: f${prio}, level: rootfs, prio: ${prio}${extra}, effects: [${effects}] }\n`;
const mount = (dev: string, to: string, fs: string, more = '') => `{ mount: { dev: ${dev}, at: ${to}, fs: ${fs}${more} } }`;
const ROOT = at(1, mount('none', '/', 'ramfs'));
const bytes = (text: string) => new TextEncoder().encode(text);
const ARCHIVE = writeCpio([{ name: 'etc', type: 'dir' }, { name: 'etc/motd', type: 'file', data: bytes('hi\n') }, { name: 'link', type: 'symlink', data: bytes('/etc/motd') }, { name: 'file', type: 'file', data: bytes('') }]);

describe('replayFilesystem', () => {
  it('is null, with no failures, for a boot whose mounts and extractions all work, and leaves their tree', () => {
    const text = `${HEAD}initrd: initrd.cpio\n${initcalls(ROOT + at(2, '{ extract-initrd: { to: /boot } }') + at(3, mount('none', '/dev', 'devfs')))}`;
    expect(replay(text, { 'initrd.cpio': ARCHIVE })).toEqual({ stop: null, failures: [] });
    expect(tree(text, { 'initrd.cpio': ARCHIVE })).toEqual([
      '/ dir ramfs:none',
      '/boot dir ramfs:none',
      '/boot/etc dir ramfs:none',
      '/boot/etc/motd file ramfs:none 3',
      '/boot/file file ramfs:none 0',
      '/boot/link symlink ramfs:none -> /etc/motd',
      '/dev dir devfs:none',
      '/dev/console device devfs:none',
      '/dev/null device devfs:none',
      '/dev/random device devfs:none',
      '/dev/stdout device devfs:none',
      '/dev/zero device devfs:none',
    ]);
  });

  it('stops after the entry whose failure stops a Unikraft boot: the entries after it are not replayed', () => {
    const text = `${HEAD}${initcalls(ROOT + at(2, mount('none', '/a', 'ramfs', ', mkmp: false')) + at(3, mount('none', '/b', 'ramfs', ', mkmp: false')))}`;
    const first = { entry: 'fs.f2', effect: 'mount', rc: -2, detail: 'mount point /a does not exist', initrd: false, mount: 'none:/a:ramfs', missingUnder: { point: '/', type: 'ramfs', source: 'none' } };
    expect(replay(text)).toEqual({ stop: first, failures: [first] });
  });

  it('without an effect it follows: no failure, and the tree the core steps mount, made once when asked for', () => {
    const text = 'bootplan: 1\nname: t\nprofile: linux@6.1\nlibraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: device, provides: [a] }\n';
    const c = compiled(text);
    const failures: FsFailure[] = [];
    const result = replayInOrder(c, hostOf(), c.order, failures);
    expect(result.stop).toBeNull();
    expect(failures).toEqual([]);
    // Linux's vfs_caches_init step mounts the initial rootfs at /.
    expect(result.tree()).toEqual(['/ dir ramfs:rootfs']);
    expect(result.tree()).toEqual(['/ dir ramfs:rootfs']);
    // With an effect the replay follows, the same step's mount is there under the entry's.
    const withEffect = compiled(text.replace('provides: [a] }', `provides: [a], effects: [${mount('none', '/dev', 'devfs')}] }`));
    expect(replayInOrder(withEffect, hostOf(), withEffect.order).tree().slice(0, 2)).toEqual(['/ dir ramfs:rootfs', '/dev dir devfs:none']);
  });

  it('goes on past a failure that does not stop the boot (Zephyr), and past a failed effect to the entry\'s next one', () => {
    const text = `bootplan: 1\nname: t\nprofile: zephyr@3\nlibraries:\n  fs:\n    initcalls:\n      - { fn: root, level: POST_KERNEL, prio: 1, effects: [${mount('none', '/', 'ramfs')}] }\n      - { fn: two, level: POST_KERNEL, prio: 2, effects: [${mount('none', '/a', 'ramfs', ', mkmp: false')}, ${mount('none', '/b', 'ramfs', ', mkmp: false')}] }\n`;
    expect(replay(text)).toEqual({
      stop: null,
      failures: [
        { entry: 'fs.two', effect: 'mount', rc: -2, detail: 'mount point /a does not exist', initrd: false, mount: 'none:/a:ramfs', missingUnder: { point: '/', type: 'ramfs', source: 'none' } },
        { entry: 'fs.two', effect: 'mount', rc: -2, detail: 'mount point /b does not exist', initrd: false, mount: 'none:/b:ramfs', missingUnder: { point: '/', type: 'ramfs', source: 'none' } },
      ],
    });
  });

  it('tries the rows after a failed fstab row, lists their failures after the first, and takes off what the effect mounted', () => {
    const text = `${HEAD}mounts:\n  - { dev: none, at: /, fs: ramfs }\n  - { dev: none, at: /x, fs: ramfs }\n  - { dev: none, at: /y, fs: ramfs }\n  - { dev: none, at: /z, fs: ramfs, opts: mkmp }\n${initcalls(at(1, '{ mount: { from: fstab } }'))}`;
    const row = (p: string) => ({ entry: 'fs.f1', effect: 'mount', rc: -2, detail: `mount point ${p} does not exist`, initrd: false, mount: `none:${p}:ramfs`, missingUnder: { point: '/', type: 'ramfs', source: 'none' } });
    expect(replay(text)).toEqual({ stop: row('/x'), failures: [row('/x'), row('/y')] });
    // The rollback unmounts / and /z; the folder /z was made on /'s ramfs, which went with it.
    expect(tree(text)).toEqual([]);
  });

  it('says what holds the nearest existing ancestor of a missing point: the mount below it, not /', () => {
    const text = `${HEAD}${initcalls(ROOT + at(2, mount('none', '/data', 'devfs')) + at(3, mount('none', '/data/x/y', 'ramfs', ', mkmp: false')))}`;
    expect(replay(text).stop).toEqual({ entry: 'fs.f3', effect: 'mount', rc: -2, detail: 'mount point /data/x/y does not exist', initrd: false, mount: 'none:/data/x/y:ramfs', missingUnder: { point: '/data', type: 'devfs', source: 'none' } });
  });

  it('knows no holder when nothing is mounted at / yet', () => {
    const text = `${HEAD}${initcalls(at(1, mount('none', '/x', 'ramfs', ', mkmp: false')))}`;
    expect(replay(text).stop).toMatchObject({ entry: 'fs.f1', rc: -2 });
    expect(replay(text).stop).not.toHaveProperty('missingUnder');
    expect(replay(text).stop).toMatchObject({ initrd: false });
  });

  it('names the mount that holds a plain directory, not the directory', () => {
    const text = `${HEAD}${initcalls(ROOT + at(2, mount('none', '/a/b/c', 'ramfs')) + at(3, mount('none', '/a/b/x/y', 'ramfs', ', mkmp: false')))}`;
    expect(replay(text).stop).toMatchObject({ entry: 'fs.f3', rc: -2, missingUnder: { point: '/', type: 'ramfs', source: 'none' } });
  });

  it('makes a missing mount point even on a read-only share', () => {
    const share = `${HEAD}devices:\n  - { kind: virtio-9p, tag: fs0, hostdir: share }\n${initcalls('      - { fn: probe, level: plat, prio: 0, effects: [{ probe-buses: {} }] }\n' + at(1, mount('fs0', '/', '9pfs')) + at(2, mount('none', '/x/y', 'ramfs')))}`;
    expect(replay(share, { 'share/hello': 'hi\n' })).toEqual({ stop: null, failures: [] });
  });

  it('names what holds a point a second mount is refused at (EBUSY): an entry\'s effect, or a core step', () => {
    const text = `${HEAD}${initcalls(ROOT + at(2, mount('none', '/', 'devfs')))}`;
    expect(replay(text).stop).toEqual({ entry: 'fs.f2', effect: 'mount', rc: -16, detail: expect.stringContaining('/'), initrd: false, mount: 'none:/:devfs', busyWith: 'fs.f1 mount' });
    // A failed mount effect holds nothing: the next mount of its point works (Zephyr goes on).
    const zephyr = `bootplan: 1\nname: t\nprofile: zephyr@3\nmounts:\n  - { dev: none, at: /, fs: ramfs }\n  - { dev: none, at: /missing, fs: ramfs }\nlibraries:\n  fs:\n    initcalls:\n      - { fn: automount, level: POST_KERNEL, prio: 1, effects: [{ mount: { from: fstab } }] }\n      - { fn: again, level: POST_KERNEL, prio: 2, effects: [${mount('none', '/', 'ramfs')}] }\n      - { fn: third, level: POST_KERNEL, prio: 3, effects: [${mount('none', '/', 'ramfs')}] }\n`;
    expect(replay(zephyr).failures.map((f) => f && [f.entry, f.rc, f.busyWith])).toEqual([['fs.automount', -2, undefined], ['fs.third', -16, 'fs.again mount']]);
  });

  it('keeps holding a point the rollback of a failed effect cannot take off (a mount beneath it), and only that one', () => {
    const zephyr = (rows: string, later: string) => `bootplan: 1\nname: t\nprofile: zephyr@3\nmounts:\n${rows}libraries:\n  fs:\n    initcalls:\n      - { fn: root, level: POST_KERNEL, prio: 1, effects: [${mount('none', '/', 'ramfs')}, ${mount('none', '/a/b', 'ramfs')}] }\n      - { fn: automount, level: POST_KERNEL, prio: 2, effects: [{ mount: { from: fstab } }] }\n      - { fn: later, level: POST_KERNEL, prio: 3, effects: [${later}] }\n`;
    const rows = '  - { dev: none, at: /a, fs: ramfs }\n  - { dev: none, at: /c, fs: ramfs, opts: mkmp }\n  - { dev: none, at: /missing, fs: ramfs }\n';
    // /a has /a/b mounted beneath it and stays (held by the fstab's effect); /c came off, and mounts again.
    const text = zephyr(rows, `${mount('none', '/a', 'devfs')}, ${mount('none', '/c', 'devfs')}`);
    expect(replay(text).failures.map((f) => f && [f.entry, f.rc, f.mount, f.busyWith])).toEqual([
      ['fs.automount', -2, 'none:/missing:ramfs', undefined],
      ['fs.later', -16, 'none:/a:devfs', 'fs.automount mount'],
    ]);
  });

  it('fails a 9pfs mount of a tag that is not attached, or not a 9p share, with ENODEV', () => {
    const devices = 'devices:\n  - { kind: virtio-9p, tag: fs0, hostdir: share }\n  - { kind: virtio-net, tag: net0 }\n';
    const probe = '      - { fn: probe, level: plat, prio: 0, effects: [{ probe-buses: {} }] }\n';
    const unprobed = `${HEAD}${devices}${initcalls(at(1, mount('fs0', '/', '9pfs')))}`;
    expect(replay(unprobed, { 'share/hello': 'hi\n' }).stop).toEqual({ entry: 'fs.f1', effect: 'mount', rc: -19, detail: 'no virtio-9p device with tag fs0 is attached (ENODEV)', initrd: false, mount: 'fs0:/:9pfs' });
    const net = `${HEAD}${devices}${initcalls(probe + at(1, mount('net0', '/', '9pfs')))}`;
    expect(replay(net, { 'share/hello': 'hi\n' }).stop).toMatchObject({ entry: 'fs.f1', rc: -19, detail: 'no virtio-9p device with tag net0 is attached (ENODEV)' });
    const probed = `${HEAD}${devices}${initcalls(probe + at(1, mount('fs0', '/', '9pfs')))}`;
    expect(replay(probed, { 'share/hello': 'hi\n' }).stop).toBeNull();
    expect(tree(probed, { 'share/hello': 'hi\n' })).toEqual(['/ dir 9pfs:fs0', '/hello file 9pfs:fs0 3']);
  });

  it('fails an extraction without an initrd, of a missing one, and of a damaged one, the same way each time', () => {
    const unpackTwice = initcalls(ROOT + `      - { fn: f2, level: rootfs, prio: 2, effects: [{ extract-initrd: {} }, { extract-initrd: { to: /again } }] }\n`);
    const none = replay(`${HEAD}${unpackTwice}`);
    expect(none.failures).toEqual([
      { entry: 'fs.f2', effect: 'extract-initrd', rc: -2, detail: 'the plan has no initrd', initrd: false },
      { entry: 'fs.f2', effect: 'extract-initrd', rc: -2, detail: 'the plan has no initrd', initrd: false },
    ]);
    const damaged = replay(`${HEAD}initrd: bad.cpio\n${unpackTwice}`, { 'bad.cpio': 'not an archive' });
    expect(damaged.failures.map((f) => f && [f.rc, f.initrd, f.detail])).toEqual([
      [-22, true, 'cpio: truncated header (14 of 110 bytes) (at byte 0)'],
      [-22, true, 'cpio: truncated header (14 of 110 bytes) (at byte 0)'],
    ]);
    expect(replay(`${HEAD}initrd: missing.cpio\n${unpackTwice}`).stop).toMatchObject({ rc: -2, initrd: true });
  });

  it('makes the folder an extraction goes into, and unpacks into / by default', () => {
    const text = `${HEAD}initrd: initrd.cpio\n${initcalls(ROOT + at(2, '{ extract-initrd: {} }') + at(3, '{ extract-initrd: { to: /deep/er } }'))}`;
    expect(tree(text, { 'initrd.cpio': ARCHIVE })).toEqual([
      '/ dir ramfs:none',
      '/deep dir ramfs:none',
      '/deep/er dir ramfs:none',
      '/deep/er/etc dir ramfs:none',
      '/deep/er/etc/motd file ramfs:none 3',
      '/deep/er/file file ramfs:none 0',
      '/deep/er/link symlink ramfs:none -> /etc/motd',
      '/etc dir ramfs:none',
      '/etc/motd file ramfs:none 3',
      '/file file ramfs:none 0',
      '/link symlink ramfs:none -> /etc/motd',
    ]);
  });

  it('counts a mount point as the initrd\'s only in the tree it was unpacked into', () => {
    // A file of the archive where a mount point must be a directory: ENOTDIR, the initrd's.
    const overFile = `${HEAD}initrd: initrd.cpio\n${initcalls(ROOT + at(2, '{ extract-initrd: { to: /u } }') + at(3, mount('none', '/u/file', 'ramfs')))}`;
    expect(replay(overFile, { 'initrd.cpio': ARCHIVE }).stop).toMatchObject({ entry: 'fs.f3', rc: -20, initrd: true });
    // Missing beside the unpacked folder, or beneath another mount inside it: not the initrd's.
    const beside = `${HEAD}initrd: initrd.cpio\n${initcalls(ROOT + at(2, '{ extract-initrd: { to: /u } }') + at(3, mount('none', '/v/x', 'ramfs', ', mkmp: false')))}`;
    expect(replay(beside, { 'initrd.cpio': ARCHIVE }).stop).toMatchObject({ entry: 'fs.f3', rc: -2, initrd: false });
    const prefix = `${HEAD}initrd: initrd.cpio\n${initcalls(ROOT + at(2, '{ extract-initrd: { to: /u } }') + at(3, mount('none', '/uu/x', 'ramfs', ', mkmp: false')))}`;
    expect(replay(prefix, { 'initrd.cpio': ARCHIVE }).stop).toMatchObject({ entry: 'fs.f3', rc: -2, initrd: false });
    const inside = `${HEAD}initrd: initrd.cpio\n${initcalls(ROOT + at(2, '{ extract-initrd: { to: /u } }') + at(3, mount('none', '/u/etc', 'ramfs')) + at(4, mount('none', '/u/etc/x', 'ramfs', ', mkmp: false')))}`;
    expect(replay(inside, { 'initrd.cpio': ARCHIVE }).stop).toMatchObject({ entry: 'fs.f4', rc: -2, initrd: false });
    const under = `${HEAD}initrd: initrd.cpio\n${initcalls(ROOT + at(2, '{ extract-initrd: { to: /u } }') + at(3, mount('none', '/u/nope', 'ramfs', ', mkmp: false')))}`;
    expect(replay(under, { 'initrd.cpio': ARCHIVE }).stop).toMatchObject({ entry: 'fs.f3', rc: -2, initrd: true });
    const atRoot = `${HEAD}initrd: initrd.cpio\n${initcalls(ROOT + at(2, '{ extract-initrd: { to: / } }') + at(3, mount('none', '/nope', 'ramfs', ', mkmp: false')))}`;
    expect(replay(atRoot, { 'initrd.cpio': ARCHIVE }).stop).toMatchObject({ entry: 'fs.f3', rc: -2, initrd: true });
  });

  it('counts a folder it cannot make as the initrd\'s when an unpacked file is in the way', () => {
    const unpackOver = `${HEAD}initrd: initrd.cpio\n${initcalls(ROOT + at(2, '{ extract-initrd: { to: /u } }') + at(3, '{ extract-initrd: { to: /u/file/x } }'))}`;
    expect(replay(unpackOver, { 'initrd.cpio': ARCHIVE }).stop).toMatchObject({ entry: 'fs.f3', effect: 'extract-initrd', rc: -20, initrd: true });
    const mkmpOver = `${HEAD}initrd: initrd.cpio\n${initcalls(ROOT + at(2, '{ extract-initrd: { to: /u } }') + at(3, mount('none', '/u/file/x', 'ramfs')))}`;
    expect(replay(mkmpOver, { 'initrd.cpio': ARCHIVE }).stop).toMatchObject({ entry: 'fs.f3', effect: 'mount', rc: -20, initrd: true });
  });

  it('replays the entries with an init function that have an effect it follows, among others', () => {
    const termOnly = '      - { term: t, level: rootfs, prio: 2, effects: [{ mount: { dev: none, at: /x, fs: ramfs, mkmp: false } }] }\n';
    expect(replay(`${HEAD}${initcalls(ROOT + termOnly)}`)).toEqual({ stop: null, failures: [] });
    const mixed = at(2, `{ log: { msg: hi } }, ${mount('none', '/x', 'ramfs', ', mkmp: false')}`);
    expect(replay(`${HEAD}${initcalls(ROOT + mixed)}`).stop).toMatchObject({ entry: 'fs.f2', rc: -2 });
  });

  it('stops a Unikraft boot at the first failed effect of the entry, having tried the others', () => {
    const two = at(2, `${mount('none', '/a', 'ramfs', ', mkmp: false')}, ${mount('none', '/b', 'ramfs', ', mkmp: false')}`);
    const { stop, failures } = replay(`${HEAD}${initcalls(ROOT + two)}`);
    expect([stop?.mount, failures.map((f) => f?.mount)]).toEqual(['none:/a:ramfs', ['none:/a:ramfs', 'none:/b:ramfs']]);
  });

  it('says whether the initrd is what failed: an extraction onto a read-only share is, a mount point the share lacks room for is not, a second mount over unpacked files is not', () => {
    const share = `${HEAD}initrd: initrd.cpio\ndevices:\n  - { kind: virtio-9p, tag: fs0, hostdir: share }\n${initcalls('      - { fn: probe, level: plat, prio: 0, effects: [{ probe-buses: {} }] }\n' + at(1, mount('fs0', '/', '9pfs')))}`;
    const files = { 'share/hello': 'hi\n', 'initrd.cpio': ARCHIVE };
    expect(replay(share + at(2, '{ extract-initrd: { to: / } }'), files).stop).toMatchObject({ entry: 'fs.f2', effect: 'extract-initrd', rc: -30, initrd: true });
    expect(replay(share + at(2, mount('none', '/hello/x', 'ramfs')), files).stop).toMatchObject({ entry: 'fs.f2', effect: 'mount', rc: -20, initrd: false });
    const twice = `${HEAD}initrd: initrd.cpio\nmounts:\n  - { dev: initrd0, at: /, fs: extract }\n${initcalls(at(1, '{ mount: { from: fstab } }') + at(2, mount('none', '/', 'ramfs')))}`;
    expect(replay(twice, files).stop).toMatchObject({ entry: 'fs.f2', rc: -16, initrd: false, busyWith: 'fs.f1 mount' });
  });

  it('unpacks an extract row into a fresh ramfs (ramfs=1), or into what is there (ramfs=0; ramfs=2 over a mount)', () => {
    const rows = (opts: string) => `${HEAD}initrd: initrd.cpio\nmounts:\n  - { dev: none, at: /, fs: ramfs }\n  - { dev: initrd0, at: /, fs: extract, opts: '${opts}' }\n${initcalls(at(1, '{ mount: { from: fstab } }'))}`;
    expect(replay(rows('ramfs=1'), { 'initrd.cpio': ARCHIVE }).stop).toMatchObject({ rc: -16, busyWith: 'fs.f1 mount' });
    for (const opts of ['ramfs=0', 'ramfs=2']) {
      expect(replay(rows(opts), { 'initrd.cpio': ARCHIVE }).stop).toBeNull();
      expect(tree(rows(opts), { 'initrd.cpio': ARCHIVE })[0]).toBe('/ dir ramfs:none');
    }
    const fresh = `${HEAD}initrd: initrd.cpio\nmounts:\n  - { dev: initrd0, at: /, fs: extract, opts: 'ramfs=2' }\n${initcalls(at(1, '{ mount: { from: fstab } }'))}`;
    expect(tree(fresh, { 'initrd.cpio': ARCHIVE })).toEqual(['/ dir ramfs:initrd0', '/etc dir ramfs:initrd0', '/etc/motd file ramfs:initrd0 3', '/file file ramfs:initrd0 0', '/link symlink ramfs:initrd0 -> /etc/motd']);
  });

  it('mounts what a core step provides: on Linux a mount over it stacks, elsewhere the step holds the point', () => {
    const text = `bootplan: 1\nname: t\nprofile: linux@6.1\nlibraries:\n  fs:\n    initcalls:\n      - { fn: a, level: fs, effects: [${mount('none', '/', 'devfs')}] }\n`;
    expect(replay(text)).toEqual({ stop: null, failures: [] });
    expect(tree(text)[0]).toBe('/ dir devfs:none');
    const myOs = readFileSync('specs/profiles/zephyr@3.yaml', 'utf8').replace('name: zephyr\n', 'name: myos\n').replace('provides: [kernel, sched, alloc, time]', "provides: [kernel, sched, alloc, time, 'mount:/']");
    const own = compile(loadPlanText('/virtual/plan.yaml', text.replace('linux@6.1', './my-os.yaml').replace('level: fs', 'level: POST_KERNEL'), { '/virtual/my-os.yaml': myOs })).compiled!;
    expect(said(replayFilesystem(own, hostOf(), []))).toBeNull();
    const failures: FsFailure[] = [];
    replayFilesystem(own, hostOf(), failures);
    expect(failures.map(said)).toEqual([{ entry: 'fs.a', effect: 'mount', rc: -16, detail: expect.stringContaining('/'), initrd: false, mount: 'none:/:devfs', busyWith: 'core.kernel' }]);
  });

  it('follows a symlink the initrd unpacked to where a missing point would be made, and one that leads nowhere to its folder', () => {
    const link = (target: string) => writeCpio([{ name: 'link', type: 'symlink', data: bytes(target) }]);
    const text = `${HEAD}initrd: initrd.cpio\n${initcalls(at(1, `${mount('none', '/', 'ramfs')}, ${mount('none', '/mnt', 'ramfs')}, { extract-initrd: {} }`) + at(2, mount('none', '/link/x', 'ramfs', ', mkmp: false')))}`;
    const failure = { entry: 'fs.f2', effect: 'mount', rc: -2, detail: 'mount point /link/x does not exist', mount: 'none:/link/x:ramfs' };
    expect(replay(text, { 'initrd.cpio': link('/mnt') }).failures).toEqual([{ ...failure, initrd: false, missingUnder: { point: '/mnt', type: 'ramfs', source: 'none' } }]);
    expect(replay(text, { 'initrd.cpio': link('/nowhere') }).failures).toEqual([{ ...failure, initrd: true, missingUnder: { point: '/', type: 'ramfs', source: 'none' } }]);
  });

  it('counts an extraction into a symlink as one into where it leads', () => {
    const archive = writeCpio([{ name: 'link', type: 'symlink', data: bytes('/mnt') }, { name: 'etc', type: 'dir' }]);
    const text = `${HEAD}initrd: initrd.cpio\n${initcalls(at(1, `${mount('none', '/', 'ramfs')}, ${mount('none', '/mnt', 'ramfs')}, { extract-initrd: {} }`) + at(2, '{ extract-initrd: { to: /link } }') + at(3, mount('none', '/mnt/x', 'ramfs', ', mkmp: false')))}`;
    expect(replay(text, { 'initrd.cpio': archive }).failures).toEqual([
      { entry: 'fs.f3', effect: 'mount', rc: -2, detail: 'mount point /mnt/x does not exist', initrd: true, mount: 'none:/mnt/x:ramfs', missingUnder: { point: '/mnt', type: 'ramfs', source: 'none' } },
    ]);
  });

  it('unpacks into a file the initrd put there as the machine does: the extraction fails, it makes no folder', () => {
    const text = `${HEAD}initrd: initrd.cpio\n${initcalls(at(1, `${mount('none', '/', 'ramfs')}, { extract-initrd: {} }`) + at(2, '{ extract-initrd: { to: /file } }'))}`;
    expect(replay(text, { 'initrd.cpio': ARCHIVE }).failures).toMatchInlineSnapshot(`
      [
        {
          "detail": "/file is not a directory (ENOTDIR)",
          "effect": "extract-initrd",
          "entry": "fs.f2",
          "initrd": true,
          "rc": -20,
        },
      ]
    `);
  });

  it('gives no failure for a 9p share beyond the host folder bounds: the input error is run\'s to report', () => {
    const deep = `share/${Array.from({ length: 130 }, () => 'd').join('/')}/f`;
    const text = `${HEAD}devices:\n  - { kind: virtio-9p, tag: fs0, hostdir: share }\n${initcalls('      - { fn: probe, level: plat, prio: 0, effects: [{ probe-buses: {} }] }\n' + at(1, mount('fs0', '/', '9pfs')) + at(2, mount('none', '/x', 'ramfs', ', mkmp: false')))}`;
    expect(replay(text, { [deep]: 'x' })).toEqual({ stop: null, failures: [] });
  });
});

describe('defaultReplay', () => {
  it('replays once per plan and host', () => {
    const c = compiled(`${HEAD}${initcalls(ROOT)}`);
    const host = hostOf();
    const first = defaultReplay(c, host);
    expect(defaultReplay(c, host)).toBe(first);
    expect(defaultReplay(c, hostOf())).not.toBe(first);
    expect(first.failures).toEqual([]);
    expect(first.stop).toBeNull();
  });
});

describe('openHost', () => {
  /** Every directory the host shows, depth first from / in name order (the same name twice shows twice). */
  const walk = (host: HostFs, path = '/'): string[] => [path, ...host.readdir(path).sort().flatMap((name) => walk(host, path === '/' ? `/${name}` : `${path}/${name}`))];
  const devices = 'devices:\n  - { kind: virtio-9p, tag: fs0, hostdir: share }\n  - { kind: virtio-9p, tag: fs1, hostdir: /elsewhere/other }\n  - { kind: virtio-blk, tag: blk0 }\n';
  const automount = '      - { fn: automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }\n';

  it('holds, in each share a row mounts and in the initrd, the folders down to the row points beneath where they are mounted or unpacked', () => {
    const rows = [
      '{ dev: fs0, at: /data, fs: 9pfs }', '{ dev: none, at: /data/a/b, fs: ramfs }', '{ dev: fs1, at: /mnt, fs: 9pfs }',
      '{ dev: initrd0, at: /srv, fs: extract }', '{ dev: none, at: /srv/www, fs: ramfs }', '{ dev: none, at: /boot/x/y, fs: ramfs }', '{ dev: none, at: /database, fs: ramfs }', '{ dev: blk0, at: /blk, fs: ramfs }',
    ];
    const text = `${HEAD}${devices}initrd: rootfs\nmounts:\n${rows.map((r) => `  - ${r}\n`).join('')}${initcalls(automount + at(5, mount('none', '/data/c', 'ramfs')) + at(6, '{ extract-initrd: { to: /boot } }'))}`;
    const host = openHost(compiled(text));
    expect(walk(host)).toEqual([
      '/', '/elsewhere', '/elsewhere/other', '/virtual', '/virtual/rootfs', '/virtual/rootfs/www', '/virtual/rootfs/x', '/virtual/rootfs/x/y',
      '/virtual/share', '/virtual/share/a', '/virtual/share/a/b', '/virtual/share/c',
    ]);
    expect(openHost(compiled(text))).not.toBe(host);
    expect([host.kind('/virtual/share/a'), host.kind('/virtual/share/d'), host.kind('/virtual/share/a/b/c'), host.size('/virtual/share/a')]).toEqual(['dir', null, null, 0]);
    expect(() => host.readFile('/virtual/share/a')).toThrow('ENOENT: /virtual/share/a');
    expect(() => host.readlink('/virtual/share/a')).toThrow('EINVAL: /virtual/share/a');
  });

  it('is the same host for the same plan; a share or an extraction at / holds every point, and an extraction goes into / by default', () => {
    const c = compiled(`${HEAD}${devices}initrd: rootfs.cpio\nmounts:\n  - { dev: fs0, at: /, fs: 9pfs }\n  - { dev: none, at: /x/y, fs: ramfs }\n${initcalls(automount + at(6, '{ extract-initrd: {} }'))}`);
    expect(openHost(c)).toBe(openHost(c));
    expect(walk(openHost(c))).toEqual(['/', '/virtual', '/virtual/rootfs.cpio', '/virtual/rootfs.cpio/x', '/virtual/rootfs.cpio/x/y', '/virtual/share', '/virtual/share/x', '/virtual/share/x/y']);
    // Without an initrd, or with nothing unpacked, no image.
    expect(walk(openHost(compiled(`${HEAD}${initcalls(at(1, mount('none', '/x', 'ramfs')))}`)))).toEqual(['/']);
    expect(walk(openHost(compiled(`${HEAD}initrd: rootfs\n${initcalls(at(1, mount('none', '/x', 'ramfs')))}`)))).toEqual(['/']);
    expect(walk(openHost(compiled(`${HEAD}initrd: rootfs\n${initcalls(at(1, mount('none', '/x', 'ramfs')) + at(2, '{ extract-initrd: { to: /opt } }'))}`)))).toEqual(['/', '/virtual', '/virtual/rootfs']);
  });

  it('lets the replay mount each share and unpack the initrd, so that only what no share or extraction can hold is missing', () => {
    const text = `${HEAD}${devices}initrd: rootfs\nmounts:\n  - { dev: none, at: /, fs: ramfs }\n  - { dev: fs0, at: /data, fs: 9pfs, opts: mkmp }\n  - { dev: none, at: /data/a, fs: ramfs }\n  - { dev: initrd0, at: /srv, fs: extract, opts: mkmp }\n  - { dev: none, at: /srv/www, fs: ramfs }\n  - { dev: none, at: /tmp, fs: ramfs }\n${initcalls('      - { fn: probe, level: plat, prio: 0, effects: [{ probe-buses: {} }] }\n' + automount)}`;
    const c = compiled(text);
    expect(defaultReplay(c, openHost(c)).failures.map(said)).toEqual([
      { entry: 'fs.automount', effect: 'mount', rc: -2, detail: 'mount point /tmp does not exist', initrd: false, mount: 'none:/tmp:ramfs', missingUnder: { point: '/', type: 'ramfs', source: 'none' } },
    ]);
  });
});

describe('describeTree', () => {
  it('is empty with nothing mounted, and lists at most 4096 paths', () => {
    expect(describeTree(new Vfs('busy'))).toEqual([]);
    const vfs = new Vfs('busy');
    vfs.mount('/', createRamfs('none'));
    for (let i = 0; i < 5000; i++) vfs.mkdir(`/d${i}`, {});
    const lines = describeTree(vfs);
    expect(lines).toHaveLength(4096);
    expect(lines.slice(0, 4)).toEqual(['/ dir ramfs:none', '/d0 dir ramfs:none', '/d1 dir ramfs:none', '/d10 dir ramfs:none']);
  });
});
