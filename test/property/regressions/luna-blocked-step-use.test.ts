/**
 * Found by luna.prop.test.ts: a process that awaits what only it provides later is deadlocked, and
 * the steps behind the await never run — so a use among them (connect, which uses listen:PATH)
 * must not be reported as capability-never-provided with a witness that cannot fault.
 */
import { expect, it } from 'vitest';
import { check, compile, loadPlanText } from '../../../compiler/index.js';
import { replayWitness } from '../../../runtime/index.js';

const PLAN = `bootplan: 1
name: blocked
profile: luna
ramdisk:
  files:
    /d1: { dir: true }
    /bin/p0: { mode: '0755' }
    /bin/p1: { mode: '0755' }
kernel:
  start:
    - { name: init-threading, provides: [sched] }
    - { spawn: { thread: kinit } }
  threads:
    kinit:
      - { mount: { fs: initrd, at: / } }
      - { spawn: { path: /bin/p0, pid: 1 } }
      - { exit: 0 }
programs:
  /bin/p0:
    - { spawn: { path: /bin/p1 } }
    - { idle: {} }
  /bin/p1:
    - { await: a }
    - { connect: /d1/s.sock }
    - { name: make-a, provides: [a] }
    - { idle: {} }
`;

it('reports the deadlock only, and its witness replays', () => {
  const { compiled } = compile(loadPlanText('/r/blocked.yaml', PLAN));
  const errors = check(compiled!).filter((d) => d.severity === 'error');
  expect(errors.map((d) => d.code)).toEqual(['deadlock']);
  expect(replayWitness(compiled!, errors[0]!.witness!).matched).toBe(true);
});
