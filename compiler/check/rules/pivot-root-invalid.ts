import type { Diagnostic } from '../../types.js';
import { findingDiagnostic, stateFindings } from '../luna.js';
import type { Rule } from '../rule.js';
import { LUNA_EXAMPLE, LUNA_IMAGES, PIVOT_ROOT } from './examples.js';

export const lunaPivotRootInvalid: Rule = {
  code: 'pivot-root-invalid',
  severity: 'error',
  title: 'pivot_root onto a directory that is not a mount point, or with the old root outside it',
  doc: `\`pivot-root: { new, old }\` makes the filesystem mounted at \`new\` the root and moves the
old root to \`old\`. The kernel refuses (EINVAL) when \`new\` is not a mount point — the root
partition was never mounted there — or is \`/\` itself, or \`old\` is not under \`new\`; ENOENT when
\`old\` does not exist in the new root (Luna's root partition must hold /mnt).

Fix: mount the root partition on \`new\` first, and name \`old\` inside it (/osroot/mnt).`,
  example: {
    failing: `${LUNA_EXAMPLE}${LUNA_IMAGES}programs:
  /bin/preinit:
    - { pivot-root: { new: /osroot, old: /osroot/mnt } }
    - { idle: {} }
`,
    fixed: `${LUNA_EXAMPLE}${LUNA_IMAGES}programs:
  /bin/preinit:
${PIVOT_ROOT}    - { idle: {} }
`,
  },
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const f of stateFindings(ctx)) {
      const op = f.entry.luna!.op;
      if (op.op !== 'pivot-root' || f.errno === 'EPERM') continue;
      const why = f.errno === 'EINVAL' ? `${op.new} is not a mount point (or ${op.old} is not under it)` : `${op.old} is missing in the new root`;
      out.push(findingDiagnostic(ctx, this.code, f, why, `mount the new root on ${op.new} before the pivot, and keep ${op.old} a directory inside it`));
    }
    return out;
  },
};
