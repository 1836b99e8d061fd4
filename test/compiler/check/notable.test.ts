/**
 * The one pass over the entries that every rule reads (compiler/check/notable.ts, `ctx.notable`):
 * each list holds exactly the entries that have the thing, in entry order, and the two flags say
 * whether any entry has a numbered id or evidence.
 */
import { describe, expect, it } from 'vitest';
import { notableEntries, type NotableEntries } from '../../../compiler/check/notable.js';
import { compile, graphOf, loadPlanText } from '../../../compiler/index.js';

function entriesOf(text: string) {
  const { compiled } = compile(loadPlanText('/virtual/plan.yaml', text));
  return compiled!.entries;
}

/** The lists as entry ids, the flags as they are. */
function notable(text: string) {
  const found: NotableEntries = notableEntries(entriesOf(text));
  const ids = (list: readonly { id: string }[]) => list.map((e) => e.id);
  return {
    effects: ids(found.effects),
    alloc: ids(found.alloc),
    ordering: ids(found.ordering),
    term: ids(found.term),
    mains: ids(found.mains),
    nonZero: ids(found.nonZero),
    numbered: found.numbered,
    evidenced: found.evidenced,
  };
}

const HEAD = 'bootplan: 1.1\nname: t\nprofile: unikraft@0.17\ntarget: qemu/x86_64\n';

describe('notableEntries', () => {
  it('lists each entry under what it has, in entry order, and none under what it lacks', () => {
    const text = `${HEAD}libraries:
  a:
    initcalls:
      - { fn: plain, level: lib, prio: 1 }
      - { fn: mounts, level: rootfs, prio: 1, effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }
      - { fn: heap, level: lib, prio: 2, alloc: 4096 }
      - { fn: later, level: lib, prio: 3, after: [a.plain] }
      - { fn: sooner, level: lib, prio: 3, before: [a.later] }
      - { fn: both, level: lib, prio: 4, after: [a.plain], before: [a.fails] }
      - { fn: stops, level: lib, prio: 5, term: { fn: a_term } }
      - { fn: fails, level: lib, prio: 6, returns: -5 }
      - { fn: plain, level: lib, prio: 7 }
      - fn: proven
        level: lib
        prio: 8
        provides: [x]
        evidence:
          - { provides: x, at: lib/a/a.c:3, fact: 'sets x up' }
  app:
    main: { uses: [x] }
`;
    expect(notable(text)).toEqual({
      effects: ['a.mounts'],
      alloc: ['a.heap'],
      // an `after` alone, a `before` alone, and both
      ordering: ['a.later', 'a.sooner', 'a.both'],
      term: ['a.stops'],
      mains: ['app.main'],
      nonZero: ['a.fails'],
      numbered: true,
      evidenced: true,
    });
  });

  it('says no entry is numbered or evidenced when none is', () => {
    const text = `${HEAD}libraries:\n  a:\n    initcalls:\n      - { fn: one, level: lib, prio: 1 }\n      - { fn: two, level: lib, prio: 2 }\n`;
    expect(notable(text)).toEqual({ effects: [], alloc: [], ordering: [], term: [], mains: [], nonZero: [], numbered: false, evidenced: false });
  });

  it('finds a numbered id and evidence on a later entry, after entries without them', () => {
    const text = `${HEAD}libraries:
  a:
    initcalls:
      - { fn: one, level: lib, prio: 1 }
      - { fn: two, level: lib, prio: 2, provides: [y], evidence: [{ provides: y, at: lib/a/a.c:9, fact: 'sets y up' }] }
      - { fn: one, level: lib, prio: 3 }
`;
    expect(notable(text)).toMatchObject({ numbered: true, evidenced: true });
  });

  it('takes `numbered` from resolve when given, reading no id, and resolve says what the ids say', () => {
    const plain = `${HEAD}libraries:\n  a:\n    initcalls:\n      - { fn: one, level: lib, prio: 1 }\n      - { fn: two, level: lib, prio: 2 }\n`;
    const twice = `${plain}      - { fn: one, level: lib, prio: 3 }\n`;
    const clash = `${HEAD}libraries:\n  core:\n    initcalls:\n      - { fn: banner, level: lib, prio: 1 }\n`;
    for (const [text, want] of [[plain, false], [twice, true], [clash, true]] as const) {
      const { compiled } = compile(loadPlanText('/virtual/plan.yaml', text));
      expect(graphOf(compiled!).numbered).toBe(want);
      expect(compiled!.entries.some((e) => e.id.includes('#'))).toBe(want);
      expect(notable(text).numbered).toBe(want);
    }
    // Given, the flag is taken as it is and no entry's id is read.
    let reads = 0;
    const entries = entriesOf(twice).map((e) => {
      const copy = { ...e };
      Object.defineProperty(copy, 'id', { get: () => { reads++; return e.id; } });
      return copy;
    });
    expect(notableEntries(entries, false).numbered).toBe(false);
    expect(notableEntries(entries, true).numbered).toBe(true);
    expect(reads).toBe(0);
    expect(notableEntries(entries).numbered).toBe(true);
    expect(reads).toBeGreaterThan(0);
  });

  it('is empty for no entries', () => {
    expect(notableEntries([])).toEqual({ effects: [], alloc: [], ordering: [], term: [], mains: [], nonZero: [], numbered: false, evidenced: false });
  });
});
