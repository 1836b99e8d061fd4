/**
 * Witnesses: link orders the emulated machine can replay to show a failure. A violation fails in
 * the default order already; a race needs the order that swaps the pair, made by moving the
 * dependent entry to just before the first of its equal-key providers (only entries of that one
 * key group move, so the order still respects every key).
 *
 * Every witness shares the plan's default order (`compiled.order`); a moved one keeps only the
 * move and builds its full order when read (see `Witness` in types.ts), so N races over a group
 * of N cost O(N) memory, not O(N²).
 */
import type { Witness } from '../types.js';
import { scheduleBefore } from '../luna/schedule.js';
import type { CheckContext } from './rule.js';

/** `order` as a non-enumerable property: in memory for callers, left out of JSON. */
function withOrder(witness: Omit<Witness, 'order'>, order: () => readonly string[]): Witness {
  return Object.defineProperty(witness, 'order', { get: order, enumerable: false, configurable: true }) as Witness;
}

export function defaultWitness(ctx: CheckContext, expect: Witness['expect']): Witness {
  const order = ctx.compiled.order;
  return withOrder({ expect }, () => order);
}

/** The default order with `order[from]` moved to just before `order[to]` (to < from). */
export function movedOrder(order: readonly string[], from: number, to: number): string[] {
  const next = order.slice(0, to);
  next.push(order[from]!);
  for (let i = to; i < order.length; i++) if (i !== from) next.push(order[i]!);
  return next;
}

/**
 * Thread model: a schedule that runs `first` before everything that does not happen before it
 * (what it needs, then it, then the rest in the default schedule), with `extra` steps (and what
 * they need) run before it too. The order is written out whole: a schedule is not one move.
 */
export function scheduleWitness(ctx: CheckContext, first: string, expect: Witness['expect'], extra: readonly string[] = []): Witness {
  return { expect, order: scheduleBefore(ctx.compiled.order, ctx.graph.hb!, first, extra) };
}

/** Move `mover` to just before whichever of `targets` comes first in the default order. */
export function swapWitness(ctx: CheckContext, mover: string, targets: string[], expect: Witness['expect']): Witness {
  if (ctx.graph.hb) return scheduleWitness(ctx, mover, expect);
  const order = ctx.compiled.order;
  const from = ctx.position.get(mover)!;
  let to = Infinity;
  for (const t of targets) to = Math.min(to, ctx.position.get(t) ?? Infinity);
  if (!(to < from)) return defaultWitness(ctx, expect);
  const at = to;
  return withOrder({ expect, move: { entry: mover, before: order[at]! } }, () => movedOrder(order, from, at));
}
