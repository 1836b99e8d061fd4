/**
 * The compiled graph as a @dagrejs/graphlib Graph, for users who want its algorithms. Only for
 * export: graphlib's algorithms recurse and building a 100k-node Graph is slow, so the checker
 * never uses it.
 */
import { Graph } from '@dagrejs/graphlib';
import type { Compiled } from '../types.js';

export function toGraphlib(compiled: Compiled): Graph {
  const g = new Graph({ directed: true, multigraph: true, compound: false });
  g.setGraph({ name: compiled.plan.name, profile: `${compiled.profile.name}@${compiled.profile.version}` });
  const entries = new Map(compiled.entries.map((e) => [e.id, e]));
  const steps = new Map(compiled.steps.map((s) => [s.id, s]));
  for (const id of compiled.order) {
    const e = entries.get(id);
    const s = steps.get(id);
    g.setNode(id, e ? { kind: e.kind, lib: e.lib, fn: e.fn, table: e.table, level: e.level, prio: e.prio, key: e.key } : { kind: 'step', title: s?.title, key: s?.key });
  }
  compiled.edges.forEach((edge, i) => g.setEdge(edge.from, edge.to, { reason: edge.reason, status: edge.status }, `e${i}`));
  return g;
}
