import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lunaFsRace } from '../../../../compiler/check/rules/fs-race.js';
import { fsTie } from '../../../../compiler/check/rules/fs-tie.js';
import { writeCpio } from '../../../../compiler/cpio.js';
import { findings } from '../../../helpers/findings.js';
import { HEAD } from '../../../helpers/plans.js';
import { witnessProblems } from './witness-replays.js';

const CODE = 'fs-tie';
const bytes = (text: string) => new TextEncoder().encode(text);
/** A cpio newc archive of ASCII names and data is ASCII text: the memory host takes it as a string. */
const ascii = (data: Uint8Array) => String.fromCharCode(...data);
const HOST = {
  'rootfs/data/.keep': '',
  'rootfs/etc/motd': 'hello\n',
  'links.cpio': ascii(writeCpio([{ name: 'etc', type: 'dir' }, { name: 'etc/motd', type: 'symlink', data: bytes('/hello') }])),
};
/** Unikraft with / mounted at rootfs 4 and the initrd `initrd`; `libraries` follow. */
const plan = (libraries: string, initrd = 'rootfs') => `${HEAD}initrd: ${initrd}\nlibraries:\n  vfscore:\n    initcalls:\n      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }\n${libraries}`;
const lib = (name: string, effects: string, extra = '') => `  ${name}:\n    initcalls:\n      - { fn: ${name}_init, level: rootfs, prio: 5${extra}, effects: [${effects}] }\n`;
const UNPACK = lib('unpack', '{ extract-initrd: { to: / } }');
const MOUNT_DATA = lib('data', '{ mount: { dev: none, at: /data, fs: ramfs, mkmp: false } }');
const MOUNT_ETC = lib('etc', '{ mount: { dev: none, at: /etc, fs: ramfs } }');

describe('fs-tie', () => {
  it('reports a tie whose other link order fails, with that order as the witness', async () => {
    const { failing, hostFiles } = fsTie.example!;
    expect(await witnessProblems(failing, CODE, hostFiles)).toEqual([null]);
    expect(await findings(failing, { code: CODE, hostFiles })).toMatchInlineSnapshot(`
      [
        {
          "at": "17:9",
          "code": "fs-tie",
          "hint": "give them different priorities: \`prio: after(unpack.unpack_initrd)\` on data.mount_data keeps the declared order",
          "message": "\`data.mount_data\` and \`unpack.unpack_initrd\` both change the filesystem at rootfs 5, and nothing orders them: in a link order that runs data.mount_data first, data.mount_data fails with -2 (mount point /data does not exist)",
          "related": [
            {
              "at": "14:9",
              "message": "unpack.unpack_initrd: the other entry",
            },
          ],
          "severity": "error",
          "subjects": [
            "data.mount_data",
            "unpack.unpack_initrd",
          ],
          "witness": {
            "expect": {
              "entry": "data.mount_data",
              "kind": "return",
              "rc": -2,
            },
            "move": {
              "before": "unpack.unpack_initrd",
              "entry": "data.mount_data",
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
              "data.mount_data",
              "unpack.unpack_initrd",
              "core.banner",
            ],
          },
        },
      ]
    `);
  });

  it('reports a tie whose declared order fails where the other works, with the declared order as the witness', async () => {
    const text = plan(MOUNT_DATA + UNPACK);
    expect(await witnessProblems(text, CODE, HOST)).toEqual([null]);
    expect(await findings(text, { code: CODE, hostFiles: HOST })).toMatchInlineSnapshot(`
      [
        {
          "at": "15:9",
          "code": "fs-tie",
          "hint": "give them different priorities: \`prio: after(unpack.unpack_init)\` on data.data_init makes the order that works the only one",
          "message": "\`unpack.unpack_init\` and \`data.data_init\` both change the filesystem at rootfs 5, and nothing orders them: in the declared order data.data_init fails with -2 (mount point /data does not exist), in a link order that runs unpack.unpack_init first it does not",
          "related": [
            {
              "at": "12:9",
              "message": "data.data_init: the other entry",
            },
          ],
          "severity": "error",
          "subjects": [
            "unpack.unpack_init",
            "data.data_init",
          ],
          "witness": {
            "expect": {
              "entry": "data.data_init",
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
              "data.data_init",
              "unpack.unpack_init",
              "core.banner",
            ],
          },
        },
      ]
    `);
  });

  it('reports a tie that leaves a different tree, naming the first path that differs', async () => {
    const text = plan(UNPACK + MOUNT_ETC);
    expect(await witnessProblems(text, CODE, HOST)).toEqual([null]);
    expect(await findings(text, { code: CODE, hostFiles: HOST })).toMatchInlineSnapshot(`
      [
        {
          "at": "15:9",
          "code": "fs-tie",
          "hint": "give them different priorities: \`prio: after(unpack.unpack_init)\` on etc.etc_init keeps the declared order",
          "message": "\`etc.etc_init\` and \`unpack.unpack_init\` both change the filesystem at rootfs 5, and nothing orders them: the tree they leave depends on the link order (/etc/motd is missing in the declared order, a file on ramfs:none (6 bytes) with etc.etc_init first)",
          "related": [
            {
              "at": "12:9",
              "message": "unpack.unpack_init: the other entry",
            },
          ],
          "severity": "error",
          "subjects": [
            "etc.etc_init",
            "unpack.unpack_init",
          ],
          "witness": {
            "expect": {
              "entry": "etc.etc_init",
              "first": "unpack.unpack_init",
              "kind": "order",
            },
            "move": {
              "before": "unpack.unpack_init",
              "entry": "etc.etc_init",
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
              "etc.etc_init",
              "unpack.unpack_init",
              "core.banner",
            ],
          },
        },
      ]
    `);
  });

  it('says what each order leaves: a directory, a file and its size, a symlink and its target, or nothing', async () => {
    expect((await findings(plan(MOUNT_ETC + UNPACK), { code: CODE, hostFiles: HOST })).map((f) => f.message)).toEqual([
      '`unpack.unpack_init` and `etc.etc_init` both change the filesystem at rootfs 5, and nothing orders them: the tree they leave depends on the link order (/etc/motd is a file on ramfs:none (6 bytes) in the declared order, missing with unpack.unpack_init first)',
    ]);
    expect((await findings(plan(UNPACK + MOUNT_ETC, 'links.cpio'), { code: CODE, hostFiles: HOST })).map((f) => f.message)).toEqual([
      '`etc.etc_init` and `unpack.unpack_init` both change the filesystem at rootfs 5, and nothing orders them: the tree they leave depends on the link order (/etc/motd is missing in the declared order, a symlink on ramfs:none -> /hello with etc.etc_init first)',
    ]);
    const dirs = plan(UNPACK + lib('data', '{ mount: { dev: none, at: /data, fs: ramfs } }'), 'dirs');
    expect((await findings(dirs, { code: CODE, hostFiles: { 'dirs/data/sub/file': 'x' } })).map((f) => f.message)).toEqual([
      '`data.data_init` and `unpack.unpack_init` both change the filesystem at rootfs 5, and nothing orders them: the tree they leave depends on the link order (/data/sub is missing in the declared order, a directory on ramfs:none with data.data_init first)',
    ]);
  });

  it('names the first differing path in name order, not tree order', async () => {
    // Both /a/x and /a-b/y differ; "/a-b/y" sorts first ('-' before '/'), though /a's subtree comes first in the tree.
    const both = lib('both', '{ mount: { dev: none, at: /a, fs: ramfs } }, { mount: { dev: none, at: /a-b, fs: ramfs } }');
    expect((await findings(plan(UNPACK + both, 'dash'), { code: CODE, hostFiles: { 'dash/a/x': 'x', 'dash/a-b/y': 'y' } })).map((f) => f.message)).toEqual([
      '`both.both_init` and `unpack.unpack_init` both change the filesystem at rootfs 5, and nothing orders them: the tree they leave depends on the link order (/a-b/y is missing in the declared order, a file on ramfs:none (1 bytes) with both.both_init first)',
    ]);
  });

  it('tries at most 64 pairs of one key, among the entries with an init function that mount or unpack', async () => {
    // Two extractions into / and 33 mounts at one key, and before them a log-only entry and a
    // term-only mount (no pairs: nothing the replay follows) and an entry that logs and mounts /q.
    // Running a mount first runs it before both extractions, which then fill its point. Tried in
    // order: q with the other 35 (the 33 mounts differ; with an extraction, the other one still
    // fills /q), the extractions together (they commute), then the first extraction with the first
    // 28 mounts: 61 of the 64 pairs tried are reported.
    const points = Array.from({ length: 33 }, (_, i) => `p${String(i).padStart(2, '0')}`);
    const mounts = points.map((p) => lib(p, `{ mount: { dev: none, at: /${p}, fs: ramfs } }`)).join('');
    const hostFiles = Object.fromEntries([...points, 'q'].map((p) => [`many/${p}/file`, 'x']));
    const first = lib('quiet', '{ log: { msg: hi } }') + `  term:\n    initcalls:\n      - { term: term_only, level: rootfs, prio: 5, effects: [{ mount: { dev: none, at: /t, fs: ramfs } }] }\n` + lib('q', '{ log: { msg: hi } }, { mount: { dev: none, at: /q, fs: ramfs } }');
    const text = plan(first + UNPACK + lib('again', '{ extract-initrd: { to: / } }') + mounts, 'many');
    const found = await findings(text, { code: CODE, hostFiles });
    expect(found).toHaveLength(61);
    expect(found.filter((f) => f.subjects!.includes('q.q_init'))).toHaveLength(33);
  });

  it('tells failures apart by their mount point, and compares the failures of entries after the tie', async () => {
    // `f` needs /x and /y; the initrd has x/ only: run before the extraction, f fails at /x first.
    const host = { 'xonly/x/.keep': '' };
    const needs = lib('f', '{ mount: { dev: none, at: /x, fs: ramfs, mkmp: false } }, { mount: { dev: none, at: /y, fs: ramfs, mkmp: false } }');
    expect((await findings(plan(UNPACK + needs, 'xonly'), { code: CODE, hostFiles: host })).map((f) => f.message)).toEqual([
      '`f.f_init` and `unpack.unpack_init` both change the filesystem at rootfs 5, and nothing orders them: in a link order that runs f.f_init first, f.f_init fails with -2 (mount point /x does not exist)',
    ]);
    // After the tie, an extraction into /etc/motd/x: a file is in the way only where /etc's ramfs holds motd.
    const late = '  late:\n    initcalls:\n      - { fn: late_unpack, level: rootfs, prio: 6, effects: [{ extract-initrd: { to: /etc/motd/x } }] }\n';
    const text = plan(UNPACK + MOUNT_ETC + late);
    expect(await witnessProblems(text, CODE, HOST)).toEqual([null]);
    expect((await findings(text, { code: CODE, hostFiles: HOST })).map((f) => f.message)).toEqual([
      '`etc.etc_init` and `unpack.unpack_init` both change the filesystem at rootfs 5, and nothing orders them: in a link order that runs etc.etc_init first, late.late_unpack fails with -20 (/etc/motd is not a directory (ENOTDIR))',
    ]);
  });

  it('pairs two mount effects at different points, and a pair of the only two entries that change the filesystem', async () => {
    const unpackRow = lib('unpack', '{ mount: { dev: initrd0, at: /, fs: extract, opts: ramfs=0 } }');
    expect((await findings(plan(unpackRow + MOUNT_ETC), { code: CODE, hostFiles: HOST })).map((f) => f.subjects)).toEqual([['etc.etc_init', 'unpack.unpack_init']]);
    // The root mounted by the profile's kernel step (a profile of one's own): two entries in all.
    const files = { '/virtual/my-os.yaml': readFileSync('specs/profiles/zephyr@3.yaml', 'utf8').replace('name: zephyr\n', 'name: myos\n').replace('provides: [kernel, sched, alloc, time]', "provides: [kernel, sched, alloc, time, 'mount:/']") };
    const two = `bootplan: 1\nname: t\nprofile: ./my-os.yaml\ninitrd: rootfs\nlibraries:\n  fs:\n    initcalls:\n      - { fn: unpack, level: POST_KERNEL, prio: 3, effects: [{ extract-initrd: { to: / } }] }\n      - { fn: etc, level: POST_KERNEL, prio: 3, effects: [{ mount: { dev: none, at: /etc, fs: ramfs } }] }\n`;
    expect((await findings(two, { code: CODE, hostFiles: HOST, files })).map((f) => f.subjects)).toEqual([['fs.etc', 'fs.unpack']]);
  });

  it('is quiet when the two commute, are ordered, or mount one point (mount-point-busy\'s)', async () => {
    const quiet = async (text: string, hostFiles: Record<string, string> | undefined = HOST) => expect(await findings(text, { code: CODE, hostFiles })).toEqual([]);
    await quiet(fsTie.example!.fixed, fsTie.example!.hostFiles);
    await quiet(plan(lib('a', '{ mount: { dev: none, at: /a, fs: ramfs } }') + lib('b', '{ mount: { dev: none, at: /b, fs: ramfs } }')));
    await quiet(plan(UNPACK + lib('data', '{ mount: { dev: none, at: /data, fs: ramfs, mkmp: false } }', ", uses: ['initrd:/']")));
    await quiet(plan(lib('data', '{ mount: { dev: none, at: /data, fs: ramfs, mkmp: false } }', ", uses: ['initrd:/']") + UNPACK));
    await quiet(plan(lib('a', '{ mount: { dev: none, at: /a, fs: ramfs } }') + lib('b', '{ mount: { dev: none, at: /a, fs: devfs } }')));
    // One entry that changes the filesystem at the key, or none: no pair.
    await quiet(plan(UNPACK + lib('other', '{ log: { msg: hi } }')));
    await quiet(plan(UNPACK + `  other:\n    initcalls:\n      - { term: other_term, level: rootfs, prio: 5, effects: [{ mount: { dev: none, at: /etc, fs: ramfs } }] }\n`));
  });

  it('is quiet without a host, on Linux (ties run in link order) and on Luna (fs-race\'s)', async () => {
    expect(await findings(fsTie.example!.failing, { code: CODE })).toEqual([]);
    const linux = `bootplan: 1\nname: t\nprofile: linux@6.1\ninitrd: rootfs\nlibraries:\n  a:\n    initcalls:\n      - { fn: unpack, level: rootfs, effects: [{ extract-initrd: { to: / } }] }\n      - { fn: etc, level: rootfs, effects: [{ mount: { dev: none, at: /etc, fs: ramfs } }] }\n`;
    expect(await findings(linux, { code: CODE, hostFiles: HOST })).toEqual([]);
    expect(await findings(lunaFsRace.example!.failing, { code: CODE, hostFiles: {} })).toEqual([]);
  });

  it('reports two mounts of one point at one key where the profile stacks mounts and leaves ties unordered', async () => {
    const files = { '/virtual/my-os.yaml': readFileSync('specs/profiles/zephyr@3.yaml', 'utf8').replace('name: zephyr\n', 'name: myos\n').replace('mountOver: busy', 'mountOver: stack') };
    const text = `bootplan: 1\nname: t\nprofile: ./my-os.yaml\nlibraries:\n  fs:\n    initcalls:\n      - { fn: root, level: POST_KERNEL, prio: 1, effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }\n      - { fn: a, level: POST_KERNEL, prio: 2, effects: [{ mount: { dev: none, at: /x, fs: ramfs } }] }\n      - { fn: b, level: POST_KERNEL, prio: 2, effects: [{ mount: { dev: none, at: /x, fs: devfs } }] }\n`;
    expect((await findings(text, { code: CODE, hostFiles: {}, files })).map((f) => f.message)).toEqual([
      '`fs.b` and `fs.a` both change the filesystem at POST_KERNEL 2, and nothing orders them: the tree they leave depends on the link order (/x is a directory on devfs:none in the declared order, a directory on ramfs:none with fs.b first)',
    ]);
  });

  it('leaves a tie behind an earlier failure alone, and one where both orders stop at the same failure', async () => {
    const failsFirst = lib('broken', '{ mount: { dev: none, at: /nope, fs: ramfs, mkmp: false } }').replace('prio: 5', 'prio: 4');
    expect(await findings(plan(failsFirst + UNPACK + MOUNT_ETC), { code: CODE, hostFiles: HOST })).toEqual([]);
    // Zephyr goes on past the failure before the tie, which changes what both orders see: not the tie's.
    const zephyr = (broken: string) => `bootplan: 1\nname: t\nprofile: zephyr@3\ninitrd: rootfs\nlibraries:\n  fs:\n    initcalls:\n      - { fn: root, level: POST_KERNEL, prio: 1, effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }\n${broken}      - { fn: unpack, level: POST_KERNEL, prio: 3, effects: [{ extract-initrd: { to: / } }] }\n      - { fn: etc, level: POST_KERNEL, prio: 3, effects: [{ mount: { dev: none, at: /etc, fs: ramfs } }] }\n`;
    expect(await findings(zephyr(''), { code: CODE, hostFiles: HOST })).toHaveLength(1);
    expect(await findings(zephyr('      - { fn: broken, level: POST_KERNEL, prio: 2, effects: [{ mount: { dev: none, at: /nope, fs: ramfs, mkmp: false } }] }\n'), { code: CODE, hostFiles: HOST })).toEqual([]);
    const failsLater = lib('broken', '{ mount: { dev: none, at: /nope, fs: ramfs, mkmp: false } }').replace('prio: 5', 'prio: 6');
    expect(await findings(plan(UNPACK + MOUNT_ETC + failsLater), { code: CODE, hostFiles: HOST })).toEqual([]);
    const failsInTie = lib('broken', '{ mount: { dev: none, at: /nope, fs: ramfs, mkmp: false } }');
    expect(await findings(plan(lib('a', '{ mount: { dev: none, at: /a, fs: ramfs } }') + failsInTie), { code: CODE, hostFiles: HOST })).toEqual([]);
  });
});
