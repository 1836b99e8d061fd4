/**
 * Term functions, in reverse table order over the entries the init loop got past. A term checks
 * the capabilities it uses (a missing one is a teardown fault); then its entry withdraws what it
 * provided and unmounts what its effects mounted, as vfscore_autoumount does.
 */
import type { Entry } from '../compiler/types.js';
import type { FaultInfo } from './fault.js';
import type { Machine } from './machine.js';
import { R_CAPS_MID, REC } from './machine-tables.js';
import { VfsError } from './vfs/errno.js';

/** Virtual time one term function takes. */
export const TERM_COST = 1000;

/** Runs the terms of `reached` from last to first; returns the fault that stopped them, if any.
 * A term that writes the exit status (`term.exit`, profiles with `exitStatus.termsWrite`) sets
 * `status.value`: the last one to run, the earliest entry, has the last word. */
export function runTerms(m: Machine, reached: readonly Entry[], status: { value: number } = { value: 0 }, slots?: readonly number[]): FaultInfo | null {
  for (let i = reached.length - 1; i >= 0; i--) {
    const entry = reached[i]!;
    const term = entry.term;
    if (!term) continue;
    const slot = slots ? slots[i]! : -1;
    m.log(m.termLines(entry, slot));
    // Built whole, `seq` and `t` included, as call.ts builds its events: one shape, no field rewritten.
    const events = m.events;
    if (events.length >= m.eventBudget) m.eventLimit();
    events.push({ seq: events.length, t: m.t, ev: 'term', id: entry.id, lib: entry.lib, fn: term.fn, table: entry.table });
    if (term.uses.length > 0) {
      const missing = term.uses.filter((c) => !m.caps.has(c));
      if (missing.length > 0) {
        const fault = termFault(m, entry, missing);
        if (!m.keepGoing) return fault;
      }
    }
    m.advance(TERM_COST);
    if (term.exit !== undefined) status.value = term.exit;
    if (entry.fn !== null) {
      // `slot` is the entry's position in compiled.entries: its provides as ids, in the same order.
      const { isMount } = m.capIndex;
      const ids = m.slots.caps;
      const first = slot >= 0 ? m.slots.rec[m.slots.recordOf[slot]! * REC + R_CAPS_MID]! : -1;
      const provides = entry.provides;
      for (let j = 0; j < provides.length; j++) {
        const id = first >= 0 ? ids[first + j]! : -1;
        if (id >= 0) m.caps.withdrawId(id, entry.id);
        else m.caps.withdraw(provides[j]!, entry.id);
        // vfscore_autoumount unmounts everything beneath what it unmounts (/dev with /).
        if (id >= 0 ? isMount[id] === 1 : provides[j]!.startsWith('mount:')) {
          for (const below of m.caps.mountsBeneath(provides[j]!.slice('mount:'.length))) m.caps.remove(below, entry.id);
        }
      }
    }
    if (m.mountsBy.size === 0) continue;
    const mounts = m.mountsBy.get(entry.id) ?? [];
    for (let j = mounts.length - 1; j >= 0; j--) unmountTree(m, mounts[j]!);
  }
  return null;
}

/** Unmount `point` and, first, whatever is still mounted beneath it (vfscore_autoumount walks the whole mount list). */
function unmountTree(m: Machine, point: string): void {
  if (!m.vfs.mounted(point)) return;
  const beneath = m.vfs.mountPoints().filter((p) => p !== point && (point === '/' || p.startsWith(point + '/')));
  for (const p of [...beneath.reverse(), point]) {
    let rc = 0;
    try {
      m.vfs.umount(p);
    } catch (err) {
      if (!(err instanceof VfsError)) throw err;
      rc = -err.errno;
    }
    m.log(m.dialect.unmount(p, rc));
  }
}

function termFault(m: Machine, entry: Entry, missing: string[]): FaultInfo {
  const term = entry.term!;
  const capability = missing[0]!;
  const provider = m.caps.providerOf(capability);
  const reason = `term function ${term.fn} of ${entry.id} uses ${capability}, which is already gone${provider ? ` (withdrawn by ${provider})` : ''}`;
  m.emit('fault', { id: entry.id, lib: entry.lib, fn: term.fn, capability, missing, ...(provider ? { provider } : {}), reason });
  m.log(m.dialect.fault({ id: entry.id, lib: entry.lib, fn: term.fn }, capability));
  const info: FaultInfo = { kind: 'term', id: entry.id, capability, missing, ...(provider ? { provider } : {}), reason };
  m.faults.push(info);
  return info;
}
