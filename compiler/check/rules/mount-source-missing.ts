import type { Diagnostic } from '../../types.js';
import { named, type Rule } from '../rule.js';
import { defaultWitness } from '../witness.js';
import { UNIKRAFT_EXAMPLE } from './examples.js';

export const mountSourceMissing: Rule = {
  code: 'mount-source-missing',
  severity: 'error',
  title: 'a mount names a source device nobody attaches',
  doc: `A 9pfs mount (from \`mounts\`, \`vfs.fstab\` on the command line, or a mount effect) names a
device tag that no device in the plan has, so the bus probe never attaches it and the mount fails
at boot ("Failed to mount ..." followed by the init function's error and a halt).

Fix: add the device (\`devices: [{ kind: virtio-9p, tag: fs0, hostdir: ... }]\`) or correct the tag.`,
  example: {
    failing: `${UNIKRAFT_EXAMPLE}cmdline: 'vfs.fstab=["fs1:/:9pfs"] --'
libraries:
  ukbus:
    initcalls:
      - { fn: uk_bus_lib_init, level: plat, prio: 0, effects: [{ probe-buses: {} }] }
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }
devices:
  - { kind: virtio-9p, tag: fs0 }
`,
    fixed: `${UNIKRAFT_EXAMPLE}cmdline: 'vfs.fstab=["fs0:/:9pfs"] --'
libraries:
  ukbus:
    initcalls:
      - { fn: uk_bus_lib_init, level: plat, prio: 0, effects: [{ probe-buses: {} }] }
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }
devices:
  - { kind: virtio-9p, tag: fs0, hostdir: . }
`,
  },
  check(ctx) {
    const out: Diagnostic[] = [];
    const tags = ctx.compiled.plan.devices.map((d) => d.tag);
    for (const { entry, capability, term } of ctx.graph.unprovided) {
      if (term || !capability.startsWith('dev:')) continue;
      const effect = entry.effects.find((e) => e.kind === 'mount' && e.uses.includes(capability));
      if (!effect) continue;
      const tag = capability.slice(4);
      const mount = ctx.compiled.plan.mounts.find((m) => m.dev === tag);
      // The device may be in the plan and still never attached: nothing probes the buses.
      const listed = tags.includes(tag);
      out.push({
        code: this.code,
        severity: 'error',
        message: listed
          ? `${named(ctx.graph.byId.get(entry.id)!)} mounts from device "${tag}", which the plan has but no entry attaches: nothing probes the buses`
          : `${named(ctx.graph.byId.get(entry.id)!)} mounts from device "${tag}", which no device attaches${tags.length > 0 ? ` (devices: ${tags.join(', ')})` : ' (the plan has no devices)'}`,
        source: mount?.source ?? effect.source,
        related: [{ message: 'the mount effect', source: effect.source }],
        hint: listed
          ? 'add the bus probe: `{ fn: uk_bus_lib_init, level: plat, prio: 0, effects: [{ probe-buses: {} }] }` (Unikraft\'s ukbus)'
          : `add \`{ kind: virtio-9p, tag: ${tag} }\` under devices, or mount a device that exists`,
        witness: defaultWitness(ctx, { kind: 'fault', entry: entry.id, capability }),
        subjects: [entry.id],
      });
    }
    return out;
  },
};
