/**
 * The one bounded walk of a host folder, for what the machine and the checker read from one: a 9p
 * share's snapshot, a rootfs folder packed into an initrd, a thread-model image's contents. Bounds on depth, entries and bytes
 * (bytes counted as they are read, not trusted from `stat`); symbolic links are recorded as links
 * and never followed, so a link loop costs one entry; files on a special filesystem (`/proc`,
 * `/sys`: sizes of 0 for files without an end, reads that block) are refused before anything is
 * read. A bound reached is an `InputError` (the CLI's exit 2) located at the plan field that named
 * the folder, never a hang or a partial copy.
 */
import { InputError, type SourceRef } from './types.js';
import type { HostFs } from './host.js';

export interface WalkLimits {
  maxEntries: number;
  maxBytes: number;
  maxDepth: number;
}

/** The bounds the README states: 100,000 entries, 256 MiB, 128 folders deep. */
export const DEFAULT_WALK_LIMITS: WalkLimits = { maxEntries: 100_000, maxBytes: 256 * 1024 * 1024, maxDepth: 128 };

export type WalkedNode =
  | { kind: 'dir'; path: string }
  | { kind: 'file'; path: string; data: Uint8Array; /** Permission bits, when the host tells them. */ mode?: number }
  | { kind: 'symlink'; path: string; target: string };

export interface WalkRequest {
  /** Absolute host path of the folder. */
  root: string;
  /** What the folder is to the plan, for messages: `the 9p share fs0`, `the rootfs folder`. */
  what: string;
  /** The plan field that names the folder (`devices[0].hostdir`, `initrd`). */
  source?: SourceRef;
  limits?: WalkLimits;
}

/**
 * Every entry under `root` in a deterministic order (folders before what is in them, names
 * sorted), paths relative to `root` with `/`. Host sockets, FIFOs and devices are skipped: they
 * are not shared by 9p and kraft does not pack them.
 */
export function walkHostFolder(host: HostFs, request: WalkRequest): WalkedNode[] {
  const limits = request.limits ?? DEFAULT_WALK_LIMITS;
  const fail = (code: string, message: string, hint: string): never => {
    throw new InputError([{ code, severity: 'error', message, hint, ...(request.source ? { source: request.source } : {}) }]);
  };
  const special = host.specialFilesystem?.(request.root) ?? null;
  if (special !== null) {
    fail('host-folder-special', `${request.what} is ${request.root}, on the special filesystem ${special}, whose files have no end or block when read; it is not read`, 'share a folder of regular files (copy what the guest needs into one)');
  }
  const out: WalkedNode[] = [];
  let entries = 0;
  let bytes = 0;
  // Iterative, deepest-last: a deep host tree must not overflow the stack.
  const stack: Array<{ hostPath: string; rel: string; depth: number }> = [{ hostPath: request.root, rel: '', depth: 0 }];
  while (stack.length > 0) {
    const { hostPath, rel, depth } = stack.pop()!;
    if (depth > limits.maxDepth) fail('host-folder-too-deep', `${request.what} (${request.root}) is nested deeper than ${limits.maxDepth} folders, at ${rel}`, 'share a shallower folder');
    const names = host.readdir(hostPath).sort();
    const subfolders: Array<{ hostPath: string; rel: string; depth: number }> = [];
    for (const name of names) {
      if (++entries > limits.maxEntries) fail('host-folder-too-big', `${request.what} (${request.root}) has more than ${limits.maxEntries} entries`, 'share a smaller folder');
      const path = `${hostPath}/${name}`;
      const relPath = rel === '' ? name : `${rel}/${name}`;
      const kind = host.kind(path);
      if (kind === 'dir') {
        // A special filesystem mounted inside the folder (a bind of /proc) is refused like one named directly.
        const inner = host.specialFilesystem?.(path) ?? null;
        if (inner !== null) fail('host-folder-special', `${request.what} (${request.root}) holds ${relPath}, on the special filesystem ${inner}, whose files have no end or block when read; it is not read`, 'share a folder of regular files (copy what the guest needs into one)');
        out.push({ kind: 'dir', path: relPath });
        subfolders.push({ hostPath: path, rel: relPath, depth: depth + 1 });
      } else if (kind === 'symlink') {
        out.push({ kind: 'symlink', path: relPath, target: host.readlink(path) });
      } else if (kind === 'file') {
        const left = limits.maxBytes - bytes;
        const data = host.readFile(path, left + 1);
        bytes += data.length;
        if (bytes > limits.maxBytes) fail('host-folder-too-big', `${request.what} (${request.root}) holds more than ${limits.maxBytes} bytes (reached at ${relPath})`, 'share a smaller folder');
        const mode = host.mode?.(path);
        out.push(mode === undefined ? { kind: 'file', path: relPath, data } : { kind: 'file', path: relPath, data, mode });
      }
    }
    // Pushed in reverse so that the first name is walked first.
    for (let i = subfolders.length - 1; i >= 0; i--) stack.push(subfolders[i]!);
  }
  return out;
}
