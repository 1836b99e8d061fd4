/**
 * FIXED: mount-point-busy reads the replay of the default order, not the declarations (issue 8).
 *
 * BUG: the rule compared every mount of the plan with the first one of the same point, in
 * declaration order, as though every mount before it had worked. An fstab whose row at /mnt fails
 * (the fresh ramfs at / has no /mnt, and the row has no mkmp) mounts nothing there, so a later row
 * at /mnt is not refused with EBUSY; and a mount effect that fails takes off what it mounted, so a
 * later entry may mount its points again. The rule claimed EBUSY in both cases, without a witness
 * (the differential, seed 7654321, found 328 such plans in 10,000 once the claims carried one). It
 * now reports the mounts the replay of the default order on the machine's VFS refuses, each with
 * that order as its witness; without a host it compares the declarations, in the default order.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../compiler/index.js';
import { replayWitness } from '../../../runtime/index.js';
import { memoryHost } from '../../../runtime/vfs/host.js';
import { checkText } from '../harness.js';
import { differential } from '../whole-language.js';

const host = memoryHost({});
const plan = (rows: string, more = '') => `bootplan: 1
name: generated
profile: unikraft@0.17
target: qemu/x86_64
mounts:
${rows}
libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }
${more}  app:
    main: {}
`;

describe('mount-point-busy on the replay', () => {
  it('a row after a failed row at the same point is not refused, and the mount after a failed fstab is not either', () => {
    const text = plan(`  - { dev: none, at: /, fs: ramfs }
  - { dev: none, at: /mnt, fs: ramfs }
  - { dev: none, at: /mnt, fs: ramfs, opts: mkmp }`, `  later:
    initcalls:
      - { fn: mount_mnt, level: rootfs, prio: 6, effects: [{ mount: { dev: none, at: /mnt, fs: ramfs } }] }
`);
    const { compiled, errors } = checkText(text, host);
    expect(errors.map((d) => d.code)).toEqual(['mount-point-missing']);
    for (const d of errors) expect(replayWitness(compiled, d.witness!, { host }).matched).toBe(true);
    expect(differential({ text, files: {}, profile: 'unikraft@0.17', hostFiles: {} }, [1, 2, 3])).toEqual([]);
    // Without the host, the declarations are compared: the second and third mounts of /mnt.
    expect(check(compiled).filter((d) => d.code === 'mount-point-busy').map((d) => d.witness)).toEqual([undefined, undefined]);
  });

  it('the second of two mounts that both work is refused, in the order they run, with a witness that replays', () => {
    const text = plan('  - { dev: none, at: /, fs: ramfs }', `  second:
    initcalls:
      - { fn: mount_b, level: rootfs, prio: 6, effects: [{ mount: { dev: none, at: /tmp, fs: ramfs } }] }
  first:
    initcalls:
      - { fn: mount_a, level: rootfs, prio: 5, effects: [{ mount: { dev: none, at: /tmp, fs: ramfs } }] }
`);
    const { compiled, errors } = checkText(text, host);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'mount-point-busy', subjects: ['second.mount_b'], witness: { expect: { kind: 'return', entry: 'second.mount_b', rc: -16 } } });
    expect(errors[0]!.message).toBe('`second.mount_b` mounts ramfs at /tmp, which `first.mount_a` also mounts: the second mount fails with EBUSY');
    expect(replayWitness(compiled, errors[0]!.witness!, { host })).toMatchObject({ matched: true, first: true });
  });
});
