/**
 * The filesystem state of the thread model: one mount namespace (a stack of mounts over paths),
 * filesystem instances built from the images the compiler read, device files that appear when
 * the kernel registers disks, sockets, owners and modes. Every operation returns the errno the
 * machine raises, or null when it succeeds. The checker replays prefixes of a plan's operations
 * on it to decide a step in every schedule; the emulated machine runs on it. One model, so the
 * two cannot disagree.
 */
import type { Creds, FsImage, LunaOp } from './model.js';
import type { MountOver } from '../types.js';

export type Errno = 'ENOENT' | 'ENOTDIR' | 'EISDIR' | 'EACCES' | 'EPERM' | 'EBUSY' | 'EINVAL' | 'EEXIST' | 'ENOTBLK' | 'ECONNREFUSED' | 'ENXIO' | 'ENODEV' | 'EADDRINUSE';

export const ERRNO_TEXT: Record<Errno, string> = {
  ENOENT: 'no such file or directory', ENOTDIR: 'not a directory', EISDIR: 'is a directory', EACCES: 'permission denied',
  EPERM: 'operation not permitted', EBUSY: 'device or resource busy', EINVAL: 'invalid argument', EEXIST: 'file exists',
  ENOTBLK: 'block device required', ECONNREFUSED: 'connection refused', ENXIO: 'no such device or address',
  ENODEV: 'no such filesystem type', EADDRINUSE: 'address in use',
};

interface Node {
  kind: 'dir' | 'file' | 'socket' | 'dev';
  mode: number;
  uid: number;
  gid: number;
  children?: Map<string, Node>;
  /** A devfs root: its device files come from the registered devices. */
  devfs?: boolean;
  text?: string;
  device?: string;
}

export interface FsInstance {
  type: string;
  /** What `--show mounts` says about it (`initial ramdisk`, `device file system`). */
  title: string;
  dev: string | null;
  root: Node;
  /** The image's listing lines for `--show mounts`. */
  listing?: ReadonlyArray<{ show: string; title: string }>;
}

export interface MountRecord {
  at: string;
  fs: FsInstance;
}

/** Filesystem types a `mount` step knows, and whether each needs a source device. */
export const LUNA_FILESYSTEMS: Record<string, { doc: string; source: 'ramdisk' | 'device' | 'none'; title: string }> = {
  initrd: { doc: 'the initial ramdisk the bootloader loaded (read-only)', source: 'ramdisk', title: 'initial ramdisk' },
  ext2: { doc: 'a disk partition, from its device file (`dev: /dev/cd0p2`)', source: 'device', title: 'ext2 partition' },
  devfs: { doc: 'device files: null, zero, console, tty, fb0 and every disk the kernel registered; directories shm and pts', source: 'none', title: 'device file system' },
  tmpfs: { doc: 'an empty writable in-memory filesystem', source: 'none', title: 'temporary file system' },
  devpts: { doc: 'the pseudoterminal filesystem', source: 'none', title: 'POSIX pseudoterminal file system' },
};

/** Device files devfs always has. */
export const BUILTIN_DEVICES = ['console', 'fb0', 'null', 'tty', 'zero'];

export function normalizePath(path: string): string {
  const parts: string[] = [];
  for (const p of path.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return `/${parts.join('/')}`;
}

/** Whether `a` is `b` or above or below it. */
export function overlaps(a: string, b: string): boolean {
  return a === b || a === '/' || b === '/' || b.startsWith(`${a}/`) || a.startsWith(`${b}/`);
}

export function isUnder(path: string, dir: string): boolean {
  return dir === '/' ? path !== '/' : path.startsWith(`${dir}/`);
}

function dirNode(mode: number, uid = 0, gid = 0): Node {
  return { kind: 'dir', mode, uid, gid, children: new Map() };
}

/** A fresh tree from an image (each mount gets its own copy: the image is never changed). */
function treeOf(image: FsImage): Node {
  const root = dirNode(0o755);
  for (const n of image.nodes) {
    if (n.path === '/') {
      Object.assign(root, { mode: n.mode, uid: n.uid, gid: n.gid });
      continue;
    }
    const parts = n.path.split('/').filter(Boolean);
    let dir = root;
    for (let i = 0; i < parts.length - 1; i++) {
      let next = dir.children!.get(parts[i]!);
      if (!next) dir.children!.set(parts[i]!, (next = dirNode(0o755)));
      dir = next;
    }
    const name = parts[parts.length - 1]!;
    const existing = dir.children!.get(name);
    if (n.kind === 'dir') {
      if (existing?.kind === 'dir') Object.assign(existing, { mode: n.mode, uid: n.uid, gid: n.gid });
      else dir.children!.set(name, dirNode(n.mode, n.uid, n.gid));
    } else {
      dir.children!.set(name, { kind: 'file', mode: n.mode, uid: n.uid, gid: n.gid, ...(n.text !== undefined ? { text: n.text } : {}) });
    }
  }
  return root;
}

type Want = 'r' | 'w' | 'x';
const BIT: Record<Want, number> = { r: 4, w: 2, x: 1 };

export function permits(node: { mode: number; uid: number; gid: number }, creds: Creds, want: Want): boolean {
  if (creds.uid === 0) return true;
  const bit = BIT[want];
  if (creds.uid === node.uid) return (node.mode & (bit << 6)) !== 0;
  if (creds.gid === node.gid || creds.groups.includes(node.gid)) return (node.mode & (bit << 3)) !== 0;
  return (node.mode & bit) !== 0;
}

export type Lookup = { node: Node; fs: FsInstance } | { errno: Errno };

export interface FsOptions {
  images: readonly FsImage[];
  /** Devices registered from the start (the checker assumes disks are scanned; their capability is checked apart). */
  devices?: readonly string[];
  /** gid of a group name, for `listen` and `chown`. */
  groupId(name: string): number | null;
  userId(name: string): number | null;
  /** The profile's `mountOver`: `stack` mounts on top of a mount point, `busy` refuses it (EBUSY). */
  mountOver: MountOver;
}

export class LunaFs {
  readonly mounts: MountRecord[] = [];
  readonly devices = new Set<string>();

  constructor(private readonly options: FsOptions) {
    for (const d of options.devices ?? []) this.devices.add(d);
  }

  /** The mount on top at exactly `at`. */
  mountAt(at: string): MountRecord | undefined {
    for (let i = this.mounts.length - 1; i >= 0; i--) if (this.mounts[i]!.at === at) return this.mounts[i];
    return undefined;
  }

  private child(dir: Node, name: string): Node | undefined {
    if (dir.devfs) {
      if (name === 'shm' || name === 'pts') return dir.children!.get(name);
      if (BUILTIN_DEVICES.includes(name) || this.devices.has(name)) return { kind: 'dev', mode: 0o666, uid: 0, gid: 0, device: name };
      return undefined;
    }
    return dir.children?.get(name);
  }

  /** Walk `path` from the root; search permission on every directory passed. */
  lookup(path: string, creds: Creds | null = null): Lookup {
    const top = this.mountAt('/');
    if (!top) return { errno: 'ENOENT' };
    let node = top.fs.root;
    let fs = top.fs;
    let here = '';
    for (const part of path.split('/').filter(Boolean)) {
      if (node.kind !== 'dir') return { errno: 'ENOTDIR' };
      if (creds && !permits(node, creds, 'x')) return { errno: 'EACCES' };
      const next = this.child(node, part);
      if (!next) return { errno: 'ENOENT' };
      here += `/${part}`;
      const over = this.mountAt(here);
      if (over) {
        node = over.fs.root;
        fs = over.fs;
      } else node = next;
    }
    return { node, fs };
  }

  private parentOf(path: string, creds: Creds): { dir: Node; name: string } | { errno: Errno } {
    const cut = path.lastIndexOf('/');
    const parent = cut <= 0 ? '/' : path.slice(0, cut);
    const found = this.lookup(parent, creds);
    if ('errno' in found) return found;
    if (found.node.kind !== 'dir' || found.node.devfs) return { errno: found.node.kind === 'dir' ? 'EACCES' : 'ENOTDIR' };
    if (!permits(found.node, creds, 'w')) return { errno: 'EACCES' };
    return { dir: found.node, name: path.slice(cut + 1) };
  }

  private instance(fs: string, dev: string | null, title: string | null, creds: Creds): FsInstance | Errno {
    const kind = LUNA_FILESYSTEMS[fs];
    if (!kind) return 'ENODEV';
    const label = title ?? kind.title;
    if (kind.source === 'ramdisk') {
      const image = this.options.images.find((i) => i.device === null);
      if (!image) return 'ENXIO';
      return { type: fs, title: label, dev: 'ramdisk', root: treeOf(image), listing: image.listing };
    }
    if (kind.source === 'device') {
      if (dev === null) return 'EINVAL';
      const found = this.lookup(dev, creds);
      if ('errno' in found) return found.errno;
      if (found.node.kind !== 'dev') return 'ENOTBLK';
      const image = this.options.images.find((i) => i.device === found.node.device);
      if (!image) return 'ENXIO';
      if (image.fs !== fs) return 'EINVAL';
      return { type: fs, title: label, dev, root: treeOf(image), listing: image.listing };
    }
    if (fs === 'devfs') {
      const root = dirNode(0o755);
      root.devfs = true;
      root.children!.set('shm', dirNode(0o1777));
      root.children!.set('pts', dirNode(0o755));
      return { type: fs, title: label, dev: null, root };
    }
    return { type: fs, title: label, dev: null, root: dirNode(fs === 'tmpfs' ? 0o1777 : 0o755) };
  }

  mount(fs: string, dev: string | null, at: string, title: string | null, creds: Creds): Errno | null {
    if (creds.uid !== 0) return 'EPERM';
    if (at === '/' && !this.mountAt('/')) {
      const inst = this.instance(fs, dev, title, creds);
      if (typeof inst === 'string') return inst;
      this.mounts.push({ at, fs: inst });
      return null;
    }
    const point = this.lookup(at, creds);
    if ('errno' in point) return point.errno;
    if (point.node.kind !== 'dir') return 'ENOTDIR';
    if (this.options.mountOver === 'busy' && this.mountAt(at)) return 'EBUSY';
    const inst = this.instance(fs, dev, title, creds);
    if (typeof inst === 'string') return inst;
    this.mounts.push({ at, fs: inst });
    return null;
  }

  umount(at: string, creds: Creds): Errno | null {
    if (creds.uid !== 0) return 'EPERM';
    const i = this.mounts.map((m) => m.at).lastIndexOf(at);
    if (i < 0) return 'EINVAL';
    if (this.mounts.some((m) => isUnder(m.at, at))) return 'EBUSY';
    this.mounts.splice(i, 1);
    return null;
  }

  /** pivot_root(new, old): `new` becomes `/`, the old root moves to `old` (a directory under `new`). */
  pivotRoot(newRoot: string, putOld: string, creds: Creds): Errno | null {
    if (creds.uid !== 0) return 'EPERM';
    if (newRoot === '/' || !this.mountAt(newRoot)) return 'EINVAL';
    if (!isUnder(putOld, newRoot)) return 'EINVAL';
    const old = this.lookup(putOld, creds);
    if ('errno' in old) return old.errno;
    if (old.node.kind !== 'dir') return 'ENOTDIR';
    const rel = putOld.slice(newRoot.length);
    for (const m of this.mounts) {
      if (m.at === newRoot || isUnder(m.at, newRoot)) m.at = m.at === newRoot ? '/' : m.at.slice(newRoot.length);
      else m.at = m.at === '/' ? rel : `${rel}${m.at}`;
    }
    return null;
  }

  mkdir(path: string, creds: Creds): Errno | null {
    const parent = this.parentOf(path, creds);
    if ('errno' in parent) return parent.errno;
    if (parent.dir.children!.has(parent.name)) return 'EEXIST';
    parent.dir.children!.set(parent.name, dirNode(0o755, creds.uid, creds.gid));
    return null;
  }

  chown(path: string, user: string, group: string, creds: Creds): Errno | null {
    if (creds.uid !== 0) return 'EPERM';
    const found = this.lookup(path, creds);
    if ('errno' in found) return found.errno;
    const uid = this.options.userId(user);
    const gid = this.options.groupId(group);
    if (uid === null || gid === null) return 'EINVAL';
    found.node.uid = uid;
    found.node.gid = gid;
    return null;
  }

  chmod(path: string, mode: number, creds: Creds): Errno | null {
    const found = this.lookup(path, creds);
    if ('errno' in found) return found.errno;
    if (creds.uid !== 0 && creds.uid !== found.node.uid) return 'EPERM';
    found.node.mode = mode;
    return null;
  }

  listen(path: string, mode: number, group: string | null, creds: Creds): Errno | null {
    const parent = this.parentOf(path, creds);
    if ('errno' in parent) return parent.errno;
    if (parent.dir.children!.has(parent.name)) return 'EADDRINUSE';
    const gid = group === null ? creds.gid : this.options.groupId(group);
    if (gid === null) return 'EINVAL';
    if (creds.uid !== 0 && gid !== creds.gid && !creds.groups.includes(gid)) return 'EPERM';
    parent.dir.children!.set(parent.name, { kind: 'socket', mode, uid: creds.uid, gid });
    return null;
  }

  connect(path: string, creds: Creds): Errno | null {
    const found = this.lookup(path, creds);
    if ('errno' in found) return found.errno;
    if (found.node.kind !== 'socket') return 'ECONNREFUSED';
    return permits(found.node, creds, 'w') ? null : 'EACCES';
  }

  /** Opening a file (or reading a directory's entries). */
  open(path: string, write: boolean, creds: Creds): Errno | null {
    const found = this.lookup(path, creds);
    if ('errno' in found) return found.errno;
    if (write && found.node.kind === 'dir') return 'EISDIR';
    return permits(found.node, creds, write ? 'w' : 'r') ? null : 'EACCES';
  }

  /** The text of a file, when it has one in the model (reading is `open` first). */
  text(path: string): string | null {
    const found = this.lookup(path);
    return 'errno' in found ? null : found.node.text ?? null;
  }

  exec(path: string, creds: Creds): Errno | null {
    const found = this.lookup(path, creds);
    if ('errno' in found) return found.errno;
    if (found.node.kind === 'dir') return 'EACCES';
    if (found.node.kind !== 'file') return 'EACCES';
    if (creds.uid === 0 ? (found.node.mode & 0o111) === 0 : !permits(found.node, creds, 'x')) return 'EACCES';
    return null;
  }

  /**
   * Apply one operation's effect on the filesystem (nothing for operations that do not touch it).
   * `spawn` of a program and `exec` check that the file can be executed.
   */
  apply(op: LunaOp, creds: Creds): Errno | null {
    switch (op.op) {
      case 'mount': return this.mount(op.fs, op.dev, op.at, op.title, creds);
      case 'umount': return this.umount(op.at, creds);
      case 'pivot-root': return this.pivotRoot(op.new, op.old, creds);
      case 'mkdir': return this.mkdir(op.path, creds);
      case 'chown': return this.chown(op.path, op.user, op.group, creds);
      case 'chmod': return this.chmod(op.path, op.mode, creds);
      case 'listen': return this.listen(op.path, op.mode, op.group, creds);
      case 'connect': return this.connect(op.path, creds);
      case 'open': return this.open(op.path, op.write, creds);
      case 'hostname': return creds.uid !== 0 ? 'EPERM' : this.open(op.path, false, creds);
      case 'exec': return this.exec(op.path, creds);
      case 'spawn': return op.path === null ? null : this.exec(op.path, creds);
      case 'scan-disks': return null;
      default: return null;
    }
  }
}

/** The paths an operation reads or changes (what it overlaps with). */
export function opPaths(op: LunaOp): string[] {
  switch (op.op) {
    case 'mount': return op.dev !== null && op.dev.startsWith('/') ? [op.at, op.dev] : [op.at];
    case 'umount': return [op.at];
    case 'pivot-root': return ['/'];
    case 'mkdir': case 'chown': case 'chmod': case 'listen': case 'connect': case 'open': case 'hostname': return [op.path];
    case 'exec': return [op.path];
    case 'spawn': return op.path === null ? [] : [op.path];
    default: return [];
  }
}

/** Operations that change the filesystem state (the others only read it). */
export function mutates(op: LunaOp): boolean {
  return op.op === 'mount' || op.op === 'umount' || op.op === 'pivot-root' || op.op === 'mkdir' || op.op === 'chown' || op.op === 'chmod' || op.op === 'listen';
}
