import type { Diagnostic } from '../../types.js';
import { findingDiagnostic, stateFindings } from '../luna.js';
import type { Rule } from '../rule.js';
import { LUNA_EXAMPLE, LUNA_IMAGES, PIVOT_ROOT } from './examples.js';

export const lunaExecMissing: Rule = {
  code: 'exec-missing',
  severity: 'error',
  title: 'a program is run from a path that does not hold it at that moment',
  doc: `A step execs or spawns a program (\`exec: /usr/bin/init\`, \`spawn: { path: ... }\`) and the
file is not there in the process's root when the step runs: the kernel returns ENOENT and the
process dies (for PID 1: the kernel panics). In Luna, /bin/preinit is on the initial ramdisk and
/usr/bin/init only on the root partition, so init can be exec'd only after \`pivot_root\` made the
partition the root. The checker replays the mounts and pivots that come before the step, in every
schedule, on the machine's own filesystem model.

Fix: run the program after the step that makes it visible (mount, pivot_root), or use its path
as it is at that moment (/osroot/usr/bin/init before the pivot).`,
  example: {
    failing: `${LUNA_EXAMPLE}${LUNA_IMAGES}programs:
  /bin/preinit:
    - { exec: /usr/bin/init }
  /usr/bin/init:
    - { idle: {} }
`,
    fixed: `${LUNA_EXAMPLE}${LUNA_IMAGES}programs:
  /bin/preinit:
${PIVOT_ROOT}    - { exec: /usr/bin/init }
  /usr/bin/init:
    - { idle: {} }
`,
  },
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const f of stateFindings(ctx)) {
      const op = f.entry.luna!.op;
      if ((op.op !== 'exec' && op.op !== 'spawn') || (f.errno !== 'ENOENT' && f.errno !== 'ENOTDIR')) continue;
      out.push(findingDiagnostic(ctx, this.code, f, `runs ${f.path}, which is not in its root then`, `run it after the step that mounts or pivots the filesystem holding ${f.path} into place`));
    }
    return out;
  },
};
