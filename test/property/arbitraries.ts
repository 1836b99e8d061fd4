/**
 * fast-check generators for boot plans, built by construction (never by filtering): a plan is a
 * list of entries placed on slots of a profile's boot order; every dependency is drawn from what
 * exists strictly earlier, so the plan is correct; then, optionally, exactly one bug is injected.
 * The boot order used here is written out independently of the compiler, so properties compare
 * two models rather than the compiler with itself.
 */
import fc from 'fast-check';
import jsYaml from 'js-yaml';
import { LINUX_LEVELS, linuxCore, UK21_CORE_CTOR, UK21_CORE_EARLY, UK21_CORE_INIT, UK_CORE_CTOR, UK_CORE_INIT, UK_LEVELS, ZEPHYR_LEVELS } from './boot-order.js';

export type ProfileName = 'unikraft@0.21' | 'unikraft@0.17' | 'unikraft@0.13' | 'linux@6.1' | 'zephyr@3';
export const PROFILES: ProfileName[] = ['unikraft@0.21', 'unikraft@0.17', 'unikraft@0.13', 'linux@6.1', 'zephyr@3'];

/** A place in the boot: which list registers it, and its rank in boot order. */
interface Slot {
  list: 'early' | 'ctors' | 'initcalls' | 'main';
  level?: string;
  prio?: number;
  /** Capabilities the core has provided by then. */
  core: string[];
}


function unikraftSlots(): Slot[] {
  const slots: Slot[] = [];
  for (let p = 0; p < 10; p++) slots.push({ list: 'ctors', prio: p, core: UK_CORE_CTOR });
  for (const level of UK_LEVELS) for (let p = 0; p < 10; p++) slots.push({ list: 'initcalls', level, prio: p, core: UK_CORE_INIT });
  return slots;
}

function unikraftNewestSlots(): Slot[] {
  const slots: Slot[] = [];
  for (let p = 0; p < 10; p++) slots.push({ list: 'early', prio: p, core: UK21_CORE_EARLY });
  for (let p = 0; p < 10; p++) slots.push({ list: 'ctors', prio: p, core: UK21_CORE_CTOR });
  for (const level of UK_LEVELS) for (let p = 0; p < 10; p++) slots.push({ list: 'initcalls', level, prio: p, core: UK21_CORE_INIT });
  return slots;
}

function linuxSlots(): Slot[] {
  return LINUX_LEVELS.map((level, i) => ({ list: 'initcalls' as const, level, core: linuxCore(i) }));
}

function zephyrSlots(): Slot[] {
  const slots: Slot[] = [];
  // Few priorities per level, so that ties are common.
  for (const [level, core] of ZEPHYR_LEVELS) for (const prio of [0, 10, 50, 99]) slots.push({ list: 'initcalls', level, prio, core });
  return slots;
}

export function slotsOf(profile: ProfileName): Slot[] {
  return profile === 'unikraft@0.21' ? unikraftNewestSlots() : profile.startsWith('unikraft') ? unikraftSlots() : profile === 'linux@6.1' ? linuxSlots() : zephyrSlots();
}

/** Whether entries on equal slots are ordered by declaration (Linux) or not at all. */
export const linkOrdered = (profile: ProfileName) => profile === 'linux@6.1';

export type BugKind = 'violation' | 'race' | 'after' | 'unprovided' | 'pre-init' | 'term-order';

export interface GeneratedEntry {
  lib: string;
  fn: string;
  slot: number;
  /** Declaration index: the default link order. */
  decl: number;
  uses: string[];
  provides: string[];
  after: string[];
  term?: { fn: string; uses: string[] };
  cost: number;
}

export interface GeneratedPlan {
  profile: ProfileName;
  entries: GeneratedEntry[];
  bug: { kind: BugKind; entry: string; capability?: string; first?: string } | null;
  plan: Record<string, unknown>;
  text: string;
}

interface Skeleton {
  profile: ProfileName;
  entries: Array<{ slot: number; lib: number; provide: boolean; shareCap: boolean; uses: number[]; after: number[]; term: boolean; termUse: number; cost: number }>;
  bug: { kind: BugKind; pick: number; pick2: number } | null;
  mainUses: number[];
}

const skeletonArb = (bugs: boolean): fc.Arbitrary<Skeleton> =>
  fc.record({
    profile: fc.constantFrom(...PROFILES),
    entries: fc.array(
      fc.record({
        slot: fc.nat(),
        lib: fc.nat({ max: 3 }),
        provide: fc.boolean(),
        shareCap: fc.boolean(),
        uses: fc.array(fc.nat(), { maxLength: 3 }),
        after: fc.array(fc.nat(), { maxLength: 1 }),
        term: fc.boolean(),
        termUse: fc.nat(),
        cost: fc.integer({ min: 1, max: 500 }),
      }),
      { minLength: 1, maxLength: 12 },
    ),
    bug: bugs
      ? fc.record({ kind: fc.constantFrom<BugKind>('violation', 'race', 'after', 'unprovided', 'pre-init', 'term-order'), pick: fc.nat(), pick2: fc.nat() })
      : fc.constant(null),
    mainUses: fc.array(fc.nat(), { maxLength: 2 }),
  });

/** Build a correct plan from a skeleton, then inject the bug if one was drawn and it applies. */
export function build(sk: Skeleton): GeneratedPlan {
  const profile = sk.profile;
  const slots = slotsOf(profile);
  // Linux ties are ordered by declaration, so "strictly earlier" includes same slot, earlier decl.
  const entries: GeneratedEntry[] = sk.entries.map((e, i) => ({
    lib: `lib${e.lib}`,
    fn: `fn${i}`,
    slot: e.slot % slots.length,
    decl: 0,
    uses: [],
    provides: [],
    after: [],
    cost: e.cost,
  }));
  // Declaration order: libraries in order of first appearance, entries in list order inside.
  const libOrder = [...new Set(entries.map((e) => e.lib))];
  const declared = libOrder.flatMap((lib) => entries.filter((e) => e.lib === lib));
  declared.forEach((e, i) => (e.decl = i));
  const before = (a: GeneratedEntry, b: GeneratedEntry) => a.slot < b.slot || (linkOrdered(profile) && a.slot === b.slot && a.decl < b.decl);
  const canTerm = profile === 'unikraft@0.17' || profile === 'unikraft@0.21';
  sk.entries.forEach((e, i) => {
    const entry = entries[i]!;
    if (e.provide) entry.provides.push(e.shareCap && i > 0 ? 'shared' : `cap${i}`);
    if (canTerm && e.term && slots[entry.slot]!.list === 'initcalls') entry.term = { fn: `term${i}`, uses: [] };
  });
  sk.entries.forEach((e, i) => {
    const entry = entries[i]!;
    const slot = slots[entry.slot]!;
    for (const u of e.uses) {
      // Half the draws use a core capability available at this slot, half an earlier entry's.
      if (u % 2 === 0) {
        const cap = slot.core[(u >> 1) % slot.core.length]!;
        if (!entry.uses.includes(cap)) entry.uses.push(cap);
        continue;
      }
      const earlier = entries.filter((x) => x !== entry && x.provides.length > 0 && before(x, entry));
      if (earlier.length === 0) continue;
      const cap = earlier[(u >> 1) % earlier.length]!.provides[0]!;
      if (!entry.uses.includes(cap)) entry.uses.push(cap);
    }
    for (const a of e.after) {
      const earlier = entries.filter((x) => x !== entry && before(x, entry));
      if (earlier.length === 0) continue;
      const ref = earlier[a % earlier.length]!;
      const id = `${ref.lib}.${ref.fn}`;
      if (!entry.after.includes(id)) entry.after.push(id);
    }
    if (entry.term && e.termUse % 3 === 0) entry.term.uses.push('alloc');
  });
  let bug: GeneratedPlan['bug'] = null;
  if (sk.bug) bug = inject(sk.bug, profile, entries, slots, before);
  const mainUses = new Set<string>();
  for (const m of sk.mainUses) {
    const caps = entries.flatMap((x) => x.provides);
    if (caps.length > 0) mainUses.add(caps[m % caps.length]!);
  }
  const plan = render(profile, entries, slots, [...mainUses]);
  return { profile, entries, bug, plan, text: jsYaml.dump(plan, { lineWidth: 200, noRefs: true }) };
}

function inject(b: { kind: BugKind; pick: number; pick2: number }, profile: ProfileName, entries: GeneratedEntry[], slots: Slot[], before: (a: GeneratedEntry, b: GeneratedEntry) => boolean): GeneratedPlan['bug'] {
  const id = (e: GeneratedEntry) => `${e.lib}.${e.fn}`;
  const target = entries[b.pick % entries.length]!;
  switch (b.kind) {
    case 'unprovided':
      target.uses.push('nobody-provides-this');
      return { kind: 'unprovided', entry: id(target), capability: 'nobody-provides-this' };
    case 'pre-init': {
      const pre = entries.filter((e) => slots[e.slot]!.list === 'ctors' || (profile === 'zephyr@3' && ['EARLY', 'PRE_KERNEL_1', 'PRE_KERNEL_2'].includes(slots[e.slot]!.level!)));
      if (pre.length === 0) return null;
      const e = pre[b.pick2 % pre.length]!;
      const cap = profile === 'zephyr@3' ? 'kernel' : 'alloc';
      if (e.uses.includes(cap)) return null;
      e.uses.push(cap);
      return { kind: 'pre-init', entry: id(e), capability: cap };
    }
    case 'violation': {
      // A fresh capability provided strictly later than its user.
      const later = entries.filter((e) => e.slot > target.slot);
      if (later.length === 0) return null;
      const p = later[b.pick2 % later.length]!;
      p.provides.push('late-cap');
      target.uses.push('late-cap');
      return { kind: 'violation', entry: id(target), capability: 'late-cap' };
    }
    case 'race': {
      if (linkOrdered(profile)) return null;
      const tied = entries.filter((e) => e !== target && e.slot === target.slot);
      if (tied.length === 0) return null;
      const p = tied[b.pick2 % tied.length]!;
      p.provides.push('tied-cap');
      target.uses.push('tied-cap');
      return { kind: 'race', entry: id(target), capability: 'tied-cap' };
    }
    case 'after': {
      const later = entries.filter((e) => e !== target && !before(e, target) && e.slot !== target.slot);
      if (later.length === 0) return null;
      const a = later[b.pick2 % later.length]!;
      target.after.push(id(a));
      return { kind: 'after', entry: id(target), first: id(a) };
    }
    case 'term-order': {
      if (profile !== 'unikraft@0.17' && profile !== 'unikraft@0.21') return null;
      const withTerm = entries.filter((e) => e.term);
      const pairs = withTerm.flatMap((t) => withTerm.filter((p) => p.slot > t.slot).map((p) => [t, p] as const));
      if (pairs.length === 0) return null;
      const [t, p] = pairs[b.pick2 % pairs.length]!;
      p.provides.push('torn-cap');
      t.term!.uses.push('torn-cap');
      return { kind: 'term-order', entry: id(t), capability: 'torn-cap' };
    }
  }
}

function render(profile: ProfileName, entries: GeneratedEntry[], slots: Slot[], mainUses: string[]): Record<string, unknown> {
  const libraries: Record<string, Record<string, unknown[] | Record<string, unknown>>> = {};
  for (const e of [...entries].sort((a, b) => a.decl - b.decl)) {
    const slot = slots[e.slot]!;
    const lib = (libraries[e.lib] ??= {});
    const raw: Record<string, unknown> = { fn: e.fn };
    if (slot.level !== undefined) raw.level = slot.level;
    if (slot.prio !== undefined) raw.prio = slot.prio;
    if (e.uses.length) raw.uses = e.uses;
    if (e.provides.length) raw.provides = e.provides;
    if (e.after.length) raw.after = e.after;
    if (e.term) raw.term = e.term.uses.length ? { fn: e.term.fn, uses: e.term.uses } : e.term.fn;
    raw.cost = `${e.cost}us`;
    ((lib[slot.list] ??= []) as unknown[]).push(raw);
  }
  const plan: Record<string, unknown> = { bootplan: 1, name: 'generated', profile };
  if (profile.startsWith('unikraft')) plan.target = 'qemu/x86_64';
  plan.libraries = { ...libraries, app: { main: mainUses.length ? { uses: mainUses } : {} } };
  return plan;
}

export const validPlan = skeletonArb(false).map(build);
export const maybeBrokenPlan = skeletonArb(true).map(build);

/** How many runs each property makes: BOOTPLAN_PROP_RUNS (or `npm test -- --runs N`), default 200. */
export const RUNS = Number(process.env.BOOTPLAN_PROP_RUNS ?? 200);

/** The rule code each injected bug must produce. */
export const EXPECTED_CODE: Record<BugKind, string> = {
  violation: 'use-before-provide',
  race: 'race',
  after: 'order-violated',
  unprovided: 'capability-never-provided',
  'pre-init': 'pre-init-use',
  'term-order': 'term-order',
};
