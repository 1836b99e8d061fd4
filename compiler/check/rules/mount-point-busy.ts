import { EFFECTS, mountListEnvironment, type EffectEnvironment } from '../../effects.js';
import { mountOverOf, type CoreStep, type Diagnostic, type Mount } from '../../types.js';
import { defaultReplay } from '../fs-replay.js';
import { named, type Rule } from '../rule.js';
import { UNIKRAFT_EXAMPLE } from './examples.js';

/** The mounts an entry's `mount` effects perform, as the machine performs them (compiler/effects.ts). */
function mountsOf(args: Record<string, unknown>, env: EffectEnvironment): Mount[] {
  return (EFFECTS.mount!.contract(args, env).mounts ?? []).filter((m) => {
    // `extract` with ramfs=0 (or ramfs=2 over a mount) unpacks into what is there: no new mount.
    if (m.fs !== 'extract') return true;
    return (/(?:^|,)ramfs=([012])(?:,|$)/.exec(m.opts)?.[1] ?? '1') === '1';
  });
}

export const mountPointBusy: Rule = {
  code: 'mount-point-busy',
  severity: 'error',
  title: 'two mounts of one mount point',
  doc: `Two mounts in the plan (from \`mounts\`, \`vfs.fstab\` on the command line, or mount effects)
mount a filesystem at the same directory, in a profile whose mount table refuses that
(\`mountOver: busy\`): vfscore refuses the second with EBUSY ("... is already a mount point",
unikraft/unikraft lib/vfscore/mount.c), and so does Zephyr's fs_mount ("mount point already
exists"). The init function that performs it fails and the boot stops, whichever of the two runs
first. Linux stacks mounts instead (\`mountOver: stack\`): the second goes on top and hides the
first, so a Linux plan is never reported here.

Fix: keep one of the two mounts, or mount the second at another directory.`,
  example: {
    failing: `${UNIKRAFT_EXAMPLE}mounts:
  - { dev: none, at: /, fs: ramfs }
libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }
  myfs:
    initcalls:
      - { fn: myfs_mount, level: rootfs, prio: 5, effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }
`,
    fixed: `${UNIKRAFT_EXAMPLE}mounts:
  - { dev: none, at: /, fs: ramfs }
libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }
  myfs:
    initcalls:
      - { fn: myfs_mount, level: rootfs, prio: 5, effects: [{ mount: { dev: none, at: /tmp, fs: ramfs } }] }
`,
  },
  check(ctx) {
    const { plan } = ctx.compiled;
    // Where mounts stack, a second mount of a point is no error (each mount is a new filesystem,
    // so the one case Linux refuses, the same one again, cannot be written in a plan).
    if (mountOverOf(ctx.compiled.profile) === 'stack') return [];
    const env = mountListEnvironment(plan);
    const first = new Map<string, { entry: string; effect: (typeof ctx.compiled.entries)[number]['effects'][number] }>();
    const out: Diagnostic[] = [];
    // A core step that provides a mount (Linux's initial rootfs) has mounted a ramfs there
    // (compiler/vfs/core-mount.ts).
    const coreMounts = new Map<string, CoreStep>();
    for (const step of ctx.compiled.steps) for (const cap of step.provides) if (cap.startsWith('mount:') && !coreMounts.has(cap.slice(6) || '/')) coreMounts.set(cap.slice(6) || '/', step);
    // A mount effect that fails unmounts what it mounted (compiler/effects.ts rollbackMounts): its
    // points are free again for the effects after it. The replay of the default order on the
    // machine's VFS says which fail, where the checker reads the host.
    const failed = ctx.host ? new Set(defaultReplay(ctx.compiled, ctx.host).failures.map((f) => f.effect)) : new Set();
    for (const e of ctx.compiled.entries) {
      // A term-only entry has no init function: its effects never run at boot.
      if (e.fn === null) continue;
      for (const effect of e.effects) {
        if (effect.kind !== 'mount') continue;
        // Its own points, for a second mount of one inside it; later effects see them only when it does not fail.
        const own = new Set<string>();
        for (const m of mountsOf(effect.args, env)) {
          const core = coreMounts.get(m.at);
          if (core && ctx.position.get(core.id)! < ctx.position.get(e.id)!) {
            out.push({
              code: this.code,
              severity: 'error',
              message: `${named(ctx.graph.byId.get(e.id)!)} mounts ${m.fs} at ${m.at}, where core step "${core.title}" has mounted a ramfs already: the mount fails with EBUSY`,
              source: m.origin === 'effect' ? effect.source : m.source.file ? m.source : effect.source,
              hint: `mount at another directory than ${m.at}`,
              subjects: [e.id],
            });
            continue;
          }
          const earlier = own.has(m.at) ? { entry: e.id, effect } : first.get(m.at);
          if (!earlier) {
            own.add(m.at);
            if (!failed.has(effect)) first.set(m.at, { entry: e.id, effect });
            continue;
          }
          const node = ctx.graph.byId.get(e.id);
          const other = ctx.graph.byId.get(earlier.entry);
          out.push({
            code: this.code,
            severity: 'error',
            message: `${node ? named(node) : `\`${e.id}\``} mounts ${m.fs} at ${m.at}, which ${earlier.entry === e.id ? 'the same entry' : other ? named(other) : `\`${earlier.entry}\``} also mounts: the second mount fails with EBUSY`,
            source: m.origin === 'effect' ? effect.source : m.source.file ? m.source : effect.source,
            related: [{ message: `the other mount at ${m.at}`, source: earlier.effect.source }],
            hint: `keep one mount at ${m.at}, or mount the other at another directory`,
            subjects: [e.id],
          });
        }
      }
    }
    return out;
  },
};
