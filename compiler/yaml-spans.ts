/**
 * Where the nodes of one parsed YAML document are: for each collection, where it starts and the
 * spans (opened at, closed at) of its children in document order — maps: key, value, key,
 * value… All in one flat buffer, one number per collection in a map: a plan with 100,000
 * entries has 300,000 collections, and an array per collection cost more than the document.
 */
export class SpanTable {
  private buffer = new Int32Array(4096);
  private used = 0;
  /** Collection → its record in the buffer: start, child count, then (open, close) per child. */
  private readonly records = new Map<object, number>();

  /** Record `node`: where it starts, and its children's spans `scratch[from..to)` as (open, close) pairs. */
  add(node: object, start: number, scratch: readonly number[], from: number, to: number): void {
    const need = this.used + 2 + (to - from);
    if (need > this.buffer.length) {
      const grown = new Int32Array(Math.max(need, this.buffer.length * 2));
      grown.set(this.buffer.subarray(0, this.used));
      this.buffer = grown;
    }
    const at = this.used;
    this.buffer[at] = start;
    this.buffer[at + 1] = (to - from) >> 1;
    for (let i = from; i < to; i++) this.buffer[at + 2 + i - from] = scratch[i]!;
    this.used = need;
    this.records.set(node, at);
  }

  has(node: object): boolean {
    return this.records.has(node);
  }

  /**
   * The collection's record, for {@link startAt}, {@link countAt} and {@link childAt}; -1 when it
   * was not recorded. One lookup for a walk that asks all three (each of 100,000 findings asks).
   */
  recordOf(node: object): number {
    return this.records.get(node) ?? -1;
  }

  /** Where the recorded collection starts (its first character). */
  startAt(record: number): number {
    return this.buffer[record]!;
  }

  /** How many children (maps: keys and values) the recorded collection has. */
  countAt(record: number): number {
    return this.buffer[record + 1]!;
  }

  /** The span of child `i` of the recorded collection, or undefined past its last child. */
  childAt(record: number, i: number): { open: number; close: number } | undefined {
    if (i < 0 || i >= this.buffer[record + 1]!) return undefined;
    return { open: this.buffer[record + 2 + 2 * i]!, close: this.buffer[record + 3 + 2 * i]! };
  }

  /** Where the collection starts (its first character), or undefined when it was not recorded. */
  start(node: object): number | undefined {
    const at = this.recordOf(node);
    return at < 0 ? undefined : this.startAt(at);
  }
}
