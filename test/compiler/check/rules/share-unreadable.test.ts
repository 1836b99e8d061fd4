import { describe, expect, it } from 'vitest';
import { findings } from '../../../helpers/findings.js';
import { checkText, exampleHost, HEAD } from '../../../helpers/plans.js';
import { witnessProblems } from './witness-replays.js';

const PROBE = '      - { fn: uk_bus_lib_init, level: plat, prio: 0, effects: [{ probe-buses: {} }] }\n';
const MOUNT = (dev: string) => `      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { dev: ${dev}, at: /, fs: 9pfs } }] }\n`;
const plan = (device: string, initcalls = PROBE + MOUNT('fs0')) => `${HEAD}devices:\n  - ${device}\nlibraries:\n  vfscore:\n    initcalls:\n${initcalls}`;
const CODE = 'share-unreadable';
const HOST = { 'share/hello.txt': 'hello\n', 'notes.txt': 'a file\n' };

describe('share-unreadable', () => {
  it('reports a 9p share without hostdir, at the device, even without a host', async () => {
    const text = plan('{ kind: virtio-9p, tag: fs0 }');
    expect(await witnessProblems(text, 'share-unreadable', {})).toEqual([null]);
    expect(await findings(text, { code: 'share-unreadable' })).toMatchInlineSnapshot(`
      [
        {
          "at": "6:5",
          "code": "share-unreadable",
          "hint": "add \`hostdir: <folder to share>\` to device fs0",
          "message": "\`vfscore.vfscore_automount\` mounts 9p device "fs0" at /, but the device has no \`hostdir\`: the mount fails with -22",
          "related": [
            {
              "at": "11:68",
              "message": "the mount",
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
              "vfscore.uk_bus_lib_init",
              "vfscore.vfscore_automount",
              "core.banner",
            ],
          },
        },
      ]
    `);
  });

  it('reports a 9pfs mount of a device that is not a 9p share, at the device', async () => {
    const text = plan('{ kind: virtio-net, tag: fs0 }');
    expect(await witnessProblems(text, 'share-unreadable', {})).toEqual([null]);
    expect(await findings(text, { code: 'share-unreadable' })).toMatchInlineSnapshot(`
      [
        {
          "at": "6:5",
          "code": "share-unreadable",
          "hint": "mount a virtio-9p device's tag, not fs0",
          "message": "\`vfscore.vfscore_automount\` mounts 9p device "fs0" at /, but the device is a virtio-net device, not a 9p share: the mount fails with -19",
          "related": [
            {
              "at": "11:68",
              "message": "the mount",
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
              "rc": -19,
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

  it('reports a hostdir that does not exist on the host, at the hostdir', async () => {
    const text = plan('{ kind: virtio-9p, tag: fs0, hostdir: ./missing }');
    expect(await witnessProblems(text, 'share-unreadable', HOST)).toEqual([null]);
    expect(await findings(text, { code: 'share-unreadable', hostFiles: HOST })).toMatchInlineSnapshot(`
      [
        {
          "at": "6:43",
          "code": "share-unreadable",
          "hint": "point hostdir at an existing folder (relative to the plan's folder)",
          "message": "\`vfscore.vfscore_automount\` mounts 9p device "fs0" at /, but the device shares ./missing, which does not exist: the mount fails with -2",
          "related": [
            {
              "at": "11:68",
              "message": "the mount",
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
              "vfscore.uk_bus_lib_init",
              "vfscore.vfscore_automount",
              "core.banner",
            ],
          },
        },
      ]
    `);
  });

  it('reports a hostdir that is a file, from an fstab row (the row is the related place)', async () => {
    const text = `${HEAD}cmdline: 'vfs.fstab=["fs0:/:9pfs"] --'\ndevices:\n  - { kind: virtio-9p, tag: fs0, hostdir: notes.txt }\nlibraries:\n  vfscore:\n    initcalls:\n${PROBE}      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }\n`;
    expect(await witnessProblems(text, 'share-unreadable', HOST)).toEqual([null]);
    expect(await findings(text, { code: 'share-unreadable', hostFiles: HOST })).toMatchInlineSnapshot(`
      [
        {
          "at": "7:43",
          "code": "share-unreadable",
          "hint": "point hostdir at an existing folder (relative to the plan's folder)",
          "message": "\`vfscore.vfscore_automount\` mounts 9p device "fs0" at /, but the device shares notes.txt, which is not a folder: the mount fails with -20",
          "related": [
            {
              "at": "5:10",
              "message": "the mount",
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
              "rc": -20,
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

  it('is quiet on a hostdir that is a folder, and on any hostdir without a host to read', async () => {
    const text = plan('{ kind: virtio-9p, tag: fs0, hostdir: ./share }');
    expect(await findings(text, { code: 'share-unreadable', hostFiles: HOST })).toEqual([]);
    expect(await findings(plan('{ kind: virtio-9p, tag: fs0, hostdir: ./missing }'), { code: 'share-unreadable' })).toEqual([]);
  });

  it('reports a device mounted twice by one entry once', async () => {
    const twice = `      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { dev: fs0, at: /, fs: 9pfs } }, { mount: { dev: fs0, at: /b, fs: 9pfs } }] }\n`;
    const text = plan('{ kind: virtio-9p, tag: fs0 }', PROBE + twice);
    expect((await findings(text, { code: 'share-unreadable' })).map((f) => f.message)).toEqual([
      '`vfscore.vfscore_automount` mounts 9p device "fs0" at /, but the device has no `hostdir`: the mount fails with -22',
    ]);
  });

  it('reports each entry that mounts it', async () => {
    const other = '      - { fn: mount_again, level: rootfs, prio: 5, effects: [{ mount: { dev: fs0, at: /b, fs: 9pfs } }] }\n';
    const text = plan('{ kind: virtio-9p, tag: fs0 }', PROBE + MOUNT('fs0') + other);
    expect((await findings(text, { code: 'share-unreadable' })).map((f) => f.subjects)).toEqual([['vfscore.mount_again'], ['vfscore.vfscore_automount']]);
  });

  it('is quiet without a bus probe, or when the mount runs before the first probe', async () => {
    expect(await findings(plan('{ kind: virtio-9p, tag: fs0 }', MOUNT('fs0')), { code: 'share-unreadable' })).toEqual([]);
    const early = '      - { fn: mount_early, level: plat, prio: 0, effects: [{ mount: { dev: fs0, at: /, fs: 9pfs } }] }\n      - { fn: probe_late, level: plat, prio: 1, effects: [{ probe-buses: {} }] }\n';
    expect(await findings(plan('{ kind: virtio-9p, tag: fs0 }', early), { code: 'share-unreadable' })).toEqual([]);
  });

  it('counts a probe earlier in the same entry, not a later one', async () => {
    const before = '      - { fn: probe_then_mount, level: plat, prio: 0, effects: [{ probe-buses: {} }, { mount: { dev: fs0, at: /, fs: 9pfs } }] }\n';
    const after = '      - { fn: mount_then_probe, level: plat, prio: 0, effects: [{ mount: { dev: fs0, at: /, fs: 9pfs } }, { probe-buses: {} }] }\n';
    expect((await findings(plan('{ kind: virtio-9p, tag: fs0 }', before), { code: 'share-unreadable' })).map((f) => f.subjects)).toEqual([['vfscore.probe_then_mount']]);
    expect(await findings(plan('{ kind: virtio-9p, tag: fs0 }', after), { code: 'share-unreadable' })).toEqual([]);
  });

  it('is quiet on mounts that are not 9pfs, on tags no device has, and on entries without an init function', async () => {
    const ramfs = '      - { fn: m, level: rootfs, prio: 4, effects: [{ mount: { dev: fs0, at: /, fs: ramfs } }] }\n';
    expect(await findings(plan('{ kind: virtio-9p, tag: fs0 }', PROBE + ramfs), { code: 'share-unreadable' })).toEqual([]);
    expect(await findings(plan('{ kind: virtio-9p, tag: fs0 }', PROBE + MOUNT('fs9')), { code: 'share-unreadable' })).toEqual([]);
    const termOnly = '      - { term: t, level: rootfs, prio: 4, effects: [{ mount: { dev: fs0, at: /, fs: 9pfs } }] }\n';
    expect(await findings(plan('{ kind: virtio-9p, tag: fs0 }', PROBE + termOnly), { code: 'share-unreadable' })).toEqual([]);
  });

  it('counts the first probe of the default order, by an entry with an init function, and a probe before the mount in the same entry', async () => {
    const first = '      - { fn: log_first, level: plat, prio: 0, effects: [{ log: { msg: hi } }] }\n';
    const early = '      - { fn: mount_early, level: plat, prio: 1, effects: [{ mount: { dev: fs0, at: /, fs: 9pfs } }] }\n';
    const probe = (prio: number) => `      - { fn: probe_${prio}, level: plat, prio: ${prio}, effects: [{ probe-buses: {} }] }\n`;
    expect(await findings(plan('{ kind: virtio-9p, tag: fs0 }', first + early + probe(2)), { code: CODE })).toEqual([]);
    // Two probes: a mount between them runs after the first.
    const between = '      - { fn: mount_between, level: plat, prio: 2, effects: [{ mount: { dev: fs0, at: /, fs: 9pfs } }] }\n';
    expect((await findings(plan('{ kind: virtio-9p, tag: fs0 }', probe(1) + between + probe(3)), { code: CODE })).map((f) => f.subjects)).toEqual([['vfscore.mount_between']]);
    // A term-only entry probes nothing at boot.
    const termProbe = '      - { term: probe_term, level: plat, prio: 0, effects: [{ probe-buses: {} }] }\n';
    expect(await findings(plan('{ kind: virtio-9p, tag: fs0 }', termProbe + MOUNT('fs0')), { code: CODE })).toEqual([]);
    // In the probing entry, only a probe before the mount counts, whatever comes before it.
    const logMountProbe = '      - { fn: mixed, level: plat, prio: 0, effects: [{ log: { msg: hi } }, { mount: { dev: fs0, at: /, fs: 9pfs } }, { probe-buses: {} }] }\n';
    expect(await findings(plan('{ kind: virtio-9p, tag: fs0 }', logMountProbe), { code: CODE })).toEqual([]);
  });

  it('places a device that is not a 9p share at the device, even with a hostdir', async () => {
    const text = plan('{ kind: virtio-net, tag: fs0, hostdir: share }');
    expect((await findings(text, { code: CODE, hostFiles: HOST })).map((f) => f.at)).toEqual(['6:5']);
  });

  it('names the device, or its hostdir, as the path `--format json` prints', async () => {
    const pathOf = async (device: string) => {
      const { diagnostics } = await checkText(plan(device), {}, '/virtual/plan.yaml', exampleHost(HOST, '/virtual'));
      return diagnostics.filter((d) => d.code === CODE).map((d) => d.source?.path);
    };
    expect(await pathOf('{ kind: virtio-9p, tag: fs0 }')).toEqual([['devices', 0]]);
    expect(await pathOf('{ kind: virtio-net, tag: fs0, hostdir: share }')).toEqual([['devices', 0]]);
    expect(await pathOf('{ kind: virtio-9p, tag: fs0, hostdir: ./missing }')).toEqual([['devices', 0, 'hostdir']]);
  });

  it('adds nothing but its findings to what the checker reports', async () => {
    expect(await findings(plan('{ kind: virtio-9p, tag: fs0, hostdir: ./share }'), { hostFiles: HOST })).toEqual([]);
    expect((await findings(plan('{ kind: virtio-9p, tag: fs0 }'))).map((f) => f.code)).toEqual(['share-unreadable']);
  });

  it('is quiet in a plan without devices', async () => {
    const text = `${HEAD}libraries:\n  vfscore:\n    initcalls:\n${PROBE}${MOUNT('fs0')}`;
    expect(await findings(text, { code: 'share-unreadable' })).toEqual([]);
  });
});
