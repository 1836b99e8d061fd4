/**
 * `buildGraph` works on interned capabilities and integer provider tables; the oracle
 * (graph-reference.ts) on strings and lists. They must agree on everything the rules read: the
 * order, the edges (with their reasons and statuses, in order), the unprovided uses, each
 * capability's providers and the order of `providers.keys()`, and `isUsed` — on the generators'
 * plans (broken ones and the whole language too), and with a profile that has initial capabilities.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, findProfile, graphOf, loadPlanText, type Compiled, type CoreStep, type Entry, type Profile } from '../../compiler/index.js';
import { buildGraph } from '../../compiler/graph.js';
import { maybeBrokenPlan } from '../property/arbitraries.js';
import { maybeBrokenRichPlan, PLAN_FILE } from '../property/rich-arbitraries.js';
import { wholeCase } from '../property/whole-language.js';
import { referenceGraph } from './graph-reference.js';

function capabilitiesOf(compiled: Pick<Compiled, 'entries' | 'steps'>): string[] {
  const names = new Set<string>(['no-such-capability', 'mount:/no/such']);
  for (const s of compiled.steps) for (const c of s.provides) names.add(c);
  for (const e of compiled.entries) for (const c of [...e.provides, ...e.uses, ...(e.term?.uses ?? [])]) names.add(c);
  return [...names];
}

function agree(compiled: Pick<Compiled, 'entries' | 'steps'>, profile: Profile): void {
  const graph = buildGraph(compiled.entries, compiled.steps, profile);
  const ref = referenceGraph(compiled.entries, compiled.steps, profile);
  expect(graph.nodes.map((n) => n.id)).toEqual(ref.nodes.map((n) => n.id));
  expect(graph.edges).toEqual(ref.edges);
  expect(graph.unprovided.map((u) => [u.entry.id, u.capability, u.term])).toEqual(ref.unprovided.map((u) => [u.entry.id, u.capability, u.term]));
  expect([...graph.providers.keys()]).toEqual([...ref.providers.keys()]);
  for (const cap of [...capabilitiesOf(compiled), ...(profile.initial ?? [])]) {
    expect(graph.providers.get(cap)?.map((n) => n.id), cap).toEqual(ref.providers.get(cap)?.map((n) => n.id));
    expect(graph.isUsed(cap), cap).toBe(ref.used.has(cap));
  }
  // In the order unused-capability asks (each entry's provides in turn, which isUsed guesses),
  // with other questions in between, and again from the start.
  const fresh = buildGraph(compiled.entries, compiled.steps, profile);
  let n = 0;
  for (let round = 0; round < 2; round++) {
    for (const e of compiled.entries) {
      for (const cap of e.provides) {
        expect(fresh.isUsed(cap), cap).toBe(ref.used.has(cap));
        if (n++ % 3 === 2) expect(fresh.isUsed(e.uses[0] ?? 'no-such-capability')).toBe(ref.used.has(e.uses[0] ?? 'no-such-capability'));
      }
    }
  }
}

/** The plan's profile with some of its capabilities there from the start (a user profile may say so). */
function withInitial(compiled: Compiled, pick: number): Profile {
  const caps = capabilitiesOf(compiled);
  const initial = caps.filter((_, i) => (i + pick) % 3 === 0);
  return { ...compiled.profile, initial: [...initial, ...initial.slice(0, 1)] };
}

const check = (text: string, files: Record<string, string>, pick: number) => {
  const { compiled } = compile(loadPlanText(PLAN_FILE, text, files));
  if (!compiled || compiled.luna) return;
  agree(compiled, compiled.profile);
  agree(compiled, withInitial(compiled, pick));
  // The compiled graph looks nodes up through resolve's ids: the same edges.
  expect(graphOf(compiled).edges).toEqual(buildGraph(compiled.entries, compiled.steps, compiled.profile).edges);
};

// Entries made directly, over a few capabilities and keys: ties, self uses, failing and term-only
// providers, term uses of nested mounts, after/before of unknown and own ids, initial capabilities.
const CAPS = ['a', 'b', 'c', 'alloc', 'mount:/', 'mount:/x', 'mount:/x/y', 'mount:/z'];
const capList = fc.array(fc.constantFrom(...CAPS), { maxLength: 3 });
const entryArb = fc.record({
  key: fc.integer({ min: 0, max: 3 }), fn: fc.boolean(), returns: fc.constantFrom(0, 0, -1), table: fc.nat(),
  provides: capList, uses: capList, term: fc.option(capList), after: fc.array(fc.nat({ max: 8 }), { maxLength: 2 }), before: fc.array(fc.nat({ max: 8 }), { maxLength: 2 }),
});
const directArb = fc.record({
  profile: fc.constantFrom('unikraft@0.17', 'linux@6.1', 'zephyr@3'),
  steps: fc.array(fc.record({ key: fc.integer({ min: 0, max: 3 }), provides: capList }), { maxLength: 2 }),
  entries: fc.array(entryArb, { maxLength: 9 }),
  initial: fc.array(fc.constantFrom(...CAPS), { maxLength: 3 }),
});

type DirectCase = typeof directArb extends fc.Arbitrary<infer T> ? T : never;

function directCase(c: DirectCase): { plan: Pick<Compiled, 'entries' | 'steps'>; profile: Profile } {
  const found = findProfile(c.profile);
  if ('error' in found) throw new Error(found.error);
  const tables = found.profile.tables;
  const steps = c.steps.map((s, i) => ({ id: `core.s${i}`, key: s.key * 10, provides: s.provides }) as unknown as CoreStep);
  const entries = c.entries.map((e, i) => ({
    id: `l.e${i}`, index: i, key: e.key * 10 + 5, fn: e.fn || !e.term ? `e${i}` : null, returns: e.returns, table: tables[e.table % tables.length]!.name,
    provides: e.provides, uses: e.uses, term: e.term ? { fn: `t${i}`, uses: e.term } : null,
    after: e.after.map((n) => (n === 8 ? 'core.s0' : `l.e${n}`)), before: e.before.map((n) => `l.e${n}`),
  }) as unknown as Entry);
  return { plan: { entries, steps }, profile: { ...found.profile, initial: c.initial } };
}

describe('buildGraph against the plain oracle', () => {
  it('isUsed stays right for a provides list that grew after the graph was built', () => {
    const { plan, profile } = directCase({
      profile: 'unikraft@0.17', steps: [], initial: [],
      entries: [
        { key: 0, fn: true, returns: 0, table: 0, provides: ['a'], uses: [], term: null, after: [], before: [] },
        { key: 1, fn: true, returns: 0, table: 0, provides: ['b'], uses: ['a'], term: null, after: [], before: [] },
      ],
    });
    const graph = buildGraph(plan.entries, plan.steps, profile);
    plan.entries[0]!.provides.push('a');
    expect(['a', 'a', 'b'].map((c) => graph.isUsed(c))).toEqual([true, true, false]);
  });

  it('agrees on entries made directly (every corner of the edge rules)', () => {
    fc.assert(fc.property(directArb, (c) => {
      const { plan, profile } = directCase(c);
      agree(plan, profile);
      agree(plan, { ...profile, initial: [] });
    }), { numRuns: 2000 });
  });

  it('agrees on the generators\' plans, broken ones included', () => {
    fc.assert(fc.property(maybeBrokenPlan, fc.nat(), (plan, pick) => check(plan.text, {}, pick)), { numRuns: 150 });
  });

  it('agrees on rich plans (terms, mounts, failing entries, devices)', () => {
    fc.assert(fc.property(maybeBrokenRichPlan, fc.nat(), (plan, pick) => check(plan.text, {}, pick)), { numRuns: 150 });
  });

  it('agrees on whole-language cases', () => {
    fc.assert(fc.property(wholeCase, fc.nat(), (c, pick) => check(c.text, c.files, pick)), { numRuns: 100 });
  });
});
