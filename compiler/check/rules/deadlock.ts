import type { Diagnostic } from '../../types.js';
import { named, type Rule } from '../rule.js';
import { defaultWitness } from '../witness.js';
import { LUNA_EXAMPLE } from './examples.js';

const example = (first: string, second: string) => `${LUNA_EXAMPLE}ramdisk:
  files:
    /bin/preinit: { mode: '0755' }
    /bin/helper: { mode: '0755' }
programs:
  /bin/preinit:
${first}${second}    - { idle: {} }
  /bin/helper:
    - { name: prepare, provides: [ready] }
    - { idle: {} }
`;

/** What a step that can never run waits for, as the machine names it in its fault. */
export function blockedOn(op: { op: string; capability?: string; lane?: string }): string {
  if (op.op === 'await') return op.capability!;
  if (op.op === 'wait') return `exit:${op.lane}`;
  return 'blocked';
}

export const lunaDeadlock: Rule = {
  code: 'deadlock',
  severity: 'error',
  title: 'a step waits for something that can only come after it',
  doc: `A step awaits a capability, waits for a child, or waits to be started, and what it waits for
can only happen after it — the provider is spawned later by the same process, the child never
exits (a daemon), the \`start\` comes after the step that waits. No schedule ever runs it, nor
anything after it in its process. The machine reports the step when the system settles.

Fix: spawn the provider before awaiting it; do not wait for a daemon; start the thread first.`,
  example: {
    failing: example("    - { await: ready }\n", "    - { spawn: { path: /bin/helper } }\n"),
    fixed: example("    - { spawn: { path: /bin/helper } }\n", "    - { await: ready }\n"),
  },
  check(ctx) {
    const luna = ctx.compiled.luna;
    if (!luna) return [];
    const out: Diagnostic[] = [];
    const blocked = new Set(luna.blocked);
    for (const lane of luna.lanes) {
      const id = lane.steps.find((s) => blocked.has(s));
      if (!id) continue;
      const node = ctx.graph.byId.get(id)!;
      // Report the step that waits, not the ones stuck behind it (or behind a lane never spawned).
      const op = node.entry!.luna!.op;
      if (op.op !== 'await' && op.op !== 'wait' && id !== lane.steps[0]) continue;
      if (id === lane.steps[0] && lane.spawnedBy && blocked.has(lane.spawnedBy)) continue;
      out.push({
        code: this.code,
        severity: 'error',
        message: `${named(node)} in ${lane.id} can never run: it waits for ${blockedOn(op)}, which only comes after it`,
        source: node.entry!.source,
        hint: op.op === 'await' ? `spawn or start whatever provides \`${op.capability}\` before this step` : op.op === 'wait' ? `do not wait for ${op.lane}: it never exits` : 'start it before anything waits for it',
        witness: defaultWitness(ctx, { kind: 'fault', entry: id, capability: blockedOn(op) }),
        subjects: [id],
      });
    }
    return out;
  },
};
