/**
 * FIXED: `provides: ['mount:<dir>']` written by hand.
 *
 * Found by the whole-language differential test (whole-language.ts, extension hand-mount), shrunk.
 *
 * BUG (capabilities that stand for machine state): a hand-written `mount:/tmp` satisfied the
 * checker's graph, but only a `mount` effect mounts a filesystem, so the machine had nothing at
 * /tmp. state-by-hand now covers the `mount:` family too and names the effect to write; the
 * importer, which used to write `mount:<dir>` by hand for a direct `mount()` call in C, now writes
 * the `mount` effect when the call names a driver bootplan knows (test/import/infer).
 */
import { expect, it } from 'vitest';
import { checkText, soundnessProblem } from '../harness.js';

const plan = (fsInit: string) => `bootplan: 1
name: generated
profile: unikraft@0.17
target: qemu/x86_64
libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 1, effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }
  handfs:
    initcalls:
      - { fn: fs_init, level: rootfs, prio: 2, ${fsInit} }
  app:
    main: { uses: ['mount:/tmp'] }
`;

it('mount:/tmp by hand is state-by-hand, and the message names the mount effect', () => {
  const { errors } = checkText(plan("provides: ['mount:/tmp']"));
  expect(errors.map((d) => d.code)).toEqual(['state-by-hand']);
  expect(errors[0]!.message).toContain('a mounted filesystem exists only when the `mount` effect creates it');
  expect(errors[0]!.hint).toContain('mount: { dev: none, at: /tmp, fs: ramfs }');
});

it('the mount effect instead checks clean and boots', () => {
  const text = plan('effects: [{ mount: { dev: none, at: /tmp, fs: ramfs } }]');
  expect(checkText(text).errors).toEqual([]);
  expect(soundnessProblem(text)).toBeNull();
});
