/**
 * Unpacks cpio entries into a directory of the VFS, the way ukcpio does (files, directories and
 * symlinks; existing paths replaced), but refusing any entry whose path would leave that
 * directory: an absolute name, a `..` component, or a path through a symlink (the archive could
 * have planted `etc -> /` first). A refused entry stops the extraction with a CpioError; nothing
 * has been written outside the directory at that point.
 */
import { CpioError, type CpioEntry } from '../cpio.js';
import { VfsError } from './errno.js';
import { makeDir, makeFile, makeSymlink, type DirNode } from './node.js';
import { NAME_MAX } from './path.js';
import type { Vfs } from './vfs.js';

export interface ExtractReport {
  files: number;
  dirs: number;
  symlinks: number;
  /** Entries of other types (devices, fifos, sockets) that ukcpio does not create either. */
  skipped: string[];
  bytes: number;
}

export interface ExtractOptions {
  /** Called before a file's data is stored; returns false when the heap is exhausted. */
  allocate?(size: number, name: string): boolean;
}

/** The safe components of an archive name, or a CpioError saying why it would escape. */
export function safeComponents(entry: Pick<CpioEntry, 'name' | 'offset'>): string[] {
  const { name, offset } = entry;
  if (name.startsWith('/')) throw new CpioError(`entry "${name}" is an absolute path; refusing to extract outside the target`, offset);
  const parts = name.split('/').filter((c) => c.length > 0 && c !== '.');
  if (parts.includes('..')) throw new CpioError(`entry "${name}" contains ".."; refusing to extract outside the target`, offset);
  if (parts.some((p) => p.length > NAME_MAX)) throw new CpioError(`entry "${name}" has a component longer than ${NAME_MAX}`, offset);
  return parts;
}

/** Extract `entries` beneath the directory `into` (a canonical path that must exist). */
export function extractCpio(vfs: Vfs, into: string, entries: readonly CpioEntry[], options: ExtractOptions = {}): ExtractReport {
  const report: ExtractReport = { files: 0, dirs: 0, symlinks: 0, skipped: [], bytes: 0 };
  const top = vfs.resolve(into, true);
  if (top.node.kind !== 'dir') throw new VfsError('ENOTDIR', `${into} is not a directory`);
  for (const entry of entries) {
    const parts = safeComponents(entry);
    if (parts.length === 0) continue; // "." itself: the target directory exists already
    if (entry.type === 'other') {
      report.skipped.push(entry.name);
      continue;
    }
    const dir = walkBeneath(vfs, top.path, parts.slice(0, -1), entry);
    const name = parts[parts.length - 1]!;
    if (dir.fs.readOnly) throw new VfsError('EROFS', `cannot extract ${entry.name} onto a read-only ${dir.fs.type}`);
    const old = dir.children.get(name);
    if (entry.type === 'dir') {
      if (old?.kind === 'dir') old.mode = entry.mode;
      else dir.children.set(name, makeDir(dir.fs, entry.mode));
      report.dirs++;
      continue;
    }
    if (old?.kind === 'dir') throw new CpioError(`entry "${entry.name}" would replace a directory`, entry.offset);
    if (entry.type === 'symlink') {
      dir.children.set(name, makeSymlink(dir.fs, new TextDecoder().decode(entry.data)));
      report.symlinks++;
      continue;
    }
    if (options.allocate && !options.allocate(entry.data.length, entry.name)) {
      throw new VfsError('ENOMEM', `out of memory storing ${entry.name} (${entry.data.length} bytes)`);
    }
    dir.children.set(name, makeFile(dir.fs, entry.data, entry.mode));
    report.files++;
    report.bytes += entry.data.length;
  }
  return report;
}

/** The directory for `parts` under `base`, created as needed; a symlink on the way is refused. */
function walkBeneath(vfs: Vfs, base: string, parts: readonly string[], entry: CpioEntry): DirNode {
  let dir = vfs.resolve(base, true).node as DirNode;
  let path = base;
  for (const part of parts) {
    path = path === '/' ? `/${part}` : `${path}/${part}`;
    const over = vfs.mounted(path);
    let child = over ? over.root : dir.children.get(part);
    if (child === undefined) {
      if (dir.fs.readOnly) throw new VfsError('EROFS', `cannot create ${path} on a read-only ${dir.fs.type}`);
      child = makeDir(dir.fs);
      dir.children.set(part, child);
    }
    if (child.kind === 'symlink') {
      throw new CpioError(`entry "${entry.name}" goes through the symlink ${path} -> ${child.target}; refusing to extract through links`, entry.offset);
    }
    if (child.kind !== 'dir') throw new CpioError(`entry "${entry.name}" needs ${path} to be a directory`, entry.offset);
    dir = child;
  }
  return dir;
}
