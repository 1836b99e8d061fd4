/**
 * `bootplan import zephyr --build BUILD_DIR`: a zephyr@3 plan from a build. The init table and
 * each entry's level, priority and sub-priority come from `zephyr/zephyr.map`; the function each
 * entry calls, when `zephyr/zephyr.elf` is there, from its symbols and the entry's `init_fn`
 * pointer; each devicetree device's `device:` dependencies from `devicetree_generated.h`
 * (`REQUIRES_ORDS`: the parent and phandle edges scripts/build/check_init_priorities.py checks).
 * Kernel services and non-device dependencies that script cannot see come from
 * specs/catalogs/zephyr.yaml when the application's sources are given (`--src`).
 */
import type { Diagnostic } from '../../compiler/types.js';
import { layOutBlocks, type BlockItem } from '../blocks.js';
import type { CompiledFile, InferredEntry } from '../infer/types.js';
import { dedupeEvidence, evidenceNote, underRoot } from '../linux/import-linux.js';
import { readCatalog, type Catalog } from '../linux/catalog.js';
import { inferFromC, type InferenceRoot } from '../linux/c-infer.js';
import { loadCParser } from '../linux/c-parser.js';
import { dictionary, isIndexLikeKey, type ImportedPlan, type PlanEntryObject, type PlanLibraryObject } from '../plan-object.js';
import { deviceCapability, readDevicetree, type DevicetreeNode } from './devicetree.js';
import type { ElfImage } from './elf.js';
import { objectStem, readInitTable, type InitSection } from './map.js';
import { findSysInits, matchSysInit, type SysInitSource } from './sys-init-source.js';

export interface ZephyrBuildInputs {
  map: { text: string; file: string };
  devicetree: { text: string; file: string };
  elf?: { image: ElfImage; file: string };
  src?: { files: readonly CompiledFile[]; root: string };
  name?: string;
  catalog?: Catalog;
  maxDepth?: number;
}

/** Compatibles check_init_priorities.py does not check (its `_IGNORE_COMPATIBLES`). */
const IGNORED_COMPATIBLES = new Set(['zephyr_cdc_acm_uart']);
const PROFILE_LEVELS = new Set(['EARLY', 'PRE_KERNEL_1', 'PRE_KERNEL_2', 'POST_KERNEL', 'APPLICATION']);

interface InitEntry {
  section: InitSection;
  address: bigint;
  /** The function called. */
  fn: string;
  /** Where the name came from. */
  named: 'elf' | 'source' | 'devicetree' | 'address';
  /** The SYS_INIT macro in the sources, when that is how it was named. */
  source?: SysInitSource;
  node: DevicetreeNode | null;
  lib: string;
}

/** Builds the plan. Async only because the C parser (for `src`) loads WebAssembly. */
export async function importZephyrBuild(inputs: ZephyrBuildInputs): Promise<ImportedPlan> {
  const table = readInitTable(inputs.map.text, inputs.map.file);
  const dt = readDevicetree(inputs.devicetree.text, inputs.devicetree.file);
  const diagnostics: Diagnostic[] = [...table.diagnostics, ...dt.diagnostics];
  const entries: InitEntry[] = [];
  let skippedLevels = 0;
  const sysInits = inputs.src ? findSysInits(inputs.src.files) : new Map<string, SysInitSource[]>();
  const takenSysInits = new Set<SysInitSource>();
  for (const s of table.sections) {
    if (!PROFILE_LEVELS.has(s.level)) {
      skippedLevels++;
      diagnostics.push({ code: 'IMPORT_ZEPHYR_LEVEL', severity: 'warning', message: `\`${s.section}\`: level ${s.level} is not one of the zephyr@3 profile's levels; its entries are left out`, location: { file: inputs.map.file, line: s.line, column: 2 } });
      continue;
    }
    if (s.size % table.entrySize !== 0) {
      diagnostics.push({ code: 'IMPORT_ZEPHYR_MAP_LINE', severity: 'warning', message: `\`${s.section}\` is ${s.size} bytes, not a multiple of one init entry (${table.entrySize})`, location: { file: inputs.map.file, line: s.line, column: 2 } });
    }
    const count = Math.max(1, Math.floor(s.size / table.entrySize));
    for (let k = 0; k < count; k++) {
      const address = s.address + BigInt(k * table.entrySize);
      const node = s.sub !== null && s.sub > 0 ? dt.byOrdinal.get(s.sub) ?? null : null;
      if (s.sub !== null && s.sub > 0 && !node) {
        diagnostics.push({ code: 'IMPORT_ZEPHYR_ORDINAL', severity: 'warning', message: `\`${s.section}\` has devicetree ordinal ${s.sub}, which ${inputs.devicetree.file} does not define: is the header from the same build?`, location: { file: inputs.map.file, line: s.line, column: 2 } });
      }
      const named = inputs.elf?.image.initFunction(address);
      const lib = libraryName(objectStem(s.object));
      const base = (/\(([^()]+)\)\s*$/.exec(s.object)?.[1] ?? s.object).replace(/\.obj$/, '');
      const source = !named && !node ? matchSysInit(sysInits, base, s.level, s.prio, takenSysInits) : undefined;
      if (source) takenSysInits.add(source);
      if (named) entries.push({ section: s, address, fn: named, named: 'elf', node, lib });
      else if (source) entries.push({ section: s, address, fn: source.fn, named: 'source', source, node, lib });
      else entries.push({ section: s, address, fn: node ? `__device_dts_ord_${node.ordinal}` : `sys_init_at_${address.toString(16)}`, named: node ? 'devicetree' : 'address', node, lib });
    }
  }

  // A device provides itself; it uses every device it requires that has an init entry.
  const deviceEntries = new Map<number, InitEntry>();
  for (const e of entries) if (e.node) deviceEntries.set(e.node.ordinal, e);
  let deviceEdges = 0;

  const inferred = inputs.src ? await inferSources(inputs, entries) : null;
  if (inferred) diagnostics.push(...inferred.diagnostics);

  const items: BlockItem<PlanEntryObject>[] = entries.map((e) => {
    const entry: PlanEntryObject = { fn: e.fn, level: e.section.level, prio: e.section.prio };
    const uses: string[] = [];
    const notes: string[] = [];
    if (e.node) {
      entry.ordinal = e.node.ordinal;
      const ignored = e.node.compatibles.some((c) => IGNORED_COMPATIBLES.has(c));
      for (const ord of ignored ? [] : e.node.requires) {
        const dep = deviceEntries.get(ord);
        if (dep && dep !== e) {
          uses.push(deviceCapability(dep.node!));
          deviceEdges++;
        }
      }
      entry.provides = [deviceCapability(e.node)];
      notes.push(`${e.node.path}${e.node.labels.length > 0 ? ` (${e.node.labels.join(', ')})` : ''}, devicetree ordinal ${e.node.ordinal}`);
      if (ignored) notes.push('its devicetree dependencies are not checked (check_init_priorities ignores this compatible)');
    }
    const inf = inferred?.entries.get(entryId(e));
    if (inf) {
      uses.push(...inf.uses.filter((u) => !uses.includes(u)));
      if (inf.provides.length > 0) entry.provides = [...(entry.provides ?? []), ...inf.provides];
      notes.push(...dedupeEvidence(inf.evidence).map(evidenceNote));
      if (inf.unresolved.length > 0) notes.push(`${inf.unresolved.length} call(s) not followed: ${inf.unresolved.slice(0, 3).join('; ')}`);
    }
    if (uses.length > 0) entry.uses = uses;
    if (e.source) notes.push(`SYS_INIT(${e.fn}, ${e.source.level}, …) at ${e.source.file}:${e.source.line}`);
    notes.push(`${e.section.section} in ${e.section.object} (map line ${e.section.line})`);
    if (e.named === 'address') notes.push('a SYS_INIT entry; its function is named from zephyr.elf when the build folder has it');
    entry.note = notes.join('; ');
    // The profile's key for a devicetree device includes its ordinal: `ordinal` goes after `prio`.
    return { lib: e.lib, tie: `${e.section.level}/${e.section.prio}/${e.section.sub ?? 0}`, value: reorder(entry) };
  });
  const blocks = layOutBlocks(items, new Set(entries.map((e) => e.lib)));
  const libraries = dictionary<PlanLibraryObject>();
  const libraryComments = dictionary<string[]>();
  for (const b of blocks) {
    libraries[b.name] = { initcalls: b.values };
    if (b.part > 1) libraryComments[b.name] = [`${b.lib} again (block ${b.part}): its next entries follow another object's in link order`];
  }
  const devices = entries.filter((e) => e.node).length;
  const named = entries.filter((e) => e.named === 'elf').length;
  const fromSource = entries.filter((e) => e.named === 'source').length;
  const header = [
    `Imported by \`bootplan import zephyr\` from ${inputs.map.file}: ${entries.length} init entries in address order (the order`,
    `the kernel runs them; ${table.sections.length} \`.z_init_*\` input sections${skippedLevels > 0 ? `, ${skippedLevels} at levels the profile does not have, left out` : ''}).`,
    `${devices} are devicetree devices (sub-priority = dependency ordinal, written as \`ordinal\`); their ${deviceEdges} \`device:\``,
    `uses are the REQUIRES_ORDS edges of ${inputs.devicetree.file} (${dt.byOrdinal.size} nodes) between devices that have an init entry,`,
    'the pairs check_init_priorities.py checks. Libraries are named after the object file of each entry.',
    inputs.elf ? `Function names from ${inputs.elf.file}: ${named} of ${entries.length} entries.` : `No zephyr.elf: devices are named \`__device_dts_ord_<N>\`; ${fromSource} SYS_INIT entries named from their SYS_INIT() in the sources, the rest by address.`,
  ];
  if (inferred) header.push(...inferred.header);
  return {
    plan: { bootplan: 1, name: inputs.name ?? 'zephyr', profile: 'zephyr@3', libraries },
    header,
    libraryComments,
    diagnostics,
  };
}

function entryId(e: InitEntry): string {
  return `${e.lib}.${e.fn}@${e.address.toString(16)}`;
}

function libraryName(stem: string): string {
  return isIndexLikeKey(stem) ? `obj_${stem}` : stem;
}

function reorder(entry: PlanEntryObject): PlanEntryObject {
  const { fn, level, prio, ordinal, uses, provides, note, ...rest } = entry;
  return { fn, level, prio, ...(ordinal !== undefined ? { ordinal } : {}), ...(uses ? { uses } : {}), ...(provides ? { provides } : {}), ...rest, ...(note ? { note } : {}) };
}

async function inferSources(inputs: ZephyrBuildInputs, entries: InitEntry[]): Promise<{ entries: Map<string, InferredEntry>; diagnostics: Diagnostic[]; header: string[] }> {
  const src = inputs.src!;
  const catalog = inputs.catalog ?? readCatalog('zephyr');
  const parser = await loadCParser();
  // Each entry's function is looked for in the file that defines it (any file of the sources).
  const roots: InferenceRoot[] = entries.filter((e) => e.named === 'elf' || e.named === 'source').map((e) => ({ id: entryId(e), fn: e.fn, file: e.source?.file ?? '' }));
  const result = inferFromC(parser, src.files, roots, catalog, { maxDepth: inputs.maxDepth ?? 8 });
  // A function whose definition is not in the given sources is simply not inferred: not a note.
  for (const e of result.entries.values()) e.unresolved = e.unresolved.filter((u) => !u.includes('no definition found'));
  let uses = 0;
  let withDeps = 0;
  for (const e of result.entries.values()) {
    uses += e.uses.length + e.provides.length;
    if (e.uses.length + e.provides.length > 0) withDeps++;
  }
  return {
    entries: result.entries,
    diagnostics: result.diagnostics.map((d) => underRoot(d, src.root)),
    header: [
      `Sources from ${src.root}: ${src.files.length} C files, ${result.stats.filesParsed} parsed with tree-sitter, ${result.stats.functionsFollowed} functions followed;`,
      `${withDeps} entries got ${uses} uses/provides from ${result.stats.catalogCalls} calls matched against ${catalog.file} (evidence in the notes).`,
    ],
  };
}
