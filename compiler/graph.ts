/**
 * Stage 4: the dependency graph. One node per core step and entry; one edge per requirement
 * ("from must run before to"), labelled with why it exists and with whether every boot keeps it.
 * Flat arrays and maps only: the graph of a 100,000-entry plan is built in one linear pass.
 */
import type { HappensBefore } from './luna/schedule.js';
import { orderByKey, sortTies } from './keys.js';
import type { CoreStep, Edge, EdgeReason, EdgeStatus, Entry, Profile } from './types.js';

/** A node: an entry or a core step, with what ordering needs to know about it. */
export interface GraphNode {
  id: string;
  /** Position in `Graph.nodes` (the default order). */
  pos: number;
  key: number;
  /** Declaration index for entries; -1 for steps. */
  index: number;
  entry: Entry | null;
  step: CoreStep | null;
}

/** Nodes by id: a Map, or a view over the id map resolve built already (no second 100k-entry map). */
export interface NodeLookup {
  get(id: string): GraphNode | undefined;
}

export interface Graph {
  nodes: GraphNode[];
  byId: NodeLookup;
  /** capability → the nodes that provide it, in default order. */
  providers: Map<string, GraphNode[]>;
  edges: Edge[];
  /** Uses nothing provides (the checker reports them): entry id and capability. */
  unprovided: Array<{ entry: Entry; capability: string; term: boolean }>;
  /** Whether any entry or term function uses the capability. */
  isUsed(capability: string): boolean;
  /**
   * Thread-model profiles: the happens-before order that decided the edges' statuses (the key
   * model's order is the keys themselves: one lane). Rules that build schedules read it.
   */
  hb?: HappensBefore;
}

export function compareNodes(a: GraphNode, b: GraphNode): number {
  return a.key - b.key || a.index - b.index;
}

/** Whether "a before b" holds for a tie, given how the profile orders ties. */
function tieStatus(profile: Profile, a: GraphNode, b: GraphNode): EdgeStatus {
  if (profile.ties === 'link-order') return a.index < b.index ? 'link-order' : 'violation';
  return 'race';
}

function status(profile: Profile, a: GraphNode, b: GraphNode): EdgeStatus {
  if (a.key < b.key) return 'proven';
  if (a.key > b.key) return 'violation';
  return tieStatus(profile, a, b);
}

/** `/a/b` → `/a`, `/`. */
export function ancestorMounts(path: string): string[] {
  const out: string[] = [];
  let dir = path;
  while (dir !== '/' && dir.length > 0) {
    dir = dir.slice(0, dir.lastIndexOf('/')) || '/';
    out.push(dir);
  }
  return out;
}

/** A capability's providers, with the one reason object its use edges share. */
type ProviderList = GraphNode[] & { reason?: EdgeReason };

const RANK: Record<EdgeStatus, number> = { proven: 0, 'link-order': 1, race: 2, violation: 3 };

/**
 * `ids`: resolve's map from entry id to (a record holding) the entry, with `entries` among its
 * values (and only entries it may also hold, such as dropped ones, besides): `byId` then reads it
 * instead of building a map of its own.
 */
export function buildGraph(entries: Entry[], steps: CoreStep[], profile: Profile, ids?: ReadonlyMap<string, { entry: Entry }>): Graph {
  // Default order (compareNodes): a counting sort by key, then ties by declaration index.
  const all = steps.length + entries.length;
  const keys = new Float64Array(all);
  const indexes = new Float64Array(all);
  for (let i = 0; i < steps.length; i++) {
    keys[i] = steps[i]!.key;
    indexes[i] = -1;
  }
  for (let j = 0; j < entries.length; j++) {
    keys[steps.length + j] = entries[j]!.key;
    indexes[steps.length + j] = entries[j]!.index;
  }
  const order = sortTies(orderByKey(keys), keys, (a, b) => indexes[a]! - indexes[b]! || a - b);
  const nodes: GraphNode[] = new Array(all);
  for (let pos = 0; pos < all; pos++) {
    const i = order[pos]!;
    if (i < steps.length) {
      const step = steps[i]!;
      nodes[pos] = { id: step.id, pos, key: step.key, index: -1, entry: null, step };
    } else {
      const entry = entries[i - steps.length]!;
      nodes[pos] = { id: entry.id, pos, key: entry.key, index: entry.index, entry, step: null };
    }
  }
  const byId = ids ? idView(ids, nodes, steps.length) : new Map<string, GraphNode>();
  const providers = new Map<string, GraphNode[]>();
  // Initcall tables whose errors do not stop the boot (constructors return void: they always provide).
  const carriesOn = new Set(profile.tables.filter((t) => t.role === 'initcall' && !t.canFail).map((t) => t.name));
  for (const node of nodes) {
    if (byId instanceof Map) byId.set(node.id, node);
    // An initcall that returns an error provides nothing; where the boot carries on past it
    // (Linux, Zephyr) its users then find nothing. Where the error stops the boot, entry-fails says so.
    if (carriesOn.size > 0 && node.entry && node.entry.returns < 0 && carriesOn.has(node.entry.table)) continue;
    // A term-only entry has no init function: the init loop skips it, so it provides nothing.
    if (node.entry && node.entry.fn === null) continue;
    for (const cap of node.entry?.provides ?? node.step!.provides) {
      const list = providers.get(cap);
      if (list) list.push(node);
      else providers.set(cap, [node]);
    }
  }
  const initial = new Set(profile.initial ?? []);
  for (const cap of initial) if (!providers.has(cap)) providers.set(cap, []);
  // One reason object per capability, kept on its provider list, so that each use costs one
  // lookup: a 100k-entry plan has a few hundred thousand use edges.
  const usesReason = (list: ProviderList, capability: string): EdgeReason => (list.reason ??= { kind: 'uses', capability });

  const edges: Edge[] = [];
  const unprovided: Graph['unprovided'] = [];
  // Uses with a provider leave their reason on the provider list; only the others need a set.
  const otherUses = new Set<string>();
  for (const node of nodes) {
    const entry = node.entry;
    if (!entry) continue;
    for (const cap of entry.uses) {
      if (initial.size > 0 && initial.has(cap)) {
        otherUses.add(cap);
        continue;
      }
      const from = providers.get(cap) as ProviderList | undefined;
      // Providers are in default order, so the first one that is not this entry is the best:
      // the smallest key, and among equal keys the one linked first.
      let best: GraphNode | null = null;
      if (from) best = from[0] === node ? from[1] ?? null : from[0] ?? null;
      const bestStatus: EdgeStatus = best ? status(profile, best, node) : 'violation';
      if (best === null) {
        if (from?.includes(node)) edges.push({ from: node.id, to: node.id, reason: usesReason(from, cap), status: 'violation' });
        else {
          unprovided.push({ entry, capability: cap, term: false });
          otherUses.add(cap);
        }
        continue;
      }
      edges.push({ from: best.id, to: node.id, reason: usesReason(from!, cap), status: bestStatus });
    }
    // `after`/`before` naming the entry itself orders nothing (order-on-itself warns about it).
    for (const ref of entry.after) {
      const a = byId.get(ref);
      if (a && a !== node) edges.push({ from: a.id, to: node.id, reason: { kind: 'after' }, status: status(profile, a, node) });
    }
    for (const ref of entry.before) {
      const b = byId.get(ref);
      if (b && b !== node) edges.push({ from: node.id, to: b.id, reason: { kind: 'before' }, status: status(profile, node, b) });
    }
    for (const cap of entry.term?.uses ?? []) {
      otherUses.add(cap);
      const from = providers.get(cap);
      if (!from || from.length === 0) {
        unprovided.push({ entry, capability: cap, term: true });
        continue;
      }
      // A provider without a term (or a core step) never withdraws; one with a term withdraws
      // when its term runs, which is before this entry's term if it comes later in the table.
      if (!from.some((p) => p === node || !p.entry || !p.entry.term)) {
        let best: GraphNode | null = null;
        let bestStatus: EdgeStatus = 'violation';
        for (const p of from) {
          const s = status(profile, p, node);
          if (best === null || RANK[s] < RANK[bestStatus]) {
            best = p;
            bestStatus = s;
          }
        }
        edges.push({ from: best!.id, to: node.id, reason: { kind: 'term-uses', capability: cap }, status: bestStatus });
      }
      // Unmounting a directory takes every mount beneath it along (vfscore_autoumount unmounts
      // /dev too): each term that withdraws an ancestor mount must run after this one.
      if (cap.startsWith('mount:')) {
        for (const ancestor of ancestorMounts(cap.slice('mount:'.length))) {
          for (const w of providers.get(`mount:${ancestor}`) ?? []) {
            if (w === node || !w.entry?.term) continue;
            edges.push({ from: w.id, to: node.id, reason: { kind: 'term-uses', capability: cap }, status: status(profile, w, node) });
          }
        }
      }
    }
  }
  const isUsed = (capability: string) => (providers.get(capability) as ProviderList | undefined)?.reason !== undefined || otherUses.has(capability);
  return { nodes, byId, providers, edges, unprovided, isUsed };
}

/**
 * Node lookup through resolve's id map: the id gives the entry, the entry's declaration index its
 * node (checked to be that entry's node); a step's id is looked up in a small map of the steps.
 * An id whose entry is not a node (a dropped entry) is not found, as with a map of the nodes.
 */
function idView(ids: ReadonlyMap<string, { entry: Entry }>, nodes: GraphNode[], stepCount: number): NodeLookup {
  const steps = new Map<string, GraphNode>();
  let last = -1;
  for (const node of nodes) if (node.index > last) last = node.index;
  // Filled up front: nodes come in key order, and writes past the end of an empty array would
  // turn it into a dictionary.
  const byIndex: Array<GraphNode | undefined> = new Array<GraphNode | undefined>(last + 1).fill(undefined);
  for (const node of nodes) {
    if (node.step) {
      if (stepCount > 0) steps.set(node.id, node);
    } else byIndex[node.index] = node;
  }
  return {
    get(id: string): GraphNode | undefined {
      const step = steps.get(id);
      if (step) return step;
      const entry = ids.get(id)?.entry;
      if (!entry) return undefined;
      const node = byIndex[entry.index];
      return node && node.entry === entry ? node : undefined;
    },
  };
}
