/**
 * The key model's edges as columns of integers: node positions, a capability id and a byte for
 * the kind and status. `buildGraph` writes these; an `Edge` object is made only when something
 * reads that edge (the checker reads the few that are not proven; `compile --json`, `graph` and
 * the analyzers read all of them). At 100,000 entries this spares about 150,000 objects that
 * would otherwise be made, carried through the young generation and promoted.
 */
import type { Edge, EdgeReason, EdgeStatus } from './types.js';

export type EdgeKind = EdgeReason['kind'];

const STATUSES: readonly EdgeStatus[] = ['proven', 'violation', 'race', 'link-order'];
const KINDS: readonly EdgeKind[] = ['uses', 'after', 'before', 'term-uses'];
const STATUS_CODE: Readonly<Record<EdgeStatus, number>> = { proven: 0, violation: 1, race: 2, 'link-order': 3 };
const KIND_CODE: Readonly<Record<EdgeKind, number>> = { uses: 0, after: 1, before: 2, 'term-uses': 3 };

export class EdgeTable {
  private fromPos: Int32Array;
  private toPos: Int32Array;
  /** The capability id of a `uses` or `term-uses` edge; -1 for `after` and `before`. */
  private capOf: Int32Array;
  /** Kind code × 4 + status code. */
  private info: Uint8Array;
  private size = 0;
  /** The edges made so far by `at`, by index: the same object each time, and in `all()`. */
  private readonly made = new Map<number, Edge>();
  /** `all()`'s array, once made. */
  private every: Edge[] | undefined;
  /** One reason object per capability and kind, shared by its edges as they are made. */
  private readonly reasons = new Map<number, EdgeReason>();

  /**
   * `idAt`: node id by position; `names`: capability name by id. Both are read only when an
   * edge is made.
   */
  constructor(private readonly idAt: readonly string[], private readonly names: readonly string[], capacity = 16) {
    const room = Math.max(16, capacity);
    this.fromPos = new Int32Array(room);
    this.toPos = new Int32Array(room);
    this.capOf = new Int32Array(room);
    this.info = new Uint8Array(room);
  }

  get count(): number {
    return this.size;
  }

  push(from: number, to: number, kind: EdgeKind, cap: number, status: EdgeStatus): void {
    if (this.made.size > 0 || this.every) throw new Error('EdgeTable: an edge was added after edges were read');
    if (this.size === this.info.length) this.grow();
    const i = this.size++;
    this.fromPos[i] = from;
    this.toPos[i] = to;
    this.capOf[i] = cap;
    this.info[i] = KIND_CODE[kind] * 4 + STATUS_CODE[status];
  }

  /** Position of edge i's `from` node. */
  from(i: number): number {
    return this.fromPos[i]!;
  }

  proven(i: number): boolean {
    return (this.info[i]! & 3) === 0;
  }

  /** Edge i as an object (made once; the same object on every later call and in `all()`). */
  at(i: number): Edge {
    if (i < 0 || i >= this.size) throw new RangeError(`EdgeTable: no edge ${i} (${this.size} edges)`);
    if (this.every) return this.every[i]!;
    let edge = this.made.get(i);
    if (!edge) this.made.set(i, (edge = this.make(i)));
    return edge;
  }

  /** Every edge, in the order they were added: one array, the same on every call. */
  all(): Edge[] {
    if (this.every) return this.every;
    const out = new Array<Edge>(this.size);
    for (let i = 0; i < this.size; i++) out[i] = this.made.get(i) ?? this.make(i);
    this.made.clear();
    return (this.every = out);
  }

  /** The edges whose status is not `proven`, in order. */
  doubtful(): Edge[] {
    const out: Edge[] = [];
    for (let i = 0; i < this.size; i++) if (!this.proven(i)) out.push(this.at(i));
    return out;
  }

  private make(i: number): Edge {
    const code = this.info[i]!;
    return { from: this.idAt[this.fromPos[i]!]!, to: this.idAt[this.toPos[i]!]!, reason: this.reason(code >> 2, this.capOf[i]!), status: STATUSES[code & 3]! };
  }

  private reason(kindCode: number, cap: number): EdgeReason {
    const kind = KINDS[kindCode]!;
    if (kind === 'after' || kind === 'before') return { kind };
    const key = cap * 4 + kindCode;
    const known = this.reasons.get(key);
    if (known) return known;
    const reason: EdgeReason = { kind, capability: this.names[cap]! };
    this.reasons.set(key, reason);
    return reason;
  }

  private grow(): void {
    const room = this.info.length * 2;
    this.fromPos = holding(new Int32Array(room), this.fromPos);
    this.toPos = holding(new Int32Array(room), this.toPos);
    this.capOf = holding(new Int32Array(room), this.capOf);
    this.info = holding(new Uint8Array(room), this.info);
  }
}

/** `into`, a larger column, with what `from` held at its start. */
function holding<T extends Int32Array | Uint8Array>(into: T, from: T): T {
  into.set(from);
  return into;
}
