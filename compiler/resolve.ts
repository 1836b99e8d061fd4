/**
 * Stage 3: meaning. Takes the validated documents and the profile and produces resolved entries
 * (each with its table, level, priority and sort key, its uses and provides with every effect's
 * contract applied) and the core steps. Reference errors — unknown levels, libraries, entries,
 * priorities out of range — are reported here, each pointing at the YAML node.
 */
import { dirname, relative, resolve as resolvePath } from 'node:path';
import { normalizeMountPoint, parseArrayParam, parseCmdline, parseFstabEntry } from './cmdline.js';
import { EFFECTS, failReturn, FILESYSTEMS, INITRD_CAPABILITY, type EffectEnvironment } from './effects.js';
import { documentKeyOrder } from './key-order.js';
import { err, LEVEL_SHIFT, MAX_ORDINAL, PHASE_SHIFT, type DroppedEntry, type Pending } from './keys.js';
import { plainPriority, resolvePriorities, resolveRefs } from './priorities.js';
import { evidenceDiagnostics } from './evidence.js';
import { applyOverlays, collectOverlays, unusedOverlays, type OverlayItem } from './overlay.js';
import { findProfile } from './profiles.js';
import { suggest } from './suggest.js';
import type {
  CoreStep, Device, Diagnostic, Effect, Entry, EntryKind, Evidence, Mount, PlanInfo, Profile, ProfileTable, SourceRef,
} from './types.js';
import { DEFAULT_COST, MAX_TOTAL_COST_NS, measure, parseDuration, parseSize } from './units.js';
import { checkedCost, checkedSize, excerpt, totalCostProblem } from './checked-values.js';
import type { LoadedFile } from './load.js';
import type { LunaModel } from './luna/model.js';
import { resolveLuna } from './luna/resolve.js';
import { append } from './append.js';
import { hashEnd, hashFrom, hashOf, HASH_START, NameIndex, NameMap, type NameLookup } from './name-index.js';

/** Kraftfile platform aliases (kraftkit): what a plan's `target` should say instead. */
const PLATFORM_ALIASES: Record<string, string> = { kvm: 'qemu', firecracker: 'fc', kraftcloud: 'fc' };

export const DEFAULT_MEMORY = 64 * 1024 * 1024;
export { DEFAULT_COST } from './units.js';

export { LEVEL_SHIFT, PHASE_SHIFT, PRIO_SHIFT } from './keys.js';

export interface Resolved {
  plan: PlanInfo;
  /** Null when the plan names no profile bootplan has (then nothing else is resolved). */
  profile: Profile | null;
  entries: Entry[];
  steps: CoreStep[];
  dropped: DroppedEntry[];
  skipped?: DroppedEntry[];
  diagnostics: Diagnostic[];
  /** Thread-model profiles: the lanes and the default schedule. */
  luna?: LunaModel;
  order?: string[];
  /** Entry id → the entry (dropped ones too): `buildGraph` looks nodes up through it. */
  ids?: NameLookup<Entry>;
  /**
   * Whether some entry's id has a `#`: resolve numbered a duplicate (`#2`) or moved an id off a
   * core step's (`#lib`). No other id has one: library and function names cannot.
   */
  numbered?: boolean;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const EMPTY: string[] = [];
const EMPTY_EVIDENCE: Evidence[] = [];
const NO_EFFECTS: Effect[] = [];
/** A list of strings from a validated document (the schema already checked the element types). */
const strings = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : EMPTY);
/** Stands for the sets of a plain entry, which are never added to (no alloc, no effects). */
const EMPTY_SET: ReadonlySet<string> & Set<string> = new Set<string>();
/**
 * `n`, as an unboxed small integer when it is one. V8 keeps a field's numbers unboxed only while
 * every value stored in it is: one integer that arrives as a float (`Math.round`, a size times its
 * unit) makes the field boxed, and then each of 100,000 entries holds a heap number for it.
 */
const unboxed = (n: number): number => ((n | 0) === n ? n | 0 : n);


/**
 * The top-level settings of a plan and the plans it extends: for each key, the value of the
 * nearest plan of the `extends` chain that gives it, and that plan's file.
 */
function layeredSettings(files: LoadedFile[], root: LoadedFile): { data: Obj; fileOf: (key: string) => string } {
  const plans = files.filter((f) => f.kind === 'plan' && isObj(f.data)).sort((a, b) => a.layer - b.layer);
  if (plans.length <= 1) return { data: root.data as Obj, fileOf: () => root.file };
  const data: Obj = {};
  const from = new Map<string, string>();
  for (const p of plans) {
    for (const [k, v] of Object.entries(p.data as Obj)) {
      if (k in data) continue;
      data[k] = v;
      from.set(k, p.file);
    }
  }
  return { data, fileOf: (key) => from.get(key) ?? root.file };
}

/** A host path written in `file`, made relative to the root plan's folder (which the machine reads host paths against). */
function rebase(path: string, file: string, rootFile: string): string {
  if (dirname(file) === dirname(rootFile) || path.startsWith('/')) return path;
  return relative(dirname(rootFile), resolvePath(dirname(file), path)) || '.';
}

/** Profiles differing along the `extends` chain: a plan cannot change the boot model it builds on. */
function profileMismatches(files: LoadedFile[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const plans = files.filter((f) => f.kind === 'plan' && isObj(f.data) && typeof (f.data as Obj).profile === 'string').sort((a, b) => a.layer - b.layer);
  const name = (f: LoadedFile) => {
    const found = findProfile(String((f.data as Obj).profile), f.file);
    return 'error' in found ? String((f.data as Obj).profile) : `${found.profile.name}@${found.profile.version}`;
  };
  for (let i = 0; i + 1 < plans.length; i++) {
    const mine = name(plans[i]!);
    const base = name(plans[i + 1]!);
    if (mine !== base) {
      out.push(err('profile-mismatch', `profile ${mine} differs from ${base}, the profile of ${relative(dirname(plans[i]!.file), plans[i + 1]!.file)}, which this plan extends`, { file: plans[i]!.file, path: ['profile'] }, `remove \`profile\` to inherit ${base}, or extend a plan of ${mine}`));
    }
  }
  return out;
}

/**
 * `skip`: entries (or whole libraries) left out because they have input errors (`check` reports
 * those and checks the rest); they come back as `skipped`, so what needed them can say why.
 */
export interface ResolveOptions {
  skip?: (file: string, path: ReadonlyArray<string | number>) => boolean;
}

export function resolve(files: LoadedFile[], rootFile: string, options: ResolveOptions = {}): Resolved {
  const diagnostics: Diagnostic[] = [];
  const skipped: DroppedEntry[] = [];
  const skip = options.skip;
  const skipEntry = (written: unknown, lib: string, source: SourceRef) => {
    const raw = isObj(written) ? written : {};
    const fn = typeof raw.fn === 'string' ? raw.fn : isObj(raw.term) && typeof raw.term.fn === 'string' ? raw.term.fn : typeof raw.term === 'string' ? raw.term : '?';
    const provides = Array.isArray(raw.provides) ? raw.provides.filter((x): x is string => typeof x === 'string') : [];
    skipped.push({ id: `${lib}.${fn}`, reason: 'it has an input error', provides, source });
  };
  const root = files.find((f) => f.file === rootFile) ?? files[files.length - 1]!;
  const settings = layeredSettings(files, root);
  const data = settings.data;
  const at = (path: Array<string | number>, file?: string): SourceRef => ({ file: file ?? (typeof path[0] === 'string' ? settings.fileOf(path[0]) : root.file), path });

  append(diagnostics, profileMismatches(files));
  const lookup = findProfile(String(data.profile), settings.fileOf('profile'));
  if ('error' in lookup) {
    diagnostics.push(err('unknown-profile', lookup.error + (lookup.suggestion ? `; did you mean "${lookup.suggestion}"?` : ''), at(['profile'])));
    return { plan: emptyPlan(root.file), profile: null, entries: [], steps: [], dropped: [], diagnostics };
  }
  const profile = lookup.profile;
  if (profile.model === 'threads') {
    const r = resolveLuna(data, root.file, profile, files.map((f) => f.file));
    return { plan: r.plan, profile, entries: r.entries, steps: [], dropped: [], diagnostics: [...diagnostics, ...r.diagnostics], luna: r.luna, order: r.order };
  }

  // --- plan-level settings -------------------------------------------------------------------
  const name = String(data.name);
  const target = typeof data.target === 'string' ? data.target : null;
  const platform = profile.platforms?.find((p) => p.target === target);
  if (profile.platforms && profile.platforms.length > 0) {
    const known = profile.platforms.map((p) => p.target);
    if (target === null) {
      diagnostics.push(err('unknown-target', `${profile.name}@${profile.version} needs a target; one of ${known.join(', ')}`, at([], root.file), 'add e.g. `target: qemu/x86_64`'));
    } else if (!platform) {
      // Kraftfile spells platforms several ways (reference §6): kvm is qemu, firecracker is fc.
      const [plat, arch] = target.split('/') as [string, string];
      const alias = PLATFORM_ALIASES[plat] ? `${PLATFORM_ALIASES[plat]}/${arch}` : undefined;
      const guess = alias && known.includes(alias) ? alias : suggest(target, known);
      diagnostics.push(err('unknown-target', `unknown target "${target}" for ${profile.name}@${profile.version}${guess ? `; did you mean "${guess}"?` : ''}`, at(['target']), `known: ${known.join(', ')}`));
    }
  }
  const memoryRead = data.memory === undefined ? { value: DEFAULT_MEMORY } : measure(data.memory, 'size');
  const memory = memoryRead !== null && 'value' in memoryRead ? memoryRead.value : null;
  if (memoryRead === null) diagnostics.push(err('schema', `memory "${excerpt(data.memory)}" is not a size`, at(['memory'])));
  else if ('problem' in memoryRead) diagnostics.push(err('value-out-of-range', `memory ${excerpt(data.memory)} ${memoryRead.problem}`, at(['memory']), 'write the guest memory in whole bytes with a unit, e.g. 64Mi'));
  const cmdlineText = typeof data.cmdline === 'string' ? data.cmdline : '';
  const cmdline = parseCmdline(cmdlineText, name);
  for (const problem of cmdline.errors) diagnostics.push(err('bad-cmdline', `command line: ${problem}`, at(['cmdline'])));

  const devices: Device[] = [];
  const mounts: Mount[] = [];
  // Along an `extends` chain, the nearest plan (with its includes) that has devices (or mounts) gives them all.
  // A loop, not Math.min(...spread): a plan with 200,000 includes must not exceed the argument limit.
  const layerOf = (key: string) => {
    let min = Infinity;
    for (const f of files) if (f.layer < min && Array.isArray((f.data as Obj)[key])) min = f.layer;
    return min;
  };
  const deviceLayer = layerOf('devices');
  const mountLayer = layerOf('mounts');
  for (const file of files) {
    const doc = file.data as Obj;
    (Array.isArray(doc.devices) && file.layer === deviceLayer ? doc.devices : []).forEach((d: Obj, i: number) => {
      const source = at(['devices', i], file.file);
      if (devices.some((o) => o.tag === d.tag)) {
        diagnostics.push(err('duplicate-device', `two devices have the tag "${String(d.tag)}"`, source, 'give each device its own tag'));
        return;
      }
      devices.push({ kind: d.kind as Device['kind'], tag: String(d.tag), ...(typeof d.hostdir === 'string' ? { hostdir: rebase(d.hostdir, file.file, root.file) } : {}), source });
    });
    (Array.isArray(doc.mounts) && file.layer === mountLayer ? doc.mounts : []).forEach((m: Obj, i: number) => {
      mounts.push({ dev: String(m.dev), at: normalizeMountPoint(String(m.at)), fs: String(m.fs), opts: typeof m.opts === 'string' ? m.opts : '', origin: 'mounts', source: at(['mounts', i], file.file) });
    });
  }
  const fstabParam = cmdline.libparams['vfs.fstab'];
  if (fstabParam !== undefined) {
    for (const text of parseArrayParam(fstabParam)) {
      const parsed = parseFstabEntry(text);
      if (typeof parsed === 'string') {
        diagnostics.push(err('bad-cmdline', `vfs.fstab: ${parsed}`, at(['cmdline'])));
        continue;
      }
      // Validated like a `mounts:` row (whose schema lists the drivers): vfscore's automount
      // finds no driver by that name and fails with ENODEV at boot.
      if (!Object.hasOwn(FILESYSTEMS, parsed.fs)) {
        const known = Object.keys(FILESYSTEMS);
        const guess = suggest(parsed.fs, known);
        diagnostics.push(err('bad-cmdline', `vfs.fstab: fstab entry "${text}" names the filesystem driver "${parsed.fs}", which bootplan does not know${guess ? `; did you mean "${guess}"?` : ''}`, at(['cmdline']), `known drivers: ${known.join(', ')}`));
        continue;
      }
      mounts.push({ dev: parsed.dev, at: parsed.at, fs: parsed.fs, opts: [parsed.opts, ...parsed.ukopts].filter(Boolean).join(','), origin: 'cmdline', source: at(['cmdline']) });
    }
  }
  const initrd = typeof data.initrd === 'string' ? rebase(data.initrd, settings.fileOf('initrd'), root.file) : null;

  const plan: PlanInfo = {
    name, profile: `${profile.name}@${profile.version}`, target, memory: memory ?? DEFAULT_MEMORY,
    cmdline: cmdlineText, argv: cmdline.argv, libparams: { ...cmdline.libparams },
    devices, mounts, initrd, files: files.map((f) => f.file), source: at([], root.file),
  };

  // --- core steps ------------------------------------------------------------------------------
  const steps: CoreStep[] = [];
  const platformSteps = platform?.steps ?? [{ name: 'boot', title: `${profile.title} entry`, provides: [] }];
  platformSteps.forEach((s, i) => {
    steps.push({ id: `core.${s.name}`, name: s.name, title: s.title, phase: 0, key: i, provides: [...s.provides], log: s.log ?? [], cost: parseDuration(s.cost) ?? DEFAULT_COST });
  });
  profile.phases.forEach((phase, i) => {
    if ('step' in phase) {
      const s = phase.step;
      steps.push({ id: `core.${s.name}`, name: s.name, title: s.title, phase: i + 1, key: (i + 1) * PHASE_SHIFT, provides: [...s.provides], log: s.log ?? [], cost: parseDuration(s.cost) ?? DEFAULT_COST });
    }
  });
  if (initrd !== null) steps[0]!.provides.push(INITRD_CAPABILITY);

  // --- entries ---------------------------------------------------------------------------------
  const libraryFile = new Map<string, string>();
  let index = 0;
  const tableFor = (role: ProfileTable['role']) => profile.tables.find((t) => t.role === role);
  const lists: Array<[key: string, role: ProfileTable['role'], kind: EntryKind]> = [
    ['early', 'early', 'early'], ['ctors', 'ctor', 'ctor'], ['initcalls', 'initcall', 'initcall'], ['init_array', 'init_array', 'init_array'],
  ];
  // Each entry is admitted as it is made, while it is in the cache: its id made unique, and what
  // the later passes need of it noted, so that none of them walks every entry again.
  const made = admission(entryRoom(files, lists), steps, profile);
  const mainPhase = profile.phases.findIndex((p) => 'main' in p) + 1;

  // Mount points created by explicit mount effects count for parent lookup too. Only effects'
  // contracts read them: a plan whose entries have no effects never collects them (a pass over
  // every entry as written).
  const fstabPoints = [...new Set(mounts.map((m) => m.at))];
  let mountPoints: string[] | undefined;
  const allMountPoints = (): string[] => {
    const points = fstabPoints;
    for (const file of files) {
      const libs = (file.data as Obj).libraries;
      if (!isObj(libs)) continue;
      const names = Object.keys(libs);
      for (let l = 0; l < names.length; l++) {
        const lib = libs[names[l]!];
        if (!isObj(lib)) continue;
        for (let k = 0; k < lists.length; k++) {
          const list = lib[lists[k]![0]];
          if (Array.isArray(list)) for (let i = 0; i < list.length; i++) collectMountPoints(list[i], points);
        }
        collectMountPoints(lib.main, points);
      }
    }
    return points;
  };
  const env: EffectEnvironment = { devices, fstab: mounts, get mountPoints() { return (mountPoints ??= allMountPoints()); }, hasInitrd: initrd !== null };
  const overlays = collectOverlays(files);
  // The ids are built only when there are overlays: a plan without any has 100k entries to pass.
  const overlaid = (raw: Obj, lib: string, name: string, aliasName?: string): { raw: Obj; origins?: Record<string, SourceRef> } => {
    if (overlays.size === 0) return { raw };
    const id = `${lib}.${name}`;
    const alias = aliasName === undefined ? undefined : `${lib}.${aliasName}`;
    const items: OverlayItem[] = [...(overlays.get(id) ?? []), ...(alias && alias !== id ? overlays.get(alias) ?? [] : [])];
    return items.length === 0 ? { raw } : applyOverlays(raw, items);
  };

  for (const file of files) {
    const libs = (file.data as Obj).libraries;
    if (!isObj(libs)) continue;
    for (const libName of documentKeyOrder(file.text, ['libraries'], Object.keys(libs))) {
      const lib = libs[libName];
      const libPath: Array<string | number> = ['libraries', libName];
      if (libraryFile.has(libName)) {
        diagnostics.push(err('duplicate-library', `library "${libName}" is defined twice (also in ${libraryFile.get(libName)})`, at(libPath, file.file), 'merge the two definitions or rename one'));
        continue;
      }
      libraryFile.set(libName, file.file);
      if (!isObj(lib)) continue;
      // Each entry's id is `lib.` and its function's name (makeEntry): one prefix per library,
      // hashed once, so that an id's hash reads only the function's name (see `admit`).
      const idPrefix = `${libName}.`;
      const idState = hashFrom(HASH_START, idPrefix);
      if (skip?.(file.file, libPath)) {
        for (const [key] of lists) (Array.isArray(lib[key]) ? lib[key] : []).forEach((w: unknown, i: number) => skipEntry(w, libName, at(libPath.concat(key, i), file.file)));
        if (lib.main !== undefined) skipEntry({ fn: 'main', ...(isObj(lib.main) ? lib.main : {}) }, libName, at(libPath.concat('main'), file.file));
        continue;
      }
      // Indexed, without destructuring: both make iterator objects, per library, in code that
      // runs once (about 0.8 MB at 10,000 entries).
      for (let l = 0; l < lists.length; l++) {
        const key = lists[l]![0];
        const role = lists[l]![1];
        const kind = lists[l]![2];
        const list = lib[key];
        if (!Array.isArray(list) || list.length === 0) continue;
        const table = tableFor(role);
        if (!table) {
          diagnostics.push(err('unknown-table', `${profile.name}@${profile.version} has no ${key === 'ctors' ? 'constructor table' : key === 'early' ? 'early table' : key}; "${libName}.${key}" cannot be registered`, at(libPath.concat(key), file.file), kindAdvice(profile, key)));
          continue;
        }
        // One context for the list, its index, source and origins set per entry: makeEntry
        // keeps none of it (a list of 100,000 entries made 100,000 of these to drop).
        const ctx: EntryContext = { lib: libName, idPrefix, kind, table, index: 0, source: at(libPath, file.file), profile, env, diagnostics, origins: undefined, costAt: () => costSource(ctx) };
        for (let i = 0; i < list.length; i++) {
          const written = list[i] as Obj;
          // Not made by `at`, which every other source of the plan goes through: see EntrySource.
          const source: SourceRef = new EntrySource(file.file, libName, key, i);
          if (skip?.(file.file, source.path)) {
            skipEntry(written, libName, source);
            continue;
          }
          let raw = written;
          let origins: Record<string, SourceRef> | undefined;
          if (overlays.size > 0 && isObj(written)) {
            const name = typeof written.fn === 'string' ? written.fn : isObj(written.term) ? written.term.fn : written.term;
            ({ raw, origins } = overlaid(written, libName, String(name)));
          }
          ctx.index = index++;
          ctx.source = source;
          ctx.origins = origins;
          const entry = makeEntry(raw, ctx);
          if (!entry) continue;
          // Most priorities are a number or none: set now, while the entry is in the cache.
          const state = plainPriority(entry, raw.prio, table) ? 'done' : undefined;
          made.admit(entry, raw.prio, table, state, idState);
        }
      }
      if (lib.main !== undefined) {
        const written: Obj = isObj(lib.main) ? lib.main : {};
        const source = at(libPath.concat('main'), file.file);
        if (skip?.(file.file, source.path)) {
          skipEntry({ fn: 'main', ...written }, libName, source);
          continue;
        }
        const { raw, origins } = overlaid(written, libName, 'main', typeof written.fn === 'string' ? written.fn : undefined);
        const mainCtx: EntryContext = { lib: libName, idPrefix, kind: 'main', table: null, index: index++, source, profile, env, diagnostics, origins, costAt: () => costSource(mainCtx) };
        const entry = makeEntry({ fn: 'main', ...raw }, mainCtx);
        if (entry) {
          entry.phase = mainPhase;
          entry.key = mainPhase * PHASE_SHIFT;
          made.admit(entry, undefined, null, undefined, idState);
        }
      }
    }
  }

  // What admitting the entries said of the ids (a name clashing with a core step's), after what
  // making them said, as when the ids were made unique in a pass of their own.
  append(diagnostics, made.idDiagnostics);
  const byId = made.byId;
  if (overlays.size > 0) append(diagnostics, unusedOverlays(overlays, [...byId.keys()]));
  // Only the entries whose priority was not set as they were made, and those with references.
  const dropped = resolvePriorities(made.undecided, made.pendingOf, profile, diagnostics);
  resolveRefs(made.withRefs, byId, diagnostics);
  const droppedIds = new Set(dropped.map((d) => d.id));
  const all = made.entries;
  const entries = droppedIds.size > 0 ? all.filter((e) => !droppedIds.has(e.id)) : all;
  if (made.evidenced) append(diagnostics, evidenceDiagnostics(all));
  // Costs are never negative: when all of them add up to less than the limit, so do the kept ones.
  if (made.cost[0]! > MAX_TOTAL_COST_NS) {
    const tooLong = totalCostProblem(entries);
    if (tooLong) diagnostics.push(tooLong);
  }
  return { plan, profile, entries, steps, dropped, ...(skipped.length > 0 ? { skipped } : {}), diagnostics, ids: byId, numbered: made.numbered };
}

/** At most how many entries `files` hold (libraries defined twice counted twice): room for their ids. */
function entryRoom(files: LoadedFile[], lists: ReadonlyArray<readonly [string, ...unknown[]]>): number {
  let room = 0;
  for (const file of files) {
    const libs = (file.data as Obj).libraries;
    if (!isObj(libs)) continue;
    for (const name in libs) {
      const lib = libs[name];
      if (!isObj(lib)) continue;
      for (let k = 0; k < lists.length; k++) {
        const list = lib[lists[k]![0]];
        if (Array.isArray(list)) room += list.length;
      }
      if (lib.main !== undefined) room++;
    }
  }
  return room;
}

/**
 * Entries as they are made, in declaration order: each one's id made unique at once (duplicates
 * get `#n`, so that everything downstream can still name them; one clashing with a core step's
 * id gets `#lib`), and the few that later passes need listed (priorities not set yet, `after` and
 * `before` references), with the evidence and cost totals.
 */
function admission(room: number, steps: readonly CoreStep[], profile: Profile) {
  const tables = new Map(profile.tables.map((t) => [t.name, t]));
  const idIndex = new NameIndex(room);
  const byIndex: Entry[] = new Array<Entry>(room);
  // The records of the entries whose priority is not set yet, by entry (a few of a plan's entries).
  const undecidedOf = new Map<Entry, Pending>();
  const stepIds = new Set(steps.map((s) => s.id));
  // The next `#n` to try per base id: every smaller n is taken already, so N copies of one
  // function cost N lookups, not N²/2.
  const nextSuffix = new Map<string, number>();
  const byId = new NameMap<Entry>(idIndex, byIndex);
  const made = {
    entries: [] as Entry[],
    undecided: [] as Pending[],
    withRefs: [] as Entry[],
    byId,
    /**
     * The priority record of the entry with this id, for a priority that refers to it: its own
     * when its priority was left to decide, else one saying it is set (or, for main, that it has none).
     */
    pendingOf: {
      get: (id: string): Pending | undefined => {
        const entry = byId.get(id);
        if (!entry) return undefined;
        return undecidedOf.get(entry) ?? { entry, rawPrio: undefined, table: entry.kind === 'main' ? null : tables.get(entry.table) ?? null, state: 'done' };
      },
      keys: () => byId.keys(),
    } satisfies NameLookup<Pending>,
    /** Said about ids, reported after what making the entries said. */
    idDiagnostics: [] as Diagnostic[],
    numbered: false,
    evidenced: false,
    /**
     * Every entry's cost added up, dropped ones too, in `cost[0]`: a float from the start (a sum
     * kept in a field began as a small integer, and passing 2^31 ns, about 2 s, sent the optimised
     * `admit` back to the interpreter to be compiled again).
     */
    cost: new Float64Array(1),
    /**
     * `rawPrio` as written; `state` 'done' when its priority is set already (undefined for the
     * rest, and for main). `prefix`: the hash state after the entry's `lib.` (its id is that and
     * its function's name). Only an entry whose priority is left to decide gets a record.
     */
    admit(entry: Entry, rawPrio: unknown, table: ProfileTable | null, state: Pending['state'], prefix: number): void {
      let idHash = hashEnd(hashFrom(prefix, entry.fn ?? entry.term!.fn));
      // A step's id is `core.…`: only a library whose name starts with `core` can give an entry one.
      if (entry.lib.startsWith('core') && stepIds.has(entry.id)) {
        // A library named `core` (Linux has one) could name a function like a core step.
        made.idDiagnostics.push(err('duplicate-registration', `${entry.id} has the name of the profile's core step "${steps.find((s) => s.id === entry.id)!.title}"`, entry.source, `rename library ${entry.lib} (e.g. ${entry.lib}-lib)`));
        entry.id = `${entry.id}#lib`;
        idHash = hashOf(entry.id);
        made.numbered = true;
      }
      // Most ids are unique: one probe that adds it, and the suffix table only for those that are not.
      const count = idIndex.size;
      let at = idIndex.addHashed(entry.id, idHash);
      if (at < count) {
        let id = entry.id;
        let n = nextSuffix.get(entry.id) ?? 2;
        for (; idIndex.has(id); n++) id = `${entry.id}#${n}`;
        nextSuffix.set(entry.id, n);
        entry.id = id;
        made.numbered = true;
        at = idIndex.add(id);
      }
      byIndex[at] = entry;
      made.entries.push(entry);
      if (state === undefined && table) {
        const p: Pending = { entry, rawPrio, table, state };
        made.undecided.push(p);
        undecidedOf.set(entry, p);
      }
      if (entry.after.length > 0 || entry.before.length > 0) made.withRefs.push(entry);
      if (!made.evidenced && (entry.evidence?.length || entry.term?.evidence?.length)) made.evidenced = true;
      made.cost[0] += entry.cost;
    },
  };
  return made;
}

function kindAdvice(profile: Profile, key: string): string {
  const roles = profile.tables.map((t) => (t.role === 'ctor' ? 'ctors' : t.role === 'initcall' ? 'initcalls' : t.role));
  return `${profile.name} registers through: ${roles.join(', ')}${key === 'ctors' ? '; use an initcall at the earliest level instead' : ''}`;
}

function collectMountPoints(raw: unknown, points: string[]): void {
  if (!isObj(raw) || !Array.isArray(raw.effects)) return;
  for (const eff of raw.effects) {
    if (isObj(eff) && isObj(eff.mount) && typeof eff.mount.at === 'string') {
      const p = normalizeMountPoint(eff.mount.at);
      if (!points.includes(p)) points.push(p);
    }
  }
}

interface EntryContext {
  lib: string;
  /** `lib.`: each entry's id is this and its function's name (one string made per entry, not two). */
  idPrefix: string;
  kind: EntryKind;
  table: ProfileTable | null;
  index: number;
  source: SourceRef;
  profile: Profile;
  env: EffectEnvironment;
  diagnostics: Diagnostic[];
  /** Fields an overlay set, and where (language 1.1). */
  origins?: Record<string, SourceRef> | undefined;
  /**
   * Where the entry being made writes `cost`, for a diagnostic: one function per context (a
   * closure made per entry would be one more object for each of them).
   */
  costAt: () => SourceRef;
}

/** Where the entry `ctx` is making writes `cost` (an overlay's node, or the entry's own). */
function costSource(ctx: EntryContext): SourceRef {
  return ctx.origins?.cost ?? { file: ctx.source.file, path: ctx.source.path.concat('cost') };
}

/**
 * An entry's source, `libraries.<lib>.<list>[index]`: the path made when read rather than held, so
 * that each of 100,000 entries keeps one small object instead of an object and a four-item array:
 * at 100k entries, what compile leaves on the heap goes from 60 to 53 MB (heap sampling), which is
 * 7 MB less for young-generation collections to copy. Written out as JSON as the `{ file, path }`
 * any other source is.
 */
class EntrySource implements SourceRef {
  constructor(readonly file: string, private readonly lib: string, private readonly list: string, private readonly index: number) {}

  get path(): ReadonlyArray<string | number> {
    return ['libraries', this.lib, this.list, this.index];
  }

  toJSON(): SourceRef {
    return { file: this.file, path: this.path };
  }
}

function makeEntry(raw: Obj, ctx: EntryContext): Entry | null {
  const { lib, kind, table, source, profile, diagnostics } = ctx;
  const fn = typeof raw.fn === 'string' ? raw.fn : null;
  let term: Entry['term'] = null;
  if (raw.term !== undefined) {
    const termSource: SourceRef = { file: source.file, path: source.path.concat('term') };
    if (table && !table.terms) {
      diagnostics.push(err('term-unsupported', `${profile.name}@${profile.version} has no term functions; "${typeof raw.term === 'string' ? raw.term : String((raw.term as Obj).fn)}" would never run`, termSource, 'remove `term:`, or target a profile version with term functions (unikraft@0.17)'));
    } else if (!table) {
      diagnostics.push(err('term-unsupported', 'main has no term function', termSource));
    } else {
      term = typeof raw.term === 'string'
        ? { fn: raw.term, uses: [], source: termSource }
        : { fn: String((raw.term as Obj).fn), uses: strings((raw.term as Obj).uses), source: termSource,
          ...(Array.isArray((raw.term as Obj).evidence) ? { evidence: (raw.term as Obj).evidence as Evidence[] } : {}) };
      const exit = isObj(raw.term) ? raw.term.exit : undefined;
      if (typeof exit === 'number') {
        if (profile.exitStatus?.termsWrite) term.exit = exit;
        else diagnostics.push(err('term-exit-unsupported', `${profile.name}@${profile.version} gives term functions a context that holds only the target; "${term.fn}" cannot write the exit status ${exit}`, { file: source.file, path: source.path.concat('term', 'exit') }, 'remove `exit:`, or target a profile whose term context has `exit_code` (unikraft@0.21)'));
      }
    }
  }
  if (fn === null && term === null) {
    if (raw.term === undefined) diagnostics.push(err('schema', 'an entry needs `fn` (or `term` for a term-only entry)', source));
    return null;
  }
  let declaredUses = strings(raw.uses);
  if (fn === null && term) {
    // A term-only entry has no init function: what it says it uses, its term uses.
    term.uses = [...new Set([...term.uses, ...declaredUses])];
    declaredUses = [];
  }
  const declaredProvides = strings(raw.provides);
  // Most entries have neither effects nor alloc: keep their lists as written, no copies.
  const plain = raw.alloc === undefined && !(Array.isArray(raw.effects) && raw.effects.length > 0);
  // Sets only for entries whose lists grow (effects' contracts, alloc): most keep theirs as written.
  const uses = plain ? EMPTY_SET : new Set(declaredUses);
  const provides = plain ? EMPTY_SET : new Set(declaredProvides);
  // Entries without effects share one empty list (nothing adds to an entry's effects later).
  const effects: Effect[] = plain ? NO_EFFECTS : [];
  // A term-only entry's init function is never called: its heap and its effects' uses never
  // happen (the machine skips it in the init loop), so they are not the entry's.
  const termOnly = fn === null;
  let returns = typeof raw.returns === 'number' ? raw.returns : 0;
  let alloc = 0;
  if (raw.alloc !== undefined) {
    const size = checkedSize(raw.alloc, 'alloc', ctx.origins?.alloc ?? { file: source.file, path: source.path.concat('alloc') }, diagnostics);
    // `alloc: 0` takes nothing, so it needs no heap (the machine allocates nothing).
    if (size > 0 && !termOnly) {
      alloc = size;
      uses.add('alloc');
    }
  }
  if (Array.isArray(raw.effects)) {
    const totals: EffectTotals = { returns, alloc, overflowed: false };
    applyEffects(raw.effects, ctx, fn ?? term?.fn, termOnly, declaredUses, uses, provides, effects, totals);
    returns = totals.returns;
    // Reported once, in applyEffects: the out-of-memory rule does not add up what cannot be counted.
    alloc = totals.overflowed ? 0 : totals.alloc;
  }
  // The source is made only for a diagnostic: most entries have a cost that is in range, or none.
  const cost = raw.cost === undefined ? DEFAULT_COST : checkedCost(raw.cost, ctx.costAt, diagnostics);
  const id = ctx.idPrefix + (fn ?? term!.fn);
  const entry: Entry = {
    id, index: ctx.index, lib, fn, kind, table: table?.name ?? 'main', level: null, levelNumber: null, prio: 0,
    phase: 0, key: 0, uses: plain ? declaredUses : [...uses], provides: plain ? declaredProvides : [...provides], declaredUses, after: strings(raw.after), before: strings(raw.before),
    effects, cost: unboxed(cost), alloc: unboxed(alloc), returns, term, source,
    // Always present (undefined when absent): one object shape for every entry is faster.
    note: typeof raw.note === 'string' ? raw.note : undefined,
    evidence: Array.isArray(raw.evidence) ? (raw.evidence as Evidence[]) : EMPTY_EVIDENCE,
    origins: ctx.origins,
  };
  if (table) placeLevel(entry, raw, table, profile, diagnostics);
  if (raw.ordinal !== undefined) {
    const ordinal = raw.ordinal as number;
    const at: SourceRef = { file: source.file, path: source.path.concat('ordinal') };
    if (!table?.ordinals) {
      diagnostics.push(err('unknown-key', `\`ordinal\` is a devicetree dependency ordinal, which ${table ? `the ${table.title} of ` : ''}${profile.name}@${profile.version} does not have`, at, 'remove it'));
    } else if (ordinal > MAX_ORDINAL) {
      diagnostics.push(err('schema', `ordinal ${ordinal} is larger than ${MAX_ORDINAL}`, at));
    } else if (entry.key >= 0) {
      entry.ordinal = ordinal;
      entry.key += ordinal + 1;
    }
  }
  return entry;
}

/** What an entry's `returns`, `alloc` and effects add up to. */
interface EffectTotals {
  returns: number;
  alloc: number;
  /** The sizes passed what bootplan counts exactly (reported): the entry then counts no heap. */
  overflowed: boolean;
}

/**
 * An entry's effects, in order: each one's contract added to the entry's uses and provides, its
 * return value and heap to `totals`. Apart from makeEntry, so that the entries without effects
 * (most of a plan) make no closures and no context for them.
 */
function applyEffects(
  written: unknown[], ctx: EntryContext, name: string | undefined, termOnly: boolean, declaredUses: readonly string[],
  uses: Set<string>, provides: Set<string>, effects: Effect[], totals: EffectTotals,
): void {
  const { source, diagnostics } = ctx;
  written.forEach((eff: unknown, i: number) => {
    if (!isObj(eff)) return;
    const kindName = Object.keys(eff)[0];
    const effectKind = kindName === undefined ? undefined : EFFECTS[kindName];
    if (!effectKind) return; // the schema already reported it
    const args: Obj = isObj(eff[kindName!]) ? { ...(eff[kindName!] as Obj) } : {};
    const effSource: SourceRef = ctx.origins?.[`effects#${i}`] ?? { file: source.file, path: source.path.concat('effects', i) };
    const contract = effectKind.contract(args, ctx.env);
    // Effects run in order: what an earlier effect of this entry provided is there for a later
    // one (the machine keeps it pending), so it is no use of the entry's.
    if (!termOnly) contract.uses.forEach((c) => {
      if (!effects.some((f) => f.provides.includes(c)) || declaredUses.includes(c)) uses.add(c);
    });
    contract.provides.forEach((c) => provides.add(c));
    // One meaning on both sides: a `fail` effect decides what the entry returns, over `returns`
    // (the machine's fail executor sets the return value; the last one run wins, -1 by default).
    if (kindName === 'fail') totals.returns = failReturn(args.rc);
    if (kindName === 'alloc') {
      const size = checkedSize(args.size, 'alloc size', { file: effSource.file, path: effSource.path.concat('alloc', 'size') }, diagnostics);
      // The unit-aware sum the out-of-memory rule makes: past 2^53 bytes it is no longer exact.
      if (!Number.isSafeInteger(totals.alloc + size)) {
        diagnostics.push(err('value-out-of-range', `\`${ctx.lib}.${name}\` allocates more than ${Number.MAX_SAFE_INTEGER} bytes in all (alloc and alloc effects), more than bootplan counts exactly`, effSource, 'allocate less; no guest has that much memory'));
        totals.overflowed = true;
      } else if (!termOnly) totals.alloc += size;
    }
    effects.push({ kind: kindName!, args, uses: contract.uses, provides: contract.provides, source: effSource });
  });
}

/** (table, level as written) → level index and phase: plans repeat a handful of levels. */
const placements = new WeakMap<ProfileTable, Map<unknown, { levelIndex: number; phase: number }>>();

function placeLevel(entry: Entry, raw: Obj, table: ProfileTable, profile: Profile, diagnostics: Diagnostic[]): void {
  let cache = placements.get(table);
  if (!cache) placements.set(table, (cache = new Map()));
  const hit = cache.get(raw.level);
  if (hit && hit.levelIndex >= 0) {
    const level = table.levels?.[hit.levelIndex];
    entry.level = level?.name ?? null;
    entry.levelNumber = level?.number ?? null;
    entry.phase = hit.phase;
    entry.key = hit.phase * PHASE_SHIFT + hit.levelIndex * LEVEL_SHIFT;
    return;
  }
  placeLevelSlow(entry, raw, table, profile, diagnostics);
  if (entry.key >= 0 && (table.levels?.length ?? 0) > 0 && raw.level !== undefined) {
    cache.set(raw.level, { levelIndex: Math.round((entry.key - entry.phase * PHASE_SHIFT) / LEVEL_SHIFT), phase: entry.phase });
  }
}

function placeLevelSlow(entry: Entry, raw: Obj, table: ProfileTable, profile: Profile, diagnostics: Diagnostic[]): void {
  const src = (k: string): SourceRef => entry.origins?.[k] ?? { file: entry.source.file, path: entry.source.path.concat(k) };
  let levelIndex = 0;
  if (table.levels && table.levels.length > 0) {
    const want = raw.level;
    if (want === undefined) {
      diagnostics.push(err('unknown-level', `${entry.id} has no level; ${table.title} entries need one of ${table.levels.map((l) => l.name).join(', ')}`, entry.source));
      levelIndex = -1;
    } else {
      levelIndex = table.levels.findIndex((l) => l.name === String(want) || l.aliases?.includes(String(want)) || (typeof want === 'number' && l.number === want) || (l.number !== undefined && String(l.number) === String(want)));
      if (levelIndex < 0) {
        const names = table.levels.flatMap((l) => [l.name, ...(l.number !== undefined ? [String(l.number)] : [])]);
        const guess = suggest(String(want), names);
        diagnostics.push(err('unknown-level', `unknown level "${String(want)}" for ${entry.id}${guess ? `; did you mean "${guess}"?` : ''}`, src('level'), `${profile.name}@${profile.version} levels: ${table.levels.map((l) => (l.number !== undefined ? `${l.name}(${l.number})` : l.name)).join(', ')}`));
      }
    }
  } else if (raw.level !== undefined) {
    diagnostics.push(err('unknown-level', `${table.title} entries have no level; remove \`level\` from ${entry.id}`, src('level')));
  }
  const level = levelIndex >= 0 ? table.levels?.[levelIndex] : undefined;
  entry.level = level?.name ?? null;
  entry.levelNumber = level?.number ?? null;
  const phase = profile.phases.findIndex((p) => 'table' in p && p.table === table.name && (!p.levels || (level && p.levels.includes(level.name))));
  entry.phase = phase + 1;
  entry.key = entry.phase * PHASE_SHIFT + Math.max(0, levelIndex) * LEVEL_SHIFT;
  if (levelIndex < 0) entry.key = -1; // unplaceable: compile drops it after reporting
}

function emptyPlan(file: string): PlanInfo {
  return { name: '', profile: '', target: null, memory: DEFAULT_MEMORY, cmdline: '', argv: [], libparams: {}, devices: [], mounts: [], initrd: null, files: [file], source: { file, path: [] } };
}
