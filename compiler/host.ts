/**
 * The one window onto the host that the checker and the machine share: reading the initrd and the
 * folders of 9p shares. Read-only by construction (there is no write method), and replaceable in
 * tests. It lives in the compiler so that the checker reads what the machine reads (runtime/vfs
 * re-exports it).
 */
import { closeSync, lstatSync, openSync, readdirSync, readlinkSync, readSync, statfsSync } from 'node:fs';
import { dirname, isAbsolute, resolve as resolvePath } from 'node:path';

export type HostKind = 'file' | 'dir' | 'symlink' | 'other';

export interface HostFs {
  kind(path: string): HostKind | null;
  size(path: string): number;
  /** The file's bytes; with `max`, at most that many (a caller that wants to know whether a file
   * is larger than N asks for N + 1). Bytes are counted as they are read, never taken from `stat`. */
  readFile(path: string, max?: number): Uint8Array;
  readdir(path: string): string[];
  readlink(path: string): string;
  /** The name of the special filesystem (`proc`, `sysfs`, …) `path` is on, or null for a real one. */
  specialFilesystem?(path: string): string | null;
  /** Permission bits (`0o755`), where the host has them (a thread-model image keeps who may exec a file). */
  mode?(path: string): number;
}

/** statfs `f_type` of Linux pseudo filesystems whose files have no end, block, or change while read. */
const SPECIAL_FILESYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'proc'], [0x62656572, 'sysfs'], [0x64626720, 'debugfs'], [0x74726163, 'tracefs'], [0x73636673, 'securityfs'],
  [0x27e0eb, 'cgroup'], [0x63677270, 'cgroup2'], [0x1cd1, 'devpts'], [0x62656570, 'configfs'], [0xcafe4a11, 'bpf'],
  [0x6165676c, 'pstore'], [0xde5e81e4, 'efivarfs'], [0x65735543, 'fusectl'], [0x19800202, 'mqueue'],
]);

/** Reads at most `max` bytes of a regular file, in chunks, counting what really arrives. */
function readBounded(path: string, max: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const chunks: Uint8Array[] = [];
    let total = 0;
    while (total < max) {
      const chunk = new Uint8Array(Math.min(1 << 20, max - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      total += n;
    }
    if (chunks.length === 1) return chunks[0]!;
    const out = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

/** The real host filesystem (through `lstat`: symlinks are reported, never followed). */
export const nodeHost: HostFs = {
  kind(path) {
    try {
      const st = lstatSync(path);
      if (st.isSymbolicLink()) return 'symlink';
      if (st.isDirectory()) return 'dir';
      if (st.isFile()) return 'file';
      return 'other';
    } catch {
      return null;
    }
  },
  size: (path) => lstatSync(path).size,
  readFile: (path, max = Number.MAX_SAFE_INTEGER) => readBounded(path, max),
  readdir: (path) => readdirSync(path),
  readlink: (path) => readlinkSync(path),
  mode: (path) => lstatSync(path).mode & 0o7777,
  specialFilesystem(path) {
    try {
      return SPECIAL_FILESYSTEMS.get(Number(statfsSync(path).type)) ?? null;
    } catch {
      return null;
    }
  },
};

/**
 * A host made of an in-memory map (`path → contents`, directories implied), and `folders` that
 * are there even when empty (with their parents): for tests, and for the checker's stand-in of a
 * host it cannot read (compiler/check/fs-replay.ts `openHost`).
 */
export function memoryHost(files: Record<string, string | Uint8Array | { symlink: string }>, folders: Iterable<string> = []): HostFs {
  const entries = new Map<string, string | Uint8Array | { symlink: string }>();
  const dirs = new Set<string>(['/']);
  const addParents = (path: string) => {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/') || '/');
  };
  for (const [path, value] of Object.entries(files)) {
    entries.set(path, value);
    addParents(path);
  }
  for (const folder of folders) {
    dirs.add(folder);
    addParents(folder);
  }
  const get = (path: string) => entries.get(path);
  const bytes = (v: string | Uint8Array) => (typeof v === 'string' ? new TextEncoder().encode(v) : v);
  return {
    kind(path) {
      const v = get(path);
      if (v === undefined) return dirs.has(path) ? 'dir' : null;
      return typeof v === 'object' && 'symlink' in v ? 'symlink' : 'file';
    },
    size(path) {
      const v = get(path);
      return v === undefined || (typeof v === 'object' && 'symlink' in v) ? 0 : bytes(v).length;
    },
    readFile(path, max) {
      const v = get(path);
      if (v === undefined || (typeof v === 'object' && 'symlink' in v)) throw new Error(`ENOENT: ${path}`);
      const b = bytes(v);
      return max !== undefined && b.length > max ? b.subarray(0, max) : b;
    },
    readdir(path) {
      const prefix = path === '/' ? '/' : `${path}/`;
      const names = new Set<string>();
      for (const p of [...entries.keys(), ...dirs]) {
        if (p !== path && p.startsWith(prefix)) names.add(p.slice(prefix.length).split('/')[0]!);
      }
      return [...names];
    },
    readlink(path) {
      const v = get(path);
      if (typeof v === 'object' && v !== null && 'symlink' in v) return v.symlink;
      throw new Error(`EINVAL: ${path}`);
    },
  };
}

/**
 * Where a host path of the plan (`hostdir`, `initrd`; resolve has made them relative to the root
 * plan) is on the host: relative paths from `baseDir`, by default the root plan's folder. The
 * machine and the checker both go through here.
 */
export function hostPathOf(path: string, planFile: string, baseDir?: string): string {
  if (isAbsolute(path)) return path;
  return resolvePath(baseDir ?? (planFile ? dirname(resolvePath(planFile)) : process.cwd()), path);
}
