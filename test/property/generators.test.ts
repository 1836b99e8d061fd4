/**
 * The generators make what the properties claim to cover: over a fixed sample, every shape of
 * the language the rich generator knows shows up, and every bug kind gets injected. A generator change that silently stops making a shape
 * fails here, not as a property that quietly holds for less.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maybeBrokenRichPlan, RICH_BUG_KINDS, richPlan } from './rich-arbitraries.js';

const SHAPES = [
  'profile:unikraft@0.17', 'profile:unikraft@0.13', 'profile:linux@6.1', 'profile:zephyr@3',
  'target:qemu/x86_64', 'target:fc/x86_64', 'target:qemu/arm64', 'target:xen/x86_64',
  'ctors', 'init_array', 'level-alias', 'symbolic-prio', 'after', 'before', 'shared-cap',
  'term', 'term-only', 'term-uses-mount',
  'effects', 'open-stdio', 'spawn-thread', 'alloc', 'alloc-effect', 'log', 'mount-effect', 'extract-initrd', 'tight-memory',
  'positive-returns', 'failing-initcall-goes-on', 'failing-constructor',
  'root:9pfs', 'root:ramfs', 'root:initrd', 'initrd', 'virtio-net', 'fstab:mounts', 'fstab:cmdline', 'devfs-fstab', 'devfs-entry',
  'uses:mount:/', 'uses:mount:sub', 'main-uses-mount:/', 'ordinal',
];

function tally(features: string[][]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const list of features) for (const f of list) counts.set(f, (counts.get(f) ?? 0) + 1);
  return counts;
}

describe('generator coverage', () => {
  it('correct plans come in every shape', () => {
    const counts = tally(fc.sample(richPlan, { numRuns: 2000, seed: 42 }).map((g) => g.features));
    expect(SHAPES.filter((s) => (counts.get(s) ?? 0) < 3)).toEqual([]);
    expect([...counts.keys()].filter((k) => k.startsWith('bug:'))).toEqual([]);
  });

  it('every bug kind is injected', () => {
    const plans = fc.sample(maybeBrokenRichPlan, { numRuns: 4000, seed: 42 });
    const counts = tally(plans.map((g) => (g.bug ? [g.bug.kind] : [])));
    expect(RICH_BUG_KINDS.filter((k) => (counts.get(k) ?? 0) < 3).map((k) => `${k}: ${counts.get(k) ?? 0}`)).toEqual([]);
  });
});
