/**
 * The run order: every core step and entry sorted by key, and only entries with equal keys
 * reordered by the chosen link order: a counting sort by key (stable, so equal keys stay in array
 * order), then a comparison sort over precomputed tie-break numbers of each run of equal keys that
 * is not in tie-break order already (with the declared link order, none is).
 */
import type { Compiled, CoreStep, Entry } from '../compiler/types.js';
import type { LinkOrder } from './options.js';
import { mulberry32 } from './prng.js';
import { orderByKey, sortTies } from '../compiler/keys.js';

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
  const order = sortTies(orderByKey(keys), keys, (a, b) => group[a]! - group[b]! || tie[a]! - tie[b]! || a - b);
  const nodes: BootNode[] = new Array(n);
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    nodes[k] = i < steps.length ? { step: steps[i]! } : { entry: entries[i - steps.length]!, slot: i - steps.length };
  }
  return nodes;
}
