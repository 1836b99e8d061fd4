/**
 * A small virtual filesystem: a mount table over in-memory filesystems and path resolution that
 * follows symlinks (with a loop limit) and crosses mount points, the way a POSIX kernel does.
 * Nothing here touches the host; 9pfs shares are snapshots taken before they are mounted.
 */
import { VfsError } from './errno.js';
import { checkPath, lookup, type Resolved } from './lookup.js';
import { makeDir, makeFile, makeSymlink, type DirNode, type FileSystem } from './node.js';
import { components, joinComponents, NAME_MAX, normalizePath } from './path.js';

export { MAX_SYMLINKS, type Resolved } from './lookup.js';

export class Vfs {
  private readonly mounts = new Map<string, FileSystem>();

  /** Mount points in mount order. */
  mountPoints(): string[] {
    return [...this.mounts.keys()];
  }

  mounted(path: string): FileSystem | undefined {
    return this.mounts.get(normalizePath(path));
  }

  /** The mount point whose filesystem holds the canonical `path`. */
  mountOf(path: string): string | null {
    let best: string | null = null;
    for (const point of this.mounts.keys()) {
      const inside = point === '/' || path === point || path.startsWith(point + '/');
      if (inside && (best === null || point.length > best.length)) best = point;
    }
    return best;
  }

  /** Resolve a path; `follow` decides whether a symlink in the last component is followed. */
  resolve(path: string, follow = true): Resolved {
    return lookup(this.mounts, path, follow);
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
    if (this.mounts.has(point)) throw new VfsError('EBUSY', `${point} is already a mount point`);
    if (point !== '/') {
      const { node, path } = this.resolve(point, true);
      if (node.kind !== 'dir') throw new VfsError('ENOTDIR', `${path} is not a directory`);
      if (path !== point) throw new VfsError('EINVAL', `${point} resolves through a symlink to ${path}`);
    }
    this.mounts.set(point, fs);
  }

  /** Detach the filesystem at `at`; a mount with mounts beneath it is busy. */
  umount(at: string): void {
    const point = normalizePath(at);
    if (!this.mounts.has(point)) throw new VfsError('EINVAL', `${point} is not a mount point`);
    for (const other of this.mounts.keys()) {
      if (other !== point && (point === '/' || other.startsWith(point + '/'))) {
        throw new VfsError('EBUSY', `${point} has ${other} mounted beneath it`);
      }
    }
    this.mounts.delete(point);
  }
}

function writable(dir: DirNode, path: string): void {
  if (dir.fs.readOnly) throw new VfsError('EROFS', `${path} is on a read-only ${dir.fs.type}`);
}

function join(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}
