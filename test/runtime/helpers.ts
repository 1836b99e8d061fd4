/**
 * Hand-built compiled plans for runtime tests: a Unikraft-like and a Linux-like profile and a
 * small `compilePlan` that resolves entries the way compiler/resolve does (keys packed as
 * phase·2²⁰ + level·2¹⁰ + prio, effect contracts applied from compiler/effects.ts).
 */
import { EFFECTS, type EffectEnvironment } from '../../compiler/effects.js';
import type { Compiled, CoreStep, Entry, EntryKind, Mount, PlanInfo, Profile, ProfilePhase, ProfileTable } from '../../compiler/types.js';
import { parseSize } from '../../compiler/units.js';

const PHASE_SHIFT = 2 ** 20;
const LEVEL_SHIFT = 2 ** 10;
const src = { file: '', path: [] as string[] };

const step = (name: string, provides: string[], log: string[] = [], cost = '20us') => ({ step: { name, title: name, provides, log, cost } });

export function unikraftProfile(options: { version?: '0.17' | '0.13' } = {}): Profile {
  const old = options.version === '0.13';
  const levels = ['early', 'plat', 'lib', 'rootfs', 'sys', 'late'].map((name, i) => ({ name, number: i + 1 }));
  const tables: ProfileTable[] = [
    { name: 'ctors', role: 'ctor', title: 'constructor table', prio: { min: 0, max: 9, default: 9 }, canFail: false, terms: false },
    { name: 'inittab', role: 'initcall', title: 'init table', levels, prio: { min: 0, max: 9, default: 9 }, canFail: true, terms: !old },
    { name: 'init_array', role: 'init_array', title: 'GCC constructors', canFail: false, terms: false },
  ];
  const phases: ProfilePhase[] = [
    { table: 'ctors' },
    step('libparam', ['libparam'], [], '10us'),
    step('alloc', ['alloc'], ['Initialize memory allocator...'], '200us'),
    step('irq', ['irq'], ['Initialize the IRQ subsystem...']),
    step('time', ['time'], ['Initialize platform time...']),
    step('sched', ['sched'], ['Initialize scheduling...'], '50us'),
    { table: 'inittab' },
    step('banner', [], [], '10us'),
    { table: 'init_array' },
    { main: true },
  ];
  return {
    name: 'unikraft', version: old ? '0.13' : '0.17', title: old ? 'Unikraft 0.13.0 (Phoebe)' : 'Unikraft 0.17.0 (Calypso)',
    ties: 'unspecified', log: 'unikraft', initial: [], tables, phases, mainNonZero: old ? 'crash' : 'halt', capabilities: [],
    platforms: [{ target: 'qemu/x86_64', protocol: 'multiboot', bootloader: 'qemu', steps: [{ name: 'multiboot_entry', title: 'multiboot', provides: ['bootinfo', 'cmdline'], cost: '50us' }] }],
  };
}

export function linuxProfile(): Profile {
  const names = ['console', 'early', 'pure', 'core', 'postcore', 'arch', 'subsys', 'fs', 'rootfs', 'device', 'late'];
  const levels = names.map((name) => ({ name }));
  return {
    name: 'linux', version: '6.1', title: 'Linux 6.1', ties: 'link-order', log: 'linux', initial: [], mainNonZero: 'halt', capabilities: [],
    tables: [{ name: 'initcalls', role: 'initcall', title: 'initcall table', levels, canFail: false, terms: false }],
    phases: [
      step('mm_init', ['alloc'], [], '5ms'),
      step('sched_init', ['sched'], [], '1ms'),
      { table: 'initcalls', levels: ['console'] },
      step('vfs_caches_init', ['vfs', 'mount:/'], [], '2ms'),
      { table: 'initcalls', levels: ['early'] },
      { table: 'initcalls', levels: names.slice(2) },
      { main: true },
    ],
  };
}

export interface EntrySpec {
  /** `lib.fn`; for a term-only entry `lib.termfn` with `fn: null`. */
  id: string;
  kind?: EntryKind;
  fn?: string | null;
  level?: string;
  prio?: number;
  uses?: string[];
  provides?: string[];
  effects?: Array<{ kind: string; args?: Record<string, unknown> }>;
  returns?: number;
  alloc?: number;
  cost?: number;
  term?: string | { fn: string; uses: string[] };
}

export interface PlanSpec extends Partial<Omit<PlanInfo, 'source'>> {
  file?: string;
}

export function compilePlan(profile: Profile, specs: EntrySpec[], planSpec: PlanSpec = {}): Compiled {
  const { file = '', ...rest } = planSpec;
  const plan: PlanInfo = {
    name: 'test', profile: `${profile.name}@${profile.version}`, target: profile.platforms ? 'qemu/x86_64' : null, memory: 64 * 1024 * 1024,
    cmdline: '', argv: ['test'], libparams: {}, devices: [], mounts: [], initrd: null, files: [], ...rest, source: { file, path: [] },
  };
  const steps: CoreStep[] = [];
  const platform = profile.platforms?.find((p) => p.target === plan.target)?.steps ?? [{ name: 'boot', title: 'boot', provides: [] }];
  platform.forEach((s, i) => steps.push({ id: `core.${s.name}`, name: s.name, title: s.title, phase: 0, key: i, provides: [...s.provides], log: s.log ?? [], cost: 50_000 }));
  if (plan.initrd !== null) steps[0]!.provides.push('initrd0');
  profile.phases.forEach((ph, i) => {
    if ('step' in ph) {
      const cost = ph.step.cost?.endsWith('ms') ? Number(ph.step.cost.slice(0, -2)) * 1e6 : Number(ph.step.cost?.slice(0, -2) ?? 1) * 1e3;
      steps.push({ id: `core.${ph.step.name}`, name: ph.step.name, title: ph.step.title, phase: i + 1, key: (i + 1) * PHASE_SHIFT, provides: [...ph.step.provides], log: ph.step.log ?? [], cost });
    }
  });
  const mountPoints = [...new Set(plan.mounts.map((m) => m.at))];
  for (const s of specs) for (const e of s.effects ?? []) if (e.kind === 'mount' && typeof e.args?.at === 'string') mountPoints.push(e.args.at);
  const env: EffectEnvironment = { devices: plan.devices, fstab: plan.mounts, mountPoints, hasInitrd: plan.initrd !== null };
  const entries = specs.map((s, index) => makeEntry(profile, s, index, env));
  return { plan, profile, entries, steps, edges: [], order: [], dropped: [] };
}

function makeEntry(profile: Profile, s: EntrySpec, index: number, env: EffectEnvironment): Entry {
  const kind = s.kind ?? 'initcall';
  const [lib, name] = [s.id.slice(0, s.id.indexOf('.')), s.id.slice(s.id.indexOf('.') + 1)];
  const role = kind === 'ctor' ? 'ctor' : kind === 'init_array' ? 'init_array' : 'initcall';
  const table = kind === 'main' ? undefined : profile.tables.find((t) => t.role === role)!;
  const uses = new Set(s.uses ?? []);
  const provides = new Set(s.provides ?? []);
  let alloc = s.alloc ?? 0;
  if (alloc > 0) uses.add('alloc');
  const effects = (s.effects ?? []).map((e) => {
    const args = e.args ?? {};
    const contract = EFFECTS[e.kind]!.contract(args, env);
    contract.uses.forEach((c) => uses.add(c));
    contract.provides.forEach((c) => provides.add(c));
    if (e.kind === 'alloc') alloc += parseSize(args.size) ?? 0;
    return { kind: e.kind, args, uses: contract.uses, provides: contract.provides, source: src };
  });
  const failRc = s.effects?.find((e) => e.kind === 'fail')?.args?.rc;
  let phase: number;
  let key: number;
  let level: string | null = null;
  let levelNumber: number | null = null;
  const prio = s.prio ?? (table?.prio?.default ?? 0);
  if (kind === 'main') {
    phase = profile.phases.findIndex((p) => 'main' in p) + 1;
    key = phase * PHASE_SHIFT;
  } else {
    const li = table!.levels ? table!.levels.findIndex((l) => l.name === (s.level ?? table!.levels![0]!.name)) : 0;
    if (li < 0) throw new Error(`unknown level ${s.level}`);
    level = table!.levels?.[li]?.name ?? null;
    levelNumber = table!.levels?.[li]?.number ?? null;
    phase = profile.phases.findIndex((p) => 'table' in p && p.table === table!.name && (!p.levels || (level !== null && p.levels.includes(level)))) + 1;
    key = phase * PHASE_SHIFT + li * LEVEL_SHIFT + (table!.prio ? prio - table!.prio.min : 0);
  }
  const term = s.term === undefined ? null : typeof s.term === 'string' ? { fn: s.term, uses: [], source: src } : { ...s.term, source: src };
  return {
    id: s.id, index, lib, fn: s.fn === undefined ? name : s.fn, kind, table: table?.name ?? 'main', level, levelNumber, prio: table?.prio ? prio : 0,
    phase, key, uses: [...uses], provides: [...provides], declaredUses: s.uses ?? [], after: [], before: [], effects,
    cost: s.cost ?? 1000, alloc, returns: s.returns ?? (typeof failRc === 'number' ? failRc : 0), term, source: src,
  };
}

/** A Mount as resolve builds it from the plan's `mounts`. */
export function mount(dev: string, at: string, fs: string, opts = ''): Mount {
  return { dev, at, fs, opts, origin: 'mounts', source: src };
}

/** The trace's call/return/fault/term events in short form, for readable assertions. */
export function calls(events: ReadonlyArray<{ ev: string; id?: string; rc?: number; fn?: string }>): string[] {
  return events
    .filter((e) => e.ev === 'call' || e.ev === 'return' || e.ev === 'fault' || e.ev === 'term')
    .map((e) => (e.ev === 'return' ? `${e.id}=${e.rc}` : e.ev === 'call' ? e.id! : `${e.ev}:${e.id}${e.ev === 'term' ? `:${e.fn}` : ''}`));
}
