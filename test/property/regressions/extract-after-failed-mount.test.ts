/**
 * FIXED: extract-initrd asked the mount table, not its contract, which mount it writes into.
 *
 * Found by the whole-language differential test (whole-language.ts, extension extract-into), shrunk.
 *
 * BUG (runtime/effects/extract-initrd.ts): the effect used `mount:<the mount holding the target
 * now>`. Its contract (compiler/effects.ts) names the mount the plan declares there. When that
 * mount had failed — here /tmp is not in the share, no mkmp — a witness replay (which keeps
 * going past failures) reached the extraction, the mount table said `/`, and the machine threw
 * a ContractBreach: the CLI's internal error (exit 3). Now the effect uses what its contract lists.
 */
import { expect, it } from 'vitest';
import { completenessProblems } from '../harness.js';

const PLAN = `bootplan: 1
name: generated
profile: unikraft@0.17
target: qemu/x86_64
initrd: initrd.cpio
mounts:
  - { dev: none, at: /, fs: ramfs }
  - { dev: none, at: /mnt, fs: ramfs }
libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }
  unpack:
    initcalls:
      - { fn: unpack, level: rootfs, prio: 9, effects: [{ extract-initrd: { to: /mnt } }] }
  early:
    initcalls:
      - { fn: user, level: rootfs, prio: 0, uses: ['mount:/'] }
`;

it('a replay past a failed mount reaches the extraction without an internal error', () => {
  // Before: replayWitness threw ContractBreach ("extract-initrd ... tried to use mount:/").
  expect(() => completenessProblems(PLAN)).not.toThrow();
});
