/**
 * The checker and the machine agree on random plans: a plan the checker passes boots without a
 * fault in every link order, and every witness of an error replays to what it names.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, graphOf } from '../../compiler/index.js';
import type { Compiled } from '../../compiler/types.js';
import { replayWitness, run, type LinkOrder } from '../../runtime/index.js';
import { compilePlan, unikraftProfile, type EntrySpec } from './helpers.js';

const caps = ['x0', 'x1', 'x2', 'x3', 'alloc', 'sched', 'mount:/', 'mount:/dev'];
const capList = fc.uniqueArray(fc.constantFrom(...caps), { maxLength: 2 });
const entry = fc.record({
  kind: fc.constantFrom('ctor', 'initcall', 'initcall', 'initcall'),
  level: fc.constantFrom('early', 'plat', 'lib'),
  prio: fc.integer({ min: 0, max: 2 }),
  uses: capList,
  provides: fc.uniqueArray(fc.constantFrom('x0', 'x1', 'x2', 'x3', 'mount:/', 'mount:/dev'), { maxLength: 2 }),
  term: fc.option(capList, { nil: undefined }),
  returns: fc.constantFrom(0, 0, 0, 0, 0, 0, 0, -5),
  alloc: fc.constantFrom(0, 0, 0, 1024, 3000),
});

type Raw = { kind: string; level: string; prio: number; uses: string[]; provides: string[]; term?: string[] | undefined; returns: number; alloc: number };

function build(raw: Raw[]): Compiled {
  const specs: EntrySpec[] = raw.map((r, i) => ({
    id: `l${i}.f${i}`,
    kind: r.kind as EntrySpec['kind'],
    prio: r.prio,
    uses: r.uses,
    provides: r.provides,
    // An entry that both runs out of heap and returns an error shows only the -ENOMEM: the
    // checker gives a witness for each, so the two are kept on different entries here.
    ...(r.kind === 'initcall' ? { level: r.level, ...(r.alloc > 0 ? { alloc: r.alloc } : { returns: r.returns }), ...(r.term ? { term: { fn: `t${i}`, uses: r.term } } : {}) } : {}),
  }));
  specs.push({ id: 'app.main', kind: 'main' });
  const compiled = compilePlan(unikraftProfile(), specs, { memory: 8192 });
  // What compile() adds after resolve: the graph's edges and the default linearization.
  const graph = graphOf(compiled);
  compiled.edges = graph.edges;
  compiled.order = graph.nodes.map((n) => n.id);
  return compiled;
}

describe('checker ⇔ machine', () => {
  it('agree on random Unikraft plans', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 10 }), fc.array(fc.nat(), { minLength: 3, maxLength: 3 }), (raw, seeds) => {
        const compiled = build(raw);
        const errors = check(compiled).filter((d) => d.severity === 'error');
        if (errors.length === 0) {
          const orders: LinkOrder[] = [{ kind: 'declared' }, { kind: 'reverse' }, ...seeds.map((seed) => ({ kind: 'random' as const, seed }))];
          for (const linkOrder of orders) {
            const { outcome } = run(compiled, { linkOrder });
            expect(outcome.target, JSON.stringify({ linkOrder, reason: outcome.reason })).toBe('HALT');
          }
        }
        for (const d of errors.filter((e) => e.witness)) {
          const replay = replayWitness(compiled, d.witness!);
          expect(replay.matched, JSON.stringify({ code: d.code, message: d.message, expect: d.witness!.expect, observed: replay.observed })).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
