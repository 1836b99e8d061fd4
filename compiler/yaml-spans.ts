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

  /** Where the collection starts (its first character), or undefined when it was not recorded. */
  start(node: object): number | undefined {
    const at = this.records.get(node);
    return at === undefined ? undefined : this.buffer[at];
  }

  /** How many children (maps: keys and values) the collection has, or undefined when not recorded. */
  count(node: object): number | undefined {
    const at = this.records.get(node);
    return at === undefined ? undefined : this.buffer[at + 1];
  }

  /** The span of child `i` of a recorded collection, or undefined past its last child. */
  child(node: object, i: number): { open: number; close: number } | undefined {
    const at = this.records.get(node);
    if (at === undefined || i < 0 || i >= this.buffer[at + 1]!) return undefined;
    return { open: this.buffer[at + 2 + 2 * i]!, close: this.buffer[at + 3 + 2 * i]! };
  }
}
