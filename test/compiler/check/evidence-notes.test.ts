/**
 * Evidence and overlay notes (compiler/check/evidence-notes.ts), as `check` prints them: a finding
 * about a use gets a note per evidence item of the user and of the provider for that capability,
 * pointing at the C line; where an overlay stated the use, the provide, the place or an ordering,
 * the finding says so.
 */
import { describe, expect, it } from 'vitest';
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
