/**
 * `bootplan import linux --system-map F`: a Linux `System.map` becomes a plan skeleton with one
 * initcall per `__initcall__kmod_<mod>__<n>_<line>_<fn><id>` symbol, in address order (the order
 * the kernel runs them inside each level). Facts: shared/reference/real-logs.md.
 */
import type { Diagnostic } from '../compiler/types.js';
import { layOutBlocks, type BlockItem } from './blocks.js';
import { isForbiddenKey } from '../compiler/load.js';
import { parseNm, type NmSymbol, type SymbolMap } from '../compiler/nm.js';
import { dictionary, isIndexLikeKey, type ImportedPlan, type PlanEntryObject, type PlanLibraryObject } from './plan-object.js';

/** Level names of the linux@6.1 profile by the symbol's `<id>` suffix. */
export const LINUX_LEVELS: Readonly<Record<string, string>> = {
  con: 'console', early: 'early',
  '0': 'pure', '0s': 'pure_sync', '1': 'core', '1s': 'core_sync', '2': 'postcore', '2s': 'postcore_sync',
  '3': 'arch', '3s': 'arch_sync', '4': 'subsys', '4s': 'subsys_sync', '5': 'fs', '5s': 'fs_sync',
  rootfs: 'rootfs', '6': 'device', '6s': 'device_sync', '7': 'late', '7s': 'late_sync',
};

/** One initcall table entry decoded from System.map. */
export interface LinuxInitcall {
  symbol: string;
  address: bigint;
  /** `<mod>` without `kmod_`; null for the pre-5.x `__initcall_<fn><id>` form. */
  module: string | null;
  /** Source line of the registering macro (the `<line>` field). */
  sourceLine: number | null;
  fn: string;
  id: string;
  level: string;
  /** What `initcall_debug` prints after `fn+0x0/0x`: the next text symbol's address minus the
   * function's; null when the function is not in the map. */
  size: number | null;
  mapLine: number;
}

export interface LinuxImportOptions {
  /** Plan name; default `linux`. */
  name?: string;
  /** Shown in the header comment and diagnostics. */
  file?: string;
  profile?: string;
  /**
   * What other sources (`--log`, `--src`) add to an initcall's entry: fields (`cost`, `uses`,
   * `provides`, ...) and notes, appended after the map's own note.
   */
  decorate?: (initcall: LinuxInitcall) => EntryAdditions | undefined;
  /** Header lines after the map's own (what the other sources read, with counts). */
  header?: string[];
}

/** Fields and notes another source adds to an entry. */
export interface EntryAdditions {
  fields?: Omit<PlanEntryObject, 'fn' | 'level' | 'prio' | 'note'>;
  notes?: string[];
}

const KMOD_RE = /^__initcall__kmod_(.+?)__(\d+)_(\d+)_(.+)$/;
const OLD_RE = /^__initcall_(.+)$/;
const TEXT = new Set(['T', 't', 'W', 'w']);

/** Decodes the initcall table of a System.map, in address order. */
export function readLinuxInitcalls(map: SymbolMap): { initcalls: LinuxInitcall[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const initcalls: LinuxInitcall[] = [];
  const sizes = textSizes(map);
  // Names shared by several functions (static functions in different files): the k-th entry
  // naming one takes the k-th function of that name by address, which is how the linker lays out
  // both the table and .init.text (object order). Verify falls back to order for these anyway.
  const nthUse = new Map<string, number>();
  for (const s of map.symbols) {
    if (!s.name.startsWith('__initcall_')) continue;
    const decoded = decode(map, s);
    if (!decoded) {
      if (KMOD_RE.test(s.name)) {
        diagnostics.push({
          code: 'IMPORT_UNREADABLE_SYMBOL',
          severity: 'warning',
          message: `\`${s.name}\` looks like an initcall but its level suffix is not one of early, 0..7, 0s..7s, rootfs, con; it is left out`,
          location: { file: map.file, line: s.line, column: 1 },
        });
      }
      continue;
    }
    const k = nthUse.get(decoded.fn) ?? 0;
    nthUse.set(decoded.fn, k + 1);
    const functions = (map.byName.get(decoded.fn) ?? []).filter((f) => TEXT.has(f.type));
    const target = functions[Math.min(k, functions.length - 1)];
    initcalls.push({ ...decoded, size: target ? sizes.get(target) ?? null : null });
  }
  return { initcalls, diagnostics };
}

/** Builds the plan. Pure; `text` is the whole System.map. */
export function importLinuxSystemMap(text: string, options: LinuxImportOptions = {}): ImportedPlan {
  const file = options.file ?? 'System.map';
  const map = parseNm(text, { file });
  return importLinuxInitcalls(map, readLinuxInitcalls(map), options);
}

/** Builds the plan from initcalls already read (so other sources can be matched to them first). */
export function importLinuxInitcalls(
  map: SymbolMap,
  read: { initcalls: LinuxInitcall[]; diagnostics: Diagnostic[] },
  options: LinuxImportOptions = {},
): ImportedPlan {
  const file = options.file ?? 'System.map';
  const initcalls = read.initcalls;
  const diagnostics = [...read.diagnostics];
  const toEntry = (c: LinuxInitcall): PlanEntryObject => entryOf(c, options.decorate?.(c));
  const realNames = new Set(initcalls.map((c) => libraryName(c)));
  const items: BlockItem<LinuxInitcall>[] = initcalls.map((c) => ({ lib: libraryName(c), tie: c.level, value: c }));
  const blocks = layOutBlocks(items, realNames);

  const libraries = dictionary<PlanLibraryObject>();
  const libraryComments = dictionary<string[]>();
  for (const block of blocks) {
    libraries[block.name] = { initcalls: block.values.map(toEntry) };
    if (block.part > 1) {
      libraryComments[block.name] = [`module ${block.lib} again (block ${block.part}): its next entries follow another module's in link order`];
    } else if (block.lib.startsWith('kmod_')) {
      const mod = block.lib.slice(5);
      libraryComments[block.name] = [`module ${mod}: named kmod_… because ${isForbiddenKey(mod) ? 'a plan may not use the key' : 'a purely numeric key would be reordered'}`];
    }
  }
  if (initcalls.length === 0) {
    diagnostics.push({
      code: 'IMPORT_EMPTY',
      severity: 'error',
      message: 'no `__initcall__kmod_*` symbols found: is this a System.map of a 5.x or later kernel?',
      location: { file, line: 1, column: 1 },
    });
  }
  const splits = blocks.filter((b) => b.part > 1).length;
  const unsized = initcalls.filter((c) => c.size === null).length;
  const header = [
    `Imported by \`bootplan import linux\` from ${file}: ${initcalls.length} initcalls in address order.`,
    'Inside one level Linux runs initcalls in link order, and this file declares them in that order',
    '(libraries top to bottom, then each list): the plan\'s declaration order is the link order.',
    'Address order interleaves modules, so a module whose entries are interrupted by another',
    `module's inside one level continues in a new block \`<module>-2\`, \`-3\`, … (${splits} such block(s) here).`,
    'Each note gives the source line of the registering macro and `fn+0x0/0xSIZE` as initcall_debug',
    'prints it (SIZE = next text symbol minus the function), used by `bootplan verify` to tell',
    `apart functions that share a name${unsized > 0 ? `; ${unsized} function(s) are not in the map and have no size` : ''}.`,
    ...(options.header ?? []),
  ];
  return {
    plan: { bootplan: 1, name: options.name ?? 'linux', profile: options.profile ?? 'linux@6.1', libraries },
    header,
    libraryComments,
    diagnostics: [...map.diagnostics, ...diagnostics],
  };
}

function libraryName(c: LinuxInitcall): string {
  const mod = c.module ?? 'vmlinux';
  return isIndexLikeKey(mod) || isForbiddenKey(mod) ? `kmod_${mod}` : mod;
}

function entryOf(c: LinuxInitcall, added: EntryAdditions | undefined): PlanEntryObject {
  const parts: string[] = [];
  if (c.sourceLine !== null) parts.push(`line ${c.sourceLine}`);
  if (c.size !== null) parts.push(`${c.fn}+0x0/0x${c.size.toString(16)}`);
  const entry: PlanEntryObject = { fn: c.fn, level: c.level, ...(added?.fields ?? {}) };
  parts.push(...(added?.notes ?? []));
  if (parts.length > 0) entry.note = parts.join('; ');
  return entry;
}

function decode(map: SymbolMap, s: NmSymbol): Omit<LinuxInitcall, 'size'> | null {
  let module: string | null = null;
  let sourceLine: number | null = null;
  let rest: string;
  const k = KMOD_RE.exec(s.name);
  if (k) {
    module = k[1]!;
    sourceLine = Number(k[3]);
    rest = k[4]!;
  } else {
    const o = OLD_RE.exec(s.name);
    // Boundary symbols (`__initcall_start`, `__initcall_end`) share the prefix; an old-style
    // entry is only accepted when its function exists.
    if (!o || s.name.startsWith('__initcall__')) return null;
    rest = o[1]!;
  }
  const split = splitLevel(map, rest, module !== null);
  if (!split) return null;
  return { symbol: s.name, address: s.address, module, sourceLine, fn: split[0], id: split[1], level: LINUX_LEVELS[split[1]]!, mapLine: s.line };
}

/** `<fn><id>`: the id is a suffix; prefer the reading whose function the map defines. */
function splitLevel(map: SymbolMap, rest: string, trusted: boolean): [string, string] | null {
  // Longest ids first so `…6s` is not read as a function ending in 6 at level `s`.
  const ids = ['rootfs', 'early', 'con', ...[0, 1, 2, 3, 4, 5, 6, 7].flatMap((n) => [`${n}s`, `${n}`])];
  let fallback: [string, string] | null = null;
  for (const id of ids) {
    if (!rest.endsWith(id) || rest.length === id.length) continue;
    const fn = rest.slice(0, -id.length);
    if (map.byName.get(fn)?.some((f) => TEXT.has(f.type))) return [fn, id];
    fallback ??= [fn, id];
  }
  return trusted ? fallback : null;
}

/** Size of every text symbol: the next text symbol's address (at a higher address) minus its own. */
function textSizes(map: SymbolMap): Map<NmSymbol, number> {
  const sizes = new Map<NmSymbol, number>();
  const text = map.symbols.filter((s) => TEXT.has(s.type));
  for (let i = 0; i < text.length; ) {
    let j = i + 1;
    while (j < text.length && text[j]!.address === text[i]!.address) j++; // aliases share a size
    if (j < text.length) {
      const size = Number(text[j]!.address - text[i]!.address);
      for (let k = i; k < j; k++) sizes.set(text[k]!, size);
    }
    i = j;
  }
  return sizes;
}
