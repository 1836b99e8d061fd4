/**
 * The dependency graph of a thread-model plan: the same `Graph` the key model builds, with each
 * requirement's status decided on happens-before instead of keys — proven when the provider
 * happens before the user in every schedule, a race when some schedule runs the user first, a
 * violation when the user happens before every provider. With one lane and keys for positions
 * this is exactly the key model's decision; the rules read only the statuses.
 */
import type { Graph, GraphNode } from '../graph.js';
import type { Edge, EdgeStatus, Entry, Profile } from '../types.js';
import type { LunaModel } from './model.js';
import { HappensBefore } from './schedule.js';

export function buildLunaGraph(entries: Entry[], profile: Profile, luna: LunaModel, order: readonly string[]): Graph {
  const nodes: GraphNode[] = entries.map((entry) => ({ id: entry.id, pos: 0, key: entry.key, index: entry.index, entry, step: null }));
  nodes.sort((a, b) => a.key - b.key);
  nodes.forEach((n, i) => (n.pos = i));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const hb = new HappensBefore(order, luna.hb);
  const providers = new Map<string, GraphNode[]>();
  for (const node of nodes) {
    for (const cap of node.entry!.provides) {
      const list = providers.get(cap);
      if (list) list.push(node);
      else providers.set(cap, [node]);
    }
  }
  const initial = new Set(profile.initial ?? []);
  const used = new Set<string>();
  const edges: Edge[] = [];
  const unprovided: Graph['unprovided'] = [];
  const status = (a: GraphNode, b: GraphNode): EdgeStatus => (hb.before(a.id, b.id) ? 'proven' : hb.before(b.id, a.id) || a === b ? 'violation' : 'race');
  // A step no schedule reaches (deadlock reports it) uses nothing: it never runs.
  const blocked = new Set(luna.blocked);
  for (const node of nodes) {
    const entry = node.entry!;
    if (blocked.has(entry.id)) continue;
    for (const cap of entry.uses) {
      used.add(cap);
      if (initial.has(cap)) continue;
      const from = (providers.get(cap) ?? []).filter((p) => p !== node);
      if (from.length === 0) {
        if (providers.get(cap)?.includes(node)) edges.push({ from: node.id, to: node.id, reason: { kind: 'uses', capability: cap }, status: 'violation' });
        else unprovided.push({ entry, capability: cap, term: false });
        continue;
      }
      // The best provider: one that happens before (proven), else one that may (race), else the first.
      const best = from.find((p) => status(p, node) === 'proven') ?? from.find((p) => status(p, node) === 'race') ?? from[0]!;
      edges.push({ from: best.id, to: node.id, reason: { kind: 'uses', capability: cap }, status: status(best, node) });
    }
  }
  return { nodes, byId, providers, edges, unprovided, isUsed: (c) => used.has(c), hb };
}
