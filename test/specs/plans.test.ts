/**
 * The real-system plans under specs/plans: every one compiles and checks without errors, and the
 * facts each was written to show hold in what the compiler made of it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkPlan, graphOf } from '../../compiler/index.js';
import type { Compiled, Diagnostic, Entry } from '../../compiler/types.js';
import { run, type LinkOrder } from '../../runtime/index.js';
import { verifyTrace } from '../../traces/verify/conformance.js';
import { buildCpio, listTree } from '../../specs/plans/unikraft/tools/mkcpio.mjs';
import { sharedFixture } from '../shared-fixtures.js';

const PLANS = 'specs/plans';
const FIXTURES = sharedFixture('.');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

/** A plan has `bootplan:` and `name:` at the top level; included catalogs have no name. */
function isPlan(path: string): boolean {
  const text = readFileSync(path, 'utf8');
  return /^bootplan:/m.test(text) && /^name:/m.test(text);
}

const allYaml = yamlFiles(PLANS);
const plans = allYaml.filter(isPlan);

interface Checked {
  compiled: Compiled;
  diagnostics: Diagnostic[];
}
const checked = new Map<string, Checked>();

async function load(path: string): Promise<Checked> {
  let hit = checked.get(path);
  if (!hit) {
    const { compiled, diagnostics } = await checkPlan(path);
    if (!compiled) throw new Error(`${path} did not compile: ${diagnostics.map((d) => d.message).join('; ')}`);
    hit = { compiled, diagnostics };
    checked.set(path, hit);
  }
  return hit;
}

function entry(compiled: Compiled, id: string): Entry {
  const found = compiled.entries.find((e) => e.id === id);
  if (!found) throw new Error(`no entry ${id} in ${compiled.plan.name}`);
  return found;
}

function errors(diagnostics: Diagnostic[]): string[] {
  return diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} at ${d.location?.line}: ${d.message}`);
}

describe('specs/plans', () => {
  it('has plans for every system and skips included catalogs', () => {
    const systems = new Set(plans.map((p) => relative(PLANS, p).split('/')[0]));
    expect([...systems].sort()).toEqual(['linux', 'luna', 'unikraft', 'zephyr']);
    expect(plans).toContain(join(PLANS, 'unikraft/nginx.yaml'));
    expect(plans).not.toContain(join(PLANS, 'unikraft/lib/nginx-libs.yaml'));
    expect(allYaml).toContain(join(PLANS, 'unikraft/lib/nginx-libs.yaml'));
  });

  it.each(plans)('%s compiles and checks with no errors', async (path) => {
    const { compiled, diagnostics } = await load(path);
    expect(errors(diagnostics)).toEqual([]);
    expect(compiled.entries.length).toBeGreaterThan(0);
    expect(compiled.dropped).toEqual([]);
    // Every requirement is proven, or (Linux only) holds by link order.
    const weak = compiled.edges.filter((e) => e.status !== 'proven' && e.status !== 'link-order');
    expect(weak).toEqual([]);
  });

  it.each(plans)('%s boots to HALT on the emulated machine in every link order tried', async (path) => {
    const { compiled } = await load(path);
    // Linux fixes ties by link order (the declared one); the others leave them to the build.
    const orders: LinkOrder[] = compiled.profile.ties === 'link-order'
      ? [{ kind: 'declared' }]
      : [{ kind: 'declared' }, { kind: 'reverse' }, ...[1, 2, 3, 42].map((seed) => ({ kind: 'random' as const, seed }))];
    const key = new Map([...compiled.entries, ...compiled.steps].map((n) => [n.id, n.key]));
    for (const linkOrder of orders) {
      const { outcome, events } = run(compiled, { linkOrder });
      expect([outcome.target, outcome.reason], JSON.stringify(linkOrder)).toEqual(['HALT', compiled.luna ? 'the system is up: every thread and process is waiting' : 'main returned 0']);
      if (compiled.luna) continue; // the thread model's traces: test/property/luna.prop.test.ts
      // The trace is one of the orders the graph allows: keys never go down, every proven edge holds.
      const called = events.filter((e) => e.ev === 'call').map((e) => e.id!);
      const at = new Map(called.map((id, i) => [id, i]));
      expect(called.length).toBe(compiled.entries.filter((e) => e.fn !== null).length);
      for (let i = 1; i < called.length; i++) expect(key.get(called[i]!)!).toBeGreaterThanOrEqual(key.get(called[i - 1]!)!);
      for (const edge of compiled.edges) {
        if (edge.status === 'proven' && at.has(edge.from) && at.has(edge.to)) expect(at.get(edge.from)!, `${edge.from} → ${edge.to}`).toBeLessThan(at.get(edge.to)!);
      }
      expect(verifyTrace(compiled, events).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    }
  });

  it('has a header comment citing its facts by what they are (an upstream file, commit or release), never a path of this machine', () => {
    for (const path of allYaml) {
      const text = readFileSync(path, 'utf8');
      const head = text.split('\n').slice(0, 12).join('\n');
      expect(head, path).toMatch(/^# /);
      expect(head, path).toMatch(/unikraft\/unikraft|unikraft\/catalog|Linux v6\.1|Zephyr include|RELEASE-|eaf6fda1|The Luna boot process|\.c\b|\.h\b/);
      // Luna plans name guest paths (/home/selene, /tmp/wind.sock): only this machine's own are refused there.
      expect(text, path).not.toMatch(path.includes('/luna/') ? /\/work\/|shared\/(reference|fixtures|seeds)/ : /\/(work|home|root|tmp)\/|shared\/(reference|fixtures|seeds)/);
    }
  });
});

describe('unikraft nginx', () => {
  const variants = ['nginx.yaml', 'nginx-fc.yaml', 'nginx-arm64.yaml', 'nginx-xen.yaml'].map((f) => join(PLANS, 'unikraft', f));

  it('puts the devfs registrations at rootfs 1 through after(posix-fdtab.init_posix_fdtab)', async () => {
    const { compiled } = await load(variants[0]!);
    const fdtab = entry(compiled, 'posix-fdtab.init_posix_fdtab');
    expect([fdtab.level, fdtab.prio]).toEqual(['lib', 0]);
    for (const id of ['devfs.devfs_register_null', 'devfs.devfs_register_stdout', 'ukrandom.devfs_register']) {
      const e = entry(compiled, id);
      expect([e.level, e.levelNumber, e.prio], id).toEqual(['rootfs', 4, 1]);
    }
    // The catalog spells the priority symbolically, the way devfs_initcall does in C.
    expect(readFileSync(join(PLANS, 'unikraft/lib/nginx-libs.yaml'), 'utf8')).toContain('prio: after(posix-fdtab.init_posix_fdtab)');
  });

  it('registers the reference §3 registrations at their real keys', async () => {
    const { compiled } = await load(variants[0]!);
    const keys: Array<[string, string | null, number]> = [
      ['context._init_ectx_store', null, 0], ['context.init_fsgsbasefns', null, 0], ['vfscore.vfscore_init', null, 1],
      ['posix-user.init_posix_user', null, 2], ['uklibid.libinfo_bootdump', null, 9],
      ['posix-socket.posix_socket_family_lib_init', 'early', 0], ['ukrandom.uk_random_init', 'early', 9],
      ['ukbus.uk_bus_lib_init', 'plat', 0], ['ns16550.com_init', 'plat', 1],
      ['posix-fdtab.init_posix_fdtab', 'lib', 0], ['uklock.mutex_metrics_ctor', 'lib', 1], ['lwip.liblwip_init', 'lib', 9],
      ['vfscore.vfscore_automount', 'rootfs', 4], ['devfs.devfs_automount', 'rootfs', 5],
      ['posix-fdtab.term_posix_fdtab', 'rootfs', 9], ['posix-tty.init_posix_tty', 'rootfs', 9],
      ['posix-environ.uniquify_env', 'sys', 0], ['app-elfloader-etc.gen_etc', 'sys', 9],
      ['posix-process.posix_process_init', 'late', 9], ['lwip.liblwip_waitif', 'late', 9],
    ];
    for (const [id, level, prio] of keys) {
      const e = entry(compiled, id);
      expect([e.level, e.prio], id).toEqual([level, prio]);
    }
    expect(entry(compiled, 'lwip.liblwip_init').term?.fn).toBe('liblwip_term');
    expect(entry(compiled, 'vfscore.vfscore_automount').term?.fn).toBe('vfscore_autoumount');
    const termOnly = entry(compiled, 'posix-fdtab.term_posix_fdtab');
    expect(termOnly.fn).toBeNull();
    expect(termOnly.term?.uses).toContain('mount:/');
  });

  it.each(variants)('%s: default order mounts / before /dev, and the initrd before gen_etc', async (path) => {
    const { compiled } = await load(path);
    const at = (id: string) => compiled.order.indexOf(id);
    expect(at('vfscore.vfscore_automount')).toBeGreaterThanOrEqual(0);
    expect(at('vfscore.vfscore_automount')).toBeLessThan(at('devfs.devfs_automount'));
    expect(at('devfs.devfs_automount')).toBeLessThan(at('posix-tty.init_posix_tty'));
    expect(at('vfscore.vfscore_automount')).toBeLessThan(at('app-elfloader-etc.gen_etc'));
    expect(at('nginx.main')).toBe(compiled.order.length - 1);
    // The root is the extracted initrd on every platform.
    const automount = entry(compiled, 'vfscore.vfscore_automount');
    expect(automount.uses).toContain('initrd0');
    expect(automount.provides).toEqual(expect.arrayContaining(['mount:/', 'initrd:/']));
    expect(compiled.plan.initrd).toBe('nginx-rootfs.cpio');
  });

  it.each(variants)('%s: lwip gets its netdev from the PLAT 0 probe and main every capability it uses', async (path) => {
    const { compiled } = await load(path);
    const netdev = compiled.edges.find((e) => e.to === 'lwip.liblwip_init' && e.reason.kind === 'uses' && e.reason.capability === 'netdev');
    expect(netdev?.from).toBe('ukbus.uk_bus_lib_init');
    expect(netdev?.status).toBe('proven');
    const main = entry(compiled, 'nginx.main');
    const into = compiled.edges.filter((e) => e.to === 'nginx.main');
    expect(into.map((e) => (e.reason as { capability: string }).capability).sort()).toEqual([...main.uses].sort());
  });

  it('boots each variant through its own platform entry and buses', async () => {
    const expected: Record<string, [string, string]> = {
      'nginx.yaml': ['core.multiboot_entry', 'ukbus-pci.pci_bus_register'],
      'nginx-fc.yaml': ['core.lxboot_entry', 'virtio-mmio.virtio_mmio_cmdl_bus_register'],
      'nginx-arm64.yaml': ['core.entry64', 'ukbus-platform.pf_bus_register'],
      'nginx-xen.yaml': ['core.xen_entry', 'xenbus.xenbus_register'],
    };
    for (const path of variants) {
      const { compiled } = await load(path);
      const [step, bus] = expected[path.split('/').pop()!]!;
      expect(compiled.order[0], path).toBe(step);
      expect(entry(compiled, bus).kind).toBe('ctor');
    }
    // Firecracker's devices come from the command line, read by the probe after libparam.
    const fc = (await load(variants[1]!)).compiled;
    expect(fc.plan.libparams['virtio_mmio.device']).toBe('4K@0xd0000000:5');
    expect(entry(fc, 'ukbus.uk_bus_lib_init').uses).toContain('libparam');
    // Xen mounts the 9pfront share over the extracted /nginx/html, parent first.
    const xen = (await load(variants[3]!)).compiled;
    expect(xen.plan.mounts.map((m) => `${m.dev}:${m.at}:${m.fs}`)).toEqual(['initrd0:/:extract', 'fs1:/nginx/html:9pfs']);
    expect(entry(xen, 'vfscore.vfscore_automount').uses).toContain('dev:fs1');
  });

  it('mounts the extracted initrd at / and devfs at /dev on the emulated machine', async () => {
    for (const path of variants) {
      const { compiled } = await load(path);
      const mounts = run(compiled).events.filter((e) => e.ev === 'mount').map((e) => `${e.path} ${e.fs}`);
      expect(mounts, path).toEqual(expect.arrayContaining(['/ extract', '/dev devfs']));
      expect(mounts.indexOf('/ extract'), path).toBeLessThan(mounts.indexOf('/dev devfs'));
    }
  });

  it('ships the initrd the generator makes from rootfs/, byte for byte', () => {
    const dir = join(PLANS, 'unikraft');
    const tree = listTree(join(dir, 'rootfs'));
    expect(tree.map((e) => e.path)).toContain('nginx/conf/nginx.conf');
    const committed = readFileSync(join(dir, 'nginx-rootfs.cpio'));
    expect(committed.equals(buildCpio(tree))).toBe(true);
    expect(committed.subarray(0, 6).toString('ascii')).toBe('070701');
    expect(committed.includes(Buffer.from('TRAILER!!!\0'))).toBe(true);
  });
});

describe('unikraft helloworld', () => {
  it('9pfs: the root mount uses dev:fs0, which the PLAT 0 probe attaches from guest_fs/', async () => {
    const path = join(PLANS, 'unikraft/helloworld-9pfs.yaml');
    const { compiled } = await load(path);
    const automount = entry(compiled, 'vfscore.vfscore_automount');
    expect(automount.uses).toContain('dev:fs0');
    expect(automount.provides).toContain('mount:/');
    const edge = compiled.edges.find((e) => e.to === automount.id && e.reason.kind === 'uses' && e.reason.capability === 'dev:fs0');
    expect(edge).toMatchObject({ from: 'ukbus.uk_bus_lib_init', status: 'proven' });
    expect(compiled.plan.mounts).toMatchObject([{ dev: 'fs0', at: '/', fs: '9pfs', origin: 'cmdline' }]);
    const device = compiled.plan.devices[0]!;
    expect(device).toMatchObject({ kind: 'virtio-9p', tag: 'fs0' });
    expect(existsSync(join(dirname(path), device.hostdir!, 'hello.txt'))).toBe(true);
    expect(entry(compiled, 'helloworld.main').uses).toEqual(expect.arrayContaining(['mount:/', 'fd:stdio']));
  });

  it('0.13: no term functions, the root from vfscore_rootfs, fds from fdtable_init', async () => {
    const { compiled } = await load(join(PLANS, 'unikraft/helloworld-0.13.yaml'));
    expect(compiled.plan.profile).toBe('unikraft@0.13');
    expect(compiled.entries.filter((e) => e.term !== null)).toEqual([]);
    expect(entry(compiled, 'vfscore.fdtable_init')).toMatchObject({ level: 'early', prio: 0 });
    expect(entry(compiled, 'vfscore.vfscore_rootfs')).toMatchObject({ level: 'rootfs', prio: 4 });
    expect(entry(compiled, 'vfscore.fdtable_init').provides).toContain('fd:stdio');
  });

  describe('rich: the image of fixtures/unikraft-0.17-rich', () => {
    let compiled: Compiled;
    beforeAll(async () => {
      compiled = (await load(join(PLANS, 'unikraft/helloworld-rich.yaml'))).compiled;
    });

    it('has 4 constructors, 13 init functions and 2 term functions, as the boot log shows', () => {
      expect(compiled.entries.filter((e) => e.kind === 'ctor')).toHaveLength(4);
      expect(compiled.entries.filter((e) => e.kind === 'initcall' && e.fn !== null)).toHaveLength(13);
      const terms = compiled.order.map((id) => compiled.entries.find((e) => e.id === id)).filter((e) => e?.term).map((e) => e!.term!.fn);
      // Terms run in reverse table order: term_posix_fdtab first, then vfscore_autoumount.
      expect(terms.reverse()).toEqual(['term_posix_fdtab', 'vfscore_autoumount']);
    });

    it('declares exactly the table symbols of nm.txt, in link order', () => {
      const nm = readFileSync(join(FIXTURES, 'unikraft-0.17-rich/nm.txt'), 'latin1');
      const normalize = (s: string) => s.replace(/_0$/, '_0x0').replace(/^(__uk_inittab\d\d)_0_/, '$1_0x0_');
      const symbols = nm.split('\n').map((l) => l.trim().split(/\s+/)[2] ?? '').filter((s) => /^__uk_(ctortab\d|inittab\d\d)_/.test(s)).map(normalize);
      const planned = compiled.order
        .map((id) => compiled.entries.find((e) => e.id === id))
        .filter((e): e is Entry => e !== undefined && (e.kind === 'ctor' || e.kind === 'initcall'))
        .map((e) => (e.kind === 'ctor'
          ? `__uk_ctortab${e.prio}_${e.fn}`
          : `__uk_inittab${e.levelNumber}${e.prio}_${e.fn ?? '0x0'}_${e.term?.fn ?? '0x0'}`));
      expect(planned).toEqual(symbols);
    });
  });
});

describe('linux 6.1', () => {
  const path = join(PLANS, 'linux/qemu-x86_64.yaml');
  const systemMap = join(FIXTURES, 'linux-6.1/System.map');

  it('warns only about the two link-order dependencies it documents', async () => {
    const { diagnostics } = await load(path);
    const warnings = diagnostics.filter((d) => d.severity === 'warning');
    expect(warnings.map((d) => `${d.code} ${d.subjects?.join(' ')}`).sort()).toEqual([
      'link-order-dependency af_netlink.netlink_proto_init socket.sock_init',
      'link-order-dependency legacy.pci_subsys_init acpi.acpi_init',
    ]);
  });

  it.skipIf(!existsSync(systemMap))('uses real initcalls of System.map at their levels, in their link order', async () => {
    const { compiled } = await load(path);
    const table = new Map<string, { id: string; address: number }>();
    for (const line of readFileSync(systemMap, 'latin1').split('\n')) {
      const m = /^([0-9a-f]+) \w __initcall__kmod_\w+?__\d+_\d+_(\w+?)(early|con|rootfs|[0-7]s?)$/.exec(line);
      if (m && !table.has(m[2]!)) table.set(m[2]!, { id: m[3]!, address: parseInt(m[1]!.slice(-8), 16) });
    }
    const levels = compiled.profile.tables[0]!.levels!;
    const initcalls = compiled.entries.filter((e) => e.kind === 'initcall');
    expect(initcalls.length).toBeGreaterThan(60);
    for (const e of initcalls) {
      const real = table.get(e.fn!);
      expect(real, e.fn!).toBeDefined();
      const level = levels.find((l) => l.name === e.level)!;
      expect([level.name, ...(level.aliases ?? [])], e.fn!).toContain(real!.id === 'con' ? 'con' : real!.id);
    }
    // Declaration order is link order: inside each level, addresses increase.
    for (const level of levels) {
      const addresses = initcalls.filter((e) => e.level === level.name).sort((a, b) => a.index - b.index).map((e) => table.get(e.fn!)!.address);
      expect(addresses, level.name).toEqual([...addresses].sort((a, b) => a - b));
    }
  });
});

describe('zephyr 3', () => {
  it('keeps kernel services out of the pre-kernel levels and every device after its dependencies', async () => {
    const { compiled } = await load(join(PLANS, 'zephyr/nucleo-f401re-bme280.yaml'));
    const kernelOnly = ['kernel', 'sched', 'alloc', 'time'];
    const levels = new Set(compiled.entries.map((e) => e.level));
    expect([...levels]).toEqual(expect.arrayContaining(['EARLY', 'PRE_KERNEL_1', 'PRE_KERNEL_2', 'POST_KERNEL', 'APPLICATION']));
    for (const e of compiled.entries.filter((x) => x.level?.startsWith('PRE_KERNEL') || x.level === 'EARLY')) {
      expect(e.uses.filter((c) => kernelOnly.includes(c)), e.id).toEqual([]);
    }
    const graph = graphOf(compiled);
    const devices = compiled.edges.filter((e) => e.reason.kind === 'uses' && e.reason.capability.startsWith('device:'));
    expect(devices.length).toBeGreaterThan(5);
    for (const edge of devices) expect(graph.byId.get(edge.from)!.key, `${edge.from} → ${edge.to}`).toBeLessThan(graph.byId.get(edge.to)!.key);
  });
});
