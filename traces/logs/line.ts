/**
 * What the machine asks a console dialect for: the lines the real system prints at each point of
 * the boot. A dialect only formats text; the machine decides when, and records every line as a
 * `log` event so the console can be rendered from the trace alone.
 */
import type { CoreStep, Entry, PlanInfo, Profile, ProfileTable } from '../../compiler/types.js';

/** One console line: `lib` is the library that prints it; without one the line is raw (printf). */
export interface LogLine {
  lib?: string;
  msg: string;
}

/** Facts fixed for one run that the dialects print. */
export interface BootFacts {
  profile: Profile;
  plan: PlanInfo;
  /** The profile's tables by name. */
  tables: ReadonlyMap<string, ProfileTable>;
  /** Entries per table name (term-only ones included), for the fake table addresses. */
  tableSizes: ReadonlyMap<string, number>;
  initrdSize: number | null;
}

export type Target = 'HALT' | 'CRASH';

/** The answer of a dialect that prints nothing (shared: most calls print nothing on return). */
export const NO_LINES: readonly LogLine[] = Object.freeze([]);

export interface ConsoleDialect {
  /** Before the first step: version, command line, memory map. */
  bootStart(facts: BootFacts): readonly LogLine[];
  step(step: CoreStep, facts: BootFacts): readonly LogLine[];
  /** The first slice of a registration table is reached. */
  tableStart(table: string, facts: BootFacts): readonly LogLine[];
  /** Printed before an entry's function is called. */
  call(entry: Entry, facts: BootFacts): readonly LogLine[];
  returned(entry: Entry, rc: number, durationNs: number): readonly LogLine[];
  /** An init function failed and stops the init loop (only where the table can fail). */
  initError(entry: Entry, rc: number): readonly LogLine[];
  /** An early-table entry returned non-zero: the boot crashes before the boot core runs. */
  earlyError?(entry: Entry, rc: number): readonly LogLine[];
  /** The profile has a main phase but the plan no main: what the weak fallback prints and returns. */
  weakMain(facts: BootFacts): { lines: readonly LogLine[]; rc: number } | null;
  halting(target: Target, exitCode: number, facts: BootFacts): readonly LogLine[];
  term(entry: Entry): readonly LogLine[];
  /** A filesystem was mounted. */
  mounted(path: string, fs: string): readonly LogLine[];
  /** The initrd is about to be unpacked into `dir`. */
  extracting(bytes: number, dir: string): readonly LogLine[];
  /** The unmount a term function does for the mounts its entry made. */
  unmount(path: string, rc: number): readonly LogLine[];
  halted(target: Target, facts: BootFacts): readonly LogLine[];
  /** After the term functions, where the profile declares `exitStatus.log`: the status the image ends with. */
  terminated?(status: number, target: Target, facts: BootFacts): readonly LogLine[];
  /** An entry (or term) touched a capability that does not exist: the crash as printed. */
  fault(who: { id: string; lib: string; fn: string }, capability: string): readonly LogLine[];
}
