/**
 * FIXED: witnesses of errors hidden behind another error of the same entry.
 *
 * Found by the whole-language differential test (1,000 plans, seed 424242: the three witnesses
 * left that did not replay once the after-self, multi-effect, alloc and returns classes were
 * fixed), shrunk.
 *
 * BUG (runtime, keepGoing): replayWitness keeps going past other failures, but only from one
 * entry to the next. Inside an entry the first error still ended it: an fstab row behind a failing
 * row was never tried (mount-point-missing expected -2, the entry returned -19 first); the effects
 * of an entry whose own `alloc` got ENOMEM never ran (mount-source-missing expected a fault that
 * never came); a constructor that provides `alloc` and takes heap faulted on its first declared
 * use and left `alloc` out of the fault. Now keepGoing runs the rest of the entry past an error and
 * records every error (`outcome.errors`), the entry still returning the first one, and a fault
 * lists the heap whenever the entry takes some without it.
 */
import { expect, it } from 'vitest';
import { replayWitness, run } from '../../../runtime/index.js';
import { checkText, HOST } from '../harness.js';

const HEAD = `bootplan: 1
name: generated
profile: unikraft@0.17
target: qemu/x86_64
devices:
  - { kind: virtio-9p, tag: fs0, hostdir: guest_fs }
`;

function replays(text: string, code: string): boolean {
  const { compiled, errors } = checkText(text);
  const d = errors.find((e) => e.code === code);
  expect(d?.witness, `${code} among ${errors.map((e) => e.code).join(', ')}`).toBeDefined();
  return replayWitness(compiled, d!.witness!, { host: HOST }).matched;
}

it('a bad fstab row behind a failing row: both witnesses replay', () => {
  const text = `${HEAD}mounts:
  - { dev: none, at: /, fs: ramfs }
  - { dev: fs5, at: /data, fs: 9pfs, opts: mkmp }
  - { dev: none, at: /tmp, fs: ramfs }
libraries:
  ukbus:
    initcalls:
      - { fn: bus_init, level: plat, prio: 0, effects: [{ probe-buses: {} }] }
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }
  app:
    main: {}
`;
  expect(replays(text, 'mount-source-missing')).toBe(true);
  expect(replays(text, 'mount-point-missing')).toBe(true);
  // A plain run stops at the first failure, as the real boot does; keepGoing goes on to the next row.
  const { compiled } = checkText(text);
  expect(run(compiled, { host: HOST }).outcome.fault).toMatchObject({ id: 'vfscore.vfscore_automount', capability: 'dev:fs5' });
  expect(run(compiled, { host: HOST, keepGoing: true }).outcome.errors?.map((e) => e.rc)).toEqual([-19, -2]);
});

it('a mount effect behind an entry\'s own ENOMEM: its witness replays', () => {
  const text = `${HEAD}memory: 256Ki
libraries:
  ukbus:
    initcalls:
      - { fn: bus_init, level: plat, prio: 0, effects: [{ probe-buses: {} }] }
  rnd:
    initcalls:
      - { fn: mount_net, level: rootfs, prio: 4, alloc: 1Mi, effects: [{ mount: { dev: net0, at: /, fs: 9pfs } }] }
  app:
    main: {}
`;
  expect(replays(text, 'out-of-memory')).toBe(true);
  expect(replays(text, 'mount-source-missing')).toBe(true);
});

it('a constructor that provides alloc and takes heap: the fault lists alloc beside its other use', () => {
  const text = `${HEAD}libraries:
  rnd:
    ctors:
      - { fn: ctor0, prio: 4, uses: [cap7], provides: [alloc], alloc: 7 }
  app:
    main: {}
`;
  expect(replays(text, 'pre-init-use')).toBe(true);
});
