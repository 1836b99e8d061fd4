import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { run, type RunOptions } from '../../runtime/index.js';
import { callLinesOf, HAS_TERM, KIND_CTOR, KIND_INITCALL, KIND_SHIFT, NO_FN, PHASE_UNIT, R_CAPS, R_CAPS_END, R_CAPS_MID, R_COST, R_FLAGS, REC, slotTablesOf, T_FN, T_ID, T_LEVEL, T_LIB, T_OWN_ALLOC, T_PRIO, T_RETURNS, T_TABLE, TABLE_CAN_FAIL, TABLE_TERMS, TEXT } from '../../runtime/machine-tables.js';
import { capIndexOf } from '../../runtime/capabilities.js';
import { orderPositions } from '../../runtime/order.js';
import { writeJsonl } from '../../traces/jsonl.js';
import type { BootFacts, ConsoleDialect } from '../../traces/logs/line.js';
import { unikraftDialect } from '../../traces/logs/unikraft-dialect.js';
import { compilePlan, unikraftProfile, type EntrySpec } from './helpers.js';

const CAPS = ['a', 'b', 'c'];

/** Small Unikraft plans: ties, constructors, terms, heap, uses and provides among a few names, failing returns. */
const specsArb = fc.array(
  fc.record({
    level: fc.constantFrom('plat', 'lib', 'rootfs'),
    prio: fc.integer({ min: 0, max: 1 }),
    ctor: fc.boolean(),
    uses: fc.subarray(CAPS, { maxLength: 2 }),
    provides: fc.subarray(CAPS, { maxLength: 2 }),
    term: fc.boolean(),
    alloc: fc.constantFrom(0, 0, 64, 4096),
    returns: fc.constantFrom(0, 0, 0, -5),
  }),
  { minLength: 1, maxLength: 12 },
).map((raw) =>
  raw.map((r, i): EntrySpec => (r.ctor
    ? { id: `l${i}.c`, kind: 'ctor', prio: r.prio, uses: [], provides: r.provides }
    : { id: `l${i}.f`, level: r.level, prio: r.prio, uses: r.uses, provides: r.provides, alloc: r.alloc, returns: r.returns, ...(r.term ? { term: `t${i}` } : {}) })),
);

const optionsArb = (count: number): fc.Arbitrary<RunOptions> =>
  fc.record({
    linkOrder: fc.oneof(fc.constant({ kind: 'declared' as const }), fc.constant({ kind: 'reverse' as const }), fc.nat().map((seed) => ({ kind: 'random' as const, seed }))),
    fail: fc.option(fc.integer({ min: 0, max: count - 1 }), { nil: undefined }),
    keepGoing: fc.boolean(),
  }).map(({ linkOrder, fail, keepGoing }) => ({ linkOrder, keepGoing, ...(fail !== undefined ? { fail: { id: `l${fail}.f` } } : {}) }));

/** Everything a run gives, as text: trace bytes, console and outcome. */
const seen = (r: ReturnType<typeof run>) => JSON.stringify([writeJsonl(r.events), r.console, r.outcome]);

describe('per-plan tables', () => {
  it('a compiled plan booted again and again, other link orders and failures in between, gives what a fresh compile gives', () => {
    fc.assert(
      fc.property(specsArb.chain((specs) => fc.tuple(fc.constant(specs), fc.array(optionsArb(specs.length), { minLength: 2, maxLength: 5 }))), ([specs, runs]) => {
        const shared = compilePlan(unikraftProfile(), specs);
        for (const options of runs) {
          // A --fail naming a constructor or an id the plan lacks is a bad option: skip it.
          if (options.fail && !specs.some((s) => s.id === options.fail!.id)) continue;
          expect(seen(run(shared, options))).toBe(seen(run(compilePlan(unikraftProfile(), specs), options)));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('stops at exactly --max-events for every limit, the events before it as in the whole run', () => {
    const specs: EntrySpec[] = [
      { id: 'k.c', kind: 'ctor', prio: 1 },
      { id: 'a.f', level: 'plat', provides: ['a'], alloc: 4096, term: 'a_term' },
      { id: 'b.f', level: 'lib', uses: ['a'], provides: ['b'], term: 'b_term' },
      { id: 'c.f', level: 'lib', uses: ['b'], alloc: 64 },
      { id: 'm.main', kind: 'main' },
    ];
    const c = compilePlan(unikraftProfile(), specs);
    const whole = run(c).events;
    expect(whole.map((e) => e.ev)).toEqual(expect.arrayContaining(['log', 'call', 'alloc', 'return', 'term', 'phase', 'halt']));
    for (let limit = 1; limit <= whole.length; limit++) {
      const r = run(c, { maxEvents: limit });
      const cut = limit < whole.length;
      expect(r.events).toHaveLength(limit);
      expect(r.outcome.limit).toBe(cut ? 'events' : undefined);
      expect(writeJsonl(r.events.slice(0, -1))).toBe(writeJsonl(whole.slice(0, limit - 1)));
    }
  });

  it('formats the lines before each call once per plan, again for another dialect or initrd size', () => {
    const c = compilePlan(unikraftProfile(), [{ id: 'a.f', level: 'lib' }, { id: 'b.f', level: 'lib' }]);
    const tables = slotTablesOf(c);
    expect(slotTablesOf(c)).toBe(tables);
    let calls = 0;
    const counting: ConsoleDialect = { ...unikraftDialect, call: (entry, facts) => (calls++, unikraftDialect.call(entry, facts)) };
    const facts = (initrdSize: number | null): BootFacts => ({ profile: c.profile, plan: c.plan, tables: new Map(c.profile.tables.map((t) => [t.name, t])), tableSizes: tables.tableSizes, initrdSize });
    const first = callLinesOf(tables, counting, facts(null), tables.recordOf[0]!);
    expect(first).toEqual([{ lib: 'ukboot', msg: 'Call init function: f(0x10fa0)...' }]);
    expect(callLinesOf(tables, counting, facts(null), tables.recordOf[0]!)).toBe(first);
    expect(calls).toBe(1);
    callLinesOf(tables, counting, facts(4096), tables.recordOf[0]!);
    expect(calls).toBe(2);
    callLinesOf(tables, unikraftDialect, facts(4096), tables.recordOf[0]!);
    callLinesOf(tables, counting, facts(4096), tables.recordOf[1]!);
    expect(calls).toBe(3);
  });

  it('holds each entry\'s names, own heap and flags in its slot\'s records', () => {
    const c = compilePlan(unikraftProfile(), [{ id: 'k.c', kind: 'ctor' }, { id: 'a.f', level: 'lib', alloc: 100 }, { id: 'a.t', fn: null, level: 'lib', term: 't' }]);
    const tables = slotTablesOf(c);
    const slots = [0, 1, 2];
    expect(slots.map((i) => tables.text[tables.recordOf[i]! * TEXT + T_FN])).toEqual(['c', 'f', '0x0']);
    expect(slots.map((i) => tables.text[tables.recordOf[i]! * TEXT + T_ID])).toEqual(['k.c', 'a.f', 'a.t']);
    expect(slots.map((i) => tables.text[tables.recordOf[i]! * TEXT + T_OWN_ALLOC])).toEqual([0, 100, 0]);
    expect(slots.map((i) => tables.rec[tables.recordOf[i]! * REC + R_FLAGS]! % PHASE_UNIT)).toEqual([
      KIND_CTOR << KIND_SHIFT,
      TABLE_TERMS | TABLE_CAN_FAIL | (KIND_INITCALL << KIND_SHIFT),
      TABLE_TERMS | TABLE_CAN_FAIL | NO_FN | HAS_TERM | (KIND_INITCALL << KIND_SHIFT),
    ]);
    expect(tables.tableSizes).toEqual(new Map([['ctors', 1], ['inittab', 2]]));
  });

  it('keeps each slot\'s phase, uses and provides (as capability ids) in its record', () => {
    const c = compilePlan(unikraftProfile(), [
      { id: 'k.c', kind: 'ctor', provides: ['k'] },
      { id: 'a.f', level: 'plat', uses: ['k'], provides: ['a', 'b'] },
      { id: 'b.f', level: 'lib', uses: ['b', 'a'], provides: [], alloc: 64 },
      { id: 'm.main', kind: 'main', uses: ['a'] },
    ]);
    const tables = slotTablesOf(c);
    const { names } = capIndexOf(c);
    const capsOf = (from: number, to: number) => [...tables.caps.subarray(from, to)].map((id) => names[id]);
    c.entries.forEach((e, i) => {
      const r = tables.recordOf[i]! * REC;
      expect(Math.floor(tables.rec[r + R_FLAGS]! / PHASE_UNIT)).toBe(e.phase);
      expect(capsOf(tables.rec[r + R_CAPS]!, tables.rec[r + R_CAPS_MID]!)).toEqual(e.declaredUses);
      expect(capsOf(tables.rec[r + R_CAPS_MID]!, tables.rec[r + R_CAPS_END]!)).toEqual(e.provides);
      expect(tables.rec[r + R_COST]).toBe(e.cost);
      expect([T_LIB, T_TABLE, T_LEVEL, T_PRIO, T_RETURNS].map((t) => tables.text[tables.recordOf[i]! * TEXT + t])).toEqual([e.lib, e.table, e.level, e.prio, e.returns]);
    });
    expect(new Set(c.entries.map((e) => e.phase)).size).toBeGreaterThan(1);
  });

  it('lays the records out in the declared run order', () => {
    // Declared backwards against the run order: records must not follow the declaration.
    const c = compilePlan(unikraftProfile(), [
      { id: 'm.main', kind: 'main', uses: ['c'] },
      { id: 'c.f', level: 'late', uses: ['b'], provides: ['c'] },
      { id: 'b.f', level: 'lib', uses: ['a'], provides: ['b'] },
      { id: 'a.f', level: 'plat', provides: ['a'] },
      { id: 'k.c', kind: 'ctor', provides: ['k'] },
    ]);
    const tables = slotTablesOf(c);
    const declared = [...orderPositions(c)].filter((node) => node >= c.steps.length).map((node) => node - c.steps.length);
    expect([...tables.slotAt]).toEqual(declared);
    expect([...tables.slotAt]).not.toEqual(c.entries.map((_, i) => i));
    declared.forEach((slot, q) => expect(tables.recordOf[slot]).toBe(q));
  });

  it('shares the declared order and never changes it by another link order', () => {
    const c = compilePlan(unikraftProfile(), Array.from({ length: 20 }, (_, i) => ({ id: `l${i}.f`, level: 'lib', prio: i % 2 })));
    const declared = orderPositions(c);
    const copy = [...declared];
    expect(orderPositions(c)).toBe(declared);
    expect([...orderPositions(c, { kind: 'reverse' })]).not.toEqual(copy);
    orderPositions(c, { kind: 'random', seed: 3 });
    expect([...orderPositions(c)]).toEqual(copy);
  });
});
