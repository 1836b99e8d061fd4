/**
 * FIXED: `after:` (or `before:`) naming the entry itself.
 *
 * Found by the whole-language differential test (whole-language.ts, extension after-self), shrunk.
 *
 * BUG (contradiction): the graph drew an edge from the entry to itself, which the checker read as
 * a race (same key) or, on Linux, a violation; its witness expected the entry to be called before
 * itself, which no boot can show, so the witness never replayed (a third of the 1,000-plan run's
 * witnesses that did not replay). Now a self reference draws no edge and order-on-itself warns.
 */
import { expect, it } from 'vitest';
import { checkText, completenessProblems, soundnessProblem } from '../harness.js';

const plan = (profile: string, level: string, prio: string) => `bootplan: 1
name: generated
profile: ${profile}
${profile.startsWith('unikraft') ? 'target: qemu/x86_64\n' : ''}libraries:
  selfish:
    initcalls:
      - { fn: me, level: ${level}${prio}, after: [selfish.me], before: [selfish.me] }
  app:
    main: {}
`;

it.each([
  ['unikraft@0.17', 'rootfs', ', prio: 4'],
  ['linux@6.1', 'postcore', ''],
  ['zephyr@3', 'APPLICATION', ', prio: 4'],
])('%s: a self reference is a warning, not a race or violation, and the plan boots', (profile, level, prio) => {
  const text = plan(profile, level, prio);
  const { diagnostics, errors } = checkText(text);
  expect(errors).toEqual([]);
  expect(diagnostics.filter((d) => d.code === 'order-on-itself').map((d) => d.message)).toEqual([
    '`selfish.me` names itself in `after`, which orders nothing',
    '`selfish.me` names itself in `before`, which orders nothing',
  ]);
  expect(soundnessProblem(text)).toBeNull();
  expect(completenessProblems(text)).toEqual([]);
});

it('a reference to another entry at the same key is still a race', () => {
  const text = plan('unikraft@0.17', 'rootfs', ', prio: 4').replace('after: [selfish.me], before: [selfish.me] }', 'after: [selfish.other] }\n      - { fn: other, level: rootfs, prio: 4 }');
  expect(checkText(text).errors.map((d) => d.code)).toEqual(['race']);
  expect(completenessProblems(text)).toEqual([]);
});
