/** File output for the CLI: written whole or not at all (temp file in the same folder, rename). */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

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
