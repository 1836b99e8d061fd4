import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mountPointBusy } from '../../../../compiler/check/rules/mount-point-busy.js';
import { findings } from '../../../helpers/findings.js';
import { HEAD } from '../../../helpers/plans.js';
import { witnessProblems } from './witness-replays.js';

const CODE = 'mount-point-busy';
const AUTOMOUNT = '      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }\n';
const unikraft = (mounts: string, initcalls: string, head = '') => `${HEAD}${head}${mounts ? `mounts:\n${mounts}` : ''}libraries:\n  vfscore:\n    initcalls:\n${initcalls}`;
const zephyr = (initcalls: string) => `bootplan: 1\nname: t\nprofile: zephyr@3\nlibraries:\n  fs:\n    initcalls:\n${initcalls}`;
const mountAt = (fn: string, prio: number, at: string, more = '') => `      - { fn: ${fn}, level: rootfs, prio: ${prio}, effects: [{ mount: { dev: none, at: ${at}, fs: ramfs${more} } }] }\n`;
/** A profile of one's own: Zephyr's, whose kernel step mounts a ramfs at / (as Linux's vfs_caches_init does). */
const MY_OS = { '/virtual/my-os.yaml': readFileSync('specs/profiles/zephyr@3.yaml', 'utf8').replace('name: zephyr\n', 'name: myos\n').replace('provides: [kernel, sched, alloc, time]', "provides: [kernel, sched, alloc, time, 'mount:/']") };

describe('mount-point-busy, from the replay (a host)', () => {
  it('reports the second mount of / with the first as related place, and a witness that replays', async () => {
    const { failing } = mountPointBusy.example!;
    expect(await witnessProblems(failing, CODE, {})).toEqual([null]);
    expect(await findings(failing, { code: CODE, hostFiles: {} })).toMatchInlineSnapshot(`
      [
        {
          "at": "13:61",
          "code": "mount-point-busy",
          "hint": "keep one mount at /, or mount the other at another directory",
          "message": "\`myfs.myfs_mount\` mounts ramfs at /, which \`vfscore.vfscore_automount\` also mounts: the second mount fails with EBUSY",
          "related": [
            {
              "at": "10:68",
              "message": "the other mount at /",
            },
          ],
          "severity": "error",
          "subjects": [
            "myfs.myfs_mount",
          ],
          "witness": {
            "expect": {
              "entry": "myfs.myfs_mount",
              "kind": "return",
              "rc": -16,
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
              "myfs.myfs_mount",
              "core.banner",
            ],
          },
        },
      ]
    `);
  });

  it('reports a row of the fstab that mounts a point its own earlier row mounted, at the row', async () => {
    const text = unikraft('  - { dev: none, at: /, fs: ramfs }\n  - { dev: none, at: /, fs: devfs }\n', AUTOMOUNT);
    expect(await witnessProblems(text, CODE, {})).toEqual([null]);
    expect(await findings(text, { code: CODE, hostFiles: {} })).toMatchInlineSnapshot(`
      [
        {
          "at": "7:5",
          "code": "mount-point-busy",
          "hint": "keep one mount at /, or mount the other at another directory",
          "message": "\`vfscore.vfscore_automount\` mounts devfs at /, which the same entry also mounts: the second mount fails with EBUSY",
          "related": [
            {
              "at": "11:68",
              "message": "the other mount at /",
            },
          ],
          "severity": "error",
          "subjects": [
            "vfscore.vfscore_automount",
          ],
          "witness": {
            "expect": {
              "entry": "vfscore.vfscore_automount",
              "kind": "return",
              "rc": -16,
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

  it('reports a mount where a core step of the profile has mounted', async () => {
    const text = 'bootplan: 1\nname: t\nprofile: ./my-os.yaml\nlibraries:\n  fs:\n    initcalls:\n      - { fn: mount_root, level: POST_KERNEL, prio: 1, effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }\n';
    expect(await witnessProblems(text, CODE, {}, MY_OS)).toEqual([null]);
    expect(await findings(text, { code: CODE, hostFiles: {}, files: MY_OS })).toMatchInlineSnapshot(`
      [
        {
          "at": "7:66",
          "code": "mount-point-busy",
          "hint": "mount at another directory than /",
          "message": "\`fs.mount_root\` mounts ramfs at /, where core step "kernel started: multithreading, the main thread, the heap" has mounted a ramfs already: the mount fails with EBUSY",
          "severity": "error",
          "subjects": [
            "fs.mount_root",
          ],
          "witness": {
            "expect": {
              "entry": "fs.mount_root",
              "kind": "return",
              "rc": -16,
            },
            "order": [
              "core.boot",
              "core.z_cstart",
              "core.z_early_init",
              "core.kernel",
              "fs.mount_root",
            ],
          },
        },
      ]
    `);
  });

  it('is quiet on a mount over a point whose first mount failed and held nothing (Zephyr goes on past it)', async () => {
    const text = zephyr('      - { fn: mount_root, level: POST_KERNEL, prio: 1, effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }\n      - { fn: mount_a, level: POST_KERNEL, prio: 2, effects: [{ mount: { dev: none, at: /data, fs: ramfs, mkmp: false } }] }\n      - { fn: mount_b, level: POST_KERNEL, prio: 3, effects: [{ mount: { dev: none, at: /data, fs: ramfs } }] }\n');
    expect(await findings(text, { code: CODE, hostFiles: {} })).toEqual([]);
    // As declared (no host), every mount before it counts.
    expect((await findings(text, { code: CODE })).map((f) => f.message)).toEqual(['`fs.mount_b` mounts ramfs at /data, which `fs.mount_a` also mounts: the second mount fails with EBUSY']);
  });

  it('is quiet on a mount over a point an fstab mounted and took off again when a later row failed', async () => {
    const text = `bootplan: 1\nname: t\nprofile: zephyr@3\nmounts:\n  - { dev: none, at: /, fs: ramfs }\n  - { dev: none, at: /missing, fs: ramfs }\nlibraries:\n  fs:\n    initcalls:\n      - { fn: automount, level: POST_KERNEL, prio: 1, effects: [{ mount: { from: fstab } }] }\n      - { fn: mount_root, level: POST_KERNEL, prio: 2, effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }\n`;
    expect(await findings(text, { code: CODE, hostFiles: {} })).toEqual([]);
  });

  it('is quiet on the fixed example, and on Linux, where mounts stack', async () => {
    expect(await findings(mountPointBusy.example!.fixed, { code: CODE, hostFiles: {} })).toEqual([]);
    const linux = 'bootplan: 1\nname: t\nprofile: linux@6.1\nlibraries:\n  fs:\n    initcalls:\n      - { fn: mount_a, level: fs, effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }\n      - { fn: mount_b, level: fs, effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }\n';
    expect(await findings(linux, { code: CODE, hostFiles: {} })).toEqual([]);
    expect(await findings(linux, { code: CODE })).toEqual([]);
    expect((await findings(linux, { hostFiles: {} })).map((f) => f.code)).toEqual(['nothing-proven']);
  });
});

describe('mount-point-busy, from the declarations (no host)', () => {
  it('reports the second mount of / without a witness', async () => {
    expect(await findings(mountPointBusy.example!.failing, { code: CODE })).toMatchInlineSnapshot(`
      [
        {
          "at": "13:61",
          "code": "mount-point-busy",
          "hint": "keep one mount at /, or mount the other at another directory",
          "message": "\`myfs.myfs_mount\` mounts ramfs at /, which \`vfscore.vfscore_automount\` also mounts: the second mount fails with EBUSY",
          "related": [
            {
              "at": "10:68",
              "message": "the other mount at /",
            },
          ],
          "severity": "error",
          "subjects": [
            "myfs.myfs_mount",
          ],
        },
      ]
    `);
  });

  it('reports two mount effects of one entry at one point as the same entry\'s, at the second effect', async () => {
    const text = unikraft('', '      - { fn: m, level: rootfs, prio: 4, effects: [{ mount: { dev: none, at: /, fs: ramfs } }, { mount: { dev: none, at: /, fs: devfs } }] }\n');
    expect(await findings(text, { code: CODE })).toMatchInlineSnapshot(`
      [
        {
          "at": "8:96",
          "code": "mount-point-busy",
          "hint": "keep one mount at /, or mount the other at another directory",
          "message": "\`vfscore.m\` mounts devfs at /, which the same entry also mounts: the second mount fails with EBUSY",
          "related": [
            {
              "at": "8:52",
              "message": "the other mount at /",
            },
          ],
          "severity": "error",
          "subjects": [
            "vfscore.m",
          ],
        },
      ]
    `);
  });

  it('reports the one that runs second in the default order, whatever the declaration order', async () => {
    const text = unikraft('', mountAt('late', 6, '/') + mountAt('early', 5, '/'));
    expect((await findings(text, { code: CODE })).map((f) => f.subjects)).toEqual([['vfscore.late']]);
  });

  it('reports a mount where a core step of the profile has mounted, only when the step runs first', async () => {
    const text = 'bootplan: 1\nname: t\nprofile: ./my-os.yaml\nlibraries:\n  fs:\n    initcalls:\n      - { fn: mount_root, level: POST_KERNEL, prio: 1, effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }\n      - { fn: early_root, level: PRE_KERNEL_1, prio: 1, effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }\n';
    expect((await findings(text, { code: CODE, files: MY_OS })).map((f) => f.message)).toEqual([
      '`fs.mount_root` mounts ramfs at /, where core step "kernel started: multithreading, the main thread, the heap" has mounted a ramfs already: the mount fails with EBUSY',
    ]);
  });

  it('names the first core step that mounts the point, and any point a step mounts', async () => {
    const twoSteps = { '/virtual/my-os.yaml': MY_OS['/virtual/my-os.yaml']!.replace('provides: [irq]', "provides: [irq, 'mount:/']") };
    const text = 'bootplan: 1\nname: t\nprofile: ./my-os.yaml\nlibraries:\n  fs:\n    initcalls:\n      - { fn: mount_root, level: POST_KERNEL, prio: 1, effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }\n';
    expect((await findings(text, { code: CODE, files: twoSteps })).map((f) => f.message)).toEqual([
      '`fs.mount_root` mounts ramfs at /, where core step "BSS, data copy, interrupt stack" has mounted a ramfs already: the mount fails with EBUSY',
    ]);
    // `mount:` with no directory is the root, as the machine reads it (compiler/vfs/core-mount.ts).
    const bare = { '/virtual/my-os.yaml': MY_OS['/virtual/my-os.yaml']!.replace("'mount:/'", "'mount:'") };
    for (const hostFiles of [undefined, {}]) {
      expect((await findings(text, { code: CODE, files: bare, hostFiles })).map((f) => f.message)).toEqual([
        '`fs.mount_root` mounts ramfs at /, where core step "kernel started: multithreading, the main thread, the heap" has mounted a ramfs already: the mount fails with EBUSY',
      ]);
    }
    const twoBare = { '/virtual/my-os.yaml': twoSteps['/virtual/my-os.yaml']!.replaceAll("'mount:/'", "'mount:'") };
    for (const hostFiles of [undefined, {}]) {
      expect((await findings(text, { code: CODE, files: twoBare, hostFiles })).map((f) => f.message)).toEqual([
        '`fs.mount_root` mounts ramfs at /, where core step "BSS, data copy, interrupt stack" has mounted a ramfs already: the mount fails with EBUSY',
      ]);
    }
    // A second step that mounts elsewhere is a holder of its own point.
    const rootThenData = { '/virtual/my-os.yaml': MY_OS['/virtual/my-os.yaml']!.replace('provides: [irq]', "provides: [irq, 'mount:/']").replace("time, 'mount:/']", "time, 'mount:/data']") };
    expect((await findings(text.replace('at: /,', 'at: /data,'), { code: CODE, files: rootThenData })).map((f) => f.message)).toEqual([
      '`fs.mount_root` mounts ramfs at /data, where core step "kernel started: multithreading, the main thread, the heap" has mounted a ramfs already: the mount fails with EBUSY',
    ]);
    const dataStep = { '/virtual/my-os.yaml': MY_OS['/virtual/my-os.yaml']!.replace("'mount:/'", "'mount:/data'") };
    const data = text.replace('at: /,', 'at: /data,');
    expect((await findings(data, { code: CODE, files: dataStep })).map((f) => f.message)).toEqual([
      '`fs.mount_root` mounts ramfs at /data, where core step "kernel started: multithreading, the main thread, the heap" has mounted a ramfs already: the mount fails with EBUSY',
    ]);
  });

  it('reads the ramfs= ukopt on extract rows only, and looks at every entry for a mount effect', async () => {
    const rows = '  - { dev: none, at: /, fs: ramfs }\n  - { dev: none, at: /, fs: devfs, opts: ramfs=0 }\n';
    const other = '      - { fn: log_first, level: rootfs, prio: 1, effects: [{ log: { msg: hi } }] }\n';
    expect((await findings(unikraft(rows, other + AUTOMOUNT), { code: CODE })).map((f) => f.message)).toEqual([
      '`vfscore.vfscore_automount` mounts devfs at /, which the same entry also mounts: the second mount fails with EBUSY',
    ]);
    const mixed = '      - { fn: m, level: rootfs, prio: 4, effects: [{ log: { msg: hi } }, { mount: { dev: none, at: /, fs: ramfs } }, { mount: { dev: none, at: /, fs: devfs } }] }\n';
    for (const hostFiles of [undefined, {}]) expect((await findings(unikraft('', mixed), { code: CODE, hostFiles })).map((f) => f.subjects)).toEqual([['vfscore.m']]);
  });

  it('counts an extract row as a mount only when it mounts a ramfs (ramfs=1, the default)', async () => {
    const rows = (opts: string) => `  - { dev: none, at: /, fs: ramfs }\n  - { dev: initrd0, at: /, fs: extract${opts} }\n`;
    expect((await findings(unikraft(rows(''), AUTOMOUNT), { code: CODE })).map((f) => f.code)).toEqual([CODE]);
    expect((await findings(unikraft(rows(', opts: ramfs=1'), AUTOMOUNT), { code: CODE })).map((f) => f.code)).toEqual([CODE]);
    expect(await findings(unikraft(rows(', opts: ramfs=0'), AUTOMOUNT), { code: CODE })).toEqual([]);
    expect(await findings(unikraft(rows(', opts: ramfs=2'), AUTOMOUNT), { code: CODE })).toEqual([]);
    expect(await findings(unikraft(rows(", opts: 'mkmp,ramfs=0'"), AUTOMOUNT), { code: CODE })).toEqual([]);
  });

  it('reports each row a second fstab user mounts again, as the replay with a host does (it tries the rows past a failed one)', async () => {
    const rows = '  - { dev: none, at: /, fs: ramfs }\n  - { dev: none, at: /x, fs: ramfs, opts: mkmp }\n';
    const again = '      - { fn: again, level: late, prio: 1, effects: [{ mount: { from: fstab } }] }\n';
    for (const hostFiles of [undefined, {}]) {
      expect((await findings(unikraft(rows, AUTOMOUNT + again), { code: CODE, hostFiles })).map((f) => [f.at, f.message])).toEqual([
        ['6:5', '`vfscore.again` mounts ramfs at /, which `vfscore.vfscore_automount` also mounts: the second mount fails with EBUSY'],
        ['7:5', '`vfscore.again` mounts ramfs at /x, which `vfscore.vfscore_automount` also mounts: the second mount fails with EBUSY'],
      ]);
    }
  });

  it('counts an extract row with ramfs=2 where nothing is mounted as the ramfs it mounts there, as the replay with a host does', async () => {
    const rows = '  - { dev: initrd0, at: /, fs: extract, opts: ramfs=2 }\n  - { dev: none, at: /, fs: ramfs }\n';
    for (const hostFiles of [undefined, { 'rootfs/etc/motd': 'hello\n' }]) expect((await findings(unikraft(rows, AUTOMOUNT, 'initrd: rootfs\n'), { code: CODE, hostFiles })).map((f) => [f.at, f.message])).toEqual([
      ['8:5', '`vfscore.vfscore_automount` mounts ramfs at /, which the same entry also mounts: the second mount fails with EBUSY'],
    ]);
  });

  it('is quiet on mounts of different points, on entries without an init function, and on a plan without a mount effect', async () => {
    expect(await findings(unikraft('', mountAt('a', 4, '/') + mountAt('b', 5, '/tmp')), { code: CODE })).toEqual([]);
    expect(await findings(unikraft('', `${mountAt('a', 4, '/')}      - { term: t, level: rootfs, prio: 5, effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }\n`), { code: CODE })).toEqual([]);
    expect(await findings(unikraft('  - { dev: none, at: /, fs: ramfs }\n  - { dev: none, at: /, fs: ramfs }\n', '      - { fn: f, level: rootfs, prio: 4, effects: [{ log: { msg: hi } }] }\n'), { code: CODE })).toEqual([]);
  });
});
