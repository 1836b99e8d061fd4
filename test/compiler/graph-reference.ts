/**
 * The graph's edges written the plain way, as an oracle for `buildGraph` (which works on integer
 * tables): nodes sorted by comparison, providers in a string-keyed map, every list searched.
 */
import { ancestorMounts, compareNodes, type GraphNode } from '../../compiler/graph.js';
import type { CoreStep, Edge, EdgeStatus, Entry, Profile } from '../../compiler/types.js';

export interface ReferenceGraph {
  nodes: GraphNode[];
  providers: Map<string, GraphNode[]>;
  edges: Edge[];
  unprovided: Array<{ entry: Entry; capability: string; term: boolean }>;
  used: Set<string>;
}

const RANK: Record<EdgeStatus, number> = { proven: 0, 'link-order': 1, race: 2, violation: 3 };

export function referenceGraph(entries: Entry[], steps: CoreStep[], profile: Profile): ReferenceGraph {
  const nodes: GraphNode[] = [
    ...steps.map((step) => ({ id: step.id, pos: 0, key: step.key, index: -1, entry: null, step })),
    ...entries.map((entry) => ({ id: entry.id, pos: 0, key: entry.key, index: entry.index, entry, step: null })),
  ].sort(compareNodes);
  nodes.forEach((n, i) => (n.pos = i));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const carriesOn = profile.tables.filter((t) => t.role === 'initcall' && !t.canFail).map((t) => t.name);
  const initial = profile.initial ?? [];
  const provides = (n: GraphNode): string[] => {
    if (n.step) return n.step.provides;
    const e = n.entry!;
    return e.fn === null || (e.returns < 0 && carriesOn.includes(e.table)) ? [] : e.provides;
  };
  const providers = new Map<string, GraphNode[]>();
  for (const n of nodes) for (const cap of provides(n)) providers.set(cap, [...(providers.get(cap) ?? []), n]);
  for (const cap of initial) if (!providers.has(cap)) providers.set(cap, []);
  const status = (a: GraphNode, b: GraphNode): EdgeStatus => {
    if (a.key !== b.key) return a.key < b.key ? 'proven' : 'violation';
    if (profile.ties === 'link-order') return a.index < b.index ? 'link-order' : 'violation';
    return 'race';
  };
  const edges: Edge[] = [];
  const unprovided: ReferenceGraph['unprovided'] = [];
  const used = new Set<string>();
  for (const node of nodes) {
    const entry = node.entry;
    if (!entry) continue;
    for (const cap of entry.uses) {
      used.add(cap);
      if (initial.includes(cap)) continue;
      // The first provider other than the entry's own first listing (an entry that lists a
      // capability twice is its own second provider).
      const list = providers.get(cap) ?? [];
      const best = list[0] === node ? list[1] : list[0];
      if (best) edges.push({ from: best.id, to: node.id, reason: { kind: 'uses', capability: cap }, status: status(best, node) });
      else if (list.length > 0) edges.push({ from: node.id, to: node.id, reason: { kind: 'uses', capability: cap }, status: 'violation' });
      else unprovided.push({ entry, capability: cap, term: false });
    }
    for (const ref of entry.after) {
      const a = byId.get(ref);
      if (a && a !== node) edges.push({ from: a.id, to: node.id, reason: { kind: 'after' }, status: status(a, node) });
    }
    for (const ref of entry.before) {
      const b = byId.get(ref);
      if (b && b !== node) edges.push({ from: node.id, to: b.id, reason: { kind: 'before' }, status: status(node, b) });
    }
    for (const cap of entry.term?.uses ?? []) {
      used.add(cap);
      const list = providers.get(cap) ?? [];
      // A capability of `initial` is there from the start and nothing withdraws it.
      const fromStart = initial.includes(cap);
      if (list.length === 0 && !fromStart) {
        unprovided.push({ entry, capability: cap, term: true });
        continue;
      }
      if (!fromStart && list.every((p) => p !== node && p.entry?.term)) {
        const best = list.reduce((a, b) => (RANK[status(b, node)] < RANK[status(a, node)] ? b : a));
        edges.push({ from: best.id, to: node.id, reason: { kind: 'term-uses', capability: cap }, status: status(best, node) });
      }
      if (!cap.startsWith('mount:')) continue;
      for (const ancestor of ancestorMounts(cap.slice('mount:'.length))) {
        for (const w of providers.get(`mount:${ancestor}`) ?? []) {
          if (w !== node && w.entry?.term) edges.push({ from: w.id, to: node.id, reason: { kind: 'term-uses', capability: cap }, status: status(w, node) });
        }
      }
    }
  }
  return { nodes, providers, edges, unprovided, used };
}
