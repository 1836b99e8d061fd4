import type { HbEdge, LunaLane } from '../../luna/model.js';
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

/** Why a wait for a child never returns: the child never exits, is never started in time, or is stuck itself. */
function waitHint(lanes: readonly LunaLane[], blocked: ReadonlySet<string>, child: string): string {
  const lane = lanes.find((l) => l.id === child);
  if (!lane || lane.daemon) return `do not wait for ${child}: it never exits`;
  if (lane.stopped && lane.steps[0] !== undefined && blocked.has(lane.steps[0])) return `start ${child} before waiting for it (it is spawned stopped)`;
  return `${child} never exits: it is stuck itself (see its own finding)`;
}

/** Whether some step starts `lane` (spawned stopped): the `start` happens-before edges the schedule reads too. */
function startsIt(hb: readonly HbEdge[], lane: LunaLane): boolean {
  return hb.some((e) => e.kind === 'start' && e.to === lane.steps[0]);
}

export const lunaDeadlock: Rule = {
  code: 'deadlock',
  severity: 'error',
  title: 'a step waits for something that can only come after it',
  doc: `A step awaits a capability, waits for a child, or waits to be started, and what it waits for
can only happen after it — the provider is spawned later by the same process, the child never
exits (a daemon: its program ends in an idle step), the \`start\` comes after the step that
waits. No schedule ever runs it, nor anything after it in its process. The machine reports the
step when the system settles. Only the step that waits is reported, not the steps stuck behind it
nor a stopped thread whose \`start\` is one of them.

A thread or process spawned \`stopped: true\` that no step ever starts stays stopped: a warning,
since that crashes nothing by itself (what it would provide is missing, and its users' findings
say so).

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
      // Report the step that waits, not the ones stuck behind it (or behind a lane never spawned,
      // or started by a step that is itself stuck: that step's finding says why).
      const op = node.entry!.luna!.op;
      if (id === lane.steps[0] && lane.spawnedBy && blocked.has(lane.spawnedBy)) continue;
      if (op.op !== 'await' && op.op !== 'wait') {
        if (id !== lane.steps[0] || startsIt(luna.hb, lane)) continue;
        // Spawned stopped and never started: it stays stopped, which crashes nothing by itself
        // (what it would provide is missing, and its users' findings say so).
        out.push({
          code: this.code,
          severity: 'warning',
          message: `${named(node)} in ${lane.id} never runs: ${lane.id} is spawned stopped, and nothing starts it`,
          source: node.entry!.source,
          hint: `add \`{ start: ${lane.id} }\` after the spawn, or spawn it without \`stopped: true\``,
          subjects: [id],
        });
        continue;
      }
      out.push({
        code: this.code,
        severity: 'error',
        message: `${named(node)} in ${lane.id} can never run: it waits for ${blockedOn(op)}, which only comes after it`,
        source: node.entry!.source,
        hint: op.op === 'await' ? `spawn or start whatever provides \`${op.capability}\` before this step` : waitHint(luna.lanes, blocked, op.lane),
        witness: defaultWitness(ctx, { kind: 'fault', entry: id, capability: blockedOn(op) }),
        subjects: [id],
      });
    }
    return out;
  },
};
