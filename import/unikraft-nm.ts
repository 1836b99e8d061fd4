/**
 * `bootplan import unikraft --nm F`: an image's `nm -n` output becomes a plan skeleton. The table
 * entries are symbols themselves (`__uk_ctortab<prio>_<fn>`, `__uk_inittab<class><prio>_<init>_<term>`),
 * so the image's registrations, their levels, priorities and link order are all in the map.
 */
import type { Diagnostic } from '../compiler/types.js';
import { layOutBlocks, layOutInLinkOrder, type BlockItem } from './blocks.js';
import { definesFunction, parseNm, type UkTableEntry } from '../compiler/nm.js';
import { dictionary, type ImportedPlan, type PlanEntryObject, type PlanLibraryObject } from './plan-object.js';
import { unikraftLibraryOf } from './unikraft-names.js';
import { earlyCoreStep } from './unikraft-early.js';

/** Init-table class number → the unikraft profile's level name. */
export const UNIKRAFT_LEVELS: readonly string[] = ['', 'early', 'plat', 'lib', 'rootfs', 'sys', 'late'];

export interface UnikraftNmImportOptions {
  name?: string;
  file?: string;
  profile?: string;
  target?: string;
  /** Override the library guess (function name → library). */
  libraryOf?: (fn: string) => string;
}

/** Builds the plan. Pure; `text` is the whole `nm` output. */
export function importUnikraftNm(text: string, options: UnikraftNmImportOptions = {}): ImportedPlan {
  const file = options.file ?? 'nm.txt';
  const libraryOf = options.libraryOf ?? unikraftLibraryOf;
  const map = parseNm(text, { file });
  const diagnostics: Diagnostic[] = [...map.diagnostics];

  const profile = options.profile ?? 'unikraft@0.17';
  type Item = { list: 'early' | 'ctors' | 'initcalls'; entry: PlanEntryObject };
  const items: BlockItem<Item>[] = [];
  const coreSteps: string[] = [];
  for (const e of map.tables.earlytab) {
    const step = earlyCoreStep(e.fn!, profile);
    if (step !== undefined) {
      coreSteps.push(`${e.fn} (early prio ${String(e.prio)}) is ${profile}'s core step \`${step}\`, not an entry.`);
      continue;
    }
    items.push({ lib: libraryOf(e.fn!), tie: `earlytab/${e.prio}`, value: { list: 'early', entry: withNote({ fn: e.fn!, prio: e.prio }, e, diagnostics, file) } });
  }
  for (const e of map.tables.ctors) {
    items.push({ lib: libraryOf(e.fn!), tie: `ctors/${e.prio}`, value: { list: 'ctors', entry: withNote({ fn: e.fn!, prio: e.prio }, e, diagnostics, file) } });
  }
  for (const e of map.tables.inittab) {
    const level = UNIKRAFT_LEVELS[e.class ?? 0] ?? String(e.class);
    const entry: PlanEntryObject = e.fn !== null ? { fn: e.fn, level, prio: e.prio } : { term: e.term!, level, prio: e.prio };
    if (e.fn !== null && e.term !== null) entry.term = e.term;
    items.push({ lib: libraryOf(e.fn ?? e.term!), tie: `inittab/${e.class}/${e.prio}`, value: { list: 'initcalls', entry: withNote(entry, e, diagnostics, file) } });
  }
  const hasMain = definesFunction(map, 'main');
  const names = new Set(items.map((i) => i.lib));
  // The link order when the ties agree on one (then one block per library, as --src writes it).
  const blocks = layOutInLinkOrder(items) ?? layOutBlocks(items, hasMain ? [...names, 'app'] : names);

  const libraries = dictionary<PlanLibraryObject>();
  const libraryComments = dictionary<string[]>();
  for (const block of blocks) {
    const lib: PlanLibraryObject = {};
    for (const { list, entry } of block.values) (lib[list] ??= []).push(entry);
    libraries[block.name] = lib;
    if (block.part > 1) libraryComments[block.name] = [`${block.lib} again: its next entries follow another library's at the same level and priority`];
  }
  if (hasMain) {
    const app = libraries.app ?? {};
    app.main = {};
    libraries.app = app;
  }
  if (items.length === 0) {
    diagnostics.push({
      code: 'IMPORT_EMPTY',
      severity: 'error',
      message: 'no `__uk_boot_earlytab*`, `__uk_ctortab*` or `__uk_inittab*` symbols found: is this `nm` of a Unikraft image (the .dbg ELF)?',
      location: { file, line: 1, column: 1 },
    });
  }
  const header = [
    `Imported by \`bootplan import unikraft --nm\` from ${file}: ${map.tables.earlytab.length > 0 ? `${map.tables.earlytab.length} early-table entries, ` : ''}${map.tables.ctors.length} constructors and ${map.tables.inittab.length} init-table entries, in address order.`,
    'Entries of one table, level and priority run in link order, a build artifact the plan cannot see;',
    'this file declares them in the image\'s order, so the default link order is the one this image had.',
    'Library names are guessed from function names (the symbols do not say which library linked a',
    'function in): rename them freely, but keep the order of entries that share a level and priority.',
  ];
  if (map.tables.earlytab.length > 0) {
    header.push('The early table (`early:`) runs from the platform entry, before the constructors, and logs nothing per entry.', ...coreSteps);
  }
  return {
    plan: { bootplan: 1, name: options.name ?? 'unikraft-image', profile, target: options.target ?? 'qemu/x86_64', libraries },
    header,
    libraryComments,
    diagnostics,
  };
}

/** Entries the linker dropped (a priority token that is not a digit, outside the table bounds)
 * keep their raw priority and say why, so the checker reports them. */
function withNote(entry: PlanEntryObject, e: UkTableEntry, diagnostics: Diagnostic[], file: string): PlanEntryObject {
  if (typeof e.prio === 'string' || e.inTable === false) {
    entry.note = `${e.symbol} lies outside the table bounds: the linker dropped it and it never runs`;
    diagnostics.push({
      code: 'IMPORT_DROPPED_ENTRY',
      severity: 'warning',
      message: `\`${e.symbol}\` is not inside its table (priority \`${String(e.prio)}\`): the image never runs it`,
      location: { file, line: e.line, column: 1 },
      subjects: [e.fn ?? e.term ?? e.symbol],
    });
  }
  return entry;
}
