/**
 * FIXED: a failed fstab whose rollback meets a mount another entry made beneath it (issue 8).
 *
 * BUG: vfscore_automount mounted /tmp over a folder that already held the mount /tmp/data (made
 * by an earlier entry), then failed on its next row; its rollback unmounted /tmp, the VFS refused
 * it (EBUSY: /tmp/data beneath), and the error escaped the machine and the checker's replay alike:
 * an internal error of `run`, and a race witness that could not be replayed. Real vfscore's
 * rollback (err_umount → vfscore_autoumount) logs "Failed to unmount" and goes on; both sides now
 * roll back through one function that does the same (compiler/effects.ts rollbackMounts).
 * Found by the differential, seed 1618033 at 10,000 plans.
 */
import { describe, expect, it } from 'vitest';
import { replayWitness, run } from '../../../runtime/index.js';
import { checkText, HOST } from '../harness.js';
import { differential } from '../whole-language.js';

const text = `bootplan: 1
name: generated
profile: unikraft@0.17
target: qemu/x86_64
mounts:
  - { dev: none, at: /tmp, fs: ramfs }
  - { dev: none, at: /missing, fs: ramfs }
libraries:
  root:
    initcalls:
      - { fn: mount_root, level: rootfs, prio: 1, effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }
      - { fn: mount_data, level: rootfs, prio: 2, effects: [{ mount: { dev: none, at: /tmp/data, fs: ramfs } }] }
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }
`;

describe('a rollback that meets a mount beneath', () => {
  it('the machine says the mount that stays and goes on; the witnesses replay; no internal error', () => {
    const { compiled, errors } = checkText(text);
    // mount_data uses /tmp before vfscore mounts it: a fault, and the witness of mount-before-mounted.
    expect(run(compiled, {}).outcome.fault).toMatchObject({ id: 'root.mount_data', capability: 'mount:/tmp' });
    // Past the fault (witness replay keeps going) /tmp/data is mounted on /, then /tmp over it; the
    // fstab fails at /missing and its rollback cannot take /tmp off. Before: VfsError out of run().
    const r = run(compiled, { keepGoing: true });
    expect(r.outcome.target).toBe('CRASH');
    expect(r.console).toContain('Failed to mount none (ramfs) at /missing: -2');
    expect(r.console).toContain('Failed to unmount /tmp: error -16.');
    expect(errors.map((d) => d.code).sort()).toEqual(['mount-before-mounted', 'mount-point-missing']);
    // Each witness replays to what it claims (with two errors, the other one's failure comes first).
    for (const d of errors) expect(replayWitness(compiled, d.witness!, { host: HOST }).matched).toBe(true);
    expect(differential({ text, files: {}, profile: 'unikraft@0.17', hostFiles: {} }, [1, 2, 3])).toEqual([]);
  });
});
