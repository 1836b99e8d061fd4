/**
 * Replaying a checker witness: run the plan in the witness's link order and say whether the
 * machine shows what the witness expects — the fault, the teardown fault, the error return, or
 * the out-of-order call. The run keeps going past other failures (`keepGoing`), because a
 * witness names one failure and an unrelated one may come first in the same order; `first`
 * says whether the named failure is also what a real boot would stop at. A failure that only
 * follows from an earlier one (a service restarted because its step faults) is looked for in the
 * plain run too.
 */
import type { Compiled, Witness } from '../compiler/types.js';
import type { FaultInfo } from './fault.js';
import type { RunOptions } from './options.js';
import { run, type RunResult } from './run.js';

export interface Replay {
  result: RunResult;
  /** The machine showed what the witness expects. */
  matched: boolean;
  /** It is also the first failure of the boot (what the real machine would show). */
  first: boolean;
  /** What the machine showed, in one line (for messages when it did not match). */
  observed: string;
}

export function replayWitness(compiled: Compiled, witness: Witness, options: Omit<RunOptions, 'linkOrder' | 'keepGoing'> = {}): Replay {
  const kept = observe(run(compiled, { ...options, linkOrder: { kind: 'witness', witness }, keepGoing: true }), witness);
  if (kept.matched) return kept;
  // Some failures follow from earlier ones, which keepGoing runs past: a Luna service whose step
  // faults dies, and init restarts it until it gives up. The plain run is the boot as it goes in
  // that order; when it shows the named failure, nothing before it stopped the boot.
  const plain = observe(run(compiled, { ...options, linkOrder: { kind: 'witness', witness } }), witness);
  return plain.matched ? { ...plain, first: true } : kept;
}

function observe(result: RunResult, witness: Witness): Replay {
  const { outcome, events } = result;
  const want = witness.expect;
  // keepGoing lists every fault. A plain run's outcome has the first; a Luna boot goes on past a
  // process's fault, so its later ones are read from the trace (init-time faults: Luna has no
  // teardown).
  const faults: FaultInfo[] = outcome.faults ?? events.flatMap((e): FaultInfo[] => {
    if (e.ev !== 'fault') return [];
    if (outcome.fault && e.id === outcome.fault.id && e.reason === outcome.fault.reason) return [outcome.fault];
    return [{ kind: 'fault', id: e.id ?? '', capability: e.capability ?? '', missing: e.missing ?? [], reason: e.reason ?? '' }];
  });
  const failures = events.filter((e) => e.ev === 'fault' || (e.ev === 'return' && (e.rc ?? 0) < 0));
  const observed = failures.length === 0
    ? `${outcome.target}: ${outcome.reason}`
    : failures.slice(0, 3).map((e) => (e.ev === 'fault' ? `fault in ${e.id}: ${e.capability} missing` : `${e.id} returned ${e.rc}`)).join('; ');
  let at = -1;
  switch (want.kind) {
    case 'fault':
    case 'term': {
      const i = faults.findIndex((f) => f.kind === want.kind && f.id === want.entry && (want.capability === undefined || f.missing.includes(want.capability)));
      at = i < 0 ? -1 : events.findIndex((e) => e.ev === 'fault' && e.reason === faults[i]!.reason);
      break;
    }
    case 'return':
      // On Linux the boot goes on after an error, so the trace's return event is what shows it.
      at = events.findIndex((e) => e.ev === 'return' && e.id === want.entry && (want.rc === undefined ? (e.rc ?? 0) < 0 : e.rc === want.rc));
      // An error the entry went past (a second bad fstab row, an effect after a failed one).
      if (at < 0) at = outcome.errors?.find((x) => x.id === want.entry && (want.rc === undefined ? x.rc < 0 : x.rc === want.rc))?.at ?? -1;
      break;
    case 'order': {
      const calledAt = (id: string | undefined) => events.findIndex((e) => e.ev === 'call' && e.id === id);
      const first = calledAt(want.first);
      const entry = calledAt(want.entry);
      at = entry >= 0 && (first < 0 || entry < first) ? entry : -1;
      break;
    }
  }
  const firstFailure = events.findIndex((e) => e.ev === 'fault' || (e.ev === 'return' && (e.rc ?? 0) < 0 && e.fn !== 'main'));
  return { result, matched: at >= 0, first: at >= 0 && (firstFailure < 0 || firstFailure >= at), observed };
}
