/**
 * Capabilities as integers, for the graph. Each distinct name gets an id, in the order first met,
 * and each item (the core steps, then the entries, as `buildGraph` numbers them) its provides,
 * uses and term uses as three slices of one flat array of ids.
 *
 * Interned in declaration order on purpose: the entries and their strings lie in memory in that
 * order, so each name's one hash lookup is cheap. The graph then works in key order on integers
 * only; a string-keyed map over 100,000 capabilities looked up in key order costs a cache miss or
 * more per lookup (about 1 µs each at 100k entries, most of the graph's time).
 */
import type { CoreStep, Entry } from './types.js';

export interface CapabilityIds {
  /** Capability → id. */
  ids: NameIndex;
  /** Id → capability. */
  names: string[];
  /**
   * Item i's provides are `caps[start[3i] .. start[3i+1])`, its uses end at `start[3i+2]`, its
   * term uses at `start[3i+3]` (= the next item's provides' start).
   */
  start: Int32Array;
  caps: Int32Array;
  /** 1 for each capability some entry (or term function) uses. */
  used: Uint8Array;
}

const NONE: readonly string[] = [];

/**
 * The ids of every capability the steps and entries provide or use, then of `extra` (the
 * profile's initial capabilities).
 */
export function capabilityIds(steps: readonly CoreStep[], entries: readonly Entry[], extra: readonly string[] = NONE): CapabilityIds {
  // Indexed loops: this runs once per plan, before the optimising compiler would remove a for-of
  // iterator's result objects (hundreds of thousands at 100k entries).
  let total = 0;
  for (let i = 0; i < steps.length; i++) total += steps[i]!.provides.length;
  for (let j = 0; j < entries.length; j++) {
    const e = entries[j]!;
    total += e.provides.length + e.uses.length + (e.term ? e.term.uses.length : 0);
  }
  const items = steps.length + entries.length;
  const start = new Int32Array(3 * items + 1);
  const caps = new Int32Array(total);
  const ids = new NameIndex(total + extra.length);
  const names = ids.names;
  let at = 0;
  const add = (list: readonly string[]) => {
    for (let k = 0; k < list.length; k++) caps[at++] = ids.add(list[k]!);
  };
  let slot = 0;
  for (let i = 0; i < steps.length; i++) {
    add(steps[i]!.provides);
    start[++slot] = at;
    start[++slot] = at;
    start[++slot] = at;
  }
  for (let j = 0; j < entries.length; j++) {
    const e = entries[j]!;
    add(e.provides);
    start[++slot] = at;
    add(e.uses);
    start[++slot] = at;
    if (e.term) add(e.term.uses);
    start[++slot] = at;
  }
  for (const name of extra) ids.add(name);
  const used = new Uint8Array(names.length);
  for (let i = 0; i < items; i++) for (let k = start[3 * i + 1]!; k < start[3 * i + 3]!; k++) used[caps[k]!] = 1;
  return { ids, names, start, caps, used };
}

/**
 * Names → ids 0, 1, 2, … in the order first added: an open-addressing table sized once for the
 * names it will hold. A `Map` filled with 200,000 names spends most of its time growing (each
 * growth rehashes every key, reading every string again); this one never grows, and keeps each
 * slot's hash beside it, so that a probe reads a string only when the hashes match.
 */
export class NameIndex {
  readonly names: string[] = [];
  private readonly slots: Int32Array;
  private readonly hashes: Int32Array;
  private readonly mask: number;
  private readonly capacity: number;

  /** Room for `capacity` names (adding more throws). */
  constructor(capacity: number) {
    let size = 16;
    while (size < 2 * capacity) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.hashes = new Int32Array(size);
    this.mask = size - 1;
    this.capacity = capacity;
  }

  get size(): number {
    return this.names.length;
  }

  /** The id of `name`, or undefined. */
  get(name: string): number | undefined {
    const hash = hashOf(name);
    for (let s = hash & this.mask; ; s = (s + 1) & this.mask) {
      const id = this.slots[s]!;
      if (id < 0) return undefined;
      if (this.hashes[s] === hash && this.names[id] === name) return id;
    }
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** The id of `name`, given the next one if it has none. */
  add(name: string): number {
    const hash = hashOf(name);
    let s = hash & this.mask;
    for (; ; s = (s + 1) & this.mask) {
      const id = this.slots[s]!;
      if (id < 0) break;
      if (this.hashes[s] === hash && this.names[id] === name) return id;
    }
    const id = this.names.length;
    if (id >= this.capacity) throw new RangeError(`NameIndex holds ${this.capacity} names`);
    this.slots[s] = id;
    this.hashes[s] = hash;
    this.names.push(name);
    return id;
  }

  /** [name, id] in id order, as a Map's entries. */
  *[Symbol.iterator](): IterableIterator<[string, number]> {
    for (let id = 0; id < this.names.length; id++) yield [this.names[id]!, id];
  }
}

/** FNV-1a over UTF-16 code units, then a final mix so that the low bits (the slot) depend on every character. */
function hashOf(name: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  return h ^ (h >>> 13);
}
