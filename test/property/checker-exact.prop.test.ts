/** A generated plan checks clean if and only if the generator put a bug in, and the bug is named. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, compile, loadPlanText } from '../../compiler/index.js';
import { EXPECTED_CODE, maybeBrokenPlan, RUNS, validPlan } from './arbitraries.js';

function errorsOf(text: string) {
  const { compiled, diagnostics } = compile(loadPlanText('/gen.yaml', text));
  expect(compiled).not.toBeNull();
  return [...diagnostics, ...check(compiled!)].filter((d) => d.severity === 'error');
}

describe('the checker is exact on generated plans', () => {
  it('a plan built correct has no errors', () => {
    fc.assert(fc.property(validPlan, (g) => {
      expect(errorsOf(g.text).map((d) => `${d.code}: ${d.message}`)).toEqual([]);
    }), { numRuns: RUNS });
  });

  it('a plan with one injected bug has errors, among them the bug, on the entry it was put in', () => {
    fc.assert(fc.property(maybeBrokenPlan, (g) => {
      const errors = errorsOf(g.text);
      if (!g.bug) {
        expect(errors).toEqual([]);
        return;
      }
      const hit = errors.find((d) => d.code === EXPECTED_CODE[g.bug!.kind] && d.subjects?.[0] === g.bug!.entry);
      expect(hit, `${g.bug.kind} on ${g.bug.entry}; got ${errors.map((d) => d.code).join(', ')}`).toBeDefined();
      if (g.bug.capability && hit!.witness) expect(hit!.witness.expect.capability).toBe(g.bug.capability);
    }), { numRuns: RUNS });
  });
});
