/**
 * `bootplan import linux`: the System.map's initcall table (import/linux-system-map.ts), with
 * each entry's `cost` from a real boot's initcall_debug log (`--log`) and its uses and provides
 * inferred from the kernel sources (`--src`): where each initcall is registered, the calls its
 * function makes inside the tree, matched against specs/catalogs/linux.yaml.
 */
import type { Diagnostic } from '../../compiler/types.js';
import { parseNm } from '../../compiler/nm.js';
import type { CompiledFile, Evidence, InferredEntry } from '../infer/types.js';
import { importLinuxInitcalls, readLinuxInitcalls, type EntryAdditions, type LinuxInitcall } from '../linux-system-map.js';
import type { ImportedPlan, PlanEntryObject } from '../plan-object.js';
import { costOf, matchBootLog, type BootLogMatch } from './boot-log.js';
import { readCatalog, type Catalog } from './catalog.js';
import { inferFromC, type InferenceStats } from './c-infer.js';
import { loadCParser } from './c-parser.js';
import { findInitcallDefinitions, type InitcallDefinition } from './initcall-source.js';

export interface LinuxSources {
  systemMap: { text: string; file: string };
  log?: { text: string; file: string };
  /** The tree's C files (import/source-tree.ts) and the folder they came from. */
  src?: { files: readonly CompiledFile[]; root: string };
  name?: string;
  maxDepth?: number;
  /**
   * Where evidence goes: `field` (default: the entry's `evidence` list, plan language 1.1) or
   * `note` (a text in the entry's note, for tools that read plan language 1 only).
   */
  evidence?: 'note' | 'field';
  catalog?: Catalog;
}

/** Imports a kernel; async only because the C parser loads WebAssembly. */
export async function importLinux(sources: LinuxSources): Promise<ImportedPlan> {
  const started = performance.now();
  const map = parseNm(sources.systemMap.text, { file: sources.systemMap.file });
  const read = readLinuxInitcalls(map);
  const diagnostics: Diagnostic[] = [];
  const header: string[] = [];
  const additions = new Map<string, EntryAdditions>();
  const add = (symbol: string, more: EntryAdditions): void => {
    const a = additions.get(symbol) ?? {};
    a.fields = { ...(a.fields ?? {}), ...(more.fields ?? {}) };
    a.notes = [...(a.notes ?? []), ...(more.notes ?? [])];
    additions.set(symbol, a);
  };

  if (sources.log) {
    const match = matchBootLog(sources.log.text, read.initcalls, sources.log.file);
    diagnostics.push(...match.diagnostics);
    applyLog(match, read.initcalls, add);
    header.push(...logHeader(match, read.initcalls, sources.log.file));
  }

  let evidenceField = false;
  if (sources.src && read.initcalls.length > 0) {
    const found = findInitcallDefinitions(sources.src.files, read.initcalls);
    const catalog = sources.catalog ?? readCatalog('linux');
    const parser = await loadCParser();
    const roots = read.initcalls.flatMap((c) => {
      const def = found.get(c.symbol);
      return def ? [{ id: c.symbol, fn: c.fn, file: def.file, ...(def.synthesized ? { synthesized: def.synthesized } : {}) }] : [];
    });
    const inferred = inferFromC(parser, sources.src.files, roots, catalog, { maxDepth: sources.maxDepth ?? 8 });
    diagnostics.push(...inferred.diagnostics.map((d) => underRoot(d, sources.src!.root)));
    evidenceField = sources.evidence !== 'note';
    for (const c of read.initcalls) {
      const def = found.get(c.symbol);
      if (!def) continue;
      add(c.symbol, sourceAdditions(c, def, inferred.entries.get(c.symbol), evidenceField));
    }
    header.push(...sourceHeader(sources.src.root, sources.src.files.length, read.initcalls, found, inferred.entries, inferred.stats, catalog, sources.maxDepth ?? 8));
  }
  // The time goes to a note, not the file: the same import writes the same bytes.
  if (header.length > 0) {
    diagnostics.push({
      code: 'IMPORT_SUMMARY',
      severity: 'note',
      message: `${read.initcalls.length} initcalls imported in ${Math.round(performance.now() - started)} ms${sources.log ? '; costs from the boot log' : ''}${sources.src ? '; dependencies inferred from the sources (counts in the header)' : ''}`,
      location: { file: sources.systemMap.file, line: 1, column: 1 },
    });
  }

  const imported = importLinuxInitcalls(map, read, {
    name: sources.name ?? 'linux',
    file: sources.systemMap.file,
    decorate: (c) => additions.get(c.symbol),
    header,
  });
  if (evidenceField) imported.plan.bootplan = 1.1;
  return { ...imported, diagnostics: [...imported.diagnostics, ...diagnostics] };
}

/** A diagnostic about a file of the tree, located as the user names it (`LINUX_DIR/drivers/x.c`). */
export function underRoot(d: Diagnostic, root: string): Diagnostic {
  if (!d.location) return d;
  return { ...d, location: { ...d.location, file: `${root.replace(/\/+$/, '')}/${d.location.file}` } };
}

function applyLog(match: BootLogMatch, initcalls: readonly LinuxInitcall[], add: (symbol: string, a: EntryAdditions) => void): void {
  for (const c of initcalls) {
    const run = match.runs.get(c.symbol);
    if (!run) {
      add(c.symbol, { notes: ['not in the boot log: it did not run in that boot'] });
      continue;
    }
    const notes = run.rc !== 0 ? [`returned ${run.rc} in the real boot (log line ${run.line}); the plan models a boot where it succeeds`] : [];
    add(c.symbol, { fields: { cost: costOf(run) }, notes });
  }
}

function logHeader(match: BootLogMatch, initcalls: readonly LinuxInitcall[], file: string): string[] {
  const failed = [...match.runs.values()].filter((r) => r.rc !== 0).length;
  const total = [...match.runs.values()].reduce((sum, r) => sum + r.usecs, 0);
  return [
    `Costs from ${file}: ${match.runs.size} of ${initcalls.length} initcalls ran and have a \`cost\` (the "after N usecs" the kernel printed; ${total} us in all);`,
    `${match.notRun} did not run (a note says so); ${failed} returned non-zero (a note, not \`returns:\`)` +
      (match.unmatched.length > 0 ? `; ${match.unmatched.length} return line(s) name no initcall of the map (${match.unmatched.slice(0, 3).join(', ')}${match.unmatched.length > 3 ? ', …' : ''}).` : '.'),
  ];
}

function sourceAdditions(c: LinuxInitcall, def: InitcallDefinition, inferred: InferredEntry | undefined, evidenceField: boolean): EntryAdditions {
  const notes = [`${def.macro}(${def.synthesized ? c.fn.replace(/_init$/, '') : c.fn}) at ${def.file}:${def.line}`];
  if (def.macroLevel !== null && def.macroLevel !== c.level) notes.push(`the macro says level ${def.macroLevel}, the map ${c.level}`);
  if (def.ambiguous.length > 0) notes.push(`also matches ${def.ambiguous.join(', ')}`);
  const fields: Omit<PlanEntryObject, 'fn' | 'level' | 'prio' | 'note'> = {};
  if (inferred) {
    if (inferred.uses.length > 0) fields.uses = inferred.uses;
    if (inferred.provides.length > 0) fields.provides = inferred.provides;
    if (evidenceField && inferred.evidence.length > 0) fields.evidence = inferred.evidence;
    else notes.push(...dedupeEvidence(inferred.evidence).map(evidenceNote));
    if (inferred.unresolved.length > 0) {
      notes.push(`${inferred.unresolved.length} call(s) not followed: ${inferred.unresolved.slice(0, 3).join('; ')}${inferred.unresolved.length > 3 ? '; …' : ''}`);
    }
  }
  return { fields, notes };
}

export function dedupeEvidence(evidence: readonly Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return evidence.filter((e) => {
    const key = `${e.uses ?? ''}|${e.provides ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `uses alloc: lib/foo.c:42 calls kmalloc (via foo_setup, foo.c:17)`. */
export function evidenceNote(e: Evidence): string {
  const what = e.uses !== undefined ? `uses ${e.uses}` : e.provides !== undefined ? `provides ${e.provides}` : `effect ${e.effect}`;
  const via = e.via.length > 0 ? ` (via ${e.via.join(' → ')})` : '';
  return `${what}: ${e.at} calls ${e.call}${via}`;
}

function sourceHeader(
  root: string,
  fileCount: number,
  initcalls: readonly LinuxInitcall[],
  found: Map<string, InitcallDefinition>,
  entries: Map<string, InferredEntry>,
  stats: InferenceStats,
  catalog: Catalog,
  maxDepth: number,
): string[] {
  const withLine = initcalls.filter((c) => c.sourceLine !== null).length;
  let uses = 0;
  let provides = 0;
  let unresolved = 0;
  let withDeps = 0;
  for (const e of entries.values()) {
    uses += e.uses.length;
    provides += e.provides.length;
    unresolved += e.unresolved.length;
    if (e.uses.length + e.provides.length > 0) withDeps++;
  }
  return [
    `Sources from ${root}: ${fileCount} C files read; the registering macro of ${found.size} of ${withLine} initcalls found`,
    `(by the line their symbol names), ${stats.filesParsed} files parsed with tree-sitter, ${stats.functionsFollowed} functions followed`,
    `(depth bound ${maxDepth}); ${withDeps} entries got ${uses} uses and ${provides} provides from ${stats.catalogCalls} calls matched against ${catalog.file},`,
    `each with its evidence (\`evidence:\` or, with evidence: 'note', the note); ${unresolved} call(s) could not be followed (notes); ${stats.outsideCalls} calls leave the tree.`,
  ];
}
