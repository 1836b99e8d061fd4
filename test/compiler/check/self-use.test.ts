import { describe, expect, it } from 'vitest';
import { HEAD, checkText, codes } from '../../helpers/plans.js';

describe('an entry that uses only what it provides itself', () => {
  it('is use-before-provide for an ordinary capability', async () => {
    const { diagnostics } = await checkText(`${HEAD}libraries:\n  a:\n    initcalls:\n      - { fn: f, level: lib, uses: [ready], provides: [ready] }\n`);
    expect(codes(diagnostics, 'error')).toEqual(['use-before-provide']);
    expect(diagnostics[0]!.message).toMatch(/which only it provides/);
    expect(diagnostics[0]!.witness?.expect).toEqual({ kind: 'fault', entry: 'a.f', capability: 'ready' });
  });

  it('is mount-order for a mount beneath one the same fstab mounts later', async () => {
    const { diagnostics } = await checkText(`${HEAD}mounts:\n  - { dev: none, at: /a, fs: ramfs, opts: mkmp }\n  - { dev: none, at: /, fs: ramfs }\nlibraries:\n  v:\n    initcalls:\n      - { fn: m, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }\n`);
    expect(codes(diagnostics, 'error')).toEqual(['mount-order']);
    expect(diagnostics[0]!.location?.line).toBe(7);
  });

  it('is quiet when an earlier entry provides it too', async () => {
    const { diagnostics } = await checkText(`${HEAD}libraries:\n  a:\n    initcalls:\n      - { fn: e, level: lib, prio: 0, provides: [ready] }\n      - { fn: f, level: lib, prio: 1, uses: [ready], provides: [ready] }\n`);
    expect(codes(diagnostics, 'error')).toEqual([]);
  });
});

describe('a failing initcall provides nothing', () => {
  it('so what only it provides is never provided, and the message says why', async () => {
    const text = 'bootplan: 1\nname: t\nprofile: linux@6.1\nlibraries:\n  xen:\n    initcalls:\n      - { fn: xenbus_init, level: postcore, returns: -19, provides: [xenbus] }\n  blk:\n    initcalls:\n      - { fn: xenblk_init, level: device, uses: [xenbus] }\n';
    const { diagnostics } = await checkText(text);
    const d = diagnostics.find((x) => x.code === 'capability-never-provided')!;
    expect(d.message).toMatch(/only xen\.xenbus_init would, and it fails \(it returns -19/);
    expect(d.witness?.expect).toEqual({ kind: 'fault', entry: 'blk.xenblk_init', capability: 'xenbus' });
  });
});

describe('hints name the missing provider', () => {
  it('a listed device that nothing attaches asks for the bus probe', async () => {
    const { diagnostics } = await checkText(`${HEAD}cmdline: 'vfs.fstab=["fs0:/:9pfs"] --'\ndevices:\n  - { kind: virtio-9p, tag: fs0 }\nlibraries:\n  vfscore:\n    initcalls:\n      - { fn: m, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }\n`);
    const d = diagnostics.find((x) => x.code === 'mount-source-missing')!;
    expect(d.message).toMatch(/which the plan has but no entry attaches: nothing probes the buses/);
    expect(d.hint).toMatch(/probe-buses/);
  });

  it('fd:stdio points at open-stdio', async () => {
    const { diagnostics } = await checkText(`${HEAD}libraries:\n  app:\n    main: { uses: ['fd:stdio'] }\n`);
    expect(diagnostics.find((x) => x.code === 'capability-never-provided')!.hint).toMatch(/open-stdio/);
  });
});
