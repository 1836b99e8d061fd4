/**
 * Calling one entry: its declared uses are checked, its heap taken, then each effect runs after
 * its contract's uses are checked. A missing capability is a fault (the emulated crash); an
 * effect's error ends the entry with that error; otherwise the entry returns its `returns` (or
 * a `fail` effect's rc, or the injected `--fail`). Provides are committed only when it returns
 * successfully.
 */
import type { Entry } from '../compiler/types.js';
import { createEffectContext, EXECUTORS, FaultSignal, type CallState } from './effects/index.js';
import type { FaultInfo } from './fault.js';
import type { Machine } from './machine.js';
import { HAS_EFFECTS, KIND_CTOR, KIND_MASK, KIND_SHIFT, R_CAPS, R_CAPS_END, R_CAPS_MID, R_COST, R_FLAGS, REC, T_FN, T_ID, T_LEVEL, T_LIB, T_OWN_ALLOC, T_PRIO, T_RETURNS, T_TABLE, TEXT } from './machine-tables.js';
import { ERRNO } from './vfs/errno.js';

/** What calling an entry came to: the value it returned, or the fault that stopped the boot. */
export type CallResult = number | FaultInfo;

/** The capabilities of `caps` that do not exist now; null (no allocation) when all do. */
function missingOf(m: Machine, caps: readonly string[], pending: ReadonlySet<string> | null): string[] | null {
  let missing: string[] | null = null;
  for (let i = 0; i < caps.length; i++) {
    const c = caps[i]!;
    if (!m.caps.has(c) && !(pending !== null && pending.has(c))) (missing ??= []).push(c);
  }
  return missing;
}

/** Whether every use the entry whose record starts at `r` declares exists now (the common case, checked without allocating). */
function allExist(m: Machine, rec: Float64Array, r: number): boolean {
  const caps = m.slots.caps;
  const live = m.caps.live;
  for (let i = rec[r + R_CAPS]!, end = rec[r + R_CAPS_MID]!; i < end; i++) if (live[caps[i]!]! <= 0) return false;
  return true;
}

/**
 * Calls the entry at `slot`, its position in `compiled.entries` (from `orderPositions`), whose
 * record in the machine's per-plan tables is `q` (`m.slots.recordOf[slot]`). The common path reads
 * the record and leaves the entry object alone (at 100k entries each object touched is a cache
 * miss); effects and faults read it.
 */
export function callEntry(m: Machine, slot: number, q: number, injectedRc: number | undefined): CallResult {
  const { rec, text } = m.slots;
  const r = q * REC;
  const s = q * TEXT;
  const id = text[s + T_ID] as string;
  const lib = text[s + T_LIB] as string;
  const fn = text[s + T_FN] as string;
  const events = m.events;
  m.log(m.callLines(q));
  if (events.length >= m.eventBudget) m.eventLimit();
  events.push({ seq: events.length, t: m.t, ev: 'call', id, lib, fn, table: text[s + T_TABLE] as string, level: text[s + T_LEVEL] as string | null, prio: text[s + T_PRIO] as number });

  // The entry object only where the record does not say enough (a missing use, effects).
  const entries = m.compiled.entries;
  let cause = allExist(m, rec, r) ? null : missingOf(m, entries[slot]!.declaredUses, null);
  const heap = text[s + T_OWN_ALLOC] as number;
  const heapExists = heap > 0 && m.caps.hasId(m.caps.allocId);
  // The heap is touched whatever else is missing: it belongs in the fault even when the entry
  // provides `alloc` itself (it is not committed before the entry returns).
  if (heap > 0 && !heapExists && !cause?.includes('alloc')) (cause ??= []).push('alloc');
  if (cause !== null) {
    const f = fault(m, entries[slot]!, cause, null);
    if (!m.keepGoing) return f;
  }

  let rc = 0;
  let returned: number | null = null;
  if (heapExists && m.allocate(heap, id) === 0) {
    rc = -ERRNO.ENOMEM;
    m.recordError(id, rc);
  }
  const flags = rec[r + R_FLAGS]!;
  if ((flags & HAS_EFFECTS) !== 0) {
    const entry = entries[slot]!;
    const state: CallState = { pending: new Set(), rc: null };
    // An error ends the entry; keepGoing runs its other effects too, so that what they would do
    // wrong shows as well (the entry still returns the first error).
    for (let i = 0; (rc >= 0 || m.keepGoing) && i < entry.effects.length; i++) {
      const effect = entry.effects[i]!;
      const executor = EXECUTORS[effect.kind];
      if (!executor) throw new Error(`internal error: no runtime implementation for effect kind "${effect.kind}" (${id})`);
      cause = missingOf(m, effect.uses, state.pending);
      if (cause !== null) {
        const f = fault(m, entry, cause, state.pending);
        if (!m.keepGoing) return f;
      }
      try {
        const result = executor(createEffectContext(m, entry, effect, state));
        if (result < 0) {
          if (rc >= 0) rc = result;
          m.recordError(id, result);
        }
      } catch (err) {
        if (err instanceof FaultSignal) return fault(m, entry, [err.capability], state.pending);
        throw err;
      }
    }
    returned = state.rc;
  }
  const ctor = ((flags >> KIND_SHIFT) & KIND_MASK) === KIND_CTOR;
  const intended = injectedRc ?? returned ?? (text[s + T_RETURNS] as number);
  if (rc >= 0) rc = intended;
  // An effect's error came first; what the entry would have returned (its `returns`, a `fail`
  // effect) is one more error keepGoing shows.
  else if (intended < 0 && !ctor) m.recordError(id, intended);
  if (ctor) rc = 0; // constructors return void: nothing they do can fail
  m.advance(rec[r + R_COST]!);
  if (events.length >= m.eventBudget) m.eventLimit();
  events.push({ seq: events.length, t: m.t, ev: 'return', id, lib, fn, rc });
  m.log(m.returnedLines(q, rc));
  return rc;
}

/** Commit what a successful entry provides (its record `q` as for {@link callEntry}). */
export function commitProvides(m: Machine, q: number): void {
  const rec = m.slots.rec;
  const r = q * REC;
  const caps = m.slots.caps;
  const live = m.caps.live;
  for (let i = rec[r + R_CAPS_MID]!, end = rec[r + R_CAPS_END]!; i < end; i++) live[caps[i]!]!++;
}

function fault(m: Machine, entry: Entry, cause: string[], pending: ReadonlySet<string> | null): FaultInfo {
  const order = (caps: string[]) => [...new Set(caps)].sort((a, b) => rank(entry, a) - rank(entry, b));
  const causeSorted = order(cause);
  // Everything else the entry needs that is missing too, except what it provides itself.
  const rest = entry.uses.filter((c) => !m.caps.has(c) && !pending?.has(c) && !entry.provides.includes(c));
  const missing = order([...causeSorted, ...rest]);
  const capability = causeSorted[0]!;
  const provider = m.caps.providerOf(capability);
  const reason = `${entry.id} uses ${capability}, which does not exist yet${provider ? ` (${provider} provides it)` : ' (nothing provides it)'}`;
  const info: FaultInfo = { kind: 'fault', id: entry.id, capability, missing, ...(provider ? { provider } : {}), reason };
  m.emit('fault', { id: entry.id, lib: entry.lib, fn: entry.fn ?? '0x0', capability, missing, ...(provider ? { provider } : {}), reason });
  m.log(m.dialect.fault({ id: entry.id, lib: entry.lib, fn: entry.fn ?? '0x0' }, capability));
  m.faults.push(info);
  return info;
}

function rank(entry: Entry, cap: string): number {
  const i = entry.uses.indexOf(cap);
  return i < 0 ? entry.uses.length : i;
}
