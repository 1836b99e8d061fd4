import { needsRoot } from '../../luna/privilege.js';
import type { Diagnostic } from '../../types.js';
import type { Rule } from '../rule.js';
import { LUNA_EXAMPLE } from './examples.js';

const example = (user: string) => `${LUNA_EXAMPLE}ramdisk:
  files:
    /bin/preinit: { mode: '0755' }
    /bin/clock: { mode: '0755' }
    /etc/init/50-clock: "Command=/bin/clock\\n${user}"
    /etc/passwd: "root:x:0:0::/:/bin/sh\\nselene:x:1000:1000::/:/bin/sh\\n"
    /etc/group: "root:x:0:\\nselene:x:1000:\\n"
programs:
  /bin/preinit:
    - { services: /etc/init }
    - { supervise: {} }
  /bin/clock:
    - { name: tick }
    - { idle: {} }
`;

export const lunaNeedlessRoot: Rule = {
  code: 'needless-root',
  severity: 'warning',
  title: 'a service runs as root though nothing it does needs root',
  doc: `A service (or a process it starts, with its credentials) runs as root, and none of its steps
needs root: no mount, unmount, pivot_root, chown, hostname, setuid or spawn as another user. A bug
in it then has the whole system. Luna's display server starts as root only to create its sockets
and drops to wind:wind; the other session processes run as the user.

Fix: give the service file a \`User=\` line (or the spawn a \`user:\`).`,
  example: { failing: example(''), fixed: example('User=selene\\n') },
  check(ctx) {
    const luna = ctx.compiled.luna;
    if (!luna) return [];
    const out: Diagnostic[] = [];
    const byLane = new Map<string, string[]>(luna.lanes.map((l) => [l.id, l.steps]));
    const entries = new Map(ctx.compiled.entries.map((e) => [e.id, e]));
    const children = new Map<string, string[]>();
    for (const l of luna.lanes) if (l.parent) children.set(l.parent, [...(children.get(l.parent) ?? []), l.id]);
    /** Any step of the lane, or of a descendant that inherits its credentials, needs root. */
    const needs = (lane: string): boolean => {
      for (const id of byLane.get(lane) ?? []) {
        const e = entries.get(id)!;
        if (e.luna!.creds?.uid === 0 && needsRoot(e.luna!.op, e.luna!.creds, luna)) return true;
      }
      return (children.get(lane) ?? []).some((c) => luna.lanes.find((l) => l.id === c)!.creds.uid === 0 && needs(c));
    };
    for (const lane of luna.lanes) {
      if (!lane.service || lane.creds.uid !== 0 || needs(lane.id)) continue;
      const first = entries.get(lane.steps[0] ?? '');
      out.push({
        code: this.code,
        severity: 'warning',
        message: `service ${lane.service.dir}/${lane.service.file} runs ${lane.service.command[0]} as root, but nothing it does needs root`,
        source: first?.source ?? lane.service.source,
        related: [{ message: `${lane.service.dir}/${lane.service.file}`, source: lane.service.source }],
        hint: `add \`User=<user>\` to ${lane.service.dir}/${lane.service.file}`,
        subjects: lane.steps.slice(0, 1),
      });
    }
    return out;
  },
};
