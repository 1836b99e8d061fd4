/**
 * buildGraph's edges one case at a time: which provider a use is drawn from, the statuses of
 * term edges, the edges unmounting an ancestor adds, and a default order that does not depend on
 * the order the entries are handed over in. (Written against the survivors of a mutation run of
 * compiler/graph.ts: each case pins a branch no other test held.)
 */
import { describe, expect, it } from 'vitest';
import { compile, graphOf, loadPlanText } from '../../compiler/index.js';
import { buildGraph, type Graph } from '../../compiler/graph.js';
import type { Compiled } from '../../compiler/types.js';

const UK = 'bootplan: 1\nname: g\nprofile: unikraft@0.17\ntarget: qemu/x86_64\nlibraries:\n  a:\n';

function compiled(text: string): Compiled {
  const { compiled: c } = compile(loadPlanText('/g.yaml', text));
  if (!c) throw new Error('the plan did not compile');
  return c;
}

function edgesTo(graph: Graph, to: string, kind?: string) {
  return graph.edges.filter((e) => e.to === to && (kind === undefined || e.reason.kind === kind)).map((e) => ({ from: e.from, status: e.status, kind: e.reason.kind }));
}

describe('term edges', () => {
  it('a term that uses a mount under an ancestor another term withdraws runs before that term', () => {
    // a.root mounts / (withdrawn by its term); a.dev's term uses mount:/dev, provided by a.devfs
    // without a term. Unmounting / takes /dev along, so a.root's term must follow a.dev's.
    const c = compiled(UK + `    initcalls:
      - { fn: root, level: rootfs, prio: 1, provides: ['mount:/'], term: root_term }
      - { fn: devfs, level: rootfs, prio: 2, provides: ['mount:/dev'] }
      - { fn: dev, level: rootfs, prio: 3, term: { fn: dev_term, uses: ['mount:/dev'] } }
`);
    const g = graphOf(c);
    const edges = edgesTo(g, 'a.dev', 'term-uses');
    expect(edges).toEqual([{ from: 'a.root', status: 'proven', kind: 'term-uses' }]);
    const reason = g.edges.find((e) => e.to === 'a.dev' && e.reason.kind === 'term-uses')!.reason;
    expect(reason).toEqual({ kind: 'term-uses', capability: 'mount:/dev' });
  });

  it('an ancestor mount with no term withdraws nothing and adds no edge', () => {
    const c = compiled(UK + `    initcalls:
      - { fn: root, level: rootfs, prio: 1, provides: ['mount:/'] }
      - { fn: devfs, level: rootfs, prio: 2, provides: ['mount:/dev'] }
      - { fn: dev, level: rootfs, prio: 3, term: { fn: dev_term, uses: ['mount:/dev'] } }
`);
    expect(edgesTo(graphOf(c), 'a.dev', 'term-uses')).toEqual([]);
  });

  it('an entry whose own term withdraws the ancestor is not ordered after itself', () => {
    const c = compiled(UK + `    initcalls:
      - { fn: devfs, level: rootfs, prio: 2, provides: ['mount:/dev'] }
      - { fn: root, level: rootfs, prio: 1, provides: ['mount:/'], term: { fn: root_term, uses: ['mount:/dev'] } }
`);
    expect(edgesTo(graphOf(c), 'a.root', 'term-uses')).toEqual([]);
  });

  it('a term use that nothing provides is unprovided, marked as a term use', () => {
    const c = compiled(UK + `    initcalls:
      - { fn: x, level: rootfs, prio: 1, term: { fn: x_term, uses: [nowhere] } }
`);
    const g = graphOf(c);
    expect(g.unprovided.map((u) => ({ id: u.entry.id, capability: u.capability, term: u.term }))).toEqual([{ id: 'a.x', capability: 'nowhere', term: true }]);
    expect(g.isUsed('nowhere')).toBe(true);
    expect(g.isUsed('elsewhere')).toBe(false);
  });

  it('among providers that all withdraw, the term edge comes from the first of the best status', () => {
    // p1 and p2 both come before the user (proven); p1 is first in default order.
    const c = compiled(UK + `    initcalls:
      - { fn: p1, level: rootfs, prio: 1, provides: [thing], term: p1_term }
      - { fn: p2, level: rootfs, prio: 2, provides: [thing], term: p2_term }
      - { fn: user, level: rootfs, prio: 5, term: { fn: user_term, uses: [thing] } }
`);
    expect(edgesTo(graphOf(c), 'a.user', 'term-uses')).toEqual([{ from: 'a.p1', status: 'proven', kind: 'term-uses' }]);
  });

  it('the term edge comes from a provider that withdraws later rather than one that races it', () => {
    // p-tie is at the user's own key (a race), p-early before it (proven): proven wins even
    // though the race comes first in the list of providers in declaration order.
    const c = compiled(UK + `    initcalls:
      - { fn: ptie, level: rootfs, prio: 5, provides: [thing], term: ptie_term }
      - { fn: pearly, level: rootfs, prio: 1, provides: [thing], term: pearly_term }
      - { fn: pviol, level: rootfs, prio: 9, provides: [thing], term: pviol_term }
      - { fn: user, level: rootfs, prio: 5, term: { fn: user_term, uses: [thing] } }
`);
    expect(edgesTo(graphOf(c), 'a.user', 'term-uses')).toEqual([{ from: 'a.pearly', status: 'proven', kind: 'term-uses' }]);
  });

  it('a race beats a violation when no provider comes before', () => {
    const c = compiled(UK + `    initcalls:
      - { fn: pviol, level: rootfs, prio: 9, provides: [thing], term: pviol_term }
      - { fn: ptie, level: rootfs, prio: 5, provides: [thing], term: ptie_term }
      - { fn: user, level: rootfs, prio: 5, term: { fn: user_term, uses: [thing] } }
`);
    expect(edgesTo(graphOf(c), 'a.user', 'term-uses')).toEqual([{ from: 'a.ptie', status: 'race', kind: 'term-uses' }]);
  });

  it('when every provider withdraws after the user, the edge is a violation from the first of them', () => {
    const c = compiled(UK + `    initcalls:
      - { fn: user, level: rootfs, prio: 5, term: { fn: user_term, uses: [thing] } }
      - { fn: p1, level: rootfs, prio: 8, provides: [thing], term: p1_term }
      - { fn: p2, level: rootfs, prio: 9, provides: [thing], term: p2_term }
`);
    expect(edgesTo(graphOf(c), 'a.user', 'term-uses')).toEqual([{ from: 'a.p1', status: 'violation', kind: 'term-uses' }]);
  });

  it('a provider that never withdraws (no term) means no term edge at all', () => {
    const c = compiled(UK + `    initcalls:
      - { fn: p1, level: rootfs, prio: 1, provides: [thing], term: p1_term }
      - { fn: p2, level: rootfs, prio: 2, provides: [thing] }
      - { fn: user, level: rootfs, prio: 5, term: { fn: user_term, uses: [thing] } }
`);
    expect(edgesTo(graphOf(c), 'a.user', 'term-uses')).toEqual([]);
  });
});

describe('use edges', () => {
  it('an entry that uses only what it provides itself gets a violation edge to itself', () => {
    const c = compiled(UK + `    initcalls:
      - { fn: self, level: rootfs, prio: 1, uses: [mine], provides: [mine] }
`);
    const g = graphOf(c);
    expect(g.edges.filter((e) => e.to === 'a.self')).toEqual([{ from: 'a.self', to: 'a.self', reason: { kind: 'uses', capability: 'mine' }, status: 'violation' }]);
    expect(g.unprovided).toEqual([]);
    expect(g.isUsed('mine')).toBe(true);
  });

  it('uses of one capability share one reason object (and a provider that is never used is not "used")', () => {
    const c = compiled(UK + `    initcalls:
      - { fn: p, level: rootfs, prio: 1, provides: [thing, spare] }
      - { fn: u1, level: rootfs, prio: 2, uses: [thing] }
      - { fn: u2, level: rootfs, prio: 3, uses: [thing] }
`);
    const g = graphOf(c);
    const [e1, e2] = g.edges.filter((e) => e.reason.kind === 'uses');
    expect(e1!.reason).toBe(e2!.reason);
    expect(g.isUsed('thing')).toBe(true);
    expect(g.isUsed('spare')).toBe(false);
  });

  it('under link order, a provider at the same key that comes later in the link is a violation', () => {
    const text = 'bootplan: 1\nname: g\nprofile: linux@6.1\nlibraries:\n  a:\n    initcalls:\n' +
      '      - { fn: user, level: device, uses: [thing] }\n      - { fn: p, level: device, provides: [thing] }\n' +
      '      - { fn: late, level: device, uses: [other] }\n      - { fn: q, level: device, provides: [other] }\n';
    const g = graphOf(compiled(text));
    expect(edgesTo(g, 'a.user')).toEqual([{ from: 'a.p', status: 'violation', kind: 'uses' }]);
    const early = 'bootplan: 1\nname: g\nprofile: linux@6.1\nlibraries:\n  a:\n    initcalls:\n' +
      '      - { fn: p, level: device, provides: [thing] }\n      - { fn: user, level: device, uses: [thing] }\n';
    expect(edgesTo(graphOf(compiled(early)), 'a.user')).toEqual([{ from: 'a.p', status: 'link-order', kind: 'uses' }]);
  });
});

describe('the default order', () => {
  const text = UK + `    ctors:
      - { fn: c2, prio: 2 }
      - { fn: c1, prio: 1 }
      - { fn: c1b, prio: 1 }
    initcalls:
      - { fn: t3, level: rootfs, prio: 3 }
      - { fn: t1, level: rootfs, prio: 3 }
      - { fn: t2, level: rootfs, prio: 3 }
      - { fn: early, level: plat, prio: 0 }
`;

  it('is the same whatever order the entries are handed over in: key, then declaration index', () => {
    const c = compiled(text);
    const ids = (g: Graph) => g.nodes.map((n) => n.id);
    const given = ids(buildGraph(c.entries, c.steps, c.profile));
    expect(ids(buildGraph([...c.entries].reverse(), c.steps, c.profile))).toEqual(given);
    const rotated = [...c.entries.slice(3), ...c.entries.slice(0, 3)];
    expect(ids(buildGraph(rotated, c.steps, c.profile))).toEqual(given);
    const entryIds = given.filter((id) => id.startsWith('a.'));
    expect(entryIds).toEqual(['a.c1', 'a.c1b', 'a.c2', 'a.early', 'a.t3', 'a.t1', 'a.t2']);
    // positions are the order itself
    expect(buildGraph([...c.entries].reverse(), c.steps, c.profile).nodes.map((n) => n.pos)).toEqual(given.map((_, i) => i));
  });

  it('core steps keep index -1 and are found by id next to entries', () => {
    const c = compiled(text);
    const g = buildGraph(c.entries, c.steps, c.profile, undefined);
    const steps = g.nodes.filter((n) => n.step);
    expect(steps.length).toBe(c.steps.length);
    for (const s of steps) {
      expect(s.index).toBe(-1);
      expect(g.byId.get(s.id)).toBe(s);
    }
    const viaIds = graphOf(c);
    for (const s of viaIds.nodes.filter((n) => n.step)) expect(viaIds.byId.get(s.id)).toBe(s);
    for (const n of viaIds.nodes.filter((m) => m.entry)) expect(viaIds.byId.get(n.id)).toBe(n);
    expect(viaIds.byId.get('a.nope')).toBeUndefined();
  });
});
