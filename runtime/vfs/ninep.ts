/**
 * 9pfs over virtio-9p, emulated as a read-only snapshot of a host folder taken when the share is
 * mounted. Symlinks are copied as links (their targets mean paths inside the guest), so nothing
 * outside the folder is read; writes return EROFS.
 */
import type { HostFs } from './host.js';
import { VfsError } from './errno.js';
import { createFileSystem, makeDir, makeFile, makeSymlink, type DirNode, type FileSystem } from './node.js';

export interface SnapshotLimits {
  maxNodes: number;
  maxBytes: number;
  maxDepth: number;
}

export const DEFAULT_SNAPSHOT_LIMITS: SnapshotLimits = { maxNodes: 100_000, maxBytes: 256 * 1024 * 1024, maxDepth: 128 };

/** Reads `hostdir` (an absolute host path) into a read-only 9pfs; throws VfsError on trouble. */
export function snapshot9p(host: HostFs, hostdir: string, tag: string, limits = DEFAULT_SNAPSHOT_LIMITS): FileSystem {
  const kind = host.kind(hostdir);
  if (kind === null) throw new VfsError('ENOENT', `the host folder ${hostdir} of 9p device ${tag} does not exist`);
  if (kind !== 'dir') throw new VfsError('ENOTDIR', `the host path ${hostdir} of 9p device ${tag} is not a folder`);
  const fs = createFileSystem('9pfs', tag, false);
  let nodes = 0;
  let bytes = 0;
  // Iterative walk: a deep host tree must not overflow the stack.
  const stack: Array<{ hostPath: string; dir: DirNode; depth: number }> = [{ hostPath: hostdir, dir: fs.root, depth: 0 }];
  while (stack.length > 0) {
    const { hostPath, dir, depth } = stack.pop()!;
    if (depth > limits.maxDepth) throw new VfsError('EFBIG', `the 9p share ${tag} is nested deeper than ${limits.maxDepth} folders`);
    for (const name of host.readdir(hostPath).sort()) {
      if (++nodes > limits.maxNodes) throw new VfsError('EFBIG', `the 9p share ${tag} has more than ${limits.maxNodes} entries`);
      const path = `${hostPath}/${name}`;
      const k = host.kind(path);
      if (k === 'dir') {
        const sub = makeDir(fs);
        dir.children.set(name, sub);
        stack.push({ hostPath: path, dir: sub, depth: depth + 1 });
      } else if (k === 'symlink') {
        dir.children.set(name, makeSymlink(fs, host.readlink(path)));
      } else if (k === 'file') {
        bytes += host.size(path);
        if (bytes > limits.maxBytes) throw new VfsError('EFBIG', `the 9p share ${tag} holds more than ${limits.maxBytes} bytes`);
        dir.children.set(name, makeFile(fs, host.readFile(path)));
      }
      // Sockets, fifos and devices on the host are not shared.
    }
  }
  fs.readOnly = true;
  return fs;
}
