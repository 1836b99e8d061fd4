import type { Diagnostic } from '../../types.js';
import { findingDiagnostic, stateFindings } from '../luna.js';
import type { Rule } from '../rule.js';
import { LUNA_EXAMPLE, LUNA_IMAGES } from './examples.js';

const OTHERS = new Set(['EBUSY', 'EEXIST', 'EADDRINUSE', 'EINVAL', 'ENODEV', 'EISDIR']);

export const lunaFsOpFails: Rule = {
  code: 'fs-op-fails',
  severity: 'error',
  title: 'a mount, unmount, mkdir or listen the kernel refuses',
  doc: `A filesystem step the kernel refuses for a reason other than a missing path or a missing
permission: unmounting a filesystem something is still mounted beneath (EBUSY: /dev while
/dev/pts is mounted), unmounting what is not a mount point (EINVAL), creating a directory or a
socket that exists (EEXIST, EADDRINUSE), a filesystem type the kernel does not have (ENODEV),
a partition of another type. The process dies at that step.

Fix: unmount the inner mounts first; create each path once; use a filesystem the kernel has.`,
  example: {
    failing: `${LUNA_EXAMPLE}${LUNA_IMAGES}programs:
  /bin/preinit:
    - { mount: { fs: devfs, at: /dev } }
    - { mount: { fs: devpts, at: /dev/pts } }
    - { umount: /dev }
    - { idle: {} }
`,
    fixed: `${LUNA_EXAMPLE}${LUNA_IMAGES}programs:
  /bin/preinit:
    - { mount: { fs: devfs, at: /dev } }
    - { mount: { fs: devpts, at: /dev/pts } }
    - { umount: /dev/pts }
    - { umount: /dev }
    - { idle: {} }
`,
  },
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const f of stateFindings(ctx)) {
      if (!OTHERS.has(f.errno) || f.entry.luna!.op.op === 'pivot-root') continue;
      out.push(findingDiagnostic(ctx, this.code, f, `${f.entry.luna!.op.op} ${f.path}`, f.errno === 'EBUSY' ? `unmount what is mounted under ${f.path} first` : 'change the step so the kernel accepts it'));
    }
    return out;
  },
};
