/**
 * Path resolution over a mount table: follows symlinks (at most MAX_SYMLINKS per lookup),
 * crosses mount points, and resolves `..` physically (after a link, from where the link led).
 */
import { VfsError } from './errno.js';
import type { DirNode, VNode } from './node.js';
import { components, joinComponents, PATH_MAX } from './path.js';

/** Linux's MAXSYMLINKS: more links than this in one lookup is ELOOP. */
export const MAX_SYMLINKS = 40;

export interface Resolved {
  node: VNode;
  /** The canonical path (symlinks and `..` resolved). */
  path: string;
}

export function checkPath(path: string): void {
  if (path.length > PATH_MAX) throw new VfsError('ENAMETOOLONG', `path of ${path.length} characters`);
  if (!path.startsWith('/')) throw new VfsError('EINVAL', `path "${path}" is not absolute`);
}

/** What a lookup needs of a mount table: the root it starts from and how a path crosses mount points. */
export interface MountTable {
  /** The root directory `/` shows (the top of what is mounted there), or undefined when nothing is. */
  root(): DirNode | undefined;
  /** What `path` shows when the directory entry there is `node`: the root of what is mounted over it, or `node`. */
  cross(path: string, node: VNode): VNode;
}

/** Resolve `path`; `follow` decides whether a symlink in the last component is followed. */
export function lookup(mounts: MountTable, path: string, follow: boolean): Resolved {
  checkPath(path);
  const root = mounts.root();
  if (!root) throw new VfsError('ENOENT', `nothing is mounted at / (looking up ${path})`);
  let queue = components(path);
  const dirs: DirNode[] = [root];
  const names: string[] = [];
  let links = 0;
  for (let i = 0; i < queue.length; i++) {
    const name = queue[i]!;
    if (name === '.') continue;
    if (name === '..') {
      if (names.length > 0) {
        names.pop();
        dirs.pop();
      }
      continue;
    }
    const dir = dirs[dirs.length - 1]!;
    let child = dir.children.get(name);
    if (!child) throw new VfsError('ENOENT', `${joinComponents([...names, name])} does not exist`);
    const childPath = joinComponents([...names, name]);
    child = mounts.cross(childPath, child);
    const last = i === queue.length - 1;
    if (child.kind === 'symlink' && (!last || follow)) {
      if (++links > MAX_SYMLINKS) throw new VfsError('ELOOP', `too many symlinks resolving ${path}`);
      const target = components(child.target);
      if (child.target.startsWith('/')) {
        names.length = 0;
        dirs.length = 1;
        dirs[0] = root;
      }
      queue = [...target, ...queue.slice(i + 1)];
      i = -1;
      continue;
    }
    if (!last && child.kind !== 'dir') throw new VfsError('ENOTDIR', `${childPath} is not a directory`);
    if (last) return { node: child, path: childPath };
    names.push(name);
    dirs.push(child as DirNode);
  }
  return { node: dirs[dirs.length - 1]!, path: joinComponents(names) };
}
