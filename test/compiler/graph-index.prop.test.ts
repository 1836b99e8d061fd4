/**
 * The graph's integer paths (compiler/graph.ts): the counting sort by key must give the order the
 * comparison sort (`compareNodes`) gives, and the node lookup through resolve's id map must find
 * exactly what a map of the nodes finds — for every id of the plan, dropped and unknown ones too.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, graphOf, loadPlanText } from '../../compiler/index.js';
import { buildGraph, compareNodes } from '../../compiler/graph.js';
import { orderByKey, sortTies } from '../../compiler/keys.js';
import { maybeBrokenPlan } from '../property/arbitraries.js';

describe('graph on integers', () => {
  it('orderByKey is a stable sort by key; sortTies orders each run of equal keys', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -3, max: 5 }), { maxLength: 60 }), fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 60 }), (raw, ties) => {
        const keys = Float64Array.from(raw);
        const expected = raw.map((_, i) => i).sort((a, b) => raw[a]! - raw[b]! || a - b);
        expect([...orderByKey(keys)]).toEqual(expected);
        const tie = (i: number) => ties[i] ?? 0;
        const byTie = (a: number, b: number) => tie(a) - tie(b) || a - b;
        expect([...sortTies(orderByKey(keys), keys, byTie)]).toEqual(raw.map((_, i) => i).sort((a, b) => raw[a]! - raw[b]! || byTie(a, b)));
      }),
      { numRuns: 300 },
    );
  });

  it('orderByKey sorts keys as a plan makes them: large, many distinct, 0 and -0 as one key', () => {
    // Keys past 2^32 (phase × 2^36 + level × 2^26 + prio × 2^16 + ordinal), hundreds of distinct
    // values (its table of distinct keys grows several times), runs of one key, -0 beside 0.
    const key = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 40 }))
        .map(([phase, level, prio, ordinal]) => phase * 2 ** 36 + level * 2 ** 26 + prio * 2 ** 16 + ordinal),
      fc.constantFrom(0, -0, -1, 2 ** 36),
      fc.double({ noNaN: true }),
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(key.map((k) => [k]), fc.tuple(key, fc.integer({ min: 2, max: 9 })).map(([k, n]) => Array<number>(n).fill(k))), { maxLength: 400, size: 'large' }), (runs) => {
        const raw = runs.flat();
        const expected = raw.map((_, i) => i).sort((a, b) => (raw[a]! < raw[b]! ? -1 : raw[a]! > raw[b]! ? 1 : a - b));
        expect([...orderByKey(Float64Array.from(raw))]).toEqual(expected);
      }),
      { numRuns: 200 },
    );
    // 0 and -0 apart from each other, with another key between: one key, in position order.
    expect([...orderByKey(Float64Array.from([0, 5, -0, 5, 0, -0]))]).toEqual([0, 2, 4, 5, 1, 3]);
    // The same after 40,000 other keys, when the table has grown past 2^17 slots (where the two
    // bit patterns of 0 no longer share a slot).
    const many = [...Array.from({ length: 40_000 }, (_, i) => (i + 1) * 2 ** 16), 0, 5, -0, 5, 0, -0];
    expect([...orderByKey(Float64Array.from(many))].slice(0, 7)).toEqual([40_000, 40_002, 40_004, 40_005, 40_001, 40_003, 0]);
  });

  it('the compiled graph (resolve\'s id map) and a graph built alone agree on order, lookups and edges', () => {
    fc.assert(
      fc.property(maybeBrokenPlan, ({ text }) => {
        const { compiled } = compile(loadPlanText('/plan.yaml', text));
        if (!compiled) return;
        const viaIds = graphOf(compiled);
        const alone = buildGraph(compiled.entries, compiled.steps, compiled.profile);
        expect(viaIds.nodes.map((n) => n.id)).toEqual(alone.nodes.map((n) => n.id));
        expect(viaIds.nodes.map((n) => n.id)).toEqual([...viaIds.nodes].sort(compareNodes).map((n) => n.id));
        viaIds.nodes.forEach((n, i) => expect(n.pos).toBe(i));
        const ids = [...compiled.entries.map((e) => e.id), ...compiled.steps.map((s) => s.id), ...compiled.dropped.map((d) => d.id), 'no.such-entry'];
        for (const id of ids) expect(viaIds.byId.get(id)?.id).toBe(alone.byId.get(id)?.id);
        expect(viaIds.edges).toEqual(alone.edges);
      }),
      { numRuns: 200 },
    );
  });

  it('a dropped entry (a priority the linker cannot place) is no node, through either lookup', () => {
    const text = [
      'bootplan: 1', 'name: d', 'profile: unikraft@0.17', 'target: qemu/x86_64', 'libraries:', '  a:', '    initcalls:',
      '      - { fn: ok, level: lib, prio: 1, provides: [x] }', '      - { fn: bad, level: lib, prio: 12, provides: [y] }', '',
    ].join('\n');
    const { compiled } = compile(loadPlanText('/plan.yaml', text));
    expect(compiled!.dropped.map((d) => d.id)).toEqual(['a.bad']);
    expect(graphOf(compiled!).byId.get('a.bad')).toBeUndefined();
    expect(graphOf(compiled!).byId.get('a.ok')?.entry?.id).toBe('a.ok');
  });
});
