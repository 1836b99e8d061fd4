/** Loading and checking never throw: any text, any JSON, any mutation of a plan gives diagnostics. */
import fc from 'fast-check';
import jsYaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { check, compile, loadPlanText, locate } from '../../compiler/index.js';
import { RUNS, validPlan } from './arbitraries.js';

async function survive(text: string): Promise<void> {
  const source = loadPlanText('/any.yaml', text);
  const { compiled, diagnostics } = compile(source);
  if (compiled) diagnostics.push(...check(compiled));
  const located = await locate(source, diagnostics);
  for (const d of located) {
    expect(typeof d.code).toBe('string');
    expect(d.location, `${d.code} has a location`).toBeDefined();
  }
}

/** Replace one node of a plan (found by a path of indices) with an arbitrary JSON value. */
function mutate(value: unknown, path: number[], replacement: unknown): unknown {
  if (path.length === 0 || value === null || typeof value !== 'object') return replacement;
  if (Array.isArray(value)) {
    if (value.length === 0) return replacement;
    const i = path[0]! % value.length;
    return value.map((v, j) => (j === i ? mutate(v, path.slice(1), replacement) : v));
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return replacement;
  const k = keys[path[0]! % keys.length]!;
  return { ...(value as object), [k]: mutate((value as Record<string, unknown>)[k], path.slice(1), replacement) };
}

describe('robustness', () => {
  it('arbitrary text', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 300 }), survive), { numRuns: RUNS });
  });

  it('arbitrary YAML-ish text made of plan tokens', async () => {
    const token = fc.constantFrom('bootplan: 1\n', 'name: x\n', 'profile: unikraft@0.17\n', 'target: qemu/x86_64\n', 'libraries:\n', '  a:\n', '    initcalls:\n', '      - { fn: f, level: lib }\n', '  - ', '{', '}', '[', ']', ': ', '&a ', '*a ', '!!str ', '"', "'", '\t', '\n', '  ', 'prio: 99\n', 'uses: [x]\n');
    await fc.assert(fc.asyncProperty(fc.array(token, { maxLength: 40 }).map((t) => t.join('')), survive), { numRuns: RUNS });
  });

  it('arbitrary JSON values as documents', async () => {
    await fc.assert(fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), (v) => survive(JSON.stringify(v))), { numRuns: RUNS });
  });

  it('a valid plan with one node replaced by arbitrary JSON', async () => {
    await fc.assert(
      fc.asyncProperty(validPlan, fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), (g, path, replacement) =>
        survive(jsYaml.dump(mutate(g.plan, path, replacement), { noRefs: true }))),
      { numRuns: RUNS },
    );
  });
});
