/**
 * FIXED: an entry with both `returns` and a `fail` effect.
 *
 * Found by the whole-language differential test (whole-language.ts, extension returns-and-fail), shrunk.
 *
 * BUG (contradiction): resolve kept `returns` and ignored the `fail` effect's rc, the machine's
 * fail executor set the return value and won: `returns: 0` beside `fail: { rc: -12 }` checked
 * clean and crashed the boot, `returns: -5` beside `fail: { rc: 0 }` was entry-fails whose
 * witness never replayed. One meaning now, read by both sides from compiler/effects.ts
 * `failReturn`: the `fail` effect decides, whatever `returns` says.
 */
import { expect, it } from 'vitest';
import { failReturn } from '../../../compiler/effects.js';
import { checkText, completenessProblems, soundnessProblem } from '../harness.js';

const plan = (returns: number, rc: number) => `bootplan: 1
name: generated
profile: unikraft@0.17
target: qemu/x86_64
libraries:
  contra:
    initcalls:
      - { fn: both, level: sys, prio: 5, returns: ${returns}, effects: [{ fail: { rc: ${rc} } }] }
  app:
    main: {}
`;

it('returns: 0 beside fail rc -12 is entry-fails with the effect\'s rc, and the witness replays', () => {
  const text = plan(0, -12);
  const { compiled, errors } = checkText(text);
  expect(errors.map((d) => d.code)).toEqual(['entry-fails']);
  expect(errors[0]!.witness?.expect).toMatchObject({ kind: 'return', entry: 'contra.both', rc: -12 });
  expect(compiled.entries.find((e) => e.id === 'contra.both')?.returns).toBe(-12);
  expect(completenessProblems(text)).toEqual([]);
});

it('returns: -5 beside fail rc 0 checks clean, and the boot halts', () => {
  const text = plan(-5, 0);
  expect(checkText(text).errors).toEqual([]);
  expect(soundnessProblem(text)).toBeNull();
});

it('failReturn: an integer rc as it is, anything else -1', () => {
  expect([failReturn(-12), failReturn(0), failReturn(3), failReturn(undefined), failReturn(1.5), failReturn('-2')]).toEqual([-12, 0, 3, -1, -1, -1]);
});
