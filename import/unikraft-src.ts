/**
 * `bootplan import unikraft --src DIR`: the registration macros of a Unikraft source tree become a
 * plan skeleton. Reads `UK_CTOR_PRIO(fn, prio)`, `UK_CTOR(fn)`, `UK_CTOR_FUNC(prio, fn)`,
 * `uk_<class>_initcall[_prio](init, term[, prio])` (0.16+), `uk_<class>_initcall[_prio](fn[, prio])`
 * (≤ 0.15), `uk_initcall_class_prio(...)`, the early table's `UK_BOOT_EARLYTAB_ENTRY(fn, prio)`
 * (PR #1472, the 0.21 line: lib/ukboot/include/uk/boot/earlytab.h), and any macro of the tree whose body uses one of them
 * (`UK_BUS_REGISTER`, driver registration). Priorities are resolved through the tree's `#define`s
 * and `UK_PRIO_AFTER`/`UK_PRIO_BEFORE`/`UK_PRIO_EARLIEST`/`UK_PRIO_LATEST`; a token that does not
 * resolve to 0..9 is exactly the real bug where the linker drops the entry (unikraft#1231, #1838),
 * so the entry is kept with the raw token as its priority for the checker to report.
 * Pure: the files come in as text (see `readSourceTree` for reading a folder).
 */
import type { Diagnostic } from '../compiler/types.js';
import { cleanSource, findInvocations, type CleanSource, type MacroDefinition } from './c-source.js';
import { expandMacros, type MacroBody } from './c-macros.js';
import type { EvaluatedFile, OpenBranch } from './c-conditions.js';
import { dictionary, type ImportedPlan, type PlanEntryObject, type PlanLibraryObject } from './plan-object.js';
import { UNIKRAFT_LEVELS } from './unikraft-nm.js';
import { listProfiles } from '../compiler/profiles.js';
import { earlyCoreStep } from './unikraft-early.js';

export interface SourceFile {
  /** Relative to the tree's root, `/`-separated. */
  path: string;
  text: string;
}

export interface UnikraftSourceImportOptions {
  name?: string;
  /** The tree's root as the user named it, for the header. */
  root?: string;
  profile?: string;
  target?: string;
  /** The tree's version from its `version.mk` (`0.17`), which picks the profile when `profile` is not given. */
  treeVersion?: string;
}

/** One registration found in the source. */
export interface SourceRegistration {
  /** `early`: the early table (`UK_BOOT_EARLYTAB_ENTRY`), a library's `early:` list. */
  table: 'early' | 'ctors' | 'inittab';
  lib: string;
  fn: string | null;
  term: string | null;
  /** Level name for the init table. */
  level: string | null;
  /** Resolved priority, or the raw token when it does not resolve to 0..9. */
  prio: number | string;
  /** Why `prio` is a raw token. */
  prioProblem?: string;
  file: string;
  line: number;
  /** The `CONFIG_` conditions the registration sits under. */
  condition?: string;
  /** The tree's macro the registration was written through (`UK_BUS_REGISTER`). */
  via?: string;
  /** The undecided `#if` branches it sits in (no configuration, or one that cannot decide). */
  branches?: readonly OpenBranch[];
}

/** The early table's registration macro (lib/ukboot/include/uk/boot/earlytab.h). */
export const EARLYTAB_MACRO = 'UK_BOOT_EARLYTAB_ENTRY';
const CLASS_NAMES = ['early', 'plat', 'lib', 'rootfs', 'sys', 'late'];
const CORE_MACROS = new Set([
  'UK_CTOR_PRIO', 'UK_CTOR', 'UK_CTOR_FUNC', 'uk_initcall_class_prio', EARLYTAB_MACRO,
  ...CLASS_NAMES.flatMap((c) => [`uk_${c}_initcall`, `uk_${c}_initcall_prio`]),
]);
const CLASS_TOKENS: Record<string, number> = Object.fromEntries(CLASS_NAMES.map((c, i) => [`UK_INIT_CLASS_${c.toUpperCase()}`, i + 1]));
const NULL_TOKENS = new Set(['0', '0x0', 'NULL', '((void*)0)', '((void *)0)', '(void*)0', '(void *)0', '__NULL']);
const MAX_DEPTH = 6;
/** Left unexpanded in expansions: the registrations themselves and the priority helpers that
 * `resolvePrio` reads. */
const STOP_MACROS = new Set([...CORE_MACROS, 'UK_PRIO_AFTER', 'UK_PRIO_BEFORE', 'UK_PRIO_EARLIEST', 'UK_PRIO_LATEST']);
const CORE_PATTERN = new RegExp(String.raw`\b(${[...CORE_MACROS].join('|')})\s*\(`, 'g');

/** How the build sees one file: set by `import/unikraft-build.ts`, absent for a plain tree scan. */
export interface PreparedFile {
  /** The library that compiles it (plan name, `vfscore`), and its Makefile.uk name for
   * `__LIBNAME__` (`libvfscore`). */
  lib: string;
  libname: string;
  /** The file after `#if` evaluation (see `evaluateConditionals`). */
  evaluated: EvaluatedFile;
  /** Whether the build compiles it (registrations are read from compiled files only). */
  compiled: boolean;
}

export interface ScanOptions {
  /** The build's view of each file; without it every file is read as it is. */
  prepare?: (file: SourceFile) => PreparedFile | null;
}

/** The registration macros written into an expansion, kept for inference: one per wrapper
 * invocation, replacing the invocation's text on its own lines. */
export interface Expansion {
  file: string;
  /** Offsets of the invocation in the file's text. */
  start: number;
  end: number;
  text: string;
}

/** Finds every registration in the files. */
export function scanUnikraftSource(files: readonly SourceFile[], options: ScanOptions = {}): { registrations: SourceRegistration[]; diagnostics: Diagnostic[]; expansions: Expansion[] } {
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, { source: CleanSource; prepared: PreparedFile | null }>();
  const objectMacros = new Map<string, MacroDefinition[]>();
  const functionMacros = new Map<string, MacroDefinition[]>();
  const wrappers = new Map<string, MacroDefinition>();
  const expansions: Expansion[] = [];
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const f of sorted) {
    let source: CleanSource;
    let prepared: PreparedFile | null = null;
    try {
      prepared = options.prepare ? options.prepare(f) : null;
      if (prepared) {
        source = cleanSource(prepared.evaluated.text, f.path);
        source.defines = prepared.evaluated.defines;
        source.conditions = prepared.evaluated.conditions;
      } else source = cleanSource(f.text, f.path);
    } catch (err) {
      diagnostics.push({ code: 'IMPORT_UNREADABLE_SOURCE', severity: 'warning', message: `${f.path}: cannot be read as C (${String(err)}); skipped`, location: { file: f.path, line: 1, column: 1 } });
      continue;
    }
    sources.set(f.path, { source, prepared });
    for (const d of source.defines) {
      if (d.params === null) push(objectMacros, d.name, d);
      else if (!CORE_MACROS.has(d.name)) push(functionMacros, d.name, d);
    }
  }
  findWrappers(functionMacros, wrappers);

  const names = new Set<string>([...CORE_MACROS, ...wrappers.keys()]);
  const pattern = new RegExp(String.raw`\b(${[...names].map(escape).join('|')})\s*\(`, 'g');
  const registrations: SourceRegistration[] = [];
  let libname: string | undefined;
  const lookup = (name: string): MacroBody | undefined => {
    if (name === '__LIBNAME__') return libname === undefined ? undefined : { params: null, body: libname };
    const w = wrappers.get(name);
    if (w) return w;
    return functionMacros.get(name)?.[0] ?? objectMacros.get(name)?.[0];
  };
  for (const [path, { source, prepared }] of sources) {
    if (prepared && !prepared.compiled) continue;
    if (!quickFilter(source.code, names)) continue;
    libname = prepared?.libname;
    for (const call of findInvocations(source, names, pattern)) {
      const condition = source.conditions[call.line - 1];
      const branches = prepared?.evaluated.branches[call.line - 1];
      const site: Site = { file: path, line: call.line, condition, lib: prepared?.lib ?? libraryFor(path), ...(branches ? { branches } : {}) };
      if (CORE_MACROS.has(call.name)) {
        const r = register(call.name, call.args, site, undefined);
        if (r) registrations.push(r);
        continue;
      }
      const text = `${call.name}(${call.args.join(', ')})`;
      const expanded = expandMacros(text, { lookup, stop: STOP_MACROS });
      if (expanded.truncated) {
        diagnostics.push({ code: 'IMPORT_MACRO_TOO_DEEP', severity: 'warning', message: `${path}:${call.line}: the expansion of \`${call.name}\` was cut at its step bound; registrations in it may be missing`, location: { file: path, line: call.line, column: 1 } });
      }
      expansions.push({ file: path, start: call.offset, end: call.end, text: expanded.text });
      const inner = cleanSource(expanded.text, path);
      for (const core of findInvocations(inner, CORE_MACROS, CORE_PATTERN)) {
        const r = register(core.name, core.args, site, call.name);
        if (r) registrations.push(r);
      }
    }
  }
  return { registrations, diagnostics, expansions };

  function register(name: string, args: string[], site: Site, via: string | undefined): SourceRegistration | null {
    const base = { lib: site.lib, file: site.file, line: site.line, ...(site.condition ? { condition: site.condition } : {}), ...(via ? { via } : {}), ...(site.branches ? { branches: site.branches } : {}) };
    const bad = (expected: string): null => {
      diagnostics.push({
        code: 'IMPORT_BAD_REGISTRATION',
        severity: 'warning',
        message: `${site.file}:${site.line}: \`${name}(${args.join(', ')})\` does not have the arguments ${expected}; skipped`,
        location: { file: site.file, line: site.line, column: 1 },
      });
      return null;
    };
    if (name === EARLYTAB_MACRO) {
      if (args.length !== 2) return bad('(fn, prio)');
      const fn = resolveFunction(args[0]!);
      if (fn === null) return bad('with a function');
      return { ...base, table: 'early', fn, term: null, level: null, ...prioOf(args[1]!, site) };
    }
    if (name === 'UK_CTOR_PRIO' || name === 'UK_CTOR' || name === 'UK_CTOR_FUNC') {
      let fnToken: string | undefined;
      let prioToken: string;
      if (name === 'UK_CTOR_PRIO') [fnToken, prioToken] = args.length === 2 ? [args[0], args[1]!] : [undefined, ''];
      else if (name === 'UK_CTOR') [fnToken, prioToken] = args.length === 1 ? [args[0], 'UK_PRIO_LATEST'] : [undefined, ''];
      else [prioToken, fnToken] = args.length === 2 ? [args[0]!, args[1]] : ['', undefined];
      if (fnToken === undefined) return bad(name === 'UK_CTOR' ? '(fn)' : name === 'UK_CTOR_PRIO' ? '(fn, prio)' : '(prio, fn)');
      const fn = resolveFunction(fnToken);
      if (fn === null) return bad('with a function');
      return { ...base, table: 'ctors', fn, term: null, level: null, ...prioOf(prioToken, site) };
    }
    let classToken: string;
    let rest: string[];
    let defaultPrio = false;
    if (name === 'uk_initcall_class_prio') {
      // 0.16+: (init, term, class, prio); ≤ 0.15: (fn, class, prio).
      if (args.length === 4) [rest, classToken] = [[args[0]!, args[1]!, args[3]!], args[2]!];
      else if (args.length === 3) [rest, classToken] = [[args[0]!, args[2]!], args[1]!];
      else return bad('(init, term, class, prio) or (fn, class, prio)');
    } else {
      const m = /^uk_([a-z]+)_initcall(_prio)?$/.exec(name)!;
      classToken = String(CLASS_NAMES.indexOf(m[1]!) + 1);
      rest = args;
      defaultPrio = m[2] === undefined;
      if (defaultPrio ? args.length !== 1 && args.length !== 2 : args.length !== 2 && args.length !== 3) {
        return bad(defaultPrio ? '(init, term) or (fn)' : '(init, term, prio) or (fn, prio)');
      }
    }
    const level = levelOf(classToken);
    if (level === null) return bad(`with a class (${Object.keys(CLASS_TOKENS).join(', ')} or 1..6)`);
    const prioToken = defaultPrio ? 'UK_PRIO_LATEST' : rest[rest.length - 1]!;
    const fns = defaultPrio ? rest : rest.slice(0, -1);
    const init = resolveFunction(fns[0]!);
    const term = fns.length > 1 ? resolveFunction(fns[1]!) : null;
    if (init === null && term === null) return bad('with an init or a term function');
    return { ...base, table: 'inittab', fn: init, term, level, ...prioOf(prioToken, site) };
  }

  function levelOf(token: string): string | null {
    const resolved = resolveToken(token.trim(), 0);
    const n = /^\d+$/.test(resolved) ? Number(resolved) : CLASS_TOKENS[resolved];
    return n !== undefined && n >= 1 && n <= 6 ? UNIKRAFT_LEVELS[n]! : null;
  }

  function prioOf(token: string, site: Site): { prio: number | string; prioProblem?: string } {
    const result = resolvePrio(token.trim(), 0);
    if (typeof result === 'number') return { prio: result };
    diagnostics.push({
      code: 'IMPORT_BAD_PRIO',
      severity: 'warning',
      message: `${site.file}:${site.line}: priority \`${token.trim()}\` ${result}: the section name stops matching the linker's pattern and the entry is silently dropped (unikraft#1231, #1838)`,
      location: { file: site.file, line: site.line, column: 1 },
    });
    return { prio: token.trim(), prioProblem: result };
  }

  /** A priority as the preprocessor pastes it into a section name: 0..9, or why not. */
  function resolvePrio(token: string, depth: number): number | string {
    if (depth > MAX_DEPTH) return 'expands too deeply';
    if (/^\d+$/.test(token)) return Number(token) <= 9 ? Number(token) : 'is out of range (0..9)';
    if (token === 'UK_PRIO_EARLIEST') return 0;
    if (token === 'UK_PRIO_LATEST') return 9;
    const rel = /^UK_PRIO_(AFTER|BEFORE)\s*\(([\s\S]*)\)$/.exec(token);
    if (rel) {
      const inner = resolvePrio(rel[2]!.trim(), depth + 1);
      if (typeof inner === 'string') return `uses \`${rel[2]!.trim()}\`, which ${inner}`;
      const value = rel[1] === 'AFTER' ? inner + 1 : inner - 1;
      return value >= 0 && value <= 9 ? value : `is ${rel[1] === 'AFTER' ? 'after 9' : 'before 0'} (a compile error in Unikraft)`;
    }
    if (/^[A-Za-z_]\w*$/.test(token)) {
      const defs = objectMacros.get(token);
      if (!defs) return 'is not defined anywhere in the tree';
      const values = defs.map((d) => resolvePrio(d.body, depth + 1));
      const number = values.find((v): v is number => typeof v === 'number');
      return number ?? values[0]!;
    }
    return 'is not a single token the preprocessor can paste';
  }

  /** Follows object-like macros to the identifier they stand for. */
  function resolveToken(token: string, depth: number): string {
    if (depth > MAX_DEPTH || !/^[A-Za-z_]\w*$/.test(token)) return token;
    const body = objectMacros.get(token)?.[0]?.body.trim();
    return body && body !== token ? resolveToken(body, depth + 1) : token;
  }

  function resolveFunction(token: string): string | null {
    let t = token.replace(/\s+/g, '');
    if (NULL_TOKENS.has(t)) return null;
    // A name built by the tree's macros (`_UK_TESTSUITE_RUN_NAME(suite)`, `__LIBNAME__ ## _x`).
    if (!/^&?[A-Za-z_]\w*$/.test(t)) t = expandMacros(token, { lookup, stop: STOP_MACROS }).text.replace(/\s+/g, '');
    const resolved = resolveToken(t.replace(/^&/, ''), 0);
    if (NULL_TOKENS.has(resolved)) return null;
    return /^[A-Za-z_][\w.$]*$/.test(resolved) ? resolved : null;
  }
}

/** The plan list a registration goes into. */
export function listOf(r: Pick<SourceRegistration, 'table'>): 'early' | 'ctors' | 'initcalls' {
  return r.table === 'inittab' ? 'initcalls' : r.table;
}

/**
 * The profile an import needs: `--profile` when given; else the tree's own version (`version.mk`:
 * `UK_VERSION`, `UK_SUBVERSION`) when bootplan has that line; else, as without a version, the
 * newest line for a tree that registers into the early table and `unikraft@0.17` for one that
 * does not. (0.17.0 trees past e409d043 have the early table too, under version 0.17.0.)
 */
export function profileFor(registrations: readonly Pick<SourceRegistration, 'table'>[], asked: string | undefined, treeVersion?: string): string {
  if (asked !== undefined) return asked;
  if (treeVersion !== undefined && listProfiles().some((p) => p.name === 'unikraft' && p.version === treeVersion)) return `unikraft@${treeVersion}`;
  return registrations.some((r) => r.table === 'early') ? 'unikraft@0.21' : 'unikraft@0.17';
}

/** `UK_VERSION.UK_SUBVERSION` of a tree's `version.mk` text (`0.17`), or undefined. */
export function unikraftTreeVersion(versionMk: string): string | undefined {
  const major = /^UK_VERSION\s*=\s*(\d+)\s*$/m.exec(versionMk)?.[1];
  const minor = /^UK_SUBVERSION\s*=\s*(\d+)\s*$/m.exec(versionMk)?.[1];
  return major !== undefined && minor !== undefined ? `${Number(major)}.${Number(minor)}` : undefined;
}

/** A registration as a plan entry; its file:line, macro, conditions and priority problem in `note`. */
export function registrationEntry(r: SourceRegistration): PlanEntryObject {
  const notes = [`${r.file}:${r.line}`];
  if (r.via) notes.push(`via ${r.via}`);
  if (r.condition) notes.push(`if ${r.condition}`);
  if (r.prioProblem) notes.push(`priority ${r.prioProblem}: the linker drops this entry`);
  const entry: PlanEntryObject = {};
  if (r.fn !== null) entry.fn = r.fn;
  if (r.table === 'inittab') entry.level = r.level!;
  entry.prio = r.prio;
  if (r.term !== null) entry.term = r.term;
  entry.note = notes.join('; ');
  return entry;
}

/** Builds the plan from a scanned tree. Pure. */
export function importUnikraftSource(files: readonly SourceFile[], options: UnikraftSourceImportOptions = {}): ImportedPlan {
  const { registrations, diagnostics } = scanUnikraftSource(files);
  const profile = profileFor(registrations, options.profile, options.treeVersion);
  const libraries = dictionary<PlanLibraryObject>();
  for (const r of registrations) {
    // Constructors first in each library: they run first, and that is how plans are written.
    if (r.table === 'early' && r.fn !== null && earlyCoreStep(r.fn, profile) !== undefined) continue;
    const lib = (libraries[r.lib] ??= { early: [], ctors: [], initcalls: [] });
    (lib[listOf(r)] ??= []).push(registrationEntry(r));
  }
  for (const lib of Object.values(libraries)) {
    if (lib.early?.length === 0) delete lib.early;
    if (lib.ctors?.length === 0) delete lib.ctors;
    if (lib.initcalls?.length === 0) delete lib.initcalls;
  }
  if (registrations.length === 0) {
    diagnostics.push({
      code: 'IMPORT_EMPTY',
      severity: 'error',
      message: `no Unikraft registration macros (UK_CTOR_PRIO, uk_*_initcall*, UK_BOOT_EARLYTAB_ENTRY) found in ${files.length} file(s)`,
      location: { file: options.root ?? '.', line: 1, column: 1 },
    });
  }
  const header = [
    `Imported by \`bootplan import unikraft --src\` from ${options.root ?? 'a source tree'}: ${registrations.length} registration(s) in ${files.length} C file(s).`,
    'Library = the folder under lib/ (drivers/<kind>/<name>, plat/<name>, arch/<name>); entries keep',
    'their file:line and the CONFIG_ conditions around them in `note`. Nothing was configured or',
    'preprocessed: registrations under #if are all listed, whichever the build would keep.',
    'The real link order (which breaks ties inside one level and priority) is decided by the build;',
    'libraries here are in path order, and the checker reports every tie that matters as a race.',
  ];
  return {
    plan: { bootplan: 1, name: options.name ?? 'unikraft-src', profile, target: options.target ?? 'qemu/x86_64', libraries },
    header,
    libraryComments: {},
    diagnostics,
  };
}

/**
 * The Unikraft library a file belongs to: the folder under `lib/` (`lib/posix-fdtab/fdtab.c` →
 * `posix-fdtab`), `drivers/<kind>/<name>` → `<kind>-<name>`, `plat/<name>` → `plat-<name>`,
 * `arch/<name>` → `arch-<name>`, kraft's `libs/<name>` → `<name>`, else the top folder (`app`
 * for files at the root).
 */
export function libraryFor(path: string): string {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  const dirs = parts.slice(0, -1);
  for (let i = dirs.length - 1; i >= 0; i--) {
    const d = dirs[i]!;
    const next = dirs[i + 1];
    if (next === undefined) continue;
    if (d === 'lib' || d === 'libs') return sanitize(next);
    if (d === 'drivers') return sanitize(dirs[i + 2] !== undefined && dirs[i + 2] !== 'include' ? `${next}-${dirs[i + 2]}` : next);
    if (d === 'plat' || d === 'arch') return sanitize(`${d}-${next}`);
  }
  return sanitize(dirs[0] ?? 'app');
}

interface Site {
  file: string;
  line: number;
  condition: string | undefined;
  lib: string;
  branches?: readonly OpenBranch[];
}

function sanitize(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9_.+-]/g, '_').replace(/^[.+-]+/, '');
  return clean === '' ? 'lib' : clean;
}

/**
 * The tree's function-like macros that end in a registration, directly or through each other
 * (`UK_BUS_REGISTER` → `_UK_BUS_REGISTER` → `UK_CTOR_PRIO`): a fixed point over who calls whom.
 */
function findWrappers(functionMacros: Map<string, MacroDefinition[]>, wrappers: Map<string, MacroDefinition>): void {
  // A macro may be defined several times (per architecture, or empty under #else): each
  // definition is looked at, and the one that reaches a registration is the one expanded.
  const callers = new Map<string, MacroDefinition[]>();
  for (const defs of functionMacros.values()) {
    for (const def of defs) {
      for (const m of def.body.matchAll(/\b([A-Za-z_]\w*)\s*\(/g)) push(callers, m[1]!, def);
    }
  }
  const work = [...CORE_MACROS];
  while (work.length > 0) {
    const callee = work.pop()!;
    for (const def of callers.get(callee) ?? []) {
      if (wrappers.has(def.name)) continue;
      wrappers.set(def.name, def);
      work.push(def.name);
    }
  }
}

function quickFilter(code: string, names: ReadonlySet<string>): boolean {
  if (code.includes('initcall') || code.includes('UK_CTOR') || code.includes(EARLYTAB_MACRO)) return true;
  for (const n of names) if (code.includes(n)) return true;
  return false;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

