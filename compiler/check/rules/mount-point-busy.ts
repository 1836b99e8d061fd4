import { EFFECTS, extractMountsRamfs, mountListEnvironment } from '../../effects.js';
import type { HostFs } from '../../host.js';
import { mountOverOf, type CoreStep, type Diagnostic, type Effect, type Mount } from '../../types.js';
import { defaultReplay } from '../fs-replay.js';
import { named, type CheckContext, type Rule } from '../rule.js';
import { defaultWitness } from '../witness.js';
import { UNIKRAFT_EXAMPLE } from './examples.js';

export const mountPointBusy: Rule = {
  code: 'mount-point-busy',
  severity: 'error',
  title: 'two mounts of one mount point',
  doc: `Two mounts in the plan (from \`mounts\`, \`vfs.fstab\` on the command line, or mount effects)
mount a filesystem at the same directory, in a profile whose mount table refuses that
(\`mountOver: busy\`): vfscore refuses the second with EBUSY ("... is already a mount point",
unikraft/unikraft lib/vfscore/mount.c), and so does Zephyr's fs_mount ("mount point already
exists"). The init function that performs it fails and the boot stops, whichever of the two runs
first. The checker replays the default order's mounts on the machine's VFS and reports the one
that runs second there, with that order as the witness: a mount effect that fails takes its mounts
off again, so they hold no point for the mounts after it, and a mount the boot never reaches
refuses nothing. Linux stacks mounts instead (\`mountOver: stack\`): the second goes on top and hides the
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
    // Where mounts stack, a second mount of a point is no error (each mount is a new filesystem,
    // so the one case Linux refuses, the same one again, cannot be written in a plan).
    if (mountOverOf(ctx.compiled.profile) === 'stack') return [];
    // Without a mount effect nothing can be mounted twice (a core step mounts where nothing is).
    if (!ctx.notable.effects.some((e) => e.fn !== null && e.effects.some((f) => f.kind === 'mount'))) return [];
    return ctx.host ? fromReplay(ctx, this.code, ctx.host) : fromDeclarations(ctx, this.code);
  },
};

/** Where a mount row or effect is written: the row's own line for an fstab row, else the effect. */
function sourceOf(m: Mount, effect: Effect) {
  return m.origin === 'effect' ? effect.source : m.source;
}

/** What already holds the point: a core step's mount, or another mount effect (of `entry`). */
type Holder = { step: CoreStep } | { entry: string; effect: Effect };

/** The diagnostic for `entry`'s mount `m` (in `effect`) of a point `holder` holds already. */
function busyDiagnostic(ctx: CheckContext, code: string, entry: string, m: Mount, effect: Effect, holder: Holder): Diagnostic {
  const name = named(ctx.graph.byId.get(entry)!);
  const common = { code, severity: 'error' as const, source: sourceOf(m, effect), subjects: [entry] };
  if ('step' in holder) {
    return { ...common, message: `${name} mounts ${m.fs} at ${m.at}, where core step "${holder.step.title}" has mounted a ramfs already: the mount fails with EBUSY`, hint: `mount at another directory than ${m.at}` };
  }
  const other = holder.entry === entry ? 'the same entry' : named(ctx.graph.byId.get(holder.entry)!);
  return {
    ...common,
    message: `${name} mounts ${m.fs} at ${m.at}, which ${other} also mounts: the second mount fails with EBUSY`,
    related: [{ message: `the other mount at ${m.at}`, source: holder.effect.source }],
    hint: `keep one mount at ${m.at}, or mount the other at another directory`,
  };
}

/**
 * The mounts refused with EBUSY in the replay of the default order on the machine's VFS
 * (compiler/check/fs-replay.ts): the second mount of a point that is still mounted when it runs.
 * A mount effect that failed took its mounts off again, and a row that was never tried (the boot
 * stopped before it) refuses nothing. The one reported is the one that runs second, and the
 * witness is that order (in any order one of the two fails).
 */
function fromReplay(ctx: CheckContext, code: string, host: HostFs): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const f of defaultReplay(ctx.compiled, host).failures) {
    if (!f.busyWith || !f.mount) continue;
    const holder = 'step' in f.busyWith ? f.busyWith : { entry: f.busyWith.entry.id, effect: f.busyWith.effect };
    out.push({ ...busyDiagnostic(ctx, code, f.entry.id, f.mount, f.effect, holder), witness: defaultWitness(ctx, { kind: 'return', entry: f.entry.id, rc: f.rc }) });
  }
  return out;
}

/**
 * Without the host the replay cannot read initrds and 9p shares, so the mounts are compared as
 * declared, in the default order: every second mount of a point, as though every mount before it
 * worked. No witness: whether the first one mounts can depend on what the host holds.
 */
function fromDeclarations(ctx: CheckContext, code: string): Diagnostic[] {
  const env = mountListEnvironment(ctx.compiled.plan);
  const first = new Map<string, { entry: string; effect: Effect }>();
  const out: Diagnostic[] = [];
  // A core step that provides a mount (Linux's initial rootfs) has mounted a ramfs there
  // (compiler/vfs/core-mount.ts).
  const coreMounts = new Map<string, CoreStep>();
  for (const step of ctx.compiled.steps) for (const cap of step.provides) if (cap.startsWith('mount:') && !coreMounts.has(cap.slice(6) || '/')) coreMounts.set(cap.slice(6) || '/', step);
  const entries = [...ctx.compiled.entries].sort((a, b) => ctx.position.get(a.id)! - ctx.position.get(b.id)!);
  for (const e of entries) {
    // A term-only entry has no init function: its effects never run at boot.
    if (e.fn === null) continue;
    for (const effect of e.effects) {
      if (effect.kind !== 'mount') continue;
      for (const m of EFFECTS.mount!.contract(effect.args, env).mounts!) {
        const core = coreMounts.get(m.at);
        const earlier = core && ctx.position.get(core.id)! < ctx.position.get(e.id)! ? { step: core } : first.get(m.at);
        // `extract` with ramfs=0, or ramfs=2 over a mount, unpacks into what is there: no new mount.
        if (m.fs === 'extract' && !extractMountsRamfs(m, earlier !== undefined)) continue;
        if (earlier) out.push(busyDiagnostic(ctx, code, e.id, m, effect, earlier));
        else first.set(m.at, { entry: e.id, effect });
      }
    }
  }
  return out;
}
