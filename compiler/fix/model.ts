/**
 * The priority solver's problem, read off a compiled plan: for every node of the graph the keys
 * it may take (its domain: the (level, priority) slots of its table, sorted by key), and for every
 * edge of the graph a requirement "key(from) < key(to)" (or ≤ where the profile's link order is
 * deterministic and keeps the pair in order). Nodes that must not move — core steps, `main`,
 * `pinned: true` entries, entries of included files — have one key.
 */
import { LEVEL_SHIFT, PHASE_SHIFT, PRIO_SHIFT } from '../keys.js';
import type { LoadedFile } from '../load.js';
import type { Compiled, Edge, Entry, ProfileTable } from '../types.js';

/** One place an entry can be registered at. */
export interface Slot {
  key: number;
  /** Index into the table's levels; -1 for tables without levels. */
  levelIndex: number;
  /** Null for tables without priorities. */
  prio: number | null;
}

export interface FixNode {
  id: string;
  entry: Entry | null;
  /** Sorted by key. */
  domain: Slot[];
  /** Index of the current slot in `domain`. */
  original: number;
  /** Why the node has one slot (or only its priority is held), for messages; null when it may move freely. */
  held: string | null;
}

export interface Requirement {
  from: number;
  to: number;
  /** Strict: key(from) < key(to). Otherwise key(from) ≤ key(to) (deterministic link order keeps them). */
  strict: boolean;
  edge: Edge;
}

export interface FixProblem {
  nodes: FixNode[];
  byId: Map<string, number>;
  requirements: Requirement[];
  /** Requirement indices leaving / entering each node. */
  out: number[][];
  in: number[][];
}

export interface ModelOptions {
  /** Also move entries of included files (by default they are the catalog's, and stay). */
  allFiles?: boolean;
}

const SYMBOLIC = /^\s*(after|before)\(\s*([^)\s]+)\s*\)\s*$/;

/** The raw YAML object an entry came from. */
export function rawEntry(files: LoadedFile[], entry: Entry): Record<string, unknown> | null {
  const file = files.find((f) => f.file === entry.source.file);
  let node: unknown = file?.data;
  for (const key of entry.source.path) {
    if (node === null || typeof node !== 'object') return null;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node !== null && typeof node === 'object' && !Array.isArray(node) ? (node as Record<string, unknown>) : null;
}

/** Every slot of a table, sorted by key (the keys `resolve` would give). */
export function tableSlots(compiled: Compiled, table: ProfileTable): Slot[] {
  const slots: Slot[] = [];
  const levels = table.levels && table.levels.length > 0 ? table.levels : null;
  const levelCount = levels ? levels.length : 1;
  for (let li = 0; li < levelCount; li++) {
    const level = levels?.[li];
    const phaseIndex = compiled.profile.phases.findIndex((p) => 'table' in p && p.table === table.name && (!p.levels || (level !== undefined && p.levels.includes(level.name))));
    if (phaseIndex < 0) continue;
    const base = (phaseIndex + 1) * PHASE_SHIFT + (levels ? li : 0) * LEVEL_SHIFT;
    if (!table.prio) {
      slots.push({ key: base, levelIndex: levels ? li : -1, prio: null });
      continue;
    }
    for (let p = table.prio.min; p <= table.prio.max; p++) slots.push({ key: base + (p - table.prio.min) * PRIO_SHIFT, levelIndex: levels ? li : -1, prio: p });
  }
  return slots.sort((a, b) => a.key - b.key);
}

export function buildProblem(compiled: Compiled, files: LoadedFile[], root: string, options: ModelOptions = {}): FixProblem {
  const nodes: FixNode[] = [];
  const byId = new Map<string, number>();
  const slotCache = new Map<string, Slot[]>();
  const held = (id: string, slot: Slot, why: string, entry: Entry | null): FixNode => ({ id, entry, domain: [slot], original: 0, held: why });

  // Entries whose priority another entry's `after(…)`/`before(…)` is written against, and those
  // written that way: the solver may change their level, never the number (it would break the relation).
  const symbolic = new Map<string, string>();
  for (const entry of compiled.entries) {
    const raw = rawEntry(files, entry);
    const m = typeof raw?.prio === 'string' ? SYMBOLIC.exec(raw.prio) : null;
    if (!m) continue;
    symbolic.set(entry.id, `its priority is written as ${m[1]}(${m[2]})`);
    if (!symbolic.has(m[2]!)) symbolic.set(m[2]!, `${entry.id} writes its priority relative to it`);
  }

  for (const step of compiled.steps) {
    byId.set(step.id, nodes.length);
    nodes.push(held(step.id, { key: step.key, levelIndex: -1, prio: null }, `core step "${step.title}"`, null));
  }
  for (const entry of compiled.entries) {
    byId.set(entry.id, nodes.length);
    const current: Slot = { key: entry.key, levelIndex: -1, prio: entry.prio };
    const table = compiled.profile.tables.find((t) => t.name === entry.table);
    const raw = rawEntry(files, entry);
    let why: string | null = null;
    if (entry.kind === 'main') why = 'main';
    else if (!table || (!table.prio && !(table.levels && table.levels.length > 0))) why = `${table?.title ?? 'its table'} has no levels or priorities`;
    else if (raw?.pinned === true) why = 'pinned: true';
    else if (entry.source.file !== root && !options.allFiles) why = 'it comes from an included file (fix --all-files moves those too)';
    if (why !== null || !table) {
      nodes.push(held(entry.id, current, why ?? 'main', entry));
      continue;
    }
    let slots = slotCache.get(table.name);
    if (!slots) slotCache.set(table.name, (slots = tableSlots(compiled, table)));
    // A devicetree ordinal rides on the slot's key (resolve adds ordinal + 1).
    let domain = entry.ordinal === undefined ? slots : slots.map((s) => ({ ...s, key: s.key + entry.ordinal! + 1 }));
    const prioHeld = symbolic.get(entry.id);
    if (prioHeld !== undefined && table.prio) domain = domain.filter((s) => s.prio === entry.prio);
    const original = domain.findIndex((s) => s.key === entry.key);
    if (original < 0) {
      nodes.push(held(entry.id, current, 'its current slot is not one the solver knows', entry));
      continue;
    }
    nodes.push({ id: entry.id, entry, domain, original, held: prioHeld ?? null });
  }

  const requirements: Requirement[] = [];
  const out: number[][] = nodes.map(() => []);
  const inn: number[][] = nodes.map(() => []);
  const linkOrder = compiled.profile.ties === 'link-order';
  const providers = providersOf(compiled, byId);
  const keyOf = (i: number) => nodes[i]!.domain[nodes[i]!.original]!.key;
  for (const edge of compiled.edges) {
    let from = byId.get(edge.from);
    const to = byId.get(edge.to);
    if (from === undefined || to === undefined) continue;
    // A use needs one provider first. The graph names the earliest; when that one cannot move and
    // comes too late, another provider that can move is the one to bring forward.
    if (edge.reason.kind === 'uses' && from !== to && nodes[from]!.domain.length === 1 && keyOf(from) >= keyOf(to)) {
      const other = (providers.get(edge.reason.capability) ?? []).find((p) => p !== to && p !== from && nodes[p]!.domain.length > 1);
      if (other !== undefined) from = other;
    }
    const a = nodes[from]!.entry;
    const b = nodes[to]!.entry;
    const strict = !(linkOrder && a !== null && b !== null && a.index < b.index);
    out[from]!.push(requirements.length);
    inn[to]!.push(requirements.length);
    requirements.push({ from, to, strict, edge });
  }
  return { nodes, byId, requirements, out, in: inn };
}

/** capability → provider nodes (entries with an init function, and core steps), in key order. */
function providersOf(compiled: Compiled, byId: Map<string, number>): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const add = (cap: string, id: string) => {
    const list = out.get(cap) ?? [];
    list.push(byId.get(id)!);
    out.set(cap, list);
  };
  for (const step of compiled.steps) for (const cap of step.provides) add(cap, step.id);
  // A term-only entry provides nothing, nor does one that returns an error.
  for (const entry of [...compiled.entries].sort((a, b) => a.key - b.key || a.index - b.index)) {
    if (entry.fn === null || entry.returns < 0) continue;
    for (const cap of entry.provides) add(cap, entry.id);
  }
  return out;
}
