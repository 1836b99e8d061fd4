/**
 * The run order: every core step and entry sorted by key, and only entries with equal keys
 * reordered by the chosen link order: a counting sort by key (stable, so equal keys stay in array
 * order), then a comparison sort over precomputed tie-break numbers of each run of equal keys that
 * is not in tie-break order already (with the declared link order, none is).
 *
 * What depends on the plan alone — the keys, the key order and the declared order — is computed
 * once per compiled plan: replays, property tests and the bench boot one plan many times, and at
 * 100k entries a pass over the entry objects costs more than the sort itself.
 */
import type { Compiled, CoreStep, Entry } from '../compiler/types.js';
import type { LinkOrder } from './options.js';
import { mulberry32 } from './prng.js';
import { orderByKey, sortTies } from '../compiler/keys.js';

/** A step, or an entry with its position in `compiled.entries` (`slot`: what the machine's per-plan tables are indexed by). */
export type BootNode = { step: CoreStep; entry?: undefined } | { entry: Entry; slot: number; step?: undefined };

/** The plan's order facts: node `i` is step `i` below `steps.length`, else entry `i - steps.length`. */
interface PlanOrder {
  readonly steps: readonly CoreStep[];
  readonly entries: readonly Entry[];
  readonly keys: Float64Array;
  /** Each entry's declaration index, by slot. */
  readonly index: Float64Array;
  /** Nodes by key, equal keys in node order (not yet tie-broken). */
  readonly byKey: Uint32Array;
  /** The declared order, built on first use. Shared: never written to. */
  declared: Uint32Array | null;
}

const planOrders = new WeakMap<Compiled, PlanOrder>();

function planOrderOf(compiled: Compiled): PlanOrder {
  const cached = planOrders.get(compiled);
  if (cached && cached.steps === compiled.steps && cached.entries === compiled.entries && cached.keys.length === compiled.steps.length + compiled.entries.length) return cached;
  const { steps, entries } = compiled;
  const n = steps.length + entries.length;
  const keys = new Float64Array(n);
  const index = new Float64Array(entries.length);
  for (let i = 0; i < steps.length; i++) keys[i] = steps[i]!.key;
  for (let j = 0; j < entries.length; j++) {
    const e = entries[j]!;
    keys[steps.length + j] = e.key;
    index[j] = e.index;
  }
  const order: PlanOrder = { steps, entries, keys, index, byKey: orderByKey(keys), declared: null };
  planOrders.set(compiled, order);
  return order;
}

/**
 * The run order as node numbers (below `compiled.steps.length` a core step, else the entry at
 * `n - compiled.steps.length`). The declared order is computed once per plan and shared: callers
 * must not write to the array.
 */
export function orderPositions(compiled: Compiled, linkOrder: LinkOrder = { kind: 'declared' }): Uint32Array {
  const plan = planOrderOf(compiled);
  if (linkOrder.kind === 'declared') return (plan.declared ??= tieBroken(plan, plan.byKey.slice(), (e) => plan.index[e]!));
  const { entries, index } = plan;
  switch (linkOrder.kind) {
    case 'reverse': return tieBroken(plan, plan.byKey.slice(), (e) => -index[e]!);
    case 'random': {
      // A random number per entry, drawn in declaration order (array position breaks its rare
      // ties): a uniform shuffle of every group of equal keys, fixed by the seed.
      const random = mulberry32(linkOrder.seed);
      const tie = new Float64Array(entries.length);
      for (let j = 0; j < entries.length; j++) tie[j] = random();
      return tieBroken(plan, plan.byKey.slice(), (e) => tie[e]!);
    }
    case 'witness': {
      // A moved witness is the declared order with one entry run just before another of its key:
      // no order to read. Otherwise the witness's `order` names positions (an empty one: declared).
      const move = linkOrder.witness.move;
      if (move) {
        const movedBefore = entries.find((e) => e.id === move.before)?.index;
        return tieBroken(plan, plan.byKey.slice(), (e) => (movedBefore !== undefined && entries[e]!.id === move.entry ? movedBefore - 0.5 : index[e]!));
      }
      const position = new Map(linkOrder.witness.order.map((id, i) => [id, i]));
      // Named entries by their witness position, the rest after them in declared order.
      return tieBroken(plan, plan.byKey.slice(), (e) => position.get(entries[e]!.id) ?? 2 ** 40 + index[e]!);
    }
  }
}

/** `order` with its runs of equal keys sorted: steps first among equals, then entries by `tieOf(slot)`, then node number. */
function tieBroken(plan: PlanOrder, order: Uint32Array, tieOf: (slot: number) => number): Uint32Array {
  const stepCount = plan.steps.length;
  const tie = new Float64Array(plan.keys.length);
  for (let i = 0; i < stepCount; i++) tie[i] = i;
  for (let j = 0; j < plan.entries.length; j++) tie[stepCount + j] = tieOf(j);
  const group = (i: number) => (i < stepCount ? 0 : 1);
  return sortTies(order, plan.keys, (a, b) => group(a) - group(b) || tie[a]! - tie[b]! || a - b);
}

/** The run order as nodes (see {@link orderPositions}). */
export function orderNodes(compiled: Compiled, linkOrder: LinkOrder = { kind: 'declared' }): BootNode[] {
  const order = orderPositions(compiled, linkOrder);
  const { steps, entries } = compiled;
  const nodes: BootNode[] = new Array(order.length);
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    nodes[k] = i < steps.length ? { step: steps[i]! } : { entry: entries[i - steps.length]!, slot: i - steps.length };
  }
  return nodes;
}
