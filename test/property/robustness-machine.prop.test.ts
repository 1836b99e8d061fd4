/**
 * Nothing crashes on plans of every shape, broken or not: a rich generated plan with one node
 * replaced by an arbitrary or a tricky value (paths with `..`, capabilities, huge and negative
 * numbers, wrong types) loads, compiles, checks and locates without throwing, and whenever it
 * compiles the machine boots it — in any link order, errors or not — to a trace that ends in one
 * `halt`, never an exception.
 */
import fc from 'fast-check';
import jsYaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { check, compile, loadPlanText, locate } from '../../compiler/index.js';
import { run } from '../../runtime/index.js';
import { RUNS } from './arbitraries.js';
import { anyCase, HOST, seedsArb, linkOrdersFor } from './harness.js';
import { PLAN_FILE } from './rich-arbitraries.js';

/** A replacement: anything, or (`sameType`) a tricky value of the replaced leaf's own type, which the schema lets through more often. */
interface Replacement {
  any: unknown;
  text: string;
  number: number;
  sameType: boolean;
}

function replace(leaf: unknown, r: Replacement): unknown {
  if (!r.sameType) return r.any;
  if (typeof leaf === 'string') return r.text;
  if (typeof leaf === 'number') return r.number;
  if (typeof leaf === 'boolean') return !leaf;
  return r.any;
}

/** Replace one node of a plan (found by a path of indices). */
function mutate(value: unknown, path: readonly number[], replacement: Replacement): unknown {
  if (path.length === 0 || value === null || typeof value !== 'object') return replace(value, replacement);
  if (Array.isArray(value)) {
    if (value.length === 0) return [replacement.any];
    const i = path[0]! % value.length;
    return value.map((v, j) => (j === i ? mutate(v, path.slice(1), replacement) : v));
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return replacement;
  const k = keys[path[0]! % keys.length]!;
  return { ...(value as object), [k]: mutate((value as Record<string, unknown>)[k], path.slice(1), replacement) };
}

const TEXTS = fc.constantFrom('/', '/..', '../../etc', '/dev/../..', '', ' ', 'mount:/', 'mount:', 'dev:fs0', 'initrd0', 'alloc', 'fstab', 'extract', '9pfs', 'devfs',
    'after(lib0.fn0)', 'before(app.main)', 'after(nope.nope)', '-- x', 'vfs.fstab=["fs0:/:9pfs" "none:/a/../b:ramfs:::mkmp"] --', 'vfs.fstab=[', '1Gi', '0', '-1Mi', '99999999Gi', '1e309us', 'lib0', 'app.main', 'rootfs', 'POST_KERNEL', 'late_sync', 'qemu/arm64', 'fs0', 'net0', 'guest_fs', 'initrd.cpio', '../initrd.cpio', 'nobody');
const NUMBERS = fc.oneof(fc.integer({ min: -(2 ** 31), max: 2 ** 31 }), fc.constantFrom(0, -1, 1, 4, 9, 10, 99, 100, 65534, 65535, 2 ** 53, -(2 ** 53), 1e308, 0.5));
const replacement: fc.Arbitrary<Replacement> = fc.record({
  any: fc.oneof(TEXTS, NUMBERS, fc.jsonValue({ maxDepth: 2 })),
  text: TEXTS,
  number: NUMBERS,
  sameType: fc.boolean(),
});

describe('robustness: loading, checking and booting never throw', () => {
  it('a generated plan with one node replaced', async () => {
    let booted = 0;
    await fc.assert(fc.asyncProperty(anyCase, fc.array(fc.nat(), { minLength: 1, maxLength: 7 }), replacement, seedsArb, async (g, path, replacement, seeds) => {
      const text = jsYaml.dump(mutate(g.plan, path, replacement), { noRefs: true });
      const source = loadPlanText(PLAN_FILE, text);
      const { compiled, diagnostics } = compile(source);
      if (compiled) diagnostics.push(...check(compiled));
      const located = await locate(source, diagnostics);
      expect(located.filter((d) => typeof d.code !== 'string' || d.location === undefined).map((d) => d.code)).toEqual([]);
      if (!compiled) return;
      booted++;
      for (const linkOrder of linkOrdersFor(compiled.plan.profile, seeds.slice(0, 1))) {
        const { events, outcome } = run(compiled, { linkOrder, host: HOST, maxEvents: 200_000 });
        expect(events.filter((e) => e.ev === 'halt').map((e) => e.target)).toEqual([outcome.target]);
        expect(events.at(-1)?.ev).toBe('halt');
      }
    }), { numRuns: RUNS });
    // Most replacements break the schema (an input error: nothing to boot); the rest must boot.
    expect(booted).toBeGreaterThan(RUNS / 25);
  });
});
