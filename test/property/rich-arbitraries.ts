/**
 * Richer plan generators, built by construction like arbitraries.ts (never by filtering) but
 * over more of the language: every profile and Unikraft target; constructors, initcalls and GCC
 * constructors; levels by name, number or alias, default priorities left out, symbolic
 * priorities `after(LIB.FN)` / `before(LIB.FN)`, Zephyr devicetree ordinals; `after` and
 * `before` lists; term functions and term-only entries; effects (open-stdio, spawn-thread, alloc,
 * log, mount, extract-initrd), `alloc:` (unaligned sizes too, memory sometimes sized to the exact
 * heap the boot takes), `returns:` (positive, and failing where that does not stop the boot);
 * capabilities with one or several providers; and for Unikraft a storage stack: a virtio-9p
 * device (and a virtio-net one) or an initrd, a probe-buses initcall, `vfscore_automount`
 * mounting the fstab (plan `mounts:` and/or `vfs.fstab` on the command line), devfs at /dev (in
 * the fstab or from its own entry), /tmp or /mnt, and users of `mount:/`.
 *
 * Every dependency is drawn from what exists strictly earlier in boot order (the slot ranks
 * below, written independently of the compiler), so the plan is correct; then at most one bug
 * is injected by mutating it (moving a provider later, deleting a device, swapping fstab entries,
 * ...), and only where the mutation yields exactly one error.
 */
import fc from 'fast-check';
import jsYaml from 'js-yaml';
import { writeCpio } from '../../runtime/vfs/cpio.js';
import type { ProfileName } from './arbitraries.js';
import { LINUX_LEVELS, linuxCore, UK_CORE_CTOR, UK_CORE_INIT, UK_LEVELS, ZEPHYR_LEVELS } from './boot-order.js';

/** Where the plan file lives; the machine reads 9p shares relative to it. */
export const PLAN_FILE = '/plan/gen.yaml';
const bytes = (text: string) => new TextEncoder().encode(text);
/**
 * Beside the plan: the host folder shared as fs0 and the initrd, both with `dev/` and `tmp/` so
 * that mounts there need no mkmp.
 */
export const HOST_FILES: Record<string, string | Uint8Array> = {
  '/plan/guest_fs/hello.txt': 'hello from the host\n',
  '/plan/guest_fs/dev/.keep': '',
  '/plan/guest_fs/tmp/.keep': '',
  '/plan/initrd.cpio': writeCpio([
    { name: 'dev', type: 'dir' },
    { name: 'tmp', type: 'dir' },
    { name: 'etc', type: 'dir' },
    { name: 'etc/motd', type: 'file', data: bytes('hello from the initrd\n') },
    { name: 'hello.txt', type: 'symlink', data: bytes('/etc/motd') },
  ]),
};

const TARGETS = ['qemu/x86_64', 'fc/x86_64', 'qemu/arm64', 'xen/x86_64'];
/** Other spellings of Linux levels the profile accepts (numbers, `5s`, `module`). */
const LINUX_ALIASES: Record<string, string | number> = {
  console: 'con', pure: 0, pure_sync: '0s', core: 1, core_sync: '1s', postcore: 2, postcore_sync: '2s', arch: 3, arch_sync: '3s',
  subsys: 4, subsys_sync: '4s', fs: 5, fs_sync: '5s', device: 'module', device_sync: '6s', late: 7, late_sync: '7s',
};
const DEFAULT_PRIO: Partial<Record<ProfileName, number>> = { 'unikraft@0.17': 9, 'unikraft@0.13': 9, 'zephyr@3': 50 };


interface Slot {
  list: 'ctors' | 'initcalls' | 'init_array';
  level?: string;
  prio?: number;
  /** Capabilities the core has provided by then. */
  core: string[];
}

const UK_PRE_INIT = ['alloc', 'sched', 'irq', 'time', 'libparam'];

function unikraftSlots(): Slot[] {
  const slots: Slot[] = [];
  for (let p = 0; p < 10; p++) slots.push({ list: 'ctors', prio: p, core: UK_CORE_CTOR });
  for (const level of UK_LEVELS) for (let p = 0; p < 10; p++) slots.push({ list: 'initcalls', level, prio: p, core: UK_CORE_INIT });
  slots.push({ list: 'init_array', core: UK_CORE_INIT });
  return slots;
}

function linuxSlots(): Slot[] {
  return LINUX_LEVELS.map((level, i) => ({ list: 'initcalls' as const, level, core: linuxCore(i) }));
}

const ZEPHYR_PRE = ['EARLY', 'PRE_KERNEL_1', 'PRE_KERNEL_2'];
function zephyrSlots(): Slot[] {
  const slots: Slot[] = [];
  // Few priorities, in adjacent pairs: ties are common and symbolic priorities have neighbours.
  for (const [level, core] of ZEPHYR_LEVELS) for (const prio of [0, 1, 50, 51, 98, 99]) slots.push({ list: 'initcalls', level, prio, core });
  return slots;
}

function slotsFor(profile: ProfileName): Slot[] {
  return profile.startsWith('unikraft') ? unikraftSlots() : profile === 'linux@6.1' ? linuxSlots() : zephyrSlots();
}

const PRIO_MAX: Record<ProfileName, number> = { 'unikraft@0.21': 9, 'unikraft@0.17': 9, 'unikraft@0.13': 9, 'linux@6.1': 0, 'zephyr@3': 99 };

export type RichBugKind =
  | 'violation' | 'race' | 'after' | 'before' | 'unprovided' | 'pre-init' | 'term-order' | 'term-race' | 'fails' | 'oom'
  | 'failing-provider' | 'term-only-provides' | 'oom-rounding'
  | 'probe-late' | 'device-deleted' | 'fstab-swap' | 'mount-early' | 'mount-point-missing';

export const RICH_BUG_KINDS: RichBugKind[] = ['violation', 'race', 'after', 'before', 'unprovided', 'pre-init', 'term-order', 'term-race', 'fails', 'oom', 'failing-provider', 'term-only-provides', 'oom-rounding', 'probe-late', 'device-deleted', 'fstab-swap', 'mount-early', 'mount-point-missing'];

/** The rule code each injected bug must produce. */
export const RICH_EXPECTED_CODE: Record<RichBugKind, string> = {
  violation: 'use-before-provide',
  race: 'race',
  after: 'order-violated',
  before: 'order-violated',
  unprovided: 'capability-never-provided',
  'pre-init': 'pre-init-use',
  'term-order': 'term-order',
  'term-race': 'race',
  fails: 'entry-fails',
  oom: 'out-of-memory',
  'failing-provider': 'capability-never-provided',
  'term-only-provides': 'capability-never-provided',
  'oom-rounding': 'out-of-memory',
  'probe-late': 'use-before-provide',
  'device-deleted': 'mount-source-missing',
  'fstab-swap': 'mount-order',
  'mount-early': 'mount-before-mounted',
  'mount-point-missing': 'mount-point-missing',
};

/** One registration being built. `fn === null` is a term-only entry. */
export interface RichNode {
  lib: string;
  fn: string | null;
  slot: number;
  decl: number;
  /** Symbolic priority `after(id)` / `before(id)`, or null for a number. */
  prioExpr: string | null;
  uses: string[];
  provides: string[];
  /** What the entry's effects provide (from their contracts; not written as `provides`). */
  effectProvides: string[];
  effects: Array<Record<string, unknown>>;
  after: string[];
  before: string[];
  term: { fn: string; uses: string[]; style: 'name' | 'object' } | null;
  alloc: string | null;
  returns: number | null;
  cost: number;
  note: string | null;
  /** Part of the storage stack (mutations move and delete these). */
  role: 'probe' | 'automount' | 'devfs' | null;
  /** How the level and priority are written: canonical, or a number/alias and a left-out default. */
  spell: number;
  /** Zephyr devicetree ordinal + 1 (0: none): such devices run after the SYS_INIT entries of their priority, in ordinal order. */
  sub: number;
}

export interface FstabEntry {
  dev: string;
  at: string;
  fs: '9pfs' | 'ramfs' | 'devfs' | 'extract';
  mkmp: boolean;
}

export interface Storage {
  root: '9pfs' | 'ramfs' | 'initrd';
  /** The plan boots with `initrd: initrd.cpio` (always for an initrd root). */
  initrd: boolean;
  devices: Array<{ kind: 'virtio-9p' | 'virtio-net'; tag: string; hostdir?: string }>;
  /** The whole fstab in mount order: the first `inMounts` go to the plan's `mounts`, the rest to `vfs.fstab`. */
  fstab: FstabEntry[];
  inMounts: number;
}

export interface RichPlan {
  profile: ProfileName;
  target: string;
  nodes: RichNode[];
  storage: Storage | null;
  mainUses: string[];
  memory: string | null;
  bug: { kind: RichBugKind; entry: string; capability?: string; first?: string } | null;
  /** Shapes this plan contains, for the generator coverage test. */
  features: string[];
  plan: Record<string, unknown>;
  text: string;
}

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length]!;

interface NodeSkeleton {
  slot: number;
  lib: number;
  /** Symbolic priority next to an earlier node: null, or which node and which side. */
  near: number | null;
  provide: number;
  uses: number[];
  after: number[];
  before: number[];
  term: number;
  termUses: number[];
  effect: number;
  alloc: number | null;
  returns: number;
  cost: number;
  name: number;
  note: boolean;
  spell: number;
  ordinal: number | null;
}

interface StorageSkeleton {
  root: number;
  dev: number;
  tmp: boolean;
  net: boolean;
  split: number;
  probe: number;
  auto: number;
  devfsAt: number;
  mkmp: boolean;
  autoUses: boolean;
  symbolicDevfs: boolean;
  initrd: boolean;
}

interface RichSkeleton {
  profile: ProfileName;
  target: number;
  nodes: NodeSkeleton[];
  storage: StorageSkeleton | null;
  mainUses: number[];
  /** Memory sized to exactly what the entries allocate. */
  tight: boolean;
  bug: { kind: RichBugKind; pick: number; pick2: number } | null;
}

const RICH_PROFILES: ProfileName[] = ['unikraft@0.17', 'unikraft@0.13', 'linux@6.1', 'zephyr@3'];

const nodeArb: fc.Arbitrary<NodeSkeleton> = fc.record({
  slot: fc.nat(),
  lib: fc.nat({ max: 4 }),
  near: fc.option(fc.nat(), { nil: null, freq: 3 }),
  provide: fc.nat({ max: 5 }),
  uses: fc.array(fc.nat(), { maxLength: 3 }),
  after: fc.array(fc.nat(), { maxLength: 1 }),
  before: fc.array(fc.nat(), { maxLength: 1 }),
  term: fc.nat({ max: 5 }),
  termUses: fc.array(fc.nat(), { maxLength: 2 }),
  effect: fc.nat({ max: 11 }),
  alloc: fc.option(fc.nat({ max: 2 }), { nil: null }),
  returns: fc.nat({ max: 7 }),
  cost: fc.integer({ min: 1, max: 500 }),
  name: fc.nat(),
  note: fc.boolean(),
  spell: fc.nat({ max: 5 }),
  ordinal: fc.option(fc.nat({ max: 3 }), { nil: null, freq: 2 }),
});

const storageArb: fc.Arbitrary<StorageSkeleton> = fc.record({
  root: fc.nat({ max: 3 }),
  dev: fc.nat({ max: 2 }),
  tmp: fc.boolean(),
  net: fc.boolean(),
  split: fc.nat(),
  probe: fc.nat(),
  auto: fc.nat(),
  devfsAt: fc.nat(),
  mkmp: fc.boolean(),
  autoUses: fc.boolean(),
  symbolicDevfs: fc.boolean(),
  initrd: fc.boolean(),
});

const richSkeleton = (bugs: boolean): fc.Arbitrary<RichSkeleton> =>
  fc.record({
    profile: fc.constantFrom(...RICH_PROFILES),
    target: fc.nat({ max: 3 }),
    nodes: fc.array(nodeArb, { minLength: 0, maxLength: 12 }),
    storage: fc.option(storageArb, { nil: null, freq: 2 }),
    mainUses: fc.array(fc.nat(), { maxLength: 3 }),
    tight: fc.boolean(),
    bug: bugs ? fc.record({ kind: fc.constantFrom(...RICH_BUG_KINDS), pick: fc.nat(), pick2: fc.nat() }) : fc.constant(null),
  });

const LIBS = ['lib0', 'posix-fdtab', 'uk_netdev', 'lib.nested', 'app-helper'];
const FN_STYLES = [(i: number) => `fn${i}`, (i: number) => `_init_${i}`, (i: number) => `fn${i}.cold`, (i: number) => `fn$${i}`, (i: number) => `Init${i}`];
const NOTES = ['plain note', 'note: with a colon', 'a # hash and "quotes"', "it's 'single'", '- looks like a list', 'multi\nline note', 'unicode: µs → ✓'];

const id = (n: RichNode) => `${n.lib}.${n.fn ?? n.term!.fn}`;

/** Build a correct plan from a skeleton, then inject the bug if one was drawn and it applies. */
export function buildRich(sk: RichSkeleton): RichPlan {
  const profile = sk.profile;
  const slots = slotsFor(profile);
  const unikraft = profile.startsWith('unikraft');
  const canTerm = profile === 'unikraft@0.17';
  const initSlot = (n: number, from: number, to: number) => {
    // An initcall slot index with rank in [from, to] (inclusive), or -1 when the range is empty.
    const first = slots.findIndex((s) => s.list === 'initcalls');
    const lo = Math.max(first, from);
    const hi = Math.min(to, slots.findLastIndex((s) => s.list === 'initcalls'));
    return hi < lo ? -1 : lo + (n % (hi - lo + 1));
  };
  const features = new Set<string>([`profile:${profile}`]);
  const nodes: RichNode[] = [];
  const blank = (lib: string, fn: string | null, slot: number, cost: number): RichNode => ({
    lib, fn, slot, decl: 0, prioExpr: null, uses: [], provides: [], effectProvides: [], effects: [], after: [], before: [],
    term: null, alloc: null, returns: null, cost, note: null, role: null, spell: 0, sub: 0,
  });

  // --- the storage stack (Unikraft) ------------------------------------------------------------
  let storage: Storage | null = null;
  if (unikraft && sk.storage) {
    const st = sk.storage;
    const root: Storage['root'] = st.root === 0 ? 'ramfs' : st.root === 3 ? 'initrd' : '9pfs';
    const initrd = root === 'initrd' || (root === 'ramfs' && st.initrd);
    const devices: Storage['devices'] = [];
    if (root === '9pfs') devices.push({ kind: 'virtio-9p', tag: 'fs0', hostdir: 'guest_fs' });
    if (st.net) devices.push({ kind: 'virtio-net', tag: 'net0' });
    // Probe at early..lib, automount strictly after it (the real one: rootfs 4), devfs after that.
    const probeSlot = initSlot(st.probe, 0, slots.findIndex((s) => s.level === 'rootfs') - 1);
    const autoSlot = st.auto % 2 === 0 && slots.findIndex((s) => s.level === 'rootfs' && s.prio === 4) > probeSlot
      ? slots.findIndex((s) => s.level === 'rootfs' && s.prio === 4)
      : initSlot(st.auto >> 1, probeSlot + 1, slots.findIndex((s) => s.level === 'late') - 1);
    const probe = blank('ukbus', 'uk_bus_lib_init', probeSlot, 300);
    probe.role = 'probe';
    if (st.autoUses) probe.uses.push('irq');
    probe.effects.push({ 'probe-buses': {} });
    probe.effectProvides.push('devices', ...devices.map((d) => `dev:${d.tag}`), ...(st.net ? ['netdev'] : []));
    const auto = blank('vfscore', 'vfscore_automount', autoSlot, 400);
    auto.role = 'automount';
    if (st.autoUses) auto.uses.push('libparam');
    if (canTerm) auto.term = { fn: 'vfscore_autoumount', uses: [], style: 'name' };
    auto.effects.push({ mount: { from: 'fstab' } });
    const fstab: FstabEntry[] = [root === 'initrd' ? { dev: 'initrd0', at: '/', fs: 'extract', mkmp: false } : { dev: root === '9pfs' ? 'fs0' : 'none', at: '/', fs: root, mkmp: false }];
    // An empty ramfs root has no /dev or /tmp: those mounts need mkmp; the 9p share and the
    // initrd have both.
    const mkmp = root === 'ramfs' || st.mkmp;
    const devfsMode = st.dev % 3; // 0: none, 1: in the fstab, 2: devfs_automount of its own
    if (devfsMode === 1) fstab.push({ dev: 'none', at: '/dev', fs: 'devfs', mkmp });
    // With mkmp on the 9p root, a mount point the host folder lacks (the machine creates it in
    // its copy of the share, as a writable share would).
    const tmpAt = root === '9pfs' && st.mkmp ? '/mnt' : '/tmp';
    if (st.tmp) fstab.push({ dev: 'none', at: tmpAt, fs: 'ramfs', mkmp });
    auto.effectProvides.push(...fstab.map((m) => `mount:${m.at}`), ...(root === 'initrd' ? ['initrd:/'] : []));
    nodes.push(probe, auto);
    if (devfsMode === 2) {
      const devfsSlot = initSlot(st.devfsAt, autoSlot + 1, slots.findIndex((s) => s.list === 'init_array') - 1);
      if (devfsSlot >= 0) {
        const devfs = blank('devfs', 'devfs_automount', devfsSlot, 100);
        devfs.role = 'devfs';
        devfs.effects.push({ mount: { dev: 'none', at: '/dev', fs: 'devfs', ...(mkmp ? { mkmp: true } : {}) } });
        devfs.effectProvides.push('mount:/dev');
        // The real one sits right after the automount: say so with a symbolic priority.
        if (st.symbolicDevfs && slots[autoSlot]!.prio! < 9) {
          devfs.slot = autoSlot + 1;
          devfs.prioExpr = 'after(vfscore.vfscore_automount)';
          features.add('symbolic-prio');
        }
        nodes.push(devfs);
        features.add('devfs-entry');
      }
    }
    storage = { root, initrd, devices, fstab, inMounts: st.split % (fstab.length + 1) };
    if (initrd) features.add('initrd');
    features.add(`root:${root}`);
    if (storage.inMounts > 0) features.add('fstab:mounts');
    if (storage.inMounts < fstab.length) features.add('fstab:cmdline');
    if (devfsMode === 1) features.add('devfs-fstab');
    if (st.net) features.add('virtio-net');
  }

  // --- generic entries: slots, names, symbolic priorities --------------------------------------
  const generic: RichNode[] = [];
  sk.nodes.forEach((e, i) => {
    const lib = LIBS[e.lib]!;
    let slot = e.slot % slots.length;
    let prioExpr: string | null = null;
    if (e.near !== null && PRIO_MAX[profile] > 0) {
      // Next to an earlier placed node of the same table and level, one priority away.
      const candidates = [...nodes, ...generic].filter((n) => n.role !== 'probe' && slots[n.slot]!.prio !== undefined);
      if (candidates.length > 0) {
        const ref = pick(candidates, e.near >> 1);
        const at = slots[ref.slot]!;
        const want = at.prio! + (e.near % 2 === 0 ? 1 : -1);
        const target = slots.findIndex((s) => s.list === at.list && s.level === at.level && s.prio === want);
        if (target >= 0) {
          slot = target;
          prioExpr = `${e.near % 2 === 0 ? 'after' : 'before'}(${id(ref)})`;
          features.add('symbolic-prio');
        }
      }
    }
    const list = slots[slot]!.list;
    const termOnly = canTerm && list === 'initcalls' && e.term === 5;
    const node = blank(lib, termOnly ? null : pick(FN_STYLES, e.name)(i), slot, e.cost);
    node.prioExpr = prioExpr;
    if (canTerm && list === 'initcalls' && (e.term >= 3 || termOnly)) {
      node.term = { fn: `term${i}`, uses: [], style: e.term % 2 === 0 ? 'object' : 'name' };
      features.add(termOnly ? 'term-only' : 'term');
    }
    if (e.note) node.note = pick(NOTES, e.name);
    node.spell = e.spell;
    if (profile === 'zephyr@3' && e.ordinal !== null) {
      node.sub = e.ordinal + 1;
      features.add('ordinal');
    }
    generic.push(node);
  });
  nodes.push(...generic);

  // Declaration order: libraries in order of first appearance; inside one, the compiler reads
  // ctors, then initcalls, then init_array (main is last, in its own library).
  const LIST_ORDER = { ctors: 0, initcalls: 1, init_array: 2 } as const;
  const libOrder = [...new Set(nodes.map((n) => n.lib))];
  const declared = libOrder.flatMap((lib) => nodes.filter((n) => n.lib === lib).sort((a, b) => LIST_ORDER[slots[a.slot]!.list] - LIST_ORDER[slots[b.slot]!.list]));
  declared.forEach((n, i) => (n.decl = i));
  const linkOrdered = profile === 'linux@6.1';
  const earlier = (a: RichNode, b: RichNode) =>
    a.slot < b.slot || (a.slot === b.slot && (a.sub < b.sub || (linkOrdered && a.sub === b.sub && a.decl < b.decl)));
  const runs = (n: RichNode) => n.fn !== null;

  // --- what each generic entry provides and does -----------------------------------------------
  sk.nodes.forEach((e, i) => {
    const node = generic[i]!;
    const slot = slots[node.slot]!;
    if (!runs(node)) return;
    if (e.provide === 1 || e.provide === 2) node.provides.push(`cap${i}`);
    if (e.provide === 3) {
      node.provides.push('shared');
      features.add('shared-cap');
    }
    const has = (c: string) => slot.core.includes(c);
    switch (e.effect) {
      case 1: if (has('alloc')) { node.effects.push({ 'open-stdio': {} }); node.effectProvides.push('fd:stdio'); features.add('open-stdio'); } break;
      case 2: if (has('alloc') && has('sched')) { node.effects.push({ 'spawn-thread': { name: `worker${i % 3}` } }); node.effectProvides.push(`thread:worker${i % 3}`); features.add('spawn-thread'); } break;
      case 3: if (has('alloc')) { node.effects.push({ alloc: { size: '4Ki' } }); features.add('alloc-effect'); } break;
      case 4: node.effects.push({ log: { msg: `hello from ${id(node)}` } }); features.add('log'); break;
    }
    if (e.alloc !== null && has('alloc')) {
      node.alloc = pick(['8Ki', '100', '24'], e.alloc);
      features.add('alloc');
    }
    if (slot.list === 'initcalls' && e.returns === 7) {
      node.returns = 1 + (e.cost % 5);
      features.add('positive-returns');
    }
  });
  // Constructors return void: a `returns` below zero changes nothing, they still provide.
  sk.nodes.forEach((e, i) => {
    const node = generic[i]!;
    if (runs(node) && slots[node.slot]!.list !== 'initcalls' && e.returns === 6) {
      node.returns = -1 - (e.cost % 9);
      features.add('failing-constructor');
    }
  });
  // Linux and Zephyr log a failing initcall and go on: a valid plan may have one, as long as
  // nothing it would have provided is needed (the gap flag lifts that condition).
  sk.nodes.forEach((e, i) => {
    const node = generic[i]!;
    if (unikraft || !runs(node) || e.returns !== 6) return;
    if (node.provides.length > 0 || node.effectProvides.length > 0) return;
    node.returns = -5 - (e.cost % 20);
    features.add('failing-initcall-goes-on');
  });

  // Mount effects of generic entries need the root mounted (and an empty ramfs one: mkmp).
  const capsBefore = (node: RichNode): string[] => {
    const caps = new Set<string>(slots[node.slot]!.core);
    for (const n of nodes) {
      // Term-only entries provide nothing (unless the known gap is being generated on purpose).
      if (n === node || !earlier(n, node)) continue;
      n.provides.forEach((c) => caps.add(c));
      n.effectProvides.forEach((c) => caps.add(c));
    }
    return [...caps];
  };
  sk.nodes.forEach((e, i) => {
    const node = generic[i]!;
    if (!runs(node) || e.effect !== 6 || !storage?.initrd || storage.root !== 'ramfs') return;
    if (!capsBefore(node).includes('mount:/')) return;
    node.effects.push({ 'extract-initrd': { to: '/' } });
    node.effectProvides.push('initrd:/');
    features.add('extract-initrd');
  });
  sk.nodes.forEach((e, i) => {
    const node = generic[i]!;
    if (!runs(node) || e.effect !== 5 || storage?.root !== 'ramfs') return;
    if (!capsBefore(node).includes('mount:/')) return;
    node.effects.push({ mount: { dev: 'none', at: `/data${i}`, fs: 'ramfs', mkmp: true } });
    node.effectProvides.push(`mount:/data${i}`);
    features.add('mount-effect');
  });

  // --- uses, after, before, term uses ----------------------------------------------------------
  sk.nodes.forEach((e, i) => {
    const node = generic[i]!;
    const available = capsBefore(node);
    const core = slots[node.slot]!.core;
    const entryCaps = available.filter((c) => !core.includes(c));
    if (runs(node)) {
      for (const u of e.uses) {
        const cap = u % 3 === 0 || entryCaps.length === 0 ? (core.length ? pick(core, u >> 1) : null) : pick(entryCaps, u >> 1);
        if (cap && !node.uses.includes(cap)) node.uses.push(cap);
        if (cap?.startsWith('mount:')) features.add(`uses:${cap === 'mount:/' ? 'mount:/' : 'mount:sub'}`);
      }
    }
    // Nothing can be ordered against a term-only entry, nor a term-only entry against anything:
    // nothing of it runs at boot.
    for (const a of runs(node) ? e.after : []) {
      const refs = nodes.filter((x) => x !== node && runs(x) && earlier(x, node));
      if (refs.length === 0) continue;
      const ref = id(pick(refs, a));
      if (!node.after.includes(ref)) node.after.push(ref);
      features.add('after');
    }
    for (const b of runs(node) ? e.before : []) {
      const refs = nodes.filter((x) => x !== node && runs(x) && earlier(node, x));
      if (refs.length === 0) continue;
      const ref = id(pick(refs, b));
      if (!node.before.includes(ref)) node.before.push(ref);
      features.add('before');
    }
    if (node.term) {
      // What a term uses must outlive it: the core (never withdrawn) or an entry linked strictly
      // earlier (its term, if any, runs later in the reverse teardown).
      for (const u of e.termUses) {
        const cap = available.length ? pick(available, u) : null;
        if (cap && !node.term.uses.includes(cap)) node.term.uses.push(cap);
        if (cap?.startsWith('mount:')) features.add('term-uses-mount');
      }
      if (node.term.uses.length > 0) node.term.style = runs(node) ? 'object' : node.term.style;
    }
  });

  const mainCaps = new Set<string>();
  for (const n of nodes) [...n.provides, ...n.effectProvides].forEach((c) => mainCaps.add(c));
  const mainList = [...mainCaps];
  const mainUses = [...new Set(mainList.length ? sk.mainUses.map((m) => pick(mainList, m)) : [])];
  if (mainUses.includes('mount:/')) features.add('main-uses-mount:/');

  const target = unikraft ? TARGETS[sk.target % TARGETS.length]! : '';
  if (unikraft) features.add(`target:${target}`);
  if (nodes.some((n) => n.spell % 3 === 0 && slots[n.slot]!.level !== undefined && (unikraft || profile === 'linux@6.1'))) features.add('level-alias');
  const plan: RichPlan = { profile, target, nodes, storage, mainUses, memory: null, bug: null, features: [], plan: {}, text: '' };
  if (sk.tight) {
    // Exactly what the entries allocate (`alloc:` and alloc effects, each rounded up to the heap's
    // 16 bytes): the heap is full at the end of the boot. Unpacked initrd files are not charged.
    const heap = { '8Ki': 8192, '100': 112, '24': 32 } as Record<string, number>;
    let total = 0;
    for (const n of nodes) {
      if (n.alloc !== null) total += heap[n.alloc]!;
      for (const eff of n.effects) if ('alloc' in eff) total += 4096;
    }
    if (total > 0) {
      plan.memory = String(total);
      features.add('tight-memory');
    }
  }
  if (sk.bug) {
    // The drawn kind first; when it does not apply to this plan, the next ones in turn.
    const first = RICH_BUG_KINDS.indexOf(sk.bug.kind);
    for (let k = 0; k < RICH_BUG_KINDS.length && plan.bug === null; k++) {
      plan.bug = inject({ ...sk.bug, kind: RICH_BUG_KINDS[(first + k) % RICH_BUG_KINDS.length]! }, plan, slots, earlier);
    }
  }
  if (plan.bug) features.add(`bug:${plan.bug.kind}`);
  for (const n of nodes) if (n.effects.length > 0 && n.role === null) features.add('effects');
  if (nodes.some((n) => slots[n.slot]!.list === 'ctors')) features.add('ctors');
  if (nodes.some((n) => slots[n.slot]!.list === 'init_array')) features.add('init_array');
  plan.features = [...features].sort();
  plan.plan = render(plan, slots);
  plan.text = jsYaml.dump(plan.plan, { lineWidth: 200, noRefs: true });
  return plan;
}

/** The default linearization's order of two entries: by slot, devicetree ordinal, declaration. */
function defaultOrder(a: RichNode, b: RichNode): number {
  return a.slot - b.slot || a.sub - b.sub || a.decl - b.decl;
}

function inject(b: { kind: RichBugKind; pick: number; pick2: number }, g: RichPlan, slots: Slot[], earlier: (a: RichNode, b: RichNode) => boolean): RichPlan['bug'] {
  const { nodes, profile } = g;
  const runs = nodes.filter((n) => n.fn !== null);
  // Entries that can provide: a failing initcall never does.
  const providers = runs.filter((n) => (n.returns ?? 0) >= 0);
  if (runs.length === 0) return null;
  const target = pick(runs, b.pick);
  const unikraft = profile.startsWith('unikraft');
  const usersOf = (caps: string[], except: RichNode) => nodes.filter((n) => n !== except && (n.uses.some((c) => caps.includes(c)) || n.term?.uses.some((c) => caps.includes(c))));
  switch (b.kind) {
    case 'unprovided':
      target.uses.push('nobody-provides-this');
      return { kind: 'unprovided', entry: id(target), capability: 'nobody-provides-this' };
    case 'pre-init': {
      const pre = runs.filter((n) => slots[n.slot]!.list === 'ctors' || (profile === 'zephyr@3' && ZEPHYR_PRE.includes(slots[n.slot]!.level!)));
      if (pre.length === 0) return null;
      const n = pick(pre, b.pick2);
      const cap = profile === 'zephyr@3' ? 'kernel' : pick(UK_PRE_INIT, b.pick);
      if (n.uses.includes(cap)) return null;
      n.uses.push(cap);
      return { kind: 'pre-init', entry: id(n), capability: cap };
    }
    case 'violation': {
      const later = providers.filter((n) => n.slot > target.slot);
      if (later.length === 0) return null;
      const p = pick(later, b.pick2);
      p.provides.push('late-cap');
      target.uses.push('late-cap');
      return { kind: 'violation', entry: id(target), capability: 'late-cap' };
    }
    case 'race': {
      if (profile === 'linux@6.1') return null;
      const tied = providers.filter((n) => n !== target && n.slot === target.slot && n.sub === target.sub);
      if (tied.length === 0) return null;
      const p = pick(tied, b.pick2);
      p.provides.push('tied-cap');
      target.uses.push('tied-cap');
      return { kind: 'race', entry: id(target), capability: 'tied-cap' };
    }
    case 'after': {
      const later = runs.filter((n) => n !== target && n.slot > target.slot);
      if (later.length === 0) return null;
      const a = pick(later, b.pick2);
      target.after.push(id(a));
      return { kind: 'after', entry: id(target), first: id(a) };
    }
    case 'before': {
      // `target.before: [x]` with x strictly earlier: x runs first in every boot.
      const sooner = runs.filter((n) => n !== target && n.slot < target.slot);
      if (sooner.length === 0) return null;
      const x = pick(sooner, b.pick2);
      target.before.push(id(x));
      return { kind: 'before', entry: id(x), first: id(target) };
    }
    case 'term-order': {
      const withTerm = nodes.filter((n) => n.term);
      const pairs = withTerm.flatMap((t) => withTerm.filter((p) => providers.includes(p) && p.slot > t.slot).map((p) => [t, p] as const));
      if (pairs.length === 0) return null;
      const [t, p] = pick(pairs, b.pick2);
      p.provides.push('torn-cap');
      t.term!.uses.push('torn-cap');
      t.term!.style = t.fn === null ? t.term!.style : 'object';
      return { kind: 'term-order', entry: id(t), capability: 'torn-cap' };
    }
    case 'term-race': {
      const withTerm = nodes.filter((n) => n.term);
      const pairs = withTerm.flatMap((t) => withTerm.filter((p) => p !== t && providers.includes(p) && p.slot === t.slot).map((p) => [t, p] as const));
      if (pairs.length === 0) return null;
      const [t, p] = pick(pairs, b.pick2);
      p.provides.push('tied-term-cap');
      t.term!.uses.push('tied-term-cap');
      t.term!.style = t.fn === null ? t.term!.style : 'object';
      return { kind: 'term-race', entry: id(t), capability: 'tied-term-cap' };
    }
    case 'fails': {
      if (!unikraft) return null;
      const inits = runs.filter((n) => slots[n.slot]!.list === 'initcalls');
      if (inits.length === 0) return null;
      const n = pick(inits, b.pick2);
      const rc = -1 - (b.pick % 30);
      if (b.pick % 2 === 0) n.returns = rc;
      else {
        n.returns = null;
        n.effects.push({ fail: { rc } });
      }
      return { kind: 'fails', entry: id(n) };
    }
    case 'oom': {
      const heapy = runs.filter((n) => slots[n.slot]!.core.includes('alloc'));
      if (heapy.length === 0) return null;
      const n = pick(heapy, b.pick2);
      g.memory = '1Mi';
      n.alloc = '2Mi';
      return { kind: 'oom', entry: id(n) };
    }
    case 'failing-provider': {
      // Linux and Zephyr go on past a failing initcall; what it would provide never exists.
      if (unikraft) return null;
      const used = new Set([...nodes.flatMap((n) => [...n.uses, ...(n.term?.uses ?? [])]), ...g.mainUses]);
      const quiet = providers.filter((n) => n.slot < target.slot && ![...n.provides, ...n.effectProvides].some((c) => used.has(c)));
      if (quiet.length === 0) return null;
      const p = pick(quiet, b.pick2);
      p.provides.push('lost-cap');
      p.returns = -5;
      target.uses.push('lost-cap');
      return { kind: 'failing-provider', entry: id(target), capability: 'lost-cap' };
    }
    case 'term-only-provides': {
      // A term-only entry has no init function: what it says it provides never exists.
      const pairs = nodes.filter((t) => t.fn === null).flatMap((t) => runs.filter((u) => u.slot > t.slot).map((u) => [t, u] as const));
      if (pairs.length === 0) return null;
      const [t, u] = pick(pairs, b.pick2);
      t.provides.push('ghost-cap');
      u.uses.push('ghost-cap');
      return { kind: 'term-only-provides', entry: id(u), capability: 'ghost-cap' };
    }
    case 'oom-rounding': {
      // One byte short of what the allocations take once each is rounded up to 16 bytes, though
      // more than what they add up to as written: the last one in the default order fails.
      const heapy = runs.filter((n) => n.alloc !== null || n.effects.some((e) => 'alloc' in e));
      if (!heapy.some((n) => n.alloc === '100' || n.alloc === '24')) return null;
      const rounded = { '8Ki': 8192, '100': 112, '24': 32 } as Record<string, number>;
      let total = 0;
      for (const n of heapy) total += (n.alloc === null ? 0 : rounded[n.alloc]!) + 4096 * n.effects.filter((e) => 'alloc' in e).length;
      const last = heapy.reduce((a, n) => (defaultOrder(n, a) > 0 ? n : a));
      g.memory = String(total - 1);
      return { kind: 'oom-rounding', entry: id(last) };
    }
    case 'mount-point-missing': {
      // Under a fresh ramfs root, a mount point exists only if mkmp creates it.
      const auto = nodes.find((n) => n.role === 'automount');
      const st = g.storage;
      if (!auto || !st || st.root !== 'ramfs' || st.fstab.length < 2) return null;
      const m = st.fstab[1 + (b.pick2 % (st.fstab.length - 1))]!;
      m.mkmp = false;
      return { kind: 'mount-point-missing', entry: id(auto) };
    }
    case 'probe-late': {
      // Move the probe later than the automount, but before every other user of its devices.
      const probe = nodes.find((n) => n.role === 'probe');
      const auto = nodes.find((n) => n.role === 'automount');
      if (!probe || !auto || g.storage?.root !== '9pfs') return null;
      const caps = probe.effectProvides;
      const refs = nodes.filter((n) => n.after.includes(id(probe)) || n.before.includes(id(probe)) || n.prioExpr?.includes(`(${id(probe)})`));
      const others = [...usersOf(caps, probe).filter((n) => n !== auto), ...refs];
      const limit = Math.min(slots.findIndex((s) => s.list === 'init_array'), ...others.map((n) => n.slot));
      const choices = slots.map((s, i) => i).filter((i) => slots[i]!.list === 'initcalls' && i > auto.slot && i < limit);
      if (choices.length === 0) return null;
      probe.slot = pick(choices, b.pick2);
      return { kind: 'probe-late', entry: id(auto), capability: 'dev:fs0' };
    }
    case 'device-deleted': {
      const auto = nodes.find((n) => n.role === 'automount');
      const probe = nodes.find((n) => n.role === 'probe');
      const st = g.storage;
      if (!auto || !probe || !st || st.root !== '9pfs') return null;
      if (usersOf(['dev:fs0'], auto).length > 0 || g.mainUses.includes('dev:fs0')) return null;
      st.devices = st.devices.filter((d) => d.tag !== 'fs0');
      probe.effectProvides = probe.effectProvides.filter((c) => c !== 'dev:fs0');
      return { kind: 'device-deleted', entry: id(auto), capability: 'dev:fs0' };
    }
    case 'fstab-swap': {
      const auto = nodes.find((n) => n.role === 'automount');
      const st = g.storage;
      if (!auto || !st || st.fstab.length < 2) return null;
      const other = 1 + (b.pick2 % (st.fstab.length - 1));
      [st.fstab[0], st.fstab[other]] = [st.fstab[other]!, st.fstab[0]!];
      return { kind: 'fstab-swap', entry: id(auto), capability: 'mount:/' };
    }
    case 'mount-early': {
      const auto = nodes.find((n) => n.role === 'automount');
      if (!auto) return null;
      const sooner = runs.filter((n) => n.slot < auto.slot && !n.uses.includes('mount:/'));
      if (sooner.length === 0) return null;
      const n = pick(sooner, b.pick2);
      n.uses.push('mount:/');
      return { kind: 'mount-early', entry: id(n), capability: 'mount:/' };
    }
  }
}

function render(g: RichPlan, slots: Slot[]): Record<string, unknown> {
  const libraries: Record<string, Record<string, unknown>> = {};
  for (const n of [...g.nodes].sort((a, b) => a.decl - b.decl)) {
    const slot = slots[n.slot]!;
    const lib = (libraries[n.lib] ??= {});
    const raw: Record<string, unknown> = {};
    if (n.fn !== null) raw.fn = n.fn;
    if (n.fn === null && n.term) {
      raw.term = n.term.style === 'object' ? { fn: n.term.fn, uses: n.term.uses } : n.term.fn;
      // A term-only entry's own `uses` are its term's.
      if (n.term.style === 'name' && n.term.uses.length) raw.uses = n.term.uses;
    }
    if (slot.level !== undefined) {
      const alias = g.profile.startsWith('unikraft') ? UK_LEVELS.indexOf(slot.level) + 1 : g.profile === 'linux@6.1' ? LINUX_ALIASES[slot.level] : undefined;
      raw.level = n.spell % 3 === 0 && alias !== undefined ? alias : slot.level;
    }
    // The default priority may be left out.
    const defaulted = n.prioExpr === null && slot.prio === DEFAULT_PRIO[g.profile] && n.spell % 2 === 1;
    if (slot.prio !== undefined && !defaulted) raw.prio = n.prioExpr ?? slot.prio;
    if (n.sub > 0) raw.ordinal = n.sub - 1;
    if (n.uses.length) raw.uses = n.uses;
    if (n.provides.length) raw.provides = n.provides;
    if (n.after.length) raw.after = n.after;
    if (n.before.length) raw.before = n.before;
    if (n.fn !== null && n.term) raw.term = n.term.style === 'object' || n.term.uses.length ? { fn: n.term.fn, uses: n.term.uses } : n.term.fn;
    if (n.effects.length) raw.effects = n.effects;
    if (n.alloc !== null) raw.alloc = n.alloc;
    if (n.returns !== null) raw.returns = n.returns;
    raw.cost = `${n.cost}us`;
    if (n.note !== null) raw.note = n.note;
    ((lib[slot.list] ??= []) as unknown[]).push(raw);
  }
  const plan: Record<string, unknown> = { bootplan: 1, name: 'generated', profile: g.profile };
  if (g.profile.startsWith('unikraft')) plan.target = g.target;
  if (g.storage?.initrd) plan.initrd = 'initrd.cpio';
  if (g.memory !== null) plan.memory = /^\d+$/.test(g.memory) ? Number(g.memory) : g.memory;
  const st = g.storage;
  const cmdFstab = st ? st.fstab.slice(st.inMounts) : [];
  if (cmdFstab.length > 0) {
    const words = cmdFstab.map((m) => `"${m.dev}:${m.at}:${m.fs}${m.mkmp ? ':::mkmp' : ''}"`);
    plan.cmdline = `vfs.fstab=[${words.join(' ')}] -- /hello.txt`;
  } else if (st) {
    plan.cmdline = '-- /hello.txt';
  }
  if (st && st.devices.length > 0) plan.devices = st.devices.map((d) => ({ ...d }));
  if (st && st.inMounts > 0) plan.mounts = st.fstab.slice(0, st.inMounts).map((m) => ({ dev: m.dev, at: m.at, fs: m.fs, ...(m.mkmp ? { opts: 'mkmp' } : {}) }));
  plan.libraries = { ...libraries, app: { main: g.mainUses.length ? { uses: g.mainUses } : {} } };
  return plan;
}

/** Correct plans of every shape. */
export const richPlan: fc.Arbitrary<RichPlan> = richSkeleton(false).map(buildRich);
/** Plans with at most one injected bug (`bug` says which, where; null when none applied). */
export const maybeBrokenRichPlan: fc.Arbitrary<RichPlan> = richSkeleton(true).map(buildRich);
