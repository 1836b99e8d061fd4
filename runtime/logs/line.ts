/**
 * What the machine asks a console dialect for: the lines the real system prints at each point of
 * the boot. A dialect only formats text; the machine decides when, and records every line as a
 * `log` event so the console can be rendered from the trace alone.
 */
import type { CoreStep, Entry, PlanInfo, Profile } from '../../compiler/types.js';

/** One console line: `lib` is the library that prints it; without one the line is raw (printf). */
export interface LogLine {
  lib?: string;
  msg: string;
}

/** Facts fixed for one run that the dialects print. */
export interface BootFacts {
  profile: Profile;
  plan: PlanInfo;
  /** Entries per table name (term-only ones included), for the fake table addresses. */
  tableSizes: ReadonlyMap<string, number>;
  initrdSize: number | null;
}

export type Target = 'HALT' | 'CRASH';

export interface ConsoleDialect {
  /** Before the first step: version, command line, memory map. */
  bootStart(facts: BootFacts): LogLine[];
  step(step: CoreStep, facts: BootFacts): LogLine[];
  /** The first slice of a registration table is reached. */
  tableStart(table: string, facts: BootFacts): LogLine[];
  /** Printed before an entry's function is called. */
  call(entry: Entry, facts: BootFacts): LogLine[];
  returned(entry: Entry, rc: number, durationNs: number): LogLine[];
  /** An init function failed and stops the init loop (only where the table can fail). */
  initError(entry: Entry, rc: number): LogLine[];
  /** The profile has a main phase but the plan no main: what the weak fallback prints and returns. */
  weakMain(facts: BootFacts): { lines: LogLine[]; rc: number } | null;
  halting(target: Target, exitCode: number): LogLine[];
  term(entry: Entry): LogLine[];
  /** A filesystem was mounted. */
  mounted(path: string, fs: string): LogLine[];
  /** The initrd is about to be unpacked into `dir`. */
  extracting(bytes: number, dir: string): LogLine[];
  /** The unmount a term function does for the mounts its entry made. */
  unmount(path: string, rc: number): LogLine[];
  halted(target: Target, facts: BootFacts): LogLine[];
  /** An entry (or term) touched a capability that does not exist: the crash as printed. */
  fault(who: { id: string; lib: string; fn: string }, capability: string): LogLine[];
}
