/**
 * The one window onto the host that the checker and the machine share: reading the initrd and the
 * folders of 9p shares. Read-only by construction (there is no write method), and replaceable in
 * tests. It lives in the compiler so that the checker reads what the machine reads (runtime/vfs
 * re-exports it).
 */
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { dirname, isAbsolute, resolve as resolvePath } from 'node:path';

export type HostKind = 'file' | 'dir' | 'symlink' | 'other';

export interface HostFs {
  kind(path: string): HostKind | null;
  size(path: string): number;
  readFile(path: string): Uint8Array;
  readdir(path: string): string[];
  readlink(path: string): string;
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
  readFile: (path) => new Uint8Array(readFileSync(path)),
  readdir: (path) => readdirSync(path),
  readlink: (path) => readlinkSync(path),
};

/** A host made of an in-memory map (`path → contents`, directories implied); for tests. */
export function memoryHost(files: Record<string, string | Uint8Array | { symlink: string }>): HostFs {
  const entries = new Map<string, string | Uint8Array | { symlink: string }>();
  const dirs = new Set<string>(['/']);
  for (const [path, value] of Object.entries(files)) {
    entries.set(path, value);
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/') || '/');
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
    readFile(path) {
      const v = get(path);
      if (v === undefined || (typeof v === 'object' && 'symlink' in v)) throw new Error(`ENOENT: ${path}`);
      return bytes(v);
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
