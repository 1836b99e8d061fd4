/**
 * FIXED: two mounts of one mount point.
 *
 * Found by the whole-language differential test (whole-language.ts, extension double-mount), shrunk.
 *
 * BUG (one state, two models): the checker said nothing; on the machine the second mount of /tmp
 * looked up "the mount above /tmp" as /tmp itself and used `mount:/tmp`, outside the mount
 * effect's contract: a ContractBreach, the CLI's internal error (exit 3). Now the machine takes
 * the mount holding the parent directory (as the contract does) and refuses the second mount
 * with EBUSY, as vfscore does, and the checker reports mount-point-busy.
 */
import { expect, it } from 'vitest';
import { run } from '../../../runtime/index.js';
import { checkText, HOST, soundnessProblem } from '../harness.js';

const PLAN = `bootplan: 1
name: generated
profile: unikraft@0.17
target: qemu/x86_64
mounts:
  - { dev: none, at: /, fs: ramfs }
libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }
  twice:
    initcalls:
      - { fn: mount_a, level: rootfs, prio: 5, effects: [{ mount: { dev: none, at: /tmp, fs: ramfs } }] }
      - { fn: mount_b, level: rootfs, prio: 6, effects: [{ mount: { dev: none, at: /tmp, fs: ramfs } }] }
  app:
    main: { uses: ['mount:/tmp'] }
`;

it('the second mount of a point is EBUSY on the machine and mount-point-busy in the checker', () => {
  const { compiled, errors } = checkText(PLAN);
  expect(errors.map((d) => d.code)).toEqual(['mount-point-busy']);
  expect(errors[0]!.subjects).toEqual(['twice.mount_b']);
  // Before: run threw ContractBreach (mount "tried to use mount:/tmp").
  const { outcome } = run(compiled, { host: HOST });
  expect(outcome).toMatchObject({ target: 'CRASH', failed: { id: 'twice.mount_b' } });
  expect(soundnessProblem(PLAN)).toBeNull();
  const fixed = PLAN.replace('at: /tmp, fs: ramfs } }] }\n  app', 'at: /mnt, fs: ramfs } }] }\n  app');
  expect(checkText(fixed).errors).toEqual([]);
  expect(soundnessProblem(fixed)).toBeNull();
});
