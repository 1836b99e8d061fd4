/**
 * Capabilities as integers, for the graph. Each distinct name gets an id, in the order first met,
 * and each item (the core steps, then the entries, as `buildGraph` numbers them) its provides,
 * uses and term uses as three slices of one flat array of ids.
 *
 * Interned in declaration order on purpose: the entries and their strings lie in memory in that
 * order, so each name's one hash lookup is cheap. The graph then works in key order on integers
 * only; a string-keyed map over 100,000 capabilities looked up in key order costs a cache miss or
 * more per lookup (about 1 µs each at 100k entries, most of the graph's time).
 *
 * Two passes: the first reads every name once (its hash, whether it has a `:`), the second only
 * probes the table with those hashes, reading a name again only to tell equal hashes apart. At
 * 100k entries this was about 15 ms faster than hashing and probing each name in turn.
 */
import { hashOf, NameIndex } from './name-index.js';
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
  /**
   * 1 for each capability whose name has a `:` (`dev:fs0`, `mount:/`): rules looking for a
   * namespace read only those names.
   */
  namespaced: Uint8Array;
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
  // Pass 1, in item order: each position's name, its hash and whether it has a `:`.
  const written: string[] = new Array<string>(total);
  const hashes = new Int32Array(total);
  const colons = new Uint8Array(total);
  let at = 0;
  const add = (list: readonly string[]) => {
    for (let k = 0; k < list.length; k++) {
      const name = list[k]!;
      written[at] = name;
      hashes[at] = hashOf(name);
      colons[at++] = name.indexOf(':') >= 0 ? 1 : 0;
    }
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
  // Pass 2: the ids, from the hashes alone (a name is read again only to tell equal hashes apart).
  const ids = new NameIndex(total + extra.length);
  const names = ids.names;
  const namespacedAt = new Uint8Array(total + extra.length);
  for (let k = 0; k < total; k++) {
    const id = ids.addHashed(written[k]!, hashes[k]!);
    caps[k] = id;
    namespacedAt[id] = colons[k]!;
  }
  for (const name of extra) namespacedAt[ids.add(name)] = name.indexOf(':') >= 0 ? 1 : 0;
  const used = new Uint8Array(names.length);
  for (let i = 0; i < items; i++) for (let k = start[3 * i + 1]!; k < start[3 * i + 3]!; k++) used[caps[k]!] = 1;
  return { ids, names, start, caps, used, namespaced: namespacedAt.subarray(0, names.length) };
}
