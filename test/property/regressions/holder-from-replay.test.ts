/**
 * FIXED: on profiles whose mounts do not stack, mount-point-missing finds what holds a row's
 * parent directory in the replay of the default order too (issue 8).
 *
 * BUG: for vfscore and Zephyr the rule took the holder of a row's parent from the plan's
 * declarations: the first fstab row at that point, even a later one. An entry mounts a ramfs at /
 * before the fstab; the fstab's first row mounts /tmp without mkmp and its second unpacks the
 * initrd at /. The rule read "/ is an extraction" from the second row, did not report the first,
 * and the plan's one error was mount-point-busy for the second, whose witness, replayed without
 * going on past failures, stopped at the first row's -ENOENT instead. Found by the differential,
 * seed 3333331 at 10,000 plans (seeds 5555557 and 1010101 had the same class). The rule now reads
 * the replay for every profile where it has the host, as it already did where mounts stack.
 */
import { describe, expect, it } from 'vitest';
import { replayWitness, run } from '../../../runtime/index.js';
import { memoryHost } from '../../../runtime/vfs/host.js';
import { writeCpio } from '../../../runtime/vfs/cpio.js';
import { checkText } from '../harness.js';
import { differential } from '../whole-language.js';

const hostFiles = { '/plan/initrd.cpio': writeCpio([{ name: 'etc', type: 'dir' }]) };
const host = memoryHost(hostFiles);
const text = `bootplan: 1
name: generated
profile: unikraft@0.17
target: qemu/x86_64
initrd: initrd.cpio
cmdline: 'vfs.fstab=["none:/tmp:ramfs" "initrd0:/:extract"] --'
libraries:
  multi:
    initcalls:
      - { fn: mount_all, level: rootfs, prio: 3, effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }
  app:
    main: {}
`;

describe('the holder of a row’s parent, on a profile that refuses a second mount', () => {
  it('is the ramfs mounted before the fstab, not the fstab’s own later row: /tmp is missing, and that is the first failure', () => {
    const { compiled, errors } = checkText(text, host);
    expect(errors.map((d) => d.code).sort()).toEqual(['mount-point-busy', 'mount-point-missing']);
    const missing = errors.find((d) => d.code === 'mount-point-missing')!;
    expect(missing.message).toBe('`vfscore.vfscore_automount` mounts ramfs at /tmp from the fstab, but /tmp cannot exist: / is a fresh ramfs and the entry has no mkmp');
    expect(run(compiled, { host }).outcome).toMatchObject({ target: 'CRASH', failed: { id: 'vfscore.vfscore_automount', rc: -2 } });
    expect(replayWitness(compiled, missing.witness!, { host })).toMatchObject({ matched: true, first: true });
    expect(differential({ text, files: {}, profile: 'unikraft@0.17', hostFiles }, [1, 2, 3])).toEqual([]);
  });
});
