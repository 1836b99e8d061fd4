import { describe, expect, it } from 'vitest';
import { applyInference } from '../../../import/infer/apply.js';
import type { InferredEntry } from '../../../import/infer/types.js';
import type { PlanObject } from '../../../import/plan-object.js';

const evidence = (uses: string) => ({ uses, at: 'lib/x/x.c:3', call: 'uk_malloc', via: [], fact: 'specs/catalogs/unikraft.yaml:1 (unikraft/unikraft a.h:1)' });

function inferred(id: string, uses: string[], provides: string[] = [], effects: InferredEntry['effects'] = []): [string, InferredEntry] {
  return [id, { id, uses, provides, effects, evidence: uses.map(evidence), unresolved: [] }];
}

describe('applyInference', () => {
  it('writes uses, provides, effects and evidence into the entries by LIB.FN, terms included', () => {
    const plan: PlanObject = {
      bootplan: 1,
      name: 'p',
      profile: 'unikraft@0.17',
      libraries: {
        x: {
          ctors: [{ fn: 'x_ctor', prio: 1 }],
          initcalls: [
            { fn: 'x_init', level: 'lib', prio: 0, term: 'x_term', uses: ['libparam'] },
            { term: 'x_only_term', level: 'rootfs', prio: 9 },
            { fn: 'x_quiet', level: 'late', prio: 9 },
          ],
        },
      },
    };
    const entries = new Map([
      inferred('x.x_ctor', ['alloc']),
      inferred('x.x_init', ['alloc'], ['x-ready'], [{ 'open-stdio': {} }]),
      inferred('x.x_term', ['fdtab']),
      inferred('x.x_only_term', ['mount:/']),
      inferred('x.x_quiet', []),
    ]);
    expect(applyInference(plan, entries)).toBe(3);
    expect(plan.bootplan).toBe(1.1);
    const [init, only, quiet] = plan.libraries.x!.initcalls!;
    expect(plan.libraries.x!.ctors![0]).toMatchObject({ uses: ['alloc'], evidence: [evidence('alloc')] });
    expect(init).toMatchObject({ uses: ['libparam', 'alloc'], provides: ['x-ready'], effects: [{ 'open-stdio': {} }], term: { fn: 'x_term', uses: ['fdtab'], evidence: [evidence('fdtab')] } });
    expect(init!.evidence).toEqual([evidence('alloc')]);
    expect(only).toEqual({ level: 'rootfs', prio: 9, term: { fn: 'x_only_term', uses: ['mount:/'], evidence: [evidence('mount:/')] } });
    expect(quiet).toEqual({ fn: 'x_quiet', level: 'late', prio: 9 });
  });

  it('leaves evidence out when asked to', () => {
    const plan: PlanObject = { bootplan: 1, name: 'p', profile: 'unikraft@0.17', libraries: { x: { ctors: [{ fn: 'x_ctor', prio: 1 }] } } };
    applyInference(plan, new Map([inferred('x.x_ctor', ['alloc'])]), { evidence: false });
    expect(plan.libraries.x!.ctors![0]).toEqual({ fn: 'x_ctor', prio: 1, uses: ['alloc'] });
    expect(plan.bootplan).toBe(1);
  });

  it('writes a plan the compiler takes: evidence backs what each entry has', async () => {
    const { stringify } = await import('yaml');
    const { check, compile, loadPlanText } = await import('../../../compiler/index.js');
    const plan: PlanObject = {
      bootplan: 1,
      name: 'p',
      profile: 'unikraft@0.17',
      target: 'qemu/x86_64',
      libraries: {
        x: {
          ctors: [{ fn: 'x_ctor', prio: 1 }],
          initcalls: [{ fn: 'x_init', level: 'lib', prio: 0, term: 'x_term' }, { term: 'x_only_term', level: 'rootfs', prio: 9 }],
        },
      },
    };
    const shared = { 'open-stdio': {} };
    const entries = new Map([
      inferred('x.x_ctor', ['alloc']), inferred('x.x_init', ['sched'], [], [shared]), inferred('x.x_term', ['sched']), inferred('x.x_only_term', ['alloc']),
    ]);
    for (const e of entries.values()) e.evidence.forEach((item) => (item.via = e.evidence[0]!.via)); // one array, many items
    plan.libraries.x!.initcalls!.push({ fn: 'x_init', level: 'lib', prio: 1 }); // the same id twice
    applyInference(plan, entries);
    const text = stringify(plan);
    expect(text).not.toMatch(/[&*]a\d/); // no anchors or aliases from shared objects
    const { compiled, diagnostics } = compile(loadPlanText('p.yaml', text));
    expect(diagnostics).toEqual([]);
    const codes = check(compiled!).map((d) => d.code);
    expect(codes).toContain('pre-init-use');
    expect(codes).not.toContain('evidence-mismatch');
    expect(codes).toContain('duplicate-registration');
  });
});

describe('registeredFunctions', () => {
  it('gives inits, constructors and terms their entry ids', async () => {
    const { registeredFunctions } = await import('../../../import/infer/registered.js');
    expect(registeredFunctions([
      { table: 'ctors', lib: 'a', fn: 'a_ctor', term: null, file: 'lib/a/a.c', line: 3 },
      { table: 'inittab', lib: 'b', fn: 'b_init', term: 'b_term', file: 'lib/b/b.c', line: 9 },
      { table: 'inittab', lib: 'b', fn: null, term: 'b_only', file: 'lib/b/b.c', line: 10 },
    ])).toEqual([
      { id: 'a.a_ctor', fn: 'a_ctor', file: 'lib/a/a.c', line: 3, role: 'ctor' },
      { id: 'b.b_init', fn: 'b_init', file: 'lib/b/b.c', line: 9, role: 'initcall' },
      { id: 'b.b_term', fn: 'b_term', file: 'lib/b/b.c', line: 9, role: 'term' },
      { id: 'b.b_only', fn: 'b_only', file: 'lib/b/b.c', line: 10, role: 'term' },
    ]);
  });
});
