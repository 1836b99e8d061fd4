/**
 * Replaying a checker witness: run the plan in the witness's link order and say whether the
 * machine shows what the witness expects — the fault, the teardown fault, the error return, or
 * the out-of-order call. This is how the checker's findings are held to the machine.
 */
import type { Compiled, Witness } from '../compiler/types.js';
import type { RunOptions } from './options.js';
import { run, type RunResult } from './run.js';

export interface Replay {
  result: RunResult;
  /** The machine showed what the witness expects. */
  matched: boolean;
  /** What the machine showed, in one line (for messages when it did not match). */
  observed: string;
}

export function replayWitness(compiled: Compiled, witness: Witness, options: Omit<RunOptions, 'linkOrder'> = {}): Replay {
  const result = run(compiled, { ...options, linkOrder: { kind: 'witness', witness } });
  const { outcome, events } = result;
  const want = witness.expect;
  const fault = outcome.fault;
  const observed = fault
    ? `${fault.kind} in ${fault.id}: ${fault.capability} missing`
    : outcome.failed
      ? `${outcome.failed.id} returned ${outcome.failed.rc}`
      : `${outcome.target}: ${outcome.reason}`;
  let matched = false;
  switch (want.kind) {
    case 'fault':
    case 'term':
      matched = fault?.kind === want.kind && fault.id === want.entry && (want.capability === undefined || fault.missing.includes(want.capability));
      break;
    case 'return':
      // The entry returned the error: where errors stop the boot that is also the outcome; on
      // Linux the boot goes on, so the trace's return event is what shows it.
      matched = events.some((e) => e.ev === 'return' && e.id === want.entry && (want.rc === undefined ? (e.rc ?? 0) < 0 : e.rc === want.rc));
      break;
    case 'order': {
      const calledAt = (id: string | undefined) => events.findIndex((e) => e.ev === 'call' && e.id === id);
      const entry = calledAt(want.entry);
      const first = calledAt(want.first);
      matched = entry >= 0 && (first < 0 || entry < first);
      break;
    }
  }
  return { result, matched, observed };
}
