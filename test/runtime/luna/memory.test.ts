/** Memory in the thread model: [oom] wakes at 1/4 and 1/8 left; running out is ENOMEM, decided on happens-before. */
import { describe, expect, it } from 'vitest';
import { check, compile, loadPlanText } from '../../../compiler/index.js';
import { LUNA_EXAMPLE } from '../../../compiler/check/rules/examples.js';
import { replayWitness, run } from '../../../runtime/index.js';

const plan = (wait: boolean, sizes: string[]) => `${LUNA_EXAMPLE.replace('      - { exit: 0 }\n', '      - { spawn: { thread: oom } }\n      - { exit: 0 }\n    oom:\n      - { oom: {} }\n').replace('profile: luna\n', 'profile: luna\nmemory: 4Mi\n')}ramdisk:
  files:
    /bin/preinit: { mode: '0755' }
    /bin/cache: { mode: '0755' }
programs:
  /bin/preinit:
    - { spawn: { path: /bin/cache${wait ? ', wait: true' : ''} } }
${sizes.map((s, i) => `    - { name: take-${i}, alloc: ${s} }\n`).join('')}    - { idle: {} }
  /bin/cache:
    - { name: fill, alloc: 1Mi }
`;

const compiled = (text: string) => compile(loadPlanText('/m/luna.yaml', text)).compiled!;

describe('thread-model memory', () => {
  it('[oom] purges the caches when 1/4, then 1/8, of memory is left; the plan checks clean', () => {
    const c = compiled(plan(true, ['1Mi', '1Mi', '512Ki']));
    expect(check(c).filter((d) => d.severity === 'error')).toEqual([]);
    const r = run(c);
    expect(r.outcome.target).toBe('HALT');
    const oom = r.events.filter((e) => e.ev === 'log' && e.lib === '[oom]').map((e) => e.msg);
    expect(oom).toEqual(['memory low: 1Mi of 4Mi left (below 1/4): purged the disk caches', 'memory low: 512Ki of 4Mi left (below 1/8): purged the disk caches']);
  });

  it('what happens before a step already filling memory is a violation, in every schedule', () => {
    const c = compiled(plan(true, ['2Mi', '2Mi']));
    const d = check(c).find((x) => x.code === 'out-of-memory')!;
    expect(d.message).toContain('in every schedule');
    expect(replayWitness(c, d.witness!).matched).toBe(true);
  });

  it('a child that may take its memory first is a race, and the schedule that runs it first shows the ENOMEM', () => {
    const c = compiled(plan(false, ['1Mi', '2Mi', '512Ki']));
    const d = check(c).find((x) => x.code === 'out-of-memory')!;
    expect(d.message).toContain('in a schedule that runs cache.fill first');
    expect(replayWitness(c, d.witness!).matched).toBe(true);
    expect(d.subjects).toEqual(['preinit.take-2', 'cache.fill']);
  });
});
