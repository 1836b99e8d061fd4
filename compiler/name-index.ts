/**
 * Names → ids 0, 1, 2, … and what is stored under them, in tables sized up front: the capability
 * ids of the graph and resolve's entry ids use these instead of Maps grown to 100,000 keys.
 */

/**
 * Names → ids 0, 1, 2, … in the order first added: an open-addressing table sized up front for
 * the names it is expected to hold (it doubles past half full, rehashing from the hashes it keeps,
 * no string read again). A `Map` filled with 200,000 names spends most of its time growing (each
 * growth rehashes every key, reading every string again). Each slot keeps its name's hash, id,
 * length and, for names added by {@link NameIndex.addSpans}, where its characters are, side by
 * side: a probe of a table larger than the cache costs one miss, and reads a string or characters
 * only when the hash and the length match.
 */
export class NameIndex {
  readonly names: string[] = [];
  /** Slot s: `table[4s]` hash, `[4s + 1]` id (-1 when free), `[4s + 2]` start of its characters in the buffer of the addSpans call that added it (-1 otherwise), `[4s + 3]` length. */
  private table: Int32Array;
  private mask: number;
  private readonly capacity: number;

  /** Room for `capacity` names (adding more throws), the table first sized for `expected` of them. */
  constructor(capacity: number, expected = capacity) {
    let size = 16;
    while (size < 2 * Math.min(expected, capacity)) size *= 2;
    this.table = emptyTable(size);
    this.mask = size - 1;
    this.capacity = capacity;
  }

  get size(): number {
    return this.names.length;
  }

  /** The id of `name`, or undefined. */
  get(name: string): number | undefined {
    const id = this.table[4 * this.slotOf(name, hashOf(name), null, 0, 0) + 1]!;
    return id < 0 ? undefined : id;
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
    const s = this.slotOf(name, hash, null, 0, 0);
    const id = this.table[4 * s + 1]!;
    return id >= 0 ? id : this.insert(s, name, hash, -1);
  }

  /**
   * The ids of `names[0 .. count)` into `ids`, adding those it has not: name k has the hash
   * `hashes[k]` (its `hashOf`) and its code units, none above 255, at `chars[starts[k] ..
   * starts[k + 1])`. Names are told apart by those characters, in one buffer, rather than by the
   * strings: at 100,000 entries the strings of a plan lie all over the heap (each a slice of the
   * plan's text), and comparing one with its first occurrence cost a cache miss or two.
   */
  addSpans(names: readonly string[], hashes: Int32Array, chars: Uint8Array, starts: Int32Array, count: number, ids: Int32Array): void {
    // Characters are compared only for names this call added (others' starts are another buffer's).
    const first = this.names.length;
    for (let k = 0; k < count; k++) {
      const s = this.slotOf(names[k]!, hashes[k]!, chars, starts[k]!, first);
      const id = this.table[4 * s + 1]!;
      ids[k] = id >= 0 ? id : this.insert(s, names[k]!, hashes[k]!, starts[k]!);
    }
  }

  /**
   * The slot that holds `name`, or the free slot where it would go. Names of equal hash and length
   * are compared by their characters at `chars[start ..]` when they were added from `first` on
   * (by the addSpans call that passes `chars`), else as strings. A small function of its own, as
   * is the loop comparing the characters: V8 optimises small functions after fewer calls, and a
   * check runs each once.
   */
  private slotOf(name: string, hash: number, chars: Uint8Array | null, start: number, first: number): number {
    const { table, mask } = this;
    const length = name.length;
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const q = 4 * s;
      const id = table[q + 1]!;
      if (id < 0) return s;
      if (table[q] !== hash || table[q + 3] !== length) continue;
      if (chars !== null && id >= first ? sameSpan(chars, table[q + 2]!, start, length) : this.names[id] === name) return s;
    }
  }

  /** [name, id] in id order, as a Map's entries. */
  *[Symbol.iterator](): IterableIterator<[string, number]> {
    for (let id = 0; id < this.names.length; id++) yield [this.names[id]!, id];
  }

  /** Adds `name` at the free slot `s`; doubles the table past half full. */
  private insert(s: number, name: string, hash: number, start: number): number {
    const id = this.names.length;
    if (id >= this.capacity) throw new RangeError(`NameIndex holds ${this.capacity} names`);
    const q = 4 * s;
    this.table[q] = hash;
    this.table[q + 1] = id;
    this.table[q + 2] = start;
    this.table[q + 3] = name.length;
    this.names.push(name);
    if (2 * this.names.length > this.mask + 1) this.grow();
    return id;
  }

  private grow(): void {
    const old = this.table;
    const size = 2 * (this.mask + 1);
    const table = emptyTable(size);
    const mask = size - 1;
    for (let q = 0; q < old.length; q += 4) {
      if (old[q + 1]! < 0) continue;
      let s = old[q]! & mask;
      while (table[4 * s + 1]! >= 0) s = (s + 1) & mask;
      for (let i = 0; i < 4; i++) table[4 * s + i] = old[q + i]!;
    }
    this.table = table;
    this.mask = mask;
  }
}

/** Whether `chars[a .. a + length)` and `chars[b .. b + length)` are the same. */
function sameSpan(chars: Uint8Array, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (chars[a + i] !== chars[b + i]) return false;
  return true;
}

/** A table of `size` free slots. */
function emptyTable(size: number): Int32Array {
  const table = new Int32Array(4 * size);
  for (let q = 1; q < table.length; q += 4) table[q] = -1;
  return table;
}

/** FNV-1a over UTF-16 code units, then a final mix so that the low bits (the slot) depend on every character. */
export function hashOf(name: string): number {
  return hashEnd(hashFrom(HASH_START, name));
}

/** The state `hashFrom` starts from (FNV-1a's offset basis). */
export const HASH_START = 0x811c9dc5 | 0;

/** FNV-1a's multiplier: the state after one more code unit c is `Math.imul(state ^ c, FNV_PRIME)`. */
export const FNV_PRIME = 0x01000193;

/**
 * FNV-1a's state after `text`, from `state`: the state after `a` then `b` is the state after
 * `a + b`, so that a name made of a shared prefix and a part of its own (`lib.` and `fn`) is
 * hashed without reading the prefix again, or making the joined string flat to read it.
 */
export function hashFrom(state: number, text: string): number {
  let h = state;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
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
