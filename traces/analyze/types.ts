/**
 * Where the boot time goes: the analysis `bootplan analyze` prints. Times are nanoseconds here;
 * the JSON report (`json.ts`) gives microseconds.
 */

/** What a span of the timeline is: a core step, an entry of the plan, or a call the plan lacks. */
export type SpanKind = 'step' | 'early' | 'ctor' | 'initcall' | 'init_array' | 'main' | 'unplanned';

/** One thing that ran, with when and how long. */
export interface Span {
  /** Plan node id (`lib.fn`, `core.alloc`); for an unplanned call, the name the trace gives. */
  id: string;
  kind: SpanKind;
  lib?: string;
  /** The phase it ran in: a core step's name, `table.level`, the table, or `main`. */
  phase: string;
  start: number;
  duration: number;
  /** Non-zero return (an initcall's error), or a fault inside it. */
  failed: boolean;
  rc?: number;
  /** 1-based line of the trace where it starts. */
  line?: number;
}

/** A span with what the requirement graph says about it. */
export interface BlameRow extends Span {
  /** How much later it could finish without delaying what needs it (or `main`, or the end); 0 for the end of the chain. */
  slack: number;
  /** The entry that needs it first; null when nothing in the plan needs it. */
  neededBy: string | null;
}

export interface Phase {
  /** `alloc`, `inittab.rootfs`, `initcalls.device`, `ctors`, `main`; several names joined by ` + ` for a stretch the trace does not show. */
  phase: string;
  start: number;
  end: number;
  /** Wall time: from its start to the next phase's start (phases tile the boot). */
  duration: number;
  /** Time inside its entries and steps. */
  busy: number;
  entries: number;
  /** False for core steps and levels the trace has no line for: the time between what it shows. */
  observed: boolean;
}

export interface Analysis {
  /** `trace` when measured, `declared` when laid out from the plan's `cost`s. */
  source: 'trace' | 'declared';
  /** Where the boot ends: the halt, else the last event (declared: the sum of the costs). */
  total: number;
  outcome: { target: 'HALT' | 'CRASH'; reason?: string; line?: number } | null;
  /** Everything that ran, in start order. */
  spans: Span[];
  /** Slowest first; ties by start. */
  blame: BlameRow[];
  /** From the first requirement to `main` (or to the end of the longest chain when `main` did not run). */
  criticalChain: Span[];
  chainEnds: 'main' | 'longest';
  /** Entries that ran before `main` and that `main` needs neither directly nor transitively: slowest first. */
  defer: Span[];
  phases: Phase[];
}

/** What a summary of many boots keeps of each one (`addBoot`): the same values `analyze` gives. */
export type BootMeasure = Pick<Analysis, 'total' | 'spans' | 'phases'>;
