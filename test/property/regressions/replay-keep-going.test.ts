/**
 * FIXED: keepGoing commits a failing entry's provides only where the failure would stop the boot.
 *
 * Found by completeness.prop.test.ts (rich generator, bug kind failing-provider), shrunk.
 *
 * BUG (runtime/boot.ts, `keepGoing`): on Linux a failing initcall is logged and the boot goes on;
 * what it would have provided never exists. The checker (since cf477a6) says so:
 * capability-never-provided on lib0.fn1, witness "fault at lib0.fn1, lost-cap missing". A plain
 * run in that order shows exactly that fault. But replayWitness runs with `keepGoing`, and
 * keepGoing "carries on as if the entry had succeeded" — it commits fn0's provides even where the
 * profile itself carries on without them — so the replay shows no fault and does not match. The
 * checker and the plain run are right; keepGoing should commit a failing entry's provides only
 * where a failure stops the boot (it is there only to look past the stop). The rich generator now makes this as bug kind failing-provider.
 */
import { expect, it } from 'vitest';
import { replayWitness } from '../../../runtime/index.js';
import { checkText, HOST, witnessProblem } from '../harness.js';

const PLAN = `bootplan: 1
name: generated
profile: linux@6.1
libraries:
  lib0:
    initcalls:
      - { fn: fn0, level: console, provides: [lost-cap], returns: -5, cost: 1us }
      - { fn: fn1, level: early, uses: [lost-cap], cost: 1us }
  app:
    main: {}
`;

it('the checker reports it, and a plain run in the witness order shows the fault', () => {
  const { compiled, errors } = checkText(PLAN);
  const error = errors.find((d) => d.code === 'capability-never-provided');
  expect(error?.witness?.expect).toEqual({ kind: 'fault', entry: 'lib0.fn1', capability: 'lost-cap' });
  expect(witnessProblem(compiled, error!.witness!)).toBeNull();
});

it('replayWitness shows it too', () => {
  // Today: matched false, observed "lib0.fn0 returned -5".
  const { compiled, errors } = checkText(PLAN);
  const error = errors.find((d) => d.code === 'capability-never-provided')!;
  expect(replayWitness(compiled, error.witness!, { host: HOST }).matched).toBe(true);
});
