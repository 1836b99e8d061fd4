import type { Rule } from '../rule.js';
import { useViolation, violatedUses } from '../uses.js';
import { named, place } from '../rule.js';
import { UNIKRAFT_EXAMPLE } from './examples.js';

export const mountBeforeMounted: Rule = {
  code: 'mount-before-mounted',
  severity: 'error',
  title: 'a path is used before the filesystem holding it is mounted',
  doc: `An entry uses \`mount:<dir>\` — it opens, creates or mounts something under that directory —
but the mount that provides it runs later. On Unikraft the root is mounted by vfscore_automount at
rootfs 4 and /dev by devfs_automount at rootfs 5; devfs automount with no root mounted logs
"Failed to create /dev: 20" and stops the boot (unikraft#1240).

Fix: run the user after the mount (a later level or priority), or mount earlier.`,
  example: {
    failing: `${UNIKRAFT_EXAMPLE}libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }
  app-config:
    initcalls:
      - { fn: write_config, level: lib, prio: 9, uses: ['mount:/'] }
`,
    fixed: `${UNIKRAFT_EXAMPLE}libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }
  app-config:
    initcalls:
      - { fn: write_config, level: sys, prio: 9, uses: ['mount:/'] }
`,
  },
  check(ctx) {
    return violatedUses(ctx)
      .filter((v) => v.cls === 'mount')
      .map((v) => {
        const cap = (v.edge.reason as { capability: string }).capability;
        const dir = cap.slice('mount:'.length);
        return useViolation(ctx, this.code, v, {
          message: `${named(v.to)} (${place(v.to)}) uses ${dir} before it is mounted: ${named(v.from)} mounts it at ${place(v.from)}, later in every boot`,
          hint: `run ${v.to.id} after ${place(v.from)}, or mount ${dir} earlier`,
        });
      });
  },
};
