/**
 * `run`: boots a compiled plan on the emulated machine and returns its trace, its console and how
 * it ended. Deterministic: the same plan and options give a byte-identical trace and console.
 */
import { InputError, type Compiled } from '../compiler/types.js';
import { boot, type BootEnd } from './boot.js';
import { LimitReached } from './errors.js';
import type { FaultInfo } from './fault.js';
import { renderConsole } from '../traces/logs/console.js';
import { Machine } from './machine.js';
import type { RunOptions } from './options.js';
import { orderPositions } from './order.js';
import type { TraceEvent } from '../traces/events.js';
import { runLuna, type StageSnapshot } from './luna/machine.js';

export interface RunOutcome {
  target: 'HALT' | 'CRASH';
  reason: string;
  fault?: FaultInfo;
  /** The init function whose error stopped the boot (Unikraft). */
  failed?: { id: string; rc: number };
  mainReturned?: number;
  /** The status the image ends with, where the profile declares one (term functions may write it). */
  exitStatus?: number;
  /** `stopSignal` given and the profile has an init loop: the signal that stopped main. */
  stopSignal?: number;
  /** With `keepGoing`: every fault, in the order they happened. */
  faults?: FaultInfo[];
  /** With `keepGoing`: every error an entry ended with or went past (see Machine.errors). */
  errors?: Array<{ id: string; rc: number; at: number }>;
  /** Set when the run was cut short by `maxEvents` or `maxTimeNs`. */
  limit?: 'events' | 'time';
  exitCode: 0 | 1;
}

export interface RunResult {
  events: TraceEvent[];
  /** The console as the real system prints it (lines end in `\n`); rendered on first read. */
  readonly console: string;
  outcome: RunOutcome;
  /** Thread model: the process and mount tables after each stage. */
  snapshots?: StageSnapshot[];
}

export function run(compiled: Compiled, options: RunOptions = {}): RunResult {
  checkOptions(compiled, options);
  if (compiled.luna) return runThreads(compiled, options);
  const machine = new Machine(compiled, options);
  const order = orderPositions(compiled, options.linkOrder);
  let end: BootEnd & { limit?: 'events' | 'time' };
  try {
    end = boot(machine, order, options.fail, options.stopSignal);
  } catch (err) {
    if (!(err instanceof LimitReached)) throw err;
    end = { target: 'CRASH', reason: err.reason, limit: err.limit };
  }
  machine.emitHalt(end.target, end.reason);
  const outcome: RunOutcome = {
    ...end,
    ...(options.keepGoing && machine.faults.length > 0 ? { faults: machine.faults } : {}),
    ...(machine.errors.length > 0 ? { errors: machine.errors } : {}),
    exitCode: end.target === 'HALT' ? 0 : 1 };
  const events = machine.events;
  // The console is rendered from the events when first read: a caller that only wants the
  // trace (replays, property tests) never pays for it.
  let console: string | undefined;
  const result = { events, outcome } as RunResult;
  Object.defineProperty(result, 'console', {
    enumerable: true,
    get: () => (console ??= renderConsole(events, compiled.profile.log)),
  });
  return result;
}

function checkOptions(compiled: Compiled, options: RunOptions): void {
  const problems: string[] = [];
  if (options.fail) {
    const entry = compiled.entries.find((e) => e.id === options.fail!.id);
    if (!entry) problems.push(`--fail ${options.fail.id}: no entry has that id (entries are named library.function)`);
    else if (entry.kind === 'ctor') problems.push(`--fail ${options.fail.id}: constructors return nothing and cannot fail`);
    else if (entry.fn === null) problems.push(`--fail ${options.fail.id}: a term-only entry has no init function to fail`);
  }
  if (options.maxEvents !== undefined && !(Number.isSafeInteger(options.maxEvents) && options.maxEvents >= 1)) {
    problems.push(`--max-events ${options.maxEvents}: must be a whole number of at least 1`);
  }
  if (options.stopSignal !== undefined) {
    const loop = compiled.profile.exitStatus?.initLoop;
    if (!loop) problems.push(`--stop-signal: ${compiled.profile.name}@${compiled.profile.version} has no init loop that main runs under (Unikraft 0.21 with LIBUKBOOT_INIT): main returns on its own`);
    else if (!(Number.isSafeInteger(options.stopSignal) && options.stopSignal >= 1 && options.stopSignal <= 64)) problems.push(`--stop-signal ${options.stopSignal}: a signal number is 1..64`);
  }
  if (options.maxTimeNs !== undefined && !(options.maxTimeNs >= 0)) problems.push(`--max-time: must not be negative`);
  if (problems.length > 0) throw new InputError(problems.map((message) => ({ code: 'bad-run-option', severity: 'error', message })));
}

/** A thread-model plan (Luna): the schedule runs on the Luna machine. */
function runThreads(compiled: Compiled, options: RunOptions): RunResult {
  const r = runLuna(compiled, options);
  const first = r.faults[0];
  const target = r.crashed !== null || first ? 'CRASH' : 'HALT';
  const reason = r.crashed ?? first?.reason ?? 'the system is up: every thread and process is waiting';
  r.events.push({ seq: r.events.length, t: r.events.length > 0 ? r.events[r.events.length - 1]!.t : 0, ev: 'halt', target, reason });
  const outcome: RunOutcome = {
    target, reason, ...(first ? { fault: first } : {}), ...(options.keepGoing && r.faults.length > 0 ? { faults: r.faults } : {}),
    ...(r.limit ? { limit: r.limit } : {}), exitCode: target === 'HALT' ? 0 : 1,
  };
  let console: string | undefined;
  const result = { events: r.events, outcome, snapshots: r.snapshots } as RunResult;
  Object.defineProperty(result, 'console', { enumerable: true, get: () => (console ??= renderConsole(r.events, compiled.profile.log)) });
  return result;
}
