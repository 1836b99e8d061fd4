/**
 * Stage 4: the dependency graph. One node per core step and entry; one edge per requirement
 * ("from must run before to"), labelled with why it exists and with whether every boot keeps it.
 * Flat arrays and maps only: the graph of a 100,000-entry plan is built in one linear pass.
 */
import type { HappensBefore } from './luna/schedule.js';
import { capabilityIds, type CapabilityIds } from './capability-ids.js';
import { EdgeTable } from './edge-table.js';
import type { NameLookup } from './name-index.js';
import { orderByKey, sortTies } from './keys.js';
import type { CoreStep, Edge, EdgeStatus, Entry, Profile } from './types.js';

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

/**
 * Capability → the nodes that provide it, in default order (an empty list for a capability of
 * `profile.initial` nobody provides); `keys` in the order of each one's first provider, then the
 * initial ones. A Map is one; `buildGraph` gives a view over its integer tables.
 */
export interface ProviderLookup {
  get(capability: string): GraphNode[] | undefined;
  keys(): Iterable<string>;
}

export interface Graph {
  nodes: GraphNode[];
  byId: NodeLookup;
  /** capability → the nodes that provide it, in default order. */
  providers: ProviderLookup;
  edges: Edge[];
  /**
   * Key model: the same edges as integer columns (`edges` makes their objects when first read).
   * The checker reads the few that are not proven through it.
   */
  edgeTable?: EdgeTable;
  /** Uses nothing provides (the checker reports them): entry id and capability. */
  unprovided: Array<{ entry: Entry; capability: string; term: boolean }>;
  /** Whether any entry or term function uses the capability. */
  isUsed(capability: string): boolean;
  /**
   * Thread-model profiles: the happens-before order that decided the edges' statuses (the key
   * model's order is the keys themselves: one lane). Rules that build schedules read it.
   */
  hb?: HappensBefore;
  /**
   * The capabilities as integers (key model): items are the core steps, then `entries` in that
   * array's order, so that rules reading every entry's provides can scan integers and touch only
   * the entries they report.
   */
  capabilities?: { table: CapabilityIds; entries: readonly Entry[]; stepCount: number };
  /**
   * Key model, from resolve: whether some id of `capabilities.entries` has a `#` (see
   * Resolved.numbered). Absent when not known: then the checker reads the ids.
   */
  numbered?: boolean;
}

export function compareNodes(a: GraphNode, b: GraphNode): number {
  return a.key - b.key || a.index - b.index;
}

/** Whether "a before b" holds for a tie, given how the profile orders ties. */
function tieStatus(profile: Profile, a: GraphNode, b: GraphNode): EdgeStatus {
  if (profile.ties === 'link-order') return a.index < b.index ? 'link-order' : 'violation';
  return 'race';
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

/**
 * `ids`: resolve's map from entry id to the entry, with `entries` among its
 * values (and only entries it may also hold, such as dropped ones, besides): `byId` then reads it
 * instead of building a map of its own. `numbered`: resolve's `Resolved.numbered`, for the entries.
 */
export function buildGraph(entries: Entry[], steps: CoreStep[], profile: Profile, ids?: NameLookup<Entry>, numbered?: boolean): Graph {
  // Default order (compareNodes): a counting sort by key, then ties by declaration index.
  const all = steps.length + entries.length;
  const keys = new Float64Array(all);
  // Declaration indexes are small integers: read from an Int32Array they stay unboxed in the
  // nodes (a Float64Array's values would give each node a heap number for its index).
  const indexes = new Int32Array(all);
  // Initcall tables whose errors do not stop the boot (constructors return void: they always provide).
  const carriesOn = new Set(profile.tables.filter((t) => t.role === 'initcall' && !t.canFail).map((t) => t.name));
  // Per item, read in declaration order: 1 when it provides nothing, 2 when it has a term
  // function, 4 when it names entries in `after` or `before`. With the ids, what the passes in
  // key order need of an entry: they read these arrays, not the entries (which key order visits
  // all over a 100,000-entry heap).
  const flags = new Uint8Array(all);
  const idOf: string[] = new Array<string>(all);
  for (let i = 0; i < steps.length; i++) {
    keys[i] = steps[i]!.key;
    indexes[i] = -1;
    idOf[i] = steps[i]!.id;
  }
  for (let j = 0; j < entries.length; j++) {
    const entry = entries[j]!;
    keys[steps.length + j] = entry.key;
    indexes[steps.length + j] = entry.index;
    idOf[steps.length + j] = entry.id;
    // An initcall that returns an error provides nothing; where the boot carries on past it
    // (Linux, Zephyr) its users then find nothing. Where the error stops the boot, entry-fails says so.
    // A term-only entry has no init function: the init loop skips it, so it provides nothing.
    const silent = entry.fn === null || (carriesOn.size > 0 && entry.returns < 0 && carriesOn.has(entry.table));
    flags[steps.length + j] = (silent ? 1 : 0) | (entry.term ? 2 : 0) | (entry.after.length > 0 || entry.before.length > 0 ? 4 : 0);
  }
  const order = sortTies(orderByKey(keys), keys, (a, b) => indexes[a]! - indexes[b]! || a - b);
  // By position (default order): each node's id and key.
  const idAt: string[] = new Array<string>(all);
  const keyAt = new Float64Array(all);
  const nodes: GraphNode[] = new Array(all);
  for (let pos = 0; pos < all; pos++) {
    const i = order[pos]!;
    const id = idOf[i]!;
    const key = keys[i]!;
    idAt[pos] = id;
    keyAt[pos] = key;
    nodes[pos] = i < steps.length
      ? { id, pos, key, index: -1, entry: null, step: steps[i]! }
      : { id, pos, key, index: indexes[i]!, entry: entries[i - steps.length]!, step: null };
  }
  const byId = ids ? idView(ids, nodes, steps.length) : mapOf(nodes);
  const caps = capabilityIds(steps, entries, profile.initial);
  const names = caps.names;
  // The passes below go in default order: each node's slices and flags copied into that order
  // once, so that they read them in sequence (by declaration order, each of the three passes
  // would read two scattered places per node: at 100k entries, a cache miss each).
  const at = slicesByPosition(caps, order, flags);
  const from = providerTable(caps, at, profile.initial ?? []);
  const withTerm = (pos: number) => (at.flags[pos]! & 2) !== 0;
  // "a before b", given their keys (a use reads its provider's key from `best`, beside the provider).
  const keyStatus = (ka: number, kb: number, a: number, b: number): EdgeStatus => (ka < kb ? 'proven' : ka > kb ? 'violation' : tieStatus(profile, nodes[a]!, nodes[b]!));
  const status = (a: number, b: number): EdgeStatus => keyStatus(keyAt[a]!, keyAt[b]!, a, b);
  const initial = new Uint8Array(names.length);
  for (const cap of profile.initial ?? []) initial[caps.ids.get(cap)!] = 1;
  // Per capability, what a use of it needs in one place: its first two providers and the key of
  // the first (see bestProviders).
  const best = bestProviders(from, keyAt);
  // Room for one edge per use, which is what most plans have (the table grows past it; steps use nothing).
  let usesCount = 0;
  for (let pos = 0; pos < all; pos++) usesCount += at.start[3 * pos + 3]! - at.start[3 * pos + 1]!;
  const edges = new EdgeTable(idAt, names, usesCount);
  const unprovided: Graph['unprovided'] = [];
  for (let pos = 0; pos < all; pos++) {
    const item = order[pos]!;
    if (item < steps.length) continue;
    const key = keyAt[pos]!;
    for (let k = at.start[3 * pos + 1]!, end = at.start[3 * pos + 2]!; k < end; k++) {
      const cap = at.caps[k]!;
      if (initial[cap]) continue;
      // Providers are in default order, so the first one that is not this entry is the best:
      // the smallest key, and among equal keys the one linked first.
      const b = 4 * cap;
      const count = best[b + 3]!;
      if (count === 0) {
        unprovided.push({ entry: entries[item - steps.length]!, capability: names[cap]!, term: false });
        continue;
      }
      let provider = best[b]!;
      let pk = best[b + 2]!;
      if (provider === pos) {
        if (count === 1) {
          edges.push(pos, pos, 'uses', cap, 'violation');
          continue;
        }
        provider = best[b + 1]!;
        pk = keyAt[provider]!;
      }
      edges.push(provider, pos, 'uses', cap, keyStatus(pk, key, provider, pos));
    }
    if (flags[item]! & 4) {
      const node = nodes[pos]!;
      const entry = entries[item - steps.length]!;
      // `after`/`before` naming the entry itself orders nothing (order-on-itself warns about it).
      for (let k = 0; k < entry.after.length; k++) {
        const a = byId.get(entry.after[k]!);
        if (a && a !== node) edges.push(a.pos, pos, 'after', -1, status(a.pos, pos));
      }
      for (let k = 0; k < entry.before.length; k++) {
        const b = byId.get(entry.before[k]!);
        if (b && b !== node) edges.push(pos, b.pos, 'before', -1, status(pos, b.pos));
      }
    }
    for (let k = at.start[3 * pos + 2]!, end = at.start[3 * pos + 3]!; k < end; k++) {
      const cap = at.caps[k]!;
      const first = from.start[cap]!;
      const last = from.start[cap + 1]!;
      if (first === last && !initial[cap]) {
        unprovided.push({ entry: entries[item - steps.length]!, capability: names[cap]!, term: true });
        continue;
      }
      // A provider without a term (a core step, or the profile's start for a capability of
      // `initial`) never withdraws; one with a term withdraws when its term runs, which is before
      // this entry's term if it comes later in the table.
      let withdraw = !initial[cap];
      for (let p = first; p < last && withdraw; p++) if (from.nodes[p] === pos || !withTerm(from.nodes[p]!)) withdraw = false;
      // The best provider is the first: in default order the statuses only get worse (a smaller
      // key is proven, an equal one a tie, a larger one a violation; a tie under link order is
      // link-order for the ones linked before this entry, which come first).
      if (withdraw) {
        const best = from.nodes[first]!;
        edges.push(best, pos, 'term-uses', cap, status(best, pos));
      }
      // Unmounting a directory takes every mount beneath it along (vfscore_autoumount unmounts
      // /dev too): each term that withdraws an ancestor mount must run after this one.
      const name = names[cap]!;
      if (name.startsWith('mount:')) {
        for (const ancestor of ancestorMounts(name.slice('mount:'.length))) {
          const above = caps.ids.get(`mount:${ancestor}`);
          if (above === undefined) continue;
          for (let p = from.start[above]!; p < from.start[above + 1]!; p++) {
            const w = from.nodes[p]!;
            if (w === pos || !withTerm(w)) continue;
            edges.push(w, pos, 'term-uses', cap, status(w, pos));
          }
        }
      }
    }
  }
  return {
    nodes, byId, providers: providerLookup(caps, from, nodes),
    get edges() {
      return edges.all();
    },
    edgeTable: edges, unprovided, isUsed: usedLookup(caps, entries, steps.length),
    capabilities: { table: caps, entries, stepCount: steps.length },
    ...(numbered !== undefined ? { numbered } : {}),
  };
}

/**
 * `Graph.isUsed`. The checker asks about each entry's provides in declaration order: the next one
 * in that order is tried first, by identity, before the hash lookup (at 100k entries the lookups
 * of scattered strings cost more than the rule's other work).
 */
function usedLookup(caps: CapabilityIds, entries: Entry[], stepCount: number): (capability: string) => boolean {
  let entry = 0;
  let k = 0;
  return (capability) => {
    while (entry < entries.length && k >= entries[entry]!.provides.length) {
      entry++;
      k = 0;
    }
    if (entry < entries.length && entries[entry]!.provides[k] === capability) {
      const at = caps.start[3 * (stepCount + entry)]! + k;
      if (at < caps.start[3 * (stepCount + entry) + 1]!) {
        k++;
        return caps.used[caps.caps[at]!] === 1;
      }
    }
    const cap = caps.ids.get(capability);
    return cap !== undefined && caps.used[cap] === 1;
  };
}

/** Each capability's providers, as node positions in default order: `nodes[start[c] .. start[c+1])`. */
interface ProviderTable {
  start: Int32Array;
  nodes: Int32Array;
  /** Capabilities with a provider (or initial), in the order a map filled in default order has them. */
  listed: Int32Array;
}

/** Each node's slices of `CapabilityIds` (provides, uses, term uses) and its flags, by position in default order. */
interface Slices {
  start: Int32Array;
  caps: Int32Array;
  flags: Uint8Array;
}

function slicesByPosition(caps: CapabilityIds, order: Uint32Array, flags: Uint8Array): Slices {
  const n = order.length;
  const start = new Int32Array(3 * n + 1);
  const out = new Int32Array(caps.caps.length);
  const byPos = new Uint8Array(n);
  let w = 0;
  for (let pos = 0; pos < n; pos++) {
    const item = order[pos]!;
    byPos[pos] = flags[item]!;
    const from = caps.start[3 * item]!;
    const provides = caps.start[3 * item + 1]! - from;
    const uses = caps.start[3 * item + 2]! - from;
    const end = caps.start[3 * item + 3]!;
    for (let k = from; k < end; k++) out[w + k - from] = caps.caps[k]!;
    start[3 * pos + 1] = w + provides;
    start[3 * pos + 2] = w + uses;
    w += end - from;
    start[3 * pos + 3] = w;
  }
  return { start, caps: out, flags: byPos };
}

function providerTable(caps: CapabilityIds, at: Slices, initial: readonly string[]): ProviderTable {
  const count = caps.names.length;
  const n = at.flags.length;
  const start = new Int32Array(count + 1);
  const firstAt = new Int32Array(count).fill(-1);
  let listed = 0;
  for (let pos = 0; pos < n; pos++) {
    if (at.flags[pos]! & 1) continue;
    for (let k = at.start[3 * pos]!, end = at.start[3 * pos + 1]!; k < end; k++) {
      const cap = at.caps[k]!;
      if (start[cap + 1]!++ === 0) firstAt[cap] = listed++;
    }
  }
  const order2 = new Int32Array(listed + initial.length);
  for (let cap = 0; cap < count; cap++) if (firstAt[cap]! >= 0) order2[firstAt[cap]!] = cap;
  for (const name of initial) {
    const cap = caps.ids.get(name)!;
    if (start[cap + 1] === 0 && firstAt[cap] === -1) {
      firstAt[cap] = listed;
      order2[listed++] = cap;
    }
  }
  for (let cap = 0; cap < count; cap++) start[cap + 1]! += start[cap]!;
  const fill = start.slice(0, count);
  const nodes = new Int32Array(start[count]!);
  for (let pos = 0; pos < n; pos++) {
    if (at.flags[pos]! & 1) continue;
    for (let k = at.start[3 * pos]!, end = at.start[3 * pos + 1]!; k < end; k++) nodes[fill[at.caps[k]!]!++] = pos;
  }
  return { start, nodes, listed: order2.subarray(0, listed) };
}

/**
 * Per capability c, at 4c: its first provider's position, its second's (-1 when none), the
 * first's key, and how many provide it. A use reads these four numbers, side by side, where the
 * provider table would send it to three scattered places.
 */
function bestProviders(from: ProviderTable, keyAt: Float64Array): Float64Array {
  const count = from.start.length - 1;
  const best = new Float64Array(4 * count);
  for (let cap = 0; cap < count; cap++) {
    const first = from.start[cap]!;
    const providers = from.start[cap + 1]! - first;
    const b = 4 * cap;
    best[b] = providers > 0 ? from.nodes[first]! : -1;
    best[b + 1] = providers > 1 ? from.nodes[first + 1]! : -1;
    best[b + 2] = providers > 0 ? keyAt[from.nodes[first]!]! : 0;
    best[b + 3] = providers;
  }
  return best;
}

/** `Graph.providers` over the table: lists are made when asked for (rules ask for a few). */
function providerLookup(caps: CapabilityIds, table: ProviderTable, nodes: GraphNode[]): ProviderLookup {
  const listed = new Uint8Array(caps.names.length);
  for (let k = 0; k < table.listed.length; k++) listed[table.listed[k]!] = 1;
  return {
    get(capability) {
      const cap = caps.ids.get(capability);
      if (cap === undefined || !listed[cap]) return undefined;
      const out: GraphNode[] = [];
      for (let p = table.start[cap]!; p < table.start[cap + 1]!; p++) out.push(nodes[table.nodes[p]!]!);
      return out;
    },
    *keys() {
      for (const cap of table.listed) yield caps.names[cap]!;
    },
  };
}

function mapOf(nodes: GraphNode[]): Map<string, GraphNode> {
  const byId = new Map<string, GraphNode>();
  for (const node of nodes) byId.set(node.id, node);
  return byId;
}

/**
 * Node lookup through resolve's id map: the id gives the entry, the entry's declaration index its
 * node (checked to be that entry's node); a step's id is looked up in a small map of the steps.
 * An id whose entry is not a node (a dropped entry) is not found, as with a map of the nodes.
 */
function idView(ids: NameLookup<Entry>, nodes: GraphNode[], stepCount: number): NodeLookup {
  const steps = new Map<string, GraphNode>();
  let last = -1;
  for (let pos = 0; pos < nodes.length; pos++) if (nodes[pos]!.index > last) last = nodes[pos]!.index;
  // Filled up front: nodes come in key order, and writes past the end of an empty array would
  // turn it into a dictionary.
  const byIndex: Array<GraphNode | undefined> = new Array<GraphNode | undefined>(last + 1).fill(undefined);
  for (let pos = 0; pos < nodes.length; pos++) {
    const node = nodes[pos]!;
    if (node.step) {
      if (stepCount > 0) steps.set(node.id, node);
    } else byIndex[node.index] = node;
  }
  return {
    get(id: string): GraphNode | undefined {
      const step = steps.get(id);
      if (step) return step;
      const entry = ids.get(id);
      if (!entry) return undefined;
      const node = byIndex[entry.index];
      return node && node.entry === entry ? node : undefined;
    },
  };
}
