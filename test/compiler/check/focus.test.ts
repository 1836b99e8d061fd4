/**
 * Carets on the field at fault (compiler/check/focus.ts), as `check` prints them: a finding about
 * an entry points at the use, the `after`/`before` item, `returns` or `fn` it is about, and a note
 * about a provider at its `provides` item.
 */
import { describe, expect, it } from 'vitest';
import { focusFields } from '../../../compiler/check/focus.js';
import { RULES_BY_CODE } from '../../../compiler/check/rules/index.js';
import type { Compiled, Diagnostic } from '../../../compiler/types.js';
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

describe('focusFields on findings it is handed', () => {
  const FILE = '/p.yaml';
  const ref = (...path: Array<string | number>) => ({ file: FILE, path });
  type Made = { id: string; source: ReturnType<typeof ref>; term?: { source: ReturnType<typeof ref> }; effects?: Array<{ uses: string[]; provides: string[]; source: ReturnType<typeof ref> }> };
  /** A compiled plan that holds only what the pass reads: each entry's id, source, term and effects. */
  const compiledOf = (entries: Made[]) => ({ entries: entries.map((e) => ({ effects: [], ...e })) }) as unknown as Compiled;
  const finding = (d: Partial<Diagnostic>): Diagnostic => ({ code: 'race', severity: 'error', message: 'm', ...d });
  const A = ref('libraries', 'a', 'initcalls', 0);
  const B = ref('libraries', 'a', 'initcalls', 1);
  const data = { libraries: { a: { initcalls: [
    { fn: 'a_init', uses: ['x'], provides: ['p'], after: ['a.b_init'], returns: -1 },
    { fn: 'b_init', provides: ['x', 'y'], term: { fn: 'b_term', uses: ['w'] } },
  ] } } };
  const entries: Made[] = [
    { id: 'a.a_init', source: A },
    { id: 'a.b_init', source: B, term: { source: ref('libraries', 'a', 'initcalls', 1, 'term') }, effects: [{ uses: ['z'], provides: [], source: ref('libraries', 'a', 'initcalls', 1, 'effects', 0) }] },
  ];
  const focus = (list: Diagnostic[], files: Array<{ file: string; data: unknown }> = [{ file: FILE, data }]) => focusFields(list, compiledOf(entries), files).map((d) => ({ source: d.source?.path.join('.'), related: d.related?.map((r) => r.source?.path.join('.')) }));

  it('without the data of the entry\'s file (none, an empty file, empty entries), the finding and its notes stay on the entry', () => {
    const list = () => [
      finding({ source: A, capability: 'x', subjects: ['a.a_init', 'a.b_init'], related: [{ message: 'provided here', source: B }] }),
      finding({ code: 'entry-fails', source: A, subjects: ['a.a_init'] }),
    ];
    const unchanged = [{ source: 'libraries.a.initcalls.0', related: ['libraries.a.initcalls.1'] }, { source: 'libraries.a.initcalls.0' }];
    expect(focus(list(), [])).toEqual(unchanged);
    expect(focus(list(), [{ file: FILE, data: null }])).toEqual(unchanged);
    expect(focus(list(), [{ file: FILE, data: { libraries: { a: { initcalls: [null, null] } } } }])).toEqual(unchanged);
  });

  it('a finding already placed, or with no source, is left as it is; so are notes that are placed or have no source', () => {
    const placed = finding({ source: A, location: { file: FILE, line: 1, column: 1 }, capability: 'x', subjects: ['a.a_init'] });
    const bare = finding({ capability: 'x', subjects: ['a.a_init'] });
    const notes = finding({ source: A, capability: 'x', subjects: ['a.a_init', 'a.b_init'], related: [{ message: 'no place' }, { message: 'placed', source: B, location: { file: FILE, line: 2, column: 1 } }] });
    expect(focus([placed, bare, notes])).toEqual([
      { source: 'libraries.a.initcalls.0' },
      { source: undefined },
      { source: 'libraries.a.initcalls.0.uses.0', related: [undefined, 'libraries.a.initcalls.1'] },
    ]);
  });

  it('a finding at a list other than `after`/`before` stays there; one at an `after` list with no subjects too', () => {
    expect(focus([
      finding({ source: ref(...A.path, 'provides'), subjects: ['a.a_init', 'p'] }),
      finding({ code: 'order-violated', source: ref(...A.path, 'after') }),
      finding({ code: 'order-violated', source: ref(...A.path, 'after'), subjects: ['a.a_init', 'a.b_init'] }),
    ])).toEqual([{ source: 'libraries.a.initcalls.0.provides' }, { source: 'libraries.a.initcalls.0.after' }, { source: 'libraries.a.initcalls.0.after.0' }]);
  });

  it('a finding about what an entry provides points at it in `provides`; a term\'s finding never at the init function\'s effects', () => {
    expect(focus([
      finding({ source: B, capability: 'y', subjects: ['a.b_init'] }),
      finding({ source: B, capability: 'z', subjects: ['a.b_init'] }),
      finding({ code: 'term-order', source: entries[1]!.term!.source, capability: 'z', subjects: ['a.b_init'] }),
    ])).toEqual([{ source: 'libraries.a.initcalls.1.provides.1' }, { source: 'libraries.a.initcalls.1.effects.0' }, { source: 'libraries.a.initcalls.1.term' }]);
  });

  it('a finding at a copy of an entry\'s source (or of its term\'s) is narrowed as one at the entry\'s own', () => {
    expect(focus([
      finding({ source: ref(...A.path), capability: 'x', subjects: ['a.a_init'] }),
      finding({ source: ref(...B.path, 'term'), capability: 'w', subjects: ['a.b_init'] }),
      finding({ source: ref(...B.path), capability: 'z', subjects: ['a.b_init'] }),
      finding({ source: ref('libraries', 'a', 'initcalls', 2), capability: 'x', subjects: ['a.a_init'] }),
    ])).toEqual([
      { source: 'libraries.a.initcalls.0.uses.0' }, { source: 'libraries.a.initcalls.1.term.uses.0' },
      { source: 'libraries.a.initcalls.1.effects.0' }, { source: 'libraries.a.initcalls.2' },
    ]);
  });

  it('a finding with one subject, another entry, does not point at the `after` naming it; a failing entry without `returns` stays on its entry', () => {
    expect(focus([
      finding({ source: A, subjects: ['a.b_init'] }),
      finding({ code: 'entry-fails', source: B, subjects: ['a.b_init'] }),
      finding({ code: 'entry-fails', source: A, subjects: ['a.a_init'] }),
    ])).toEqual([{ source: 'libraries.a.initcalls.0' }, { source: 'libraries.a.initcalls.1' }, { source: 'libraries.a.initcalls.0.returns' }]);
  });

  it("a cycle's `before` step keeps its note on the entry, even when the cycle's first step is a use of what that entry provides", () => {
    const cycle = finding({
      code: 'cycle', message: 'dependency cycle: a.a_init → (uses x) a.b_init → (before) a.a_init', source: A, subjects: ['a.a_init', 'a.b_init'],
      related: [{ message: 'a.b_init before (from a.a_init)', source: B }, { message: 'a.a_init uses x (from a.b_init)', source: A }],
    });
    expect(focus([cycle])).toEqual([{ source: 'libraries.a.initcalls.0.uses.0', related: ['libraries.a.initcalls.1', 'libraries.a.initcalls.0.uses.0'] }]);
  });

  it('a note at a place that is not an entry stays there, even where its path joined without separators would read as an entry\'s', () => {
    const joined = { ab: { fn: 'ab_init' }, a: { b: { provides: ['x'] } } };
    const d = finding({ source: ref('ab'), capability: 'x', subjects: ['ab'], related: [{ message: 'provided here', source: ref('a', 'b') }] });
    expect(focusFields([d], compiledOf([{ id: 'ab', source: ref('ab') }]), [{ file: FILE, data: joined }]).map((f) => f.related?.[0]?.source?.path)).toEqual([['a', 'b']]);
    // The same where some entry's path ends as the note's does (so its path is looked up).
    const also = finding({ source: ref('ab'), capability: 'x', subjects: ['ab'], related: [{ message: 'provided here', source: ref('a', 'b') }] });
    expect(focusFields([also], compiledOf([{ id: 'ab', source: ref('ab') }, { id: 'b', source: ref('x', 'b') }]), [{ file: FILE, data: joined }]).map((f) => f.related?.[0]?.source?.path)).toEqual([['a', 'b']]);
  });
});
