import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile, loadPlan, loadPlanText } from '../../../compiler/index.js';
import { selectGraph, stagesOf, toDot, toMermaid, wholeGraph, type GraphPart } from '../../../compiler/emit/index.js';
import type { Compiled } from '../../../compiler/types.js';

const PLAN = `bootplan: 1
name: small
profile: unikraft@0.17
target: qemu/x86_64
libraries:
  libc:
    ctors:
      - { fn: libc_init, prio: 1, uses: [alloc] }
  posix-fdtab:
    initcalls:
      - { fn: init_posix_fdtab, level: lib, prio: 0, uses: [alloc], provides: [fdtab] }
  posix-socket:
    initcalls:
      - { fn: init_sockets, level: lib, prio: 0, uses: [fdtab, alloc] }
  vfs:
    initcalls:
      - { fn: automount, level: rootfs, prio: 0, uses: [fdtab], provides: ["mount:/"] }
  app:
    main: { uses: ["mount:/", alloc] }
`;
const GOLDEN = join(import.meta.dirname, 'graph-golden');
// `toMatchFileSnapshot` writes a missing golden and, under `vitest -u`, rewrites a changed one.
const golden = (name: string) => join(GOLDEN, name);

function compiledOf(text: string): Compiled {
  const { compiled, diagnostics } = compile(loadPlanText('/virtual/small.yaml', text));
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return compiled!;
}
function part(compiled: Compiled, selection: Parameters<typeof selectGraph>[1]): GraphPart {
  const p = selectGraph(compiled, selection);
  if ('unknown' in p) throw new Error(`unknown ${JSON.stringify(p.unknown)}`);
  return p;
}

describe('graph text: boot order as the main axis', () => {
  const small = compiledOf(PLAN);

  it('cuts the boot order into stages: each core step alone, a cluster per level, constructors, main', () => {
    const stages = stagesOf(small, wholeGraph(small)).map((s) => [s.step ? 'step' : 'cluster', s.label, s.nodes.length]);
    expect(stages.filter((s) => s[0] === 'cluster')).toEqual([
      ['cluster', 'constructors, priority 1', 1], ['cluster', 'level lib', 2], ['cluster', 'level rootfs', 1], ['cluster', 'main', 1],
    ]);
    const labels = stages.map((s) => s[1]);
    expect(labels.indexOf('level lib')).toBeLessThan(labels.indexOf('level rootfs'));
    expect(labels.indexOf('constructors, priority 1')).toBeLessThan(labels.indexOf('level lib'));
  });

  it('writes dot and mermaid as the goldens say', async () => {
    await expect(toDot(small)).toMatchFileSnapshot(golden('small.dot'));
    await expect(toMermaid(small)).toMatchFileSnapshot(golden('small.mmd'));
    await expect(toDot(small, part(small, { hide: ['alloc'], focus: 'posix-fdtab.init_posix_fdtab' }))).toMatchFileSnapshot(golden('small-focus.dot'));
  });

  it('writes the bundled Linux plan, alloc hidden, as its golden says', async () => {
    const source = loadPlan(join(process.cwd(), 'specs', 'plans', 'linux', 'qemu-x86_64.yaml'));
    const linux = compile(source).compiled!;
    const dot = toDot(linux, part(linux, { hide: ['alloc'] }));
    expect(dot).not.toMatch(/label="alloc"/);
    expect(dot).toMatch(/subgraph "cluster_\d+" \{\n {4}label="level device";/);
    await expect(dot).toMatchFileSnapshot(golden('linux-qemu-x86_64-hide-alloc.dot'));
  });

  it('keeps a violation from bending the layout', () => {
    const bad = compiledOf(PLAN.replace('level: rootfs, prio: 0, uses: [fdtab]', 'level: early, prio: 0, uses: [fdtab]'));
    const dot = toDot(bad);
    expect(dot).toMatch(/"posix-fdtab.init_posix_fdtab" -> "vfs.automount" \[label="fdtab \(VIOLATION\)", color="red", style="bold", penwidth=2, constraint=false\];/);
  });
});

describe('selectGraph', () => {
  const small = compiledOf(PLAN);

  it('hides the edges of a capability, keeping every node', () => {
    const p = part(small, { hide: ['alloc'] });
    expect(p.nodes).toEqual(small.order);
    expect(p.edges.some((e) => e.reason.kind === 'uses' && e.reason.capability === 'alloc')).toBe(false);
    expect(p.edges.length).toBeLessThan(small.edges.length);
  });

  it('focuses on an entry and its neighbours, farther with depth', () => {
    const near = part(small, { hide: ['alloc'], focus: 'posix-socket.init_sockets' });
    expect(near.nodes).toEqual(['posix-fdtab.init_posix_fdtab', 'posix-socket.init_sockets']);
    const fdtab = part(small, { hide: ['alloc'], focus: 'vfs.automount', depth: 2 });
    expect(fdtab.nodes).toEqual(['posix-fdtab.init_posix_fdtab', 'vfs.automount', 'app.main']);
  });

  it('draws what lies between --from and --to', () => {
    const p = part(small, { hide: ['alloc'], from: 'posix-fdtab.init_posix_fdtab', to: 'app.main' });
    expect(p.nodes).toEqual(['posix-fdtab.init_posix_fdtab', 'vfs.automount', 'app.main']);
    expect(p.edges.map((e) => `${e.from}->${e.to}`)).toEqual(['posix-fdtab.init_posix_fdtab->vfs.automount', 'vfs.automount->app.main']);
  });

  it('names an unknown node, with a close one', () => {
    expect(selectGraph(small, { focus: 'vfs.automnt' })).toEqual({ unknown: [{ option: 'focus', id: 'vfs.automnt', suggestion: 'vfs.automount' }] });
    expect(selectGraph(small, { hide: ['aloc', 'fdtab'] })).toEqual({ unknown: [{ option: 'hide', id: 'aloc', suggestion: 'alloc' }] });
  });
});
