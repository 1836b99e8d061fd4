/**
 * FIXED: only initcall tables whose errors do not stop the boot drop a failing entry's provides; constructors and GCC constructors always provide.
 *
 * Found by completeness.prop.test.ts (rich generator),
 * shrunk. Introduced by cf477a6 ("where the boot carries on past a failing initcall, what it
 * would provide is never provided").
 *
 * BUG (compiler/graph.ts): the graph drops the provides of every entry with `returns: < 0` in a
 * table that cannot fail (`carriesOn`: tables with canFail false). That is meant for Linux and
 * Zephyr initcalls, but Unikraft's constructor table and GCC constructors (init_array) cannot
 * fail either, because their functions return void (reference §1.1: "A constructor returns
 * nothing, so it cannot fail"; §2.2 step 9 for the init_array). The machine ignores their return
 * value and commits what they provide (runtime/call.ts, runtime/boot.ts). So the checker reports
 * capability-never-provided with a witness that does not replay: the boot halts normally. The
 * machine is right; the checker should apply the rule to initcalls only. The rich generator now makes constructors and GCC constructors with `returns: < 0` in correct plans.
 */
import { expect, it } from 'vitest';
import { run } from '../../../runtime/index.js';
import { checkText, HOST } from '../harness.js';

const CTOR = `bootplan: 1
name: generated
profile: unikraft@0.17
target: qemu/x86_64
libraries:
  lib0:
    ctors:
      - { fn: fn0, prio: 0, provides: [cap0], returns: -2, cost: 1us }
      - { fn: fn1, prio: 1, uses: [cap0], cost: 1us }
  app:
    main: {}
`;

const INIT_ARRAY = `bootplan: 1
name: generated
profile: unikraft@0.17
target: qemu/x86_64
libraries:
  lib0:
    init_array:
      - { fn: ia, provides: [cap0], returns: -1 }
  app:
    main: { uses: [cap0] }
`;

it('a constructor that "returns" an error still provides (constructors return void)', () => {
  // Today: capability-never-provided on lib0.fn1, whose witness boots to HALT.
  expect(checkText(CTOR).errors.map((d) => d.code)).toEqual([]);
});

it('a GCC constructor that "returns" an error still provides', () => {
  // Today: capability-never-provided on app.main, whose witness boots to HALT.
  expect(checkText(INIT_ARRAY).errors.map((d) => d.code)).toEqual([]);
});

it('the machine commits what they provide and boots to HALT (the side that is right)', () => {
  for (const text of [CTOR, INIT_ARRAY]) {
    const { outcome } = run(checkText(text).compiled, { host: HOST });
    expect([outcome.target, outcome.reason]).toEqual(['HALT', 'main returned 0']);
  }
});
