/**
 * FIXED: one entry with several `mount` effects, the root first.
 *
 * Found by the whole-language differential test (whole-language.ts, extension multi-effect), shrunk.
 *
 * BUG (one state, two models): resolve unioned the effects' contracts, so the second effect's use
 * of `mount:/` (the parent of /dev) became a use of the entry, which also provides `mount:/`: a
 * self-edge that mount-order reported as "mounts something under / before it mounts / itself",
 * while the machine runs effects in order and the first one has mounted / already. Now a use an
 * earlier effect of the same entry provides is internal to the entry; in the other order (the
 * child first) it is still a use, still reported, and the witness replays.
 */
import { expect, it } from 'vitest';
import { checkText, completenessProblems, soundnessProblem } from '../harness.js';

const plan = (first: string, second: string) => `bootplan: 1
name: generated
profile: unikraft@0.17
target: qemu/x86_64
libraries:
  multi:
    initcalls:
      - fn: mount_all
        level: rootfs
        prio: 3
        effects: [${first}, ${second}]
  app:
    main: { uses: ['mount:/dev'] }
`;
const ROOT = '{ mount: { dev: none, at: /, fs: ramfs } }';
const DEV = '{ mount: { dev: none, at: /dev, fs: devfs, mkmp: true } }';

it('mounting / then /dev in one entry checks clean and boots', () => {
  const text = plan(ROOT, DEV);
  expect(checkText(text).errors).toEqual([]);
  expect(soundnessProblem(text)).toBeNull();
});

it('mounting /dev then / in one entry is mount-order, and its witness replays', () => {
  const text = plan(DEV, ROOT);
  expect(checkText(text).errors.map((d) => d.code)).toEqual(['mount-order']);
  expect(completenessProblems(text)).toEqual([]);
});
