/**
 * buildGraph's answers a rule reads, one case at a time: which entries provide (a failing or
 * term-only entry does not), the status of `after`/`before` edges on each side of a tie, the
 * provider a use is drawn from when the entry is a provider itself, the capabilities a profile
 * has from the start, and the lookups (providers, byId, isUsed).
 */
import { describe, expect, it } from 'vitest';
import { check, compile, graphOf, loadPlanText } from '../../compiler/index.js';
import { run } from '../../runtime/index.js';
import { buildGraph, type Graph } from '../../compiler/graph.js';
import type { Compiled } from '../../compiler/types.js';

const head = (profile: string) => `bootplan: 1\nname: g\nprofile: ${profile}\n${profile.startsWith('unikraft') ? 'target: qemu/x86_64\n' : ''}libraries:\n  a:\n    initcalls:\n`;
const UK = head('unikraft@0.17');
const LINUX = head('linux@6.1');

function compiled(text: string, files: Record<string, string> = {}): Compiled {
  const { compiled: c, diagnostics } = compile(loadPlanText('/g/plan.yaml', text, files));
  if (!c) throw new Error(`the plan did not compile: ${diagnostics.map((d) => d.message).join('; ')}`);
  return c;
}
const plan = (h: string, entries: string[]) => h + entries.map((e) => `      - ${e}\n`).join('');
const edges = (g: Graph) => g.edges.map((e) => `${e.from} -> ${e.to} ${e.reason.kind}${'capability' in e.reason ? ` ${e.reason.capability}` : ''} ${e.status}`);
const providers = (g: Graph, capability: string) => g.providers.get(capability)?.map((n) => n.id);

describe('who provides', () => {
  it('a failing initcall provides nothing where the boot carries on past it (Linux), and still does where it stops the boot', () => {
    const linux = graphOf(compiled(plan(LINUX, ['{ fn: p, level: core, returns: -19, provides: [thing] }', '{ fn: q, level: device, provides: [thing] }', '{ fn: u, level: late, uses: [thing] }'])));
    expect(providers(linux, 'thing')).toEqual(['a.q']);
    expect(edges(linux)).toEqual(['a.q -> a.u uses thing proven']);
    const unikraft = graphOf(compiled(plan(UK, ['{ fn: p, level: lib, prio: 1, returns: -5, provides: [thing] }', '{ fn: u, level: lib, prio: 2, uses: [thing] }'])));
    expect(providers(unikraft, 'thing')).toEqual(['a.p']);
  });

  it('an early entry that fails still provides (its table stops the boot), and a term-only entry never does', () => {
    const g = graphOf(compiled(plan(UK, ['{ term: t, level: lib, prio: 1, provides: [thing] }', '{ fn: u, level: lib, prio: 2, uses: [thing] }'])));
    expect(providers(g, 'thing')).toBeUndefined();
    expect(g.unprovided.map((u) => `${u.entry.id} ${u.capability} ${u.term}`)).toEqual(['a.u thing false']);
  });

  it('lists the providers in default order, and nothing for a capability nobody provides', () => {
    const g = graphOf(compiled(plan(UK, ['{ fn: late, level: sys, provides: [thing, late-only] }', '{ fn: early, level: lib, provides: [thing] }', '{ fn: u, level: late, uses: [thing] }'])));
    expect(providers(g, 'thing')).toEqual(['a.early', 'a.late']);
    expect(providers(g, 'nothing')).toBeUndefined();
    const keys = [...g.providers.keys()];
    expect(keys.indexOf('thing')).toBeLessThan(keys.indexOf('late-only'));
    expect(keys).not.toContain('nothing');
  });
});

describe('after and before', () => {
  it('on a tie under link order: the entry linked first may come first, the other way is a violation', () => {
    const g = graphOf(compiled(plan(LINUX, ['{ fn: x, level: device }', '{ fn: y, level: device, after: [a.x], before: [a.z] }', '{ fn: z, level: device }', '{ fn: w, level: device, after: [a.z], before: [a.x] }'])));
    expect(edges(g)).toEqual([
      'a.x -> a.y after link-order',
      'a.y -> a.z before link-order',
      'a.z -> a.w after link-order',
      'a.w -> a.x before violation',
    ]);
  });

  it('on a tie where ties are unspecified: a race either way; across keys: proven or a violation', () => {
    const g = graphOf(compiled(plan(UK, ['{ fn: x, level: lib, prio: 3 }', '{ fn: y, level: lib, prio: 3, after: [a.x], before: [a.x] }', '{ fn: z, level: lib, prio: 1, after: [a.x], before: [a.y] }'])));
    // Edges come in default order of the entry that declares them: a.z (prio 1) first.
    expect(edges(g)).toEqual([
      'a.x -> a.z after violation',
      'a.z -> a.y before proven',
      'a.x -> a.y after race',
      'a.y -> a.x before race',
    ]);
  });

  it('naming the entry itself or an entry that does not exist orders nothing', () => {
    const g = graphOf(compiled(plan(UK, ['{ fn: x, level: lib, after: [a.x], before: [a.x] }'])));
    expect(edges(g)).toEqual([]);
  });
});

describe('a term use of what the entry provides itself', () => {
  it('needs no other provider: its own provision lasts until its term has run', () => {
    const g = graphOf(compiled(plan(UK, ['{ fn: other, level: lib, prio: 1, provides: [thing], term: other_term }', '{ fn: self, level: lib, prio: 2, provides: [thing], term: { fn: self_term, uses: [thing] } }'])));
    expect(edges(g)).toEqual([]);
  });
});

describe('a term use of a mount beneath another', () => {
  it('runs before the term that unmounts any directory above it, not only /', () => {
    const g = graphOf(compiled(plan(UK, ['{ fn: outer, level: rootfs, prio: 1, provides: [\'mount:/a\'], term: outer_term }', '{ fn: inner, level: rootfs, prio: 2, provides: [\'mount:/a/b\'] }', '{ fn: u, level: rootfs, prio: 3, term: { fn: u_term, uses: [\'mount:/a/b\'] } }'])));
    expect(edges(g)).toEqual(['a.outer -> a.u term-uses mount:/a/b proven']);
  });
});

describe('a use of what the entry provides itself', () => {
  it('is drawn from the next provider when the entry is the first', () => {
    const g = graphOf(compiled(plan(UK, ['{ fn: self, level: lib, prio: 1, uses: [thing], provides: [thing] }', '{ fn: other, level: lib, prio: 2, provides: [thing] }'])));
    expect(edges(g)).toEqual(['a.other -> a.self uses thing violation']);
  });

  it('is drawn from the first provider when the entry comes later', () => {
    const g = graphOf(compiled(plan(UK, ['{ fn: other, level: lib, prio: 1, provides: [thing] }', '{ fn: self, level: lib, prio: 2, uses: [thing], provides: [thing] }'])));
    expect(edges(g)).toEqual(['a.other -> a.self uses thing proven']);
  });
});

/** A made-up kernel whose heap exists from the start (`initial: [alloc, spare]`). */
const HEAP_FIRST = `name: heap-first
version: '1'
title: a heap from the start (test model)
ties: unspecified
log: unikraft
mainNonZero: halt
initial: [alloc, spare]
tables:
  - name: initcalls
    role: initcall
    title: init table
    levels:
      - { name: core, number: 1, macro: core_init }
    prio: { min: 0, max: 3, default: 3 }
    canFail: true
    terms: true
phases:
  - step: { name: start, title: started, provides: [], cost: 10us }
  - table: initcalls
capabilities:
  - { name: alloc, doc: 'the heap' }
  - { name: spare, doc: 'nobody provides it' }
`;

describe('capabilities a profile has from the start', () => {
  const text = 'bootplan: 1\nname: g\nprofile: ./heap-first.yaml\nlibraries:\n  a:\n    initcalls:\n      - { fn: u, level: core, prio: 1, uses: [alloc], term: { fn: u_term, uses: [spare] } }\n      - { fn: p, level: core, prio: 0, provides: [alloc] }\n';
  const g = () => graphOf(compiled(text, { '/g/heap-first.yaml': HEAP_FIRST }));

  it('need no provider: a use of one, at init or in a term, is no edge and not unprovided', () => {
    expect(edges(g())).toEqual([]);
    expect(g().unprovided).toEqual([]);
    // The machine has them at teardown too: the term runs and the boot halts.
    const c = compiled(text, { '/g/heap-first.yaml': HEAP_FIRST });
    expect(check(c).map((d) => d.code)).toEqual(['nothing-proven']);
    expect(run(c).outcome.target).toBe('HALT');
  });

  it('are never withdrawn: a provider with a term adds no term edge', () => {
    const withTerm = 'bootplan: 1\nname: g\nprofile: ./heap-first.yaml\nlibraries:\n  a:\n    initcalls:\n      - { fn: p, level: core, prio: 1, provides: [spare], term: p_term }\n      - { fn: u, level: core, prio: 0, term: { fn: u_term, uses: [spare] } }\n';
    const c = compiled(withTerm, { '/g/heap-first.yaml': HEAP_FIRST });
    expect(edges(graphOf(c))).toEqual([]);
    expect(check(c).map((d) => d.code)).toEqual(['nothing-proven']);
    expect(run(c).outcome.target).toBe('HALT');
  });

  it('are listed after the provided ones, with their providers or none', () => {
    expect(providers(g(), 'alloc')).toEqual(['a.p']);
    expect(providers(g(), 'spare')).toEqual([]);
    expect([...g().providers.keys()]).toEqual(['alloc', 'spare']);
  });
});

describe('lookups', () => {
  it('byId finds the entries and steps of the plan through either lookup, and not a dropped entry', () => {
    // The dropped entry first: it may share its declaration index with the entry after it.
    const c = compiled(plan(UK, ['{ fn: dropped, level: lib, prio: 10 }', '{ fn: x, level: lib, prio: 1 }']));
    expect(c.dropped.map((d) => d.id)).toEqual(['a.dropped']);
    for (const g of [graphOf(c), buildGraph(c.entries, c.steps, c.profile)]) {
      expect(g.byId.get('a.x')?.entry?.id).toBe('a.x');
      expect(g.byId.get('a.dropped')).toBeUndefined();
      expect(g.byId.get('core.alloc')?.step?.id).toBe('core.alloc');
      expect(g.byId.get('nothing')).toBeUndefined();
    }
  });

  it('isUsed answers for each entry’s provides in turn, and for any capability asked out of turn', () => {
    const g = graphOf(compiled(plan(UK, ['{ fn: p, level: lib, prio: 1, provides: [a1, a2] }', '{ fn: q, level: lib, prio: 1 }', '{ fn: r, level: lib, prio: 1, provides: [b1] }', '{ fn: u, level: lib, prio: 2, uses: [a2, b1] }'])));
    expect(['a1', 'a2', 'b1'].map((c) => g.isUsed(c))).toEqual([false, true, true]);
    expect(['b1', 'a1', 'zzz', 'a2'].map((c) => g.isUsed(c))).toEqual([true, false, false, true]);
  });

  it('isUsed in turn over many entries reads each entry’s own provides, not a neighbour’s or a core step’s', () => {
    const providers = Array.from({ length: 8 }, (_, i) => `{ fn: p${i}, level: lib, prio: 1, provides: [c${i}${i % 3 === 0 ? `, d${i}` : ''}] }`);
    const g = graphOf(compiled(plan(UK, [...providers, '{ fn: u, level: lib, prio: 2, uses: [c1, c2, d3, c5, c6, c7, alloc] }']))); // alloc: a core step's, used
    const inTurn = ['c0', 'd0', 'c1', 'c2', 'c3', 'd3', 'c4', 'c5', 'c6', 'd6', 'c7'];
    expect(inTurn.map((c) => g.isUsed(c))).toEqual([false, false, true, true, false, true, false, true, true, false, true]);
    expect(['alloc', 'sched', 'c4', 'c7'].map((c) => g.isUsed(c))).toEqual([true, false, false, true]);
  });
});
