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
import { TABLE_CAN_FAIL, TABLE_TERMS } from './machine-tables.js';
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
  const { profile, steps, entries } = m.compiled;
  const { tableFlags } = m.slots;
  const stepCount = steps.length;
  const reached: Entry[] = [];
  /** Each reached entry's slot (teardown withdraws its provides by id). */
  const slots: number[] = [];
  const announced = new Set<string>();
  let phase = 0;
  let mainRc: number | undefined;
  let failed: BootEnd['failed'];

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
  for (let k = 0; k < order.length; k++) {
    const node = order[k]!;
    if (node < stepCount) {
      const step = steps[node]!;
      if (step.phase > phase) enterPhases(step.phase);
      runStep(m, step);
      continue;
    }
    const slot = node - stepCount;
    const entry = entries[slot]!;
    if (entry.phase > phase) enterPhases(entry.phase);
    const terms = (tableFlags[slot]! & TABLE_TERMS) !== 0;
    if (entry.fn === null) {
      // A term-only entry: the init loop skips it, teardown still runs its term.
      if (terms) {
        reached.push(entry);
        slots.push(slot);
      }
      continue;
    }
    const injected = fail && fail.id === entry.id && entry.kind !== 'ctor' ? fail.rc ?? -1 : undefined;
    const rc = callEntry(m, entry, injected, slot);
    if (typeof rc !== 'number') {
      m.log(m.dialect.halted('CRASH', m.facts));
      return { target: 'CRASH', reason: rc.reason, fault: rc };
    }
    if (entry.kind === 'main') {
      mainRc = rc;
      // LIBUKBOOT_INIT: main is a process of the init loop; stopped by a signal, its status is 0x80|signal.
      const loop = profile.exitStatus?.initLoop;
      if (stopSignal !== undefined && loop) mainRc = loop.killedBase | stopSignal;
    }
    if (entry.kind === 'early' && rc !== 0) {
      // lib/ukboot/early_init.c: UK_CRASH("Early init call @ %p failed with %d").
      m.log(m.dialect.earlyError?.(entry, rc) ?? []);
      m.log(m.dialect.halted('CRASH', m.facts));
      return { target: 'CRASH', reason: `early init call ${entry.id} returned ${rc}`, failed: { id: entry.id, rc } };
    }
    if (rc < 0 && entry.kind === 'initcall') {
      if ((tableFlags[slot]! & TABLE_CAN_FAIL) !== 0) {
        m.log(m.dialect.initError(entry, rc));
        if (!m.keepGoing) return halt(m, reached, 'CRASH', rc, { reason: `init function ${entry.id} returned ${rc}`, failed: { id: entry.id, rc } }, slots);
        failed ??= { id: entry.id, rc };
      } else {
        continue; // Linux: logged, not fatal; what it would have provided never exists (keepGoing or not)
      }
      // keepGoing looks past a failure that would stop the boot: carry on as if it had succeeded.
      commitProvides(m, entry, slot);
      if (terms) {
        reached.push(entry);
        slots.push(slot);
      }
      continue;
    }
    if (rc >= 0 || entry.kind === 'init_array') commitProvides(m, entry, slot);
    if (terms) {
      reached.push(entry);
      slots.push(slot);
    }
  }
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
