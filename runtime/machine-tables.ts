/**
 * What the boot loop needs of each entry that depends on the plan alone, by slot (position in
 * `compiled.entries`), computed once per compiled plan: the boot of 100k entries then reads flat
 * arrays instead of looking tables up by name and formatting the same lines on every run.
 *
 * The numbers of one slot sit side by side in one record (`rec`, {@link REC} numbers a slot) and
 * the names the trace writes in another (`names`, {@link NAMES} a slot): at 100k entries the boot
 * is bound by memory access, and an entry whose facts share one or two cache lines costs a
 * fraction of one whose facts are spread over the entry object, its arrays and a table per fact.
 * A compiled plan is not changed after `compile` (the runtime never writes to it).
 */
import { allocationsOf } from '../compiler/heap.js';
import type { Compiled, Entry, EntryKind } from '../compiler/types.js';
import type { BootFacts, ConsoleDialect, LogLine } from '../traces/logs/line.js';
import { capIndexOf } from './capabilities.js';

/** `flags` bits: the entry's table runs term functions / an init error there stops the boot. */
export const TABLE_TERMS = 1;
export const TABLE_CAN_FAIL = 2;
/** `flags` bits: a term-only entry (no init function) / the entry has effects / a term function. */
export const NO_FN = 4;
export const HAS_EFFECTS = 8;
export const HAS_TERM = 16;
/** `flags >> KIND_SHIFT`: the entry's kind as {@link KINDS} numbers it. */
export const KIND_SHIFT = 5;
export const KINDS: readonly EntryKind[] = ['step', 'early', 'ctor', 'initcall', 'init_array', 'main'];
export const KIND_EARLY = 1;
export const KIND_CTOR = 2;
export const KIND_INITCALL = 3;
export const KIND_INIT_ARRAY = 4;
export const KIND_MAIN = 5;

/** Numbers per slot in `rec`, and where each sits. */
export const REC = 10;
export const R_PHASE = 0;
export const R_FLAGS = 1;
/** `[R_USES, R_USES_END)`: the slot's declared uses in `CapIndex.uses`. */
export const R_USES = 2;
export const R_USES_END = 3;
/** `[R_PROVIDES, R_PROVIDES_END)`: what it provides in `CapIndex.provides`. */
export const R_PROVIDES = 4;
export const R_PROVIDES_END = 5;
export const R_COST = 6;
/** Heap the entry takes itself: `alloc` minus what its `alloc` effects take (resolve sums both). */
export const R_OWN_ALLOC = 7;
export const R_RETURNS = 8;
export const R_PRIO = 9;

/** Names per slot in `names`, and where each sits. */
export const NAMES = 5;
export const N_ID = 0;
export const N_LIB = 1;
/** What the trace names the function: `entry.fn`, `0x0` for a term-only entry. */
export const N_FN = 2;
export const N_TABLE = 3;
export const N_LEVEL = 4;

export interface SlotTables {
  /** The entries array they were built from (a plan whose array is replaced gets new tables). */
  readonly entries: readonly Entry[];
  /** {@link REC} numbers per slot: slot `i`'s at `rec[i * REC + R_…]`. */
  readonly rec: Float64Array;
  /** {@link NAMES} names per slot: slot `i`'s at `names[i * NAMES + N_…]`. */
  readonly names: ReadonlyArray<string | null>;
  /** Entries per table name. */
  readonly tableSizes: ReadonlyMap<string, number>;
  /** The lines printed around each entry's call and before its term, formatted on first use, for one dialect and facts. */
  lines: EntryLines | null;
}

interface EntryLines {
  readonly dialect: ConsoleDialect;
  readonly initrdSize: number | null;
  readonly call: Array<readonly LogLine[] | undefined>;
  readonly term: Array<readonly LogLine[] | undefined>;
  /** What `dialect.returned` printed for the slot, and for which rc (NaN: not yet). */
  readonly returned: Array<readonly LogLine[] | undefined>;
  readonly returnedRc: Float64Array;
}

const tablesByPlan = new WeakMap<Compiled, SlotTables>();

/** The slot tables of `compiled`, built on first use and kept for the plan's lifetime. */
export function slotTablesOf(compiled: Compiled): SlotTables {
  const cached = tablesByPlan.get(compiled);
  if (cached && cached.entries === compiled.entries && cached.rec.length === compiled.entries.length * REC) return cached;
  const entries = compiled.entries;
  const n = entries.length;
  const { usesStart, providesStart } = capIndexOf(compiled);
  const flagsOf = new Map<string, number>();
  for (const t of compiled.profile.tables) flagsOf.set(t.name, (t.terms ? TABLE_TERMS : 0) | (t.canFail ? TABLE_CAN_FAIL : 0));
  const rec = new Float64Array(n * REC);
  const names = new Array<string | null>(n * NAMES);
  const tableSizes = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const e = entries[i]!;
    const r = i * REC;
    rec[r + R_PHASE] = e.phase;
    rec[r + R_FLAGS] = (flagsOf.get(e.table) ?? 0) | (e.fn === null ? NO_FN : 0) | (e.effects.length > 0 ? HAS_EFFECTS : 0) | (e.term ? HAS_TERM : 0) | (Math.max(0, KINDS.indexOf(e.kind)) << KIND_SHIFT);
    rec[r + R_USES] = usesStart[i]!;
    rec[r + R_USES_END] = usesStart[i + 1]!;
    rec[r + R_PROVIDES] = providesStart[i]!;
    rec[r + R_PROVIDES_END] = providesStart[i + 1]!;
    rec[r + R_COST] = e.cost;
    rec[r + R_OWN_ALLOC] = ownAllocOf(e);
    rec[r + R_RETURNS] = e.returns;
    rec[r + R_PRIO] = e.prio;
    const s = i * NAMES;
    names[s + N_ID] = e.id;
    names[s + N_LIB] = e.lib;
    names[s + N_FN] = e.fn ?? '0x0';
    names[s + N_TABLE] = e.table;
    names[s + N_LEVEL] = e.level;
    tableSizes.set(e.table, (tableSizes.get(e.table) ?? 0) + 1);
  }
  const tables: SlotTables = { entries, rec, names, tableSizes, lines: null };
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
  const n = tables.entries.length;
  return (tables.lines = { dialect, initrdSize: facts.initrdSize, call: new Array(n), term: new Array(n), returned: new Array(n), returnedRc: new Float64Array(n).fill(Number.NaN) });
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

/**
 * `dialect.returned(entry, rc, entry.cost)` for the entry at `slot`: formatted once per plan for
 * the rc it returns most (the first one seen), again for any other.
 */
export function returnedLinesOf(tables: SlotTables, dialect: ConsoleDialect, facts: BootFacts, entry: Entry, slot: number, rc: number): readonly LogLine[] {
  const lines = linesOf(tables, dialect, facts);
  if (lines.returnedRc[slot] === rc) return lines.returned[slot]!;
  const printed = dialect.returned(entry, rc, entry.cost);
  if (Number.isNaN(lines.returnedRc[slot]!)) {
    lines.returnedRc[slot] = rc;
    lines.returned[slot] = printed;
  }
  return printed;
}
