/**
 * The boot itself: walks the ordered nodes through the profile's phases, printing each table's
 * header as its first slice is reached, calling entries, and applying the profile's failure
 * semantics — Unikraft stops the init loop at the first error and tears down what ran before
 * it; Linux logs a failing initcall and goes on; a fault is a crash with no teardown.
 */
import type { CoreStep, Entry, ProfilePhase } from '../compiler/types.js';
import { callEntry, commitProvides } from './call.js';
import type { FaultInfo } from './fault.js';
import type { Machine } from './machine.js';
import type { FailInjection } from './options.js';
import { HAS_TERM, KIND_CTOR, KIND_EARLY, KIND_INIT_ARRAY, KIND_INITCALL, KIND_MAIN, KIND_MASK, KIND_SHIFT, NO_FN, PHASE_SHIFT, R_FLAGS, REC, T_ID, TABLE_CAN_FAIL, TABLE_TERMS, TEXT } from './machine-tables.js';
import { runTerms } from './teardown.js';
import { mountForCoreStep } from '../compiler/vfs/core-mount.js';

export interface BootEnd {
  target: 'HALT' | 'CRASH';
  reason: string;
  fault?: FaultInfo;
  /** The init function whose error stopped the boot. */
  failed?: { id: string; rc: number };
  mainReturned?: number;
  /** The exit status the image ends with, where the profile declares one (`exitStatus`): main's
   * return or the failing init function's error, as the term functions left it. */
  exitStatus?: number;
  /** `run --stop-signal` under an init loop (LIBUKBOOT_INIT): the signal that stopped main. */
  stopSignal?: number;
}

/**
 * Boots `order` (node numbers of `orderPositions`: below `compiled.steps.length` a core step,
 * else the entry at that slot of `compiled.entries`) on `m`.
 */
export function boot(m: Machine, order: Uint32Array, fail: FailInjection | undefined, stopSignal?: number): BootEnd {
  const { profile, steps } = m.compiled;
  const { rec, recordOf } = m.slots;
  const stepCount = steps.length;
  const loop: InitLoop = { reached: [], slots: [], mainRc: undefined, failed: undefined };
  const announced = new Set<string>();
  let phase = 0;

  const enterPhases = (upTo: number) => {
    for (let p = phase + 1; p <= upTo; p++) enterPhase(profile.phases[p - 1]);
    phase = Math.max(phase, upTo);
  };
  const enterPhase = (ph: ProfilePhase | undefined) => {
    if (ph && 'table' in ph) {
      // Keys in trace order (table, level, name): writeJsonl then takes its fast path.
      m.emit('phase', ph.levels?.length ? { table: ph.table, level: ph.levels[0], name: ph.table } : { table: ph.table, name: ph.table });
      if (!announced.has(ph.table)) m.log(m.dialect.tableStart(ph.table, m.facts));
      announced.add(ph.table);
    } else if (ph && 'main' in ph) {
      m.emit('phase', { name: 'main' });
    }
  };

  m.log(m.dialect.bootStart(m.facts));
  for (let k = 0; k < order.length;) {
    const node = order[k]!;
    const nodePhase = node < stepCount ? steps[node]!.phase : rec[recordOf[node - stepCount]! * REC + R_FLAGS]! >> PHASE_SHIFT;
    if (nodePhase > phase) enterPhases(nodePhase);
    if (node < stepCount) {
      runStep(m, steps[node]!);
      k++;
      continue;
    }
    const next = callEntries(m, order, k, phase, loop, fail, stopSignal);
    if (typeof next !== 'number') return next;
    k = next;
  }
  const { reached, slots, failed } = loop;
  let mainRc = loop.mainRc;
  enterPhases(profile.phases.length);

  if (mainRc === undefined && profile.phases.some((p) => 'main' in p)) {
    const weak = m.dialect.weakMain(m.facts);
    if (weak) {
      m.log(weak.lines);
      mainRc = weak.rc;
    }
  }
  const target = mainRc === undefined || mainRc === 0 || profile.mainNonZero === 'halt' ? 'HALT' : 'CRASH';
  const stopped = stopSignal !== undefined && profile.exitStatus?.initLoop !== undefined && mainRc !== undefined;
  const reason = mainRc === undefined ? 'boot completed' : stopped ? `main stopped by signal ${stopSignal} (status ${mainRc})` : `main returned ${mainRc}`;
  const end = halt(m, reached, target, mainRc ?? 0, { reason, ...(mainRc !== undefined ? { mainReturned: mainRc } : {}), ...(stopped ? { stopSignal } : {}) }, slots);
  return m.keepGoing ? keptGoing(m, end, failed) : end;
}

/** What the init loop carries from one entry to the next. */
interface InitLoop {
  /** The entries with a term the init loop got past (teardown runs their terms), with their slots. */
  reached: Entry[];
  slots: number[];
  mainRc: number | undefined;
  failed: BootEnd['failed'];
}

/**
 * Calls the entries of `order` from position `k` on while they are entries of phase `phase` or
 * an earlier one; returns the position it stopped at, or how the boot ended. The init loop's hot
 * path on its own: the steps and phase changes around it stay out of its compiled code.
 */
function callEntries(m: Machine, order: Uint32Array, k: number, phase: number, loop: InitLoop, fail: FailInjection | undefined, stopSignal: number | undefined): number | BootEnd {
  const { profile, entries } = m.compiled;
  const stepCount = m.compiled.steps.length;
  const { rec, text, recordOf } = m.slots;
  const { reached, slots } = loop;
  for (; k < order.length; k++) {
    const node = order[k]!;
    if (node < stepCount) return k;
    const slot = node - stepCount;
    const q = recordOf[slot]!;
    const flags = rec[q * REC + R_FLAGS]!;
    if (flags >> PHASE_SHIFT > phase) return k;
    // Teardown runs the terms of a table with terms; only entries that have one are kept for it
    // (at 100k entries, one in ten: runTerms then reads no entry object it would skip).
    const terms = (flags & (TABLE_TERMS | HAS_TERM)) === (TABLE_TERMS | HAS_TERM);
    if ((flags & NO_FN) !== 0) {
      // A term-only entry: the init loop skips it, teardown still runs its term.
      if (terms) {
        reached.push(entries[slot]!);
        slots.push(slot);
      }
      continue;
    }
    const kind = (flags >> KIND_SHIFT) & KIND_MASK;
    const injected = fail && fail.id === text[q * TEXT + T_ID] && kind !== KIND_CTOR ? fail.rc ?? -1 : undefined;
    const rc = callEntry(m, slot, q, injected);
    if (typeof rc !== 'number') {
      m.log(m.dialect.halted('CRASH', m.facts));
      return { target: 'CRASH', reason: rc.reason, fault: rc };
    }
    if (kind === KIND_MAIN) {
      loop.mainRc = rc;
      // LIBUKBOOT_INIT: main is a process of the init loop; stopped by a signal, its status is 0x80|signal.
      const initLoop = profile.exitStatus?.initLoop;
      if (stopSignal !== undefined && initLoop) loop.mainRc = initLoop.killedBase | stopSignal;
    }
    if (kind === KIND_EARLY && rc !== 0) {
      const entry = entries[slot]!;
      // lib/ukboot/early_init.c: UK_CRASH("Early init call @ %p failed with %d").
      m.log(m.dialect.earlyError?.(entry, rc) ?? []);
      m.log(m.dialect.halted('CRASH', m.facts));
      return { target: 'CRASH', reason: `early init call ${entry.id} returned ${rc}`, failed: { id: entry.id, rc } };
    }
    if (rc < 0 && kind === KIND_INITCALL) {
      const entry = entries[slot]!;
      if ((flags & TABLE_CAN_FAIL) !== 0) {
        m.log(m.dialect.initError(entry, rc));
        if (!m.keepGoing) return halt(m, reached, 'CRASH', rc, { reason: `init function ${entry.id} returned ${rc}`, failed: { id: entry.id, rc } }, slots);
        loop.failed ??= { id: entry.id, rc };
      } else {
        continue; // Linux: logged, not fatal; what it would have provided never exists (keepGoing or not)
      }
      // keepGoing looks past a failure that would stop the boot: carry on as if it had succeeded.
      commitProvides(m, q);
      if (terms) {
        reached.push(entry);
        slots.push(slot);
      }
      continue;
    }
    if (rc >= 0 || kind === KIND_INIT_ARRAY) commitProvides(m, q);
    if (terms) {
      reached.push(entries[slot]!);
      slots.push(slot);
    }
  }
  return k;
}

/** With keepGoing, the boot ends in CRASH when anything failed on the way, first failure first. */
function keptGoing(m: Machine, end: BootEnd, failed: BootEnd['failed']): BootEnd {
  const fault = m.faults[0];
  if (!fault && !failed) return end;
  const reason = fault?.reason ?? `init function ${failed!.id} returned ${failed!.rc}`;
  return { ...end, target: 'CRASH', reason, ...(fault ? { fault } : {}), ...(failed ? { failed } : {}) };
}

function runStep(m: Machine, step: CoreStep): void {
  m.emit('phase', { id: step.id, name: step.name });
  m.log(m.dialect.step(step, m.facts));
  m.advance(step.cost);
  for (const cap of step.provides) {
    m.caps.add(cap);
    // A core step that provides a mount (Linux's initial rootfs) mounts a ramfs there.
    const at = mountForCoreStep(m.vfs, cap);
    if (at !== null) m.emit('mount', { id: step.id, path: at, fs: 'ramfs', dev: 'none' });
  }
}

/** `exit:` of uk_boot_entry: log the target, run the terms, terminate. */
function halt(m: Machine, reached: readonly Entry[], target: 'HALT' | 'CRASH', exitCode: number, end: Omit<BootEnd, 'target'>, slots?: readonly number[]): BootEnd {
  m.log(m.dialect.halting(target, exitCode, m.facts));
  const status = { value: exitCode };
  const fault = runTerms(m, reached, status, slots);
  if (fault) {
    m.log(m.dialect.halted('CRASH', m.facts));
    return { ...end, target: 'CRASH', reason: fault.reason, fault };
  }
  const declared = m.compiled.profile.exitStatus !== undefined;
  if (declared) m.log(m.dialect.terminated?.(status.value, target, m.facts) ?? []);
  m.log(m.dialect.halted(target, m.facts));
  return { ...end, target, ...(declared ? { exitStatus: status.value } : {}) };
}
