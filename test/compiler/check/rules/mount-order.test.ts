import { describe, expect, it } from 'vitest';
import { findings } from '../../../helpers/findings.js';
import { HEAD } from '../../../helpers/plans.js';
import { witnessProblems } from './witness-replays.js';

const AUTOMOUNT = `libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }
`;

describe('mount-order', () => {
  it('reports a child listed before its parent in the plan\'s mounts, at the parent\'s row', async () => {
    const plan = `${HEAD}mounts:\n  - { dev: none, at: /tmp, fs: ramfs, opts: mkmp }\n  - { dev: none, at: /, fs: ramfs }\n${AUTOMOUNT}`;
    expect(await witnessProblems(plan, 'mount-order')).toEqual([null]);
    expect(await findings(plan)).toMatchInlineSnapshot(`
      [
        {
          "at": "7:5",
          "code": "mount-order",
          "hint": "list parent mount points before the mounts beneath them",
          "message": "\`vfscore.vfscore_automount\` mounts something under / before it mounts / itself",
          "severity": "error",
          "subjects": [
            "vfscore.vfscore_automount",
          ],
          "witness": {
            "expect": {
              "capability": "mount:/",
              "entry": "vfscore.vfscore_automount",
              "kind": "fault",
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

  it('reports a child listed before its parent on the command line', async () => {
    const plan = `${HEAD}cmdline: 'vfs.fstab=["none:/data/x:ramfs:::mkmp" "none:/data:ramfs:::mkmp" "none:/:ramfs"] --'\n${AUTOMOUNT}`;
    expect(await witnessProblems(plan, 'mount-order')).toEqual([null, null]);
    expect(await findings(plan)).toMatchInlineSnapshot(`
      [
        {
          "at": "5:10",
          "code": "mount-order",
          "hint": "list parent mount points before the mounts beneath them",
          "message": "\`vfscore.vfscore_automount\` mounts something under / before it mounts / itself",
          "severity": "error",
          "subjects": [
            "vfscore.vfscore_automount",
          ],
          "witness": {
            "expect": {
              "capability": "mount:/",
              "entry": "vfscore.vfscore_automount",
              "kind": "fault",
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
        {
          "at": "5:10",
          "code": "mount-order",
          "hint": "list parent mount points before the mounts beneath them",
          "message": "\`vfscore.vfscore_automount\` mounts something under /data before it mounts /data itself",
          "severity": "error",
          "subjects": [
            "vfscore.vfscore_automount",
          ],
          "witness": {
            "expect": {
              "capability": "mount:/data",
              "entry": "vfscore.vfscore_automount",
              "kind": "fault",
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

  it('reports one entry whose first mount effect is beneath its second, at the entry', async () => {
    const plan = `${HEAD}libraries:\n  fs:\n    initcalls:\n      - { fn: root, level: rootfs, prio: 3, effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }\n      - { fn: both, level: rootfs, prio: 4, effects: [{ mount: { dev: none, at: /a/b, fs: ramfs } }, { mount: { dev: none, at: /a, fs: ramfs } }] }\n`;
    expect((await findings(plan, { code: 'mount-order' })).map((f) => [f.at, f.message])).toEqual([['9:9', '`fs.both` mounts something under /a before it mounts /a itself']]);
  });

  it('leaves an entry ordered after itself to its own rule', async () => {
    const plan = `${HEAD}libraries:\n  a:\n    initcalls:\n      - { fn: f, level: lib, after: [a.f] }\n`;
    expect((await findings(plan)).map((f) => f.code)).not.toContain('mount-order');
  });

  it('is quiet when the parent comes first', async () => {
    const plan = `${HEAD}mounts:\n  - { dev: none, at: /, fs: ramfs }\n  - { dev: none, at: /tmp, fs: ramfs, opts: mkmp }\n${AUTOMOUNT}`;
    expect(await findings(plan, { code: 'mount-order' })).toEqual([]);
  });

  it('leaves an entry that uses an ordinary capability only it provides to use-before-provide', async () => {
    const plan = `${HEAD}libraries:\n  a:\n    initcalls:\n      - { fn: f, level: lib, uses: [ready], provides: [ready] }\n`;
    expect((await findings(plan)).map((f) => f.code)).toEqual(['use-before-provide']);
  });

  it('leaves a mount used before another entry mounts it to mount-before-mounted', async () => {
    const plan = `${HEAD}libraries:\n  vfscore:\n    initcalls:\n      - { fn: m, level: rootfs, prio: 4, effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }\n  app:\n    initcalls:\n      - { fn: f, level: lib, uses: ['mount:/'] }\n`;
    expect((await findings(plan)).map((f) => f.code)).toEqual(['mount-before-mounted']);
  });
});
