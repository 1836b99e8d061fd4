/**
 * The capabilities that exist right now. A capability exists while at least one live provider
 * has it: core steps and term-less entries provide for good, an entry with a term function
 * withdraws what it provided when that term runs.
 *
 * Capabilities are counted by small integers (a {@link CapIndex} of the plan, built once per
 * compiled plan), so the boot's hot path — every entry's uses checked, its provides committed —
 * indexes an array instead of hashing strings. The string methods stay for effects and core
 * steps; a name the index does not know (a capability only an effect makes up) gets an id on
 * first use.
 */
import type { Compiled, Entry } from '../compiler/types.js';

/**
 * A plan's capability names as integers, and each entry's lists as ids: one flat array per list
 * kind, entry `i`'s ids at `[start[i], start[i + 1])` (one array to walk instead of an object per
 * entry: at 100k entries the boot is bound by memory access).
 */
export interface CapIndex {
  readonly ids: ReadonlyMap<string, number>;
  readonly names: readonly string[];
  /** By position in `compiled.entries`: the uses the entry declares, checked before it runs. */
  readonly usesStart: Int32Array;
  readonly uses: Int32Array;
  /** By position in `compiled.entries`: what it provides when it returns (in `entry.provides` order). */
  readonly providesStart: Int32Array;
  readonly provides: Int32Array;
  /** By id: 1 for a `mount:` capability (teardown unmounts what lies beneath it). */
  readonly isMount: Uint8Array;
  /** The entries array it was built from (a plan whose array is replaced gets a new index). */
  readonly entries: readonly Entry[];
}

const indexes = new WeakMap<Compiled, CapIndex>();

/**
 * The capability index of `compiled`, built on first use and kept for the plan's lifetime:
 * replays, property tests and the bench boot one compiled plan many times. A compiled plan is
 * not changed after `compile` (the runtime never writes to it).
 */
export function capIndexOf(compiled: Compiled): CapIndex {
  const cached = indexes.get(compiled);
  if (cached && cached.entries === compiled.entries && cached.usesStart.length === compiled.entries.length + 1) return cached;
  const ids = new Map<string, number>();
  const names: string[] = [];
  const entries = compiled.entries;
  const flatten = (listOf: (e: Entry) => readonly string[]): [Int32Array, Int32Array] => {
    const start = new Int32Array(entries.length + 1);
    for (let i = 0; i < entries.length; i++) start[i + 1] = start[i]! + listOf(entries[i]!).length;
    const flat = new Int32Array(start[entries.length]!);
    for (let i = 0, k = 0; i < entries.length; i++) {
      const list = listOf(entries[i]!);
      for (let j = 0; j < list.length; j++) {
        const name = list[j]!;
        let id = ids.get(name);
        if (id === undefined) {
          id = names.length;
          names.push(name);
          ids.set(name, id);
        }
        flat[k++] = id;
      }
    }
    return [start, flat];
  };
  const [usesStart, uses] = flatten((e) => e.declaredUses);
  const [providesStart, provides] = flatten((e) => e.provides);
  const isMount = new Uint8Array(names.length);
  for (let id = 0; id < names.length; id++) isMount[id] = names[id]!.startsWith('mount:') ? 1 : 0;
  const index: CapIndex = { ids, names, usesStart, uses, providesStart, provides, isMount, entries };
  indexes.set(compiled, index);
  return index;
}

export class Capabilities {
  private readonly index: CapIndex;
  /** Names the index does not know, numbered after its own. */
  private readonly extra = new Map<string, number>();
  private readonly extraNames: string[] = [];
  /**
   * Live providers per id: the boot's hot path reads it directly (`live[id] > 0`). Replaced by a
   * larger array when an unknown name gets an id, so read it again after any string method.
   */
  live: Int32Array;
  /** The id of `alloc` (the heap exists), looked up once. */
  readonly allocId: number;
  /** Who withdrew each id last (teardown faults name it); a dense array, grown with `live` (a store far past the end of `[]` turns it into a hash table). */
  private withdrawnBy: Array<string | undefined>;

  constructor(private readonly compiled: Compiled, initial: readonly string[]) {
    this.index = capIndexOf(compiled);
    this.live = new Int32Array(this.index.names.length + 8);
    this.withdrawnBy = new Array<string | undefined>(this.live.length).fill(undefined);
    this.allocId = this.ensureId('alloc');
    for (const cap of initial) this.add(cap);
  }

  /** The id of `cap`, or -1 when nothing ever named it. */
  private idOf(cap: string): number {
    return this.index.ids.get(cap) ?? this.extra.get(cap) ?? -1;
  }

  private ensureId(cap: string): number {
    const known = this.idOf(cap);
    if (known >= 0) return known;
    const id = this.index.names.length + this.extraNames.length;
    this.extra.set(cap, id);
    this.extraNames.push(cap);
    if (id >= this.live.length) {
      const grown = new Int32Array(this.live.length * 2);
      grown.set(this.live);
      this.live = grown;
      for (let i = this.withdrawnBy.length; i < grown.length; i++) this.withdrawnBy.push(undefined);
    }
    return id;
  }

  private nameOf(id: number): string {
    return id < this.index.names.length ? this.index.names[id]! : this.extraNames[id - this.index.names.length]!;
  }

  has(cap: string): boolean {
    const id = this.idOf(cap);
    return id >= 0 && this.live[id]! > 0;
  }

  /** `has` by id (an id of this plan's {@link CapIndex}). */
  hasId(id: number): boolean {
    return this.live[id]! > 0;
  }

  add(cap: string): void {
    // The id first: ensureId may replace `live` with a larger array.
    const id = this.ensureId(cap);
    this.live[id]!++;
  }

  /** `add` by id. */
  addId(id: number): void {
    this.live[id]!++;
  }

  /** One provider fewer; `by` is remembered for teardown faults. */
  withdraw(cap: string, by: string): void {
    this.withdrawId(this.ensureId(cap), by);
  }

  /** `withdraw` by id. */
  withdrawId(id: number, by: string): void {
    const n = this.live[id]! - 1;
    if (n > 0) this.live[id] = n;
    else {
      this.live[id] = 0;
      this.withdrawnBy[id] = by;
    }
  }

  /** Gone whatever its providers: an unmounted directory takes the mounts beneath it along. */
  remove(cap: string, by: string): void {
    const id = this.idOf(cap);
    if (id >= 0 && this.live[id]! > 0) {
      this.live[id] = 0;
      this.withdrawnBy[id] = by;
    }
  }

  /** Live `mount:` capabilities strictly beneath `dir`. */
  mountsBeneath(dir: string): string[] {
    const out: string[] = [];
    const total = this.index.names.length + this.extraNames.length;
    for (let id = 0; id < total; id++) {
      if (this.live[id] === 0) continue;
      const cap = this.nameOf(id);
      if (!cap.startsWith('mount:')) continue;
      const path = cap.slice('mount:'.length);
      if (path !== dir && (dir === '/' || path.startsWith(dir + '/'))) out.push(cap);
    }
    return out;
  }

  /** The entry or step that provides `cap` (or withdrew it last, once it has been withdrawn). */
  providerOf(cap: string): string | undefined {
    const id = this.idOf(cap);
    const by = id >= 0 ? this.withdrawnBy[id] : undefined;
    if (!this.has(cap) && by !== undefined) return by;
    return firstProvider(this.compiled, cap);
  }
}

/**
 * Who provides `cap` first: a core step, else the entry earliest by (key, declaration index).
 * Looked up only when a fault is reported, so a run pays nothing for it.
 */
function firstProvider(compiled: Compiled, cap: string): string | undefined {
  for (const step of compiled.steps) if (step.provides.includes(cap)) return step.id;
  let best: Entry | undefined;
  for (const entry of compiled.entries) {
    if (!entry.provides.includes(cap)) continue;
    if (!best || entry.key < best.key || (entry.key === best.key && entry.index < best.index)) best = entry;
  }
  // An entry the linker drops (a bad priority) would have provided it: name it all the same.
  return best?.id ?? compiled.dropped?.find((d) => d.provides.includes(cap))?.id;
}
