/**
 * FIXED: the checker's filesystem replay goes past a failed fstab row as a replay of a witness
 * does (issue 8).
 *
 * BUG: compiler/check/fs-replay.ts stopped an fstab at its first failed row, as a real boot does,
 * while a replay that keeps going (how every witness is replayed: runtime/replay.ts) tries the rows
 * after it, so that a bad row behind a bad row shows too. The mount points those later rows make
 * with mkmp stay after the rollback. A Zephyr plan whose fstab fails on its first row (EBUSY: / is
 * mounted already) and makes /tmp on its second was claimed `mount-point-missing` for a later
 * `mkmp: false` mount at /tmp, whose witness then did not replay: past the first error, /tmp is
 * there. The checker's replay now runs the rows and effects after a failure the way the machine's
 * keepGoing does; up to the first failure, what a real boot stops at, the two are the same.
 * Found by the differential, seed 6180339 at 10,000 plans.
 */
import { describe, expect, it } from 'vitest';
import { replayWitness, run } from '../../../runtime/index.js';
import { memoryHost } from '../../../runtime/vfs/host.js';
import { checkText } from '../harness.js';
import { differential } from '../whole-language.js';

const host = memoryHost({});
const text = `bootplan: 1
name: generated
profile: zephyr@3
mounts:
  - { dev: none, at: /, fs: ramfs }
  - { dev: none, at: /tmp, fs: ramfs, opts: mkmp }
libraries:
  app:
    main: {}
  root:
    initcalls:
      - { fn: mount_root, level: POST_KERNEL, prio: 1, effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: APPLICATION, prio: 4, effects: [{ mount: { from: fstab } }] }
  tiedfs:
    initcalls:
      - { fn: mount_here, level: APPLICATION, prio: 7, effects: [{ mount: { dev: none, at: /tmp, fs: devfs, mkmp: false } }] }
  lib0:
    initcalls:
      - { fn: fn0, level: PRE_KERNEL_1, prio: 0, uses: [alloc] }
`;

describe('the rows after a failed fstab row', () => {
  it('make /tmp on the way, so the later mount with mkmp: false finds it: no mount-point-missing', () => {
    const { compiled, errors } = checkText(text, host);
    // The errors are the fstab's second mount of / and the pre-kernel use of the heap.
    expect(errors.map((d) => d.code).sort()).toEqual(['mount-point-busy', 'pre-init-use']);
    expect(errors.find((d) => d.code === 'mount-point-busy')!.subjects).toEqual(['vfscore.vfscore_automount']);
    // Past them, the fstab's second row makes /tmp, and the devfs goes there.
    const past = run(compiled, { host, keepGoing: true });
    expect(past.events).toContainEqual(expect.objectContaining({ ev: 'mount', id: 'tiedfs.mount_here', path: '/tmp', fs: 'devfs' }));
    expect(past.outcome.errors).toEqual([{ id: 'vfscore.vfscore_automount', rc: -16, at: expect.any(Number) }]);
    for (const d of errors.filter((e) => e.witness)) expect(replayWitness(compiled, d.witness!, { host }).matched).toBe(true);
    expect(differential({ text, files: {}, profile: 'zephyr@3', hostFiles: {} }, [1, 2, 3])).toEqual([]);
  });
});
