/**
 * A rootfs folder packed into a cpio newc initrd in memory, as kraft packs a Kraftfile's `rootfs:`
 * folder when it builds: the machine then reads it exactly as it reads a built initrd. The host is
 * only read (through the bounded walk of host-walk.ts); nothing is written there. Deterministic:
 * entries in walk order, modes 0755/0644/0777, owner 0, mtime 0.
 */
import type { SourceRef } from '../types.js';
import { writeCpio, type CpioWriteEntry } from '../cpio.js';
import type { HostFs } from '../host.js';
import { walkHostFolder, type WalkLimits } from '../host-walk.js';

const encoder = new TextEncoder();

/** The cpio newc bytes of everything under `folder` (an absolute host path). */
export function packFolder(host: HostFs, folder: string, options: { limits?: WalkLimits; source?: SourceRef } = {}): Uint8Array {
  const nodes = walkHostFolder(host, { root: folder, what: 'the rootfs folder', ...(options.limits ? { limits: options.limits } : {}), ...(options.source ? { source: options.source } : {}) });
  const entries: CpioWriteEntry[] = nodes.map((n) =>
    n.kind === 'dir' ? { name: n.path, type: 'dir', mode: 0o755 }
      : n.kind === 'symlink' ? { name: n.path, type: 'symlink', mode: 0o777, data: encoder.encode(n.target) }
        : { name: n.path, type: 'file', mode: 0o644, data: n.data });
  return writeCpio(entries);
}
