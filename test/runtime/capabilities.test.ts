import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Capabilities, capIndexOf } from '../../runtime/capabilities.js';
import { compilePlan, unikraftProfile } from './helpers.js';

const compiled = compilePlan(unikraftProfile(), [
  { id: 'a.f', level: 'lib', provides: ['x', 'mount:/srv'] },
  { id: 'b.f', level: 'late', uses: ['x'], provides: ['y'] },
]);

describe('Capabilities', () => {
  it('numbers every capability an entry declares or provides, once per plan', () => {
    const index = capIndexOf(compiled);
    expect(capIndexOf(compiled)).toBe(index);
    compiled.entries.forEach((e, i) => {
      expect([...index.provides.subarray(index.providesStart[i], index.providesStart[i + 1])].map((id) => index.names[id])).toEqual(e.provides);
      expect([...index.uses.subarray(index.usesStart[i], index.usesStart[i + 1])].map((id) => index.names[id])).toEqual(e.declaredUses);
    });
  });

  it('counts the same by id as by name, names it never saw included', () => {
    // Names the plan never declares outnumber the room the counts start with: they must grow.
    const names = ['x', 'y', 'mount:/srv', 'mount:/srv/a', 'mount:/srvx', 'alloc', ...Array.from({ length: 30 }, (_, i) => `extra${i}`)];
    const op = fc.record({ kind: fc.constantFrom('add', 'withdraw', 'remove'), cap: fc.constantFrom(...names), by: fc.constantFrom('p', 'q') });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const caps = new Capabilities(compiled, []);
        // The model: what the class did with a Map of counts before it counted by id.
        const live = new Map<string, number>();
        const withdrawnBy = new Map<string, string>();
        const ids = capIndexOf(compiled).ids;
        for (const { kind, cap, by } of ops) {
          const id = ids.get(cap);
          if (kind === 'add') {
            if (id !== undefined && cap === 'x') caps.addId(id);
            else caps.add(cap);
            live.set(cap, (live.get(cap) ?? 0) + 1);
          } else if (kind === 'withdraw') {
            if (id !== undefined && cap === 'y') caps.withdrawId(id, by);
            else caps.withdraw(cap, by);
            const n = (live.get(cap) ?? 0) - 1;
            if (n > 0) live.set(cap, n);
            else {
              live.delete(cap);
              withdrawnBy.set(cap, by);
            }
          } else {
            caps.remove(cap, by);
            if (live.delete(cap)) withdrawnBy.set(cap, by);
          }
        }
        for (const cap of names) {
          expect(caps.has(cap)).toBe((live.get(cap) ?? 0) > 0);
          const id = ids.get(cap);
          if (id !== undefined) expect(caps.hasId(id)).toBe((live.get(cap) ?? 0) > 0);
          if ((live.get(cap) ?? 0) === 0 && withdrawnBy.has(cap)) expect(caps.providerOf(cap)).toBe(withdrawnBy.get(cap));
        }
        const beneath = [...live.keys()].filter((c) => c.startsWith('mount:') && c !== 'mount:/srv' && c.startsWith('mount:/srv/'));
        expect(caps.mountsBeneath('/srv').sort()).toEqual(beneath.sort());
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every count while its arrays grow (a core step adding names the index never saw)', () => {
    const caps = new Capabilities(compiled, []);
    const names = Array.from({ length: 40 }, (_, i) => `step-cap${i}`);
    for (const c of names) caps.add(c);
    expect(names.filter((c) => !caps.has(c))).toEqual([]);
    for (const c of names) caps.withdraw(c, 'core.x');
    expect(names.filter((c) => caps.has(c))).toEqual([]);
  });
});
