/**
 * The static contract of every effect kind: what it uses and what it provides, given its
 * arguments and the plan around it. This is the one place the checker and the emulated machine
 * both read; `runtime/effects/<kind>.ts` executes a kind and must stay inside this contract.
 */
import { normalizeMountPoint, parentDirectory } from './cmdline.js';
import type { Device, Mount } from './types.js';
import { VfsError } from './vfs/errno.js';

/** What a contract may look at besides the effect's own arguments. */
export interface EffectEnvironment {
  devices: readonly Device[];
  /** The plan's `mounts` followed by the command line's `vfs.fstab` entries. */
  fstab: readonly Mount[];
  /** Every mount point any mount in the plan creates (for finding a mount's parent). */
  mountPoints: readonly string[];
  hasInitrd: boolean;
}

/**
 * The environment a resolved plan gives a `mount` contract when only the mounts it performs are
 * wanted (what the machine executes, what mount-point-busy compares). Parent lookups are not done
 * with it: the effects' `uses`, computed by resolve with every mount point of the plan, say those.
 */
export function mountListEnvironment(plan: { devices: readonly Device[]; mounts: readonly Mount[]; initrd: unknown }): EffectEnvironment {
  return { devices: plan.devices, fstab: plan.mounts, mountPoints: [...new Set(plan.mounts.map((m) => m.at))], hasInitrd: plan.initrd !== null };
}

export interface EffectContract {
  uses: string[];
  provides: string[];
  /** `mount` effects: the mounts it performs, in order. */
  mounts?: Mount[];
}

export interface EffectArg {
  type: 'string' | 'integer' | 'boolean' | 'size';
  doc: string;
  enum?: string[];
}

export interface EffectKind {
  kind: string;
  doc: string;
  args: Record<string, EffectArg>;
  contract(args: Record<string, unknown>, env: EffectEnvironment): EffectContract;
}

/** Filesystem drivers a `mount` knows, and the device each needs. */
export const FILESYSTEMS: Record<string, { doc: string; device: 'none' | 'tag' | 'initrd' }> = {
  ramfs: { doc: 'an empty in-memory filesystem', device: 'none' },
  '9pfs': { doc: 'a virtio-9p share of a host folder (read-only snapshot here)', device: 'tag' },
  devfs: { doc: 'device files (null, zero, console, stdout, random)', device: 'none' },
  extract: { doc: 'ramfs filled from the initrd (cpio newc)', device: 'initrd' },
};

export const INITRD_CAPABILITY = 'initrd0';

export function mountCapability(at: string): string {
  return `mount:${normalizeMountPoint(at)}`;
}

/** The nearest mount point strictly above `at` among `points` (always `/` at worst). */
export function parentMount(at: string, points: readonly string[]): string {
  let dir = parentDirectory(at);
  const set = new Set(points);
  for (;;) {
    if (set.has(dir) || dir === '/') return dir;
    dir = parentDirectory(dir);
  }
}

function str(args: Record<string, unknown>, key: string): string | undefined {
  const v = args[key];
  return typeof v === 'string' ? v : undefined;
}

function mountContract(args: Record<string, unknown>, env: EffectEnvironment): EffectContract {
  const from = str(args, 'from');
  const mounts: Mount[] =
    from === 'fstab'
      ? [...env.fstab]
      : [
          {
            dev: str(args, 'dev') ?? 'none',
            at: normalizeMountPoint(str(args, 'at') ?? '/'),
            fs: str(args, 'fs') ?? 'ramfs',
            opts: str(args, 'opts') ?? '',
            origin: 'effect',
            source: { file: '', path: [] },
          },
        ];
  const uses = new Set<string>(['alloc']);
  const provides: string[] = [];
  const done = new Set<string>();
  mounts.forEach((m) => {
    const driver = FILESYSTEMS[m.fs];
    if (driver?.device === 'tag') uses.add(`dev:${m.dev}`);
    if (driver?.device === 'initrd') uses.add(INITRD_CAPABILITY);
    if (m.at !== '/') {
      const parent = parentMount(m.at, env.mountPoints);
      const cap = mountCapability(parent);
      // A parent mounted earlier by this same effect is internal; one mounted later by it shows
      // up as a use of what the effect itself provides, which the checker reports.
      if (!done.has(parent)) uses.add(cap);
    }
    done.add(m.at);
    provides.push(mountCapability(m.at));
    if (m.fs === 'extract') provides.push(`initrd:${m.at}`);
  });
  return { uses: [...uses], provides, mounts };
}

export const EFFECTS: Record<string, EffectKind> = {
  mount: {
    kind: 'mount',
    doc: 'Mounts filesystems: one (`dev`, `at`, `fs`) or the whole fstab (`from: fstab`). Uses `alloc`, the source device (`dev:<tag>` for 9pfs, `initrd0` for extract) and the mount of the parent directory; provides `mount:<mountpoint>`.',
    args: {
      from: { type: 'string', doc: '`fstab`: the plan `mounts` then the `vfs.fstab` parameter', enum: ['fstab'] },
      dev: { type: 'string', doc: 'source device tag (`fs0`), `initrd0`, or `none`' },
      at: { type: 'string', doc: 'mount point' },
      fs: { type: 'string', doc: 'filesystem driver', enum: Object.keys(FILESYSTEMS) },
      opts: { type: 'string', doc: 'driver options' },
      mkmp: { type: 'boolean', doc: 'create the mount point if it is missing (default true for a single mount, false for the fstab)' },
    },
    contract: mountContract,
  },
  'extract-initrd': {
    kind: 'extract-initrd',
    doc: 'Unpacks the initrd (cpio newc) into a mounted directory. Uses `alloc`, `initrd0` and the mount it writes into; provides `initrd:<dir>`.',
    args: { to: { type: 'string', doc: 'directory to extract into (default `/`)' } },
    contract(args, env) {
      const to = normalizeMountPoint(str(args, 'to') ?? '/');
      const mount = to === '/' ? '/' : env.mountPoints.includes(to) ? to : parentMount(to, env.mountPoints);
      return { uses: ['alloc', INITRD_CAPABILITY, mountCapability(mount)], provides: [`initrd:${to}`] };
    },
  },
  'probe-buses': {
    kind: 'probe-buses',
    doc: 'Probes the buses and attaches the plan\'s devices. Uses `alloc`; provides `devices`, `dev:<tag>` per device, `netdev` when there is a virtio-net and `blkdev` when there is a virtio-blk.',
    args: {},
    contract(_args, env) {
      const provides = ['devices', ...env.devices.map((d) => `dev:${d.tag}`)];
      if (env.devices.some((d) => d.kind === 'virtio-net')) provides.push('netdev');
      if (env.devices.some((d) => d.kind === 'virtio-blk')) provides.push('blkdev');
      return { uses: ['alloc'], provides };
    },
  },
  'open-stdio': {
    kind: 'open-stdio',
    doc: 'Opens file descriptors 0, 1 and 2 on the console. Uses `alloc`; provides `fd:stdio`.',
    args: {},
    contract: () => ({ uses: ['alloc'], provides: ['fd:stdio'] }),
  },
  alloc: {
    kind: 'alloc',
    doc: 'Allocates `size` bytes from the heap. Uses `alloc`.',
    args: { size: { type: 'size', doc: 'bytes, e.g. `64Ki`' } },
    contract: () => ({ uses: ['alloc'], provides: [] }),
  },
  'spawn-thread': {
    kind: 'spawn-thread',
    doc: 'Creates a thread. Uses `sched` and `alloc`; provides `thread:<name>`.',
    args: { name: { type: 'string', doc: 'thread name' } },
    contract: (args) => ({ uses: ['sched', 'alloc'], provides: [`thread:${str(args, 'name') ?? 'worker'}`] }),
  },
  log: {
    kind: 'log',
    doc: 'Prints a line on the console. Uses nothing.',
    args: { msg: { type: 'string', doc: 'the line' } },
    contract: () => ({ uses: [], provides: [] }),
  },
  fail: {
    kind: 'fail',
    doc: 'Makes the entry return `rc` (an error when negative), whatever its `returns` says. Uses nothing.',
    args: { rc: { type: 'integer', doc: 'return code, e.g. -12' } },
    contract: () => ({ uses: [], provides: [] }),
  },
};

export const EFFECT_KINDS = Object.keys(EFFECTS);

/** The comma-separated ukopts of a mount row (`mkmp`, `ramfs=0`). */
export const ukopts = (m: Pick<Mount, 'opts'>): string[] => m.opts.split(',').map((o) => o.trim());

/**
 * The rows a `mount` effect performs, exactly as its contract lists them, with `mkmp` added where
 * the effect creates missing mount points: a single mount is code that mounts (devfs_automount
 * creates /dev first); an fstab row only with the mkmp ukopt or `mkmp: true`, as in vfscore's
 * automount. The machine executes these rows and the checker replays them.
 */
export function mountRows(args: Record<string, unknown>, plan: { devices: readonly Device[]; mounts: readonly Mount[]; initrd: unknown }): Mount[] {
  const contract = EFFECTS.mount!.contract(args, mountListEnvironment(plan));
  const mkmp = args.from === 'fstab' ? args.mkmp === true : args.mkmp !== false;
  return (contract.mounts ?? []).map((m) => (mkmp && !ukopts(m).includes('mkmp') ? { ...m, opts: m.opts ? `${m.opts},mkmp` : 'mkmp' } : m));
}

/**
 * Whether an `extract` row mounts a fresh ramfs before unpacking: the `ramfs=` ukopt, 1 (the
 * default) always, 0 never (unpack into what is there), 2 only when nothing is mounted there.
 */
export function extractMountsRamfs(m: Pick<Mount, 'opts'>, mountedThere: boolean): boolean {
  const mode = /(?:^|,)ramfs=([012])(?:,|$)/.exec(m.opts)?.[1] ?? '1';
  return !(mode === '0' || (mode === '2' && mountedThere));
}

/**
 * What an entry with a `fail` effect returns: its `rc`, -1 when it is not an integer. The
 * effect wins over the entry's `returns`, in resolve and in the machine's fail executor alike.
 */
export function failReturn(rc: unknown): number {
  return typeof rc === 'number' && Number.isInteger(rc) ? rc : -1;
}

/**
 * The order a failed `mount` effect unmounts what it mounted: last first, but a mount point
 * beneath another before it (a later row can mount over a parent of an earlier one: /mnt after
 * /mnt/deep).
 */
export function unmountOrder(points: readonly string[]): string[] {
  const depth = (p: string) => (p === '/' ? 0 : p.split('/').length);
  return points.map((point, i) => ({ point, i })).sort((a, b) => depth(b.point) - depth(a.point) || b.i - a.i).map((x) => x.point);
}

/**
 * A failed `mount` effect's rollback, for the machine and the checker's replay alike: unmount
 * what the effect mounted, in {@link unmountOrder}. A mount that does not come off (another entry
 * mounted something beneath it in the meantime: EBUSY) stays, and the rollback goes on with the
 * next, as vfscore_automount's err_umount does (it calls vfscore_autoumount, which logs "Failed to
 * unmount" and carries on: unikraft/unikraft lib/vfscore/automount.c). Returns the points that
 * stayed, each with its -errno.
 */
export function rollbackMounts(vfs: { umount(at: string): void }, done: readonly string[]): Array<{ point: string; rc: number }> {
  const stayed: Array<{ point: string; rc: number }> = [];
  for (const point of unmountOrder(done)) {
    try {
      vfs.umount(point);
    } catch (err) {
      if (!(err instanceof VfsError)) throw err;
      stayed.push({ point, rc: -err.errno });
    }
  }
  return stayed;
}
