/**
 * `nm -n` output of a Unikraft image as a symbol map: address → names, name → addresses, and the
 * registration tables the image links in (`__uk_ctortab<prio>_<fn>`,
 * `__uk_inittab<class><prio>_<init>_<term>`, `__uk_boot_earlytab<prio>_<fn>`), in address order.
 * Lives on the compiler side because `import unikraft --nm` needs it; the log parser re-exports it.
 */
import type { Diagnostic } from './types.js';

export interface NmSymbol {
  address: bigint;
  /** nm's type letter: `T`/`t` text, `R`/`r` read-only data, `W` weak, … */
  type: string;
  name: string;
  /** 1-based line in the nm output. */
  line: number;
}

/** One entry of a registration table, decoded from its symbol name. */
export interface UkTableEntry {
  table: 'ctors' | 'inittab' | 'earlytab';
  symbol: string;
  address: bigint;
  line: number;
  /** Init-table class 1..6 (`early` … `late`); null for ctors and the early table. */
  class: number | null;
  /** The priority digit, or the raw token when it is not one (a token the linker drops). */
  prio: number | string;
  /** The function called at boot; null for a term-only entry (written `0x0` or `0`). */
  fn: string | null;
  /** The init table's term function, null when absent. */
  term: string | null;
  /** Whether the entry lies between the table's start and end symbols (null: bounds unknown).
   * An entry outside them is in an orphan section and never runs. */
  inTable: boolean | null;
}

export interface SymbolMap {
  /** Defined symbols in address order. */
  symbols: NmSymbol[];
  byAddress: Map<bigint, NmSymbol[]>;
  byName: Map<string, NmSymbol[]>;
  /** Registration-table entries, each table in address order. */
  tables: { ctors: UkTableEntry[]; inittab: UkTableEntry[]; earlytab: UkTableEntry[] };
  diagnostics: Diagnostic[];
  /** The file the map was read from, for diagnostics. */
  file: string;
}

const LINE_RE = /^([0-9a-fA-F]{1,16})\s+(?:[0-9a-fA-F]{1,16}\s+)?([A-Za-z?-])\s+(\S+)/;
const TEXT_TYPES = new Set(['T', 't', 'W', 'w', 'i']);
const NULL_FN = new Set(['0x0', '0', 'NULL']);
const TABLE_BOUNDS = {
  ctors: ['uk_ctortab_start', 'uk_ctortab_end'],
  inittab: ['uk_inittab_start', 'uk_inittab_end'],
  earlytab: ['uk_boot_earlytab_start', 'uk_boot_earlytab_end'],
} as const;

/** Parses `nm` output (any of `nm`, `nm -n`, `nm -nS`). Never throws; odd lines become notes. */
export function parseNm(text: string, options: { file?: string } = {}): SymbolMap {
  const file = options.file ?? 'nm';
  const symbols: NmSymbol[] = [];
  const diagnostics: Diagnostic[] = [];
  let skipped = 0;
  let firstSkipped = 0;
  const lines = String(text ?? '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '') continue;
    const m = LINE_RE.exec(raw);
    if (!m) {
      // `U name` (undefined, no address) is normal in nm output; anything else is worth a count.
      if (!/^[Uvw]\s+\S+$/.test(raw)) {
        if (skipped++ === 0) firstSkipped = i + 1;
      }
      continue;
    }
    symbols.push({ address: BigInt(`0x${m[1]}`), type: m[2]!, name: m[3]!, line: i + 1 });
  }
  if (skipped > 0) {
    diagnostics.push({
      code: 'NM_UNREADABLE_LINES',
      severity: 'note',
      message: `${skipped} line(s) of the nm output are not \`ADDRESS TYPE NAME\` and were skipped (first: line ${firstSkipped})`,
      location: { file, line: firstSkipped, column: 1 },
    });
  }
  // nm -n is sorted already; a plain nm listing is sorted here (stable, by address).
  symbols.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : a.line - b.line));

  const byAddress = new Map<bigint, NmSymbol[]>();
  const byName = new Map<string, NmSymbol[]>();
  for (const s of symbols) {
    push(byAddress, s.address, s);
    push(byName, s.name, s);
  }
  const map: SymbolMap = { symbols, byAddress, byName, tables: { ctors: [], inittab: [], earlytab: [] }, diagnostics, file };
  for (const s of symbols) {
    const entry = decodeTableSymbol(map, s);
    if (entry) map.tables[entry.table].push(entry);
  }
  for (const table of ['ctors', 'inittab', 'earlytab'] as const) {
    const [startName, endName] = TABLE_BOUNDS[table];
    const start = byName.get(startName)?.[0]?.address;
    const end = byName.get(endName)?.[0]?.address;
    if (start === undefined || end === undefined) continue;
    for (const e of map.tables[table]) e.inTable = e.address >= start && e.address < end;
  }
  return map;
}

/** The function at an address: a text symbol if there is one, else any symbol there. */
export function functionAt(map: SymbolMap, address: bigint): string | undefined {
  const here = map.byAddress.get(address);
  if (!here) return undefined;
  return (here.find((s) => TEXT_TYPES.has(s.type)) ?? here[0])!.name;
}

/** Whether the map defines `name` as a function (a text or weak symbol). */
export function definesFunction(map: SymbolMap, name: string): boolean {
  return map.byName.get(name)?.some((s) => TEXT_TYPES.has(s.type)) ?? false;
}

/** Parses `0x1392b0` / `1392b0` as an address; null for anything else. */
export function parseAddress(text: string): bigint | null {
  const m = /^(?:0x)?([0-9a-fA-F]{1,16})$/.exec(text.trim());
  return m ? BigInt(`0x${m[1]}`) : null;
}

function decodeTableSymbol(map: SymbolMap, s: NmSymbol): UkTableEntry | null {
  const base = { symbol: s.name, address: s.address, line: s.line, inTable: null };
  let m = /^__uk_ctortab(\d)_(.+)$/.exec(s.name);
  if (m) return { ...base, table: 'ctors', class: null, prio: Number(m[1]), fn: m[2]!, term: null };
  m = /^__uk_boot_earlytab(\d)_(.+)$/.exec(s.name);
  if (m) return { ...base, table: 'earlytab', class: null, prio: Number(m[1]), fn: m[2]!, term: null };
  m = /^__uk_inittab([1-9])(\d)_(.+)$/.exec(s.name);
  if (m) {
    const pair = splitInitTerm(map, m[3]!);
    if (!pair) {
      map.diagnostics.push(unsplittable(map, s));
      return null;
    }
    return { ...base, table: 'inittab', class: Number(m[1]), prio: Number(m[2]), fn: pair[0], term: pair[1] };
  }
  // A priority token that is not one digit (`UK_FS_PRIO_FSAVAIL`) still names a symbol; its
  // section misses the linker's pattern and the entry never runs. Kept so the checker says so.
  m = /^__uk_inittab([1-9])([A-Za-z_][A-Za-z0-9_]*)$/.exec(s.name);
  if (m) {
    const decoded = splitTokenInitTerm(map, m[2]!);
    if (decoded) {
      return { ...base, table: 'inittab', class: Number(m[1]), prio: decoded[0], fn: decoded[1], term: decoded[2] };
    }
    map.diagnostics.push(unsplittable(map, s));
    return null;
  }
  if (/^__uk_ctortab[A-Za-z_]/.test(s.name)) {
    // `__uk_ctortab<TOKEN>_<fn>`: the function is the longest suffix the map defines.
    const rest = s.name.slice('__uk_ctortab'.length);
    for (let i = rest.indexOf('_'); i >= 0; i = rest.indexOf('_', i + 1)) {
      const fn = rest.slice(i + 1);
      if (definesFunction(map, fn)) return { ...base, table: 'ctors', class: null, prio: rest.slice(0, i), fn, term: null };
    }
  }
  return null;
}

function isFunctionOrNull(map: SymbolMap, name: string): boolean {
  return NULL_FN.has(name) || definesFunction(map, name);
}

/**
 * `<init>_<term>`: both names may contain underscores, so the split is the one where both halves
 * are functions the map defines (or a null pointer). When no split qualifies (a stripped image),
 * a trailing `_0x0`/`_0` or a leading `0x0_`/`0_` still decides it.
 */
function splitInitTerm(map: SymbolMap, rest: string): [string | null, string | null] | null {
  const candidates: [string, string][] = [];
  for (let i = rest.indexOf('_'); i >= 0; i = rest.indexOf('_', i + 1)) {
    const init = rest.slice(0, i);
    const term = rest.slice(i + 1);
    if (init !== '' && term !== '' && isFunctionOrNull(map, init) && isFunctionOrNull(map, term)) candidates.push([init, term]);
  }
  let pick = candidates[0];
  if (!pick) {
    const tail = /^(.+)_(0x0|0)$/.exec(rest);
    const head = /^(0x0|0)_(.+)$/.exec(rest);
    if (tail) pick = [tail[1]!, tail[2]!];
    else if (head) pick = [head[1]!, head[2]!];
    else return null;
  }
  return [NULL_FN.has(pick[0]) ? null : pick[0], NULL_FN.has(pick[1]) ? null : pick[1]];
}

function splitTokenInitTerm(map: SymbolMap, rest: string): [string, string | null, string | null] | null {
  for (let i = rest.indexOf('_'); i >= 0; i = rest.indexOf('_', i + 1)) {
    const pair = splitInitTerm(map, rest.slice(i + 1));
    if (pair && (pair[0] === null || definesFunction(map, pair[0])) && (pair[1] === null || definesFunction(map, pair[1]))) {
      return [rest.slice(0, i), pair[0], pair[1]];
    }
  }
  return null;
}

function unsplittable(map: SymbolMap, s: NmSymbol): Diagnostic {
  return {
    code: 'NM_UNSPLITTABLE_ENTRY',
    severity: 'warning',
    message: `table entry \`${s.name}\` cannot be split into an init and a term function the symbol map defines; it is left out`,
    location: { file: map.file, line: s.line, column: 1 },
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
