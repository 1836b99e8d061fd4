/**
 * Dependency inference: what each registered function uses, provides and does, read from its
 * code. Every compiled file is parsed (c-parse.ts), the calls of each registered function are
 * followed inside the image breadth-first up to a depth bound (call-graph.ts), and the calls that
 * reach the capability catalog's API functions become `uses`/`provides`, each with the evidence
 * of the shortest chain that reaches it. Well-known registrations get their provides and effects
 * from the catalog too. Absolute string-literal paths passed to path functions need the mount
 * holding them, among `/` and the mount points the image's own effects and literal `mount` calls
 * create. Nothing is guessed: calls through pointers that cannot be resolved are listed.
 */
import { FILESYSTEMS, mountCapability } from '../../compiler/effects.js';
import { normalizeMountPoint, parentDirectory } from '../../compiler/cmdline.js';
import type { Diagnostic } from '../../compiler/types.js';
import { factReference, type Catalog, type CatalogFact } from '../catalog.js';
import { CallGraph } from './call-graph.js';
import { loadGrammar, parseFile, type CallSite, type FunctionDefinition, type ParsedFile } from './c-parse.js';
import type { EffectObject, Evidence, InferenceInput, InferenceResult, InferredEntry, RegisteredFunction } from './types.js';

export type { InferenceInput, InferenceResult, InferredEntry, Evidence } from './types.js';

/** How deep calls are followed by default. */
export const DEFAULT_MAX_DEPTH = 8;
/** Files larger than this are not parsed (a generated table, a blob): a note says so. */
export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;
/** At most this many unresolved calls are listed per entry (all are counted). */
const MAX_UNRESOLVED_LISTED = 40;

export interface InferenceOptions {
  maxFileBytes?: number;
}

/** Infers uses, provides and effects of every registered function. Never throws for bad C. */
export async function inferDependencies(input: InferenceInput, catalog: Catalog, options: InferenceOptions = {}): Promise<InferenceResult> {
  const maxDepth = input.maxDepth ?? DEFAULT_MAX_DEPTH;
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const grammar = await loadGrammar();
  const diagnostics: Diagnostic[] = [];
  const wantLiterals = (name: string): boolean => {
    const fact = catalog.calls.lookup(name);
    return fact !== undefined && (fact.path !== undefined || fact.mountTarget !== undefined);
  };

  const parsed: ParsedFile[] = [];
  let parseErrors = 0;
  for (const file of [...input.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    if (file.text.length > maxBytes) {
      diagnostics.push(note('IMPORT_FILE_TOO_LARGE', file.path, 1, 1, `${file.path}: ${file.text.length} bytes, larger than ${maxBytes}; not parsed, its functions are not followed`));
      continue;
    }
    let result: ParsedFile;
    try {
      result = parseFile(grammar, file.path, file.text, wantLiterals);
    } catch (err) {
      diagnostics.push({ ...note('IMPORT_PARSE_ERROR', file.path, 1, 1, `${file.path}: the C parser failed (${String(err)}); skipped`), severity: 'warning' });
      continue;
    }
    if (result.skipped) {
      parseErrors++;
      diagnostics.push({ ...note('IMPORT_PARSE_ERROR', file.path, result.firstError!.line, result.firstError!.column, `${file.path}:${result.firstError!.line}: ${result.skipped}; not parsed, its functions are not followed`), severity: 'warning' });
      continue;
    }
    parsed.push(result);
    if (result.errors > 0) {
      parseErrors++;
      const at = result.firstError!;
      diagnostics.push({
        ...note('IMPORT_PARSE_ERROR', file.path, at.line, at.column, `${file.path}:${at.line}: ${result.errors} place(s) the C parser could not read (the first here); the functions around them are read as far as the parser recovered`),
        severity: 'warning',
      });
    }
  }
  const graph = new CallGraph(parsed, catalog.calls, input.configured === true);
  diagnostics.push(...graph.diagnostics);

  const walks = input.functions.map((r) => walk(r));
  const mountPoints = new Set<string>(['/', ...(input.mountPoints ?? []).map(normalizeMountPoint)]);
  for (const w of walks) for (const m of w.mountPoints) mountPoints.add(m);
  const points = [...mountPoints];

  const entries = new Map<string, InferredEntry>();
  const unresolvedSites = new Set<string>();
  const externalNames = new Set<string>();
  let callsFollowed = 0;
  for (const w of walks) {
    callsFollowed += w.followed;
    for (const s of w.unresolved) unresolvedSites.add(s);
    for (const n of w.external) externalNames.add(n);
    entries.set(w.registered.id, finish(w, points));
    diagnostics.push(...w.diagnostics);
  }
  return {
    entries,
    diagnostics,
    stats: {
      filesParsed: parsed.length,
      functionsIndexed: graph.functionCount,
      callsFollowed,
      unresolvedCalls: unresolvedSites.size,
      externalCalls: externalNames.size,
      filesWithParseErrors: parseErrors,
    },
  };

  function walk(registered: RegisteredFunction): Walk {
    const w: Walk = { registered, uses: new Map(), provides: new Map(), effects: [], paths: [], mountPoints: [], unresolved: [], external: new Set(), followed: 0, diagnostics: [] };
    const regFact = catalog.registrations.lookup(registered.fn);
    if (regFact) {
      const base = { at: `${registered.file}:${registered.line}`, call: registered.fn, via: [], fact: factReference(catalog, regFact) };
      for (const cap of regFact.uses) addOnce(w.uses, cap, { uses: cap, ...base });
      for (const cap of regFact.provides) addOnce(w.provides, cap, { provides: cap, ...base });
      for (const effect of regFact.effects) {
        w.effects.push({ effect: structuredClone(effect), evidence: { effect: Object.keys(effect)[0]!, ...base, via: [] } });
        const at = effect.mount?.at;
        if (typeof at === 'string') w.mountPoints.push(normalizeMountPoint(at));
      }
    }
    const root = graph.find(registered.fn, registered.file);
    if (!root) {
      if (!regFact) {
        w.diagnostics.push(note('IMPORT_FUNCTION_NOT_FOUND', registered.file, registered.line, 1,
          `${registered.file}:${registered.line}: \`${registered.fn}\` (${registered.id}) has no definition in the compiled files (generated by a macro, or in a file the build does not compile); nothing inferred for it`));
      }
      return w;
    }
    // Breadth-first: the first chain that reaches a fact is a shortest one.
    const visited = new Map<FunctionDefinition, Step>();
    const rootStep: Step = { fn: root, depth: 0, parent: null };
    visited.set(root, rootStep);
    const queue: Step[] = [rootStep];
    let depthNoted = false;
    let recursionNoted = false;
    for (let head = 0; head < queue.length; head++) {
      const step = queue[head]!;
      for (const target of graph.targets(step.fn)) {
        const site = target.site;
        const at = `${step.fn.file}:${site.line}`;
        if (target.kind === 'external') {
          w.external.add(site.callee);
          continue;
        }
        if (target.kind === 'unresolved') {
          const text = `${at}: ${site.kind === 'field' ? `->${site.callee}` : site.callee}(...)`;
          if (!w.unresolved.includes(text)) w.unresolved.push(text);
          continue;
        }
        if (target.kind === 'api') {
          record(w, step, target.name, target.fact, site);
          continue;
        }
        const seen = visited.get(target.fn);
        if (seen) {
          if (!recursionNoted && isAncestor(seen, step)) {
            recursionNoted = true;
            w.diagnostics.push(note('IMPORT_RECURSION', step.fn.file, site.line, site.column,
              `${at}: \`${step.fn.name}\` calls \`${target.fn.name}\` recursively (${chainText(step)} → ${target.fn.name}) while inferring ${registered.id}; each function is followed once`));
          }
          continue;
        }
        if (step.depth + 1 > maxDepth) {
          if (!depthNoted) {
            depthNoted = true;
            w.diagnostics.push(note('IMPORT_DEPTH_BOUND', step.fn.file, site.line, site.column,
              `${at}: the call to \`${target.fn.name}\` is ${maxDepth + 1} calls below ${registered.id} (${chainText(step)}); calls deeper than ${maxDepth} are not followed`));
          }
          continue;
        }
        w.followed++;
        const next: Step = { fn: target.fn, depth: step.depth + 1, parent: step, ...(target.pointer ? { pointer: true } : {}) };
        visited.set(target.fn, next);
        queue.push(next);
      }
    }
    if (w.unresolved.length > 0) {
      w.diagnostics.push(note('IMPORT_UNRESOLVED_CALL', registered.file, registered.line, 1,
        `${registered.id}: ${w.unresolved.length} call(s) through function pointers could not be resolved and were not followed; the first: ${w.unresolved[0]}`));
    }
    return w;
  }

  function record(w: Walk, step: Step, name: string, fact: CatalogFact, site: CallSite): void {
    const base = { at: `${step.fn.file}:${site.line}`, call: name, via: via(step), fact: factReference(catalog, fact) };
    for (const cap of fact.uses) addOnce(w.uses, cap, { uses: cap, ...base });
    for (const cap of fact.provides) addOnce(w.provides, cap, { provides: cap, ...base });
    const mountArg = fact.mountTarget !== undefined ? site.literals?.[fact.mountTarget] : undefined;
    if (typeof mountArg === 'string' && mountArg.startsWith('/')) {
      const target = normalizeMountPoint(mountArg);
      w.mountPoints.push(target);
      // A mount the machine performs is a `mount` effect (a `mount:` provided by hand is refused,
      // rule state-by-hand); that needs the driver, so only a literal one bootplan knows. Without
      // it the capability stays provided by hand, and the checker says which effect to write.
      const fs = site.literals?.[2];
      const driver = typeof fs === 'string' && Object.hasOwn(FILESYSTEMS, fs) ? FILESYSTEMS[fs]! : undefined;
      if (driver && typeof fs === 'string') {
        const source = site.literals?.[0];
        const dev = driver.device === 'tag' && typeof source === 'string' && source !== '' ? source : driver.device === 'initrd' ? 'initrd0' : fs === 'devfs' ? 'devfs' : 'none';
        // The catalog may give the entry that very effect already (devfs_automount).
        if (!w.effects.some(({ effect }) => effect.mount?.at === target)) w.effects.push({ effect: { mount: { dev, at: target, fs } }, evidence: { effect: 'mount', ...base } });
      }
      w.paths.push({ path: target, creates: true, provides: driver === undefined, evidence: base });
    }
    const pathArg = fact.path !== undefined ? site.literals?.[fact.path] : undefined;
    if (typeof pathArg === 'string' && pathArg.startsWith('/')) w.paths.push({ path: normalizeMountPoint(pathArg), creates: fact.creates === true, provides: false, evidence: base });
  }
}

/** Evidence lists and capability lists for one entry, once every mount point is known. */
function finish(w: Walk, mountPoints: readonly string[]): InferredEntry {
  for (const p of w.paths) {
    if (p.provides) addOnce(w.provides, mountCapability(p.path), { provides: mountCapability(p.path), ...p.evidence });
    const where = p.creates ? (p.path === '/' ? null : parentDirectory(p.path)) : p.path;
    if (where === null) continue;
    const cap = mountCapability(holdingMount(where, mountPoints));
    addOnce(w.uses, cap, { uses: cap, ...p.evidence });
  }
  const effectProvides = new Set<string>();
  for (const { effect } of w.effects) if (typeof effect.mount?.at === 'string') effectProvides.add(mountCapability(effect.mount.at));
  // What the entry itself provides is not a requirement on anyone else.
  for (const cap of [...w.uses.keys()]) if (w.provides.has(cap) || effectProvides.has(cap)) w.uses.delete(cap);
  const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const uses = [...w.uses.keys()].sort(byName);
  const provides = [...w.provides.keys()].sort(byName);
  return {
    id: w.registered.id,
    uses,
    provides,
    effects: w.effects.map((e) => e.effect),
    evidence: [...uses.map((c) => w.uses.get(c)!), ...provides.map((c) => w.provides.get(c)!), ...w.effects.map((e) => e.evidence)],
    unresolved: w.unresolved.slice(0, MAX_UNRESOLVED_LISTED),
  };
}

/** The longest mount point that holds `path` (`/` at worst). */
export function holdingMount(path: string, mountPoints: readonly string[]): string {
  let best = '/';
  for (const m of mountPoints) {
    if (m.length > best.length && (path === m || path.startsWith(`${m}/`))) best = m;
  }
  return best;
}

interface Step {
  fn: FunctionDefinition;
  depth: number;
  parent: Step | null;
  pointer?: boolean;
}

interface Walk {
  registered: RegisteredFunction;
  uses: Map<string, Evidence>;
  provides: Map<string, Evidence>;
  effects: Array<{ effect: EffectObject; evidence: Evidence }>;
  paths: Array<{ path: string; creates: boolean; provides: boolean; evidence: Omit<Evidence, 'uses' | 'provides' | 'effect'> }>;
  mountPoints: string[];
  unresolved: string[];
  external: Set<string>;
  followed: number;
  diagnostics: Diagnostic[];
}

function addOnce(map: Map<string, Evidence>, cap: string, evidence: Evidence): void {
  if (!map.has(cap)) map.set(cap, { ...evidence, via: [...evidence.via] });
}

/** The chain below the registered function down to `step`, outermost first: `fn (file:line)`. */
function via(step: Step): string[] {
  const out: string[] = [];
  for (let s: Step | null = step; s && s.parent; s = s.parent) out.push(`${s.fn.name} (${s.fn.file}:${s.fn.line})`);
  return out.reverse();
}

function chainText(step: Step): string {
  const names: string[] = [];
  for (let s: Step | null = step; s; s = s.parent) names.push(s.fn.name);
  return names.reverse().join(' → ');
}

function isAncestor(candidate: Step, step: Step): boolean {
  for (let s: Step | null = step; s; s = s.parent) if (s === candidate) return true;
  return false;
}

function note(code: string, file: string, line: number, column: number, message: string): Diagnostic {
  return { code, severity: 'note', message, location: { file, line, column } };
}
