/**
 * File output for the CLI. A regular file is written whole or not at all (a temp file in the same
 * folder, then a rename); anything else — a device, a FIFO, a link to one, `-` for stdout — is
 * written in place, because renaming over it would replace the node itself. A target that is one
 * of the command's inputs is refused: writing the report over the plan being read destroys it.
 */
import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { readBounded, readBoundedChunks, ReadStopped, type ReadProblem } from '../compiler/read-bounded.js';

export const EXIT_OK = 0;
export const EXIT_FAIL = 1;
export const EXIT_INPUT = 2;

/** A mistake in how the command was called or in what it was given: one line, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Real paths of every file this command read; outputs may not land on them. */
const inputs = new Set<string>();
/** Temp files being written right now, removed if the process is told to stop. */
const pending = new Set<string>();
let signalsHooked = false;

/** Records a file the command reads, so that no output of the same command replaces it. */
export function noteInput(path: string): void {
  inputs.add(canonical(path));
}

/** The real path of `path` if it exists, else its absolute path with a resolved parent. */
function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return join(realpathSync(dirname(path)), basename(path));
    } catch {
      return resolve(path);
    }
  }
}

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  writeChunksAtomic(path, [typeof data === 'string' ? Buffer.from(data, 'utf8') : data]);
}

/**
 * `writeFileAtomic` for output too large to be one string: the chunks are written to the temp
 * file as they come, and it replaces the target only once the last is written. A chunk source
 * that throws leaves the target as it was (and the temp file removed).
 */
export function writeChunksAtomic(path: string, chunks: Iterable<string | Uint8Array>): void {
  if (path === '') throw new UsageError('the output path is empty');
  const target = canonical(path);
  if (inputs.has(target)) throw new UsageError(`refusing to write ${shown(path)}: it is one of this command's inputs (choose another output file)`);
  const writeChunks = (fd: number) => {
    for (const chunk of chunks) writeAll(fd, typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  };
  let kind: 'missing' | 'file' | 'special' = 'missing';
  try {
    const st = statSync(target);
    if (st.isDirectory()) throw new UsageError(`cannot write ${shown(path)}: it is a folder`);
    kind = st.isFile() ? 'file' : 'special';
  } catch (err) {
    if (err instanceof UsageError) throw err;
  }
  if (kind === 'special') {
    writeInPlace(path, target, writeChunks);
    return;
  }
  hookSignals();
  // A link to a regular file keeps being a link: the rename happens beside the file it names.
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  let fd: number | null = null;
  pending.add(tmp);
  try {
    fd = openSync(tmp, 'w', 0o644);
    writeChunks(fd);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, target);
  } catch (err) {
    if (fd !== null) closeSync(fd);
    removeQuietly(tmp);
    if (!isSystemError(err)) throw err;
    throw new UsageError(`cannot write ${shown(path)}: ${describe(err)}`);
  } finally {
    pending.delete(tmp);
  }
}

/** An error of the filesystem (ENOSPC, EACCES, ...), as opposed to one thrown by a chunk source. */
function isSystemError(err: unknown): boolean {
  return typeof (err as NodeJS.ErrnoException | undefined)?.code === 'string';
}

/** Devices, FIFOs and the like: opened and written as they are, never replaced. */
function writeInPlace(path: string, target: string, write: (fd: number) => void): void {
  let fd: number | null = null;
  try {
    fd = openSync(target, 'w');
    write(fd);
    closeSync(fd);
    fd = null;
  } catch (err) {
    if (fd !== null) closeSync(fd);
    if (!isSystemError(err)) throw err;
    throw new UsageError(`cannot write ${shown(path)}: ${describe(err)}`);
  }
}

/** A temp file that may not exist, or whose folder may not exist: never an error. */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // ENOTDIR, ENAMETOOLONG: there is nothing to remove
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, Math.min(bytes.length - off, 1 << 24));
}

/** A path as messages show it: a name of thousands of characters is cut, with its length. */
export function shown(path: string): string {
  return path.length <= 160 ? path : `${path.slice(0, 80)}…${path.slice(-40)} (${path.length} characters)`;
}

function describe(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT': return 'its folder does not exist (ENOENT)';
    case 'ENOTDIR': return 'a part of the path is a file, not a folder (ENOTDIR)';
    case 'ENAMETOOLONG': return 'the name is too long (ENAMETOOLONG)';
    case 'EACCES': case 'EPERM': return `permission denied (${code})`;
    case 'EROFS': return 'the filesystem is read-only (EROFS)';
    case 'ENOSPC': return 'no space left on the device (ENOSPC)';
    case 'EISDIR': return 'it is a folder (EISDIR)';
    default: return code ?? String(err);
  }
}

/** SIGINT/SIGTERM while an output is being written: remove its temp file, then stop as asked. */
function hookSignals(): void {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      for (const tmp of pending) removeQuietly(tmp);
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    });
  }
}

/** Write to a file or to stdout when `path` is undefined or `-`. */
export function emit(path: string | undefined, data: string): void {
  if (path === undefined || path === '-') process.stdout.write(data);
  else writeFileAtomic(path, data);
}

/** `emit` for output made of chunks (large JSON): never joined into one string. */
export function emitChunks(path: string | undefined, chunks: Iterable<string>): void {
  if (path === undefined || path === '-') {
    for (const chunk of chunks) process.stdout.write(chunk);
  } else {
    writeChunksAtomic(path, chunks);
  }
}

/** Largest trace, log, symbol map or witness a command reads unless told otherwise. */
export const DEFAULT_MAX_INPUT_BYTES = 64 * 1024 * 1024;

/**
 * An input file's text through the bounded reader (regular files or `-` only, bytes counted),
 * recorded as an input so no output replaces it. Latin-1 when asked: serial logs carry firmware
 * bytes that are not UTF-8.
 */
export function readInputFile(path: string, what: string, options: { maxBytes?: number; encoding?: 'utf8' | 'latin1' } = {}): string {
  if (path === '') throw new UsageError(`the ${what} path is empty`);
  noteInput(path);
  const read = readBounded(path, options.maxBytes ?? DEFAULT_MAX_INPUT_BYTES);
  if (!read.ok) throw new UsageError(`the ${what}: ${read.problem.message}${read.problem.kind === 'too-big' ? ' (raise it with --max-bytes)' : ''}`);
  return read.bytes.toString(options.encoding ?? 'utf8');
}

/**
 * An input file's text as chunks, read as the caller consumes them (logs: a 1 GB console is
 * never one string). What `readInputFile` refuses is refused here at once; the byte limit is
 * counted as the chunks arrive, and going past it ends the command with the same message.
 */
export function readInputChunks(path: string, what: string, options: { maxBytes?: number; encoding?: 'utf8' | 'latin1' } = {}): Iterable<string> {
  if (path === '') throw new UsageError(`the ${what} path is empty`);
  noteInput(path);
  const read = readBoundedChunks(path, options.maxBytes ?? DEFAULT_MAX_INPUT_BYTES, options.encoding ?? 'utf8');
  const message = (problem: ReadProblem) => `the ${what}: ${problem.message}${problem.kind === 'too-big' ? ' (raise it with --max-bytes)' : ''}`;
  if (!read.ok) throw new UsageError(message(read.problem));
  const chunks = read.chunks;
  return {
    *[Symbol.iterator]() {
      try {
        yield* chunks;
      } catch (err) {
        if (err instanceof ReadStopped) throw new UsageError(message(err.problem));
        throw err;
      }
    },
  };
}

/**
 * Replace the folder `dir` with exactly `files`, whole or not at all: everything is written and
 * synced in a sibling temp folder first, then renamed into place (the old folder, if any, is
 * moved aside and removed only once the new one is in place). A folder holding anything that
 * `owned` does not accept is refused: this never deletes files bootplan did not write.
 */
export function writeDirAtomic(dir: string, files: Array<{ name: string; text: string }>, owned: (name: string, text: string) => boolean): void {
  const parent = dirname(resolve(dir));
  const base = basename(resolve(dir));
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
    throw new UsageError(`cannot write ${shown(dir)}: ${describe(err)}`);
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
    throw new UsageError(`cannot write ${shown(dir)}: ${describe(err)}`);
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
    throw new UsageError(`cannot write ${files.map((f) => shown(f.path)).join(', ')}: ${describe(err)}`);
  }
  files.forEach((file, i) => renameSync(temps[i]!, file.path));
}
