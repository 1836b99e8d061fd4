/**
 * Reading the plan's initrd from the host: a cpio newc file, or a rootfs folder packed the way
 * kraft packs one. The machine loads it through here and the checker reads it through here, so
 * both see the same bytes and fail the same way (ENOENT, EFBIG; a folder beyond the walk's bounds
 * is an InputError at the field).
 */
import { hostPathOf, type HostFs } from './host.js';
import { DEFAULT_WALK_LIMITS } from './host-walk.js';
import type { PlanInfo } from './types.js';
import { VfsError } from './vfs/errno.js';
import { packFolder } from './vfs/pack-folder.js';

/** Largest initrd the machine loads (a real one has to fit in guest memory too). */
export const MAX_INITRD = 512 * 1024 * 1024;

/** The initrd image of `plan` (relative paths from `baseDir`, by default the plan's folder); VfsError when it cannot be read. */
export function readInitrdImage(host: HostFs, plan: Pick<PlanInfo, 'initrd' | 'source'>, baseDir?: string): Uint8Array {
  if (plan.initrd === null) throw new VfsError('ENOENT', 'the plan has no initrd');
  const full = hostPathOf(plan.initrd, plan.source.file, baseDir);
  const kind = host.kind(full);
  if (kind === 'dir') {
    // A rootfs folder (a Kraftfile's `rootfs: ./rootfs`): packed as kraft would, within the same bound.
    return packFolder(host, full, { limits: { ...DEFAULT_WALK_LIMITS, maxBytes: MAX_INITRD }, source: { file: plan.source.file, path: ['initrd'] } });
  }
  if (kind !== 'file') throw new VfsError('ENOENT', `initrd ${full} is not a readable file`);
  const bytes = host.readFile(full, MAX_INITRD + 1);
  if (bytes.length > MAX_INITRD) throw new VfsError('EFBIG', `initrd ${full} is larger than ${MAX_INITRD} bytes`);
  return bytes;
}
