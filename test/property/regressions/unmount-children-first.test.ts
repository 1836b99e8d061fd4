/**
 * FIXED: a failed fstab unmounting a mount point before the one beneath it.
 *
 * Found by whole-language.prop.test.ts (extensions double-mount and mkmp) while mutation testing,
 * shrunk.
 *
 * BUG (runtime/effects/mount.ts): when an fstab row fails, automount unmounts what it mounted, in
 * reverse order. In a replay that keeps going, a later row may mount over a parent of an earlier
 * one (/mnt after /mnt/deep), so the reverse order unmounted /mnt while /mnt/deep was still
 * beneath it: the VFS's EBUSY escaped as an internal error. Now the mounts beneath go first.
 */
import { expect, it } from 'vitest';
import { run } from '../../../runtime/index.js';
import { checkText, HOST } from '../harness.js';

const PLAN = `bootplan: 1
name: generated
profile: unikraft@0.17
target: qemu/x86_64
mounts:
  - { dev: none, at: /, fs: ramfs }
  - { dev: none, at: /mnt/deep, fs: ramfs, opts: mkmp }
  - { dev: none, at: /mnt, fs: ramfs, opts: mkmp }
  - { dev: none, at: /tmp, fs: ramfs }
libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }
  app:
    main: {}
`;

it('a replay that keeps going past the mount-order fault unmounts /mnt/deep before /mnt: no internal error', () => {
  const { compiled, errors } = checkText(PLAN);
  expect(errors.map((d) => d.code)).toContain('mount-point-missing');
  // A plain run faults at the mount-order problem (/mnt/deep needs /mnt, a later row)...
  expect(run(compiled, { host: HOST }).outcome.fault).toMatchObject({ id: 'vfscore.vfscore_automount', capability: 'mount:/mnt' });
  // ...and one that keeps going mounts /mnt over it, fails at /tmp and unmounts (before: EBUSY thrown).
  const { outcome } = run(compiled, { host: HOST, keepGoing: true });
  expect(outcome.target).toBe('CRASH');
  expect(outcome.errors, JSON.stringify(outcome)).toContainEqual(expect.objectContaining({ id: 'vfscore.vfscore_automount', rc: -2 }));
});
