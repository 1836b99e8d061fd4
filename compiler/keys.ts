/** Sort keys and the shapes the resolve stages share. */
import type { Diagnostic, Entry, ProfileTable, SourceRef } from './types.js';

/**
 * Phase, level, priority and sub-priority packed into one sortable number (below 2^53):
 * phase × 2^36 + level × 2^26 + priority × 2^16 + sub-priority. The sub-priority is 0, or a
 * Zephyr devicetree ordinal + 1 (devicetree devices of one level and priority run in ordinal order).
 */
export const PHASE_SHIFT = 2 ** 36;
export const LEVEL_SHIFT = 2 ** 26;
export const PRIO_SHIFT = 2 ** 16;
export const MAX_ORDINAL = PRIO_SHIFT - 2;

/** An entry the real build would drop (a priority the linker cannot place): it never runs. */
export interface DroppedEntry {
  id: string;
  reason: string;
  provides: string[];
  source: SourceRef;
}

/** A raw entry before priorities are resolved. */
export interface Pending {
  entry: Entry;
  rawPrio: unknown;
  /** Null for `main`, which sits in no table. */
  table: ProfileTable | null;
  /**
   * Where priority resolution is with this entry (kept here rather than in a map: 100k entries).
   * Present from the start: added later, it would give each record a property store of its own.
   */
  state: 'busy' | 'done' | 'bad' | undefined;
}

/** An error diagnostic at a YAML node. */
export function err(code: string, message: string, source: SourceRef, hint?: string): Diagnostic {
  return { code, severity: 'error', message, source, ...(hint ? { hint } : {}) };
}

/**
 * Positions 0..n-1 ordered by `keys`, equal keys in position order (stable): a counting sort over
 * the keys' ranks among the distinct keys. The graph and the machine order 100,000 nodes with it
 * where a comparison sort over objects took a tenth of the check.
 *
 * Linear in n: a plan's keys take a few hundred distinct values (phases × levels × priorities),
 * so each key finds its rank in a small hash table of the distinct ones, and only those are
 * sorted (sorting a copy of all n keys, as this did before, was most of its time at 100k).
 * Equal means `===`: 0 and -0 are one key; keys are never NaN (resolve makes them of integers).
 */
export function orderByKey(keys: Float64Array): Uint32Array {
  const n = keys.length;
  const group = new Uint32Array(n);
  const distinct = new DistinctKeys();
  for (let i = 0; i < n; i++) group[i] = distinct.id(keys[i]!);
  // Groups are numbered in the order first met; their ranks come from sorting the k values.
  const k = distinct.count;
  const values = distinct.values.subarray(0, k);
  const byValue = new Uint32Array(k);
  for (let g = 0; g < k; g++) byValue[g] = g;
  byValue.sort((a, b) => values[a]! - values[b]!);
  const rank = new Uint32Array(k);
  for (let r = 0; r < k; r++) rank[byValue[r]!] = r;
  const count = new Uint32Array(k + 1);
  for (let i = 0; i < n; i++) count[(group[i] = rank[group[i]!]!) + 1]!++;
  for (let r = 1; r <= k; r++) count[r]! += count[r - 1]!;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[count[group[i]!]!++] = i;
  return order;
}

/** Distinct numbers → 0, 1, 2, … in the order first met: open addressing on the number's bits. */
class DistinctKeys {
  values = new Float64Array(16);
  count = 0;
  private slots = new Int32Array(64).fill(-1);
  private readonly scratch = new Float64Array(1);
  private readonly bits = new Uint32Array(this.scratch.buffer);
  // The last key and its id: keys come in runs (a library's entries, a level's), so most ids are this.
  private last = NaN;
  private lastId = -1;

  id(key: number): number {
    if (key === this.last) return this.lastId;
    // `+ 0` makes -0 into 0, which `===` takes it for (their bits differ).
    const value = key + 0;
    const mask = this.slots.length - 1;
    for (let s = this.hash(value) & mask; ; s = (s + 1) & mask) {
      const id = this.slots[s]!;
      if (id < 0) {
        this.slots[s] = this.count;
        return this.remember(key, this.add(value));
      }
      if (this.values[id] === value) return this.remember(key, id);
    }
  }

  private remember(key: number, id: number): number {
    this.last = key;
    this.lastId = id;
    return id;
  }

  private add(value: number): number {
    if (this.count === this.values.length) {
      const values = new Float64Array(2 * this.values.length);
      values.set(this.values);
      this.values = values;
    }
    this.values[this.count] = value;
    const id = this.count++;
    // At most a quarter of the slots used: twice the slots, each id moved by its value's hash.
    if (4 * this.count > this.slots.length) {
      this.slots = new Int32Array(2 * this.slots.length).fill(-1);
      const mask = this.slots.length - 1;
      for (let g = 0; g < this.count; g++) {
        let s = this.hash(this.values[g]!) & mask;
        while (this.slots[s]! >= 0) s = (s + 1) & mask;
        this.slots[s] = g;
      }
    }
    return id;
  }

  private hash(value: number): number {
    this.scratch[0] = value;
    const h = Math.imul(this.bits[0]! ^ Math.imul(this.bits[1]!, 0x9e3779b1), 0x85ebca6b);
    return h ^ (h >>> 15);
  }
}

/**
 * `order` (from {@link orderByKey}) with each run of equal keys put in `compare` order where it
 * is not in that order already (a run in position order, the usual case, costs one pass).
 */
export function sortTies(order: Uint32Array, keys: Float64Array, compare: (a: number, b: number) => number): Uint32Array {
  const n = order.length;
  for (let start = 0; start < n;) {
    const key = keys[order[start]!]!;
    let end = start + 1;
    let sorted = true;
    for (; end < n && keys[order[end]!] === key; end++) if (sorted && compare(order[end - 1]!, order[end]!) > 0) sorted = false;
    if (!sorted) order.subarray(start, end).sort(compare);
    start = end;
  }
  return order;
}
