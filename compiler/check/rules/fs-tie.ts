import { mountListEnvironment, EFFECTS } from '../../effects.js';
import type { Diagnostic, Entry } from '../../types.js';
import { mountOverOf } from '../../types.js';
import { defaultReplay, replayInOrder, type FsFailure } from '../fs-replay.js';
import { named, place, type Rule } from '../rule.js';
import { defaultWitness, movedOrder, swapWitness } from '../witness.js';
import { UNIKRAFT_EXAMPLE } from './examples.js';

const PLAN = `${UNIKRAFT_EXAMPLE}initrd: rootfs
mounts:
  - { dev: none, at: /, fs: ramfs }
libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }
  unpack:
    initcalls:
      - { fn: unpack_initrd, level: rootfs, prio: 5, effects: [{ extract-initrd: { to: / } }] }
`;

/** Pairs tried per plan: each costs one replay of the whole boot's filesystem effects. */
const MAX_PAIRS = 64;

const changesFs = (e: Entry) => e.fn !== null && e.effects.some((f) => f.kind === 'mount' || f.kind === 'extract-initrd');
const failureKey = (f: FsFailure) => `${f.entry.id} ${f.rc} ${f.mount?.at ?? ''}`;

/** The mount points an entry's `mount` effects mount (for leaving two mounts of one point to mount-point-busy). */
function pointsOf(e: Entry, env: ReturnType<typeof mountListEnvironment>): Set<string> {
  return new Set(e.effects.flatMap((f) => (f.kind === 'mount' ? (EFFECTS.mount!.contract(f.args, env).mounts ?? []).map((m) => m.at) : [])));
}

export const fsTie: Rule = {
  code: 'fs-tie',
  severity: 'error',
  title: 'two entries at one key change the filesystem, and their order changes the outcome',
  doc: `Two entries share a key (same table, level and priority), so the link order decides which
runs first, and nothing the checker sees orders them: neither uses what the other provides. But
their filesystem effects do not commute: one mounts over a directory the other unpacks the initrd
into or needs, one unpacks into a point the other mounts, a mount hides what the other made. The
checker replays the mounts and extractions of both orders on the machine's VFS, with the initrd
and 9p shares the machine reads: where an effect fails in one order only, the witness is the link
order that makes it fail; where neither fails but the tree they leave differs, the witness is the
order that runs them the other way round, and the boot is not one boot but two.

Fix: give them different priorities (\`prio: after(LIB.FN)\` on the one that must run second), or
move one to another level.`,
  example: {
    failing: `${PLAN}  data:
    initcalls:
      - { fn: mount_data, level: rootfs, prio: 5, effects: [{ mount: { dev: none, at: /data, fs: ramfs, mkmp: false } }] }
`,
    fixed: `${PLAN}  data:
    initcalls:
      - { fn: mount_data, level: rootfs, prio: 'after(unpack.unpack_initrd)', effects: [{ mount: { dev: none, at: /data, fs: ramfs, mkmp: false } }] }
`,
    hostFiles: { 'rootfs/data/.keep': '' },
  },
  check(ctx) {
    const { compiled } = ctx;
    // Ties in link order are one boot (Linux); the thread model has fs-race; without the host
    // the initrd and shares are not there to replay.
    if (compiled.profile.ties === 'link-order' || ctx.graph.hb || !ctx.host) return [];
    const candidates = ctx.notable.effects.filter(changesFs);
    if (candidates.length < 2) return [];
    const groups = new Map<number, Entry[]>();
    for (const e of candidates) {
      const group = groups.get(e.key);
      if (group) group.push(e);
      else groups.set(e.key, [e]);
    }
    // Pairs the graph links are race's (a use of what the other provides, after/before).
    const linked = new Set(ctx.doubtful.flatMap((edge) => [`${edge.from}\n${edge.to}`, `${edge.to}\n${edge.from}`]));
    const busy = mountOverOf(compiled.profile) === 'busy';
    const env = mountListEnvironment(compiled.plan);
    const host = ctx.host;
    let base: { failures: readonly FsFailure[]; tree: string[]; stopped: boolean } | undefined;
    const out: Diagnostic[] = [];
    let budget = MAX_PAIRS;
    for (const group of groups.values()) {
      if (group.length < 2) continue;
      // (The group is in declaration order, which is the default order inside a key.)
      if (!base) {
        const replay = defaultReplay(compiled, host);
        base = { failures: replay.failures, tree: replay.tree(), stopped: replay.stop !== null };
      }
      // A failure before the tie is reported for itself and changes what both orders see: the
      // witness of a tie must be the first failure of its order.
      const start = ctx.position.get(group[0]!.id)!;
      if (base.failures.some((f) => ctx.position.get(f.entry.id)! < start)) continue;
      for (let i = 0; i < group.length; i++) {
        for (let j = i + 1; j < group.length && budget > 0; j++) {
          const a = group[i]!;
          const b = group[j]!;
          if (linked.has(`${a.id}\n${b.id}`)) continue;
          // Two mounts of one point where the profile refuses the second: mount-point-busy's.
          if (busy) {
            const pa = pointsOf(a, env);
            if ([...pointsOf(b, env)].some((p) => pa.has(p))) continue;
          }
          budget--;
          const failures: FsFailure[] = [];
          const swapped = replayInOrder(compiled, host, movedOrder(compiled.order, ctx.position.get(b.id)!, ctx.position.get(a.id)!), failures);
          const k = firstDifference(base.failures.map(failureKey), failures.map(failureKey));
          const na = ctx.graph.byId.get(a.id)!;
          const nb = ctx.graph.byId.get(b.id)!;
          const common = { code: this.code, severity: 'error' as const, source: b.source, related: [{ message: `${a.id}: the other entry`, source: a.source }], subjects: [b.id, a.id] };
          const hint = `give them different priorities: \`prio: after(${a.id})\` on ${b.id} keeps the declared order`;
          if (k >= 0 && failures[k]) {
            const f = failures[k]!;
            out.push({
              ...common,
              message: `${named(nb)} and ${named(na)} both change the filesystem at ${place(nb)}, and nothing orders them: in a link order that runs ${b.id} first, ${f.entry.id} fails with ${f.rc} (${f.detail})`,
              hint,
              witness: swapWitness(ctx, b.id, [a.id], { kind: 'return', entry: f.entry.id, rc: f.rc }),
            });
            continue;
          }
          if (k >= 0) {
            // The declared order fails where the other does not: the declared order is the witness.
            const f = base.failures[k]!;
            out.push({
              ...common,
              message: `${named(nb)} and ${named(na)} both change the filesystem at ${place(nb)}, and nothing orders them: in the declared order ${f.entry.id} fails with ${f.rc} (${f.detail}), in a link order that runs ${b.id} first it does not`,
              hint: `give them different priorities: \`prio: after(${b.id})\` on ${a.id} makes the order that works the only one`,
              witness: defaultWitness(ctx, { kind: 'return', entry: f.entry.id, rc: f.rc }),
            });
            continue;
          }
          // Both orders stop the boot at the same failure: what is left after it is never seen.
          if (base.stopped) continue;
          const tree = swapped.tree();
          const differs = treeDifference(base.tree, tree);
          if (differs === null) continue;
          out.push({
            ...common,
            message: `${named(nb)} and ${named(na)} both change the filesystem at ${place(nb)}, and nothing orders them: the tree they leave depends on the link order (${differs.path} is ${differs.declared} in the declared order, ${differs.swapped} with ${b.id} first)`,
            hint,
            witness: swapWitness(ctx, b.id, [a.id], { kind: 'order', entry: b.id, first: a.id }),
          });
        }
      }
    }
    return out;
  },
};

/**
 * The first path (in tree order) whose description differs between two trees of describeTree,
 * each side said in words ("a file on ramfs:none, 5 bytes", "missing"); null when they are equal.
 */
function treeDifference(declared: readonly string[], swapped: readonly string[]): { path: string; declared: string; swapped: string } | null {
  // A line is `PATH KIND FS:SOURCE[ EXTRA]` (describeTree); a path may hold spaces, so the kind
  // and filesystem are matched from the end.
  const byPath = (tree: readonly string[]) => new Map(tree.map((line) => {
    const m = /^(.*) ((?:dir|file|symlink) [^ ]*:[^ ]*(?: .*)?)$/s.exec(line);
    return m ? [m[1]!, m[2]!] : [line, ''];
  }));
  const x = byPath(declared);
  const y = byPath(swapped);
  const paths = [...new Set([...x.keys(), ...y.keys()])].sort();
  for (const path of paths) {
    if (x.get(path) !== y.get(path)) return { path, declared: said(x.get(path)), swapped: said(y.get(path)) };
  }
  return null;
}

/** `file ramfs:none 5` → "a file on ramfs:none (5 bytes)"; missing → "missing". */
function said(description: string | undefined): string {
  if (description === undefined) return 'missing';
  const [kind, fs, ...rest] = description.split(' ');
  const article = kind === 'dir' ? 'a directory' : `a ${kind}`;
  const extra = kind === 'file' ? ` (${rest[0]} bytes)` : rest.length > 0 ? ` ${rest.join(' ')}` : '';
  return `${article} on ${fs}${extra}`;
}

/** The first index where `x` and `y` differ (one ending first counts), or -1. */
function firstDifference(x: readonly string[], y: readonly string[]): number {
  for (let i = 0; i < Math.max(x.length, y.length); i++) if (x[i] !== y[i]) return i;
  return -1;
}
