/**
 * FIXED: a mount under a mount point another effect creates asked the mount table, not its
 * contract, which mount holds its point.
 *
 * Found by the whole-language differential test (extensions mkmp + ninep-from-net), shrunk.
 *
 * BUG (runtime/effects/mount.ts): for the fstab entry at /mnt/deep the contract names the mount
 * above it, `mount:/mnt` (netfs.mount_net's 9p mount). That mount fails (net0 is a network
 * device, not a 9p share); a witness replay keeps going, the mount table then said `/`, and the
 * machine threw a ContractBreach (exit 3). Now the parent is found among the mount points the
 * contract names, so the boot faults on `mount:/mnt` as the checker says.
 */
import { expect, it } from 'vitest';
import { completenessProblems } from '../harness.js';

const PLAN = `bootplan: 1
name: generated
profile: linux@6.1
devices:
  - { kind: virtio-net, tag: net0 }
mounts:
  - { dev: none, at: /mnt/deep, fs: ramfs }
libraries:
  app:
    main: {}
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: postcore, effects: [{ mount: { from: fstab } }] }
  netfs:
    initcalls:
      - { fn: mount_net, level: arch, effects: [{ mount: { dev: net0, at: /mnt, fs: 9pfs, mkmp: true } }] }
`;

it('a replay past a failed parent mount reaches the mount below it without an internal error', () => {
  // Before: ContractBreach ("effect mount of vfscore.vfscore_automount tried to use mount:/").
  expect(() => completenessProblems(PLAN)).not.toThrow();
});
