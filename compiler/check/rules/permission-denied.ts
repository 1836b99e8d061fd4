import type { Diagnostic } from '../../types.js';
import { findingDiagnostic, stateFindings } from '../luna.js';
import type { Rule } from '../rule.js';
import { LUNA_EXAMPLE, LUNA_IMAGES, TO_ROOT } from './examples.js';

const programs = (groups: string) => `programs:
  /bin/preinit:
${TO_ROOT}  /usr/bin/init:
    - { spawn: { path: /usr/bin/init, args: [server], name: server } }
    - { await: 'listen:/tmp/wsys.sock' }
    - { spawn: { path: /usr/bin/init, args: [client], name: client, user: selene${groups} } }
    - { idle: {} }
  /usr/bin/init server:
    - { listen: { path: /tmp/wsys.sock, group: wsys, mode: '0660' } }
    - { idle: {} }
  /usr/bin/init client:
    - { connect: /tmp/wsys.sock }
    - { idle: {} }
`;

export const lunaPermissionDenied: Rule = {
  code: 'permission-denied',
  severity: 'error',
  title: 'a process lacks the user or group a step needs',
  doc: `A step needs a permission its process does not have: connecting to a socket its user and
groups may not write (EACCES; Luna's taskbar reaches the display server's special socket only
through the extra group \`wsys\`), opening or executing a file its mode forbids, or something only
root may do (mount, pivot_root, chown, setuid to another user, spawning as another user: EPERM).
Credentials follow the process: those it was spawned with, then its own setuid steps.

Fix: give the process the group (\`spawn: { groups: [wsys] }\`), run the step before the process
drops privileges, or change the file's owner or mode.`,
  example: {
    failing: `${LUNA_EXAMPLE}${LUNA_IMAGES}${programs('')}`,
    fixed: `${LUNA_EXAMPLE}${LUNA_IMAGES}${programs(', groups: [wsys]')}`,
  },
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const f of stateFindings(ctx)) {
      if (f.errno !== 'EACCES' && f.errno !== 'EPERM') continue;
      const creds = f.entry.luna!.creds;
      const user = ctx.compiled.luna!.users.find((u) => u.uid === creds?.uid)?.name ?? 'root';
      const groups = (creds?.groups ?? []).map((g) => ctx.compiled.luna!.groups.find((x) => x.gid === g)?.name ?? String(g));
      out.push(findingDiagnostic(ctx, this.code, f, `${f.path} as ${user}${groups.length ? ` (groups ${groups.join(', ')})` : ''}`, f.errno === 'EPERM' ? 'do it while the process is still root, or from a process that is' : `give the process a user or group that may use ${f.path} (spawn: { groups: [...] }), or change its owner or mode`));
    }
    return out;
  },
};
