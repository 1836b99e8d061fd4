/**
 * Reads the C files of a source tree for `import unikraft --src`. A whole Unikraft tree is
 * thousands of files with symlinks, generated headers, the odd unreadable or non-UTF-8 file:
 * symlinks are not followed (a link can loop or leave the tree), unreadable and oversized files
 * are skipped with a diagnostic, and bytes are read as Latin-1 (identifiers are ASCII; any byte
 * sequence decodes). Never throws for anything inside the tree.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../compiler/types.js';
import type { SourceFile } from './unikraft-src.js';

export interface SourceTreeOptions {
  /** File name endings to read; default `.c` and `.h`. */
  extensions?: string[];
  /** Larger files are skipped; default 8 MiB. */
  maxFileBytes?: number;
  /** Stop after this many files; default 200,000. */
  maxFiles?: number;
  /** Folder names never entered; default `.git`, `.svn`, `node_modules`. */
  skipDirs?: string[];
}

export interface SourceTree {
  files: SourceFile[];
  diagnostics: Diagnostic[];
}

/** Walks `root` (iteratively, no recursion depth limit to hit) and reads its C files. */
export function readSourceTree(root: string, options: SourceTreeOptions = {}): SourceTree {
  const extensions = options.extensions ?? ['.c', '.h'];
  const maxBytes = options.maxFileBytes ?? 8 * 1024 * 1024;
  const maxFiles = options.maxFiles ?? 200_000;
  const skipDirs = new Set(options.skipDirs ?? ['.git', '.svn', 'node_modules']);
  const files: SourceFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const symlinks: string[] = [];
  const unreadable: string[] = [];
  const tooLarge: string[] = [];

  try {
    if (!statSync(root).isDirectory()) {
      return { files, diagnostics: [problem('IMPORT_NOT_A_FOLDER', 'error', `${root} is not a folder`, root)] };
    }
  } catch (err) {
    return { files, diagnostics: [problem('IMPORT_NOT_A_FOLDER', 'error', `cannot read ${root}: ${code(err)}`, root)] };
  }

  const stack: string[] = [''];
  while (stack.length > 0 && files.length < maxFiles) {
    const rel = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(join(root, rel), { withFileTypes: true });
    } catch (err) {
      unreadable.push(`${rel || '.'}/ (${code(err)})`);
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0)); // popped in name order
    for (const entry of entries) {
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isSymbolicLink()) {
        if (entry.name.endsWith('.c') || entry.name.endsWith('.h') || !entry.name.includes('.')) symlinks.push(path);
        continue;
      }
      if (entry.isDirectory()) {
        if (!skipDirs.has(entry.name)) stack.push(path);
        continue;
      }
      if (!entry.isFile() || !extensions.some((e) => entry.name.endsWith(e))) continue;
      try {
        const full = join(root, path);
        const size = statSync(full).size;
        if (size > maxBytes) {
          tooLarge.push(path);
          continue;
        }
        files.push({ path, text: readFileSync(full).toString('latin1') });
      } catch (err) {
        unreadable.push(`${path} (${code(err)})`);
      }
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (stack.length > 0) diagnostics.push(problem('IMPORT_TOO_MANY_FILES', 'warning', `stopped after ${maxFiles} files; the rest of the tree was not read`, root));
  if (symlinks.length > 0) diagnostics.push(problem('IMPORT_SYMLINK_SKIPPED', 'note', `${symlinks.length} symbolic link(s) not followed: ${sample(symlinks)}`, root));
  if (unreadable.length > 0) diagnostics.push(problem('IMPORT_UNREADABLE_FILE', 'warning', `${unreadable.length} file(s) or folder(s) could not be read and were skipped: ${sample(unreadable)}`, root));
  if (tooLarge.length > 0) diagnostics.push(problem('IMPORT_FILE_TOO_LARGE', 'note', `${tooLarge.length} file(s) larger than ${maxBytes} bytes were skipped: ${sample(tooLarge)}`, root));
  return { files, diagnostics };
}

function problem(codeName: string, severity: Diagnostic['severity'], message: string, file: string): Diagnostic {
  return { code: codeName, severity, message, location: { file, line: 1, column: 1 } };
}

function code(err: unknown): string {
  return (err as NodeJS.ErrnoException)?.code ?? String(err);
}

function sample(list: string[]): string {
  return list.slice(0, 5).join(', ') + (list.length > 5 ? `, … (${list.length - 5} more)` : '');
}
