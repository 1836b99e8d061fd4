/**
 * Completeness: a plan with one injected bug gets that bug reported, and every error that
 * carries a witness replays — run in the witness's link order, the machine shows the fault (or
 * teardown fault, error return, out-of-order call) at exactly the entry the witness names, and
 * a fault finds the named capability missing. Held through `replayWitness` and, separately,
 * through a plain `run` and its trace events.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replayWitness } from '../../runtime/index.js';
import { RUNS } from './arbitraries.js';
import { checkText, HOST, linearizationProblem, maybeBrokenCase, witnessProblem } from './harness.js';

describe('completeness: every injected bug is found and every witness replays', () => {
  it('the injected bug is reported, on the entry it was put in', () => {
    let bugs = 0;
    fc.assert(fc.property(maybeBrokenCase, (g) => {
      if (g.bug === null) return;
      bugs++;
      const { errors } = checkText(g.text);
      const named = (d: (typeof errors)[number]) => d.code === g.bug!.code && d.subjects?.[0] === g.bug!.entry;
      // One entry may have two errors of one code (two capabilities): the bug's is the one.
      const hit = errors.find((d) => named(d) && (g.bug!.capability === undefined || d.witness?.expect.capability === g.bug!.capability)) ?? errors.find(named);
      expect(hit, `${g.bug.kind} on ${g.bug.entry}; got ${errors.map((d) => `${d.code} ${d.subjects?.[0]}`).join(', ')}`).toBeDefined();
      if (g.bug.capability !== undefined && hit!.witness?.expect.capability !== undefined) expect(hit!.witness.expect.capability).toBe(g.bug.capability);
    }), { numRuns: RUNS });
    expect(bugs).toBeGreaterThan(RUNS * 0.3);
  });

  it('every witness is a linearization and replays to what it names (replayWitness and a plain run)', () => {
    let witnesses = 0;
    fc.assert(fc.property(maybeBrokenCase, (g) => {
      if (g.bug === null) return;
      const { compiled, errors } = checkText(g.text);
      for (const d of errors) {
        if (!d.witness) continue;
        witnesses++;
        const label = `${d.code} (${d.message}); expects ${JSON.stringify(d.witness.expect)}`;
        expect(linearizationProblem(compiled, d.witness.order), label).toBeNull();
        const replay = replayWitness(compiled, d.witness, { host: HOST });
        expect(replay.matched, `${label}; replayWitness observed ${replay.observed}`).toBe(true);
        expect(witnessProblem(compiled, d.witness), label).toBeNull();
      }
    }), { numRuns: RUNS });
    expect(witnesses).toBeGreaterThan(RUNS * 0.3);
  });
});
