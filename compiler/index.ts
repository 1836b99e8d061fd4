/**
 * The compiler's public face: load → validate → resolve → graph → order → check. Each stage is a
 * pure function of the one before; these functions only chain them.
 */
import { resolve as resolvePath } from 'node:path';
import { attachFixes, focusFields, groupCauses, runRules } from './check/index.js';
import { capFindings, DEFAULT_MAX_FINDINGS } from './check/cap.js';
import { RULES_BY_CODE } from './check/rules/index.js';
import { buildGraph, type Graph } from './graph.js';
import { buildLunaGraph } from './luna/graph.js';
import { nodeHost, type HostFs } from './host.js';
import { extendsDiagnostics, isFragment, languageDiagnostics } from './language.js';
import { loadFiles, type LoadedFile, type LoadOptions } from './load.js';
import { Locator } from './locate.js';
import { loadProfileFiles } from './profile-files.js';
import { defaultLinearization } from './order.js';
import { resolve } from './resolve.js';
import type { Compiled, Diagnostic, Location } from './types.js';
import { validatePlanShape } from './validate.js';
import { append } from './append.js';

export * from './types.js';
export { RULES, RULES_BY_CODE } from './check/rules/index.js';
export type { Rule } from './check/rule.js';
export { EFFECTS } from './effects.js';
export { listProfiles, findProfile, readProfile } from './profiles.js';

/** The files of a plan, read and shape-checked. */
export interface PlanSource {
  root: string;
  files: LoadedFile[];
  /** Every file read, by path, including ones that did not parse. */
  texts: Map<string, string>;
  diagnostics: Diagnostic[];
  /** The root file says `fragment: true`: it is checked through the plans that include it. */
  fragment: boolean;
}

export interface CompileResult {
  compiled: Compiled | null;
  diagnostics: Diagnostic[];
}

const graphs = new WeakMap<Compiled, Graph>();
/** Plans whose loading or resolving reported an error or a warning (the checker's last rule needs to know). */
const flagged = new WeakSet<Compiled>();

/** Read a plan and the files it includes; shape errors come back as diagnostics. */
export function loadPlan(path: string, options: LoadOptions = {}): PlanSource {
  const loaded = loadFiles(path, options);
  const diagnostics = [...loaded.diagnostics];
  // Includes are visited first, so the root plan is the last file loaded.
  const last = loaded.files[loaded.files.length - 1];
  const root = last?.file ?? (options.read ? path : resolvePath(path));
  const fragment = last !== undefined && isFragment(last.data);
  for (const f of loaded.files) {
    append(diagnostics, validatePlanShape(f.file, f.data, f.kind === 'plan' && !(fragment && f === last)));
    append(diagnostics, languageDiagnostics(f));
  }
  append(diagnostics, extendsDiagnostics(loaded.files));
  append(diagnostics, loadProfileFiles(loaded.files, loaded.texts, options));
  return { root, files: loaded.files, texts: loaded.texts, diagnostics, fragment };
}

/** Load a plan from text (the library API and tests): includes resolve against `name`'s folder. */
export function loadPlanText(name: string, text: string, files: Record<string, string> = {}): PlanSource {
  return loadPlan(name, { read: (p) => {
    if (p === name) return text;
    if (p in files) return files[p]!;
    throw Object.assign(new Error('not found'), { code: 'ENOENT' });
  } });
}

/** True when the diagnostics make the input unreadable (exit 2 rather than 1). */
export function isInputError(d: Diagnostic): boolean {
  return d.severity === 'error' && RULES_BY_CODE.get(d.code)?.input === true;
}

export interface CompileOptions {
  /**
   * Input errors inside entries (or libraries) leave those out and compile the rest, so that
   * `check` reports every independent error in one run. Commands that act on the plan (compile,
   * run, emit) never set it: for them input errors stop the plan.
   */
  salvage?: boolean;
}

/** Resolve, build the graph and the default order. Null when the plan cannot be read at all. */
export function compile(source: PlanSource, options: CompileOptions = {}): CompileResult {
  const inputErrors = source.diagnostics.filter(isInputError);
  const skip = inputErrors.length > 0 && options.salvage && source.files.length > 0 ? salvageUnits(inputErrors) : null;
  if ((inputErrors.length > 0 && !skip) || source.files.length === 0) {
    return { compiled: null, diagnostics: source.diagnostics };
  }
  if (source.fragment) {
    return { compiled: null, diagnostics: [...source.diagnostics, {
      code: 'fragment', severity: 'error', message: `${source.root} is a fragment (\`fragment: true\`): it has no boot of its own`,
      source: { file: source.root, path: ['fragment'] }, hint: 'give the plan that includes it',
    }] };
  }
  const resolved = resolve(source.files, source.root, skip ? { skip: (file, path) => skip.has(unitKey(file, path)) } : {});
  if (!resolved.profile) return { compiled: null, diagnostics: [...source.diagnostics, ...resolved.diagnostics] };
  const graph = resolved.luna
    ? buildLunaGraph(resolved.entries, resolved.profile, resolved.luna, resolved.order ?? [])
    : buildGraph(resolved.entries, resolved.steps, resolved.profile, resolved.ids, resolved.numbered);
  const compiled: Compiled = {
    plan: resolved.plan,
    profile: resolved.profile,
    entries: resolved.entries,
    steps: resolved.steps,
    // Read from the graph when asked for: the key model makes its edge objects only then.
    get edges() {
      return graph.edges;
    },
    order: resolved.order ?? defaultLinearization(graph),
    dropped: resolved.dropped,
    ...(resolved.skipped ? { skipped: resolved.skipped } : {}),
    ...(resolved.luna ? { luna: resolved.luna } : {}),
  };
  graphs.set(compiled, graph);
  const diagnostics = [...source.diagnostics, ...resolved.diagnostics];
  if (diagnostics.some((d) => d.severity !== 'note')) flagged.add(compiled);
  return { compiled, diagnostics };
}

const ENTRY_LISTS = new Set(['early', 'ctors', 'initcalls', 'init_array']);

/** The entry (or library) an input error is inside: the part of the plan it makes unreadable. */
function unitOf(path: ReadonlyArray<string | number>): ReadonlyArray<string | number> | null {
  if (path[0] !== 'libraries' || path.length < 2) return null;
  if (path.length >= 4 && ENTRY_LISTS.has(String(path[2])) && typeof path[3] === 'number') return path.slice(0, 4);
  if (path.length >= 3 && path[2] === 'main') return path.slice(0, 3);
  return path.slice(0, 2);
}

const unitKey = (file: string, path: ReadonlyArray<string | number>) => `${file}\0${path.map(String).join('\0')}`;

/**
 * The entries and libraries to leave out so the rest can be checked, or null when some input
 * error is outside every entry (the plan as a whole is unreadable). Each unit's first error says
 * it was left out; an error outside every entry says the plan was not checked.
 */
function salvageUnits(errors: Diagnostic[]): Set<string> | null {
  const units = new Set<string>();
  for (const d of errors) {
    const unit = d.source ? unitOf(d.source.path) : null;
    if (!unit) {
      (d.related ??= []).push({ message: 'the boot order was not checked: this error is outside every entry, so the plan cannot be read as a whole' });
      return null;
    }
    const key = unitKey(d.source!.file, unit);
    if (units.has(key)) continue;
    units.add(key);
    const what = unit.length === 2 ? `library ${String(unit[1])}` : `this entry`;
    (d.related ??= []).push({ message: `${what} is left out of the check; the rest of the plan is checked without it` });
  }
  return units;
}

/** Run every checker rule. */
/**
 * Run the checker's rules. With `host`, the rules that depend on what the machine reads from the
 * host (the folders of 9p shares) read it there; `checkPlan` passes the real one.
 */
export function check(compiled: Compiled, options: { host?: HostFs } = {}): Diagnostic[] {
  let graph = graphs.get(compiled);
  if (!graph) {
    graph = graphFor(compiled);
    graphs.set(compiled, graph);
  }
  return runRules(compiled, graph, flagged.has(compiled), options.host);
}

/** The graph `compile` built (flat, for the checker and reporters). */
export function graphOf(compiled: Compiled): Graph {
  return graphs.get(compiled) ?? graphFor(compiled);
}

function graphFor(compiled: Compiled): Graph {
  return compiled.luna
    ? buildLunaGraph(compiled.entries, compiled.profile, compiled.luna, compiled.order)
    : buildGraph(compiled.entries, compiled.steps, compiled.profile);
}

/** Fill in line and column for diagnostics that only know their YAML path, then sort them. */
export async function locate(source: PlanSource, diagnostics: Diagnostic[]): Promise<Diagnostic[]> {
  const locator = new Locator(source.texts);
  await locator.locateAll(diagnostics);
  return sortDiagnostics(diagnostics);
}

const SEVERITY_RANK = { error: 0, warning: 1, note: 2 } as const;
// `localeCompare` without arguments is this collator's `compare` (ECMA-402), built once instead
// of per call: sorting 100,000 findings makes millions of comparisons. Built on first use: the
// first Intl call of a process loads ICU (~14 ms), and findings of one file never need it.
let collator: Intl.Collator | undefined;
const compareText = (x: string, y: string): number => (collator ??= new Intl.Collator()).compare(x, y);

function compareFinding(a: { code: string; message: string; location?: Location }, b: { code: string; message: string; location?: Location }, severity: number): number {
  const text = compareText;
  const fa = a.location?.file ?? '';
  const fb = b.location?.file ?? '';
  return (fa === fb ? 0 : text(fa, fb)) ||
    (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
    (a.location?.column ?? 0) - (b.location?.column ?? 0) ||
    severity ||
    (a.code === b.code ? 0 : text(a.code, b.code)) ||
    (a.message === b.message ? 0 : text(a.message, b.message));
}

/**
 * By file, line and column — except that a finding with a `cause` comes right after the finding
 * that explains it (root causes first), whatever its own place.
 */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort((a, b) => {
    const ra = a.cause ?? a;
    const rb = b.cause ?? b;
    const rootSeverity = (x: Diagnostic, r: typeof ra) => (r === x ? SEVERITY_RANK[x.severity] : 0);
    return compareFinding(ra, rb, rootSeverity(a, ra) - rootSeverity(b, rb)) ||
      (a.cause ? 1 : 0) - (b.cause ? 1 : 0) ||
      (a.cause || b.cause ? compareFinding(a, b, SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]) : 0);
  });
}

/** What `checkPlan` takes: how to read, and how many findings of one rule to keep. */
export interface CheckPlanOptions extends LoadOptions {
  /** At most this many findings of each rule (default DEFAULT_MAX_FINDINGS; Infinity: all). */
  maxFindings?: number;
  /**
   * The host folders and files the machine will read. Default: the disk for a plan read from
   * disk, none for one read through `read`; `check --fix` reads edited texts through `read` but
   * boots against the disk all the same.
   */
  host?: HostFs;
}

/** Everything `bootplan check` does, as one call: load, compile, check, locate. */
export async function checkPlan(path: string, options: CheckPlanOptions = {}): Promise<{ source: PlanSource; compiled: Compiled | null; diagnostics: Diagnostic[] }> {
  const source = loadPlan(path, options);
  if (source.fragment && !source.diagnostics.some(isInputError)) {
    // A catalog given to `check` by a glob: its shape is checked, its meaning through its includers.
    const skipped: Diagnostic = { code: 'fragment', severity: 'note', message: 'a fragment: checked through the plans that include it', source: { file: source.root, path: ['fragment'] } };
    return { source, compiled: null, diagnostics: await locate(source, [...source.diagnostics, skipped]) };
  }
  const compiledPlan = compile(source, { salvage: true });
  const { compiled } = compiledPlan;
  let { diagnostics } = compiledPlan;
  if (compiled) {
    // A plan read from disk boots against the disk: the checker reads the same host folders. One
    // read through `options.read` (text in memory) has no host to read unless it is given one.
    const host = options.host ?? (options.read ? undefined : nodeHost);
    append(diagnostics, check(compiled, host ? { host } : {}));
  }
  // Capped before anything is located: positions, fixes and causes only for what is listed.
  diagnostics = capFindings(diagnostics, options.maxFindings ?? DEFAULT_MAX_FINDINGS);
  if (compiled) focusFields(diagnostics, compiled, source.files);
  // A clean plan never loads the positions parser.
  if (diagnostics.length === 0) return { source, compiled, diagnostics };
  const locator = await new Locator(source.texts).ready();
  await locator.locateAll(diagnostics);
  groupCauses(diagnostics, compiled);
  attachFixes(diagnostics, locator, compiled, source.texts);
  return { source, compiled, diagnostics: sortDiagnostics(diagnostics) };
}
