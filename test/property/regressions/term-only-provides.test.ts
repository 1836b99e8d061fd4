/**
 * FIXED: a term-only entry provides nothing in the graph either; capability-never-provided says so.
 *
 * Found by soundness.prop.test.ts (rich generator), shrunk.
 *
 * BUG (compiler/graph.ts): a term-only entry (`term:` without `fn:`) that declares `provides`
 * counts as a provider, so the checker proves `app.main`'s use of cap0 and reports nothing. The
 * machine skips term-only entries in the init loop (an inittab entry with init = 0x0 is skipped,
 * shared/reference/unikraft.md §1.3 and §2.2 step 7), so cap0 never exists and main faults. The
 * machine is right: the checker should not count a term-only entry as a provider (or reject
 * `provides` on one). The rich generator now makes this as bug kind term-only-provides.
 */
import { expect, it } from 'vitest';
import { soundnessProblem } from '../harness.js';

const PLAN = `bootplan: 1
name: generated
profile: unikraft@0.17
target: qemu/x86_64
libraries:
  lib0:
    initcalls:
      - term: term0
        level: early
        prio: 0
        provides:
          - cap0
        cost: 1us
  app:
    main:
      uses:
        - cap0
`;

it('a term-only entry provides nothing: the checker agrees with the machine', () => {
  // Today: no checker error; declared order: CRASH, "app.main uses cap0, which does not exist yet".
  expect(soundnessProblem(PLAN)).toBeNull();
});
