/**
 * race: what it says about two dependent entries at one key, for each kind of dependency (a use,
 * a term function's use, `after`, `before`, a thread-model use), what it advises for each place a
 * priority can be in its range (room above, room below, none, no priorities at all), and that each
 * witness replays to the failure it names.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LUNA_EXAMPLE } from '../../../../compiler/check/rules/examples.js';
import { lunaServiceOrder } from '../../../../compiler/check/rules/service-order.js';
import { findings } from '../../../helpers/findings.js';
import { checkText, HEAD } from '../../../helpers/plans.js';
import { witnessProblem } from '../../../property/harness.js';

const plan = (libraries: string) => `${HEAD}libraries:\n${libraries}`;
const two = (a: string, b: string) => plan(`  a:\n    initcalls:\n      - { fn: a_init, ${a} }\n  b:\n    initcalls:\n      - { fn: b_init, ${b} }\n`);
/** Unikraft 0.17's core steps before the init table, and after it. */
const BOOT = ['core.multiboot_entry', 'core.ukplat_entry', 'core.libparam', 'core.alloc', 'core.tls', 'core.irq', 'core.time', 'core.sched'];
const SWAPPED = [...BOOT, 'b.b_init', 'a.a_init', 'core.banner'];
const SUBJECTS = ['b.b_init', 'a.a_init'];

/** Checks `text` and replays every race witness on the machine: the problems found (none when all replay). */
async function replayProblems(text: string, files: Record<string, string> = {}): Promise<string[]> {
  const { compiled, diagnostics } = await checkText(text, files);
  const races = diagnostics.filter((d) => d.code === 'race');
  expect(races.length).toBeGreaterThan(0);
  return races.map((d) => witnessProblem(compiled!, d.witness!)).filter((p) => p !== null);
}

describe('race on a use at one key', () => {
  it('advises a later priority for the user when there is room above', async () => {
    const text = two('level: lib, prio: 0, provides: [x]', 'level: lib, prio: 0, uses: [x]');
    expect(await findings(text, { code: 'race' })).toEqual([{
      code: 'race',
      severity: 'error',
      at: '11:9',
      message: '`b.b_init` uses `x`, provided by `a.a_init` at the same key (lib 0): it works only if the link order puts a.a_init first',
      hint: 'write `prio: after(a.a_init)` on b.b_init (priority 1)',
      related: [{ at: '8:9', message: 'a.a_init (lib 0): provided here' }],
      subjects: SUBJECTS,
      witness: { order: SWAPPED, move: { entry: 'b.b_init', before: 'a.a_init' }, expect: { kind: 'fault', entry: 'b.b_init', capability: 'x' } },
    }]);
    expect(await replayProblems(text)).toEqual([]);
  });

  it('advises an earlier priority for the provider when the user is at the top of the range', async () => {
    const text = two('level: lib, prio: 9, provides: [x]', 'level: lib, prio: 9, uses: [x]');
    expect(await findings(text, { code: 'race' })).toEqual([{
      code: 'race',
      severity: 'error',
      at: '11:9',
      message: '`b.b_init` uses `x`, provided by `a.a_init` at the same key (lib 9): it works only if the link order puts a.a_init first',
      hint: 'write `prio: before(b.b_init)` on a.a_init (priority 8)',
      related: [{ at: '8:9', message: 'a.a_init (lib 9): provided here' }],
      subjects: SUBJECTS,
      witness: { order: SWAPPED, move: { entry: 'b.b_init', before: 'a.a_init' }, expect: { kind: 'fault', entry: 'b.b_init', capability: 'x' } },
    }]);
    expect(await replayProblems(text)).toEqual([]);
  });

  it('advises another level when the range has a single priority', async () => {
    // A profile of one's own whose init table has only priority 5: neither entry can move inside the level.
    const profile = readFileSync('specs/profiles/unikraft@0.17.yaml', 'utf8')
      .replace('    prio: { min: 0, max: 9, default: 9 }\n    canFail: true\n    terms: true', '    prio: { min: 5, max: 5, default: 5 }\n    canFail: true\n    terms: true');
    const text = two('level: lib, provides: [x]', 'level: lib, uses: [x]').replace('profile: unikraft@0.17', 'profile: ./one-prio.yaml');
    const files = { '/virtual/one-prio.yaml': profile };
    const [race] = await findings(text, { code: 'race', files });
    expect([race!.message, race!.hint]).toEqual([
      '`b.b_init` uses `x`, provided by `a.a_init` at the same key (lib 5): it works only if the link order puts a.a_init first',
      'move a.a_init to an earlier level, or b.b_init to a later one: there is no priority between them',
    ]);
  });

  it('advises an earlier level in a table without priorities (GCC constructors)', async () => {
    const text = plan('  a:\n    init_array:\n      - { fn: a_init, provides: [x] }\n  b:\n    init_array:\n      - { fn: b_init, uses: [x] }\n');
    expect(await findings(text, { code: 'race' })).toEqual([{
      code: 'race',
      severity: 'error',
      at: '11:9',
      message: '`b.b_init` uses `x`, provided by `a.a_init` at the same key (GCC constructors): it works only if the link order puts a.a_init first',
      hint: 'order a.a_init before b.b_init by giving a.a_init an earlier level',
      related: [{ at: '8:9', message: 'a.a_init (GCC constructors): provided here' }],
      subjects: SUBJECTS,
      witness: { order: [...BOOT, 'core.banner', 'b.b_init', 'a.a_init'], move: { entry: 'b.b_init', before: 'a.a_init' }, expect: { kind: 'fault', entry: 'b.b_init', capability: 'x' } },
    }]);
    expect(await replayProblems(text)).toEqual([]);
  });

  it('moves the user before the first of the providers tied with it', async () => {
    // c provides x too, at the same key and linked before a: the witness has to get b past both.
    const text = plan('  c:\n    initcalls:\n      - { fn: c_init, level: lib, prio: 0, provides: [x] }\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, prio: 0, provides: [x] }\n  b:\n    initcalls:\n      - { fn: b_init, level: lib, prio: 0, uses: [x] }\n');
    const found = await findings(text, { code: 'race' });
    expect(found.map((f) => [f.message, f.subjects, f.witness])).toEqual([[
      '`b.b_init` uses `x`, provided by `c.c_init` at the same key (lib 0): it works only if the link order puts c.c_init first',
      ['b.b_init', 'c.c_init'],
      { order: [...BOOT, 'b.b_init', 'c.c_init', 'a.a_init', 'core.banner'], move: { entry: 'b.b_init', before: 'c.c_init' }, expect: { kind: 'fault', entry: 'b.b_init', capability: 'x' } },
    ]]);
    expect(await replayProblems(text)).toEqual([]);
  });

  it('is quiet when the provider has a smaller priority, or the user a smaller one (use-before-provide)', async () => {
    expect(await findings(two('level: lib, prio: 0, provides: [x]', 'level: lib, prio: 1, uses: [x]'), { code: 'race' })).toEqual([]);
    expect((await findings(two('level: lib, prio: 1, provides: [x]', 'level: lib, prio: 0, uses: [x]'))).map((f) => f.code)).toEqual(['use-before-provide']);
  });
});

describe('race between term functions at one key', () => {
  const text = two('level: lib, prio: 2, provides: [x], term: a_term', 'level: lib, prio: 2, term: { fn: b_term, uses: [x] }');

  it('says which term withdraws what the other uses', async () => {
    expect(await findings(text, { code: 'race' })).toEqual([{
      code: 'race',
      severity: 'error',
      at: '11:9',
      message: 'the term function of `b.b_init` uses `x`, which the term of `a.a_init` withdraws; both are at lib 2, so the link order decides which term runs first',
      hint: 'write `prio: after(a.a_init)` on b.b_init (priority 3)',
      related: [{ at: '8:9', message: 'a.a_init (lib 2): provided here' }],
      subjects: SUBJECTS,
      witness: { order: SWAPPED, move: { entry: 'b.b_init', before: 'a.a_init' }, expect: { kind: 'term', entry: 'b.b_init', capability: 'x' } },
    }]);
    expect(await replayProblems(text)).toEqual([]);
  });

  it('moves the term user only before providers that have a term of their own', async () => {
    // a's term unmounts / and with it /dev, which c mounted (by hand here) and never unmounts:
    // b's term needs /dev, so b must pass a, not c, linked before both.
    const text = plan("  c:\n    initcalls:\n      - { fn: c_init, level: rootfs, prio: 4, provides: ['mount:/dev'] }\n  a:\n    initcalls:\n      - { fn: a_init, level: rootfs, prio: 4, provides: ['mount:/'], term: a_term }\n  b:\n    initcalls:\n      - { fn: b_init, level: rootfs, prio: 4, term: { fn: b_term, uses: ['mount:/dev'] } }\n");
    expect(await findings(text, { code: 'race' })).toEqual([{
      code: 'race',
      severity: 'error',
      at: '14:9',
      message: 'the term function of `b.b_init` uses `mount:/dev`, which the term of `a.a_init` withdraws; both are at rootfs 4, so the link order decides which term runs first',
      hint: 'write `prio: after(a.a_init)` on b.b_init (priority 5)',
      related: [{ at: '11:9', message: 'a.a_init (rootfs 4): provided here' }],
      subjects: SUBJECTS,
      witness: { order: [...BOOT, 'c.c_init', 'b.b_init', 'a.a_init', 'core.banner'], move: { entry: 'b.b_init', before: 'a.a_init' }, expect: { kind: 'term', entry: 'b.b_init', capability: 'mount:/dev' } },
    }]);
    expect(await replayProblems(text)).toEqual([]);
  });

  it('moves the term user before every tied provider whose term withdraws what it needs', async () => {
    // c's term unmounts /dev itself, a's takes /dev along with /: b must pass both, so the move
    // for a's finding goes before c, linked first.
    const text = plan("  c:\n    initcalls:\n      - { fn: c_init, level: rootfs, prio: 4, provides: ['mount:/dev'], term: c_term }\n  a:\n    initcalls:\n      - { fn: a_init, level: rootfs, prio: 4, provides: ['mount:/'], term: a_term }\n  b:\n    initcalls:\n      - { fn: b_init, level: rootfs, prio: 4, term: { fn: b_term, uses: ['mount:/dev'] } }\n");
    expect((await findings(text, { code: 'race' })).map((f) => [f.subjects, f.witness!.move])).toEqual([
      [['b.b_init', 'a.a_init'], { entry: 'b.b_init', before: 'c.c_init' }],
      [['b.b_init', 'c.c_init'], { entry: 'b.b_init', before: 'c.c_init' }],
    ]);
    expect(await replayProblems(text)).toEqual([]);
  });

  it('does not move the term user past a provider at an earlier key', async () => {
    // d mounts /dev at rootfs 2, before b's key: the witness moves b only inside rootfs 4.
    const text = plan("  d:\n    initcalls:\n      - { fn: d_init, level: rootfs, prio: 2, provides: ['mount:/dev'], term: d_term }\n  a:\n    initcalls:\n      - { fn: a_init, level: rootfs, prio: 4, provides: ['mount:/'], term: a_term }\n  b:\n    initcalls:\n      - { fn: b_init, level: rootfs, prio: 4, term: { fn: b_term, uses: ['mount:/dev'] } }\n");
    expect((await findings(text, { code: 'race' })).map((f) => [f.subjects, f.witness!.move])).toEqual([
      [['b.b_init', 'a.a_init'], { entry: 'b.b_init', before: 'a.a_init' }],
    ]);
    expect(await replayProblems(text)).toEqual([]);
  });

  it('is quiet when a provider without a term keeps the capability to the end', async () => {
    const text = plan('  a:\n    initcalls:\n      - { fn: a_init, level: lib, prio: 2, provides: [x], term: a_term }\n  c:\n    initcalls:\n      - { fn: c_init, level: lib, prio: 2, provides: [x] }\n  b:\n    initcalls:\n      - { fn: b_init, level: lib, prio: 2, term: { fn: b_term, uses: [x] } }\n');
    expect(await findings(text, { code: 'race' })).toEqual([]);
  });
});

describe('race on after and before at one key', () => {
  it('says `after` on the later entry, located there, the other entry related', async () => {
    const text = two('level: lib, prio: 3', 'level: lib, prio: 3, after: [a.a_init]');
    expect(await findings(text, { code: 'race' })).toEqual([{
      code: 'race',
      severity: 'error',
      at: '11:9',
      message: '`b.b_init` must run after `a.a_init` (`after` on b.b_init), but both are at lib 3: the link order decides',
      hint: 'write `prio: after(a.a_init)` on b.b_init (priority 4)',
      related: [{ at: '8:9', message: 'a.a_init (lib 3): the other entry' }],
      subjects: SUBJECTS,
      witness: { order: SWAPPED, move: { entry: 'b.b_init', before: 'a.a_init' }, expect: { kind: 'order', entry: 'b.b_init', first: 'a.a_init' } },
    }]);
    expect(await replayProblems(text)).toEqual([]);
  });

  it('says `before` on the earlier entry, located there, the later entry related', async () => {
    const text = two('level: lib, prio: 3, before: [b.b_init]', 'level: lib, prio: 3');
    expect(await findings(text, { code: 'race' })).toEqual([{
      code: 'race',
      severity: 'error',
      at: '8:9',
      message: '`b.b_init` must run after `a.a_init` (`before` on a.a_init), but both are at lib 3: the link order decides',
      hint: 'write `prio: after(a.a_init)` on b.b_init (priority 4)',
      related: [{ at: '11:9', message: 'b.b_init (lib 3): the other entry' }],
      subjects: SUBJECTS,
      witness: { order: SWAPPED, move: { entry: 'b.b_init', before: 'a.a_init' }, expect: { kind: 'order', entry: 'b.b_init', first: 'a.a_init' } },
    }]);
    expect(await replayProblems(text)).toEqual([]);
  });

  it('is quiet when the priorities already order the two', async () => {
    expect(await findings(two('level: lib, prio: 3', 'level: lib, prio: 4, after: [a.a_init]'), { code: 'race' })).toEqual([]);
    expect(await findings(two('level: lib, prio: 3, before: [b.b_init]', 'level: lib, prio: 4'), { code: 'race' })).toEqual([]);
  });
});

describe('race in the thread model (Luna)', () => {
  const programs = (preinit: string) => `${LUNA_EXAMPLE}ramdisk:\n  files:\n    /bin/preinit: { mode: '0755' }\n    /bin/helper: { mode: '0755' }\nprograms:\n  /bin/preinit:\n    - { spawn: { path: /bin/helper } }\n${preinit}    - { idle: {} }\n  /bin/helper:\n    - { name: prepare, provides: [ready] }\n    - { idle: {} }\n`;

  it('advises an await, with a schedule that runs the user first', async () => {
    const text = programs('    - { name: use, uses: [ready] }\n');
    expect(await findings(text, { code: 'race' })).toEqual([{
      code: 'race',
      severity: 'error',
      at: '21:7',
      message: '`preinit.use` (preinit, step 2) uses `ready`, which `helper.prepare` (helper, step 1) provides, but nothing orders the two: a schedule that runs preinit.use first faults',
      hint: "add `{ await: 'ready' }` as a step before it in preinit (it then waits for helper.prepare), or start preinit only after helper.prepare",
      related: [{ at: '24:7', message: 'helper.prepare (helper, step 1): provided here' }],
      subjects: ['preinit.use', 'helper.prepare'],
      witness: {
        order: ['kernel.init-threading', 'kernel.spawn:kinit', 'kinit.mount:/', 'kinit.scan-disks', 'kinit.spawn:preinit', 'preinit.spawn:helper', 'preinit.use', 'kinit.exit', 'preinit.idle', 'helper.prepare', 'helper.idle'],
        expect: { kind: 'fault', entry: 'preinit.use', capability: 'ready' },
      },
    }]);
    expect(await replayProblems(text)).toEqual([]);
  });

  it('is quiet once the user awaits the capability', async () => {
    expect(await findings(programs("    - { await: ready }\n    - { name: use, uses: [ready] }\n"), { code: 'race' })).toEqual([]);
  });

  it('leaves a pair of services started in the wrong file-name order to service-order', async () => {
    for (const text of [lunaServiceOrder.example.failing, lunaServiceOrder.example.failing.replace('Wait=true\\n', '')]) {
      expect((await findings(text)).map((f) => f.code).filter((c) => c === 'race' || c === 'service-order')).toEqual(['service-order']);
    }
  });
});
