/**
 * The run order: every core step and entry sorted by key, and only entries with equal keys
 * reordered by the chosen link order: a counting sort by key (stable, so equal keys stay in array
 * order), then a comparison sort over precomputed tie-break numbers of each run of equal keys that
 * is not in tie-break order already (with the declared link order, none is).
 */
import type { Compiled, CoreStep, Entry } from '../compiler/types.js';
import type { LinkOrder } from './options.js';
import { mulberry32 } from './prng.js';

/** A step, or an entry with its position in `compiled.entries` (`slot`: what the machine's per-plan tables are indexed by). */
export type BootNode = { step: CoreStep; entry?: undefined } | { entry: Entry; slot: number; step?: undefined };

export function orderNodes(compiled: Compiled, linkOrder: LinkOrder = { kind: 'declared' }): BootNode[] {
  const steps = compiled.steps;
  const entries = compiled.entries;
  const n = steps.length + entries.length;
  const keys = new Float64Array(n);
  // Steps first among equals (group 0), then entries by their tie-break value.
  const group = new Uint8Array(n);
  const tie = new Float64Array(n);
  steps.forEach((s, i) => {
    keys[i] = s.key;
    tie[i] = i;
  });
  const random = linkOrder.kind === 'random' ? mulberry32(linkOrder.seed) : null;
  // A moved witness is the declared order with one entry run just before another of its key:
  // no order to read. Otherwise the witness's `order` names positions (an empty one: declared).
  const move = linkOrder.kind === 'witness' ? linkOrder.witness.move : undefined;
  const movedBefore = move ? entries.find((e) => e.id === move.before)?.index : undefined;
  const position = linkOrder.kind === 'witness' && !move ? new Map(linkOrder.witness.order.map((id, i) => [id, i])) : null;
  entries.forEach((e, j) => {
    const i = steps.length + j;
    keys[i] = e.key;
    group[i] = 1;
    switch (linkOrder.kind) {
      case 'declared': tie[i] = e.index; break;
      case 'reverse': tie[i] = -e.index; break;
      // A random number per entry, drawn in declaration order (array position breaks its rare
      // ties): a uniform shuffle of every group of equal keys, fixed by the seed.
      case 'random': tie[i] = random!(); break;
      case 'witness': {
        if (move) {
          tie[i] = e.id === move.entry && movedBefore !== undefined ? movedBefore - 0.5 : e.index;
          break;
        }
        const at = position!.get(e.id);
        // Named entries by their witness position, the rest after them in declared order.
        tie[i] = at === undefined ? 2 ** 40 + e.index : at;
        break;
      }
    }
  });
  const order = sortByKey(keys);
  const byTie = (a: number, b: number) => group[a]! - group[b]! || tie[a]! - tie[b]! || a - b;
  for (let start = 0; start < n;) {
    const key = keys[order[start]!]!;
    let end = start + 1;
    let sorted = true;
    for (; end < n && keys[order[end]!] === key; end++) if (sorted && byTie(order[end - 1]!, order[end]!) > 0) sorted = false;
    if (!sorted) order.subarray(start, end).sort(byTie);
    start = end;
  }
  const nodes: BootNode[] = new Array(n);
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    nodes[k] = i < steps.length ? { step: steps[i]! } : { entry: entries[i - steps.length]!, slot: i - steps.length };
  }
  return nodes;
}

/** Positions 0..n-1 ordered by `keys`, equal keys in position order: a counting sort over the keys' ranks. */
function sortByKey(keys: Float64Array): Uint32Array {
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
