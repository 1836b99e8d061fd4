/**
 * What the boot loop needs of each entry that depends on the plan alone, by slot (position in
 * `compiled.entries`), computed once per compiled plan: the boot of 100k entries then reads flat
 * arrays instead of looking tables up by name and formatting the same lines on every run.
 * A compiled plan is not changed after `compile` (the runtime never writes to it).
 */
import { allocationsOf } from '../compiler/heap.js';
import type { Compiled, Entry } from '../compiler/types.js';
import type { BootFacts, ConsoleDialect, LogLine } from '../traces/logs/line.js';

/** `tableFlags` bits: the entry's table runs term functions / an init error there stops the boot. */
export const TABLE_TERMS = 1;
export const TABLE_CAN_FAIL = 2;

export interface SlotTables {
  /** The entries array they were built from (a plan whose array is replaced gets new tables). */
  readonly entries: readonly Entry[];
  /** What the trace names the function: `entry.fn`, `0x0` for a term-only entry. */
  readonly fn: readonly string[];
  /** Heap the entry takes itself: `alloc` minus what its `alloc` effects take (resolve sums both). */
  readonly ownAlloc: Float64Array;
  /** {@link TABLE_TERMS} | {@link TABLE_CAN_FAIL} of the entry's table (0 for a table the profile lacks). */
  readonly tableFlags: Uint8Array;
  /** Entries per table name. */
  readonly tableSizes: ReadonlyMap<string, number>;
  /** The lines printed before each entry is called and before its term, formatted on first use, for one dialect and facts. */
  lines: EntryLines | null;
}

interface EntryLines {
  readonly dialect: ConsoleDialect;
  readonly initrdSize: number | null;
  readonly call: Array<readonly LogLine[] | undefined>;
  readonly term: Array<readonly LogLine[] | undefined>;
}

const tablesByPlan = new WeakMap<Compiled, SlotTables>();

/** The slot tables of `compiled`, built on first use and kept for the plan's lifetime. */
export function slotTablesOf(compiled: Compiled): SlotTables {
  const cached = tablesByPlan.get(compiled);
  if (cached && cached.entries === compiled.entries && cached.fn.length === compiled.entries.length) return cached;
  const entries = compiled.entries;
  const n = entries.length;
  const flagsOf = new Map<string, number>();
  for (const t of compiled.profile.tables) flagsOf.set(t.name, (t.terms ? TABLE_TERMS : 0) | (t.canFail ? TABLE_CAN_FAIL : 0));
  const fn = new Array<string>(n);
  const ownAlloc = new Float64Array(n);
  const tableFlags = new Uint8Array(n);
  const tableSizes = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const e = entries[i]!;
    fn[i] = e.fn ?? '0x0';
    ownAlloc[i] = ownAllocOf(e);
    tableFlags[i] = flagsOf.get(e.table) ?? 0;
    tableSizes.set(e.table, (tableSizes.get(e.table) ?? 0) + 1);
  }
  const tables: SlotTables = { entries, fn, ownAlloc, tableFlags, tableSizes, lines: null };
  tablesByPlan.set(compiled, tables);
  return tables;
}

/** Heap the entry takes itself: `alloc` minus what its `alloc` effects take. */
export function ownAllocOf(entry: Entry): number {
  if (entry.alloc === 0) return 0;
  if (entry.effects.length === 0) return entry.alloc;
  const sizes = allocationsOf(entry);
  const effects = entry.effects.filter((e) => e.kind === 'alloc').length;
  return sizes.length > effects ? sizes[0]! : 0;
}

function linesOf(tables: SlotTables, dialect: ConsoleDialect, facts: BootFacts): EntryLines {
  const cached = tables.lines;
  if (cached !== null && cached.dialect === dialect && cached.initrdSize === facts.initrdSize) return cached;
  const n = tables.fn.length;
  return (tables.lines = { dialect, initrdSize: facts.initrdSize, call: new Array(n), term: new Array(n) });
}

/**
 * `dialect.call(entry, facts)` for the entry at `slot`, formatted once per plan: the facts are the
 * plan's and the profile's except the initrd's size, which the cache is keyed on with the dialect.
 */
export function callLinesOf(tables: SlotTables, dialect: ConsoleDialect, facts: BootFacts, entry: Entry, slot: number): readonly LogLine[] {
  return (linesOf(tables, dialect, facts).call[slot] ??= dialect.call(entry, facts));
}

/** `dialect.term(entry)` for the entry at `slot`, formatted once per plan. */
export function termLinesOf(tables: SlotTables, dialect: ConsoleDialect, facts: BootFacts, entry: Entry, slot: number): readonly LogLine[] {
  return (linesOf(tables, dialect, facts).term[slot] ??= dialect.term(entry));
}
