/** File output for the CLI: written whole or not at all (temp file in the same folder, rename). */
import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve as resolvePath } from 'node:path';

export const EXIT_OK = 0;
export const EXIT_FAIL = 1;
export const EXIT_INPUT = 2;

/** A mistake in how the command was called or in what it was given: one line, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  let fd: number | null = null;
  try {
    fd = openSync(tmp, 'w', 0o644);
    writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, path);
  } catch (err) {
    if (fd !== null) closeSync(fd);
    rmSync(tmp, { force: true });
    throw new UsageError(`cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

/** Write to a file (atomically) or to stdout when `path` is undefined or `-`. */
export function emit(path: string | undefined, data: string): void {
  if (path === undefined || path === '-') process.stdout.write(data);
  else writeFileAtomic(path, data);
}

/**
 * Replace the folder `dir` with exactly `files`, whole or not at all: everything is written and
 * synced in a sibling temp folder first, then renamed into place (the old folder, if any, is
 * moved aside and removed only once the new one is in place). A folder holding anything that
 * `owned` does not accept is refused: this never deletes files bootplan did not write.
 */
export function writeDirAtomic(dir: string, files: Array<{ name: string; text: string }>, owned: (name: string, text: string) => boolean): void {
  const parent = dirname(resolvePath(dir));
  const base = basename(resolvePath(dir));
  let existing: string[] | null = null;
  try {
    existing = readdirSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') {
      let isFile = false;
      try { isFile = lstatSync(dir).isFile(); } catch { /* a parent is the file */ }
      throw new UsageError(isFile ? `${dir} is a file, not a folder` : `cannot write ${dir}: a folder above it is a file`);
    }
    if (code !== 'ENOENT') throw new UsageError(`cannot read ${dir}: ${code ?? String(err)}`);
  }
  if (existing) {
    const foreign = existing.filter((name) => {
      const path = join(dir, name);
      try {
        return !lstatSync(path).isFile() || !owned(name, readFileSync(path, 'utf8'));
      } catch {
        return true;
      }
    });
    if (foreign.length > 0) throw new UsageError(`${dir} holds files bootplan did not generate (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''}); give an empty folder or one bootplan wrote`);
  }
  const tmp = join(parent, `.${base}.${process.pid}.tmp`);
  const old = join(parent, `.${base}.${process.pid}.old`);
  try {
    // A build names its output folder; its parents are made as `mkdir -p` would.
    mkdirSync(parent, { recursive: true });
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp);
    for (const file of files) {
      const fd = openSync(join(tmp, file.name), 'wx', 0o644);
      try {
        writeSync(fd, Buffer.from(file.text, 'utf8'));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw new UsageError(`cannot write ${dir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  try {
    if (existing) renameSync(dir, old);
    try {
      renameSync(tmp, dir);
    } catch (err) {
      if (existing) renameSync(old, dir);
      throw err;
    }
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw new UsageError(`cannot write ${dir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  rmSync(old, { recursive: true, force: true });
}

/**
 * Several files written together: every one goes to a temp file beside it first, and only when
 * all are written are they renamed into place (a failure before that leaves every file as it was).
 */
export function writeFilesAtomic(files: Array<{ path: string; text: string }>): void {
  const temps: string[] = [];
  try {
    for (const file of files) {
      const tmp = join(dirname(file.path), `.${basename(file.path)}.${process.pid}.tmp`);
      const fd = openSync(tmp, 'w', 0o644);
      temps.push(tmp);
      try {
        writeSync(fd, Buffer.from(file.text, 'utf8'));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
  } catch (err) {
    for (const tmp of temps) rmSync(tmp, { force: true });
    throw new UsageError(`cannot write ${files.map((f) => f.path).join(', ')}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  files.forEach((file, i) => renameSync(temps[i]!, file.path));
}
