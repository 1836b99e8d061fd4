/**
 * FIXED: an unknown filesystem driver in a `vfs.fstab` on the command line.
 *
 * Found by the whole-language differential test (whole-language.ts, extension cmdline-fstab), shrunk.
 *
 * BUG (inputs the machine reads and the checker does not): under `mounts:` the schema refuses a
 * driver it does not list; the same row in `vfs.fstab=[...]` was taken as it stood, the plan
 * checked clean, and vfscore's automount failed with ENODEV at boot. Now the command line's rows
 * are validated like `mounts:` rows: bad-cmdline at the command line, with the nearest driver.
 */
import { expect, it } from 'vitest';
import { compile, loadPlanText } from '../../../compiler/index.js';
import { PLAN_FILE } from '../rich-arbitraries.js';
import { checkText, soundnessProblem } from '../harness.js';

const plan = (fs: string) => `bootplan: 1
name: generated
profile: unikraft@0.17
target: qemu/x86_64
cmdline: 'vfs.fstab=["none:/:ramfs" "none:/tmp:${fs}:::mkmp"] -- /hello.txt'
libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }
  app:
    main: { uses: ['mount:/tmp'] }
`;

it('an unknown driver is bad-cmdline at the command line, with a suggestion', () => {
  const { diagnostics } = compile(loadPlanText(PLAN_FILE, plan('ramfz')));
  const hit = diagnostics.find((d) => d.code === 'bad-cmdline');
  expect(hit?.message).toContain('names the filesystem driver "ramfz", which bootplan does not know; did you mean "ramfs"?');
  expect(hit?.source?.path).toEqual(['cmdline']);
});

it('a known driver checks clean and boots', () => {
  expect(checkText(plan('ramfs')).errors).toEqual([]);
  expect(soundnessProblem(plan('ramfs'))).toBeNull();
});
