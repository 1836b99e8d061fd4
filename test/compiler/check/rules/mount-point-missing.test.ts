import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mountPointMissing } from '../../../../compiler/check/rules/mount-point-missing.js';
import { writeCpio } from '../../../../compiler/cpio.js';
import { findings } from '../../../helpers/findings.js';
import { HEAD } from '../../../helpers/plans.js';
import { keptReplays, witnessProblems } from './witness-replays.js';

const CODE = 'mount-point-missing';
const AUTOMOUNT = '      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }\n';
const PROBE = '      - { fn: uk_bus_lib_init, level: plat, prio: 0, effects: [{ probe-buses: {} }] }\n';
/** A Unikraft plan whose vfscore mounts the fstab `rows` (YAML lines under `mounts:`), with `more` initcalls. */
const unikraft = (rows: string, more = '', head = '') => `${HEAD}${head}${rows ? `mounts:\n${rows}` : ''}libraries:\n  vfscore:\n    initcalls:\n${AUTOMOUNT}${more}`;
const row = (at: string, fs = 'ramfs', extra = '', dev = 'none') => `  - { dev: ${dev}, at: ${at}, fs: ${fs}${extra} }\n`;
const linux = (rows: string, more = '') => `bootplan: 1\nname: t\nprofile: linux@6.1\nmounts:\n${rows}libraries:\n  vfscore:\n    initcalls:\n      - { fn: vfscore_automount, level: postcore, effects: [{ mount: { from: fstab } }] }\n${more}`;
const messages = async (text: string, hostFiles?: Record<string, string>) => (await findings(text, { code: CODE, hostFiles })).map((f) => f.message);
/** What the host holds: a 9p share's folder, and an initrd packed from a folder (etc/, no tmp/). */
const HOST = { 'guest_fs/hello.txt': 'hello\n', 'rootfs/etc/motd': 'hello\n' };

describe('mount-point-missing, from the replay (a host)', () => {
  it('reports an fstab row under a fresh ramfs, at the row, with a witness that replays', async () => {
    const { failing } = mountPointMissing.example!;
    expect(await witnessProblems(failing, CODE, {})).toEqual([null]);
    expect(await findings(failing, { code: CODE, hostFiles: {} })).toMatchInlineSnapshot(`
      [
        {
          "at": "5:10",
          "code": "mount-point-missing",
          "hint": "add the mkmp ukopt (\`none:/tmp:ramfs:::mkmp\`)",
          "message": "\`vfscore.vfscore_automount\` mounts ramfs at /tmp from the fstab, but /tmp cannot exist: / is a fresh ramfs and the entry has no mkmp",
          "severity": "error",
          "subjects": [
            "vfscore.vfscore_automount",
          ],
          "witness": {
            "expect": {
              "entry": "vfscore.vfscore_automount",
              "kind": "return",
              "rc": -2,
            },
            "order": [
              "core.multiboot_entry",
              "core.ukplat_entry",
              "core.libparam",
              "core.alloc",
              "core.tls",
              "core.irq",
              "core.time",
              "core.sched",
              "vfscore.vfscore_automount",
              "core.banner",
            ],
          },
        },
      ]
    `);
  });

  it('names the folder relative to the mount that holds it, a fresh devfs or a ramfs below /', async () => {
    expect(await messages(unikraft(row('/', 'devfs') + row('/x')), {})).toEqual([
      '`vfscore.vfscore_automount` mounts ramfs at /x from the fstab, but /x cannot exist: / is a fresh devfs and the entry has no mkmp',
    ]);
    const text = unikraft(row('/') + row('/data', 'ramfs', ', opts: mkmp') + row('/data/x'));
    expect(await witnessProblems(text, CODE, {})).toEqual([null]);
    expect(await messages(text, {})).toEqual([
      '`vfscore.vfscore_automount` mounts ramfs at /data/x from the fstab, but /data/x cannot exist: /data is a fresh ramfs and the entry has no mkmp',
    ]);
  });

  it('reports a row under a 9p share whose host folder lacks it', async () => {
    const text = unikraft(row('/', '9pfs', '', 'fs0') + row('/nope'), PROBE, 'devices:\n  - { kind: virtio-9p, tag: fs0, hostdir: guest_fs }\n');
    expect(await witnessProblems(text, CODE, HOST)).toEqual([null]);
    expect(await findings(text, { code: CODE, hostFiles: HOST })).toMatchInlineSnapshot(`
      [
        {
          "at": "9:5",
          "code": "mount-point-missing",
          "hint": "add the mkmp ukopt (\`none:/nope:ramfs:::mkmp\`)",
          "message": "\`vfscore.vfscore_automount\` mounts ramfs at /nope from the fstab, but the 9p share mounted at / has no nope folder and the entry has no mkmp",
          "severity": "error",
          "subjects": [
            "vfscore.vfscore_automount",
          ],
          "witness": {
            "expect": {
              "entry": "vfscore.vfscore_automount",
              "kind": "return",
              "rc": -2,
            },
            "order": [
              "core.multiboot_entry",
              "core.ukplat_entry",
              "core.libparam",
              "core.alloc",
              "core.tls",
              "core.irq",
              "core.time",
              "core.sched",
              "vfscore.uk_bus_lib_init",
              "vfscore.vfscore_automount",
              "core.banner",
            ],
          },
        },
      ]
    `);
  });

  it('leaves the first failure in an unpacked initrd to initrd-unusable, and reports the rows tried past it', async () => {
    const text = unikraft(row('/', 'extract', '', 'initrd0') + row('/tmp') + row('/etc/x'), '', 'initrd: rootfs\n');
    expect((await findings(text, { hostFiles: HOST })).map((f) => [f.code, f.message])).toEqual([
      ['initrd-unusable', '`vfscore.vfscore_automount` mounts ramfs at /tmp from the fstab, which fails with -2: mount point /tmp does not exist'],
      [CODE, '`vfscore.vfscore_automount` mounts ramfs at /etc/x from the fstab, but the initrd unpacked at / has no etc/x directory and the entry has no mkmp'],
    ]);
  });

  it('blames a damaged initrd\'s later extraction on its own entry, not on the rows an earlier one went on past', async () => {
    // Linux goes on past a failed initcall. The fstab's extraction fails on the damaged archive and
    // its /dev row after it; a later extract-initrd fails on the same archive, and only on that:
    // the rows the fstab tried are the fstab entry's (a differential run found them reported
    // against the later entry, with a witness that could not replay).
    const unpack = '  tiedfs:\n    initcalls:\n      - { fn: unpack_here, level: postcore, effects: [{ extract-initrd: { to: / } }] }\n';
    const text = linux(row('/', 'extract', '', 'initrd0') + row('/dev'), unpack).replace('mounts:', 'initrd: bad.cpio\nmounts:');
    const host = { 'bad.cpio': 'not an archive' };
    expect((await findings(text, { hostFiles: host })).filter((f) => f.severity === 'error').map((f) => [f.code, f.message])).toEqual([
      ['initrd-unusable', '`vfscore.vfscore_automount` unpacks the initrd at / from the fstab, which fails with -22: cpio: truncated header (14 of 110 bytes) (at byte 0)'],
      [CODE, '`vfscore.vfscore_automount` mounts ramfs at /dev from the fstab, but /dev cannot exist: / is a fresh ramfs and the entry has no mkmp'],
    ]);
    // Two errors: the witness is held to the replay that goes on past the first.
    expect(await keptReplays(text, CODE, host)).toEqual([null]);
  });

  it('reports a single mount with `mkmp: false` on a missing point, under a ramfs or an unpacked initrd', async () => {
    const single = (at: string, prio = 5) => `      - { fn: mount_${prio}, level: rootfs, prio: ${prio}, effects: [{ mount: { dev: none, at: ${at}, fs: ramfs, mkmp: false } }] }\n`;
    const text = unikraft(row('/'), single('/data'));
    expect(await witnessProblems(text, CODE, {})).toEqual([null]);
    expect(await findings(text, { code: CODE, hostFiles: {} })).toMatchInlineSnapshot(`
      [
        {
          "at": "11:58",
          "code": "mount-point-missing",
          "hint": "let the effect create its mount point (leave out \`mkmp: false\`), or make /data before it runs",
          "message": "\`vfscore.mount_5\` mounts ramfs at /data with \`mkmp: false\`, but /data does not exist when it runs: / holds a ramfs without it",
          "severity": "error",
          "subjects": [
            "vfscore.mount_5",
          ],
          "witness": {
            "expect": {
              "entry": "vfscore.mount_5",
              "kind": "return",
              "rc": -2,
            },
            "order": [
              "core.multiboot_entry",
              "core.ukplat_entry",
              "core.libparam",
              "core.alloc",
              "core.tls",
              "core.irq",
              "core.time",
              "core.sched",
              "vfscore.vfscore_automount",
              "vfscore.mount_5",
              "core.banner",
            ],
          },
        },
      ]
    `);
    // Zephyr goes on past the first failure (the initrd's, initrd-unusable's): the second is this rule's.
    const zephyr = `bootplan: 1\nname: t\nprofile: zephyr@3\ninitrd: rootfs\nmounts:\n${row('/', 'extract', '', 'initrd0')}libraries:\n  fs:\n    initcalls:\n      - { fn: automount, level: POST_KERNEL, prio: 1, effects: [{ mount: { from: fstab } }] }\n      - { fn: mount_a, level: POST_KERNEL, prio: 2, effects: [{ mount: { dev: none, at: /a, fs: ramfs, mkmp: false } }] }\n      - { fn: mount_b, level: POST_KERNEL, prio: 3, effects: [{ mount: { dev: none, at: /b, fs: ramfs, mkmp: false } }] }\n`;
    expect((await findings(zephyr, { hostFiles: HOST })).map((f) => [f.code, f.message])).toEqual([
      ['initrd-unusable', '`fs.mount_a` mounts ramfs at /a, which fails with -2: mount point /a does not exist'],
      [CODE, '`fs.mount_b` mounts ramfs at /b with `mkmp: false`, but /b does not exist when it runs: / holds a tree unpacked from the initrd without it'],
    ]);
  });

  it('names the folder relative to a share or an unpacked initrd mounted below /', async () => {
    const share = unikraft(row('/') + row('/mnt', '9pfs', ', opts: mkmp', 'fs0') + row('/mnt/nope'), PROBE, 'devices:\n  - { kind: virtio-9p, tag: fs0, hostdir: guest_fs }\n');
    expect(await messages(share, HOST)).toEqual([
      '`vfscore.vfscore_automount` mounts ramfs at /mnt/nope from the fstab, but the 9p share mounted at /mnt has no nope folder and the entry has no mkmp',
    ]);
    const initrd = unikraft(row('/') + row('/u', 'extract', ', opts: mkmp', 'initrd0') + row('/u/a') + row('/u/etc/x'), '', 'initrd: rootfs\n');
    expect(await messages(initrd, HOST)).toEqual([
      '`vfscore.vfscore_automount` mounts ramfs at /u/etc/x from the fstab, but the initrd unpacked at /u has no etc/x directory and the entry has no mkmp',
    ]);
  });

  it('is quiet on a row with mkmp, on the fixed example, and on a point the initrd has', async () => {
    expect(await messages(mountPointMissing.example!.fixed, {})).toEqual([]);
    expect(await messages(unikraft(row('/', 'extract', '', 'initrd0') + row('/etc'), '', 'initrd: rootfs\n'), HOST)).toEqual([]);
    expect(await messages(unikraft(row('/') + row('/x')), {})).toHaveLength(1);
    expect(await messages(unikraft(row('/'), '      - { fn: m, level: rootfs, prio: 5, effects: [{ mount: { dev: none, at: /x/y, fs: ramfs } }] }\n'), {})).toEqual([]);
  });
});

describe('mount-point-missing, from the declarations (no host)', () => {
  const single = (fn: string, prio: number, at: string, fs = 'ramfs') => `      - { fn: ${fn}, level: rootfs, prio: ${prio}, effects: [{ mount: { dev: none, at: ${at}, fs: ${fs} } }] }\n`;
  const unpack = (fn: string, prio: number, to: string) => `      - { fn: ${fn}, level: rootfs, prio: ${prio}, effects: [{ extract-initrd: { to: ${to} } }] }\n`;

  it('reports a row under a fresh ramfs or devfs, with a witness that replays', async () => {
    const { failing } = mountPointMissing.example!;
    expect(await witnessProblems(failing, CODE)).toEqual([null]);
    expect(await findings(failing, { code: CODE })).toEqual(await findings(failing, { code: CODE, hostFiles: {} }));
    expect(await messages(unikraft(row('/', 'devfs') + row('/x')))).toEqual([
      '`vfscore.vfscore_automount` mounts ramfs at /x from the fstab, but /x cannot exist: / is a fresh devfs and the entry has no mkmp',
    ]);
    expect(await messages(unikraft(row('/') + row('/data', 'ramfs', ', opts: mkmp') + row('/data/x')))).toEqual([
      '`vfscore.vfscore_automount` mounts ramfs at /data/x from the fstab, but /data/x cannot exist: /data is a fresh ramfs and the entry has no mkmp',
    ]);
  });

  it('makes no claim under a 9p share, whose folder only the host shows', async () => {
    expect(await messages(unikraft(row('/', '9pfs', '', 'fs0') + row('/nope'), PROBE, 'devices:\n  - { kind: virtio-9p, tag: fs0, hostdir: guest_fs }\n'))).toEqual([]);
  });

  it('counts a point an earlier mkmp row made on its way, not a sibling that shares a prefix', async () => {
    expect(await messages(unikraft(row('/') + row('/a/b', 'ramfs', ', opts: mkmp') + row('/a')))).toEqual([]);
    expect(await messages(unikraft(row('/') + row('/ab/c', 'ramfs', ', opts: mkmp') + row('/a')))).toEqual([
      '`vfscore.vfscore_automount` mounts ramfs at /a from the fstab, but /a cannot exist: / is a fresh ramfs and the entry has no mkmp',
    ]);
  });

  it('counts a point another entry\'s mount made on its way before the fstab, not after it', async () => {
    const root = single('root', 2, '/');
    expect(await messages(unikraft(row('/x'), root + single('early', 3, '/x/y')))).toEqual([]);
    expect(await messages(unikraft(row('/x'), root + single('late', 5, '/x/y')))).toHaveLength(1);
    const own = (effects: string) => `${HEAD}mounts:\n${row('/x')}libraries:\n  vfscore:\n    initcalls:\n      - { fn: own, level: rootfs, prio: 4, effects: [${effects}] }\n`;
    expect(await messages(own('{ mount: { dev: none, at: /, fs: ramfs } }, { mount: { dev: none, at: /x/y, fs: ramfs } }, { mount: { from: fstab } }'))).toEqual([]);
    expect(await messages(own('{ mount: { dev: none, at: /, fs: ramfs } }, { mount: { from: fstab } }, { mount: { dev: none, at: /x/y, fs: ramfs } }'))).toHaveLength(1);
  });

  it('makes no claim where an extraction before the row may have made the folder', async () => {
    // / is mounted by an entry before the extraction (one into a tree not mounted yet fails and stops the boot).
    const root = single('root', 2, '/');
    const rows = row('/x');
    expect(await messages(unikraft(rows, root + unpack('unpack', 3, '/'), 'initrd: rootfs\n'))).toEqual([]);
    expect(await messages(unikraft(rows, root + unpack('unpack', 3, '/x/deep'), 'initrd: rootfs\n'))).toEqual([]);
    expect(await messages(unikraft(rows, root + unpack('unpack', 3, '/xy'), 'initrd: rootfs\n'))).toHaveLength(1);
    // One that runs after the fstab, or at its key (the link order decides), made nothing yet.
    expect(await messages(unikraft(rows, root + unpack('unpack', 5, '/'), 'initrd: rootfs\n'))).toHaveLength(1);
    expect(await messages(unikraft(rows, root + unpack('unpack', 4, '/'), 'initrd: rootfs\n'))).toHaveLength(1);
    const own = (effects: string) => `${HEAD}initrd: rootfs\nmounts:\n${rows}libraries:\n  vfscore:\n    initcalls:\n${root}      - { fn: own, level: rootfs, prio: 4, effects: [${effects}] }\n`;
    expect(await messages(own('{ extract-initrd: { to: / } }, { mount: { from: fstab } }'))).toEqual([]);
    expect(await messages(own('{ mount: { from: fstab } }, { extract-initrd: { to: / } }'))).toHaveLength(1);
  });

  it('takes the driver of the first mount at the parent: the fstab\'s first row there, else an entry\'s mount (ramfs by default)', async () => {
    expect(await messages(unikraft(row('/', 'devfs') + row('/x') + row('/')))).toEqual([
      '`vfscore.vfscore_automount` mounts ramfs at /x from the fstab, but /x cannot exist: / is a fresh devfs and the entry has no mkmp',
    ]);
    const root = single('root', 2, '/');
    expect(await messages(unikraft(row('/d/x'), root + single('early', 3, '/d', 'devfs')))).toEqual([
      '`vfscore.vfscore_automount` mounts ramfs at /d/x from the fstab, but /d/x cannot exist: /d is a fresh devfs and the entry has no mkmp',
    ]);
    const noFs = '      - { fn: early, level: rootfs, prio: 3, effects: [{ mount: { dev: none, at: /d } }] }\n';
    expect(await messages(unikraft(row('/d/x'), root + noFs))).toEqual([
      '`vfscore.vfscore_automount` mounts ramfs at /d/x from the fstab, but /d/x cannot exist: /d is a fresh ramfs and the entry has no mkmp',
    ]);
  });

  it('counts no mount of an entry without an init function, and an extraction into / by default', async () => {
    const termOnly = '      - { term: t, level: rootfs, prio: 3, effects: [{ mount: { dev: none, at: /x/y, fs: ramfs } }] }\n';
    expect(await messages(unikraft(row('/') + row('/x'), termOnly))).toHaveLength(1);
    const unpackDefault = '      - { fn: unpack, level: rootfs, prio: 3, effects: [{ extract-initrd: {} }] }\n';
    expect(await messages(unikraft(row('/') + row('/x'), unpackDefault, 'initrd: rootfs\n'))).toEqual([]);
  });

  it('goes on past a row whose point is mounted already (mount-point-busy\'s), as the replay with a host does', async () => {
    expect(await messages(unikraft(row('/') + row('/tmp', 'ramfs', ', opts: mkmp') + row('/tmp/x')))).toHaveLength(1);
    for (const hostFiles of [undefined, {}]) {
      expect(await messages(unikraft(row('/') + row('/tmp', 'ramfs', ', opts: mkmp') + row('/tmp') + row('/tmp/x')), hostFiles)).toEqual([
        '`vfscore.vfscore_automount` mounts ramfs at /tmp/x from the fstab, but /tmp/x cannot exist: /tmp is a fresh ramfs and the entry has no mkmp',
      ]);
    }
    expect(await messages(unikraft(row('/') + row('/tmp') + row('/tmp/x'), single('early', 3, '/tmp')))).toEqual([]);
    expect(await messages(unikraft(row('/') + row('/tmp') + row('/tmp/x'), single('late', 5, '/tmp')))).toHaveLength(2);
  });

  it('judges a second entry that mounts the fstab as though the first one worked: its / is busy, its rows are not judged, as with the host', async () => {
    const again = '      - { fn: again, level: late, prio: 1, effects: [{ mount: { from: fstab } }] }\n';
    for (const hostFiles of [undefined, {}]) {
      expect(await messages(unikraft(row('/') + row('/x'), again), hostFiles)).toEqual([
        '`vfscore.vfscore_automount` mounts ramfs at /x from the fstab, but /x cannot exist: / is a fresh ramfs and the entry has no mkmp',
      ]);
    }
  });

  it('on Linux, judges a row by the mount on top of its parent when it runs', async () => {
    expect(await witnessProblems(linux(row('/x')), CODE)).toEqual([null]);
    expect(await messages(linux(row('/x')))).toEqual([
      '`vfscore.vfscore_automount` mounts ramfs at /x from the fstab, but /x cannot exist: / is a fresh ramfs and the entry has no mkmp',
    ]);
    expect(await messages(linux(row('/', 'devfs') + row('/x')))).toEqual([
      '`vfscore.vfscore_automount` mounts ramfs at /x from the fstab, but /x cannot exist: / is a fresh devfs and the entry has no mkmp',
    ]);
    // Under a 9p share, whose folders only the host shows, no claim; a share of a device the
    // plan does not have mounts nothing (mount-source-missing's), and /x is under the initial
    // rootfs, as the replay with a host says.
    const share = linux(row('/', '9pfs', '', 'fs0') + row('/x'), '      - { fn: probe, level: core, effects: [{ probe-buses: {} }] }\n');
    expect(await messages(share.replace('mounts:', 'devices:\n  - { kind: virtio-9p, tag: fs0, hostdir: guest_fs }\nmounts:'))).toEqual([]);
    for (const hostFiles of [undefined, {}]) {
      expect(await messages(linux(row('/', '9pfs', '', 'fs0') + row('/x')), hostFiles)).toEqual([
        '`vfscore.vfscore_automount` mounts ramfs at /x from the fstab, but /x cannot exist: / is a fresh ramfs and the entry has no mkmp',
      ]);
    }
    // A second mount of /tmp stacks: the fstab goes on, and /tmp/x is under the devfs on top.
    expect(await messages(linux(row('/') + row('/tmp', 'ramfs', ', opts: mkmp') + row('/tmp', 'devfs') + row('/tmp/x')))).toEqual([
      '`vfscore.vfscore_automount` mounts ramfs at /tmp/x from the fstab, but /tmp/x cannot exist: /tmp is a fresh devfs and the entry has no mkmp',
    ]);
    // An entry before the fstab mounts on top of /; one after it does not count.
    const early = '      - { fn: early, level: core, effects: [{ mount: { dev: none, at: /, fs: devfs } }] }\n';
    expect(await messages(linux(row('/x'), early))).toEqual([
      '`vfscore.vfscore_automount` mounts ramfs at /x from the fstab, but /x cannot exist: / is a fresh devfs and the entry has no mkmp',
    ]);
    const late = '      - { fn: late, level: late, effects: [{ mount: { dev: fs0, at: /, fs: 9pfs } }] }\n';
    expect(await messages(linux(row('/x'), late))).toHaveLength(1);
  });

  it('is quiet without an fstab, without an entry that mounts it, and on rows at / or with mkmp', async () => {
    expect(await messages(unikraft(''))).toEqual([]);
    expect(await messages(`${HEAD}mounts:\n${row('/')}${row('/x')}libraries:\n  a:\n    initcalls:\n${single('m', 4, '/')}`)).toEqual([]);
    expect(await messages(unikraft(row('/') + row('/x', 'ramfs', ', opts: mkmp')))).toEqual([]);
    expect(await messages(`${HEAD}cmdline: 'vfs.fstab=["none:/:ramfs" "none:/x:ramfs:::mkmp"] --'\nlibraries:\n  vfscore:\n    initcalls:\n${AUTOMOUNT}`)).toEqual([]);
  });
});

describe('mount-point-missing without a host, where the initrd is unpacked', () => {
  const INITRD = { 'rootfs/x/.keep': '', 'rootfs/a/b/.keep': '' };

  it('makes no claim under an fstab extraction into / that mounts nothing (ramfs=0), which the replay shows holds the point', async () => {
    const text = linux(row('/', 'extract', ', opts: ramfs=0', 'initrd0') + row('/x')).replace('mounts:', 'initrd: rootfs\nmounts:');
    expect(await messages(text, INITRD)).toEqual([]);
    expect(await messages(text)).toEqual([]);
  });

  it('makes no claim under a mount an extraction into / went through after it was mounted', async () => {
    const text = `${HEAD}initrd: rootfs\nmounts:\n${row('/a/b')}libraries:\n  fs:\n    initcalls:\n      - { fn: mount_root, level: rootfs, prio: 4, effects: [{ mount: { dev: none, at: /, fs: ramfs } }, { mount: { dev: none, at: /a, fs: ramfs } }] }\n      - { fn: unpack, level: rootfs, prio: 5, effects: [{ extract-initrd: { to: / } }] }\n      - { fn: vfscore_automount, level: rootfs, prio: 6, effects: [{ mount: { from: fstab } }] }\n`;
    expect(await messages(text, INITRD)).toEqual([]);
    expect(await messages(text)).toEqual([]);
  });

  it('still claims a point under a mount made after the extraction into / (the mount hides what it unpacked)', async () => {
    const text = unikraft(row('/', 'extract', '', 'initrd0') + row('/a', 'ramfs', ', opts: mkmp') + row('/a/b'), '', 'initrd: rootfs\n');
    const claim = '`vfscore.vfscore_automount` mounts ramfs at /a/b from the fstab, but /a/b cannot exist: /a is a fresh ramfs and the entry has no mkmp';
    expect(await messages(text, INITRD)).toEqual([claim]);
    expect(await messages(text)).toEqual([claim]);
  });

  it('goes on past an extraction row that mounts nothing where something is mounted (ramfs=0, ramfs=2): it is refused nothing', async () => {
    for (const opts of ['ramfs=0', 'ramfs=2']) {
      const text = unikraft(row('/') + row('/a', 'ramfs', ', opts: mkmp') + row('/b', 'ramfs', ', opts: mkmp') + row('/a', 'extract', `, opts: ${opts}`, 'initrd0') + row('/b/c'), '', 'initrd: rootfs\n');
      const claim = '`vfscore.vfscore_automount` mounts ramfs at /b/c from the fstab, but /b/c cannot exist: /b is a fresh ramfs and the entry has no mkmp';
      expect(await messages(text, INITRD)).toEqual([claim]);
      expect(await messages(text)).toEqual([claim]);
    }
  });
});

describe('mount-point-missing through a symlink the initrd unpacked', () => {
  const cpio = (target: string) => new TextDecoder().decode(writeCpio([{ name: 'link', type: 'symlink', data: new TextEncoder().encode(target) }]));
  const text = `${HEAD}initrd: initrd.cpio\nlibraries:\n  fs:\n    initcalls:\n      - { fn: unpack, level: rootfs, prio: 1, effects: [{ mount: { dev: none, at: /, fs: ramfs } }, { mount: { dev: none, at: /mnt, fs: ramfs } }, { extract-initrd: {} }] }\n      - { fn: use, level: rootfs, prio: 2, effects: [{ mount: { dev: none, at: /link/x, fs: ramfs, mkmp: false } }] }\n`;

  it('says the folder is missing where the symlink leads: in the ramfs mounted there, not in the unpacked tree', async () => {
    const hostFiles = { 'initrd.cpio': cpio('/mnt') };
    expect(await witnessProblems(text, CODE, hostFiles)).toEqual([null]);
    expect(await messages(text, hostFiles)).toEqual([
      '`fs.use` mounts ramfs at /link/x with `mkmp: false`, but /link/x does not exist when it runs: /mnt holds a ramfs without it',
    ]);
  });

  it('takes a symlink that leads nowhere as the unpacked tree\'s (initrd-unusable\'s), and the check goes on', async () => {
    expect((await findings(text, { hostFiles: { 'initrd.cpio': cpio('/nowhere') } })).map((f) => `${f.code}: ${f.message}`)).toMatchInlineSnapshot(`
      [
        "initrd-unusable: \`fs.use\` mounts ramfs at /link/x, which fails with -2: mount point /link/x does not exist",
      ]
    `);
  });
});

describe('mount-point-missing, a single mount with `mkmp: false` beside the fstab', () => {
  it('reports an fstab row once, and no single mount that fails for another reason than its point (ENODEV)', async () => {
    const nodev = '      - { fn: share, level: late, effects: [{ mount: { dev: fs9, at: /, fs: 9pfs, mkmp: false } }] }\n';
    expect(await messages(linux(row('/x'), nodev), {})).toEqual([
      '`vfscore.vfscore_automount` mounts ramfs at /x from the fstab, but /x cannot exist: / is a fresh ramfs and the entry has no mkmp',
    ]);
  });
});

describe('mount-point-missing without a host, over shares and an initrd of unknown contents', () => {
  const SHARE = 'devices:\n  - { kind: virtio-9p, tag: fs0, hostdir: guest_fs }\n';
  const probe = '      - { fn: probe, level: core, effects: [{ probe-buses: {} }] }\n';
  const linuxWith = (head: string, rows: string) => linux(rows, probe).replace('mounts:', `${head}mounts:`);

  it('takes a row beneath a share as there (the folder may be) and judges the rows under the ramfs it mounts, as the host that has the folder does', async () => {
    const text = linuxWith(SHARE, row('/', '9pfs', '', 'fs0') + row('/x') + row('/x/y'));
    const claim = '`vfscore.vfscore_automount` mounts ramfs at /x/y from the fstab, but /x/y cannot exist: /x is a fresh ramfs and the entry has no mkmp';
    expect(await messages(text)).toEqual([claim]);
    expect(await messages(text, { 'guest_fs/x/.keep': '' })).toEqual([claim]);
  });

  it('takes a row beneath an extraction as there and judges the rows under the ramfs it mounts, as the host whose initrd has the folder does', async () => {
    const text = linuxWith('initrd: rootfs\n', row('/', 'extract', ', opts: ramfs=0', 'initrd0') + row('/x') + row('/x/y'));
    const claim = '`vfscore.vfscore_automount` mounts ramfs at /x/y from the fstab, but /x/y cannot exist: /x is a fresh ramfs and the entry has no mkmp';
    expect(await messages(text)).toEqual([claim]);
    expect(await messages(text, { 'rootfs/x/.keep': '' })).toEqual([claim]);
  });
});

describe('mount-point-missing under a core step\'s mount', () => {
  /** A profile of one's own whose kernel step mounts the root, written `mount:` (compiler/vfs/core-mount.ts reads it as /). */
  const profile = (base: string, mountOver: string) => ({
    '/virtual/my-os.yaml': readFileSync(`specs/profiles/${base}.yaml`, 'utf8').replace(/^name: .*$/m, 'name: myos').replace(/^mountOver: .*$/m, `mountOver: ${mountOver}`)
      .replace('provides: [kernel, sched, alloc, time]', "provides: [kernel, sched, alloc, time, 'mount:']").replace("provides: [vfs, 'mount:/']", "provides: [vfs, 'mount:']"),
  });
  const text = (level: string) => `bootplan: 1\nname: t\nprofile: ./my-os.yaml\nmounts:\n${row('/x')}libraries:\n  fs:\n    initcalls:\n      - { fn: automount, level: ${level}, effects: [{ mount: { from: fstab } }] }\n`;
  const claim = '`fs.automount` mounts ramfs at /x from the fstab, but /x cannot exist: / is a fresh ramfs and the entry has no mkmp';

  it('judges a row under the ramfs a bare `mount:` step mounted at /, with or without a host', async () => {
    for (const [base, level, mountOver] of [['zephyr@3', 'POST_KERNEL', 'busy'], ['linux@6.1', 'postcore', 'stack']] as const) {
      const files = profile(base, mountOver);
      expect((await findings(text(level), { code: CODE, files })).map((f) => f.message), base).toEqual([claim]);
      expect((await findings(text(level), { code: CODE, files, hostFiles: {} })).map((f) => f.message), base).toEqual([claim]);
    }
  });
});
