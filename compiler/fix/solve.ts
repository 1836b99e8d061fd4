/**
 * The priority solver. Requirements are "key(a) < key(b)" between nodes whose keys range over
 * sorted domains: a monotone system, so its least solution (every node as early as its
 * predecessors allow) exists exactly when any solution does, and is found by raising lower bounds
 * until nothing changes; the greatest solution likewise from above. Every value of a node between
 * the two is part of some solution. On that: which entries keep their slot (as many as possible —
 * exactly for small plans, greedily for large ones), then for each entry that has to move the
 * feasible slot nearest to where it was.
 */
import type { FixProblem, Requirement } from './model.js';

/** Why no assignment exists: the chain of requirements that pushed a node past its last slot. */
export interface Infeasible {
  /** The node that ran out of slots. */
  node: number;
  /** The requirements that pushed it, first to last (the last one enters `node`). */
  chain: Requirement[];
  /** True when the chain comes back to a node it started from (a cycle). */
  cycle: boolean;
}

export interface Bounds {
  /** Per node: index into its domain, or -1 for a node with no fixed choice. */
  lo: number[];
  hi: number[];
}

/** Per node: a fixed domain index, or -1 (free). */
export type Fixed = Int32Array;

function lowerBound(keys: number[], need: number): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid]! < need) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class Solver {
  private readonly keys: number[][];
  /** Nodes by original key, ascending and descending: the queue's first sweep. */
  private readonly ascending: number[];
  private readonly descending: number[];

  /**
   * @param skip requirements (by index) to leave out: {@link conflicts} sets the ones of a conflict
   * already reported, to find the next one independent of it.
   */
  constructor(readonly problem: FixProblem, private readonly skip?: Uint8Array) {
    this.keys = problem.nodes.map((n) => n.domain.map((s) => s.key));
    const start = (i: number) => this.keys[i]![problem.nodes[i]!.original]!;
    this.ascending = [...problem.nodes.keys()].sort((a, b) => start(a) - start(b));
    this.descending = [...this.ascending].reverse();
  }

  /** Least solution (domain indices) under `fixed`, or why there is none. */
  least(fixed: Fixed): { lo: number[] } | Infeasible {
    return this.propagate(fixed, true) as { lo: number[] } | Infeasible;
  }

  /** Least and greatest solutions under `fixed`, or why there are none. */
  bounds(fixed: Fixed): Bounds | Infeasible {
    const up = this.propagate(fixed, true);
    if ('chain' in up) return up;
    const down = this.propagate(fixed, false);
    if ('chain' in down) return down;
    return { lo: (up as { lo: number[] }).lo, hi: (down as { lo: number[] }).lo };
  }

  /**
   * Raise lower bounds along requirements (forward) or lower upper bounds against them (backward)
   * until a fixpoint. Each raise moves a bound one way inside a finite domain, so this ends.
   */
  private propagate(fixed: Fixed, forward: boolean): { lo: number[] } | Infeasible {
    const { nodes, requirements } = this.problem;
    const keys = this.keys;
    const n = nodes.length;
    const at = new Array<number>(n);
    const lowest = (i: number) => (fixed[i]! >= 0 ? fixed[i]! : forward ? 0 : keys[i]!.length - 1);
    for (let i = 0; i < n; i++) at[i] = lowest(i);
    const reason = new Array<Requirement | null>(n).fill(null);
    const queued = new Uint8Array(n).fill(1);
    // Forward: a FIFO in key order settles acyclic chains in one sweep.
    const queue: number[] = [...(forward ? this.ascending : this.descending)];
    let head = 0;
    const edgesOf = forward ? this.problem.out : this.problem.in;
    while (head < queue.length) {
      const u = queue[head++]!;
      queued[u] = 0;
      const ku = keys[u]![at[u]!]!;
      for (const r of edgesOf[u]!) {
        if (this.skip?.[r]) continue;
        const req = requirements[r]!;
        const v = forward ? req.to : req.from;
        const kv = keys[v]![at[v]!]!;
        if (forward ? (req.strict ? kv > ku : kv >= ku) : (req.strict ? kv < ku : kv <= ku)) continue;
        let next: number;
        if (forward) next = lowerBound(keys[v]!, req.strict ? ku + 1 : ku);
        else next = lowerBound(keys[v]!, req.strict ? ku : ku + 1) - 1;
        const outOfRange = forward ? next >= keys[v]!.length : next < 0;
        if (outOfRange || fixed[v]! >= 0) {
          reason[v] = req;
          return this.explain(v, reason, forward);
        }
        at[v] = next;
        reason[v] = req;
        if (!queued[v]) {
          queued[v] = 1;
          queue.push(v);
        }
      }
    }
    return { lo: at };
  }

  private explain(node: number, reason: Array<Requirement | null>, forward: boolean): Infeasible {
    // Walk the reasons back from the node that ran out: each names the node that pushed it.
    const path: number[] = [node];
    const used: Requirement[] = [];
    const seen = new Map<number, number>([[node, 0]]);
    let cycleAt = -1;
    for (let cur = node; ;) {
      const r = reason[cur];
      if (!r) break;
      used.push(r);
      cur = forward ? r.from : r.to;
      if (seen.has(cur)) {
        cycleAt = seen.get(cur)!;
        break;
      }
      seen.set(cur, path.length);
      path.push(cur);
    }
    // A cycle: only the loop matters (the requirements from the repeated node back round to it).
    const chain = cycleAt >= 0 ? used.slice(cycleAt) : used;
    return { node, chain: forward ? chain.reverse() : chain, cycle: cycleAt >= 0 };
  }
}

/** Most conflicts one run reports. */
export const MAX_CONFLICTS = 20;

/**
 * Every conflict of the plan, `first` (what {@link solve} found) first: each next one is searched
 * with the requirements of those already found left out, so each names requirements of its own
 * and fixing one never hides another (at most {@link MAX_CONFLICTS}).
 */
export function conflicts(problem: FixProblem, first: Infeasible): Infeasible[] {
  const out = [first];
  const skip = new Uint8Array(problem.requirements.length);
  const index = new Map(problem.requirements.map((r, i) => [r, i]));
  const base = new Int32Array(problem.nodes.length).fill(-1);
  problem.nodes.forEach((node, i) => { if (node.domain.length === 1) base[i] = 0; });
  while (out.length < MAX_CONFLICTS) {
    for (const r of out[out.length - 1]!.chain) skip[index.get(r)!] = 1;
    const next = new Solver(problem, skip).least(base);
    if (!('chain' in next) || next.chain.length === 0) break;
    out.push(next);
  }
  return out;
}

export interface Assignment {
  /** Per node: the chosen domain index. */
  slot: number[];
  /** Nodes whose slot differs from their original one. */
  changed: number[];
}

/** Nodes that may move (more than one slot). */
function movable(problem: FixProblem): number[] {
  const out: number[] = [];
  problem.nodes.forEach((n, i) => { if (n.domain.length > 1) out.push(i); });
  return out;
}

/** Largest number of movable entries for which the kept set is searched exhaustively. */
export const EXACT_LIMIT = 12;

/**
 * The assignment changing the fewest entries (exactly when at most {@link EXACT_LIMIT} entries can
 * move, otherwise a greedy approximation), or why none exists.
 */
export function solve(problem: FixProblem): Assignment | Infeasible {
  const solver = new Solver(problem);
  const n = problem.nodes.length;
  const free = (): Fixed => {
    const f = new Int32Array(n).fill(-1);
    problem.nodes.forEach((node, i) => { if (node.domain.length === 1) f[i] = 0; });
    return f;
  };
  const base = free();
  const none = solver.least(base);
  if ('chain' in none) return none;
  const candidates = movable(problem);
  const keepAll = (kept: Iterable<number>): Fixed => {
    const f = Int32Array.from(base);
    for (const i of kept) f[i] = problem.nodes[i]!.original;
    return f;
  };
  const feasible = (kept: Iterable<number>) => !('chain' in solver.least(keepAll(kept)));

  let kept: Set<number>;
  if (feasible(candidates)) kept = new Set(candidates);
  else {
    kept = greedyKeep(problem, candidates, feasible);
    if (candidates.length <= EXACT_LIMIT) kept = exactKeep(candidates, kept, feasible);
  }
  return place(problem, solver, keepAll(kept));
}

/** Keep entries one at a time, those on no failing requirement first, providers before users. */
function greedyKeep(problem: FixProblem, candidates: number[], feasible: (kept: Iterable<number>) => boolean): Set<number> {
  const keyOf = (i: number) => problem.nodes[i]!.domain[problem.nodes[i]!.original]!.key;
  const failingTo = new Set<number>();
  const failingFrom = new Set<number>();
  for (const r of problem.requirements) {
    const ok = r.strict ? keyOf(r.from) < keyOf(r.to) : keyOf(r.from) <= keyOf(r.to);
    if (!ok) {
      failingFrom.add(r.from);
      failingTo.add(r.to);
    }
  }
  const rank = (i: number) => (failingTo.has(i) ? 2 : failingFrom.has(i) ? 1 : 0);
  const quiet = candidates.filter((i) => rank(i) === 0);
  const kept = new Set<number>(feasible(quiet) ? quiet : []);
  const rest = candidates.filter((i) => !kept.has(i)).sort((a, b) => rank(a) - rank(b) || a - b);
  for (const i of rest) {
    kept.add(i);
    if (!feasible(kept)) kept.delete(i);
  }
  return kept;
}

/** The largest kept set, by trying every set of fewer released entries than the greedy one. */
function exactKeep(candidates: number[], greedy: Set<number>, feasible: (kept: Iterable<number>) => boolean): Set<number> {
  const released = candidates.length - greedy.size;
  for (let k = 1; k < released; k++) {
    const found = subsets(candidates.length, k, (drop) => {
      const kept = candidates.filter((_, i) => !drop.has(i));
      return feasible(kept) ? new Set(kept) : null;
    });
    if (found) return found;
  }
  return greedy;
}

function subsets<T>(n: number, k: number, visit: (chosen: Set<number>) => T | null): T | null {
  const idx = Array.from({ length: k }, (_, i) => i);
  for (;;) {
    const r = visit(new Set(idx));
    if (r !== null) return r;
    let i = k - 1;
    while (i >= 0 && idx[i] === n - k + i) i--;
    if (i < 0) return null;
    idx[i]!++;
    for (let j = i + 1; j < k; j++) idx[j] = idx[j - 1]! + 1;
  }
}

/** Give each released entry, in key order, the feasible slot nearest to its original one. */
function place(problem: FixProblem, solver: Solver, fixed: Fixed): Assignment | Infeasible {
  const order = problem.nodes.map((_, i) => i).filter((i) => fixed[i]! < 0)
    .sort((a, b) => problem.nodes[a]!.domain[problem.nodes[a]!.original]!.key - problem.nodes[b]!.domain[problem.nodes[b]!.original]!.key);
  for (const i of order) {
    const b = solver.bounds(fixed);
    if ('chain' in b) return b; // cannot happen: the kept set was feasible
    const original = problem.nodes[i]!.original;
    fixed[i] = Math.min(Math.max(original, b.lo[i]!), b.hi[i]!);
  }
  const slot = Array.from(fixed);
  const changed = slot.flatMap((s, i) => (s !== problem.nodes[i]!.original ? [i] : []));
  return { slot, changed };
}
