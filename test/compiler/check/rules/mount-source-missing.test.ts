import { describe, expect, it } from 'vitest';
import { findings } from '../../../helpers/findings.js';
import { HEAD } from '../../../helpers/plans.js';
import { witnessProblems } from './witness-replays.js';

const PROBE = `  ukbus:
    initcalls:
      - { fn: uk_bus_lib_init, level: plat, prio: 0, effects: [{ probe-buses: {} }] }
`;
const AUTOMOUNT = `  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }
`;

describe('mount-source-missing', () => {
  it('reports an fstab row from a tag no device has, at the row, naming the devices there are', async () => {
    const plan = `${HEAD}cmdline: 'vfs.fstab=["fs1:/:9pfs"] --'\nlibraries:\n${PROBE}${AUTOMOUNT}devices:\n  - { kind: virtio-9p, tag: fs0 }\n  - { kind: virtio-net, tag: net0 }\n`;
    expect(await witnessProblems(plan, 'mount-source-missing')).toEqual([null]);
    expect(await findings(plan, { code: 'mount-source-missing' })).toMatchInlineSnapshot(`
      [
        {
          "at": "5:10",
          "code": "mount-source-missing",
          "hint": "add \`{ kind: virtio-9p, tag: fs1 }\` under devices, or mount a device that exists",
          "message": "\`vfscore.vfscore_automount\` mounts from device "fs1", which no device attaches (devices: fs0, net0)",
          "related": [
            {
              "at": "12:68",
              "message": "the mount effect",
            },
          ],
          "severity": "error",
          "subjects": [
            "vfscore.vfscore_automount",
          ],
          "witness": {
            "expect": {
              "capability": "dev:fs1",
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
              "ukbus.uk_bus_lib_init",
              "vfscore.vfscore_automount",
              "core.banner",
            ],
          },
        },
      ]
    `);
  });

  it('reports a mount effect from a tag in a plan without devices, at the effect', async () => {
    const plan = `${HEAD}libraries:\n${PROBE}  share:\n    initcalls:\n      - { fn: mount_share, level: rootfs, prio: 4, effects: [{ mount: { dev: fs1, at: /, fs: 9pfs } }] }\n`;
    expect(await witnessProblems(plan, 'mount-source-missing')).toEqual([null]);
    expect(await findings(plan, { code: 'mount-source-missing' })).toMatchInlineSnapshot(`
      [
        {
          "at": "11:62",
          "code": "mount-source-missing",
          "hint": "add \`{ kind: virtio-9p, tag: fs1 }\` under devices, or mount a device that exists",
          "message": "\`share.mount_share\` mounts from device "fs1", which no device attaches (the plan has no devices)",
          "related": [
            {
              "at": "11:62",
              "message": "the mount effect",
            },
          ],
          "severity": "error",
          "subjects": [
            "share.mount_share",
          ],
          "witness": {
            "expect": {
              "capability": "dev:fs1",
              "entry": "share.mount_share",
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
              "ukbus.uk_bus_lib_init",
              "share.mount_share",
              "core.banner",
            ],
          },
        },
      ]
    `);
  });

  it('asks for the bus probe when the device is listed but nothing attaches it', async () => {
    const plan = `${HEAD}cmdline: 'vfs.fstab=["fs0:/:9pfs"] --'\nlibraries:\n${AUTOMOUNT}devices:\n  - { kind: virtio-9p, tag: fs0, hostdir: . }\n`;
    expect(await witnessProblems(plan, 'mount-source-missing')).toEqual([null]);
    expect(await findings(plan, { code: 'mount-source-missing' })).toMatchInlineSnapshot(`
      [
        {
          "at": "5:10",
          "code": "mount-source-missing",
          "hint": "add the bus probe: \`{ fn: uk_bus_lib_init, level: plat, prio: 0, effects: [{ probe-buses: {} }] }\` (Unikraft's ukbus)",
          "message": "\`vfscore.vfscore_automount\` mounts from device "fs0", which the plan has but no entry attaches: nothing probes the buses",
          "related": [
            {
              "at": "9:68",
              "message": "the mount effect",
            },
          ],
          "severity": "error",
          "subjects": [
            "vfscore.vfscore_automount",
          ],
          "witness": {
            "expect": {
              "capability": "dev:fs0",
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

  it('is quiet when a probed device has the tag', async () => {
    const plan = `${HEAD}cmdline: 'vfs.fstab=["fs0:/:9pfs"] --'\nlibraries:\n${PROBE}${AUTOMOUNT}devices:\n  - { kind: virtio-9p, tag: fs0, hostdir: . }\n`;
    expect(await findings(plan, { code: 'mount-source-missing' })).toEqual([]);
  });

  it('reports the mount effect that uses the device, at it, once even when the term uses the device too', async () => {
    const plan = `${HEAD}mounts:\n  - { dev: none, at: /, fs: ramfs }\nlibraries:\n${PROBE}${AUTOMOUNT}  share:\n    initcalls:\n      - { fn: mount_share, level: rootfs, prio: 5, term: { fn: umount_share, uses: ['dev:fs1'] }, effects: [{ mount: { dev: none, at: /tmp, fs: ramfs } }, { mount: { dev: fs1, at: /mnt, fs: 9pfs } }] }\n`;
    expect((await findings(plan, { code: 'mount-source-missing' })).map((f) => [f.at, f.related])).toEqual([['16:156', [{ at: '16:156', message: 'the mount effect' }]]]);
  });

  it('leaves a mount whose parent nothing mounts to capability-never-provided', async () => {
    const plan = `${HEAD}libraries:\n  share:\n    initcalls:\n      - { fn: mount_x, level: rootfs, prio: 5, effects: [{ mount: { dev: none, at: /x, fs: ramfs } }] }\n`;
    expect((await findings(plan)).map((f) => f.code)).not.toContain('mount-source-missing');
  });

  it('leaves a device used by hand, not by a mount, and other capabilities to capability-never-provided', async () => {
    const plan = `${HEAD}libraries:\n  app:\n    initcalls:\n      - { fn: f, level: lib, uses: ['dev:fs1', ready] }\n`;
    expect((await findings(plan)).map((f) => f.code)).toEqual(['capability-never-provided', 'capability-never-provided']);
  });
});
