/** Mounts made by core steps rather than entries: what the machine boots with and the checker replays. */
import { createRamfs } from './node.js';
import type { Vfs } from './vfs.js';

/**
 * A core step that provides `mount:<dir>` (Linux's initial rootfs) mounts a ramfs there, when
 * nothing is mounted there yet and `/` is (or it is `/`). Returns the mount point, or null.
 */
export function mountForCoreStep(vfs: Vfs, capability: string): string | null {
  if (!capability.startsWith('mount:')) return null;
  const at = capability.slice('mount:'.length) || '/';
  if (vfs.mounted(at) || (at !== '/' && !vfs.mounted('/'))) return null;
  if (at !== '/') vfs.mkdir(at, { parents: true });
  vfs.mount(at, createRamfs('rootfs'));
  return at;
}
