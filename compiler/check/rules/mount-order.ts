import type { Diagnostic } from '../../types.js';
import { named, type Rule } from '../rule.js';
import { defaultWitness } from '../witness.js';
import { UNIKRAFT_EXAMPLE } from './examples.js';

export const mountOrder: Rule = {
  code: 'mount-order',
  severity: 'error',
  title: 'a mount point lies under a mount that comes later',
  doc: `Mounts run in fstab order. A mount point under another mount point (/data under /) needs
its parent mounted first; when the fstab lists the child before its parent, the child's directory
does not exist yet when it is mounted and the whole automount fails, unmounting everything.

Fix: list parent mount points first.`,
  example: {
    failing: `${UNIKRAFT_EXAMPLE}mounts:
  - { dev: none, at: /tmp, fs: ramfs, opts: mkmp }
  - { dev: none, at: /, fs: ramfs }
libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }
`,
    fixed: `${UNIKRAFT_EXAMPLE}mounts:
  - { dev: none, at: /, fs: ramfs }
  - { dev: none, at: /tmp, fs: ramfs, opts: mkmp }
libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }
`,
  },
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const edge of ctx.doubtful) {
      // A self-edge: the entry uses what only it provides. For a mount, that is a parent listed
      // after its child in one fstab; other capabilities are use-before-provide's.
      if (edge.from !== edge.to || edge.reason.kind !== 'uses' || !edge.reason.capability.startsWith('mount:')) continue;
      const node = ctx.graph.byId.get(edge.to)!;
      const cap = edge.reason.capability;
      const mount = ctx.compiled.plan.mounts.find((m) => `mount:${m.at}` === cap);
      out.push({
        code: this.code,
        severity: 'error',
        message: `${named(node)} mounts something under ${cap.slice(6)} before it mounts ${cap.slice(6)} itself`,
        source: mount?.source ?? node.entry!.source,
        hint: 'list parent mount points before the mounts beneath them',
        witness: defaultWitness(ctx, { kind: 'fault', entry: node.id, capability: cap }),
        subjects: [node.id],
      });
    }
    return out;
  },
};
