import { describe, expect, it } from 'vitest';
import { check, compile, loadPlanText } from '../../../compiler/index.js';
import { fixPlan } from '../../../compiler/fix/index.js';

const HEAD = 'bootplan: 1\nname: m\nprofile: unikraft@0.17\ntarget: qemu/x86_64\nlibraries:\n';

function fix(text: string) {
  const source = loadPlanText('/m.yaml', text);
  const { compiled } = compile(source);
  return { source, result: fixPlan(source, compiled!) };
}

describe('fix model', () => {
  it('brings another provider forward when the earliest one is pinned too late', () => {
    const { result } = fix(`${HEAD}  a:\n    initcalls:\n      - { fn: a_init, level: sys, prio: 0, provides: [x], pinned: true }\n  a2:\n    initcalls:\n      - { fn: a2_init, level: late, prio: 9, provides: [x] }\n  b:\n    initcalls:\n      - { fn: b_init, level: lib, prio: 0, uses: [x], pinned: true }\n`);
    expect(result.status).toBe('fixed');
    expect(result.changes.map((c) => c.id)).toEqual(['a2.a2_init']);
    const { compiled } = compile(loadPlanText('/m.yaml', result.texts.get('/m.yaml')!));
    expect(check(compiled!).filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('an entry whose priority is written as after(…) keeps it: only its level may change', () => {
    const { result } = fix(`${HEAD}  a:\n    initcalls:\n      - { fn: a_init, level: lib, prio: 3, provides: [x] }\n  b:\n    initcalls:\n      - { fn: b_init, level: lib, prio: 'after(a.a_init)', provides: [y] }\n  c:\n    initcalls:\n      - { fn: c_init, level: lib, prio: 5, uses: [y], pinned: true }\n`);
    // b (lib 4) must run before c (lib 5): it does. Make it not: c at lib 4 would tie. Here nothing to change.
    expect(result.status).toBe('clean');
    const tied = fix(`${HEAD}  a:\n    initcalls:\n      - { fn: a_init, level: lib, prio: 3, provides: [x] }\n  b:\n    initcalls:\n      - { fn: b_init, level: lib, prio: 'after(a.a_init)', provides: [y] }\n  c:\n    initcalls:\n      - { fn: c_init, level: lib, prio: 4, uses: [y], pinned: true }\n`).result;
    expect(tied.status).toBe('fixed');
    // Neither a's nor b's number may change (b is written relative to a): b moves a level earlier.
    expect(tied.changes.map((c) => c.message)).toEqual(['b.b_init: level lib → plat, because c.c_init at lib 4 uses `y`, which it provides']);
    expect(tied.texts.get('/m.yaml')).toContain("{ fn: b_init, level: plat, prio: 'after(a.a_init)', provides: [y] }");
  });
});
