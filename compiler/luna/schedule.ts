/**
 * Schedules of the thread model: linearizations of the happens-before relation. The scheduler is
 * the one both sides use — the compiler for the default schedule (round-robin over lanes in the
 * order they were created, one step per turn), the machine for `random:SEED` and `reverse` — and
 * `HappensBefore` answers "does A happen before B in every schedule" from the transitive closure.
 */
import type { Entry } from '../types.js';
import type { HbEdge, LunaLane } from './model.js';

/** The transitive closure of happens-before, one bit row per step. */
export class HappensBefore {
  private readonly index = new Map<string, number>();
  private readonly words: number;
  private readonly rows: Uint32Array;

  /** `order`: a linearization (every edge goes forward in it). */
  constructor(order: readonly string[], edges: readonly HbEdge[]) {
    order.forEach((id, i) => this.index.set(id, i));
    const n = order.length;
    this.words = Math.ceil(n / 32) || 1;
    this.rows = new Uint32Array(n * this.words);
    const preds: number[][] = Array.from({ length: n }, () => []);
    for (const e of edges) {
      const a = this.index.get(e.from);
      const b = this.index.get(e.to);
      if (a !== undefined && b !== undefined && a !== b) preds[b]!.push(a);
    }
    for (let b = 0; b < n; b++) {
      const row = b * this.words;
      for (const a of preds[b]!) {
        if (a > b) continue; // not a linearization edge: ignored (the scheduler never ran it so)
        this.rows[row + (a >>> 5)]! |= 1 << (a & 31);
        const from = a * this.words;
        for (let w = 0; w < this.words; w++) this.rows[row + w]! |= this.rows[from + w]!;
      }
    }
  }

  /** A happens before B in every schedule. */
  before(a: string, b: string): boolean {
    const i = this.index.get(a);
    const j = this.index.get(b);
    if (i === undefined || j === undefined || i === j) return false;
    return (this.rows[j * this.words + (i >>> 5)]! & (1 << (i & 31))) !== 0;
  }

  concurrent(a: string, b: string): boolean {
    return a !== b && !this.before(a, b) && !this.before(b, a);
  }

  has(id: string): boolean {
    return this.index.has(id);
  }
}

export type Pick = (runnable: readonly number[]) => number;

/**
 * The default scheduler: cooperative. The lane that ran last goes on while it can (a kernel
 * thread or process runs until it blocks, idles or exits, as [kinit] runs to its exit before
 * PID 1 gets the CPU); then the first runnable lane after it, in creation order.
 */
export function roundRobin(): Pick & { last: number } {
  const pick = ((runnable: readonly number[]) => {
    if (runnable.includes(pick.last)) return pick.last;
    const next = runnable.find((l) => l > pick.last) ?? runnable[0]!;
    pick.last = next;
    return next;
  }) as Pick & { last: number };
  pick.last = -1;
  return pick;
}

/**
 * A schedule: every step that can run, in the order `pick` chooses among runnable lanes. A lane
 * is runnable when it was spawned (and started, if it was spawned stopped) and its next step's
 * happens-before predecessors all ran. Steps that can never run (a deadlock, a wait on a lane that
 * never ends) are left out and returned in `blocked`.
 */
export function schedule(lanes: readonly LunaLane[], entries: readonly Entry[], edges: readonly HbEdge[], pick: Pick): { order: string[]; blocked: string[] } {
  const preds = new Map<string, string[]>();
  for (const e of edges) {
    if (e.kind === 'program') continue;
    const list = preds.get(e.to);
    if (list) list.push(e.from);
    else preds.set(e.to, [e.from]);
  }
  const never = neverReady(lanes, entries, edges);
  const done = new Set<string>();
  const next = new Int32Array(lanes.length);
  const order: string[] = [];
  const total = entries.length;
  const ready = (l: number): boolean => {
    const lane = lanes[l]!;
    const id = lane.steps[next[l]!];
    if (id === undefined || never.has(id)) return false;
    for (const p of preds.get(id) ?? []) if (!done.has(p)) return false;
    return true;
  };
  for (;;) {
    const runnable: number[] = [];
    for (let l = 0; l < lanes.length; l++) if (ready(l)) runnable.push(l);
    if (runnable.length === 0 || order.length >= total) break;
    const l = pick(runnable);
    const lane = lanes[l]!;
    const id = lane.steps[next[l]!]!;
    next[l]!++;
    done.add(id);
    order.push(id);
  }
  const blocked: string[] = [];
  lanes.forEach((lane, l) => {
    for (let s = next[l]!; s < lane.steps.length; s++) blocked.push(lane.steps[s]!);
  });
  return { order, blocked };
}

/**
 * Steps no happens-before edge holds back that still never run: the first step of a lane spawned
 * stopped that no `start` step starts (it stays stopped), and a wait for a child that never exits
 * (its lane ends in an idle step: waitpid on a daemon does not return).
 */
function neverReady(lanes: readonly LunaLane[], entries: readonly Entry[], edges: readonly HbEdge[]): Set<string> {
  const never = new Set<string>();
  const started = new Set<string>();
  for (const e of edges) if (e.kind === 'start') started.add(e.to);
  const daemons = new Set<string>();
  for (const lane of lanes) {
    if (lane.daemon) daemons.add(lane.id);
    const first = lane.steps[0];
    if (lane.stopped && first !== undefined && !started.has(first)) never.add(first);
  }
  if (daemons.size > 0) {
    for (const e of entries) {
      const op = e.luna?.op;
      if (op?.op === 'wait' && daemons.has(op.lane)) never.add(e.id);
    }
  }
  return never;
}

/**
 * A schedule in which `first` runs before every one of `others` (none of which happens before it):
 * what `first` needs, then `first`, then the rest in the default order.
 */
export function scheduleBefore(defaultOrder: readonly string[], hb: HappensBefore, first: string, extra: readonly string[] = []): string[] {
  const needed = new Set<string>();
  for (const id of defaultOrder) {
    if (id === first) continue;
    if (hb.before(id, first) || extra.some((x) => x === id || hb.before(id, x))) needed.add(id);
  }
  const out: string[] = [];
  for (const id of defaultOrder) if (needed.has(id)) out.push(id);
  out.push(first);
  for (const id of defaultOrder) if (id !== first && !needed.has(id)) out.push(id);
  return out;
}
