/**
 * The checker's replay of the filesystem state a boot builds: the `mount` and `extract-initrd`
 * effects of the entries in the default order, on the same VFS, with the same mount rows, the same
 * initrd bytes, the same 9p snapshots and the same extraction rules the machine uses
 * (compiler/vfs, compiler/initrd.ts, `mountRows`). Capabilities are not looked at: the ordering
 * rules decide those. The replay stops after the entry whose failure stops the boot, as the
 * machine does; failures that do not (a Linux initcall, a constructor) leave the state as the
 * machine leaves it and the replay goes on. Past a failure inside an entry it goes on as a replay
 * that keeps going does (the entry's later rows and effects run), so that what it says about later
 * failures is what the replay of their witnesses shows; up to the first failure, which is what a
 * real boot stops at, the two are the same.
 */
import { extractMountsRamfs, mountRows, rollbackMounts, ukopts } from '../effects.js';
import { readInitrdImage } from '../initrd.js';
import { readCpio, type CpioEntry } from '../cpio.js';
import { hostPathOf, memoryHost, type HostFs } from '../host.js';
import { errorStopsBoot, InputError, mountOverOf, type Compiled, type CoreStep, type Effect, type Entry, type Mount } from '../types.js';
import { mountForCoreStep } from '../vfs/core-mount.js';
import { createDevfs } from '../vfs/devfs.js';
import { VfsError } from '../vfs/errno.js';
import type { Resolved } from '../vfs/lookup.js';
import { extractCpio } from '../vfs/extract.js';
import { failureOf } from '../vfs/failure.js';
import { snapshotDevice } from '../vfs/ninep.js';
import { createRamfs, type FileSystem } from '../vfs/node.js';
import { normalizePath, splitLast } from '../vfs/path.js';
import { Vfs } from '../vfs/vfs.js';

/** The first failure of the replay that stops the boot. */
export interface FsFailure {
  entry: Entry;
  effect: Effect;
  /** The mount row that failed, for a `mount` effect. */
  mount?: Mount;
  rc: number;
  detail: string;
  /**
   * Whether the initrd is what failed: reading or unpacking it, or a mount row whose mount point
   * is missing or not a directory in a tree the initrd was unpacked into.
   */
  initrd: boolean;
  /**
   * A mount row whose mount point does not exist: the mount point and driver of the filesystem
   * that holds its nearest existing ancestor then (what the directory would have to be made in).
   */
  missingUnder?: { point: string; type: string; source: string };
  /**
   * A mount row refused because its point is mounted already (EBUSY, where the profile's mounts
   * do not stack): what mounted it, an entry's effect or a core step.
   */
  busyWith?: { entry: Entry; effect: Effect } | { step: CoreStep };
}

/** What holds a mount point in the replay: the effect of an entry, or a core step. */
type Holder = NonNullable<FsFailure['busyWith']>;

class Failed extends Error {
  /** The mount row it happened in, set by the `mount` effect. */
  mount?: Mount;
  missingUnder?: { point: string; type: string; source: string };
  busyWith?: Holder;
  /** The rows of the same effect that failed after this one (a replay that keeps going tries them). */
  later: Failed[] = [];
  constructor(readonly rc: number, readonly detail: string, readonly initrd: boolean) {
    super(detail);
  }
}

/**
 * The replay of `compiled` in its default order; null when nothing stops the boot. `failures`,
 * when given, receives every effect that failed, in order, those the boot goes on past included
 * (a Linux initcall's).
 */
export function replayFilesystem(compiled: Compiled, host: HostFs, failures?: FsFailure[]): FsFailure | null {
  return replayInOrder(compiled, host, compiled.order, failures).stop;
}

/** The default order's replay with every failure it met: what the rules that read it share. */
export interface DefaultReplay extends FsReplay {
  failures: readonly FsFailure[];
}

const replays = new WeakMap<Compiled, { host: HostFs; replay: DefaultReplay }>();

/** The replay of the default order, run once per compiled plan and host (several rules read it). */
export function defaultReplay(compiled: Compiled, host: HostFs): DefaultReplay {
  const hit = replays.get(compiled);
  if (hit?.host === host) return hit.replay;
  const failures: FsFailure[] = [];
  const replay = { ...replayInOrder(compiled, host, compiled.order, failures), failures };
  replays.set(compiled, { host, replay });
  return replay;
}

/** The folder an `extract-initrd` effect unpacks into: its `to`, / by default. */
const extractionFolder = (f: Effect) => normalizePath(typeof f.args.to === 'string' ? f.args.to : '/');

const openHosts = new WeakMap<Compiled, HostFs>();

/**
 * A host that stands for contents the checker cannot read (a plan checked as text): the folder of
 * every device a mount row names, and the initrd (a folder), hold just the directories the plan's
 * mount rows could need: beneath a share, the path down to each row point beneath where a row
 * mounts it; in the initrd, the path down to each row point beneath where it is unpacked. A point
 * a replay on it still finds missing under a fresh ramfs or devfs no extraction went into is
 * missing whatever the host holds (as far as the mounts before it worked: a share's folder that
 * is not there stops the boot earlier). The same host object for the same plan, so that
 * `defaultReplay` replays it once.
 */
export function openHost(compiled: Compiled): HostFs {
  const hit = openHosts.get(compiled);
  if (hit) return hit;
  const plan = compiled.plan;
  const rows = compiled.entries.flatMap((e) => e.effects.flatMap((f) => (f.kind === 'mount' ? mountRows(f.args, plan) : [])));
  const points = rows.map((r) => normalizePath(r.at));
  const dirs: string[] = [];
  /** Adds `base`, and beneath it the path down to each row point at or beneath `under` (memoryHost adds the parents). */
  const fill = (base: string, under: string) => {
    for (const p of [under, ...points]) if (under === '/' || p === under || p.startsWith(`${under}/`)) dirs.push(normalizePath(`${base}/${p.slice(under.length)}`));
  };
  for (const r of rows) {
    const device = plan.devices.find((d) => d.tag === r.dev);
    if (device?.hostdir !== undefined) fill(hostPathOf(device.hostdir, plan.source.file), normalizePath(r.at));
  }
  if (plan.initrd !== null) {
    const image = hostPathOf(plan.initrd, plan.source.file);
    for (const r of rows) if (r.fs === 'extract') fill(image, normalizePath(r.at));
    for (const e of compiled.entries) for (const f of e.effects) if (f.kind === 'extract-initrd') fill(image, extractionFolder(f));
  }
  const host = memoryHost({}, dirs);
  openHosts.set(compiled, host);
  return host;
}

/** The kinds of effect that change what the replay follows: the devices attached and the VFS. */
const REPLAYED_KINDS = new Set(['mount', 'extract-initrd', 'probe-buses']);
const replayed = new WeakMap<Compiled, { byId: Map<string, Entry>; steps: Map<string, CoreStep> }>();

/**
 * The entries with an effect the replay follows and the core steps that mount, by id: a plan of
 * 100k entries usually has a handful, and a walk of the order looks each id up in these small maps.
 */
function replayedOf(compiled: Compiled): { byId: Map<string, Entry>; steps: Map<string, CoreStep> } {
  let hit = replayed.get(compiled);
  if (!hit) {
    const byId = new Map<string, Entry>();
    for (const e of compiled.entries) if (e.fn !== null && e.effects.some((f) => REPLAYED_KINDS.has(f.kind))) byId.set(e.id, e);
    hit = { byId, steps: new Map(compiled.steps.filter((st) => st.provides.some((c) => c.startsWith('mount:'))).map((st) => [st.id, st])) };
    replayed.set(compiled, hit);
  }
  return hit;
}

/** What a replay in a given order ends with: the failure that stopped it, and the tree it left. */
export interface FsReplay {
  stop: FsFailure | null;
  /** Every path the tree shows at the end, with what is there (`describeTree`). */
  tree: () => string[];
}

/**
 * The replay in `order` (a linearization: the default one, or a witness's). `failures`, when
 * given, receives every effect that failed, as in `replayFilesystem`.
 */
export function replayInOrder(compiled: Compiled, host: HostFs, order: readonly string[], failures?: FsFailure[]): FsReplay {
  const vfs = new Vfs(mountOverOf(compiled.profile));
  const ended = (stop: FsFailure | null): FsReplay => ({ stop, tree: () => describeTree(vfs) });
  const attached = new Set<string>();
  /** Where the initrd was unpacked: the folder (its canonical path), and the filesystem it is on. */
  const unpacked: Array<{ dir: string; fs: FileSystem }> = [];
  /** The archive, or why it is unreadable (a new Failed per extraction: each collects its rows). */
  let archive: CpioEntry[] | { rc: number; detail: string } | undefined;
  /** What mounted each point that is mounted now; `current`: the effect being replayed. */
  const holders = new Map<string, Holder>();
  let current: Holder | undefined;
  const { byId, steps } = replayedOf(compiled);
  const plan = compiled.plan;

  const unpack = (dir: string) => {
    // Without an initrd the extraction faults on `initrd0` first (capability-never-provided's).
    if (plan.initrd === null) throw new Failed(-2, 'the plan has no initrd', false);
    if (archive === undefined) {
      try {
        archive = readCpio(readInitrdImage(host, plan));
      } catch (err) {
        archive = failureOf(err);
      }
    }
    if (!Array.isArray(archive)) throw new Failed(archive.rc, archive.detail, true);
    const entries = archive;
    guard(() => extractCpio(vfs, dir, entries), true);
    const { node, path } = vfs.resolve(dir, true);
    unpacked.push({ dir: path, fs: node.fs });
  };

  /**
   * What `path`, or else its nearest ancestor that resolves, is, symlinks followed, with its
   * canonical path: where a folder beneath it would be made (a symlink that leads nowhere holds
   * nothing). Only with a root mounted.
   */
  const nearest = (path: string): Resolved => {
    for (let p = normalizePath(path); ; p = splitLast(p).parent) {
      try {
        return vfs.resolve(p, true);
      } catch (err) {
        if (!(err instanceof VfsError)) throw err;
      }
    }
  };

  /** Whether what is at `path` (or its nearest existing ancestor) was made by unpacking the initrd. */
  const inUnpacked = (path: string): boolean => {
    if (!vfs.root()) return false;
    // In the unpacked tree: on the filesystem it went into, at or beneath its folder.
    const { node, path: real } = nearest(path);
    return unpacked.some((u) => u.fs === node.fs && (u.dir === '/' || real === u.dir || real.startsWith(`${u.dir}/`)));
  };

  /** The mount point and driver of the filesystem holding the nearest existing ancestor of `path`. */
  const holderOf = (path: string): { point: string; type: string; source: string } | undefined => {
    if (!vfs.root()) return undefined;
    const { node, path: real } = nearest(splitLast(normalizePath(path)).parent);
    for (let q = real; ; q = splitLast(q).parent) {
      if (vfs.mounted(q) === node.fs) return { point: q, type: node.fs.type, source: node.fs.source };
      if (q === '/') return undefined;
    }
  };

  const filesystemFor = (m: Mount): FileSystem | null => {
    switch (m.fs) {
      case 'ramfs': return createRamfs(m.dev);
      case 'devfs': return createDevfs();
      case '9pfs': {
        const device = plan.devices.find((d) => d.tag === m.dev);
        if (!attached.has(m.dev) || device?.kind !== 'virtio-9p') throw new VfsError('ENODEV', `no virtio-9p device with tag ${m.dev} is attached`);
        return snapshotDevice(host, device, plan.source.file);
      }
      case 'extract': return extractMountsRamfs(m, vfs.mounted(m.at) !== undefined) ? createRamfs('initrd0') : null;
      default: throw new VfsError('ENODEV', `unknown filesystem driver "${m.fs}"`);
    }
  };

  const mountRow = (m: Mount, done: string[]) => {
    if (m.at !== '/' && !vfs.exists(m.at)) {
      if (!ukopts(m).includes('mkmp')) {
        const failed = new Failed(-2, `mount point ${m.at} does not exist`, inUnpacked(m.at));
        failed.missingUnder = holderOf(m.at);
        throw failed;
      }
      guard(() => vfs.mkdir(m.at, { parents: true, mountPoint: true }), inUnpacked(m.at));
    }
    const fs = guard(() => filesystemFor(m), false);
    if (fs) {
      // A file the initrd put where the mount point must be a directory (ENOTDIR); a second mount
      // of one point where the profile refuses it (EBUSY) is mount-point-busy's.
      const over = holders.get(m.at);
      try {
        guard(() => vfs.mount(m.at, fs), !vfs.mounted(m.at) && inUnpacked(m.at));
      } catch (err) {
        if (err instanceof Failed && err.rc === -16 && over) err.busyWith = over;
        throw err;
      }
      if (current) holders.set(m.at, current);
      done.push(m.at);
    }
    if (m.fs === 'extract') unpack(m.at);
  };

  const runEffect = (f: Effect) => {
    if (f.kind === 'probe-buses') for (const d of plan.devices) attached.add(d.tag);
    else if (f.kind === 'extract-initrd') {
      const to = extractionFolder(f);
      // (mkdir -p: a folder that is there is left as it is, a file there fails with ENOTDIR.)
      guard(() => vfs.mkdir(to, { parents: true }), true);
      unpack(to);
    } else if (f.kind === 'mount') {
      const done: string[] = [];
      let first: Failed | undefined;
      for (const m of mountRows(f.args, plan)) {
        try {
          mountRow(m, done);
        } catch (err) {
          if (!(err instanceof Failed)) throw err;
          err.mount ??= m;
          if (first) first.later.push(err);
          else first = err;
          // A real boot stops at the first failed row; the rows after it are tried as a replay
          // that keeps going tries them (runtime/effects/mount.ts), so that a later failure the
          // checker claims is the one such a replay of its witness shows (the folders they make on
          // the way stay after the rollback). The first failure is the same either way.
        }
      }
      if (first) {
        // The executor unmounts what this effect mounted, in the same order; what does not come
        // off stays mounted (and held).
        const stayed = new Set(rollbackMounts(vfs, done).map((x) => x.point));
        for (const point of done) if (!stayed.has(point)) holders.delete(point);
        throw first;
      }
    }
  };

  const replayStep = (step: CoreStep) => {
    for (const cap of step.provides) {
      const at = mountForCoreStep(vfs, cap);
      if (at !== null) holders.set(at, { step });
    }
  };
  if (byId.size === 0) {
    // No entry runs an effect the replay follows: nothing fails, and only the core steps'
    // mounts make the tree, so they are replayed when the tree is asked for (a plan without
    // such effects has no tie for fs-tie to ask about; at 100,000 entries the walk costs 20 ms).
    let replayed = false;
    return {
      stop: null,
      tree: () => {
        if (!replayed) {
          replayed = true;
          for (const id of order) {
            const step = steps.get(id);
            if (step) replayStep(step);
          }
        }
        return describeTree(vfs);
      },
    };
  }
  try {
    for (const id of order) {
      const step = steps.get(id);
      if (step) replayStep(step);
      const entry = byId.get(id); // only entries with an init function and an effect the replay follows
      if (!entry) continue;
      let failed: FsFailure | undefined;
      for (const f of entry.effects) {
        current = { entry, effect: f };
        try {
          runEffect(f);
        } catch (err) {
          if (!(err instanceof Failed)) throw err;
          const failure = recordOf(entry, f, err);
          failures?.push(failure, ...err.later.map((x) => recordOf(entry, f, x)));
          failed ??= failure;
          // The entry ends with its first error in a real boot; its later effects run as a replay
          // that keeps going runs them (runtime/call.ts), for the same reason as the rows above.
        }
      }
      if (failed && errorStopsBoot(compiled.profile, entry)) return ended(failed);
    }
  } catch (err) {
    // A host folder beyond the bounds is the input error `run` reports too; nothing to add here.
    if (err instanceof InputError) return ended(null);
    throw err;
  }
  return ended(null);
}

/** The FsFailure record of `err`, in `effect` of `entry`. */
function recordOf(entry: Entry, effect: Effect, err: Failed): FsFailure {
  return {
    entry, effect, rc: err.rc, detail: err.detail, initrd: err.initrd,
    ...(err.mount ? { mount: err.mount } : {}),
    ...(err.missingUnder ? { missingUnder: err.missingUnder } : {}),
    ...(err.busyWith ? { busyWith: err.busyWith } : {}),
  };
}

/** At most this many paths are described: a tree past it compares by its first ones. */
const TREE_LIMIT = 4096;

/**
 * Every path the VFS shows, depth first in name order, each with its kind, the filesystem it is
 * on and (files) its size: two trees that print the same are the same state to every later step.
 */
export function describeTree(vfs: Vfs): string[] {
  const out: string[] = [];
  const visit = (path: string) => {
    if (out.length >= TREE_LIMIT) return;
    const { node } = vfs.resolve(path, false);
    out.push(`${path} ${node.kind} ${node.fs.type}:${node.fs.source}${node.kind === 'file' ? ` ${node.data.length}` : node.kind === 'symlink' ? ` -> ${node.target}` : ''}`);
    if (node.kind === 'dir') for (const name of [...node.children.keys()].sort()) visit(path === '/' ? `/${name}` : `${path}/${name}`);
  };
  if (vfs.root()) visit('/');
  return out;
}

/** Runs `op`; a filesystem error becomes a Failed with its errno, anything else is rethrown. */
function guard<T>(op: () => T, initrd: boolean): T {
  try {
    return op();
  } catch (err) {
    if (err instanceof Failed || err instanceof InputError) throw err;
    const { rc, detail } = failureOf(err);
    throw new Failed(rc, detail, initrd);
  }
}
