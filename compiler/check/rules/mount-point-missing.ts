import type { Diagnostic, Mount } from '../../types.js';
import { defaultReplay, openHost } from '../fs-replay.js';
import { named, type CheckContext, type Rule } from '../rule.js';
import { defaultWitness } from '../witness.js';
import { UNIKRAFT_EXAMPLE } from './examples.js';


export const mountPointMissing: Rule = {
  code: 'mount-point-missing',
  severity: 'error',
  title: 'an fstab mount needs a directory that cannot exist',
  doc: `vfscore's automount mounts each fstab entry on an existing directory; only the \`mkmp\`
ukopt (\`dev:/dir:fs:::mkmp\`) creates a missing one. A directory under a freshly mounted ramfs or
devfs cannot exist yet, so such an entry fails with -ENOENT, vfscore unmounts what it mounted
and the init function's error stops the boot. Under a 9p share the checker looks in the host
folder the machine reads. The checker finds what holds each row's directory, and whether the
directory is there, by replaying the default order's mounts and extractions on the machine's VFS:
a mount that failed or was rolled back holds nothing, and where mounts stack (Linux) a later mount
hides what was mounted beneath it. Past a failed row the rows after it are judged as a replay that
goes on past failures tries them. (A single \`mount\` effect creates its own mount point, as
devfs_automount does, unless it says \`mkmp: false\`: the same replay then says whether the
directory is there.)

Fix: add \`mkmp\` to the fstab entry, or mount the directory from an entry of its own.`,
  example: {
    failing: `${UNIKRAFT_EXAMPLE}cmdline: 'vfs.fstab=["none:/:ramfs" "none:/tmp:ramfs"] --'
libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }
`,
    fixed: `${UNIKRAFT_EXAMPLE}cmdline: 'vfs.fstab=["none:/:ramfs" "none:/tmp:ramfs:::mkmp"] --'
libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }
`,
  },
  check(ctx) {
    const { plan } = ctx.compiled;
    const single = singleMountsMissing(ctx, this.code);
    // Without an fstab no row can fail (the check only saves the replay).
    if (plan.mounts.length === 0) return single;
    const out: Diagnostic[] = [];
    const report = (entry: string, m: Mount, parent: string, fs: string) => {
      out.push({
        code: this.code,
        severity: 'error',
        message: fs === '9pfs'
          ? `${named(ctx.graph.byId.get(entry)!)} mounts ${m.fs} at ${m.at} from the fstab, but the 9p share mounted at ${parent} has no ${m.at.slice(parent === '/' ? 1 : parent.length + 1)} folder and the entry has no mkmp`
          : fs === 'initrd'
            ? `${named(ctx.graph.byId.get(entry)!)} mounts ${m.fs} at ${m.at} from the fstab, but the initrd unpacked at ${parent} has no ${m.at.slice(parent === '/' ? 1 : parent.length + 1)} directory and the entry has no mkmp`
            : `${named(ctx.graph.byId.get(entry)!)} mounts ${m.fs} at ${m.at} from the fstab, but ${m.at} cannot exist: ${parent} is a fresh ${fs} and the entry has no mkmp`,
        source: m.source,
        hint: `add the mkmp ukopt (\`${m.dev}:${m.at}:${m.fs}:::mkmp\`)`,
        witness: defaultWitness(ctx, { kind: 'return', entry, rc: -2 }),
        subjects: [entry],
      });
    };
    // What holds a row's parent directory when it runs is decided by every mount before it
    // (where mounts stack, a later mount over a parent hides the points made before it; where
    // they do not, a mount that failed or was rolled back holds nothing): the replay of the
    // default order on the machine's VFS says what is there. Without the host (a plan checked as
    // text) the replay runs on one whose shares and initrd hold every folder a row could need:
    // what is missing then is missing under a fresh ramfs or devfs whatever the host holds.
    const { failures } = defaultReplay(ctx.compiled, ctx.host ?? openHost(ctx.compiled));
    for (const f of failures) {
      // (Only a mount row's failure has missingUnder, and then its row.)
      if (!f.missingUnder || f.effect.args.from !== 'fstab') continue;
      // The first failure, in a tree the initrd was unpacked into, is initrd-unusable's.
      if (f === failures[0] && f.initrd) continue;
      // (An extraction that failed left its ramfs empty: a fresh one, no unpacked tree.)
      const fs = f.initrd ? 'initrd' : f.missingUnder.type;
      if (!ctx.host && (f.initrd || (fs !== 'ramfs' && fs !== 'devfs'))) continue;
      report(f.entry.id, f.mount!, f.missingUnder.point, fs);
    }
    return [...single, ...out];
  },
};

/**
 * Single `mount` effects with `mkmp: false` whose point is missing when they run: the replay of
 * the default order on the machine's VFS (compiler/check/fs-replay.ts) says so, for every profile.
 */
function singleMountsMissing(ctx: CheckContext, code: string): Diagnostic[] {
  // Judged only with the host, on the replay of what the machine reads.
  if (!ctx.host) return [];
  const { stop, failures } = defaultReplay(ctx.compiled, ctx.host);
  // The failure initrd-unusable reports (the stop, else the first) in a tree the initrd was unpacked into is its own.
  return failures.filter((f) => f.missingUnder && f.effect.args.from !== 'fstab' && !(f.initrd && f === (stop ?? failures[0]))).map((f) => ({
    code,
    severity: 'error' as const,
    message: `${named(ctx.graph.byId.get(f.entry.id)!)} mounts ${f.mount!.fs} at ${f.mount!.at} with \`mkmp: false\`, but ${f.mount!.at} does not exist when it runs: ${f.missingUnder!.point} holds a ${f.initrd ? 'tree unpacked from the initrd' : f.missingUnder!.type} without it`,
    source: f.effect.source,
    hint: `let the effect create its mount point (leave out \`mkmp: false\`), or make ${f.mount!.at} before it runs`,
    witness: defaultWitness(ctx, { kind: 'return', entry: f.entry.id, rc: f.rc }),
    subjects: [f.entry.id],
  }));
}
