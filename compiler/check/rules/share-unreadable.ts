import { EFFECTS, mountListEnvironment } from '../../effects.js';
import { hostPathOf } from '../../host.js';
import type { Device, Diagnostic, Entry } from '../../types.js';
import { named, type CheckContext, type Rule } from '../rule.js';
import { defaultWitness } from '../witness.js';
import { UNIKRAFT_EXAMPLE } from './examples.js';

/** Why the machine cannot read a 9p device's host folder, with the errno it fails with; null when it can. */
function unreadable(ctx: CheckContext, device: Device): { why: string; rc: number } | null {
  if (device.kind !== 'virtio-9p') return { why: `is a ${device.kind} device, not a 9p share`, rc: -19 };
  if (device.hostdir === undefined) return { why: 'has no `hostdir`', rc: -22 };
  if (!ctx.host) return null;
  const path = hostPathOf(device.hostdir, ctx.compiled.plan.source.file);
  const kind = ctx.host.kind(path);
  if (kind === null) return { why: `shares ${device.hostdir}, which does not exist`, rc: -2 };
  if (kind !== 'dir') return { why: `shares ${device.hostdir}, which is not a folder`, rc: -20 };
  return null;
}

export const shareUnreadable: Rule = {
  code: 'share-unreadable',
  severity: 'error',
  title: 'a 9pfs mount from a device whose host folder cannot be read',
  doc: `A virtio-9p device shares a folder of the host (\`hostdir\`); a 9pfs mount from its tag reads
that folder. When the tag is another kind of device (a virtio-net), the device has no \`hostdir\`,
or the folder does not exist or is a file, there is nothing to share (ENODEV for the first): QEMU refuses to start with such a \`-virtfs\` path, and the emulated machine
fails the mount (EINVAL, ENOENT, ENOTDIR), which ends the init function with that error and stops
the boot. The checker reads the host folder the machine would read, relative to the plan's folder.

Fix: give the device the folder to share (\`hostdir: ./guest_fs\`), or correct the path.`,
  example: {
    failing: `${UNIKRAFT_EXAMPLE}devices:
  - { kind: virtio-9p, tag: fs0 }
libraries:
  ukbus:
    initcalls:
      - { fn: uk_bus_lib_init, level: plat, prio: 0, effects: [{ probe-buses: {} }] }
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { dev: fs0, at: /, fs: 9pfs } }] }
`,
    fixed: `${UNIKRAFT_EXAMPLE}devices:
  - { kind: virtio-9p, tag: fs0, hostdir: . }
libraries:
  ukbus:
    initcalls:
      - { fn: uk_bus_lib_init, level: plat, prio: 0, effects: [{ probe-buses: {} }] }
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { dev: fs0, at: /, fs: 9pfs } }] }
`,
  },
  check(ctx) {
    const { plan } = ctx.compiled;
    const shares = plan.devices;
    // Only an attached device is read: a mount before the first bus probe of the default order
    // (the witness's) fails before (ENODEV, or a fault), which mount-source-missing,
    // state-by-hand and the ordering rules report.
    const probes = ctx.notable.effects.filter((e) => e.fn !== null && e.effects.some((f) => f.kind === 'probe-buses'));
    if (shares.length === 0 || probes.length === 0) return [];
    const firstProbe = Math.min(...probes.map((e) => ctx.position.get(e.id)!));
    const probedBefore = (e: Entry, effect: number) => ctx.position.get(e.id)! > firstProbe || (ctx.position.get(e.id) === firstProbe && e.effects.slice(0, effect).some((f) => f.kind === 'probe-buses'));
    const env = mountListEnvironment(plan);
    const out: Diagnostic[] = [];
    for (const e of ctx.notable.effects) {
      if (e.fn === null) continue;
      const seen = new Set<string>();
      for (const [i, f] of e.effects.entries()) {
        if (f.kind !== 'mount' || !probedBefore(e, i)) continue;
        for (const m of EFFECTS.mount!.contract(f.args, env).mounts ?? []) {
          const device = m.fs === '9pfs' ? shares.find((d) => d.tag === m.dev) : undefined;
          if (!device || seen.has(device.tag)) continue;
          seen.add(device.tag);
          const problem = unreadable(ctx, device);
          if (!problem) continue;
          out.push({
            code: this.code,
            severity: 'error',
            message: `${named(ctx.graph.byId.get(e.id)!)} mounts 9p device "${device.tag}" at ${m.at}, but the device ${problem.why}: the mount fails with ${problem.rc}`,
            source: device.hostdir === undefined || device.kind !== 'virtio-9p' ? device.source : { file: device.source.file, path: [...device.source.path, 'hostdir'] },
            related: [{ message: 'the mount', source: m.origin === 'effect' ? f.source : m.source }],
            hint: device.kind !== 'virtio-9p' ? `mount a virtio-9p device's tag, not ${device.tag}` : device.hostdir === undefined ? `add \`hostdir: <folder to share>\` to device ${device.tag}` : `point hostdir at an existing folder (relative to the plan's folder)`,
            witness: defaultWitness(ctx, { kind: 'return', entry: e.id, rc: problem.rc }),
            subjects: [e.id],
          });
        }
      }
    }
    return out;
  },
};
