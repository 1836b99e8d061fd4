import type { Diagnostic } from '../../types.js';
import { findingDiagnostic, stateFindings } from '../luna.js';
import type { Rule } from '../rule.js';
import { LUNA_EXAMPLE, LUNA_IMAGES, MOUNT_ROOT } from './examples.js';

const CODES = new Set(['ENOENT', 'ENOTDIR', 'ENOTBLK', 'ENXIO', 'ECONNREFUSED']);

export const lunaPathMissing: Rule = {
  code: 'path-missing',
  severity: 'error',
  title: 'a step needs a file, directory, device or socket that is not there when it runs',
  doc: `A step opens, mounts onto, mounts from, connects to or reads a path that does not exist at
that moment in the one mount namespace: a mount point missing from the filesystem below it, a
device file after \`umount /dev\` took every device file away (or before devfs is mounted), a
socket nobody listens on yet, a file the images do not hold. The machine fails the step with the
errno and the process dies. The checker replays, in every schedule, the mounts, unmounts, pivots,
mkdirs and listens that overlap the path.

Fix: order the step after what creates the path (mount /dev before opening /dev/cd0p2; mount the
root partition before unmounting /dev), or add the directory to the image.`,
  example: {
    failing: `${LUNA_EXAMPLE}${LUNA_IMAGES}programs:
  /bin/preinit:
    - { mount: { fs: devfs, at: /dev } }
    - { umount: /dev }
    - { mount: { fs: ext2, dev: /dev/cd0p2, at: /osroot } }
    - { idle: {} }
`,
    fixed: `${LUNA_EXAMPLE}${LUNA_IMAGES}programs:
  /bin/preinit:
${MOUNT_ROOT}    - { idle: {} }
`,
  },
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const f of stateFindings(ctx)) {
      const op = f.entry.luna!.op;
      if (op.op === 'exec' || op.op === 'spawn' || op.op === 'pivot-root' || !CODES.has(f.errno)) continue;
      const what = op.op === 'mount' && op.dev !== null && f.errno !== 'ENOENT' ? `mounts from ${op.dev}` : `needs ${op.op === 'mount' && op.dev !== null ? `${op.dev} and ${op.at}` : f.path}`;
      out.push(findingDiagnostic(ctx, this.code, f, what, `order it after the step that makes ${f.path} exist (a mount, mkdir or listen), or before the one that takes it away`));
    }
    return out;
  },
};
