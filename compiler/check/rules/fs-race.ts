import { analyzeState } from '../../luna/state.js';
import type { Diagnostic } from '../../types.js';
import { named, place, type Rule } from '../rule.js';
import { scheduleWitness } from '../witness.js';
import { LUNA_EXAMPLE, LUNA_IMAGES, TO_ROOT } from './examples.js';

const programs = (wait: string) => `programs:
  /bin/preinit:
${TO_ROOT}  /usr/bin/init:
    - { spawn: { path: /usr/bin/init, args: [tmp], name: tmp${wait} } }
    - { mkdir: /tmp/session }
    - { idle: {} }
  /usr/bin/init tmp:
    - { mount: { fs: tmpfs, at: /tmp } }
    - { exit: 0 }
`;

export const lunaFsRace: Rule = {
  code: 'fs-race',
  severity: 'error',
  title: 'two processes change overlapping paths with nothing ordering them',
  doc: `Two steps in different threads or processes change the filesystem at overlapping paths — a
mount over a directory and a mkdir inside it, two mounts of one point, a pivot_root and anything —
and nothing (spawn, start, wait, await) orders them. Which one the scheduler runs first decides
the state every later step sees, so the boot is not one boot but several. The witness is the
schedule that runs them in the order the default schedule does not.

Fix: order them: wait for the child (\`spawn: { wait: true }\`), await what one provides, or do
both in one process.`,
  example: {
    failing: `${LUNA_EXAMPLE}${LUNA_IMAGES}${programs('')}`,
    fixed: `${LUNA_EXAMPLE}${LUNA_IMAGES}${programs(', wait: true')}`,
  },
  check(ctx) {
    if (!ctx.compiled.luna || !ctx.graph.hb) return [];
    const out: Diagnostic[] = [];
    for (const { a, b } of analyzeState(ctx.compiled, ctx.graph).races) {
      const na = ctx.graph.byId.get(a.id)!;
      const nb = ctx.graph.byId.get(b.id)!;
      out.push({
        code: this.code,
        severity: 'error',
        message: `${named(na)} (${place(na)}) and ${named(nb)} (${place(nb)}) both change the filesystem at overlapping paths, and nothing orders them: the state after them depends on the schedule`,
        source: b.source,
        related: [{ message: `${a.id}: the other step`, source: a.source }],
        hint: `order them: wait for ${b.luna!.lane} or ${a.luna!.lane} to finish (spawn with \`wait: true\`), or \`await\` a capability the first provides`,
        witness: scheduleWitness(ctx, b.id, { kind: 'order', entry: b.id, first: a.id }),
        subjects: [b.id, a.id],
      });
    }
    return out;
  },
};
