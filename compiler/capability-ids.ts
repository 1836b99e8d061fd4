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
 * Two passes: the first reads every name once (its hash, whether it has a `:`, its characters
 * copied into one buffer), the second only probes the table with those hashes, telling equal
 * hashes apart by the copied characters (NameIndex.addSpans). At 100k entries the two passes were
 * about 15 ms faster than hashing and probing each name in turn, and the copies about 15 ms faster
 * than comparing the strings: each name's first occurrence is a slice of the plan's text
 * somewhere in a heap of 100 MB, its copy is in a buffer of a few.
 */
import { FNV_PRIME, hashEnd, HASH_START, NameIndex } from './name-index.js';
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

/** Names' code units, one after the other; `units`, all of them or-ed together (above 255 when some do not fit a byte). */
interface Text {
  chars: Uint8Array;
  length: number;
  units: number;
}

/**
 * `name`'s code units appended to `text`; its `hashOf`. Small, to be optimised early (see
 * NameIndex.addSpan): it runs once per name of a plan, a few hundred thousand times at most.
 */
function copied(text: Text, name: string): number {
  if (text.length + name.length > text.chars.length) {
    const grown = new Uint8Array(2 * (text.length + name.length));
    grown.set(text.chars);
    text.chars = grown;
  }
  const { chars, length } = text;
  let h = HASH_START;
  let units = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    h = Math.imul(h ^ c, FNV_PRIME);
    chars[length + i] = c;
    units |= c;
  }
  text.length = length + name.length;
  text.units |= units;
  return hashEnd(h);
}

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
  // Pass 1, in item order: each position's name, its hash, whether it has a `:`, its characters.
  const written: string[] = new Array<string>(total);
  const hashes = new Int32Array(total);
  const colons = new Uint8Array(total);
  const starts = new Int32Array(total + 1);
  const text: Text = { chars: new Uint8Array(16 * total), length: 0, units: 0 };
  let at = 0;
  const add = (list: readonly string[]) => {
    for (let k = 0; k < list.length; k++) {
      const name = list[k]!;
      written[at] = name;
      hashes[at] = copied(text, name);
      colons[at++] = name.indexOf(':') >= 0 ? 1 : 0;
      starts[at] = text.length;
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
  // Pass 2: the ids, from the hashes, reading the strings again only for names beyond Latin-1.
  // Sized for names each written about twice (the table grows if they are more).
  const ids = new NameIndex(total + extra.length, (total >> 1) + extra.length);
  const names = ids.names;
  if (text.units <= 0xff) ids.addSpans(written, hashes, text.chars, starts, total, caps);
  else for (let k = 0; k < total; k++) caps[k] = ids.addHashed(written[k]!, hashes[k]!);
  const namespacedAt = new Uint8Array(total + extra.length);
  for (let k = 0; k < total; k++) namespacedAt[caps[k]!] = colons[k]!;
  for (const name of extra) namespacedAt[ids.add(name)] = name.indexOf(':') >= 0 ? 1 : 0;
  const used = new Uint8Array(names.length);
  for (let i = 0; i < items; i++) for (let k = start[3 * i + 1]!; k < start[3 * i + 3]!; k++) used[caps[k]!] = 1;
  return { ids, names, start, caps, used, namespaced: namespacedAt.subarray(0, names.length) };
}
