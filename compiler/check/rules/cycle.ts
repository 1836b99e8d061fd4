import type { Diagnostic, Edge } from '../../types.js';
import type { Rule } from '../rule.js';
import { defaultWitness } from '../witness.js';
import { UNIKRAFT_EXAMPLE } from './examples.js';

/** Strongly connected components, iteratively (a 100,000-deep chain must not overflow the stack). */
export function stronglyConnected(n: number, adjacency: number[][]): number[][] {
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const out: number[][] = [];
  let counter = 0;
  const work: Array<[node: number, next: number]> = [];
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    work.push([root, 0]);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const [v, i] = frame;
      // A frame with i = 0 is a node seen for the first time: it is pushed only while unvisited
      // and taken at once (the work list is a stack).
      if (i === 0) {
        index[v] = low[v] = counter++;
        stack.push(v);
        onStack[v] = 1;
      }
      const succ = adjacency[v]!;
      if (i < succ.length) {
        frame[1] = i + 1;
        const w = succ[i]!;
        if (index[w] === -1) work.push([w, 0]);
        else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]![0];
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] === index[v]) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          component.push(w);
        } while (w !== v);
        if (component.length > 1) out.push(component);
      }
    }
  }
  return out;
}

function describe(edge: Edge): string {
  const r = edge.reason;
  if (r.kind === 'uses') return `uses ${r.capability}`;
  return r.kind;
}

export const cycle: Rule = {
  code: 'cycle',
  severity: 'error',
  title: 'entries depend on each other in a circle',
  doc: `Following the requirements (uses of a capability with a single provider, after, before)
leads back to where it started. Keys only increase along requirements that hold, so no choice of
levels and priorities can satisfy a cycle: one of its requirements must go. The message prints the
whole cycle, each step with its reason and the line that states it.

Fix: break one edge — split an entry in two, or drop an \`after\`/\`before\` that is not real.`,
  example: {
    failing: `${UNIKRAFT_EXAMPLE}libraries:
  a:
    initcalls:
      - { fn: a_init, level: lib, prio: 1, uses: [b-ready], provides: [a-ready] }
  b:
    initcalls:
      - { fn: b_init, level: lib, prio: 2, uses: [a-ready], provides: [b-ready] }
`,
    fixed: `${UNIKRAFT_EXAMPLE}libraries:
  a:
    initcalls:
      - { fn: a_init, level: lib, prio: 1, provides: [a-ready] }
  b:
    initcalls:
      - { fn: b_init, level: lib, prio: 2, uses: [a-ready], provides: [b-ready] }
`,
  },
  check(ctx) {
    // Keys strictly increase along edges that hold in every boot, so a cycle needs a doubtful edge.
    if (!ctx.doubtful.some((e) => e.from !== e.to && e.reason.kind !== 'term-uses')) return [];
    const nodes = ctx.graph.nodes;
    const adjacency: number[][] = nodes.map(() => []);
    const edgeOf = new Map<string, Edge>();
    for (const edge of ctx.graph.edges) {
      if (edge.from === edge.to || edge.reason.kind === 'term-uses') continue;
      if (edge.reason.kind === 'uses' && (ctx.graph.providers.get(edge.reason.capability)?.length ?? 0) > 1) continue;
      const a = ctx.graph.byId.get(edge.from)!.pos;
      const b = ctx.graph.byId.get(edge.to)!.pos;
      adjacency[a]!.push(b);
      if (!edgeOf.has(`${a}>${b}`)) edgeOf.set(`${a}>${b}`, edge);
    }
    const out: Diagnostic[] = [];
    for (const component of stronglyConnected(nodes.length, adjacency)) {
      const inside = new Set(component);
      const start = Math.min(...component);
      // Shortest way back to start inside the component (BFS), for a readable cycle.
      const prev = new Map<number, number>();
      const queue = [start];
      let found = false;
      for (let qi = 0; qi < queue.length && !found; qi++) {
        const v = queue[qi]!;
        for (const w of adjacency[v]!) {
          // No node outside the component leads back to start: the search stays inside (in a
          // large graph the part reachable from a knot can be most of it).
          if (!inside.has(w)) continue;
          if (w === start) { prev.set(start, v); found = true; break; }
          if (!prev.has(w)) { prev.set(w, v); queue.push(w); }
        }
      }
      const inner: number[] = [];
      for (let v = prev.get(start)!; v !== start; v = prev.get(v)!) inner.unshift(v);
      const forward = [start, ...inner, start];
      const steps = forward.slice(0, -1).map((v, i) => ({ from: nodes[v]!, to: nodes[forward[i + 1]!]!, edge: edgeOf.get(`${v}>${forward[i + 1]}`)! }));
      const text = steps.map((s) => `${s.from.id} → (${describe(s.edge)})`).join(' ') + ` ${nodes[start]!.id}`;
      // In the default order at least one step of a cycle runs backwards (positions cannot rise
      // all the way round): that is what replays. Only entries state requirements, so every node
      // of a cycle is an entry.
      const firstBroken = steps.find((s) => ctx.position.get(s.from.id)! > ctx.position.get(s.to.id)!)!;
      const sourceNode = steps[0]!.to.entry!;
      out.push({
        code: this.code,
        severity: 'error',
        message: `dependency cycle: ${text}`,
        source: sourceNode.source,
        related: steps.map((s) => ({ message: `${s.to.id} ${describe(s.edge)} (from ${s.from.id})`, source: s.to.entry!.source })),
        hint: 'break one of these requirements; no levels or priorities can satisfy all of them',
        witness: defaultWitness(ctx, firstBroken.edge.reason.kind === 'uses'
          ? { kind: 'fault', entry: firstBroken.to.id, capability: firstBroken.edge.reason.capability }
          : { kind: 'order', entry: firstBroken.to.id, first: firstBroken.from.id }),
        subjects: component.map((v) => nodes[v]!.id).sort(),
      });
    }
    return out;
  },
};
