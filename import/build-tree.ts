/**
 * Reads the folders of a Unikraft build (`--src`, each `--lib`, `--app`) into one `BuildTree`:
 * the Unikraft tree's files keep their paths (`lib/vfscore/main.c`), an external library's or the
 * app's files are prefixed with their folder's name (`lib-musl/__uk_init_tls.c`). Makefiles are
 * read on demand, never outside the roots and never larger than the source-file limit.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../compiler/types.js';
import type { BuildTree } from './unikraft-build.js';
import { readSourceTree } from './source-tree.js';
import type { SourceFile } from './unikraft-src.js';

export interface BuildFolders {
  src: string;
  libs: string[];
  app?: string;
}

export interface ReadBuildTree {
  tree: BuildTree;
  /** Virtual prefixes, for `BuildRoots`. */
  libs: string[];
  app?: string;
  diagnostics: Diagnostic[];
}

const RESERVED = new Set(['lib', 'drivers', 'plat', 'arch', 'include', 'support', 'build']);
const MAX_MAKEFILE_BYTES = 4 * 1024 * 1024;

/** Reads every root. Never throws for anything inside the folders. */
export function readBuildTree(folders: BuildFolders): ReadBuildTree {
  const diagnostics: Diagnostic[] = [];
  const files: SourceFile[] = [];
  const roots = new Map<string, string>([['', folders.src]]);
  const used = new Set<string>();
  const prefixFor = (dir: string): string => {
    let name = basename(resolve(dir)).replace(/[^A-Za-z0-9_.+-]/g, '_') || 'ext';
    if (RESERVED.has(name)) name = `ext-${name}`;
    let unique = name;
    for (let i = 2; used.has(unique); i++) unique = `${name}-${i}`;
    used.add(unique);
    return unique;
  };
  const add = (dir: string, prefix: string): void => {
    const read = readSourceTree(dir);
    diagnostics.push(...read.diagnostics);
    for (const f of read.files) files.push(prefix === '' ? f : { path: `${prefix}/${f.path}`, text: f.text });
  };
  add(folders.src, '');
  /** A folder inside --src is already read: it keeps its path in the tree. */
  const inside = (dir: string): string | null => {
    const rel = relative(resolve(folders.src), resolve(dir));
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : null;
  };
  const root = (dir: string): string => {
    const rel = inside(dir);
    if (rel !== null) return rel;
    const prefix = prefixFor(dir);
    roots.set(prefix, dir);
    add(dir, prefix);
    return prefix;
  };
  const libs = folders.libs.map(root);
  const app = folders.app !== undefined ? root(folders.app) : undefined;
  const read = (path: string): string | null => {
    const slash = path.indexOf('/');
    const head = slash < 0 ? path : path.slice(0, slash);
    const [dir, rest] = roots.has(head) && head !== '' ? [roots.get(head)!, slash < 0 ? '' : path.slice(slash + 1)] : [folders.src, path];
    if (rest.split('/').includes('..')) return null;
    try {
      const full = join(dir, rest);
      const st = statSync(full);
      if (!st.isFile() || st.size > MAX_MAKEFILE_BYTES) return null;
      return readFileSync(full).toString('latin1');
    } catch {
      return null;
    }
  };
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { tree: { files, read }, libs, ...(app !== undefined ? { app } : {}), diagnostics };
}
