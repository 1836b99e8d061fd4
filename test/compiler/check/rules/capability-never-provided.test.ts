/**
 * capability-never-provided: a use nothing provides, with the hint that fits the capability (a
 * near name, stdio, a mount, a device, a thread, one the profile lacks in this configuration),
 * a term function's use, and the three ways a provider can be there and still give nothing
 * (dropped by the build, term-only, failing where failures carry on). Every witness replays.
 */
import { describe, expect, it } from 'vitest';
import { findings } from '../../../helpers/findings.js';
import { checkText, HEAD } from '../../../helpers/plans.js';
import { witnessProblem } from '../../../property/harness.js';

const BOOT = ['core.multiboot_entry', 'core.ukplat_entry', 'core.libparam', 'core.alloc', 'core.tls', 'core.irq', 'core.time', 'core.sched'];
const mainUses = (...caps: string[]) => `${HEAD}libraries:\n  app:\n    main: { uses: [${caps.map((c) => `'${c}'`).join(', ')}] }\n`;

async function neverProvided(text: string) {
  const found = await findings(text, { code: 'capability-never-provided' });
  const { compiled, diagnostics } = await checkText(text);
  for (const d of diagnostics.filter((x) => x.code === 'capability-never-provided')) expect(witnessProblem(compiled!, d.witness!)).toBeNull();
  return found;
}

const byMain = (capability: string, message: string, hint: string) => ({
  code: 'capability-never-provided',
  severity: 'error',
  at: '7:11',
  message,
  hint,
  subjects: ['app.main'],
  witness: { order: [...BOOT, 'core.banner', 'app.main'], expect: { kind: 'fault', entry: 'app.main', capability } },
});

describe('capability-never-provided', () => {
  it('suggests the nearest known name for each misspelt use', async () => {
    expect(await neverProvided(mainUses('shed', 'alloc2'))).toEqual([
      byMain('alloc2', '`app.main` uses `alloc2`, which nothing provides; did you mean `alloc`?', 'add an entry that provides `alloc2`, or remove the use'),
      byMain('shed', '`app.main` uses `shed`, which nothing provides; did you mean `sched`?', 'add an entry that provides `shed`, or remove the use'),
    ]);
  });

  it('suggests a provider that an entry names too', async () => {
    const text = `${HEAD}libraries:\n  net:\n    initcalls:\n      - { fn: net_init, level: lib, provides: [netstack] }\n  app:\n    main: { uses: [netstak, netstack] }\n`;
    expect((await neverProvided(text)).map((f) => f.message)).toEqual(['`app.main` uses `netstak`, which nothing provides; did you mean `netstack`?']);
  });

  it("suggests the next nearest name when the nearest is the entry's own provision", async () => {
    const text = `${HEAD}libraries:\n  net:\n    initcalls:\n      - { fn: net_init, level: lib, provides: [netstack] }\n  app:\n    main: { uses: [netstk], provides: [netstk2] }\n`;
    expect((await neverProvided(text)).map((f) => f.message)).toEqual(['`app.main` uses `netstk`, which nothing provides; did you mean `netstack`?']);
  });

  it('suggests nothing for a name near none', async () => {
    expect(await neverProvided(mainUses('qqqqzzzz'))).toEqual([
      byMain('qqqqzzzz', '`app.main` uses `qqqqzzzz`, which nothing provides', 'add an entry that provides `qqqqzzzz`, or remove the use'),
    ]);
  });

  it('says how to provide the well-known capabilities', async () => {
    const hints = await Promise.all(['fd:stdio', 'mount:/data', 'dev:fs0', 'devices', 'netdev', 'blkdev', 'thread:worker'].map(async (c) => (await neverProvided(mainUses(c)))[0]!.hint));
    const probe = 'add the device under `devices` and an entry that probes the buses: `effects: [{ probe-buses: {} }]` (Unikraft: uk_bus_lib_init at plat 0)';
    expect(hints).toEqual([
      "add an entry that opens stdio: `effects: [{ open-stdio: {} }]` (Unikraft: posix-tty's init_posix_tty at rootfs 9)",
      'mount /data: an fstab entry (`mounts` or `vfs.fstab`) with an entry that has `effects: [{ mount: { from: fstab } }]`, or a `mount` effect of its own',
      probe, probe, probe, probe,
      'add an entry with `effects: [{ spawn-thread: { name: worker } }]`',
    ]);
  });

  it('gives the profile\'s reason for a capability this configuration lacks, and no guess', async () => {
    expect(await neverProvided(mainUses('initrd0'))).toEqual([
      byMain('initrd0', '`app.main` uses `initrd0`, which nothing provides', 'the platform provides `initrd0` only when the image boots with an initrd: add `initrd:` to the plan'),
    ]);
  });

  it('names a term function\'s use, located at the term', async () => {
    const text = `${HEAD}libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, term: { fn: a_term, uses: [qqqqzzzz] } }\n`;
    expect(await neverProvided(text)).toEqual([{
      code: 'capability-never-provided',
      severity: 'error',
      at: '8:41',
      message: 'the term function of `a.a_init` uses `qqqqzzzz`, which nothing provides',
      hint: 'add an entry that provides `qqqqzzzz`, or remove the use',
      subjects: ['a.a_init'],
      witness: { order: [...BOOT, 'a.a_init', 'core.banner'], expect: { kind: 'term', entry: 'a.a_init', capability: 'qqqqzzzz' } },
    }]);
  });

  it('names the provider the build drops', async () => {
    const text = `${HEAD}libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, prio: 10, provides: [x] }\n  app:\n    main: { uses: [x] }\n`;
    expect(await neverProvided(text)).toEqual([{
      code: 'capability-never-provided',
      severity: 'error',
      at: '10:11',
      message: '`app.main` uses `x`, which nothing provides: only a.a_init would, and the build drops it (priority 10 is outside 0..9)',
      hint: 'fix the priority of a.a_init',
      related: [{ at: '8:9', message: 'a.a_init is dropped' }],
      subjects: ['app.main'],
      witness: { order: [...BOOT, 'core.banner', 'app.main'], expect: { kind: 'fault', entry: 'app.main', capability: 'x' } },
    }]);
  });

  it('names a term-only provider, whose init function never runs', async () => {
    const text = `${HEAD}libraries:\n  a:\n    initcalls:\n      - { term: a_term, level: lib, provides: [x] }\n  app:\n    main: { uses: [x] }\n`;
    expect(await neverProvided(text)).toEqual([{
      code: 'capability-never-provided',
      severity: 'error',
      at: '10:11',
      message: '`app.main` uses `x`, which nothing provides: only a.a_term would, and it never runs at boot (it is term-only: its init function is 0x0, which the init loop skips)',
      hint: 'provide `x` from an entry with an init function (`fn`)',
      related: [{ at: '8:9', message: 'a.a_term is term-only' }],
      subjects: ['app.main'],
      witness: { order: [...BOOT, 'a.a_term', 'core.banner', 'app.main'], expect: { kind: 'fault', entry: 'app.main', capability: 'x' } },
    }]);
  });

  it('names a provider that fails where a failing initcall lets the boot go on (Linux), not another entry that fails', async () => {
    const text = 'bootplan: 1\nname: t\nprofile: linux@6.1\nlibraries:\n  a:\n    initcalls:\n      - { fn: other, level: core, returns: -3 }\n      - { fn: a_init, level: subsys, returns: -12, provides: [x] }\n  b:\n    initcalls:\n      - { fn: b_init, level: late, uses: [x] }\n';
    const [found] = await neverProvided(text);
    expect([found!.message, found!.hint, found!.related]).toEqual([
      '`b.b_init` uses `x`, which nothing provides: only a.a_init would, and it fails (it returns -12, and an initcall that fails provides nothing)',
      'make a.a_init succeed, or provide `x` elsewhere',
      [{ at: '8:9', message: 'a.a_init fails' }],
    ]);
  });

  it('leaves a mount from a device nobody attaches to mount-source-missing, not its other uses or its entry\'s', async () => {
    const text = `${HEAD}libraries:\n  vfscore:\n    initcalls:\n      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { dev: fs0, at: /, fs: 9pfs } }] }\n`;
    expect((await findings(text)).map((f) => f.code)).toEqual(['mount-source-missing']);
    // The mount's use of its parent's mount, and a device the entry itself says it uses, are this rule's.
    const parent = `${HEAD}libraries:\n  a:\n    initcalls:\n      - { fn: m, level: rootfs, prio: 1, effects: [{ mount: { dev: none, at: /x, fs: ramfs } }] }\n`;
    expect((await neverProvided(parent)).map((f) => f.message)).toEqual(['`a.m` uses `mount:/`, which nothing provides']);
    const declared = `${HEAD}libraries:\n  a:\n    initcalls:\n      - { fn: m, level: rootfs, prio: 1, uses: ['dev:nope'], effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }\n`;
    expect((await neverProvided(declared)).map((f) => f.message)).toEqual(['`a.m` uses `dev:nope`, which nothing provides']);
  });

  it('is quiet when something provides it', async () => {
    expect(await neverProvided(mainUses('sched', 'alloc'))).toEqual([]);
  });
});
