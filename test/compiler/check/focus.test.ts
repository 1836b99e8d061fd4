/**
 * Carets on the field at fault (compiler/check/focus.ts), as `check` prints them: a finding about
 * an entry points at the use, the `after`/`before` item, `returns` or `fn` it is about, and a note
 * about a provider at its `provides` item.
 */
import { describe, expect, it } from 'vitest';
import { RULES_BY_CODE } from '../../../compiler/check/rules/index.js';
import { checkedFindings } from '../../helpers/checked-plan.js';

const HEAD = 'bootplan: 1\nname: t\nprofile: unikraft@0.17\ntarget: qemu/x86_64\n';

/** Where each finding and its notes point. */
async function places(text: string, code?: string) {
  return (await checkedFindings(text, code ? { code } : {})).map((f) => ({ code: f.code, at: f.at, related: f.related?.map((r) => `${r.at ?? '-'} ${r.message}`) }));
}

describe('focusFields', () => {
  it('a use points at the capability in `uses`, the provider note at it in `provides`, in flow and block style', async () => {
    const plan = `${HEAD}libraries:
  a:
    initcalls:
      - { fn: a_init, level: late, prio: 0, provides: [y, x] }
      - { fn: b_init, level: lib, prio: 0, uses: [y, x] }
      - fn: c_init
        level: lib
        prio: 1
        uses:
          - x
`;
    expect(await places(plan)).toEqual([
      { code: 'use-before-provide', at: '9:51', related: ['8:56 a.a_init (late 0): provided here'] },
      { code: 'use-before-provide', at: '9:54', related: ['8:59 a.a_init (late 0): provided here'] },
      { code: 'use-before-provide', at: '14:13', related: ['8:59 a.a_init (late 0): provided here'] },
    ]);
  });

  it('a use an effect makes points at the effect; a provider without the capability in `provides` keeps its entry', async () => {
    const plan = `${HEAD}libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }
  devfs:
    initcalls:
      - fn: devfs_automount
        level: rootfs
        prio: 2
        effects:
          - { mount: { dev: devfs, at: /dev, fs: devfs } }
`;
    expect(await places(plan)).toEqual([{ code: 'mount-before-mounted', at: '15:13', related: ['8:9 vfscore.vfscore_automount (rootfs 4): provided here'] }]);
  });

  it('a use an effect makes points at that effect, not at an earlier one that does not make it', async () => {
    const plan = `${HEAD}libraries:
  a:
    initcalls:
      - { fn: c_init, level: lib, prio: 1, effects: [{ log: { msg: hi } }, { mount: { dev: devfs, at: /dev, fs: devfs } }] }
      - { fn: d_init, level: lib, prio: 2, effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }
`;
    expect(await places(plan)).toEqual([{ code: 'mount-before-mounted', at: '8:76', related: ['9:9 a.d_init (lib 2): provided here'] }]);
  });

  it('a finding with nothing narrower to point at stays on its entry or step', async () => {
    const example = (code: string) => RULES_BY_CODE.get(code)!.example.failing;
    expect(await places(example('out-of-memory'))).toEqual([{ code: 'out-of-memory', at: '9:9' }]);
    expect(await places(example('exec-missing'))).toEqual([{ code: 'exec-missing', at: '33:7' }]);
    expect(await places(example('await-ambiguous'))).toEqual([
      { code: 'await-ambiguous', at: '22:7' },
      { code: 'race', at: '22:7', related: ['25:35 a.prepare (a, step 1): provided here'] },
    ]);
  });

  it("a term function's use points into the term; the entry whose term withdraws it, at its `provides`", async () => {
    const plan = `${HEAD}libraries:
  posix-fdtab:
    initcalls:
      - { fn: init_posix_fdtab, level: lib, prio: 0, term: { fn: term_posix_fdtab, uses: [x, 'mount:/'] } }
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, term: vfscore_autoumount, provides: [x], effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }
`;
    expect(await places(plan)).toEqual([
      { code: 'term-order', at: '8:91', related: ['11:95 vfscore.vfscore_automount (rootfs 4): its term runs first'] },
      { code: 'term-order', at: '8:94', related: ['11:9 vfscore.vfscore_automount (rootfs 4): its term runs first'] },
    ]);
  });

  it('a requirement named in `after` or `before` points at the item that names the other entry', async () => {
    const plan = `${HEAD}libraries:
  a:
    initcalls:
      - { fn: a_init, level: lib, prio: 3 }
      - { fn: b_init, level: lib, prio: 3, after: [c.c_init, a.a_init] }
      - { fn: d_init, level: lib, prio: 5, before: [c.c_init, a.e_init] }
      - { fn: e_init, level: lib, prio: 5 }
  c:
    initcalls:
      - { fn: c_init, level: early }
`;
    expect(await places(plan, 'race')).toEqual([
      { code: 'race', at: '9:62', related: ['8:9 a.a_init (lib 3): the other entry'] },
      { code: 'race', at: '10:63', related: ['11:9 a.e_init (lib 5): the other entry'] },
    ]);
  });

  it("a cycle points at the use its first step names, and each step's note at that step's use", async () => {
    const plan = `${HEAD}libraries:
  a:
    initcalls:
      - { fn: a_init, level: lib, prio: 1, uses: [b-ready], provides: [a-ready] }
  b:
    initcalls:
      - { fn: b_init, level: lib, prio: 2, uses: [a-ready], provides: [b-ready] }
`;
    expect(await places(plan)).toEqual([
      { code: 'cycle', at: '11:51', related: ['11:51 b.b_init uses a-ready (from a.a_init)', '8:51 a.a_init uses b-ready (from b.b_init)'] },
      { code: 'use-before-provide', at: '8:51', related: ['11:72 b.b_init (lib 2): provided here'] },
    ]);
  });

  it('a cycle step that is an `after` points at the item naming the entry before it; a `before` step stays on its entry', async () => {
    const lib = (lines: string) => `${HEAD}libraries:\n  a:\n    initcalls:\n${lines}`;
    const viaAfter = lib(`      - { fn: a_init, level: lib, prio: 1, uses: [y] }
      - { fn: b_init, level: lib, prio: 2, after: [a.a_init], provides: [y] }
`);
    expect(await places(viaAfter, 'cycle')).toEqual([
      { code: 'cycle', at: '9:52', related: ['9:52 a.b_init after (from a.a_init)', '8:51 a.a_init uses y (from a.b_init)'] },
    ]);
    const viaBefore = lib(`      - { fn: a_init, level: lib, prio: 1, uses: [y], before: [a.b_init] }
      - { fn: b_init, level: lib, prio: 2, provides: [y] }
`);
    expect(await places(viaBefore, 'cycle')).toEqual([
      { code: 'cycle', at: '9:9', related: ['9:9 a.b_init before (from a.a_init)', '8:51 a.a_init uses y (from a.b_init)'] },
    ]);
    const laterAfter = lib(`      - { fn: a_init, level: lib, prio: 1, after: [a.b_init], provides: [x] }
      - { fn: b_init, level: lib, prio: 2, uses: [x] }
`);
    expect(await places(laterAfter, 'cycle')).toEqual([
      { code: 'cycle', at: '9:51', related: ['9:51 a.b_init uses x (from a.a_init)', '8:52 a.a_init after (from a.b_init)'] },
    ]);
  });

  it('a failing entry points at its `returns`, a second registration at its `fn`', async () => {
    const plan = `${HEAD}libraries:
  a:
    initcalls:
      - { fn: a_init, level: lib, prio: 1 }
      - { fn: a_init, level: lib, prio: 2, returns: -1 }
`;
    expect(await places(plan)).toEqual([
      { code: 'duplicate-registration', at: '9:15', related: ['8:9 first registered here'] },
      { code: 'entry-fails', at: '9:53' },
    ]);
  });
});
