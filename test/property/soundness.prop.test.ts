/**
 * Soundness: a plan the checker passes (no errors) boots to a normal halt — target HALT, no fault
 * event, exit 0 — under every link order tried: declared, reverse and three random ones (Linux:
 * declared only, its ties being deterministic link order). Broken-plan samples count too when
 * the checker finds nothing wrong with them: that is decided inside the property, after checking.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { run } from '../../runtime/index.js';
import { RUNS } from './arbitraries.js';
import { checkText, correctCase, HOST, linkOrdersFor, maybeBrokenCase, orderName, seedsArb, type PlanCase } from './harness.js';

/** Boots a plan that checks clean in every order; returns false (nothing to hold) when it has errors. */
function bootsCleanWhenCheckedClean(g: PlanCase, seeds: number[]): boolean {
  const { compiled, errors } = checkText(g.text);
  if (errors.length > 0) return false;
  for (const linkOrder of linkOrdersFor(g.profile, seeds)) {
    const { outcome, events } = run(compiled, { linkOrder, host: HOST });
    const faults = events.filter((e) => e.ev === 'fault').map((e) => e.reason);
    expect({ order: orderName(linkOrder), target: outcome.target, reason: outcome.reason, faults, exitCode: outcome.exitCode })
      .toEqual({ order: orderName(linkOrder), target: 'HALT', reason: outcome.reason, faults: [], exitCode: 0 });
  }
  return true;
}

describe('soundness: no checker errors ⇒ a normal halt in every link order', () => {
  it('plans built correct have no errors (else the properties below hold for nothing)', () => {
    fc.assert(fc.property(correctCase, (g) => {
      expect(checkText(g.text).errors.map((d) => `${d.code}: ${d.message}`)).toEqual([]);
    }), { numRuns: RUNS });
  });

  it('plans built correct', () => {
    let clean = 0;
    fc.assert(fc.property(correctCase, seedsArb, (g, seeds) => {
      // A correct plan has no errors: if it had, this would be the checker-exact property's failure.
      if (bootsCleanWhenCheckedClean(g, seeds)) clean++;
    }), { numRuns: RUNS });
    expect(clean).toBeGreaterThan(RUNS * 0.9);
  });

  it('plans with an injected bug that the checker passes anyway', () => {
    let clean = 0;
    fc.assert(fc.property(maybeBrokenCase, seedsArb, (g, seeds) => {
      if (bootsCleanWhenCheckedClean(g, seeds)) clean++;
    }), { numRuns: RUNS });
    // A bug that applies to no kind of this plan leaves it correct (and the basic generator draws
    // none half the time): those plans must boot.
    expect(clean).toBeGreaterThan(RUNS * 0.1);
  });
});
