/** How a node's place in the boot reads in messages (compiler/check/rule.ts `place`, `named`). */
import { describe, expect, it } from 'vitest';
import { named, place } from '../../../compiler/check/rule.js';
import { LUNA_EXAMPLE, LUNA_IMAGES, TO_ROOT } from '../../../compiler/check/rules/examples.js';
import { compile, graphOf, loadPlanText } from '../../../compiler/index.js';

/** Every node of the plan's graph as "name = place", in the default order. */
function places(text: string, files: Record<string, string> = {}): string[] {
  const { compiled, diagnostics } = compile(loadPlanText('/virtual/plan.yaml', text, files));
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return graphOf(compiled!).nodes.map((n) => `${named(n)} = ${place(n)}`);
}

describe('place', () => {
  it('Unikraft: core steps, the early table, constructors, initcalls, term-only entries, GCC constructors, main', () => {
    expect(places(`bootplan: 1
name: t
profile: unikraft@0.17
target: qemu/x86_64
libraries:
  a:
    early:
      - { fn: a_early, prio: 3 }
    ctors:
      - { fn: a_ctor, prio: 2 }
    init_array:
      - { fn: a_gcc }
    initcalls:
      - { fn: a_init, level: lib, prio: 4 }
      - { term: a_term, level: late, prio: 1 }
  app:
    main: {}
`)).toEqual([
      '"multiboot entry (lcpu_start32/64, multiboot_entry)" = core step "multiboot entry (lcpu_start32/64, multiboot_entry)"',
      '"_ukplat_entry: traps, lcpu, IRQ controller probe, boot stack, memory init" = core step "_ukplat_entry: traps, lcpu, IRQ controller probe, boot stack, memory init"',
      '`a.a_early` = early table prio 3',
      '`a.a_ctor` = ctor prio 2',
      '"library parameters parsed from the command line" = core step "library parameters parsed from the command line"',
      '"Initialize memory allocator" = core step "Initialize memory allocator"',
      '"Set up TLS (ukarch_tls_area_init)" = core step "Set up TLS (ukarch_tls_area_init)"',
      '"Initialize the IRQ subsystem" = core step "Initialize the IRQ subsystem"',
      '"Initialize platform time" = core step "Initialize platform time"',
      '"Initialize scheduling" = core step "Initialize scheduling"',
      '`a.a_init` = lib 4',
      '`a.a_term` = late 1',
      '"banner" = core step "banner"',
      '`a.a_gcc` = GCC constructors',
      '`app.main` = main',
    ]);
  });

  it("Linux initcalls by level alone; Zephyr's by level and priority, with the devicetree ordinal when there is one", () => {
    expect(places('bootplan: 1\nname: t\nprofile: linux@6.1\nlibraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: device }\n').slice(-1)).toEqual(['`a.a_init` = device']);
    expect(places(`bootplan: 1
name: t
profile: zephyr@3
libraries:
  a:
    initcalls:
      - { fn: a_init, level: POST_KERNEL, prio: 50, ordinal: 7 }
      - { fn: b_init, level: POST_KERNEL, prio: 50 }
`).slice(-2)).toEqual(['`a.b_init` = POST_KERNEL 50', '`a.a_init` = POST_KERNEL 50, devicetree ordinal 7']);
  });

  it('an initcall table without levels (a profile of one\'s own): the table and the priority', () => {
    const profile = "name: flat\nversion: '1'\ntitle: flat (test model)\nties: unspecified\nlog: unikraft\nmainNonZero: halt\ntables:\n  - { name: inits, role: initcall, title: init table, prio: { min: 0, max: 3, default: 3 }, canFail: true, terms: false }\nphases:\n  - table: inits\ncapabilities: []\n";
    const text = 'bootplan: 1\nname: t\nprofile: ./flat.yaml\nlibraries:\n  a:\n    initcalls:\n      - { fn: f, prio: 2 }\n      - { fn: g, prio: 1 }\n';
    expect(places(text, { '/virtual/flat.yaml': profile }).slice(-2)).toEqual(['`a.g` = inits prio 1', '`a.f` = inits prio 2']);
  });

  it('Luna: the lane and the step in it, counted from 1', () => {
    expect(places(`${LUNA_EXAMPLE}${LUNA_IMAGES}programs:\n  /bin/preinit:\n${TO_ROOT}  /usr/bin/init:\n    - { exit: 0 }\n`).slice(0, 3)).toEqual([
      '`kernel.init-threading` = kernel, step 1',
      '`kernel.spawn:kinit` = kernel, step 2',
      '`kinit.mount:/` = kinit, step 1',
    ]);
  });
});
