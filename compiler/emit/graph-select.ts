/**
 * Which part of the dependency graph `bootplan graph` draws: capabilities everyone uses hidden
 * (`--hide alloc`), the neighbourhood of one entry (`--focus LIB.FN`), or what lies between two
 * nodes (`--from`, `--to`). Pure; node ids stay in boot order (the default linearization).
 */
import { suggest } from '../suggest.js';
import type { Compiled, Edge } from '../types.js';

export interface GraphSelection {
  /** Capabilities whose `uses` edges are left out. */
  hide?: readonly string[];
  /** An entry or core step: draw it and what is within `depth` edges of it, both ways. */
  focus?: string;
  /** Edges from the focused node counted; default 1 (its direct requirements and users). */
  depth?: number;
  /** Draw only what `from` leads to (and `from`). */
  from?: string;
  /** Draw only what leads to `to` (and `to`). */
  to?: string;
}

export interface GraphPart {
  /** Node ids in boot order. */
  nodes: string[];
  edges: Edge[];
}

/** A node (or, for `hide`, a capability no edge is for) a selection names that the plan does not have, with a close match. */
export interface UnknownNode {
  option: 'hide' | 'focus' | 'from' | 'to';
  id: string;
  suggestion?: string;
}

/** The part of the graph a selection keeps, or the node ids it names that do not exist. */
export function selectGraph(compiled: Compiled, selection: GraphSelection = {}): GraphPart | { unknown: UnknownNode[] } {
  const known = new Set(compiled.order);
  const unknown: UnknownNode[] = [];
  for (const option of ['focus', 'from', 'to'] as const) {
    const id = selection[option];
    if (id === undefined || known.has(id)) continue;
    const close = suggest(id, known);
    unknown.push(close ? { option, id, suggestion: close } : { option, id });
  }
  const capabilities = new Set(compiled.edges.flatMap((e) => (e.reason.kind === 'uses' || e.reason.kind === 'term-uses' ? [e.reason.capability] : [])));
  for (const capability of selection.hide ?? []) {
    if (capabilities.has(capability)) continue;
    const close = suggest(capability, capabilities);
    unknown.push(close ? { option: 'hide', id: capability, suggestion: close } : { option: 'hide', id: capability });
  }
  if (unknown.length > 0) return { unknown };

  const hidden = new Set(selection.hide ?? []);
  const edges = compiled.edges.filter((e) => !((e.reason.kind === 'uses' || e.reason.kind === 'term-uses') && hidden.has(e.reason.capability)));
  let keep: Set<string> = known;
  if (selection.focus !== undefined) {
    const depth = selection.depth ?? 1;
    keep = intersect(keep, union(reach(edges, selection.focus, 'forward', depth), reach(edges, selection.focus, 'backward', depth)));
  }
  if (selection.from !== undefined) keep = intersect(keep, reach(edges, selection.from, 'forward', Infinity));
  if (selection.to !== undefined) keep = intersect(keep, reach(edges, selection.to, 'backward', Infinity));
  return {
    nodes: compiled.order.filter((id) => keep.has(id)),
    edges: edges.filter((e) => keep.has(e.from) && keep.has(e.to)),
  };
}

/** The start and every node within `depth` edges of it in one direction (breadth first, no recursion). */
function reach(edges: readonly Edge[], start: string, direction: 'forward' | 'backward', depth: number): Set<string> {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    const [a, b] = direction === 'forward' ? [e.from, e.to] : [e.to, e.from];
    const list = next.get(a);
    if (list) list.push(b);
    else next.set(a, [b]);
  }
  const seen = new Set([start]);
  let frontier = [start];
  for (let d = 0; d < depth && frontier.length > 0; d++) {
    const following: string[] = [];
    for (const id of frontier) for (const n of next.get(id) ?? []) if (!seen.has(n)) { seen.add(n); following.push(n); }
    frontier = following;
  }
  return seen;
}

function union<T>(a: Set<T>, b: Set<T>): Set<T> {
  return new Set([...a, ...b]);
}

function intersect<T>(a: Set<T>, b: Set<T>): Set<T> {
  return new Set([...a].filter((x) => b.has(x)));
}
