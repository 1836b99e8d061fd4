/**
 * Memory in the thread model: a step may take memory (`alloc`) and keeps it. A step runs out of
 * memory when what the steps before it took, plus its own, passes the plan's `memory`; which steps
 * come before depends on the schedule. In every schedule the steps that happen before it have
 * taken theirs; at most, so have all steps it does not happen before. The witness of a race runs
 * the concurrent allocations first, in the default order, until the step no longer fits.
 */
import type { Graph } from '../graph.js';
import type { Compiled, Entry } from '../types.js';

export interface MemoryFinding {
  entry: Entry;
  /** Bytes taken before it in the witness schedule, its own included. */
  total: number;
  status: 'violation' | 'race';
  /** For a race: the concurrent steps run first. */
  first: string[];
}

/** What the machine names in the fault. */
export const OOM_FAULT = 'ENOMEM memory';

/** The first step that runs out of memory in some schedule (only the first: the others follow from it). */
export function memoryFinding(compiled: Compiled, graph: Graph): MemoryFinding | null {
  const hb = graph.hb!;
  const memory = compiled.plan.memory;
  const blocked = new Set(compiled.luna!.blocked);
  const byId = new Map(compiled.entries.map((e) => [e.id, e]));
  const takers = compiled.order.filter((id) => !blocked.has(id) && (byId.get(id)?.alloc ?? 0) > 0).map((id) => byId.get(id)!);
  if (takers.reduce((s, e) => s + e.alloc, 0) <= memory) return null;
  for (const e of takers) {
    const before = takers.filter((t) => t !== e && hb.before(t.id, e.id));
    const must = before.reduce((s, t) => s + t.alloc, 0);
    if (must + e.alloc > memory) return { entry: e, total: must + e.alloc, status: 'violation', first: [] };
    const maybe = takers.filter((t) => t !== e && !hb.before(t.id, e.id) && !hb.before(e.id, t.id));
    if (must + maybe.reduce((s, t) => s + t.alloc, 0) + e.alloc <= memory) continue;
    // Run the concurrent ones first (each with what it needs) while everything still fits.
    const taken = new Set(before.map((t) => t.id));
    let total = must;
    const first: string[] = [];
    for (const t of maybe) {
      const add = [t, ...takers.filter((x) => x !== e && !taken.has(x.id) && x !== t && hb.before(x.id, t.id))].filter((x) => !taken.has(x.id));
      if (add.some((x) => hb.before(e.id, x.id))) continue;
      const sum = add.reduce((s, x) => s + x.alloc, 0);
      if (total + sum > memory) continue;
      for (const x of add) taken.add(x.id);
      total += sum;
      first.push(t.id);
      if (total + e.alloc > memory) return { entry: e, total: total + e.alloc, status: 'race', first };
    }
  }
  return null;
}
