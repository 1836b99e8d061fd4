/**
 * pre-init-use: a Unikraft constructor or a Zephyr pre-kernel entry that uses what a later core
 * step brings (the heap, the scheduler, ...), with the profile's advice; the other early uses are
 * use-before-provide. Every witness replays.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findings } from '../../../helpers/findings.js';
import { checkText, HEAD } from '../../../helpers/plans.js';
import { witnessProblem } from '../../../property/harness.js';

const ZEPHYR = 'bootplan: 1\nname: t\nprofile: zephyr@3\n';

async function preInit(text: string) {
  const found = await findings(text, { code: 'pre-init-use' });
  const { compiled, diagnostics } = await checkText(text);
  for (const d of diagnostics.filter((x) => x.code === 'pre-init-use')) expect(witnessProblem(compiled!, d.witness!)).toBeNull();
  return found;
}

describe('pre-init-use', () => {
  it('names a constructor that uses the scheduler, and the core step after all constructors', async () => {
    const text = `${HEAD}libraries:\n  musl:\n    ctors:\n      - { fn: musl_init_tls, prio: 0, uses: [sched] }\n`;
    expect(await preInit(text)).toEqual([{
      code: 'pre-init-use',
      severity: 'error',
      at: '8:9',
      message: 'constructor `musl.musl_init_tls` uses `sched`, which exists only after "Initialize scheduling" (a core step after all constructors): it fails in every boot',
      hint: 'constructors run before the heap, TLS, IRQs, time, the scheduler and library parameters exist; move it to an initcall (any level)',
      related: [],
      subjects: ['musl.musl_init_tls', 'core.sched'],
      witness: {
        order: ['core.multiboot_entry', 'core.ukplat_entry', 'musl.musl_init_tls', 'core.libparam', 'core.alloc', 'core.tls', 'core.irq', 'core.time', 'core.sched', 'core.banner'],
        expect: { kind: 'fault', entry: 'musl.musl_init_tls', capability: 'sched' },
      },
    }]);
  });

  it('names a Zephyr pre-kernel entry by its level', async () => {
    const text = `${ZEPHYR}libraries:\n  drv:\n    initcalls:\n      - { fn: drv_init, level: PRE_KERNEL_1, prio: 10, uses: [alloc] }\n`;
    expect(await preInit(text)).toEqual([{
      code: 'pre-init-use',
      severity: 'error',
      at: '7:9',
      message: 'PRE_KERNEL_1 entry `drv.drv_init` uses `alloc`, which exists only after "kernel started: multithreading, the main thread, the heap" (a core step after all pre-kernel levels): it fails in every boot',
      hint: 'PRE_KERNEL levels run before the kernel exists (no threads, no heap, no timeouts); move it to POST_KERNEL or later',
      related: [],
      subjects: ['drv.drv_init', 'core.kernel'],
      witness: { order: ['core.boot', 'core.z_cstart', 'core.z_early_init', 'drv.drv_init', 'core.kernel'], expect: { kind: 'fault', entry: 'drv.drv_init', capability: 'alloc' } },
    }]);
  });

  it('names an entry that provides the capability later by its place, not as a core step; a use outside the pre-kernel levels is use-before-provide', async () => {
    // A profile of one's own: Zephyr's, whose kernel step does not bring `time` (an entry does).
    const files = { '/virtual/my-os.yaml': readFileSync('specs/profiles/zephyr@3.yaml', 'utf8').replace('name: zephyr\n', 'name: myos\n').replace('provides: [kernel, sched, alloc, time]', 'provides: [kernel, sched, alloc]') };
    expect(files['/virtual/my-os.yaml']).toContain('provides: [kernel, sched, alloc]');
    const text = 'bootplan: 1\nname: t\nprofile: ./my-os.yaml\nlibraries:\n  a:\n    initcalls:\n      - { fn: early_user, level: PRE_KERNEL_1, prio: 1, uses: [time] }\n      - { fn: user, level: POST_KERNEL, prio: 1, uses: [time] }\n      - { fn: clock, level: APPLICATION, prio: 1, provides: [time] }\n';
    expect((await findings(text, { files })).map((f) => [f.code, f.message])).toEqual([
      ['pre-init-use', 'PRE_KERNEL_1 entry `a.early_user` uses `time`, which exists only after `a.clock` (APPLICATION 1): it fails in every boot'],
      ['use-before-provide', '`a.user` (POST_KERNEL 1) uses `time`, which `a.clock` provides but runs only later (APPLICATION 1): it fails in every boot'],
    ]);
    const { compiled, diagnostics } = await checkText(text, files);
    expect(witnessProblem(compiled!, diagnostics[0]!.witness!)).toBeNull();
  });

  it('leaves a constructor that uses what a later entry provides to use-before-provide', async () => {
    const text = `${HEAD}libraries:\n  a:\n    ctors:\n      - { fn: a_ctor, prio: 0, uses: [x] }\n    initcalls:\n      - { fn: a_init, level: lib, provides: [x] }\n`;
    expect((await findings(text)).map((f) => f.code)).toEqual(['use-before-provide']);
  });

  it('is quiet for the same uses after the kernel exists', async () => {
    expect(await preInit(`${ZEPHYR}libraries:\n  drv:\n    initcalls:\n      - { fn: drv_init, level: POST_KERNEL, prio: 10, uses: [alloc] }\n`)).toEqual([]);
    expect(await preInit(`${HEAD}libraries:\n  musl:\n    initcalls:\n      - { fn: musl_init_tls, level: early, prio: 0, uses: [sched] }\n`)).toEqual([]);
  });
});
