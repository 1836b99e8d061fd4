/**
 * What the boot loop needs of each entry that depends on the plan alone, computed once per
 * compiled plan: the boot of 100k entries then reads flat arrays instead of looking tables up by
 * name and formatting the same lines on every run.
 *
 * At 100k entries the boot is bound by memory access, so the facts are laid out for it: an
 * entry's numbers sit side by side in one record (`rec`, {@link REC} numbers an entry) and its
 * names and console lines in another (`text`, {@link TEXT} values an entry), and the records are
 * in the declared run order (record `q` is the q-th entry the declared order runs; `recordOf`
 * maps a slot, the position in `compiled.entries`, to its record). A boot in the declared order
 * reads them front to back; another link order only moves entries among equal keys, so it reads
 * them nearly so. An entry whose facts share two cache lines read in order costs a fraction of
 * one whose facts are spread over the entry object, its arrays and a table per fact.
 * A compiled plan is not changed after `compile` (the runtime never writes to it).
 */
import { allocationsOf } from '../compiler/heap.js';
import type { Compiled, Entry, EntryKind } from '../compiler/types.js';
import type { BootFacts, ConsoleDialect, LogLine } from '../traces/logs/line.js';
import { capIndexOf } from './capabilities.js';
import { orderPositions } from './order.js';

/** `flags` bits: the entry's table runs term functions / an init error there stops the boot. */
export const TABLE_TERMS = 1;
export const TABLE_CAN_FAIL = 2;
/** `flags` bits: a term-only entry (no init function) / the entry has effects / a term function. */
export const NO_FN = 4;
export const HAS_EFFECTS = 8;
export const HAS_TERM = 16;
/** `(flags >> KIND_SHIFT) & KIND_MASK`: the entry's kind as {@link KINDS} numbers it. */
export const KIND_SHIFT = 5;
export const KIND_MASK = 7;
export const KINDS: readonly EntryKind[] = ['step', 'early', 'ctor', 'initcall', 'init_array', 'main'];
export const KIND_EARLY = 1;
export const KIND_CTOR = 2;
export const KIND_INITCALL = 3;
export const KIND_INIT_ARRAY = 4;
export const KIND_MAIN = 5;
/** `flags >> PHASE_SHIFT` (or `flags / PHASE_UNIT`, floored): the entry's phase. */
export const PHASE_SHIFT = 8;
export const PHASE_UNIT = 1 << PHASE_SHIFT;

/**
 * Numbers per record in `rec`, and where each sits. Only what the boot computes with: a value
 * the trace writes stays in `text`, a JS array, where a whole number is a small integer (read
 * out of a Float64Array and written into an event, it would be a heap number of its own).
 */
export const REC = 5;
/** The flag bits above, and the phase from {@link PHASE_SHIFT} up. */
export const R_FLAGS = 0;
/** In `caps`: the entry's declared uses at `[R_CAPS, R_CAPS_MID)`, what it provides (in `entry.provides` order) at `[R_CAPS_MID, R_CAPS_END)`. */
export const R_CAPS = 1;
export const R_CAPS_MID = 2;
export const R_CAPS_END = 3;
export const R_COST = 4;

/** Values per record in `text`, and where each sits. */
export const TEXT = 11;
export const T_ID = 0;
export const T_LIB = 1;
/** What the trace names the function: `entry.fn`, `0x0` for a term-only entry. */
export const T_FN = 2;
export const T_TABLE = 3;
export const T_LEVEL = 4;
export const T_PRIO = 5;
export const T_RETURNS = 6;
/** Heap the entry takes itself: `alloc` minus what its `alloc` effects take (resolve sums both). */
export const T_OWN_ALLOC = 7;
/** The lines printed before the call (formatted on first use; see {@link callLinesOf}). */
export const T_CALL = 8;
/** The lines printed after it returned, and the rc they are for (see {@link returnedLinesOf}). */
export const T_RETURNED = 9;
export const T_RETURNED_RC = 10;

export interface SlotTables {
  /** The entries array they were built from (a plan whose array is replaced gets new tables). */
  readonly entries: readonly Entry[];
  /** The record of each slot (position in `entries`), and the slot of each record. */
  readonly recordOf: Int32Array;
  readonly slotAt: Int32Array;
  /** {@link REC} numbers per record: record `q`'s at `rec[q * REC + R_…]`. */
  readonly rec: Float64Array;
  /** Capability ids of the plan's {@link CapIndex}, each record's uses then provides (see {@link R_CAPS}). */
  readonly caps: Int32Array;
  /**
   * {@link TEXT} values per record: record `q`'s at `text[q * TEXT + T_…]`, the names the trace writes
   * and the console lines around its call, formatted on first use for one dialect and facts.
   */
  readonly text: unknown[];
  /** Entries per table name. */
  readonly tableSizes: ReadonlyMap<string, number>;
  /** What the lines in `text` and `termLines` were formatted for (null: none yet). */
  linesFor: { readonly dialect: ConsoleDialect; readonly initrdSize: number | null } | null;
  /** The lines printed before each term, by record, formatted on first use. */
  termLines: Array<readonly LogLine[] | undefined>;
}

const tablesByPlan = new WeakMap<Compiled, SlotTables>();

/** The slot tables of `compiled`, built on first use and kept for the plan's lifetime. */
export function slotTablesOf(compiled: Compiled): SlotTables {
  const cached = tablesByPlan.get(compiled);
  if (cached && cached.entries === compiled.entries && cached.rec.length === compiled.entries.length * REC) return cached;
  const entries = compiled.entries;
  const n = entries.length;
  const { usesStart, uses, providesStart, provides } = capIndexOf(compiled);
  const flagsOf = new Map<string, number>();
  for (const t of compiled.profile.tables) flagsOf.set(t.name, (t.terms ? TABLE_TERMS : 0) | (t.canFail ? TABLE_CAN_FAIL : 0));
  const rec = new Float64Array(n * REC);
  const caps = new Int32Array(uses.length + provides.length);
  const text = new Array<unknown>(n * TEXT);
  const tableSizes = new Map<string, number>();
  const recordOf = new Int32Array(n);
  const slotAt = new Int32Array(n);
  const stepCount = compiled.steps.length;
  let records = 0;
  for (const node of orderPositions(compiled)) {
    if (node < stepCount) continue;
    recordOf[node - stepCount] = records;
    slotAt[records++] = node - stepCount;
  }
  // Where each record's capability ids start, in record order.
  const capsAt = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) capsAt[recordOf[i]! + 1] = usesStart[i + 1]! - usesStart[i]! + providesStart[i + 1]! - providesStart[i]!;
  for (let q = 0; q < n; q++) capsAt[q + 1] += capsAt[q]!;
  // The entries are read in slot order, as they lie in memory (in run order every one would be a
  // cache miss: 100 ms for 100k entries), and written to their records.
  for (let i = 0; i < n; i++) {
    const e = entries[i]!;
    const q = recordOf[i]!;
    const r = q * REC;
    rec[r + R_FLAGS] = (flagsOf.get(e.table) ?? 0) | (e.fn === null ? NO_FN : 0) | (e.effects.length > 0 ? HAS_EFFECTS : 0) | (e.term ? HAS_TERM : 0) | (Math.max(0, KINDS.indexOf(e.kind)) << KIND_SHIFT) | (e.phase << PHASE_SHIFT);
    let c = capsAt[q]!;
    rec[r + R_CAPS] = c;
    for (let j = usesStart[i]!; j < usesStart[i + 1]!; j++) caps[c++] = uses[j]!;
    rec[r + R_CAPS_MID] = c;
    for (let j = providesStart[i]!; j < providesStart[i + 1]!; j++) caps[c++] = provides[j]!;
    rec[r + R_CAPS_END] = c;
    rec[r + R_COST] = e.cost;
    const s = q * TEXT;
    text[s + T_ID] = e.id;
    text[s + T_LIB] = e.lib;
    text[s + T_FN] = e.fn ?? '0x0';
    text[s + T_TABLE] = e.table;
    text[s + T_LEVEL] = e.level;
    text[s + T_PRIO] = e.prio;
    text[s + T_RETURNS] = e.returns;
    text[s + T_OWN_ALLOC] = ownAllocOf(e);
    text[s + T_CALL] = undefined;
    text[s + T_RETURNED] = undefined;
    text[s + T_RETURNED_RC] = Number.NaN;
    tableSizes.set(e.table, (tableSizes.get(e.table) ?? 0) + 1);
  }
  const tables: SlotTables = { entries, recordOf, slotAt, rec, caps, text, tableSizes, linesFor: null, termLines: [] };
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

/** Forgets the lines formatted for another dialect or initrd size (the facts are otherwise the plan's and the profile's). */
function linesFor(tables: SlotTables, dialect: ConsoleDialect, facts: BootFacts): void {
  const was = tables.linesFor;
  if (was !== null && was.dialect === dialect && was.initrdSize === facts.initrdSize) return;
  if (was !== null) {
    const text = tables.text;
    for (let s = 0; s < text.length; s += TEXT) {
      text[s + T_CALL] = undefined;
      text[s + T_RETURNED] = undefined;
      text[s + T_RETURNED_RC] = Number.NaN;
    }
  }
  tables.termLines = new Array(tables.entries.length);
  tables.linesFor = { dialect, initrdSize: facts.initrdSize };
}

/**
 * `dialect.call(entry, facts)` for the entry of record `q`, formatted once per plan: the facts are the
 * plan's and the profile's except the initrd's size, which the lines are kept for with the dialect.
 */
export function callLinesOf(tables: SlotTables, dialect: ConsoleDialect, facts: BootFacts, q: number): readonly LogLine[] {
  linesFor(tables, dialect, facts);
  const s = q * TEXT + T_CALL;
  return (tables.text[s] ??= dialect.call(tables.entries[tables.slotAt[q]!]!, facts)) as readonly LogLine[];
}

/** `dialect.term(entry)` for the entry of record `q`, formatted once per plan. */
export function termLinesOf(tables: SlotTables, dialect: ConsoleDialect, facts: BootFacts, q: number): readonly LogLine[] {
  linesFor(tables, dialect, facts);
  return (tables.termLines[q] ??= dialect.term(tables.entries[tables.slotAt[q]!]!));
}

/**
 * `dialect.returned(entry, rc, entry.cost)` for the entry of record `q`: formatted once per plan for
 * the first rc it is asked for (the one the entry returns in every run but a `--fail`), again for any other.
 */
export function returnedLinesOf(tables: SlotTables, dialect: ConsoleDialect, facts: BootFacts, q: number, rc: number): readonly LogLine[] {
  linesFor(tables, dialect, facts);
  const s = q * TEXT;
  const text = tables.text;
  if (text[s + T_RETURNED_RC] === rc) return text[s + T_RETURNED] as readonly LogLine[];
  const entry = tables.entries[tables.slotAt[q]!]!;
  const printed = dialect.returned(entry, rc, entry.cost);
  if (Number.isNaN(text[s + T_RETURNED_RC])) {
    text[s + T_RETURNED_RC] = rc;
    text[s + T_RETURNED] = printed;
  }
  return printed;
}
