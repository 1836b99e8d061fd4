/**
 * `bootplan import unikraft --src DIR [--lib DIR]… [--app DIR] [--config .config] [--target P/A]`:
 * the image the build would make. The Makefile.uk files say which libraries and files a build of
 * that configuration compiles and in which link order (import/makefile-uk.ts); each compiled file's
 * `#if`s are evaluated against the configuration (import/c-conditions.ts); the registrations of
 * those files are read through the tree's own macros with the library's `__LIBNAME__`
 * (import/unikraft-src.ts), so every entry has the symbol name the image has. Without a
 * configuration every file is read, and registrations in different branches of one `#if` chain
 * are alternatives: the first is registered, the others are written as comments.
 *
 * The result also carries the `InferenceInput` (the compiled files with inactive lines blanked and
 * macro-generated functions written out on their invocation's lines, and the registered
 * functions); with an `infer` function the inferred uses, provides, effects and evidence go into
 * the entries. Pure: files come in as text.
 */
import type { Diagnostic } from '../compiler/types.js';
import { evaluateConditionals, type ConditionContext, type EvaluatedFile, type Known } from './c-conditions.js';
import { applyInference } from './infer/apply.js';
import type { CompiledFile, InferenceInput, InferenceResult, RegisteredFunction } from './infer/types.js';
import { configDefines, type Kconfig } from './kconfig.js';
import { evaluateBuild, type BuildRoots, type ReadFile, type UkLibrary } from './makefile-uk.js';
import { dictionary, type ImportedPlan, type PlanEntryObject, type PlanLibraryObject, type PlanObject } from './plan-object.js';
import { compiledMounts } from './unikraft-mounts.js';
import { libraryFor, listOf, profileFor, unikraftTreeVersion, registrationEntry, scanUnikraftSource, type Expansion, type PreparedFile, type SourceFile, type SourceRegistration } from './unikraft-src.js';
import { earlyCoreStep } from './unikraft-early.js';

export interface BuildTree {
  /** Every `.c` and `.h` file of every root, by virtual path (`lib/vfscore/main.c`, `lib-musl/x.c`). */
  files: readonly SourceFile[];
  /** Reads Makefile.uk and the files they include, by virtual path. */
  read: ReadFile;
}

export interface UnikraftBuildOptions {
  roots: BuildRoots;
  /** null: no configuration (every file, conditions as alternatives). */
  config: Kconfig | null;
  /** `plat/arch`, default `qemu/x86_64`. */
  target?: string;
  name?: string;
  /** The source tree as the user named it, for the header. */
  root?: string;
  profile?: string;
  /** Dependency inference (import/infer's `inferDependencies`), injected. */
  infer?: (input: InferenceInput) => Promise<InferenceResult>;
}

export interface BuildImportStats {
  libraries: number;
  filesCompiled: number;
  registrations: number;
  alternatives: number;
  skipped: number;
  undecidedConditions: number;
  makefiles: number;
}

export interface UnikraftBuildImport {
  imported: ImportedPlan;
  input: InferenceInput;
  stats: BuildImportStats;
}

/** Platforms by the `plat` half of `--target` (the Kraftfile's names). */
const PLATFORMS: Record<string, string> = { qemu: 'kvm', kvm: 'kvm', fc: 'kvm', firecracker: 'kvm', xen: 'xen' };
const ARCH_MACROS: Record<string, string[]> = { x86_64: ['__x86_64__', '__X86_64__'], arm64: ['__aarch64__', '__ARM_64__'], arm: ['__arm__', '__ARM_32__'] };
const ARCH_OPTIONS: Record<string, string> = { x86_64: 'CONFIG_ARCH_X86_64', arm64: 'CONFIG_ARCH_ARM_64', arm: 'CONFIG_ARCH_ARM_32' };

/** The plan's name for a Makefile.uk library: without the `lib` prefix (`libvfscore` → `vfscore`). */
export function planLibraryName(libname: string): string {
  const name = libname.replace(/^lib(?=.)/, '');
  return /^[A-Za-z0-9_.+-]+$/.test(name) ? name : name.replace(/[^A-Za-z0-9_.+-]/g, '_');
}

/** Reads the build and its registrations, without inference. */
export function prepareUnikraftBuild(tree: BuildTree, options: UnikraftBuildOptions): UnikraftBuildImport {
  const targetText = options.target ?? 'qemu/x86_64';
  const [platName = 'qemu', arch = 'x86_64'] = targetText.split('/');
  const plat = PLATFORMS[platName] ?? platName;
  const diagnostics: Diagnostic[] = [];
  const paths = new Set(tree.files.map((f) => f.path));
  const build = evaluateBuild({ read: tree.read, exists: (p) => paths.has(p), roots: options.roots, config: options.config, target: { plat, arch } });
  diagnostics.push(...build.diagnostics);

  // Which library compiles which file.
  const owner = new Map<string, UkLibrary>();
  for (const lib of build.libraries) for (const s of lib.sources) if (!owner.has(s)) owner.set(s, lib);
  const compiled = new Set<string>();
  if (options.config) for (const s of owner.keys()) compiled.add(s);
  else for (const f of tree.files) if (f.path.endsWith('.c')) compiled.add(f.path);
  const bases = [...build.libraries].sort((a, b) => b.base.length - a.base.length);
  // The application's libraries are `app` in the plan, the name `--nm` gives `main`'s library.
  const app = options.roots.app;
  const planName = (l: UkLibrary): string => (app !== undefined && (l.base === app || l.base.startsWith(`${app}/`)) ? 'app' : planLibraryName(l.name));
  const libraryOf = (path: string): { lib: string; libname: string; library: UkLibrary | undefined } => {
    const l = owner.get(path) ?? bases.find((b) => b.base !== '' && path.startsWith(`${b.base}/`));
    if (l) return { lib: planName(l), libname: l.name, library: l };
    // No Makefile.uk claims the file: its folder, spelled as Makefile.uk names spell it
    // (`lib/posix-fdtab` → `posix_fdtab`, the name of `libposix_fdtab`).
    const guess = libraryFor(path).replace(/-/g, '_');
    return { lib: guess, libname: `lib${guess}`, library: undefined };
  };
  const missing = build.libraries.filter((l) => l.missing.length > 0);
  if (options.config && missing.length > 0) {
    diagnostics.push({
      code: 'IMPORT_SOURCE_NOT_IN_TREE',
      severity: 'note',
      message: `${missing.reduce((n, l) => n + l.missing.length, 0)} C file(s) the build compiles are not in the tree (fetched or generated at build time): ${missing.slice(0, 4).map((l) => `${l.name} ${l.missing[0]}`).join(', ')}${missing.length > 4 ? ', …' : ''}`,
      location: { file: options.root ?? '.', line: 1, column: 1 },
    });
  }

  // #if evaluation: a first pass for every file's defines, then the compiled files again with
  // the tree's integer macros known.
  const defines = options.config ? configDefines(options.config) : null;
  if (defines) {
    const option = ARCH_OPTIONS[arch];
    if (option && !defines.has(option)) defines.set(option, '1');
    if (!defines.has(`CONFIG_PLAT_${plat.toUpperCase()}`)) defines.set(`CONFIG_PLAT_${plat.toUpperCase()}`, '1');
  }
  const treeDefines = new Map<string, { file: string; body: string }[]>();
  const firstPass = new Map<string, EvaluatedFile>();
  const base = context(defines, null, arch);
  for (const f of tree.files) {
    const ev = evaluateConditionals(f.text, f.path, base);
    firstPass.set(f.path, ev);
    for (const d of ev.defines) {
      if (d.params !== null) continue;
      const list = treeDefines.get(d.name);
      if (list) list.push({ file: d.file, body: d.body });
      else treeDefines.set(d.name, [{ file: d.file, body: d.body }]);
    }
  }
  const full = context(defines, treeDefines, arch);
  const evaluated = new Map<string, EvaluatedFile>();
  let undecided = 0;
  for (const f of tree.files) {
    if (!compiled.has(f.path)) {
      evaluated.set(f.path, firstPass.get(f.path)!);
      continue;
    }
    const ev = evaluateConditionals(f.text, f.path, full);
    evaluated.set(f.path, ev);
    undecided += ev.undecided;
    diagnostics.push(...ev.diagnostics.filter((d) => options.config !== null || d.code !== 'IMPORT_UNDECIDED_IF'));
  }

  const prepare = (f: SourceFile): PreparedFile => {
    const { lib, libname } = libraryOf(f.path);
    return { lib, libname, evaluated: evaluated.get(f.path)!, compiled: compiled.has(f.path) };
  };
  const scan = scanUnikraftSource(tree.files, { prepare });
  diagnostics.push(...scan.diagnostics);

  // Link order: libraries as the build links them, files in SRCS order, registrations by line.
  const libOrder = new Map<string, number>();
  build.libraries.forEach((l, i) => { if (!libOrder.has(planName(l))) libOrder.set(planName(l), i); });
  const fileOrder = new Map<string, number>();
  for (const l of build.libraries) l.sources.forEach((s, i) => fileOrder.set(s, i));
  const registrations = [...scan.registrations].sort((a, b) =>
    (libOrder.get(a.lib) ?? 1e9) - (libOrder.get(b.lib) ?? 1e9) || (a.lib < b.lib ? -1 : a.lib > b.lib ? 1 : 0)
    || (fileOrder.get(a.file) ?? 1e9) - (fileOrder.get(b.file) ?? 1e9) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line);

  // One branch per #if chain: the first registration's.
  const chosen = new Map<string, number>();
  const registered: SourceRegistration[] = [];
  const alternatives: SourceRegistration[] = [];
  for (const r of registrations) {
    const conflict = (r.branches ?? []).some((b) => chosen.has(b.chain) && chosen.get(b.chain) !== b.branch);
    if (conflict) {
      alternatives.push(r);
      continue;
    }
    for (const b of r.branches ?? []) chosen.set(b.chain, b.branch);
    registered.push(r);
  }

  const libraries = dictionary<PlanLibraryObject>();
  const libraryComments = dictionary<string[]>();
  const functions: RegisteredFunction[] = [];
  const coreSteps: string[] = [];
  const versionMk = tree.read('version.mk');
  const treeVersion = versionMk === null ? undefined : unikraftTreeVersion(versionMk);
  const profile = profileFor(registered, options.profile, treeVersion);
  for (const r of registered) {
    const step = r.table === 'early' && r.fn !== null ? earlyCoreStep(r.fn, profile) : undefined;
    if (step !== undefined) {
      // The profile's own step stands for it: an entry as well would run the parsing twice.
      coreSteps.push(`${r.lib}.${r.fn} (${r.file}:${r.line}, early prio ${String(r.prio)}) is the profile's core step \`${step}\`, not an entry.`);
      continue;
    }
    const lib = (libraries[r.lib] ??= {});
    const entry = registrationEntry(r);
    (lib[listOf(r)] ??= []).push(entry);
    if (r.fn !== null) functions.push({ id: `${r.lib}.${r.fn}`, fn: r.fn, file: r.file, line: r.line, role: r.table === 'ctors' ? 'ctor' : r.table === 'early' ? 'early' : 'initcall' });
    if (r.term !== null) functions.push({ id: `${r.lib}.${r.term}`, fn: r.term, file: r.file, line: r.line, role: 'term' });
  }
  // Early entries, then ctors, then initcalls inside a library, as plans are written (the order they run in).
  for (const [name, lib] of Object.entries(libraries)) libraries[name] = { ...(lib.early ? { early: lib.early } : {}), ...(lib.ctors ? { ctors: lib.ctors } : {}), ...(lib.initcalls ? { initcalls: lib.initcalls } : {}) };
  const orphanAlternatives: string[] = [];
  for (const r of alternatives) {
    const line = `alternative (if ${r.condition ?? 'another branch'}): - ${flow(registrationEntry(r))}`;
    if (libraries[r.lib]) (libraryComments[r.lib] ??= []).push(line);
    else orphanAlternatives.push(`${r.lib}: ${line}`);
  }

  // The application's main.
  if (app !== undefined) {
    const appLibs = build.libraries.filter((l) => planName(l) === 'app').map((l) => l.name);
    if (appLibs.length > 0) (libraryComments.app ??= []).push(`app: ${appLibs.join(', ')} from ${app}`);
    const prefix = `${app}/`;
    for (const path of [...compiled].filter((p) => p.startsWith(prefix)).sort()) {
      const text = evaluated.get(path)?.text ?? '';
      const m = /^[ \t]*(?:int|void)[ \t\n]+main[ \t]*\(/m.exec(text);
      if (!m) continue;
      const { lib } = libraryOf(path);
      const app = (libraries[lib] ??= {});
      app.main = {};
      functions.push({ id: `${lib}.main`, fn: 'main', file: path, line: text.slice(0, m.index + m[0].length).split('\n').length, role: 'main' });
      break;
    }
  }

  // A library with only `main` takes its place in link order too.
  const ordered = dictionary<PlanLibraryObject>();
  for (const name of Object.keys(libraries).sort((a, b) => (libOrder.get(a) ?? 1e9) - (libOrder.get(b) ?? 1e9))) ordered[name] = libraries[name]!;
  const files = compiledFiles(tree.files, compiled, evaluated, scan.expansions);
  const header = [
    `Imported by \`bootplan import unikraft --src\` from ${options.root ?? 'a source tree'}${options.roots.libs.length > 0 ? ` with ${options.roots.libs.join(', ')}` : ''}${options.roots.app ? `, app ${options.roots.app}` : ''}, target ${targetText}.`,
    options.config
      ? `The build of ${options.config.file}: ${build.libraries.length} libraries, ${compiled.size} C files compiled, ${registered.length} registration(s) (${alternatives.length} alternative(s) as comments, ${undecided} #if condition(s) undecided).`
      : `No --config: every C file of the tree (${compiled.size}), ${registered.length} registration(s); registrations in other branches of one #if chain are written as comments (${alternatives.length}).`,
    'Libraries are the Makefile.uk names without `lib`, in link order (platform libraries first, then',
    'app, lib/, --lib, arch, drivers); inside one library, files in SRCS order. The declaration order is',
    'therefore the link order, which breaks ties inside one level and priority. Entries keep their file:line',
    'and, without a configuration, the conditions around them in `note`.',
  ];
  const early = registered.filter((r) => r.table === 'early').length;
  if (early > 0) {
    const why = options.profile !== undefined ? '' : treeVersion !== undefined && profile === `unikraft@${treeVersion}` ? ` (the tree's version.mk says ${treeVersion})` : ' (chosen for it: the tree gives no version bootplan has)';
    header.push(`The tree registers ${early} early-table entr${early === 1 ? 'y' : 'ies'} (UK_BOOT_EARLYTAB_ENTRY, PR #1472): profile ${profile}${why}.`);
    header.push(...coreSteps);
  }
  if (orphanAlternatives.length > 0) header.push(...orphanAlternatives);
  if (registered.length === 0) {
    diagnostics.push({ code: 'IMPORT_EMPTY', severity: 'error', message: `no Unikraft registrations in the ${compiled.size} C file(s) this build compiles`, location: { file: options.root ?? '.', line: 1, column: 1 } });
  }
  const skipped = scan.diagnostics.filter((d) => d.code === 'IMPORT_BAD_REGISTRATION').length;
  // The compiled-in mount table: what vfscore's automount mounts in this build.
  const table = options.config ? compiledMounts(options.config) : { mounts: [], tags: [], notes: [] };
  if (table.mounts.length > 0) {
    header.push(`The .config compiles in ${table.mounts.length} mount(s) (\`mounts:\`)${table.tags.length > 0 ? `; the 9p device${table.tags.length > 1 ? 's' : ''} ${table.tags.join(', ')} come${table.tags.length > 1 ? '' : 's'} from the VMM's command line (\`-fsdev\`, \`kraft run -v\`): \`devices:\` lists ${table.tags.length > 1 ? 'them' : 'it'}, add \`hostdir:\` to boot a host folder` : ''}.`);
  }
  header.push(...table.notes);
  const plan: PlanObject = {
    bootplan: 1,
    name: options.name ?? 'unikraft-build',
    profile,
    target: targetText,
    ...(table.tags.length > 0 ? { devices: table.tags.map((tag) => ({ kind: 'virtio-9p' as const, tag, note: 'mounted by the compiled-in table; the VMM provides it' })) } : {}),
    ...(table.mounts.length > 0 ? { mounts: table.mounts } : {}),
    libraries: ordered,
  };
  return {
    imported: {
      plan,
      header,
      libraryComments,
      diagnostics,
    },
    input: { profile, files, functions, mountPoints: table.mounts.map((m) => m.at) },
    stats: { libraries: build.libraries.length, filesCompiled: compiled.size, registrations: registered.length, alternatives: alternatives.length, skipped, undecidedConditions: undecided, makefiles: build.makefiles },
  };
}

/** Reads the build, runs inference when given, and puts its findings into the entries. */
export async function importUnikraftBuild(tree: BuildTree, options: UnikraftBuildOptions): Promise<UnikraftBuildImport> {
  const prepared = prepareUnikraftBuild(tree, options);
  if (!options.infer || prepared.input.functions.length === 0) return prepared;
  const result = await options.infer(prepared.input);
  mergeInference(prepared.imported, result);
  return prepared;
}

/** Writes inferred uses, provides, effects and evidence into the plan's entries (applyInference:
 * a term function's uses go into its `{fn, uses, evidence}` form), and the calls inference could
 * not follow into each entry's note. */
export function mergeInference(imported: ImportedPlan, result: InferenceResult): void {
  applyInference(imported.plan, result.entries);
  for (const [libName, lib] of Object.entries(imported.plan.libraries)) {
    for (const entry of [...(lib.early ?? []), ...(lib.ctors ?? []), ...(lib.initcalls ?? [])]) {
      const notes: string[] = [];
      const init = entry.fn !== undefined ? result.entries.get(`${libName}.${entry.fn}`) : undefined;
      if (init && init.unresolved.length > 0) notes.push(`unresolved: ${init.unresolved.join(', ')}`);
      const termName = typeof entry.term === 'string' ? entry.term : entry.term?.fn;
      const term = termName !== undefined && termName !== entry.fn ? result.entries.get(`${libName}.${termName}`) : undefined;
      if (term && term.unresolved.length > 0) notes.push(`unresolved in term ${termName}: ${term.unresolved.join(', ')}`);
      if (notes.length > 0) entry.note = [entry.note, ...notes].filter((n) => n !== undefined && n !== '').join('; ');
    }
  }
  imported.diagnostics.push(...result.diagnostics);
}


function flow(entry: PlanEntryObject): string {
  const parts = Object.entries(entry).filter(([k]) => k !== 'note').map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  return `{ ${parts.join(', ')} }`;
}

/** The compiled files as inference reads them: `#if` evaluated, expansions written in place. */
function compiledFiles(all: readonly SourceFile[], compiled: ReadonlySet<string>, evaluated: ReadonlyMap<string, EvaluatedFile>, expansions: readonly Expansion[]): CompiledFile[] {
  const byFile = new Map<string, Expansion[]>();
  for (const e of expansions) {
    const list = byFile.get(e.file);
    if (list) list.push(e);
    else byFile.set(e.file, [e]);
  }
  const files: CompiledFile[] = [];
  for (const f of all) {
    if (!compiled.has(f.path)) continue;
    let text = evaluated.get(f.path)?.text ?? f.text;
    const list = (byFile.get(f.path) ?? []).sort((a, b) => b.start - a.start);
    for (const e of list) {
      const span = text.slice(e.start, e.end);
      const newlines = span.split('\n').length - 1;
      text = text.slice(0, e.start) + e.text.replace(/\n/g, ' ') + '\n'.repeat(newlines) + text.slice(e.end);
    }
    files.push({ path: f.path, text });
  }
  return files;
}

/** What the conditionals may assume: the configuration, the target, the tree's integer macros. */
function context(defines: ReadonlyMap<string, string> | null, tree: ReadonlyMap<string, { file: string; body: string }[]> | null, arch: string): ConditionContext {
  const archMacros = new Set(ARCH_MACROS[arch] ?? []);
  const otherArch = new Set(Object.values(ARCH_MACROS).flat().filter((m) => !archMacros.has(m)));
  return {
    lookup(name: string, file: string): Known {
      if (name.startsWith('CONFIG_')) {
        if (!defines) return undefined;
        const body = defines.get(name);
        return body === undefined ? { defined: false } : { defined: true, body };
      }
      if (name === '__cplusplus' || name === '__ASSEMBLY__') return { defined: false };
      if (defines) {
        if (archMacros.has(name)) return { defined: true, body: '1' };
        if (otherArch.has(name)) return { defined: false };
      }
      const defs = tree?.get(name);
      if (!defs) return undefined;
      const others = defs.filter((d) => d.file !== file);
      if (others.length === 0) return { defined: false };
      const bodies = new Set(others.map((d) => d.body.trim()));
      const [body] = bodies;
      return bodies.size === 1 && /^\(?\s*-?(?:0[xX][0-9a-fA-F]+|\d+)[uUlL]*\s*\)?$/.test(body!) ? { defined: true, body: body! } : undefined;
    },
  };
}
