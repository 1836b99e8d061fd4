import { describe, expect, it } from 'vitest';
import type { Compiled, Entry } from '../../compiler/types.js';
import { run } from '../../runtime/index.js';
import { writeJsonl } from '../../traces/jsonl.js';
import { calls, compilePlan, unikraftProfile, type EntrySpec } from './helpers.js';

/** Initcalls with and without a term, a constructor, a use provided earlier, and main. */
const plan: EntrySpec[] = [
  { id: 'ukbus.pci_bus_register', kind: 'ctor', prio: 2 },
  { id: 'ukrandom.uk_random_init', level: 'early', term: 'uk_random_term', provides: ['random'] },
  { id: 'ukbus.uk_bus_lib_init', level: 'plat', prio: 0, uses: ['random'] },
  { id: 'ukbus.uk_bus_probe', level: 'plat', prio: 1, alloc: 64 },
  { id: 'vfscore.vfscore_automount', level: 'rootfs', prio: 4, term: 'vfscore_autoumount' },
  { id: 'posix-fdtab.term_posix_fdtab', fn: null, level: 'rootfs', prio: 8, term: 'term_posix_fdtab' },
  { id: 'posix-tty.init_posix_tty', level: 'rootfs', prio: 9 },
  { id: 'app.main', kind: 'main' },
];

/**
 * Replaces each entry of `compiled` in place (the array stays the same, so the machine's per-plan
 * tables stay valid) by a proxy that counts the properties read from it, by entry id.
 */
function countReads(compiled: Compiled): Map<string, string[]> {
  const reads = new Map<string, string[]>();
  compiled.entries.forEach((entry, i) => {
    const seen: string[] = [];
    reads.set(entry.id, seen);
    compiled.entries[i] = new Proxy(entry, {
      get(target, key, receiver) {
        seen.push(String(key));
        return Reflect.get(target, key, receiver) as unknown;
      },
    }) as Entry;
  });
  return reads;
}

describe('the init loop and teardown read the entry objects only where the tables do not say enough', () => {
  it('a warm boot reads nothing from an entry without a term, effects or a missing use, and the same trace comes out', () => {
    const compiled = compilePlan(unikraftProfile(), plan);
    const first = run(compiled); // builds the plan's tables (they read every entry once)
    const reads = countReads(compiled);
    const again = run(compiled);
    expect(writeJsonl(again.events)).toBe(writeJsonl(first.events));
    expect(again.console).toBe(first.console);
    for (const id of ['ukbus.pci_bus_register', 'ukbus.uk_bus_lib_init', 'ukbus.uk_bus_probe', 'posix-tty.init_posix_tty', 'app.main']) {
      expect({ id, read: reads.get(id) }).toEqual({ id, read: [] });
    }
    // Teardown reads the entries it runs the term of, last first.
    expect(calls(again.events).filter((c) => c.startsWith('term:'))).toEqual([
      'term:posix-fdtab.term_posix_fdtab:term_posix_fdtab', 'term:vfscore.vfscore_automount:vfscore_autoumount', 'term:ukrandom.uk_random_init:uk_random_term',
    ]);
    expect(reads.get('vfscore.vfscore_automount')).toContain('term');
  });

  it('an entry whose use is missing is read for its fault', () => {
    const compiled = compilePlan(unikraftProfile(), [...plan.slice(0, 6), { id: 'posix-tty.init_posix_tty', level: 'rootfs', prio: 9, uses: ['tty'] }, plan[7]!]);
    run(compiled);
    const reads = countReads(compiled);
    const r = run(compiled);
    expect(r.outcome.fault?.capability).toBe('tty');
    expect(reads.get('posix-tty.init_posix_tty')).toContain('declaredUses');
  });
});
