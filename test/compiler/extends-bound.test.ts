/**
 * `extends` chains are followed iteratively and within a bound (MAX_EXTENDS): a chain at the
 * bound loads, one past it stops with `extends-too-deep` at the `extends` key of the plan past it.
 */
import { describe, expect, it } from 'vitest';
import { compile, loadPlanText, locate } from '../../compiler/index.js';
import { MAX_EXTENDS } from '../../compiler/load.js';

/** A chain of `plans` files: /c/p0.yaml is the full plan, each /c/pN.yaml extends /c/p(N-1).yaml. */
function chain(plans: number): { root: string; files: Record<string, string> } {
  const files: Record<string, string> = {
    '/c/p0.yaml': 'bootplan: 1.1\nname: base\nprofile: unikraft@0.17\ntarget: qemu/x86_64\nlibraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib }\n',
  };
  for (let i = 1; i < plans; i++) files[`/c/p${i}.yaml`] = `bootplan: 1.1\nname: p${i}\nextends: p${i - 1}.yaml\nlibraries:\n  l${i}:\n    initcalls:\n      - { fn: l${i}_init, level: lib }\n`;
  return { root: `/c/p${plans - 1}.yaml`, files };
}

describe('extends chains', () => {
  it(`loads a chain of ${MAX_EXTENDS} plans beyond the root, with every layer's libraries`, () => {
    const { root, files } = chain(MAX_EXTENDS + 1);
    const { compiled, diagnostics } = compile(loadPlanText(root, files[root]!, files));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(compiled!.entries).toHaveLength(MAX_EXTENDS + 1);
  });

  it('stops one past the bound with extends-too-deep at that plan\'s `extends`, exit-2 input', async () => {
    const { root, files } = chain(MAX_EXTENDS + 2);
    const source = loadPlanText(root, files[root]!, files);
    const found = await locate(source, source.diagnostics.filter((d) => d.code === 'extends-too-deep'));
    expect(found).toHaveLength(1);
    expect(found[0]!.location).toMatchObject({ file: '/c/p1.yaml', line: 3, column: 10 });
    expect(compile(source).compiled).toBeNull();
  });
});
