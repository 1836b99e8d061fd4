/**
 * use-before-provide: a use whose every provider runs later, for a provider that is an entry, a
 * core step, or the entry itself, and for Linux's link order; the sharper cases (constructors,
 * mounts) left to their own rules. Every witness replays.
 */
import { describe, expect, it } from 'vitest';
import { findings } from '../../../helpers/findings.js';
import { checkText, HEAD } from '../../../helpers/plans.js';
import { witnessProblem } from '../../../property/harness.js';

const BOOT = ['core.multiboot_entry', 'core.ukplat_entry', 'core.libparam', 'core.alloc', 'core.tls', 'core.irq', 'core.time', 'core.sched'];
const LINUX = 'bootplan: 1\nname: t\nprofile: linux@6.1\n';
const LINUX_BOOT = ['core.boot', 'core.setup_arch', 'core.mm_init', 'core.sched_init', 'core.init_IRQ', 'core.time_init', 'core.vfs_caches_init', 'core.kernel_init', 'core.smp_init', 'core.do_basic_setup'];

async function used(text: string) {
  const found = await findings(text, { code: 'use-before-provide' });
  const { compiled, diagnostics } = await checkText(text);
  for (const d of diagnostics.filter((x) => x.code === 'use-before-provide')) expect(witnessProblem(compiled!, d.witness!)).toBeNull();
  return found;
}

describe('use-before-provide', () => {
  it('names the later provider and both ways to fix the keys', async () => {
    const text = `${HEAD}libraries:\n  netstack:\n    initcalls:\n      - { fn: net_init, level: lib, prio: 0, uses: [netdev-ready] }\n  drivers:\n    initcalls:\n      - { fn: nic_probe, level: lib, prio: 5, provides: [netdev-ready] }\n`;
    expect(await used(text)).toEqual([{
      code: 'use-before-provide',
      severity: 'error',
      at: '8:9',
      message: '`netstack.net_init` (lib 0) uses `netdev-ready`, which `drivers.nic_probe` provides but runs only later (lib 5): it fails in every boot',
      hint: 'move drivers.nic_probe before lib 0, or netstack.net_init after lib 5',
      related: [{ at: '11:9', message: 'drivers.nic_probe (lib 5): provided here' }],
      subjects: ['netstack.net_init', 'drivers.nic_probe'],
      witness: { order: [...BOOT, 'netstack.net_init', 'drivers.nic_probe', 'core.banner'], expect: { kind: 'fault', entry: 'netstack.net_init', capability: 'netdev-ready' } },
    }]);
  });

  it('names a core step that provides it later, and moves only the user', async () => {
    const text = `${HEAD}libraries:\n  a:\n    early:\n      - { fn: a_early, prio: 3, uses: [alloc] }\n`;
    expect(await used(text)).toEqual([{
      code: 'use-before-provide',
      severity: 'error',
      at: '8:9',
      message: '`a.a_early` (early table prio 3) uses `alloc`, which "Initialize memory allocator" provides but runs only later (core step "Initialize memory allocator"): it fails in every boot',
      hint: 'move a.a_early after core step "Initialize memory allocator"',
      related: [],
      subjects: ['a.a_early', 'core.alloc'],
      witness: { order: ['core.multiboot_entry', 'core.ukplat_entry', 'a.a_early', ...BOOT.slice(2), 'core.banner'], expect: { kind: 'fault', entry: 'a.a_early', capability: 'alloc' } },
    }]);
  });

  it('says an entry cannot use what only it provides', async () => {
    const text = `${HEAD}libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, prio: 1, uses: [x], provides: [x] }\n  b:\n    initcalls:\n      - { fn: b_init, level: lib, prio: 2, uses: [x] }\n`;
    expect(await used(text)).toEqual([{
      code: 'use-before-provide',
      severity: 'error',
      at: '8:9',
      message: '`a.a_init` uses `x`, which only it provides: it does not exist yet when the entry runs',
      hint: 'provide `x` from an earlier entry, or drop the use',
      subjects: ['a.a_init'],
      witness: { order: [...BOOT, 'a.a_init', 'b.b_init', 'core.banner'], expect: { kind: 'fault', entry: 'a.a_init', capability: 'x' } },
    }]);
  });

  it('reports a use of what only the entry provides beside a use of a later provider', async () => {
    const text = `${HEAD}libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, prio: 1, uses: [y] }\n  b:\n    initcalls:\n      - { fn: b_init, level: lib, prio: 2, uses: [x], provides: [x, y] }\n`;
    expect((await findings(text, { code: 'use-before-provide' })).map((f) => f.message)).toEqual([
      '`a.a_init` (lib 1) uses `y`, which `b.b_init` provides but runs only later (lib 2): it fails in every boot',
      '`b.b_init` uses `x`, which only it provides: it does not exist yet when the entry runs',
    ]);
  });

  it('says "is linked after it" where ties go by link order (Linux)', async () => {
    const text = `${LINUX}libraries:\n  net:\n    initcalls:\n      - { fn: net_init, level: subsys, uses: [crypto] }\n  crypto:\n    initcalls:\n      - { fn: crypto_init, level: subsys, provides: [crypto] }\n`;
    expect(await used(text)).toEqual([{
      code: 'use-before-provide',
      severity: 'error',
      at: '7:9',
      message: '`net.net_init` (subsys) uses `crypto`, which `crypto.crypto_init` provides but is linked after it: it fails in every boot',
      hint: 'move crypto.crypto_init before subsys, or net.net_init after subsys',
      related: [{ at: '10:9', message: 'crypto.crypto_init (subsys): provided here' }],
      subjects: ['net.net_init', 'crypto.crypto_init'],
      witness: { order: [...LINUX_BOOT, 'net.net_init', 'crypto.crypto_init'], expect: { kind: 'fault', entry: 'net.net_init', capability: 'crypto' } },
    }]);
  });

  it('says "runs only later" in Linux when the provider is at a later level', async () => {
    const text = `${LINUX}libraries:\n  net:\n    initcalls:\n      - { fn: net_init, level: subsys, uses: [crypto] }\n  crypto:\n    initcalls:\n      - { fn: crypto_init, level: device, provides: [crypto] }\n`;
    expect((await used(text)).map((f) => f.message)).toEqual(['`net.net_init` (subsys) uses `crypto`, which `crypto.crypto_init` provides but runs only later (device): it fails in every boot']);
  });

  it('leaves constructors to pre-init-use and mounts to their own rules', async () => {
    const ctor = `${HEAD}libraries:\n  musl:\n    ctors:\n      - { fn: musl_init_tls, prio: 0, uses: [sched] }\n`;
    expect((await findings(ctor)).map((f) => f.code)).toEqual(['pre-init-use']);
    const mountsItself = `${HEAD}libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: rootfs, prio: 1, uses: ['mount:/'], effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }\n`;
    expect((await findings(mountsItself)).map((f) => f.code)).toEqual(['mount-order']);
  });

  it('is quiet when the provider comes first', async () => {
    expect(await used(`${HEAD}libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, prio: 4, provides: [x] }\n  b:\n    initcalls:\n      - { fn: b_init, level: lib, prio: 5, uses: [x] }\n`)).toEqual([]);
  });
});
