/**
 * A small virtual filesystem: a mount table over in-memory filesystems and path resolution that
 * follows symlinks (with a loop limit) and crosses mount points, the way a POSIX kernel does.
 * Nothing here touches the host; 9pfs shares are snapshots taken before they are mounted.
 */
import { VfsError } from './errno.js';
import { checkPath, lookup, type MountTable, type Resolved } from './lookup.js';
import { makeDir, makeFile, makeSymlink, type DirNode, type FileSystem, type VNode } from './node.js';
import type { MountOver } from '../types.js';
import { components, joinComponents, NAME_MAX, normalizePath } from './path.js';

export { MAX_SYMLINKS, type MountTable, type Resolved } from './lookup.js';

/** One mount: where, what, and the filesystem whose directory it covers (null for the first `/`). */
interface MountRecord {
  point: string;
  fs: FileSystem;
  covers: FileSystem | null;
}

/**
 * `mountOver` (a profile's, schemas/profile.schema.json) decides a mount over a point that is
 * already a mount point: `busy` refuses it with EBUSY, as vfscore's path-keyed mount list does;
 * `stack` puts it on top, as Linux does: lookups see only the top one, and the mounts made inside
 * the one below (which cover its directories, not the new root's) are hidden with it until the
 * top one is unmounted.
 */
export class Vfs implements MountTable {
  /** Every mount, in mount order. */
  private readonly records: MountRecord[] = [];

  constructor(readonly mountOver: MountOver = 'busy') {}

  /** Mount points in mount order (a point twice when mounts stack there). */
  mountPoints(): string[] {
    return this.records.map((r) => r.point);
  }

  /** The filesystem `path` shows as a mount point (the top one where mounts stack), or undefined. */
  mounted(path: string): FileSystem | undefined {
    const point = normalizePath(path);
    if (this.mountOver === 'busy') return this.records.find((r) => r.point === point)?.fs;
    let node: VNode;
    try {
      node = this.resolve(point, false).node;
    } catch (err) {
      if (err instanceof VfsError) return undefined;
      throw err;
    }
    return this.records.find((r) => r.point === point && r.fs.root === node)?.fs;
  }

  /** The mount point whose filesystem holds the canonical `path`. */
  mountOf(path: string): string | null {
    let best: string | null = null;
    for (const { point } of this.records) {
      const inside = point === '/' || path === point || path.startsWith(point + '/');
      if (inside && (best === null || point.length > best.length)) best = point;
    }
    return best;
  }

  root(): DirNode | undefined {
    const first = this.records.find((r) => r.point === '/' && r.covers === null);
    return first ? (this.cross('/', first.fs.root) as DirNode) : undefined;
  }

  cross(path: string, node: VNode): VNode {
    if (this.mountOver === 'busy') {
      // vfscore's mount list is keyed by path: what is mounted at a path shows there.
      if (path === '/') return node;
      return this.records.find((r) => r.point === path)?.fs.root ?? node;
    }
    for (let over = this.covering(path, node.fs); over; over = this.covering(path, over.fs)) node = over.fs.root;
    return node;
  }

  private covering(point: string, fs: FileSystem): MountRecord | undefined {
    return this.records.find((r) => r.point === point && r.covers === fs);
  }

  /** Resolve a path; `follow` decides whether a symlink in the last component is followed. */
  resolve(path: string, follow = true): Resolved {
    return lookup(this, path, follow);
  }

  exists(path: string): boolean {
    try {
      this.resolve(path, false);
      return true;
    } catch (err) {
      if (err instanceof VfsError) return false;
      throw err;
    }
  }

  /** The directory that would hold `path` and the new name in it. */
  parentOf(path: string): { dir: DirNode; dirPath: string; name: string } {
    checkPath(path);
    const parts = components(path);
    const name = parts.pop();
    if (name === undefined || name === '.' || name === '..') {
      throw new VfsError('EEXIST', `${path} names no new entry`);
    }
    if (name.length > NAME_MAX) throw new VfsError('ENAMETOOLONG', `name ${name.slice(0, 32)}… is too long`);
    const parent = this.resolve(joinComponents(parts), true);
    if (parent.node.kind !== 'dir') throw new VfsError('ENOTDIR', `${parent.path} is not a directory`);
    return { dir: parent.node, dirPath: parent.path, name };
  }

  /**
   * `mountPoint`: a directory to mount on, created even on the read-only 9p snapshot. A real 9p
   * share is writable (kraftkit mounts volumes with `mkmp`); here the directory exists only in
   * the emulator's memory and the host folder is never touched.
   */
  mkdir(path: string, options: { parents?: boolean; mode?: number; mountPoint?: boolean } = {}): void {
    if (options.parents) {
      const parts = components(normalizePath(path));
      for (let i = 1; i <= parts.length; i++) {
        const sub = joinComponents(parts.slice(0, i));
        if (!this.exists(sub)) this.mkdir(sub, { mode: options.mode, mountPoint: options.mountPoint });
        else if (this.resolve(sub).node.kind !== 'dir') throw new VfsError('ENOTDIR', `${sub} is not a directory`);
      }
      return;
    }
    const { dir, dirPath, name } = this.parentOf(path);
    if (dir.children.has(name)) throw new VfsError('EEXIST', `${join(dirPath, name)} already exists`);
    if (!options.mountPoint) writable(dir, dirPath);
    dir.children.set(name, makeDir(dir.fs, options.mode ?? 0o755));
  }

  /** Create or replace a regular file (an existing symlink is replaced, not followed). */
  writeFile(path: string, data: Uint8Array, mode = 0o644): void {
    const { dir, dirPath, name } = this.parentOf(path);
    writable(dir, dirPath);
    const old = dir.children.get(name);
    if (old?.kind === 'dir') throw new VfsError('EISDIR', `${join(dirPath, name)} is a directory`);
    dir.children.set(name, makeFile(dir.fs, data, mode));
  }

  symlink(target: string, path: string): void {
    const { dir, dirPath, name } = this.parentOf(path);
    writable(dir, dirPath);
    const old = dir.children.get(name);
    if (old?.kind === 'dir') throw new VfsError('EISDIR', `${join(dirPath, name)} is a directory`);
    dir.children.set(name, makeSymlink(dir.fs, target));
  }

  readFile(path: string): Uint8Array {
    const { node, path: real } = this.resolve(path, true);
    if (node.kind === 'dir') throw new VfsError('EISDIR', `${real} is a directory`);
    if (node.kind === 'file') return node.data;
    if (node.kind === 'device') return new Uint8Array(0);
    throw new VfsError('EINVAL', `${real} cannot be read`);
  }

  readdir(path: string): string[] {
    const { node, path: real } = this.resolve(path, true);
    if (node.kind !== 'dir') throw new VfsError('ENOTDIR', `${real} is not a directory`);
    return [...node.children.keys()].sort();
  }

  /** Attach `fs` at `at`, which must be an existing directory (or `/` for the first mount). */
  mount(at: string, fs: FileSystem): void {
    const point = normalizePath(at);
    if (point === '/' && !this.root()) {
      this.records.push({ point, fs, covers: null });
      return;
    }
    if (this.mountOver === 'busy' && this.records.some((r) => r.point === point)) throw new VfsError('EBUSY', `${point} is already a mount point`);
    const { node, path } = this.resolve(point, true);
    if (node.kind !== 'dir') throw new VfsError('ENOTDIR', `${path} is not a directory`);
    if (path !== point) throw new VfsError('EINVAL', `${point} resolves through a symlink to ${path}`);
    // Linux refuses the same filesystem on the same mount point (fs/namespace.c do_add_mount).
    if (node === fs.root) throw new VfsError('EBUSY', `${point} already shows this filesystem`);
    this.records.push({ point, fs, covers: node.fs });
  }

  /**
   * Detach the last filesystem mounted at `at` (the top one where mounts stack); a mount with
   * mounts beneath it is busy.
   */
  umount(at: string): void {
    const point = normalizePath(at);
    const i = this.records.map((r) => r.point).lastIndexOf(point);
    if (i < 0) throw new VfsError('EINVAL', `${point} is not a mount point`);
    const mine = this.records[i]!;
    for (const other of this.records) {
      if (other === mine) continue;
      const beneath = this.mountOver === 'busy'
        ? point === '/' || other.point.startsWith(point + '/')
        : other.covers === mine.fs;
      if (beneath) throw new VfsError('EBUSY', `${point} has ${other.point} mounted beneath it`);
    }
    this.records.splice(i, 1);
  }
}

function writable(dir: DirNode, path: string): void {
  if (dir.fs.readOnly) throw new VfsError('EROFS', `${path} is on a read-only ${dir.fs.type}`);
}

function join(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}
