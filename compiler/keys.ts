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
  raw: Record<string, unknown>;
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
 */
export function orderByKey(keys: Float64Array): Uint32Array {
  const n = keys.length;
  const distinct = Float64Array.from(keys).sort();
  let k = 0;
  for (let i = 0; i < n; i++) if (i === 0 || distinct[i] !== distinct[k - 1]) distinct[k++] = distinct[i]!;
  const rank = new Uint32Array(n);
  const count = new Uint32Array(k + 1);
  for (let i = 0; i < n; i++) {
    const key = keys[i]!;
    let lo = 0;
    let hi = k - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (distinct[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    rank[i] = lo;
    count[lo + 1]!++;
  }
  for (let r = 1; r <= k; r++) count[r]! += count[r - 1]!;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[count[rank[i]!]!++] = i;
  return order;
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
