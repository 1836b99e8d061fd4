/**
 * Evidence and overlay notes (compiler/check/evidence-notes.ts), as `check` prints them: a finding
 * about a use gets a note per evidence item of the user and of the provider for that capability,
 * pointing at the C line; where an overlay stated the use, the provide, the place or an ordering,
 * the finding says so.
 */
import { describe, expect, it } from 'vitest';
import { addEvidenceNotes } from '../../../compiler/check/evidence-notes.js';
import type { Compiled, Diagnostic, Entry, Evidence } from '../../../compiler/types.js';
import { checkedFindings } from '../../helpers/checked-plan.js';

const HEAD = 'bootplan: 1.1\nname: t\nprofile: unikraft@0.17\ntarget: qemu/x86_64\n';

/** Each finding's code, place and notes. */
async function notes(text: string) {
  return (await checkedFindings(text)).map((f) => ({ code: f.code, at: f.at, related: f.related?.map((r) => `${r.at ?? '-'} ${r.message}`) }));
}

describe('addEvidenceNotes', () => {
  it("a use gets a note at the C line of its evidence, with the call chain", async () => {
    const plan = `${HEAD}libraries:
  foo:
    ctors:
      - fn: foo_ctor
        prio: 2
        uses: [alloc]
        evidence:
          - { uses: alloc, at: lib/foo/foo.c:42, call: uk_malloc, via: ['foo_setup (lib/foo/foo.c:17)'], fact: 'uk_malloc needs the heap' }
  app:
    main: {}
`;
    expect(await notes(plan)).toEqual([
      { code: 'pre-init-use', at: '10:16', related: ['lib/foo/foo.c 42:1 uses `alloc`: lib/foo/foo.c:42 calls `uk_malloc` (via `foo_setup`, lib/foo/foo.c:17)'] },
    ]);
  });

  it("the user's and the provider's evidence for that capability only: its use or provide, or an effect of a kind that uses or provides it", async () => {
    const plan = `${HEAD}libraries:
  vfscore:
    initcalls:
      - fn: vfscore_automount
        level: rootfs
        prio: 4
        provides: [x]
        effects: [{ mount: { dev: none, at: /, fs: ramfs } }]
        evidence:
          - { effect: mount, at: lib/vfscore/rootfs.c:120, call: mount, via: [], fact: 'mount mounts' }
          - { provides: x, at: lib/vfscore/rootfs.c:130, call: make_x, via: [], fact: 'x' }
  app-config:
    initcalls:
      - fn: write_config
        level: lib
        prio: 9
        uses: ['mount:/', x]
        effects: [{ mount: { dev: devfs, at: /dev, fs: devfs } }]
        evidence:
          - { uses: 'mount:/', at: app/config.c:7, call: fopen, via: [], fact: 'fopen needs a root' }
          - { effect: mount, at: app/config.c:9, call: mount, via: [], fact: 'mount mounts' }
          - { uses: x, at: app/config.c:11, call: use_x, via: [], fact: 'x' }
`;
    expect(await notes(plan)).toEqual([
      {
        code: 'mount-before-mounted', at: '21:16', related: [
          '8:9 vfscore.vfscore_automount (rootfs 4): provided here',
          'app/config.c 7:1 uses `mount:/`: app/config.c:7 calls `fopen`',
          'app/config.c 9:1 effect `mount`: app/config.c:9 calls `mount`',
          'lib/vfscore/rootfs.c 120:1 vfscore.vfscore_automount effect `mount`: lib/vfscore/rootfs.c:120 calls `mount`',
        ],
      },
      {
        code: 'use-before-provide', at: '21:27', related: [
          '11:20 vfscore.vfscore_automount (rootfs 4): provided here',
          'app/config.c 11:1 uses `x`: app/config.c:11 calls `use_x`',
          'lib/vfscore/rootfs.c 130:1 vfscore.vfscore_automount provides `x`: lib/vfscore/rootfs.c:130 calls `make_x`',
        ],
      },
    ]);
  });

  it("a term function's use gets its term's evidence, not the init function's", async () => {
    const plan = (initEvidence: string) => `${HEAD}libraries:
  posix-fdtab:
    initcalls:
      - fn: init_posix_fdtab
        level: lib
        prio: 0
        uses: [x]${initEvidence}
        term:
          fn: term_posix_fdtab
          uses: [x]
          evidence:
            - { uses: x, at: lib/posix-fdtab/fdtab.c:88, call: close_all, via: [], fact: 'closing needs it' }
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, term: vfscore_autoumount, provides: [x] }
`;
    const term = { code: 'term-order', related: ['vfscore.vfscore_automount (rootfs 4): its term runs first', 'uses `x`: lib/posix-fdtab/fdtab.c:88 calls `close_all`'] };
    const strip = (list: Awaited<ReturnType<typeof notes>>) => list.map((f) => ({ code: f.code, related: f.related?.map((r) => r.replace(/^\S+ (\d+:\d+ )?/, '')) }));
    expect(strip(await notes(plan('')))).toEqual([{ code: 'use-before-provide', related: ['vfscore.vfscore_automount (rootfs 4): provided here'] }, term]);
    expect(strip(await notes(plan(`\n        evidence:\n          - { uses: x, at: lib/a.c:1, call: fx, via: [], fact: 'f' }`)))).toEqual([
      { code: 'use-before-provide', related: ['vfscore.vfscore_automount (rootfs 4): provided here', 'uses `x`: lib/a.c:1 calls `fx`'] },
      term,
    ]);
  });

  it('what an overlay stated: the use (the finding points into the overlay), the provide, the level and priority, an ordering', async () => {
    const plan = `${HEAD}overlay:
  a.b_init: { uses: [x], level: lib }
  a.a_init: { provides: [x], prio: 5 }
  a.c_init: { after: [a.d_init] }
  a.e_init: { before: [a.f_init] }
libraries:
  a:
    initcalls:
      - { fn: a_init, level: rootfs, prio: 1 }
      - { fn: b_init, level: late, prio: 2 }
      - { fn: c_init, level: lib, prio: 2 }
      - { fn: d_init, level: late, prio: 2 }
      - { fn: e_init, level: late, prio: 2 }
      - { fn: f_init, level: lib, prio: 2 }
`;
    expect(await notes(plan)).toEqual([
      {
        code: 'use-before-provide', at: '6:22', related: [
          '13:9 a.a_init (rootfs 5): provided here',
          '14:9 a.b_init is declared here; the overlay adds the use',
          '7:26 the overlay says a.a_init provides `x`',
          '6:33 the overlay sets the level of a.b_init',
          '7:36 the overlay sets the priority of a.a_init',
        ],
      },
      { code: 'order-violated', at: '8:23', related: ['16:9 a.d_init (late 2): the other entry', '15:9 a.c_init is declared here; the overlay adds the requirement'] },
      { code: 'order-violated', at: '9:24', related: ['18:9 a.f_init (lib 2): the other entry', '17:9 a.e_init is declared here; the overlay adds the requirement'] },
    ]);
  });
});

describe('addEvidenceNotes on findings it is handed', () => {
  const FILE = '/p.yaml';
  const OVERLAY = '/o.yaml';
  const ref = (file: string, ...path: Array<string | number>) => ({ file, path });
  const A = ref(FILE, 'libraries', 'a', 'initcalls', 0);
  const B = ref(FILE, 'libraries', 'a', 'initcalls', 1);
  const ev = (e: Partial<Evidence>): Evidence => ({ at: 'a.c:1', call: 'f', via: [], fact: 'f', ...e });
  /** A compiled plan that holds only what the pass reads. */
  const compiledOf = (entries: Array<Partial<Entry>>) => ({ entries: entries.map((e) => ({ effects: [], ...e })) }) as unknown as Compiled;
  const finding = (d: Partial<Diagnostic>): Diagnostic => ({ code: 'use-before-provide', severity: 'error', message: 'm', ...d });
  const witness = (kind: 'fault' | 'term' | 'order', capability?: string) => ({ order: [], expect: { kind, entry: 'a.a', ...(capability ? { capability } : {}) } });
  const shown = (d: Diagnostic) => ({ source: d.source && `${d.source.file} ${d.source.path.join('.')}`, related: d.related?.map((r) => r.message) });

  it('a use the overlay added moves into the overlay only when the finding points at that entry in its own file, not at its term', () => {
    const user = { id: 'a.a', source: A, origins: { 'uses:x': ref(OVERLAY, 'overlay', 'a.a', 'uses', 0) } };
    const at = (source?: ReturnType<typeof ref>) => finding({ capability: 'x', subjects: ['a.a'], witness: witness('fault', 'x'), ...(source ? { source } : {}) });
    const list = [
      at(ref(FILE, ...A.path, 'uses', 0)),
      at(),
      at(ref(OVERLAY, ...A.path)),
      at(ref(FILE, 'libraries', 'a')),
      at(ref(FILE, 'libraries', 'a', 'initcalls', 1)),
      at(ref(FILE, 'libraries', 'b', 'initcalls', 0)),
      at(ref(FILE, ...A.path, 'term')),
    ];
    addEvidenceNotes(compiledOf([user]), list);
    const moved = { source: '/o.yaml overlay.a.a.uses.0', related: ['a.a is declared here; the overlay adds the use'] };
    expect(list.map(shown)).toEqual([
      moved,
      { source: undefined },
      { source: '/o.yaml libraries.a.initcalls.0' },
      { source: '/p.yaml libraries.a' },
      { source: '/p.yaml libraries.a.initcalls.1' },
      { source: '/p.yaml libraries.b.initcalls.0' },
      { source: '/p.yaml libraries.a.initcalls.0.term' },
    ]);
  });

  it("a term's finding gets the term's evidence for that capability only, in a plan whose only evidence is in terms", () => {
    const term = (id: string, source: ReturnType<typeof ref>) => ({ id, source, term: { fn: 't', uses: ['x', 'y'], source: ref(FILE, ...source.path, 'term'), evidence: [ev({ uses: 'x', call: 'close_x' }), ev({ uses: 'y', call: 'close_y' })] } });
    const d = finding({ code: 'term-order', capability: 'x', subjects: ['a.a', 'a.b'], witness: witness('term', 'x') });
    addEvidenceNotes(compiledOf([term('a.a', A), term('a.b', B)]), [d]);
    expect(shown(d).related).toEqual(['uses `x`: a.c:1 calls `close_x`']);
  });

  it("a term's finding about an entry with no term of its own gets no notes", () => {
    const d = finding({ code: 'term-order', capability: 'x', subjects: ['a.a'], witness: witness('term', 'x') });
    addEvidenceNotes(compiledOf([{ id: 'a.a', source: A, evidence: [ev({ uses: 'x' })] }]), [d]);
    expect(d.related).toBeUndefined();
  });

  it('a finding without a witness, without subjects, or about names that are not entries gets nothing and breaks nothing', () => {
    const entries = compiledOf([{ id: 'a.a', source: A, evidence: [ev({ uses: 'x' })] }, { id: 'a.b', source: B, evidence: [ev({ provides: 'x' })] }]);
    const list = [
      finding({ capability: 'x', subjects: ['a.a'] }),
      finding({ code: 'capability-never-provided', capability: 'x' }),
      finding({ capability: 'x', subjects: ['nope', 'a.b'] }),
      finding({ code: 'order-violated', subjects: ['nope', 'a.a'], source: A }),
      finding({ code: 'order-violated', subjects: ['a.a', 'nope'], source: A }),
    ];
    addEvidenceNotes(entries, list);
    expect(list.map(shown)).toEqual([
      { related: ['uses `x`: a.c:1 calls `f`'] },
      {},
      { related: ['a.b provides `x`: a.c:1 calls `f`'] },
      { source: '/p.yaml libraries.a.initcalls.0' },
      { source: '/p.yaml libraries.a.initcalls.0' },
    ].map((s) => ({ source: undefined, related: undefined, ...s })));
  });

  it('a finding with nothing to add keeps no list of notes; one that had notes keeps them first', () => {
    const entries = compiledOf([{ id: 'a.a', source: A, evidence: [ev({ uses: 'y' })] }, { id: 'a.b', source: B }]);
    const bare = finding({ capability: 'x', subjects: ['a.a', 'a.b'], witness: witness('fault', 'x') });
    const noted = finding({ capability: 'y', subjects: ['a.a', 'a.b'], witness: witness('fault', 'y'), related: [{ message: 'provided here' }] });
    const fresh = finding({ capability: 'y', subjects: ['a.a', 'a.b'], witness: witness('fault', 'y') });
    addEvidenceNotes(entries, [bare, noted, fresh]);
    expect([bare, noted, fresh].map((d) => d.related?.map((r) => r.message))).toEqual([undefined, ['provided here', 'uses `y`: a.c:1 calls `f`'], ['uses `y`: a.c:1 calls `f`']]);
  });

  it("an entry that uses what it provides itself: its evidence is told once, as the user's", () => {
    const d = finding({ capability: 'x', subjects: ['a.a', 'a.a'], witness: witness('fault', 'x') });
    addEvidenceNotes(compiledOf([{ id: 'a.a', source: A, evidence: [ev({ uses: 'x' }), ev({ provides: 'x' })] }]), [d]);
    expect(shown(d).related).toEqual(['uses `x`: a.c:1 calls `f`']);
  });

  it("an ordering the overlay added moves into the overlay only when the finding points at the entry that states it", () => {
    const later = (origins: Record<string, ReturnType<typeof ref>>) => ({ id: 'a.b', source: B, origins });
    const earlier = (origins: Record<string, ReturnType<typeof ref>>) => ({ id: 'a.a', source: A, origins });
    const order = (source: ReturnType<typeof ref>) => finding({ code: 'order-violated', subjects: ['a.b', 'a.a'], source });
    const after = { 'after:a.a': ref(OVERLAY, 'overlay', 'a.b', 'after', 0) };
    const before = { 'before:a.b': ref(OVERLAY, 'overlay', 'a.a', 'before', 0) };
    const cases: Array<[Diagnostic, Compiled]> = [
      [order(B), compiledOf([later(after), earlier({})])],
      [order(A), compiledOf([later(after), earlier({})])],
      [order(A), compiledOf([later({}), earlier(before)])],
      [order(B), compiledOf([later({}), earlier(before)])],
      [order(B), compiledOf([later({}), earlier({})])],
    ];
    for (const [d, compiled] of cases) addEvidenceNotes(compiled, [d]);
    expect(cases.map(([d]) => shown(d))).toEqual([
      { source: '/o.yaml overlay.a.b.after.0', related: ['a.b is declared here; the overlay adds the requirement'] },
      { source: '/p.yaml libraries.a.initcalls.0', related: undefined },
      { source: '/o.yaml overlay.a.a.before.0', related: ['a.a is declared here; the overlay adds the requirement'] },
      { source: '/p.yaml libraries.a.initcalls.1', related: undefined },
      { source: '/p.yaml libraries.a.initcalls.1', related: undefined },
    ]);
  });
});
