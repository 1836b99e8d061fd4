import type { Diagnostic } from '../../types.js';
import { stateFindings } from '../luna.js';
import type { Rule } from '../rule.js';
import { defaultWitness } from '../witness.js';
import { LUNA_EXAMPLE } from './examples.js';

const example = (restart: string, body: string) => `${LUNA_EXAMPLE}ramdisk:
  files:
    /bin/preinit: { mode: '0755' }
    /bin/clock: { mode: '0755' }
    /etc/init/50-clock: "Command=/bin/clock\\nRestart=${restart}\\n"
programs:
  /bin/preinit:
    - { services: /etc/init }
    - { supervise: {} }
  /bin/clock:
${body}`;

/** The fault the machine reports when it gives up on a service. */
export function restartFault(file: string): string {
  return `restart:${file}`;
}

export const lunaServiceRestartLoop: Rule = {
  code: 'service-restart-loop',
  severity: 'error',
  title: 'a service with Restart=true dies every time it starts',
  doc: `init restarts a service with \`Restart=true\` whenever it exits. A service whose program
always exits — it runs to its end, or one of its steps always fails — is restarted forever: the
boot never settles and the console fills with it. The machine restarts it the profile's
\`restartLimit\` times (3 for Luna) and then reports it.

Fix: make the program stay (end it with \`idle\`, a loop), fix the step that fails, or drop
\`Restart=true\` for a one-shot service (and give it \`Wait=true\` if others need it done).`,
  example: {
    failing: example('true', '    - { name: tick }\n    - { exit: 1 }\n'),
    fixed: example('true', '    - { name: tick }\n    - { idle: {} }\n'),
  },
  check(ctx) {
    const luna = ctx.compiled.luna;
    if (!luna) return [];
    const out: Diagnostic[] = [];
    const failing = new Set(stateFindings(ctx).map((f) => f.entry.luna!.lane));
    for (const lane of luna.lanes) {
      if (!lane.service?.restart || lane.steps.length === 0) continue;
      if (lane.daemon && !failing.has(lane.id)) continue;
      const first = lane.steps[0]!;
      const entry = ctx.graph.byId.get(first)!.entry!;
      out.push({
        code: this.code,
        severity: 'error',
        message: `service ${lane.service.dir}/${lane.service.file} has Restart=true but ${failing.has(lane.id) ? 'fails' : 'exits'} every time it starts: init restarts it forever (the machine gives up after ${luna.restartLimit} restarts)`,
        source: entry.source,
        related: [{ message: `${lane.service.dir}/${lane.service.file}: Restart=true`, source: lane.service.fileSource }],
        hint: failing.has(lane.id) ? 'fix the step that fails (its own error is reported too)' : `end ${lane.service.command[0]} with \`{ idle: {} }\` if it is a daemon, or drop Restart=true from ${lane.service.file}`,
        witness: defaultWitness(ctx, { kind: 'fault', entry: first, capability: restartFault(lane.service.file) }),
        subjects: [first],
      });
    }
    return out;
  },
};
