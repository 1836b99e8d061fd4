/**
 * The guard every effect implementation works through. An effect may only `use` a capability its
 * static contract (compiler/effects.ts, copied onto the Effect by resolve) lists in `uses`, and
 * only `provide` one listed in `provides`; anything else is a ContractBreach, a bootplan bug that
 * stops the run loudly. A use of a listed capability that does not exist yet is a Fault, the
 * emulated crash.
 */
import type { Effect, Entry } from '../../compiler/types.js';
import { ContractBreach } from '../errors.js';
import type { Machine } from '../machine.js';

/** Thrown by `use` when a capability does not exist yet; call.ts turns it into a fault event. */
export class FaultSignal extends Error {
  override name = 'FaultSignal';
  constructor(readonly capability: string) {
    super(`${capability} does not exist yet`);
  }
}

export interface EffectContext {
  readonly machine: Machine;
  readonly entry: Entry;
  readonly effect: Effect;
  /** Touch a capability: must be in the contract's uses and exist (or be provided earlier by this entry). */
  use(capability: string): void;
  /** Make a capability exist for the rest of this entry; the entry commits it when it returns. */
  provide(capability: string): void;
  /** Heap bytes (uses `alloc`); 0 when the heap is full. */
  allocate(size: number): number;
  /** The value the entry returns (a `fail` effect sets it; it does not cut the entry short). */
  setReturn(rc: number): void;
  log(msg: string, lib?: string): void;
}

/** One effect kind's execution: 0 on success, a negative errno that ends the entry with it. */
export type EffectExecutor = (ctx: EffectContext) => number;

/** Per-call state the contexts of one entry share. */
export interface CallState {
  /** Capabilities this entry's effects provided so far. */
  pending: Set<string>;
  rc: number | null;
}

export function available(machine: Machine, state: CallState, capability: string): boolean {
  return machine.caps.has(capability) || state.pending.has(capability);
}

export function createEffectContext(machine: Machine, entry: Entry, effect: Effect, state: CallState): EffectContext {
  const ctx: EffectContext = {
    machine,
    entry,
    effect,
    use(capability) {
      if (!effect.uses.includes(capability)) throw new ContractBreach(effect.kind, entry.id, capability, 'use', effect.uses);
      // With keepGoing the fault was recorded before the effect ran; it goes on regardless.
      if (!available(machine, state, capability) && !machine.keepGoing) throw new FaultSignal(capability);
    },
    provide(capability) {
      if (!effect.provides.includes(capability)) throw new ContractBreach(effect.kind, entry.id, capability, 'provide', effect.provides);
      state.pending.add(capability);
    },
    allocate(size) {
      ctx.use('alloc');
      return machine.allocate(size, entry.id);
    },
    setReturn(rc) {
      state.rc = rc;
    },
    log(msg, lib = entry.lib) {
      // Programs print with printf (raw lines); libraries through uk_pr_* (prefixed lines).
      const raw = entry.kind === 'main' || entry.kind === 'init_array';
      machine.log([raw ? { msg } : { lib, msg }]);
    },
  };
  return ctx;
}
