import { isUnder } from '../../luna/fs.js';
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
      const { why, hint } = refusal(op, f.errno);
      out.push(findingDiagnostic(ctx, this.code, f, why, hint));
    }
    return out;
  },
};

/**
 * Why the kernel refuses the pivot (compiler/luna/fs.ts, pivotRoot). An old root outside the new
 * one is read off the step itself; whether `new` is a mount point the finding does not say, so
 * it is named only when nothing else explains the EINVAL.
 */
function refusal(op: { new: string; old: string }, errno: string): { why: string; hint: string } {
  if (errno === 'EINVAL') {
    if (op.new === '/') return { why: 'the new root is / itself', hint: 'pivot onto the directory the new root is mounted on' };
    if (isUnder(op.old, op.new)) return { why: `${op.new} is not a mount point`, hint: `mount the new root on ${op.new} before the pivot` };
    return { why: `${op.old} is not under ${op.new}`, hint: `put the old root in a directory inside ${op.new} (such as ${op.new}/mnt), with the new root mounted on ${op.new}` };
  }
  return { why: `${op.old} is ${errno === 'ENOTDIR' ? 'not a directory' : 'missing'} in the new root`, hint: `keep ${op.old} a directory inside the new root` };
}
