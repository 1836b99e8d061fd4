/**
 * The in-memory nodes every emulated filesystem is built from. A filesystem is a root directory
 * plus its type and whether it may be written; the VFS mounts these roots onto paths.
 */

/** The device nodes devfs offers. */
export type DeviceName = 'null' | 'zero' | 'console' | 'stdout' | 'random';

export interface FileSystem {
  /** Driver name as the mount table prints it: ramfs, 9pfs, devfs. */
  type: string;
  readOnly: boolean;
  /** What was mounted: a device tag, `initrd0`, or `none`. */
  source: string;
  root: DirNode;
}

interface NodeBase {
  fs: FileSystem;
  mode: number;
}

export interface DirNode extends NodeBase {
  kind: 'dir';
  children: Map<string, VNode>;
}

export interface FileNode extends NodeBase {
  kind: 'file';
  data: Uint8Array;
}

export interface SymlinkNode extends NodeBase {
  kind: 'symlink';
  target: string;
}

export interface DeviceNode extends NodeBase {
  kind: 'device';
  device: DeviceName;
}

export type VNode = DirNode | FileNode | SymlinkNode | DeviceNode;

export function createFileSystem(type: string, source: string, readOnly = false): FileSystem {
  const fs = { type, source, readOnly } as FileSystem;
  fs.root = makeDir(fs, 0o755);
  return fs;
}

export function makeDir(fs: FileSystem, mode = 0o755): DirNode {
  return { kind: 'dir', fs, mode, children: new Map() };
}

export function makeFile(fs: FileSystem, data: Uint8Array, mode = 0o644): FileNode {
  return { kind: 'file', fs, mode, data };
}

export function makeSymlink(fs: FileSystem, target: string): SymlinkNode {
  return { kind: 'symlink', fs, mode: 0o777, target };
}

export function makeDevice(fs: FileSystem, device: DeviceName): DeviceNode {
  return { kind: 'device', fs, mode: 0o666, device };
}

/** An empty in-memory filesystem. */
export function createRamfs(source = 'none'): FileSystem {
  return createFileSystem('ramfs', source);
}
