/**
 * FIXED: a damaged initrd's second extraction was blamed for the rows the first one went on past.
 *
 * Found by the whole-language differential test (whole-language.ts, extensions initrd-contents
 * and tied-fs; seed 1202026 of 10,000 cases), shrunk.
 *
 * BUG (compiler/check/fs-replay.ts): the replay kept the error of reading the archive as one
 * object and threw it at every extraction. The fstab's extraction row threw it first, and the
 * rows tried past it were appended to it; a later `extract-initrd` threw the same object again,
 * so its record carried the fstab's /dev row: mount-point-missing said the later entry mounts
 * ramfs at /dev, and its witness could not replay (the machine shows -22 there, not -2). Each
 * extraction now fails with an error of its own.
 */
import { expect, it } from 'vitest';
import { checkText } from '../harness.js';
import { differential, hostFor } from '../whole-language.js';

const PLAN = `bootplan: 1
name: generated
profile: linux@6.1
initrd: damaged.cpio
mounts:
  - { dev: initrd0, at: /, fs: extract }
  - { dev: none, at: /dev, fs: ramfs }
libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: postcore, effects: [{ mount: { from: fstab } }] }
  tiedfs:
    initcalls:
      - { fn: unpack_here, level: postcore, effects: [{ extract-initrd: { to: / } }] }
`;
const hostFiles = { '/plan/damaged.cpio': 'not a cpio archive' };

it('reports the /dev row against the fstab entry only, and every witness replays', () => {
  const { errors } = checkText(PLAN, hostFor(hostFiles));
  expect(errors.map((d) => [d.code, d.subjects]).sort()).toEqual([
    ['initrd-unusable', ['vfscore.vfscore_automount']],
    ['mount-point-missing', ['vfscore.vfscore_automount']],
  ]);
  expect(differential({ text: PLAN, files: {}, profile: 'linux@6.1', hostFiles }, [1, 2, 3])).toEqual([]);
});
