import { describe, expect, it } from 'vitest';
import { compile, loadPlanText } from '../../compiler/index.js';
import { PRIO_SHIFT } from '../../compiler/keys.js';
import { plainPriority } from '../../compiler/priorities.js';
import type { Entry, ProfileTable } from '../../compiler/types.js';

const table = { prio: { min: 0, max: 9, default: 9, names: { UK_PRIO_EARLIEST: 0 } } } as unknown as ProfileTable;
const entry = (key = 3 * PRIO_SHIFT * 1024) => ({ key, prio: 0 }) as unknown as Entry;

describe('plainPriority', () => {
  it('sets the default when none is written and a whole number in range as it is', () => {
    const none = entry();
    expect(plainPriority(none, undefined, table)).toBe(true);
    expect([none.prio, none.key]).toEqual([9, 3 * PRIO_SHIFT * 1024 + 9 * PRIO_SHIFT]);
    for (const prio of [0, 4, 9]) {
      const e = entry();
      expect(plainPriority(e, prio, table)).toBe(true);
      expect([e.prio, e.key]).toEqual([prio, 3 * PRIO_SHIFT * 1024 + prio * PRIO_SHIFT]);
    }
  });

  it('leaves everything else as it is for resolvePriorities: out of range, not whole, names, references, no level, no priorities', () => {
    const cases: Array<[unknown, ProfileTable | null, number]> = [
      [10, table, 0], [-1, table, 0], [2.5, table, 0], ['3', table, 0], ['UK_PRIO_EARLIEST', table, 0], ['after(a.f)', table, 0],
      [3, table, -1], [undefined, table, -1], [3, {} as ProfileTable, 0], [undefined, {} as ProfileTable, 0], [undefined, null, 0],
    ];
    for (const [raw, t, key] of cases) {
      const e = entry(key);
      expect(plainPriority(e, raw, t)).toBe(false);
      expect([e.prio, e.key]).toEqual([0, key]);
    }
  });
});

describe('priorities set as entries are made, and those left to resolvePriorities', () => {
  it('give an after() the priority of an entry set early, and still report the bad ones in plan order', () => {
    const text = `bootplan: 1\nname: t\nprofile: unikraft@0.17\ntarget: qemu/x86_64\nlibraries:\n  a:\n    initcalls:
      - { fn: late, level: lib, prio: 'after(a.early)' }
      - { fn: early, level: lib, prio: 4 }
      - { fn: none, level: lib }
      - { fn: far, level: lib, prio: 12 }
      - { fn: odd, level: lib, prio: 'sometime' }
`;
    const { compiled, diagnostics } = compile(loadPlanText('/virtual/plan.yaml', text));
    const prio = Object.fromEntries(compiled!.entries.map((e) => [e.fn, e.prio]));
    expect(prio).toEqual({ late: 5, early: 4, none: 9 });
    expect(compiled!.dropped.map((d) => d.id)).toEqual(['a.far', 'a.odd']);
    expect(diagnostics.filter((d) => d.code === 'prio-out-of-range').map((d) => d.source?.path)).toEqual([
      ['libraries', 'a', 'initcalls', 3, 'prio'], ['libraries', 'a', 'initcalls', 4, 'prio'],
    ]);
  });
});
