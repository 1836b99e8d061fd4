/**
 * The machine's only window onto the host: reading the initrd and 9p share folders. Read-only by
 * construction (there is no write method), and replaceable in tests.
 */
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';

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
