/** Root causes first (compiler/check/group.ts) and the order `sortDiagnostics` keeps for them. */
import { describe, expect, it } from 'vitest';
import { groupCauses } from '../../../compiler/check/group.js';
import { sortDiagnostics, type Diagnostic } from '../../../compiler/index.js';

const at = (line: number, column = 1) => ({ file: '/p.yaml', line, column });

describe('groupCauses + sortDiagnostics', () => {
  it('a race between two entries of a cycle follows the cycle even when it is earlier in the file, and loses its priority hint', () => {
    const racy: Diagnostic = { code: 'race', severity: 'error', message: 'a uses x', location: at(3), subjects: ['a', 'b'], hint: 'write `prio: after(b)` on a (priority 4)' };
    const other: Diagnostic = { code: 'pre-init-use', severity: 'error', message: 'c uses alloc', location: at(5), subjects: ['c'] };
    const cycle: Diagnostic = { code: 'cycle', severity: 'error', message: 'dependency cycle: a → b → a', location: at(7), subjects: ['a', 'b'] };
    const out = sortDiagnostics(groupCauses([racy, other, cycle], null));
    expect(out.map((d) => d.code)).toEqual(['pre-init-use', 'cycle', 'race']);
    expect(racy.cause).toEqual({ code: 'cycle', message: cycle.message, location: cycle.location });
    expect(racy.hint).not.toContain('prio: after');
  });

  it('a race with one entry outside the cycle is not its consequence', () => {
    const racy: Diagnostic = { code: 'race', severity: 'error', message: 'c uses x', location: at(3), subjects: ['c', 'b'], hint: 'write `prio: after(b)` on c (priority 4)' };
    const cycle: Diagnostic = { code: 'cycle', severity: 'error', message: 'dependency cycle: a → b → a', location: at(7), subjects: ['a', 'b'] };
    sortDiagnostics(groupCauses([racy, cycle], null));
    expect(racy.cause).toBeUndefined();
    expect(racy.hint).toContain('prio: after(b)');
  });

  it('later uses of a capability nothing provides fold under the first; other capabilities stay apart', () => {
    const use = (line: number, capability: string): Diagnostic => ({ code: 'capability-never-provided', severity: 'error', message: `e${line} uses ${capability}`, location: at(line), capability, hint: `add an entry that provides \`${capability}\`` });
    const [a, b, c] = [use(9, 'fdtab'), use(4, 'fdtab'), use(6, 'vfs')];
    const out = sortDiagnostics(groupCauses([a, b, c], null));
    expect(out).toEqual([b, a, c]);
    expect(a.cause?.location?.line).toBe(4);
    expect(a.hint).toBeUndefined();
    expect(c.cause).toBeUndefined();
  });
});
