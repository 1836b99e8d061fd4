/**
 * Found while building the rich generator (a Linux initcall with `returns: -5` that provides
 * what a later one uses): the checker reported nothing and the machine faulted. Fixed by the lead
 * in cf477a6 (the graph drops what a failing initcall provides where the boot carries on); kept
 * as a fixed test.
 */
import { expect, it } from 'vitest';
import { checkText, soundnessProblem, witnessProblem } from '../harness.js';

const PLAN = `bootplan: 1
name: x
profile: linux@6.1
libraries:
  a:
    initcalls:
      - { fn: f_a, level: core, returns: -5, provides: [x] }
  b:
    initcalls:
      - { fn: f_b, level: fs, uses: [x] }
`;

it('a failing Linux initcall provides nothing, and the checker says so with a witness that shows', () => {
  expect(soundnessProblem(PLAN)).toBeNull();
  const { compiled, errors } = checkText(PLAN);
  expect(errors.map((d) => [d.code, d.subjects?.[0]])).toEqual([['capability-never-provided', 'b.f_b']]);
  expect(witnessProblem(compiled, errors[0]!.witness!)).toBeNull();
});
