/**
 * FIXED: a unikraft@0.13 image without `main`.
 *
 * Found by the whole-language differential test (whole-language.ts, extension no-main), shrunk.
 *
 * BUG (contradiction and default): with no `main` the image links Unikraft's weak main
 * (lib/ukboot/weak_main.c), which returns -EINVAL; 0.13 treats a non-zero return from main as
 * CRASH. The machine did so, the checker did not know: the plan checked clean and crashed (the
 * biggest class of crashes after a clean check left, 12 in 2,000 plans). Now the rule weak-main says so;
 * both sides read the weak main's return value from compiler/weak-main.ts.
 */
import { expect, it } from 'vitest';
import { run } from '../../../runtime/index.js';
import { checkText, HOST, soundnessProblem } from '../harness.js';

const plan = (version: string, main: boolean) => `bootplan: 1
name: generated
profile: unikraft@${version}
target: qemu/x86_64
libraries:
  lib0:
    initcalls:
      - { fn: fn0, level: lib, prio: 0 }
${main ? '  app:\n    main: {}\n' : ''}`;

it('unikraft@0.13 without main: entry-fails, located, and the machine crashes with -22', async () => {
  const text = plan('0.13', false);
  const { compiled, errors } = checkText(text);
  expect(errors.map((d) => d.code)).toEqual(['weak-main']);
  expect(errors[0]!.message).toContain('weak main, which returns -22');
  const { outcome, console } = run(compiled, { host: HOST });
  expect(outcome).toMatchObject({ target: 'CRASH', mainReturned: -22 });
  expect(console).toContain('weak main() called. Symbol was not replaced!');
  const { checkText: located } = await import('../../helpers/plans.js');
  const hit = (await located(text)).diagnostics.find((d) => d.code === 'weak-main');
  expect(hit?.location?.line, "at libraries:").toBeGreaterThanOrEqual(5);
});

it.each([['0.13', true], ['0.17', false], ['0.17', true]] as const)('unikraft@%s with main %s: clean, and it halts', (version, main) => {
  const text = plan(version, main);
  expect(checkText(text).errors).toEqual([]);
  expect(soundnessProblem(text)).toBeNull();
});
