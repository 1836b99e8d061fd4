/**
 * 9pfs over virtio-9p, emulated as a read-only snapshot of a host folder taken when the share is
 * mounted. Symlinks are copied as links (their targets mean paths inside the guest), so nothing
 * outside the folder is read; writes return EROFS.
 */
import type { Device, SourceRef } from '../types.js';
import { hostPathOf, type HostFs } from '../host.js';
import { VfsError } from './errno.js';
import { walkHostFolder, DEFAULT_WALK_LIMITS, type WalkLimits } from '../host-walk.js';
import { createFileSystem, makeDir, makeFile, makeSymlink, type DirNode, type FileSystem } from './node.js';

/** The bounds of a snapshot (runtime/vfs/host-walk.ts): entries, bytes, depth. */
export type SnapshotLimits = WalkLimits;

export const DEFAULT_SNAPSHOT_LIMITS: SnapshotLimits = DEFAULT_WALK_LIMITS;

/**
 * Reads `hostdir` (an absolute host path) into a read-only 9pfs. A missing folder or a file in its
 * place is a VfsError (the mount fails in the guest, as a VMM without the share would make it);
 * a folder beyond the bounds, or on a special filesystem, is an InputError at `source`.
 */
export function snapshot9p(host: HostFs, hostdir: string, tag: string, limits = DEFAULT_SNAPSHOT_LIMITS, source?: SourceRef): FileSystem {
  const kind = host.kind(hostdir);
  if (kind === null) throw new VfsError('ENOENT', `the host folder ${hostdir} of 9p device ${tag} does not exist`);
  if (kind !== 'dir') throw new VfsError('ENOTDIR', `the host path ${hostdir} of 9p device ${tag} is not a folder`);
  const fs = createFileSystem('9pfs', tag, false);
  const dirs = new Map<string, DirNode>([['', fs.root]]);
  for (const node of walkHostFolder(host, { root: hostdir, what: `the 9p share ${tag}`, limits, ...(source ? { source } : {}) })) {
    const cut = node.path.lastIndexOf('/');
    const parent = dirs.get(cut < 0 ? '' : node.path.slice(0, cut))!;
    const name = node.path.slice(cut + 1);
    if (node.kind === 'dir') {
      const sub = makeDir(fs);
      parent.children.set(name, sub);
      dirs.set(node.path, sub);
    } else if (node.kind === 'symlink') parent.children.set(name, makeSymlink(fs, node.target));
    else parent.children.set(name, makeFile(fs, node.data));
  }
  fs.readOnly = true;
  return fs;
}

/** The snapshot of a 9p device's `hostdir` (relative to the plan's folder, or `baseDir`): what the machine and the checker mount. */
export function snapshotDevice(host: HostFs, device: Device, planFile: string, baseDir?: string): FileSystem {
  if (device.hostdir === undefined) throw new VfsError('EINVAL', `9p device ${device.tag} has no hostdir`);
  return snapshot9p(host, hostPathOf(device.hostdir, planFile, baseDir), device.tag, DEFAULT_SNAPSHOT_LIMITS, { file: device.source.file, path: [...device.source.path, 'hostdir'] });
}
