/**
 * FIXED: a bus probe that writes `provides: ['dev:fs0']` instead of the probe-buses effect.
 *
 * Found by the whole-language differential test (whole-language.ts, extension hand-dev), shrunk.
 *
 * BUG (checker and machine disagreed): the hand-written `dev:fs0` satisfied the checker's graph,
 * so the plan checked clean, but only the probe-buses effect attaches a device on the machine:
 * the 9pfs mount found none attached (ENODEV), vfscore_automount returned an error and the boot
 * crashed in every link order. Decision: capabilities that stand for machine state an effect
 * creates (`dev:<tag>`, `initrd:<dir>`) cannot be provided by hand; the rule state-by-hand says
 * so and names the effect to use.
 */
import { expect, it } from 'vitest';
import { checkText, soundnessProblem } from '../harness.js';

const PLAN = `bootplan: 1
name: generated
profile: unikraft@0.17
target: qemu/x86_64
cmdline: 'vfs.fstab=["fs0:/:9pfs"] -- /hello.txt'
devices:
  - { kind: virtio-9p, tag: fs0, hostdir: guest_fs }
libraries:
  ukbus:
    initcalls:
      - { fn: uk_bus_lib_init, level: plat, prio: 0, provides: ['dev:fs0', devices] }
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }
  app:
    main: { uses: ['mount:/'] }
`;

it('a device provided by hand is an error naming probe-buses; the checker agrees with the machine', () => {
  // Before: no checker error; declared order: CRASH, vfscore.vfscore_automount returned -19 (ENODEV).
  expect(soundnessProblem(PLAN)).toBeNull();
  const errors = checkText(PLAN).errors;
  expect(errors.map((d) => d.code)).toEqual(['state-by-hand']);
  expect(errors[0]!.message).toContain('probe-buses');
  expect(errors[0]!.subjects).toEqual(['ukbus.uk_bus_lib_init']);
  // The fixed plan (the effect instead of the hand-written capability) checks clean and boots.
  const fixed = PLAN.replace("provides: ['dev:fs0', devices]", 'effects: [{ probe-buses: {} }]');
  expect(checkText(fixed).errors).toEqual([]);
  expect(soundnessProblem(fixed)).toBeNull();
});
