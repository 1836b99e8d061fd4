/**
 * Which broken requirements are a file-name-order problem: the user runs in one service (or a
 * process it starts), the provider in another of the same service directory, and the provider's
 * file sorts after the user's. The race and use-before-provide rules leave those pairs to
 * `service-order`, which says which rename fixes them.
 */
import type { Graph } from '../graph.js';
import type { Compiled, Edge } from '../types.js';
import type { LunaLane, LunaService } from './model.js';
import { byteCompare } from './services.js';

export interface ServiceOrderPair {
  edge: Edge;
  user: LunaService;
  provider: LunaService;
  /** A file name for the provider that sorts before the user's. */
  rename: string;
}

function serviceOf(lanes: Map<string, LunaLane>, laneId: string): LunaService | null {
  for (let l = lanes.get(laneId); l; l = l.parent ? lanes.get(l.parent) : undefined) if (l.service) return l.service;
  return null;
}

/** `9-net` before `10-login`: the provider's number, zero-padded to the user's width (`09-net`), else one below it. */
export function renameBefore(provider: string, user: string): string {
  const p = /^(\d+)(.*)$/.exec(provider);
  const u = /^(\d+)/.exec(user);
  if (p && u) {
    const padded = p[1]!.padStart(u[1]!.length, '0') + p[2];
    if (byteCompare(padded, user) < 0) return padded;
    const n = Math.max(0, Number(u[1]) - 1);
    return String(n).padStart(u[1]!.length, '0') + p[2];
  }
  return `00-${provider}`;
}

const cache = new WeakMap<Compiled, ServiceOrderPair[]>();

export function serviceOrderPairs(compiled: Compiled, graph: Graph): ServiceOrderPair[] {
  if (!compiled.luna) return [];
  const hit = cache.get(compiled);
  if (hit) return hit;
  const lanes = new Map(compiled.luna.lanes.map((l) => [l.id, l]));
  const out: ServiceOrderPair[] = [];
  for (const edge of graph.edges) {
    if (edge.status === 'proven' || edge.reason.kind !== 'uses' || edge.from === edge.to) continue;
    const a = graph.byId.get(edge.from)?.entry?.luna;
    const b = graph.byId.get(edge.to)?.entry?.luna;
    if (!a || !b) continue;
    const provider = serviceOf(lanes, a.lane);
    const user = serviceOf(lanes, b.lane);
    if (!provider || !user || provider === user || provider.dir !== user.dir || provider.source !== user.source) continue;
    if (byteCompare(provider.file, user.file) <= 0) continue;
    out.push({ edge, user, provider, rename: renameBefore(provider.file, user.file) });
  }
  cache.set(compiled, out);
  return out;
}

/** Whether the rules for plain races and violations should leave this edge to service-order. */
export function isServiceOrderEdge(compiled: Compiled, graph: Graph, edge: Edge): boolean {
  return compiled.luna !== undefined && serviceOrderPairs(compiled, graph).some((p) => p.edge === edge);
}
