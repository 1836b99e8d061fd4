/**
 * FIXED: the mount-point-missing rule reports an fstab mount under a fresh ramfs or devfs without mkmp.
 *
 * Found by soundness.prop.test.ts (rich generator), shrunk.
 *
 * GAP (compiler/check): an fstab mounts a ramfs at / and then devfs at /dev without the `mkmp`
 * ukopt. A fresh ramfs is empty, so /dev does not exist; vfscore_automount fails with -ENOENT and
 * the boot stops (CRASH) — as the reference says (§5: `mkmp` creates the mount point; any mount
 * error unmounts everything and returns rc < 0, which stops the boot). The machine is right. The
 * checker reports nothing, though everything it needs is in the plan: the root is an empty ramfs
 * and the mount point is not created. (Since fc05125 a single `mount` effect creates its mount
 * point; fstab entries still need mkmp.) The rich generator now makes this as bug kind mount-point-missing.
 */
import { expect, it } from 'vitest';
import { soundnessProblem } from '../harness.js';

const PLAN = `bootplan: 1
name: generated
profile: unikraft@0.17
target: qemu/x86_64
cmdline: vfs.fstab=["none:/:ramfs" "none:/dev:devfs"] -- /hello.txt
libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, term: vfscore_autoumount, effects: [{ mount: { from: fstab } }] }
  app:
    main: {}
`;

it('a mount point missing from an empty ramfs root is reported before the boot fails on it', () => {
  // Today: no checker error; declared order: CRASH, "init function vfscore.vfscore_automount returned -2".
  expect(soundnessProblem(PLAN)).toBeNull();
});
