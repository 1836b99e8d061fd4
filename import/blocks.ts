/**
 * Lays entries out as library blocks so that the plan's declaration order (libraries in order,
 * then entries in list order) reproduces the image's table order wherever the order matters:
 * among entries that tie on their sort key (same table, level and priority), which the real
 * image runs in link order. Entries of different keys are sorted by key at boot anyway, so a
 * library may collect entries from many levels; only when a library comes back inside a tie
 * group after another library's entry does it need a new block, named `lib-2`, `lib-3`, …
 */

export interface BlockItem<T> {
  /** The library the entry belongs to. */
  lib: string;
  /** Entries with equal `tie` run in declaration order. */
  tie: string;
  value: T;
}

export interface LibraryBlock<T> {
  /** Key in the plan: `lib`, or `lib-2`… for later blocks of the same library. */
  name: string;
  lib: string;
  /** 1 for the library's first block. */
  part: number;
  values: T[];
}

/**
 * Groups `items` (given in table order) into blocks. Greedy: an entry joins its library's latest
 * block unless a later block already holds an entry with the same tie key (then it would be
 * declared before that entry although it comes after it), in which case a new block starts.
 * `taken` lists names already in use, so `lib-2` never collides with a real library.
 */
export function layOutBlocks<T>(items: Iterable<BlockItem<T>>, taken: Iterable<string> = []): LibraryBlock<T>[] {
  const blocks: LibraryBlock<T>[] = [];
  const latestBlock = new Map<string, number>();
  const lastBlockWithTie = new Map<string, number>();
  const used = new Set<string>(taken);
  for (const item of items) {
    let b = latestBlock.get(item.lib);
    const tieAt = lastBlockWithTie.get(item.tie) ?? -1;
    if (b === undefined || b < tieAt) {
      let part = 1;
      let name = item.lib;
      if (b !== undefined) {
        part = blocks[b]!.part + 1;
        name = `${item.lib}-${part}`;
        while (used.has(name)) name = `${item.lib}-${++part}`;
      }
      used.add(name);
      blocks.push({ name, lib: item.lib, part, values: [] });
      b = blocks.length - 1;
      latestBlock.set(item.lib, b);
    }
    blocks[b]!.values.push(item.value);
    lastBlockWithTie.set(item.tie, b);
  }
  return blocks;
}

/**
 * One block per library when the image allows it: a library order that agrees with every tie
 * group (inside one group each library's entries are contiguous, and the groups never disagree on
 * which library comes first) is the link order itself, and declaring the libraries in that order
 * reproduces every tie without splitting any. Libraries are ordered by their first appearance
 * wherever the ties leave it open. Returns null when no such order exists (then `layOutBlocks`
 * splits).
 */
export function layOutInLinkOrder<T>(items: Iterable<BlockItem<T>>): LibraryBlock<T>[] | null {
  const list = [...items];
  const first = new Map<string, number>();
  list.forEach((item, i) => { if (!first.has(item.lib)) first.set(item.lib, i); });
  const after = new Map<string, Set<string>>();
  const incoming = new Map<string, number>([...first.keys()].map((l) => [l, 0]));
  const lastInTie = new Map<string, string>();
  const closed = new Map<string, Set<string>>();
  for (const item of list) {
    const prev = lastInTie.get(item.tie);
    if (prev === item.lib) continue;
    const done = closed.get(item.tie) ?? new Set<string>();
    if (done.has(item.lib)) return null; // the library comes back inside one tie group
    if (prev !== undefined) {
      done.add(prev);
      const next = after.get(prev) ?? new Set<string>();
      if (!next.has(item.lib)) {
        next.add(item.lib);
        incoming.set(item.lib, incoming.get(item.lib)! + 1);
      }
      after.set(prev, next);
    }
    closed.set(item.tie, done);
    lastInTie.set(item.tie, item.lib);
  }
  // Kahn's algorithm, the earliest-appearing ready library first.
  const order: string[] = [];
  const ready = [...first.keys()].filter((l) => incoming.get(l) === 0);
  while (ready.length > 0) {
    ready.sort((a, b) => first.get(a)! - first.get(b)!);
    const lib = ready.shift()!;
    order.push(lib);
    for (const n of after.get(lib) ?? []) {
      const left = incoming.get(n)! - 1;
      incoming.set(n, left);
      if (left === 0) ready.push(n);
    }
  }
  if (order.length !== first.size) return null;
  return order.map((lib) => ({ name: lib, lib, part: 1, values: list.filter((i) => i.lib === lib).map((i) => i.value) }));
}
