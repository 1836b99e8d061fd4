/**
 * Maps trace events to plan entries: by id (our JSON Lines traces), else by function name, then
 * by (name, symbol size) when several entries share a name, then by plan order. Real Linux
 * kernels have duplicate names (`xenbus_init` twice, with sizes 0x350 and 0x3a), so the size the
 * log prints (`fn+0x0/0xSIZE`) is compared with the size the importer wrote into the entry's
 * note. Sizes can differ between System.map and the trace for a few functions: then the name
 * alone decides.
 */
import type { Compiled, Entry, EntryKind } from '../../compiler/types.js';
import type { TraceEvent } from '../events.js';

/** The entry kind a traced table stands for; undefined means any (Linux logs name no table). */
const KIND_OF_TABLE: Readonly<Record<string, EntryKind>> = {
  ctors: 'ctor', inittab: 'initcall', initcalls: 'initcall', init_array: 'init_array', main: 'main',
};

const SIZE_IN_NOTE = /\+0x0\/0x([0-9a-fA-F]{1,16})\b/;

export interface EntryIndex {
  byId: Map<string, Entry>;
  byFn: Map<string, Entry[]>;
  byTerm: Map<string, Entry[]>;
  /** Position of every node id in the default linearization. */
  rank: Map<string, number>;
  /** Symbol size from the entry's note, when the importer recorded one. */
  size: Map<Entry, number>;
  mains: Entry[];
  dropped: Map<string, { id: string; reason: string }>;
}

export function indexEntries(compiled: Compiled): EntryIndex {
  const rank = new Map<string, number>();
  compiled.order.forEach((id, i) => rank.set(id, i));
  const byId = new Map<string, Entry>();
  const byFn = new Map<string, Entry[]>();
  const byTerm = new Map<string, Entry[]>();
  const size = new Map<Entry, number>();
  const mains: Entry[] = [];
  const ordered = [...compiled.entries].sort((a, b) => (rank.get(a.id) ?? a.index) - (rank.get(b.id) ?? b.index) || a.index - b.index);
  for (const e of ordered) {
    byId.set(e.id, e);
    if (e.kind === 'main') mains.push(e);
    if (e.fn !== null) push(byFn, e.fn, e);
    if (e.term) push(byTerm, e.term.fn, e);
    const m = e.note ? SIZE_IN_NOTE.exec(e.note) : null;
    if (m) size.set(e, parseInt(m[1]!, 16));
  }
  const dropped = new Map<string, { id: string; reason: string }>();
  for (const d of compiled.dropped ?? []) {
    const fn = d.id.slice(d.id.indexOf('.') + 1).replace(/#\d+$/, '');
    dropped.set(fn, { id: d.id, reason: d.reason });
  }
  return { byId, byFn, byTerm, rank, size, mains, dropped };
}

/** The entry a `call` (or orphan `return`) event stands for, skipping entries already used. */
export function entryForCall(index: EntryIndex, ev: TraceEvent, used: { has(entry: Entry): boolean }): { entry: Entry | null; again: Entry | null } {
  if (ev.id !== undefined) {
    const e = index.byId.get(ev.id);
    if (e) return used.has(e) ? { entry: null, again: e } : { entry: e, again: null };
  }
  const kind = ev.table !== undefined ? KIND_OF_TABLE[ev.table] : undefined;
  let candidates: Entry[];
  if (kind === 'main') candidates = index.mains;
  else candidates = (ev.fn !== undefined ? index.byFn.get(ev.fn) : undefined) ?? [];
  if (kind !== undefined) candidates = candidates.filter((e) => e.kind === kind);
  const free = candidates.filter((e) => !used.has(e));
  if (free.length === 0) return { entry: null, again: candidates[0] ?? null };
  if (free.length > 1 && ev.symSize !== undefined) {
    const sized = free.find((e) => index.size.get(e) === ev.symSize);
    if (sized) return { entry: sized, again: null };
  }
  return { entry: free[0]!, again: null };
}

/** The entry whose term function a `term` event ran. */
export function entryForTerm(index: EntryIndex, ev: TraceEvent, used: { has(entry: Entry): boolean }): Entry | null {
  if (ev.id !== undefined) {
    const e = index.byId.get(ev.id);
    if (e && e.term && !used.has(e)) return e;
  }
  if (ev.fn === undefined) return null;
  return (index.byTerm.get(ev.fn) ?? []).find((e) => !used.has(e)) ?? null;
}

/** Whether a printed function is still an address (no symbol map named it). */
export function isUnnamed(fn: string | undefined): boolean {
  return fn !== undefined && /^0x[0-9a-fA-F]+$/.test(fn);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
