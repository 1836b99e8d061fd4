/**
 * FIXED (decided): mkmp creates its mount point on the 9p snapshot in the emulator's memory, as a
 * writable share would; the host folder is never written.
 *
 * Found by soundness.prop.test.ts and completeness.prop.test.ts (rich generator), shrunk.
 *
 * GAP, and a design question for the lead: the root is the 9p share fs0 (guest_fs/, which has no
 * mnt/ folder) and the fstab mounts a ramfs at /mnt with `mkmp`. The machine's 9pfs is a
 * read-only snapshot (DESIGN §6), so creating /mnt fails with -EROFS and vfscore_automount
 * stops the boot. The checker reports nothing. Real 9pfs shares are writable, so on QEMU this
 * boots — it is the emulator's read-only share that fails, and the checker cannot see the host
 * folder. Either the checker says "mkmp under a read-only 9p root" (a warning at least), or the
 * emulated share lets mount points be created. kraftkit's volumes use exactly this pattern
 * (`fs1:/dst:9pfs:::mkmp`, reference §5). The rich generator now makes mkmp mount points the 9p share lacks (/mnt) in correct plans.
 */
import { expect, it } from 'vitest';
import { completenessProblems, soundnessProblem } from '../harness.js';

const PLAN = `bootplan: 1
name: generated
profile: unikraft@0.17
target: qemu/x86_64
cmdline: vfs.fstab=["fs0:/:9pfs" "none:/mnt:ramfs:::mkmp"] -- /hello.txt
devices:
  - { kind: virtio-9p, tag: fs0, hostdir: guest_fs }
libraries:
  ukbus:
    initcalls:
      - { fn: uk_bus_lib_init, level: early, prio: 0, effects: [{ probe-buses: {} }] }
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, term: vfscore_autoumount, effects: [{ mount: { from: fstab } }] }
  app:
    main: {}
`;

it('a mkmp mount point under the read-only 9p root: checker and machine agree', () => {
  // Today: no checker error; declared order: CRASH, "init function vfscore.vfscore_automount returned -30".
  expect(soundnessProblem(PLAN)).toBeNull();
});

it('the entry-fails witness of the same plan with `returns: -1` replays', () => {
  // Today: the witness expects vfscore_automount to return -1; the mount fails first with -30.
  expect(completenessProblems(PLAN.replace('effects: [{ mount: { from: fstab } }] }', 'effects: [{ mount: { from: fstab } }], returns: -1 }'))).toEqual([]);
});
