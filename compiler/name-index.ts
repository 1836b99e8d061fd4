/**
 * Names → ids 0, 1, 2, … and what is stored under them, in tables sized once: the capability ids
 * of the graph and resolve's entry ids use these instead of Maps grown to 100,000 keys.
 */

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
    return this.addHashed(name, hashOf(name));
  }

  /** `add`, for a name whose `hashOf` the caller has already (computed in a pass of its own). */
  addHashed(name: string, hash: number): number {
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
export function hashOf(name: string): number {
  return hashEnd(hashFrom(HASH_START, name));
}

/** The state `hashFrom` starts from (FNV-1a's offset basis). */
export const HASH_START = 0x811c9dc5 | 0;

/**
 * FNV-1a's state after `text`, from `state`: the state after `a` then `b` is the state after
 * `a + b`, so that a name made of a shared prefix and a part of its own (`lib.` and `fn`) is
 * hashed without reading the prefix again, or making the joined string flat to read it.
 */
export function hashFrom(state: number, text: string): number {
  let h = state;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}

/** `hashOf`'s value from the state after the whole name. */
export function hashEnd(state: number): number {
  let h = state ^ (state >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  return h ^ (h >>> 13);
}

/**
 * The ReadonlyMap calls resolve's id table answers (get, has, keys, size) over a NameIndex and
 * a value per id.
 */
export class NameMap<V> {
  constructor(private readonly index: NameIndex, private readonly values: readonly V[]) {}

  get size(): number {
    return this.index.size;
  }

  get(name: string): V | undefined {
    const id = this.index.get(name);
    return id === undefined ? undefined : this.values[id];
  }

  has(name: string): boolean {
    return this.index.get(name) !== undefined;
  }

  /** The names, in the order they were added. */
  keys(): IterableIterator<string> {
    return this.index.names[Symbol.iterator]();
  }
}

/** What resolve's id table is read through (a Map is one). */
export interface NameLookup<V> {
  get(name: string): V | undefined;
  keys(): Iterable<string>;
}
