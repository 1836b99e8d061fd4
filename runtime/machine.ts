/**
 * The emulated machine's state: the virtual clock, the trace being written, the capabilities
 * that exist, the heap, the VFS, attached devices and the threads made. Boot logic
 * (boot.ts, call.ts, teardown.ts) and effect implementations act on it; it holds no policy.
 */
import { dirname, isAbsolute, resolve as resolvePath } from 'node:path';
import { mountOverOf, type Compiled, type Device, type Entry } from '../compiler/types.js';
import { Capabilities, capIndexOf, type CapIndex } from './capabilities.js';
import { LimitReached } from './errors.js';
import type { FaultInfo } from './fault.js';
import { Heap, HEAP_BASE } from './heap.js';
import { dialectFor } from '../traces/logs/console.js';
import type { BootFacts, ConsoleDialect, LogLine } from '../traces/logs/line.js';
import { DEFAULT_MAX_EVENTS, type RunOptions } from './options.js';
import type { EventKind, TraceEvent } from '../traces/events.js';
import { hostPathOf, nodeHost, type HostFs } from './vfs/host.js';
import { snapshotDevice } from './vfs/ninep.js';
import { readInitrdImage } from '../compiler/initrd.js';
import type { FileSystem } from './vfs/node.js';
import { Vfs } from './vfs/vfs.js';
import { callLinesOf, returnedLinesOf, slotTablesOf, termLinesOf, type SlotTables } from './machine-tables.js';

export { MAX_INITRD } from '../compiler/initrd.js';

export class Machine {
  readonly events: TraceEvent[] = [];
  /** Virtual time, integer nanoseconds. */
  t = 0;
  readonly caps: Capabilities;
  /** The plan's capabilities as integers (built once per compiled plan): what `caps` counts by. */
  readonly capIndex: CapIndex;
  /** The plan's per-entry facts by slot (built once per compiled plan). */
  readonly slots: SlotTables;
  readonly heap: Heap;
  /** The mount table, with the profile's own answer to a mount over a mount point. */
  readonly vfs: Vfs;
  /** Devices probe-buses attached, by tag. */
  readonly attached = new Map<string, Device>();
  /** Threads spawn-thread created so far (the boot itself is thread 1). */
  threads = 0;
  /** Mount points each entry's effects mounted, in order (its term unmounts them). */
  readonly mountsBy = new Map<string, string[]>();
  /** Every fault so far (more than one only with `keepGoing`). */
  readonly faults: FaultInfo[] = [];
  /**
   * With `keepGoing`: every error an entry's heap, effects or fstab rows ended with, in order,
   * `at` being the trace position it happened at. keepGoing runs the rest of an entry past an
   * error, so one entry may show several (the first is what it returns).
   */
  readonly errors: Array<{ id: string; rc: number; at: number }> = [];
  readonly keepGoing: boolean;
  readonly dialect: ConsoleDialect;
  readonly facts: BootFacts;
  readonly host: HostFs;
  private readonly baseDir: string;
  /** Events that may be written before the final `halt` (hot paths check `events.length` against it themselves). */
  readonly eventBudget: number;
  private readonly maxTimeNs: number;
  private initrd: Uint8Array | null = null;

  constructor(readonly compiled: Compiled, readonly options: RunOptions) {
    this.capIndex = capIndexOf(compiled);
    this.slots = slotTablesOf(compiled);
    this.caps = new Capabilities(compiled, compiled.profile.initial ?? []);
    this.heap = new Heap(compiled.plan.memory);
    this.vfs = new Vfs(mountOverOf(compiled.profile));
    this.dialect = dialectFor(compiled.profile.log);
    this.keepGoing = options.keepGoing === true;
    this.host = options.host ?? nodeHost;
    const planFile = compiled.plan.source.file;
    this.baseDir = options.baseDir ?? (planFile ? dirname(resolvePath(planFile)) : process.cwd());
    // One event is always kept back for the final `halt`.
    this.eventBudget = Math.max(1, options.maxEvents ?? DEFAULT_MAX_EVENTS) - 1;
    this.maxTimeNs = options.maxTimeNs ?? Number.POSITIVE_INFINITY;
    const tableSizes = this.slots.tableSizes;
    const tables = new Map(compiled.profile.tables.map((t) => [t.name, t]));
    this.facts = { profile: compiled.profile, plan: compiled.plan, tables, tableSizes, initrdSize: this.initrdSize() };
  }

  /**
   * Append an event, stamping its `seq` and `t`. Hot paths build the whole object literal
   * themselves (`{ seq: 0, t: 0, ev, ... }`): one allocation per event, one shape per kind.
   */
  push(event: TraceEvent): void {
    const events = this.events;
    if (events.length >= this.eventBudget) this.eventLimit();
    event.seq = events.length;
    event.t = this.t;
    events.push(event);
  }

  /** The event budget is spent: stop the run (call.ts checks `events.length` itself, then calls this). */
  eventLimit(): never {
    throw new LimitReached('events', `event limit of ${this.eventBudget + 1} reached`);
  }

  /** Append an event of `kind` with `fields` (for the rarer kinds). */
  emit(kind: EventKind, fields?: Partial<TraceEvent>): void {
    this.push(fields ? Object.assign({ seq: 0, t: 0, ev: kind }, fields) : { seq: 0, t: 0, ev: kind });
  }

  /** The final event; exempt from the budget so that every trace ends in one. */
  emitHalt(target: 'HALT' | 'CRASH', reason: string): void {
    this.events.push({ seq: this.events.length, t: this.t, ev: 'halt', target, reason });
  }

  /** What the console prints before the entry of record `q` (see machine-tables.ts) is called (formatted once per plan). */
  callLines(q: number): readonly LogLine[] {
    return callLinesOf(this.slots, this.dialect, this.facts, q);
  }

  /** What the console prints before the term of the entry at `slot` runs (formatted once per plan). */
  termLines(entry: Entry, slot: number): readonly LogLine[] {
    return slot >= 0 ? termLinesOf(this.slots, this.dialect, this.facts, this.slots.recordOf[slot]!) : this.dialect.term(entry);
  }

  /** What the console prints after the entry of record `q` returned `rc` (formatted once per plan for its usual rc). */
  returnedLines(q: number, rc: number): readonly LogLine[] {
    return returnedLinesOf(this.slots, this.dialect, this.facts, q, rc);
  }

  log(lines: readonly LogLine[]): void {
    const events = this.events;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (events.length >= this.eventBudget) this.eventLimit();
      // Each event built whole, `seq` and `t` included: one allocation, one shape per kind.
      events.push(line.lib === undefined ? { seq: events.length, t: this.t, ev: 'log', msg: line.msg } : { seq: events.length, t: this.t, ev: 'log', lib: line.lib, msg: line.msg });
    }
  }

  advance(ns: number): void {
    this.t += Math.max(0, Math.round(ns));
    if (this.t > this.maxTimeNs) throw new LimitReached('time', `time limit of ${this.maxTimeNs} ns reached`);
  }

  /** Records an error of entry `id` (keepGoing only; each error of an entry once, at its first). */
  recordError(id: string, rc: number): void {
    if (!this.keepGoing || this.errors.some((e) => e.id === id && e.rc === rc)) return;
    this.errors.push({ id, rc, at: this.events.length });
  }

  /** Heap bytes for `id`; an `alloc` event either way, address 0 when they do not fit. */
  allocate(size: number, id: string): number {
    if (!this.caps.has('alloc')) {
      if (!this.keepGoing) throw new Error(`internal error: ${id} allocated before the heap exists`);
      // keepGoing recorded the fault already; there is no heap to take from (the checker's
      // out-of-memory sum starts where the heap exists too).
      return HEAP_BASE;
    }
    const addr = this.heap.allocate(size);
    this.push({ seq: 0, t: 0, ev: 'alloc', id, size, addr });
    return addr;
  }

  /** A host path from the plan, relative to the plan file's folder. */
  hostPath(path: string): string {
    return hostPathOf(path, this.compiled.plan.source.file, this.baseDir);
  }

  private initrdSize(): number | null {
    const path = this.compiled.plan.initrd;
    if (path === null) return null;
    const full = this.hostPath(path);
    const kind = this.host.kind(full);
    // A rootfs folder is packed now: the platform reports the initrd's size before anything runs.
    if (kind === 'dir') return this.readInitrd().length;
    return kind === 'file' ? this.host.size(full) : null;
  }

  /** The initrd image (read once, compiler/initrd.ts: what the checker reads); VfsError when it is missing or too large. */
  readInitrd(): Uint8Array {
    this.initrd ??= readInitrdImage(this.host, this.compiled.plan, this.baseDir);
    return this.initrd;
  }

  /** A fresh read-only snapshot of a 9p device's host folder. */
  snapshot(device: Device): FileSystem {
    return snapshotDevice(this.host, device, this.compiled.plan.source.file, this.baseDir);
  }
}
