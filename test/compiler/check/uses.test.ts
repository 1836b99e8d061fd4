/** A use that comes too early (compiler/check/uses.ts): which case it is, and how its message reads. */
import { describe, expect, it } from 'vitest';
import { findings } from '../../helpers/findings.js';
import { checkText, witnessProblem } from '../../property/harness.js';

/** The findings with the witness's expectation (its order is checked by replaying it). */
async function replayed(text: string) {
  const { compiled, errors } = checkText(text);
  for (const d of errors) expect(witnessProblem(compiled, d.witness!), d.message).toBeNull();
  return (await findings(text)).map((f) => ({ ...f, witness: f.witness?.expect }));
}

describe('useViolation', () => {
  it('where ties go by link order, a provider at the same level "is linked after" its user', async () => {
    const linux = (lines: string) => `bootplan: 1\nname: t\nprofile: linux@6.1\nlibraries:\n  a:\n    initcalls:\n${lines}`;
    expect(await replayed(linux(`      - { fn: b_init, level: device, uses: [x] }
      - { fn: a_init, level: device, provides: [x] }
`))).toEqual([
      {
        code: 'use-before-provide', severity: 'error', at: '7:9',
        message: '`a.b_init` (device) uses `x`, which `a.a_init` provides but is linked after it: it fails in every boot',
        hint: 'move a.a_init before device, or a.b_init after device',
        related: [{ at: '8:9', message: 'a.a_init (device): provided here' }],
        subjects: ['a.b_init', 'a.a_init'],
        witness: { kind: 'fault', entry: 'a.b_init', capability: 'x' },
      },
    ]);
    expect(await replayed(linux(`      - { fn: c_init, level: fs, uses: [y] }
      - { fn: d_init, level: device, provides: [y] }
`))).toEqual([
      {
        code: 'use-before-provide', severity: 'error', at: '7:9',
        message: '`a.c_init` (fs) uses `y`, which `a.d_init` provides but runs only later (device): it fails in every boot',
        hint: 'move a.d_init before fs, or a.c_init after device',
        related: [{ at: '8:9', message: 'a.d_init (device): provided here' }],
        subjects: ['a.c_init', 'a.d_init'],
        witness: { kind: 'fault', entry: 'a.c_init', capability: 'y' },
      },
    ]);
  });
});

describe('classify', () => {
  it("a pre-init use only in the profile's pre-init levels; a core step provider gets no note", async () => {
    expect(await replayed(`bootplan: 1
name: t
profile: zephyr@3
libraries:
  a:
    initcalls:
      - { fn: a_init, level: PRE_KERNEL_2, prio: 1, uses: [kernel] }
      - { fn: b_init, level: POST_KERNEL, prio: 1, uses: [kernel] }
`)).toEqual([
      {
        code: 'pre-init-use', severity: 'error', at: '7:9',
        message: 'PRE_KERNEL_2 entry `a.a_init` uses `kernel`, which exists only after "kernel started: multithreading, the main thread, the heap" (a core step after all pre-kernel levels): it fails in every boot',
        hint: 'PRE_KERNEL levels run before the kernel exists (no threads, no heap, no timeouts); move it to POST_KERNEL or later',
        related: [],
        subjects: ['a.a_init', 'core.kernel'],
        witness: { kind: 'fault', entry: 'a.a_init', capability: 'kernel' },
      },
    ]);
  });
});
