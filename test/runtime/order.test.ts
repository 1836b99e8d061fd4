import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderNodes } from '../../runtime/order.js';
import { parseFailSpec, parseLinkOrder, witnessFromJson } from '../../runtime/options.js';
import { compilePlan, unikraftProfile, type EntrySpec } from './helpers.js';

const ids = (nodes: ReturnType<typeof orderNodes>) => nodes.map((n) => (n.step ? n.step.id : n.entry.id));
const entryIds = (nodes: ReturnType<typeof orderNodes>) => nodes.filter((n) => n.entry).map((n) => n.entry!.id);

// Three entries share rootfs/4, one is earlier (plat/0), one later (late/9), one constructor.
const specs: EntrySpec[] = [
  { id: 'a.late', level: 'late', prio: 9 },
  { id: 'b.r1', level: 'rootfs', prio: 4 },
  { id: 'c.r2', level: 'rootfs', prio: 4 },
  { id: 'd.r3', level: 'rootfs', prio: 4 },
  { id: 'e.plat', level: 'plat', prio: 0 },
  { id: 'f.ctor', kind: 'ctor', prio: 3 },
];
const compiled = compilePlan(unikraftProfile(), specs);

describe('orderNodes', () => {
  it('sorts steps and entries by key, ties in declared order', () => {
    const order = ids(orderNodes(compiled));
    expect(order.indexOf('f.ctor')).toBeLessThan(order.indexOf('core.alloc'));
    expect(order.indexOf('core.sched')).toBeLessThan(order.indexOf('e.plat'));
    expect(entryIds(orderNodes(compiled))).toEqual(['f.ctor', 'e.plat', 'b.r1', 'c.r2', 'd.r3', 'a.late']);
  });

  it('reverse only reverses entries with equal keys', () => {
    expect(entryIds(orderNodes(compiled, { kind: 'reverse' }))).toEqual(['f.ctor', 'e.plat', 'd.r3', 'c.r2', 'b.r1', 'a.late']);
  });

  it('a witness orders the entries it names and leaves the rest after them in declared order', () => {
    const order = entryIds(orderNodes(compiled, { kind: 'witness', witness: { order: ['a.late', 'd.r3', 'b.r1'], expect: { kind: 'fault', entry: 'b.r1' } } }));
    expect(order).toEqual(['f.ctor', 'e.plat', 'd.r3', 'b.r1', 'c.r2', 'a.late']);
  });

  it('random:SEED permutes only ties, and the same seed gives the same order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => {
        const order = entryIds(orderNodes(compiled, { kind: 'random', seed }));
        expect(order).toEqual(entryIds(orderNodes(compiled, { kind: 'random', seed })));
        expect([order[0], order[1], order[5]]).toEqual(['f.ctor', 'e.plat', 'a.late']);
        expect(order.slice(2, 5).sort()).toEqual(['b.r1', 'c.r2', 'd.r3']);
      }),
      { numRuns: 200 },
    );
  });

  it('random:SEED reaches every permutation of a tie group', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 200; seed++) seen.add(entryIds(orderNodes(compiled, { kind: 'random', seed })).slice(2, 5).join());
    expect(seen.size).toBe(6);
  });

  it('never runs anything out of key order, whatever the link order', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ level: fc.constantFrom('plat', 'lib', 'rootfs'), prio: fc.integer({ min: 0, max: 2 }) }), { minLength: 1, maxLength: 30 }), fc.nat(), (raw, seed) => {
        const c = compilePlan(unikraftProfile(), raw.map((r, i) => ({ id: `l${i}.f`, ...r })));
        for (const linkOrder of [{ kind: 'declared' as const }, { kind: 'reverse' as const }, { kind: 'random' as const, seed }]) {
          const keys = orderNodes(c, linkOrder).map((n) => (n.step ? n.step.key : n.entry.key));
          for (let i = 1; i < keys.length; i++) expect(keys[i]!).toBeGreaterThanOrEqual(keys[i - 1]!);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('run options', () => {
  it('parses link orders', () => {
    expect(parseLinkOrder('declared')).toEqual({ kind: 'declared' });
    expect(parseLinkOrder('reverse')).toEqual({ kind: 'reverse' });
    expect(parseLinkOrder('random:42')).toEqual({ kind: 'random', seed: 42 });
    expect(() => parseLinkOrder('random:x')).toThrow(/not declared, reverse, random:SEED/);
    expect(() => parseLinkOrder('random:99999999999')).toThrow();
  });

  it('parses --fail LIB.FN[=RC]', () => {
    expect(parseFailSpec('vfscore.vfscore_automount')).toEqual({ id: 'vfscore.vfscore_automount' });
    expect(parseFailSpec('posix-tty.init_posix_tty=-12')).toEqual({ id: 'posix-tty.init_posix_tty', rc: -12 });
    expect(() => parseFailSpec('nodot')).toThrow(/not LIB\.FN/);
  });

  it('finds the witness in a witness, a diagnostic, or a check result', () => {
    const witness = { order: ['a.b'], expect: { kind: 'fault' as const, entry: 'a.b' } };
    expect(witnessFromJson(witness)).toEqual(witness);
    expect(witnessFromJson({ code: 'race', witness })).toEqual(witness);
    expect(witnessFromJson({ diagnostics: [{ code: 'x' }, { code: 'race', witness }] })).toEqual(witness);
    expect(() => witnessFromJson({ order: [1] })).toThrow(/holds no witness/);
    expect(() => witnessFromJson({ expect: { kind: 'fault', entry: 'a.b' }, move: { entry: 'a.b' } })).toThrow(/holds no witness/);
  });

  it('replays the JSON form: the declared order with one entry moved before another of its key', () => {
    const move = { expect: { kind: 'fault' as const, entry: 'b.r1' }, move: { entry: 'd.r3', before: 'b.r1' } };
    const witness = witnessFromJson({ diagnostics: [{ code: 'race', witness: move }] });
    const declared = entryIds(orderNodes(compiled, { kind: 'declared' }));
    const moved = entryIds(orderNodes(compiled, { kind: 'witness', witness }));
    const without = declared.filter((id) => id !== 'd.r3');
    without.splice(without.indexOf('b.r1'), 0, 'd.r3');
    expect(moved).toEqual(without);
    expect(moved).not.toEqual(declared);
    // No move: the declared order itself.
    expect(entryIds(orderNodes(compiled, { kind: 'witness', witness: witnessFromJson({ expect: move.expect }) }))).toEqual(declared);
  });

  it('is the one total order (key, steps first, tie-break, position) the counting sort must reproduce', () => {
    // The reference: one comparison sort over every node, as orderNodes did before its counting sort.
    const reference = (c: typeof compiled, reverse: boolean) => {
      const all = [...c.steps.map((s, i) => ({ id: s.id, key: s.key, group: 0, tie: i, at: i })), ...c.entries.map((e, j) => ({ id: e.id, key: e.key, group: 1, tie: reverse ? -e.index : e.index, at: c.steps.length + j }))];
      all.sort((a, b) => a.key - b.key || a.group - b.group || a.tie - b.tie || a.at - b.at);
      return all.map((n) => n.id);
    };
    fc.assert(
      fc.property(fc.array(fc.record({ level: fc.constantFrom('early', 'plat', 'lib', 'rootfs', 'late'), prio: fc.integer({ min: 0, max: 3 }), ctor: fc.boolean() }), { minLength: 1, maxLength: 40 }), (raw) => {
        const c = compilePlan(unikraftProfile(), raw.map((r, i) => (r.ctor ? { id: `l${i}.c`, kind: 'ctor' as const, prio: r.prio } : { id: `l${i}.f`, level: r.level, prio: r.prio })));
        expect(ids(orderNodes(c))).toEqual(reference(c, false));
        expect(ids(orderNodes(c, { kind: 'reverse' }))).toEqual(reference(c, true));
        // Each entry node carries its position in compiled.entries.
        for (const n of orderNodes(c)) if (n.entry) expect(c.entries[n.slot]).toBe(n.entry);
      }),
      { numRuns: 200 },
    );
  });
});
