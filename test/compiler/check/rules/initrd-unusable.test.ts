import { describe, expect, it } from 'vitest';
import { initrdUnusable } from '../../../../compiler/check/rules/initrd-unusable.js';
import { findings } from '../../../helpers/findings.js';
import { HEAD } from '../../../helpers/plans.js';
import { witnessProblems } from './witness-replays.js';

const CODE = 'initrd-unusable';
/** An initrd packed from a folder: /etc/motd and an empty /dev, no /tmp. */
const HOST = { 'rootfs/dev/.keep': '', 'rootfs/etc/motd': 'hello\n', 'rootfs.cpio': 'a text file, not a cpio archive\n' };
const AUTOMOUNT = '      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }\n';
const plan = (initrd: string, fstab: string, more = '') => `${HEAD}initrd: ${initrd}\ncmdline: 'vfs.fstab=[${fstab}] --'\nlibraries:\n  vfscore:\n    initcalls:\n${AUTOMOUNT}${more}`;

describe('initrd-unusable', () => {
  it('reports an fstab extraction of a file that is not an archive, at the row', async () => {
    const { failing, hostFiles } = initrdUnusable.example!;
    expect(await witnessProblems(failing, CODE, hostFiles)).toEqual([null]);
    expect(await findings(failing, { code: CODE, hostFiles })).toMatchInlineSnapshot(`
      [
        {
          "at": "6:5",
          "code": "initrd-unusable",
          "hint": "point \`initrd\` at a cpio newc archive (or a folder) that unpacks, into a writable ramfs",
          "message": "\`vfscore.vfscore_automount\` unpacks the initrd at / from the fstab, which fails with -22: cpio: truncated header (32 of 110 bytes) (at byte 0)",
          "related": [
            {
              "at": "14:9",
              "message": "the initrd",
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
              "rc": -22,
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
              "devfs.devfs_automount",
              "core.banner",
            ],
          },
        },
      ]
    `);
  });

  it('reports an extract-initrd effect of a missing file, at the effect', async () => {
    const text = plan('missing.cpio', '"none:/:ramfs"', '      - { fn: unpack, level: rootfs, prio: 5, effects: [{ extract-initrd: { to: / } }] }\n');
    expect(await witnessProblems(text, CODE, HOST)).toEqual([null]);
    expect(await findings(text, { code: CODE, hostFiles: HOST })).toMatchInlineSnapshot(`
      [
        {
          "at": "11:57",
          "code": "initrd-unusable",
          "hint": "point \`initrd\` at a cpio newc archive (or a folder) that unpacks, into a writable ramfs",
          "message": "\`vfscore.unpack\` unpacks the initrd, which fails with -2: initrd /virtual/missing.cpio is not a readable file (ENOENT)",
          "related": [
            {
              "at": "5:9",
              "message": "the initrd",
            },
          ],
          "severity": "error",
          "subjects": [
            "vfscore.unpack",
          ],
          "witness": {
            "expect": {
              "entry": "vfscore.unpack",
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
              "vfscore.unpack",
              "core.banner",
            ],
          },
        },
      ]
    `);
  });

  it('reports an fstab row whose mount point the unpacked initrd lacks, asking for the directory', async () => {
    const text = plan('rootfs', '"initrd0:/:extract" "none:/tmp:ramfs"');
    expect(await witnessProblems(text, CODE, HOST)).toEqual([null]);
    expect(await findings(text, { code: CODE, hostFiles: HOST })).toMatchInlineSnapshot(`
      [
        {
          "at": "6:10",
          "code": "initrd-unusable",
          "hint": "put /tmp in the initrd as a directory, or add the mkmp ukopt",
          "message": "\`vfscore.vfscore_automount\` mounts ramfs at /tmp from the fstab, which fails with -2: mount point /tmp does not exist",
          "related": [
            {
              "at": "5:9",
              "message": "the initrd",
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

  it('reports a mount effect whose point the unpacked initrd lacks, at the effect', async () => {
    const text = plan('rootfs', '"initrd0:/:extract"', '      - { fn: mount_data, level: rootfs, prio: 5, effects: [{ mount: { dev: none, at: /data, fs: ramfs, mkmp: false } }] }\n');
    expect(await witnessProblems(text, CODE, HOST)).toEqual([null]);
    expect(await findings(text, { code: CODE, hostFiles: HOST })).toMatchInlineSnapshot(`
      [
        {
          "at": "11:61",
          "code": "initrd-unusable",
          "hint": "put /data in the initrd as a directory, or add the mkmp ukopt",
          "message": "\`vfscore.mount_data\` mounts ramfs at /data, which fails with -2: mount point /data does not exist",
          "related": [
            {
              "at": "5:9",
              "message": "the initrd",
            },
          ],
          "severity": "error",
          "subjects": [
            "vfscore.mount_data",
          ],
          "witness": {
            "expect": {
              "entry": "vfscore.mount_data",
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
              "vfscore.mount_data",
              "core.banner",
            ],
          },
        },
      ]
    `);
  });

  it('reports the first failure on Linux, where a failing initcall does not stop the boot', async () => {
    const text = 'bootplan: 1\nname: t\nprofile: linux@6.1\ninitrd: missing.cpio\nlibraries:\n  initramfs:\n    initcalls:\n      - { fn: populate_rootfs, level: rootfs, effects: [{ extract-initrd: { to: / } }] }\n';
    expect(await witnessProblems(text, CODE, HOST)).toEqual([null]);
    expect(await findings(text, { code: CODE, hostFiles: HOST })).toMatchInlineSnapshot(`
      [
        {
          "at": "8:57",
          "code": "initrd-unusable",
          "hint": "point \`initrd\` at a cpio newc archive (or a folder) that unpacks, into a writable ramfs",
          "message": "\`initramfs.populate_rootfs\` unpacks the initrd, which fails with -2: initrd /virtual/missing.cpio is not a readable file (ENOENT)",
          "related": [
            {
              "at": "4:9",
              "message": "the initrd",
            },
          ],
          "severity": "error",
          "subjects": [
            "initramfs.populate_rootfs",
          ],
          "witness": {
            "expect": {
              "entry": "initramfs.populate_rootfs",
              "kind": "return",
              "rc": -2,
            },
            "order": [
              "core.boot",
              "core.setup_arch",
              "core.mm_init",
              "core.sched_init",
              "core.init_IRQ",
              "core.time_init",
              "core.vfs_caches_init",
              "core.kernel_init",
              "core.smp_init",
              "core.do_basic_setup",
              "initramfs.populate_rootfs",
            ],
          },
        },
      ]
    `);
  });

  it('is quiet on an initrd that unpacks with the mount points, without a host, and when the first failure is not the initrd\'s', async () => {
    expect((await findings(plan('rootfs', '"initrd0:/:extract" "none:/dev:devfs"'), { hostFiles: HOST })).map((f) => f.code)).toEqual(['nothing-proven']);
    expect(await findings(initrdUnusable.example!.failing, { code: CODE })).toEqual([]);
    expect(await findings(plan('rootfs', '"none:/:ramfs" "none:/tmp:ramfs"', '      - { fn: unpack, level: rootfs, prio: 5, effects: [{ extract-initrd: { to: / } }] }\n'), { code: CODE, hostFiles: HOST })).toEqual([]);
  });
});
