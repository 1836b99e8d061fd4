/**
 * cycle: the whole circle in the message (shortest way round, from the entry linked first), the
 * line of each requirement, which requirements count (uses of a single provider, after, before;
 * not a term function's use, not an entry's use of itself), and a witness that replays; and the
 * strongly connected components it is built on.
 */
import { describe, expect, it } from 'vitest';
import { stronglyConnected } from '../../../../compiler/check/rules/cycle.js';
import { findings } from '../../../helpers/findings.js';
import { checkText, HEAD } from '../../../helpers/plans.js';
import { witnessProblem } from '../../../property/harness.js';

/** One library per entry, `LIB.LIB_init` at level lib, in the order given. */
const plan = (...entries: Array<[lib: string, fields: string]>) => `${HEAD}libraries:\n${entries.map(([lib, fields]) => `  ${lib}:\n    initcalls:\n      - { fn: ${lib}_init, level: lib, ${fields} }\n`).join('')}`;
const BOOT = ['core.multiboot_entry', 'core.ukplat_entry', 'core.libparam', 'core.alloc', 'core.tls', 'core.irq', 'core.time', 'core.sched'];
const order = (...ids: string[]) => [...BOOT, ...ids, 'core.banner'];
const HINT = 'break one of these requirements; no levels or priorities can satisfy all of them';

async function cycles(text: string) {
  const found = await findings(text, { code: 'cycle' });
  const { compiled, diagnostics } = await checkText(text);
  for (const d of diagnostics.filter((x) => x.code === 'cycle')) expect(witnessProblem(compiled!, d.witness!)).toBeNull();
  return found;
}

describe('cycle', () => {
  it('prints two uses that need each other, the fault replaying at the one linked first', async () => {
    const text = plan(['a', 'prio: 1, uses: [b-ready], provides: [a-ready]'], ['b', 'prio: 2, uses: [a-ready], provides: [b-ready]']);
    expect(await cycles(text)).toEqual([{
      code: 'cycle',
      severity: 'error',
      at: '11:9',
      message: 'dependency cycle: a.a_init → (uses a-ready) b.b_init → (uses b-ready) a.a_init',
      hint: HINT,
      related: [
        { at: '11:9', message: 'b.b_init uses a-ready (from a.a_init)' },
        { at: '8:9', message: 'a.a_init uses b-ready (from b.b_init)' },
      ],
      subjects: ['a.a_init', 'b.b_init'],
      witness: { order: order('a.a_init', 'b.b_init'), expect: { kind: 'fault', entry: 'a.a_init', capability: 'b-ready' } },
    }]);
  });

  it('names after and before, and replays the step that runs backwards in the default order', async () => {
    const text = plan(['a', 'prio: 1, provides: [a-ready]'], ['b', 'prio: 2, uses: [a-ready], provides: [b-ready]'], ['c', 'prio: 3, uses: [b-ready], before: [a.a_init]']);
    expect(await cycles(text)).toEqual([{
      code: 'cycle',
      severity: 'error',
      at: '11:9',
      message: 'dependency cycle: a.a_init → (uses a-ready) b.b_init → (uses b-ready) c.c_init → (before) a.a_init',
      hint: HINT,
      related: [
        { at: '11:9', message: 'b.b_init uses a-ready (from a.a_init)' },
        { at: '14:9', message: 'c.c_init uses b-ready (from b.b_init)' },
        { at: '8:9', message: 'a.a_init before (from c.c_init)' },
      ],
      subjects: ['a.a_init', 'b.b_init', 'c.c_init'],
      witness: { order: order('a.a_init', 'b.b_init', 'c.c_init'), expect: { kind: 'order', entry: 'a.a_init', first: 'c.c_init' } },
    }]);
  });

  it('goes the shortest way round, and lists every entry of the knot as subjects', async () => {
    // a → b → c → a and a → d → a: the shorter circle is printed, all four are caught in it.
    const text = plan(['a', 'prio: 1, after: [c.c_init, d.d_init]'], ['b', 'prio: 2, after: [a.a_init]'], ['c', 'prio: 3, after: [b.b_init]'], ['d', 'prio: 4, after: [a.a_init]']);
    expect(await cycles(text)).toEqual([{
      code: 'cycle',
      severity: 'error',
      at: '17:9',
      message: 'dependency cycle: a.a_init → (after) d.d_init → (after) a.a_init',
      hint: HINT,
      related: [
        { at: '17:9', message: 'd.d_init after (from a.a_init)' },
        { at: '8:9', message: 'a.a_init after (from d.d_init)' },
      ],
      subjects: ['a.a_init', 'b.b_init', 'c.c_init', 'd.d_init'],
      witness: { order: order('a.a_init', 'b.b_init', 'c.c_init', 'd.d_init'), expect: { kind: 'order', entry: 'a.a_init', first: 'd.d_init' } },
    }]);
  });

  it('keeps the first way it reached an entry: a later, longer way there does not lengthen the circle', async () => {
    // a → b, a → c, b → c, c → a: c is reached from a first, then again from b; the circle is a → c → a.
    const text = plan(['a', 'prio: 1, after: [c.c_init]'], ['b', 'prio: 2, after: [a.a_init]'], ['c', 'prio: 3, after: [a.a_init, b.b_init]']);
    const [found] = await cycles(text);
    expect([found!.message, found!.subjects]).toEqual([
      'dependency cycle: a.a_init → (after) c.c_init → (after) a.a_init',
      ['a.a_init', 'b.b_init', 'c.c_init'],
    ]);
  });

  it('prints a three-step circle from the entry linked first', async () => {
    const text = plan(['a', 'prio: 1, after: [c.c_init]'], ['b', 'prio: 2, after: [a.a_init]'], ['c', 'prio: 3, after: [b.b_init]']);
    const [found] = await cycles(text);
    expect([found!.message, found!.subjects, found!.witness!.expect]).toEqual([
      'dependency cycle: a.a_init → (after) b.b_init → (after) c.c_init → (after) a.a_init',
      ['a.a_init', 'b.b_init', 'c.c_init'],
      { kind: 'order', entry: 'a.a_init', first: 'c.c_init' },
    ]);
  });

  it('names a pair by the first requirement stated between them', async () => {
    const text = plan(['a', 'prio: 1, uses: [b-ready], provides: [a-ready]'], ['b', 'prio: 2, uses: [a-ready], after: [a.a_init], provides: [b-ready]']);
    expect((await cycles(text)).map((f) => f.message)).toEqual(['dependency cycle: a.a_init → (uses a-ready) b.b_init → (uses b-ready) a.a_init']);
  });

  it('does not go round an entry that uses what only it provides', async () => {
    // a's use of y is use-before-provide; the circle is still a → b → a.
    const text = plan(['a', 'prio: 1, uses: [b-ready, y], provides: [a-ready, y]'], ['b', 'prio: 2, uses: [a-ready], provides: [b-ready]']);
    expect((await cycles(text)).map((f) => f.message)).toEqual(['dependency cycle: a.a_init → (uses a-ready) b.b_init → (uses b-ready) a.a_init']);
  });

  it('is found beside another entry that uses what only it provides', async () => {
    const text = plan(['a', 'prio: 1, uses: [b-ready], provides: [a-ready]'], ['b', 'prio: 2, uses: [a-ready], provides: [b-ready]'], ['c', 'prio: 3, uses: [z], provides: [z]']);
    expect((await cycles(text)).map((f) => f.message)).toEqual(['dependency cycle: a.a_init → (uses a-ready) b.b_init → (uses b-ready) a.a_init']);
  });

  it('is quiet when the use that closes the circle has another provider', async () => {
    // x comes from b and from c: a needs one of them, not b in particular.
    const text = plan(['a', 'prio: 1, uses: [x], provides: [y]'], ['b', 'prio: 2, uses: [y], provides: [x]'], ['c', 'prio: 3, provides: [x]']);
    expect(await cycles(text)).toEqual([]);
    expect((await findings(text)).map((f) => f.code)).toEqual(['use-before-provide']);
  });

  it('is quiet when only a term function closes the circle (term-order reports it)', async () => {
    // c and d race, so the plan has a doubtful edge besides the term function's.
    const text = plan(['a', 'prio: 1, term: { fn: a_term, uses: [x] }'], ['b', 'prio: 2, provides: [x], term: b_term, after: [a.a_init]'], ['c', 'prio: 5, provides: [z]'], ['d', 'prio: 5, uses: [z]']);
    expect(await cycles(text)).toEqual([]);
    expect((await findings(text)).map((f) => f.code)).toEqual(['term-order', 'race']);
  });

  it('is quiet when the requirements only go one way', async () => {
    expect(await cycles(plan(['a', 'prio: 1, provides: [a-ready]'], ['b', 'prio: 2, uses: [a-ready], after: [a.a_init]']))).toEqual([]);
  });
});

describe('stronglyConnected', () => {
  const sorted = (components: number[][]) => components.map((c) => [...c].sort((x, y) => x - y)).sort((x, y) => x[0]! - y[0]!);

  it('finds each circle of more than one node, and nothing for chains and self-loops', () => {
    // 0 ⇄ 1, 2 → 3 → 4 → 2, 5 → 5, 6 → 0 (into a circle, not part of it), 7 alone.
    const adjacency = [[1], [0], [3], [4], [2], [5], [0], []];
    expect(sorted(stronglyConnected(8, adjacency))).toEqual([[0, 1], [2, 3, 4]]);
  });

  it('keeps nested circles in one component and leaves the nodes hanging off it out', () => {
    // 0 → 1 → 2 → 0 and 1 → 3 → 1; 2 → 4 (a dead end), 5 → 3 (from outside).
    const adjacency = [[1], [2, 3], [0, 4], [1], [], [3]];
    expect(sorted(stronglyConnected(6, adjacency))).toEqual([[0, 1, 2, 3]]);
  });

  it('separates two circles joined by one edge', () => {
    // 0 ⇄ 1 → 2 ⇄ 3: the edge 1 → 2 goes one way only.
    expect(sorted(stronglyConnected(4, [[1], [0, 2], [3], [2]]))).toEqual([[0, 1], [2, 3]]);
    // The same with the later circle first in node order.
    expect(sorted(stronglyConnected(4, [[1], [0], [3, 0], [2]]))).toEqual([[0, 1], [2, 3]]);
  });

  it('follows a chain 20,000 deep (past what a recursive walk survives) without overflowing the stack', () => {
    const n = 20_000;
    const adjacency = Array.from({ length: n }, (_, i) => (i + 1 < n ? [i + 1] : [0]));
    const [component] = stronglyConnected(n, adjacency);
    expect(component!.length).toBe(n);
  });
});
