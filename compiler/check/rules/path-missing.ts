import { LUNA_FILESYSTEMS } from '../../luna/fs.js';
import type { LunaOp } from '../../luna/model.js';
import type { StateFinding } from '../../luna/state.js';
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
      const { what, hint } = missing(op, f);
      out.push(findingDiagnostic(ctx, this.code, f, what, hint));
    }
    return out;
  },
};

/**
 * What the step needs, and the hint. A mount whose source holds no filesystem (ENOTBLK, ENXIO:
 * the kernel checks the source after the mount point) and a connect to a path that is not a
 * socket are not a matter of order. For the other
 * errnos of a mount from a device, the mount point and the device file are both looked up and
 * the finding does not say which failed, so both are named.
 */
function missing(op: LunaOp, f: StateFinding): { what: string; hint: string } {
  if (op.op === 'mount' && (f.errno === 'ENOTBLK' || f.errno === 'ENXIO')) {
    if (LUNA_FILESYSTEMS[op.fs]?.source === 'ramdisk') return { what: 'mounts the initial ramdisk', hint: 'give the plan a `ramdisk:` for it to mount' };
    return { what: `mounts from ${op.dev}`, hint: `mount from the device file of a partition that holds a filesystem: ${op.dev} is not one` };
  }
  // The path exists, as something that is not a socket: a listen there would fail too.
  if (f.errno === 'ECONNREFUSED') return { what: `needs a socket at ${f.path}`, hint: `connect to the path a listen step creates: ${f.path} is not a socket` };
  const both = op.op === 'mount' && op.dev !== null;
  const paths = both ? `${op.dev} and ${op.at}` : f.path;
  return { what: `needs ${paths}`, hint: `order it after the step that makes ${paths} exist (a mount, mkdir or listen), or before the one that takes ${both ? 'them' : 'it'} away` };
}
