/**
 * deadlock (thread model): the step that waits — for a capability provided only later, for a
 * child that cannot exit yet, or to be started — named once per lane, with the hint for what it
 * waits on; the steps stuck behind it, and lanes their blocked spawn never creates, are not
 * reported. Every witness replays.
 */
import { describe, expect, it } from 'vitest';
import { lunaDeadlock } from '../../../../compiler/check/rules/deadlock.js';
import { LUNA_EXAMPLE } from '../../../../compiler/check/rules/examples.js';
import { run } from '../../../../runtime/index.js';
import { findings } from '../../../helpers/findings.js';
import { checkText, HEAD } from '../../../helpers/plans.js';
import { witnessProblem } from '../../../property/harness.js';

const READY = '    - { name: prepare, provides: [ready] }\n    - { idle: {} }\n';
const plan = (preinit: string, helper = READY) => `${LUNA_EXAMPLE}ramdisk:\n  files:\n    /bin/preinit: { mode: '0755' }\n    /bin/helper: { mode: '0755' }\nprograms:\n  /bin/preinit:\n${preinit}    - { idle: {} }\n  /bin/helper:\n${helper}`;
const KERNEL = ['kernel.init-threading', 'kernel.spawn:kinit', 'kinit.mount:/', 'kinit.scan-disks', 'kinit.spawn:preinit', 'kinit.exit'];

/** The findings; the first error's witness replays (the machine names the first stuck step it meets). */
async function deadlocks(text: string) {
  const found = await findings(text, { code: 'deadlock' });
  const { compiled, diagnostics } = await checkText(text);
  const first = diagnostics.find((x) => x.code === 'deadlock' && x.severity === 'error');
  if (first) expect(witnessProblem(compiled!, first.witness!)).toBeNull();
  return found;
}

describe('deadlock', () => {
  it('names an await of what a later spawn provides, not the lane that spawn would start', async () => {
    expect(await deadlocks(plan('    - { await: ready }\n    - { spawn: { path: /bin/helper } }\n'))).toEqual([{
      code: 'deadlock',
      severity: 'error',
      at: '20:7',
      message: '`preinit.await:ready` in preinit can never run: it waits for ready, which only comes after it',
      hint: 'spawn or start whatever provides `ready` before this step',
      subjects: ['preinit.await:ready'],
      witness: {
        order: [...KERNEL, 'preinit.await:ready', 'preinit.spawn:helper', 'preinit.idle', 'helper.prepare', 'helper.idle'],
        expect: { kind: 'fault', entry: 'preinit.await:ready', capability: 'ready' },
      },
    }]);
  });

  it('names a wait for a child started only after it, not the child stuck behind that wait', async () => {
    const text = plan('    - { spawn: { path: /bin/helper, stopped: true } }\n    - { wait: helper }\n    - { start: helper }\n', '    - { exit: 0 }\n');
    const order = [...KERNEL, 'preinit.spawn:helper', 'preinit.wait:helper', 'preinit.start:helper', 'preinit.idle', 'helper.exit'];
    expect(await deadlocks(text)).toEqual([
      {
        code: 'deadlock',
        severity: 'error',
        at: '21:7',
        message: '`preinit.wait:helper` in preinit can never run: it waits for exit:helper, which only comes after it',
        hint: 'start helper before waiting for it (it is spawned stopped)',
        subjects: ['preinit.wait:helper'],
        witness: { order, expect: { kind: 'fault', entry: 'preinit.wait:helper', capability: 'exit:helper' } },
      },
    ]);
  });

  it('says why a waited-for child never exits: a daemon, or stuck itself', async () => {
    const daemon = plan('    - { spawn: { path: /bin/helper } }\n    - { wait: helper }\n');
    expect((await deadlocks(daemon)).map((f) => [f.subjects, f.hint])).toEqual([[['preinit.wait:helper'], 'do not wait for helper: it never exits']]);
    const stuck = plan('    - { spawn: { path: /bin/helper } }\n    - { wait: helper }\n    - { name: signal, provides: [go] }\n', '    - { await: go }\n    - { exit: 0 }\n');
    expect((await deadlocks(stuck)).map((f) => [f.subjects, f.hint])).toEqual([
      [['preinit.wait:helper'], 'helper never exits: it is stuck itself (see its own finding)'],
      [['helper.await:go'], 'spawn or start whatever provides `go` before this step'],
    ]);
  });

  it('names the wait for a daemon, not an await in a child its blocked spawn never creates', async () => {
    const text = `${LUNA_EXAMPLE}ramdisk:\n  files:\n    /bin/preinit: { mode: '0755' }\n    /bin/helper: { mode: '0755' }\n    /bin/late: { mode: '0755' }\nprograms:\n  /bin/preinit:\n    - { spawn: { path: /bin/helper, wait: true } }\n    - { spawn: { path: /bin/late } }\n    - { idle: {} }\n  /bin/helper:\n    - { idle: {} }\n  /bin/late:\n    - { await: never }\n    - { idle: {} }\n`;
    expect((await deadlocks(text)).map((f) => [f.subjects, f.hint])).toEqual([[['preinit.wait:helper'], 'do not wait for helper: it never exits']]);
  });

  it('warns about a stopped child that nothing starts, with no witness (it crashes nothing), and the machine never runs it', async () => {
    const text = plan('    - { spawn: { path: /bin/helper, stopped: true } }\n');
    expect(await deadlocks(text)).toEqual([{
      code: 'deadlock',
      severity: 'warning',
      at: '23:7',
      message: '`helper.prepare` in helper never runs: helper is spawned stopped, and nothing starts it',
      hint: 'add `{ start: helper }` after the spawn, or spawn it without `stopped: true`',
      subjects: ['helper.prepare'],
    }]);
    const { compiled } = await checkText(text);
    expect(compiled!.luna!.blocked).toEqual(['helper.prepare', 'helper.idle']);
    for (const kind of ['declared', 'reverse'] as const) {
      const booted = run(compiled!, { linkOrder: { kind } });
      expect(booted.events.filter((e) => e.ev === 'call').map((e) => (e as { id: string }).id)).not.toContain('helper.prepare');
      expect(booted.events.filter((e) => e.ev === 'fault')).toEqual([]);
    }
  });

  it('warns about the stopped child nothing starts, though another stopped child is started', async () => {
    // Only a `start` of the child's own first step counts, not a start of some other lane.
    const text = `${LUNA_EXAMPLE}ramdisk:\n  files:\n    /bin/preinit: { mode: '0755' }\n    /bin/helper: { mode: '0755' }\n    /bin/late: { mode: '0755' }\nprograms:\n  /bin/preinit:\n    - { spawn: { path: /bin/helper, stopped: true } }\n    - { spawn: { path: /bin/late, stopped: true } }\n    - { start: helper }\n    - { idle: {} }\n  /bin/helper:\n    - { name: prepare, provides: [ready] }\n    - { idle: {} }\n  /bin/late:\n    - { name: work }\n    - { exit: 0 }\n`;
    expect((await deadlocks(text)).map((f) => [f.severity, f.message])).toEqual([
      ['warning', '`late.work` in late never runs: late is spawned stopped, and nothing starts it'],
    ]);
  });

  it('hints a start by the id of a stopped grandchild, a name `start` finds', async () => {
    // helper (not PID 1) spawns /bin/late: its lane is helper/late, and `start: late` names nothing.
    const grandchild = (then: string) => `${LUNA_EXAMPLE}ramdisk:\n  files:\n    /bin/preinit: { mode: '0755' }\n    /bin/helper: { mode: '0755' }\n    /bin/late: { mode: '0755' }\nprograms:\n  /bin/preinit:\n    - { spawn: { path: /bin/helper } }\n    - { idle: {} }\n  /bin/helper:\n    - { spawn: { path: /bin/late, stopped: true } }\n${then}    - { idle: {} }\n  /bin/late:\n    - { name: work }\n    - { exit: 0 }\n`;
    expect((await deadlocks(grandchild(''))).map((f) => [f.message, f.hint])).toEqual([[
      '`helper/late.work` in helper/late never runs: helper/late is spawned stopped, and nothing starts it',
      'add `{ start: helper/late }` after the spawn, or spawn it without `stopped: true`',
    ]]);
    // The hint followed: the plan compiles and the checker has nothing to say.
    expect(await findings(grandchild('    - { start: helper/late }\n'))).toEqual([]);
  });

  it('names the await that holds back the start of a stopped child, not the child', async () => {
    const text = plan('    - { spawn: { path: /bin/helper, stopped: true } }\n    - { await: ready }\n    - { start: helper }\n');
    expect((await deadlocks(text)).map((f) => [f.subjects, f.hint])).toEqual([
      [['preinit.await:ready'], 'spawn or start whatever provides `ready` before this step'],
    ]);
  });

  it('is quiet when the order works, and in a plan without threads', async () => {
    expect(await deadlocks(lunaDeadlock.example.fixed)).toEqual([]);
    expect(await deadlocks(plan('    - { spawn: { path: /bin/helper } }\n    - { await: ready }\n'))).toEqual([]);
    expect(await deadlocks(`${HEAD}libraries:\n  app:\n    main: {}\n`)).toEqual([]);
  });
});
