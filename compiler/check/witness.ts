/**
 * Witnesses: link orders the emulated machine can replay to show a failure. A violation fails in
 * the default order already; a race needs the order that swaps the pair, made by moving the
 * dependent entry to just before the first of its equal-key providers (only entries of that one
 * key group move, so the order still respects every key).
 */
import type { Witness } from '../types.js';
import type { CheckContext } from './rule.js';

export function defaultWitness(ctx: CheckContext, expect: Witness['expect']): Witness {
  return { order: ctx.compiled.order, expect };
}

/** Move `mover` to just before whichever of `targets` comes first in the default order. */
export function swapWitness(ctx: CheckContext, mover: string, targets: string[], expect: Witness['expect']): Witness {
  const order = ctx.compiled.order;
  const from = ctx.position.get(mover)!;
  let to = Infinity;
  for (const t of targets) to = Math.min(to, ctx.position.get(t) ?? Infinity);
  if (!(to < from)) return { order, expect };
  const next = order.slice(0, to);
  next.push(mover);
  for (let i = to; i < order.length; i++) if (i !== from) next.push(order[i]!);
  return { order: next, expect };
}
