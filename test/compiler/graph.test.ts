import { describe, expect, it } from 'vitest';
import { check, compile, loadPlanText } from '../../compiler/index.js';
import { stronglyConnected } from '../../compiler/check/rules/cycle.js';
import { ancestorMounts, compareNodes } from '../../compiler/graph.js';

function chain(n: number, entry: (i: number) => string, head = 'bootplan: 1\nname: chain\nprofile: linux@6.1\n'): string {
  const lines = [head + 'libraries:', '  chain:', '    initcalls:'];
  for (let i = 0; i < n; i++) lines.push(`      - ${entry(i)}`);
  return lines.join('\n') + '\n';
}

/**
 * How deep: 100,000 in `npm test`. `npm run mutate` sets BOOTPLAN_DEEP lower (test/property/
 * mutate-setup.ts), since each surviving mutant of a rule runs these checks again; 20,000 still
 * overflows a recursive walk on Node's default stack.
 */
const DEEP = Number(process.env.BOOTPLAN_DEEP ?? 100_000);

describe('deep graphs do not overflow the stack', () => {
  it(`a ${DEEP.toLocaleString('en')}-deep chain of \`after\` in one Linux level: every link is a link-order warning`, () => {
    const n = DEEP;
    const text = chain(n, (i) => `{ fn: f${i}, level: device${i > 0 ? `, after: [chain.f${i - 1}]` : ''} }`);
    const { compiled, diagnostics } = compile(loadPlanText('/chain.yaml', text));
    expect(diagnostics).toEqual([]);
    const found = check(compiled!);
    expect(found).toHaveLength(n - 1);
    expect(new Set(found.map((d) => d.code))).toEqual(new Set(['link-order-dependency']));
  });

  it('the same chain declared backwards is n-1 errors and no crash in the cycle search', () => {
    const n = DEEP;
    const text = chain(n, (i) => `{ fn: f${i}, level: device${i < n - 1 ? `, after: [chain.f${i + 1}]` : ''} }`);
    const { compiled } = compile(loadPlanText('/chain.yaml', text));
    const found = check(compiled!);
    expect(found.filter((d) => d.code === 'order-violated')).toHaveLength(n - 1);
    expect(found.filter((d) => d.code === 'cycle')).toHaveLength(0);
  });

  it(`a ${DEEP.toLocaleString('en')}-long chain of symbolic priorities resolves without recursion`, () => {
    const n = DEEP;
    const head = 'bootplan: 1\nname: chain\nprofile: unikraft@0.17\ntarget: qemu/x86_64\n';
    const text = chain(n, (i) => (i === n - 1 ? `{ fn: f${i}, level: lib, prio: 0 }` : `{ fn: f${i}, level: lib, prio: 'after(chain.f${i + 1})' }`), head);
    const { compiled, diagnostics } = compile(loadPlanText('/prio.yaml', text));
    // f(n-1)=0, f(n-2)=1 ... f(n-10)=9, then UK_PRIO_AFTER(9) leaves the range and everything above is dropped.
    expect(compiled!.entries.map((e) => e.prio).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(diagnostics.filter((d) => d.code === 'prio-out-of-range')).toHaveLength(1);
    expect(compiled!.dropped).toHaveLength(n - 10);
  });

  it(`strongly connected components of a ${(2 * DEEP).toLocaleString('en')}-node ring`, () => {
    const n = 2 * DEEP;
    const adjacency = Array.from({ length: n }, (_, i) => [(i + 1) % n]);
    const components = stronglyConnected(n, adjacency);
    expect(components).toHaveLength(1);
    expect(components[0]).toHaveLength(n);
  });
});

describe('cycles', () => {
  it('prints the whole cycle with each reason', () => {
    const text = `bootplan: 1\nname: c\nprofile: unikraft@0.17\ntarget: qemu/x86_64\nlibraries:\n  a:\n    initcalls:\n      - { fn: x, level: lib, prio: 3, after: [a.z] }\n      - { fn: y, level: lib, prio: 3, after: [a.x], provides: [yc] }\n      - { fn: z, level: lib, prio: 3, uses: [yc] }\n`;
    const { compiled } = compile(loadPlanText('/c.yaml', text));
    const cycle = check(compiled!).find((d) => d.code === 'cycle')!;
    expect(cycle.message).toBe('dependency cycle: a.x → (after) a.y → (uses yc) a.z → (after) a.x');
    expect(cycle.witness?.order).toEqual(compiled!.order);
  });
});

describe('ancestorMounts', () => {
  it('lists every folder above a mount point, nearest first, ending at /', () => {
    expect(ancestorMounts('/a/b/c')).toEqual(['/a/b', '/a', '/']);
    expect(ancestorMounts('/dev')).toEqual(['/']);
    expect(ancestorMounts('/')).toEqual([]);
    expect(ancestorMounts('')).toEqual([]);
  });
});

describe('compareNodes', () => {
  it('orders by key, then by declaration index', () => {
    const node = (key: number, index: number) => ({ key, index }) as Parameters<typeof compareNodes>[0];
    expect(compareNodes(node(1, 9), node(2, 0))).toBeLessThan(0);
    expect(compareNodes(node(2, 0), node(1, 9))).toBeGreaterThan(0);
    expect(compareNodes(node(3, 1), node(3, 4))).toBeLessThan(0);
    expect(compareNodes(node(3, 4), node(3, 1))).toBeGreaterThan(0);
    expect(compareNodes(node(3, 4), node(3, 4))).toBe(0);
  });
});
