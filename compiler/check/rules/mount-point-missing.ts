import { mountOverOf, type Diagnostic, type Entry, type Mount } from '../../types.js';
import { extractMountsRamfs, mountRows, parentMount, ukopts } from '../../effects.js';
import { defaultReplay } from '../fs-replay.js';
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
    const fstabUsers = ctx.compiled.entries.filter((e) => e.effects.some((f) => f.kind === 'mount' && f.args.from === 'fstab'));
    if (fstabUsers.length === 0 || plan.mounts.length === 0) return single;
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
    if (ctx.host) {
      // What holds a row's parent directory when it runs is decided by every mount before it
      // (where mounts stack, a later mount over a parent hides the points made before it; where
      // they do not, a mount that failed or was rolled back holds nothing): the replay of the
      // default order on the machine's VFS says what is there.
      const { failures } = defaultReplay(ctx.compiled, ctx.host);
      for (const f of failures) {
        if (f.effect.kind !== 'mount' || f.effect.args.from !== 'fstab' || !f.mount || !f.missingUnder) continue;
        // The first failure, in a tree the initrd was unpacked into, is initrd-unusable's.
        if (f === failures[0] && f.initrd) continue;
        report(f.entry.id, f.mount, f.missingUnder.point, f.missingUnder.source === 'initrd0' ? 'initrd' : f.missingUnder.type);
      }
      return [...single, ...out];
    }
    // Without the host (a plan checked as text): the declarations, in the default order.
    // Who creates each mount point: the fstab, or a single mount effect of some entry.
    const made = new Map<string, string>();
    // A core step that provides a mount (Linux's initial rootfs) mounts a fresh ramfs there.
    for (const step of ctx.compiled.steps) for (const cap of step.provides) if (cap.startsWith('mount:')) made.set(cap.slice('mount:'.length) || '/', 'ramfs');
    for (const m of plan.mounts) if (!made.has(m.at)) made.set(m.at, m.fs);
    for (const e of ctx.compiled.entries) {
      for (const f of e.effects) if (f.kind === 'mount' && typeof f.args.at === 'string' && !made.has(f.args.at)) made.set(f.args.at, String(f.args.fs ?? 'ramfs'));
    }
    // Extractions into a directory, by the position of the entry that does them: only one that
    // runs before the mount (in every boot) can have created the mount point.
    const extractions = ctx.compiled.entries.flatMap((e) => e.effects.flatMap((f, i) => (f.kind === 'extract-initrd' ? [{ entry: e, effect: i, to: String(f.args.to ?? '/') }] : [])));
    // `into(to)`: which extraction targets count.
    const filledBefore = (user: Entry, into: (to: string) => boolean): boolean => extractions.some((x) => {
      if (!into(x.to)) return false;
      if (x.entry === user) return x.effect < user.effects.findIndex((f) => f.kind === 'mount' && f.args.from === 'fstab');
      const a = ctx.graph.byId.get(x.entry.id)!;
      const b = ctx.graph.byId.get(user.id)!;
      return a.key < b.key;
    });
    // A point an earlier row mounted on exists (a second mount there is mount-point-busy's), and
    // so does one an earlier mkmp row created on the way to a point beneath it.
    const makes = (r: Mount, at: string) => r.at === at || (ukopts(r).includes('mkmp') && r.at.startsWith(`${at}/`));
    const madeByEarlierRow = (i: number, at: string) => plan.mounts.slice(0, i).some((r) => makes(r, at));
    // The rows of the other mount effects that run before `user`'s fstab in the default order
    // (those of its own earlier effects included, and another entry's fstab, judged as though it
    // worked): a point one of them mounted or created on the way exists. (Mounted twice, it is
    // mount-point-busy's: the machine fails with EBUSY.)
    const rowsBefore = (user: Entry): Mount[] => {
      const fstabAt = user.effects.findIndex((f) => f.kind === 'mount' && f.args.from === 'fstab');
      return ctx.compiled.entries.flatMap((e) => {
        if (e.fn === null) return [];
        const effects = e === user ? e.effects.slice(0, fstabAt) : (ctx.position.get(e.id)! < ctx.position.get(user.id)! ? e.effects : []);
        return effects.flatMap((f) => (f.kind === 'mount' ? mountRows(f.args, plan) : []));
      });
    };
    const madeBefore = (user: Entry, at: string, made: (r: Mount, at: string) => boolean = makes): boolean => rowsBefore(user).some((r) => made(r, at));
    const stepsBefore = (user: Entry) => ctx.compiled.steps.filter((step) => ctx.position.get(step.id)! < ctx.position.get(user.id)!)
      .flatMap((step) => step.provides.filter((c) => c.startsWith('mount:')).map((c) => c.slice('mount:'.length) || '/'));
    /**
     * The last mount at `point` before row `i` of `user`'s fstab: core steps (a ramfs) and other
     * entries' mount rows in the default order, then `user`'s own earlier effects and rows.
     */
    const lastMountBefore = (user: Entry, i: number, point: string): Pick<Mount, 'fs' | 'dev'> | undefined => {
      const fstabAt = user.effects.findIndex((f) => f.kind === 'mount' && f.args.from === 'fstab');
      const rowsOf = (effects: readonly Entry['effects'][number][]) => effects.flatMap((f) => (f.kind === 'mount' ? mountRows(f.args, plan) : []));
      const before = [
        ...ctx.compiled.steps.map((s) => ({ at: ctx.position.get(s.id)!, rows: s.provides.filter((c) => c.startsWith('mount:')).map((c) => ({ at: c.slice('mount:'.length) || '/', fs: 'ramfs', dev: 'none', opts: '' })) })),
        ...ctx.compiled.entries.filter((x) => x !== user && x.fn !== null).map((x) => ({ at: ctx.position.get(x.id)!, rows: rowsOf(x.effects) })),
      ].filter((n) => n.at < ctx.position.get(user.id)!).sort((a, b) => a.at - b.at).flatMap((n) => n.rows);
      const rows = [...before, ...rowsOf(user.effects.slice(0, fstabAt)), ...plan.mounts.slice(0, i)];
      // (An extract row there is an extraction into the parent: the row is not judged, below.)
      return rows.reverse().find((r) => r.at === point);
    };
    // A row whose point is mounted already fails with EBUSY and ends the fstab there: the rows
    // after it are never tried.
    const stack = mountOverOf(ctx.compiled.profile) === 'stack';
    // An extraction with ramfs=0 unpacks into what is there: it mounts nothing.
    const mounts = (r: Mount) => r.fs !== 'extract' || extractMountsRamfs(r, false);
    const busy = (user: Entry, i: number) => {
      // Where mounts stack (Linux), a second mount of a point goes on top: the fstab goes on.
      if (stack) return false;
      const m = plan.mounts[i]!;
      // An extraction that mounts nothing over a mount (ramfs=0, ramfs=2) is refused nothing.
      if (m.fs === 'extract' && !extractMountsRamfs(m, true)) return false;
      return plan.mounts.slice(0, i).some((r) => r.at === m.at && mounts(r)) || madeBefore(user, m.at, (r, point) => r.at === point && mounts(r)) || stepsBefore(user).includes(m.at);
    };
    /** Whether `path` is `dir` or beneath it. */
    const within = (path: string, dir: string) => dir === '/' || path === dir || path.startsWith(`${dir}/`);
    for (const e of fstabUsers) {
      for (const [i, m] of plan.mounts.entries()) {
        if (busy(e, i)) break;
        if (m.at === '/' || ukopts(m).includes('mkmp') || madeByEarlierRow(i, m.at) || madeBefore(e, m.at)) continue;
        // The mount holding the point's directory when the row runs: among the points mounted by
        // then (earlier rows, entries and core steps before it), not the whole plan's.
        const parent = parentMount(m.at, [...plan.mounts.slice(0, i).map((r) => r.at), ...rowsBefore(e).map((r) => r.at), ...stepsBefore(e)]);
        // Where mounts stack, the last mount at the parent before the row is the one it shows;
        // elsewhere a second one failed (EBUSY) and the first is.
        const top = stack ? lastMountBefore(e, i, parent) : undefined;
        const fs = top?.fs ?? made.get(parent);
        // An extraction before the row (an extract-initrd effect, or an extract row) may have put
        // the folder there, which only the host shows: one into the point or beneath it made it on
        // its way (mkdir -p), one into the parent mount or between it and the point unpacked into
        // the parent, and one above the parent went through it, unless an earlier row of this
        // fstab mounted the parent after it (that mount hides what it unpacked).
        const mountedAt = plan.mounts.slice(0, i).map((r) => (r.fs !== 'extract' || extractMountsRamfs(r, true) ? r.at : null)).lastIndexOf(parent);
        const fills = (to: string, row?: number): boolean => {
          if (within(to, m.at)) return true;
          if (!within(m.at, to)) return false;
          return within(to, parent) || mountedAt < 0 || (row !== undefined && row > mountedAt);
        };
        if (filledBefore(e, (to) => fills(to)) || plan.mounts.slice(0, i).some((r, k) => r.fs === 'extract' && fills(r.at, k)) || rowsBefore(e).some((r) => r.fs === 'extract' && fills(r.at))) continue;
        // (Without the host a 9p share's folders cannot be read: no claim under one.)
        if (fs === 'ramfs' || fs === 'devfs') report(e.id, m, parent, fs);
      }
    }
    return [...single, ...out];
  },
};

/**
 * Single `mount` effects with `mkmp: false` whose point is missing when they run: the replay of
 * the default order on the machine's VFS (compiler/check/fs-replay.ts) says so, for every profile.
 */
function singleMountsMissing(ctx: CheckContext, code: string): Diagnostic[] {
  if (!ctx.host || !ctx.compiled.entries.some((e) => e.effects.some((f) => f.kind === 'mount' && f.args.from !== 'fstab' && f.args.mkmp === false))) return [];
  const { stop, failures } = defaultReplay(ctx.compiled, ctx.host);
  // The failure initrd-unusable reports (the stop, else the first) in a tree the initrd was unpacked into is its own.
  return failures.filter((f) => f.effect.kind === 'mount' && f.effect.args.from !== 'fstab' && f.mount && f.missingUnder && !(f.initrd && f === (stop ?? failures[0]))).map((f) => ({
    code,
    severity: 'error' as const,
    message: `${named(ctx.graph.byId.get(f.entry.id)!)} mounts ${f.mount!.fs} at ${f.mount!.at} with \`mkmp: false\`, but ${f.mount!.at} does not exist when it runs: ${f.missingUnder!.point} holds a ${f.missingUnder!.source === 'initrd0' ? 'tree unpacked from the initrd' : f.missingUnder!.type} without it`,
    source: f.effect.source,
    hint: `let the effect create its mount point (leave out \`mkmp: false\`), or make ${f.mount!.at} before it runs`,
    witness: defaultWitness(ctx, { kind: 'return', entry: f.entry.id, rc: f.rc }),
    subjects: [f.entry.id],
  }));
}
