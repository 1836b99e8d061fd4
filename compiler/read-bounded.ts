/**
 * Every input file goes through here: only regular files (or `-`, standard input, on purpose),
 * read in chunks with the bytes counted as they arrive, so a device (`/dev/zero`), a FIFO with no
 * writer or a file that grows while it is read can neither hang a command nor fill the memory.
 * `stat` sizes say nothing for devices, pipes and growing files; the count does.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { isatty } from 'node:tty';

export type ReadProblem =
  | { kind: 'missing' | 'denied' | 'folder' | 'special' | 'other'; message: string }
  | { kind: 'too-big'; message: string; bytes: number };

export type ReadResult = { ok: true; bytes: Buffer } | { ok: false; problem: ReadProblem };

const CHUNK = 1 << 20;
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/**
 * How long standard input may send nothing before the read gives up (seconds; the environment's
 * BOOTPLAN_STALL_SECONDS when set): a pipe whose writer hangs must not hang the command.
 */
function stallMs(): number {
  const env = Number(process.env.BOOTPLAN_STALL_SECONDS);
  return (Number.isFinite(env) && env > 0 ? env : 30) * 1000;
}

/**
 * The descriptor to read `path` from. Files open non-blocking (a FIFO with no writer returns at
 * once). For `-`, a pipe is reopened non-blocking through /dev/stdin, so that one sending nothing
 * times out instead of blocking; a terminal is refused (nothing is being piped in); a file
 * redirected in is read where it stands.
 */
function openInput(path: string): number {
  if (path !== '-') return openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  if (isatty(0)) throw Object.assign(new Error('standard input is a terminal'), { code: 'ETTY' });
  if (!fstatSync(0).isFIFO()) return 0;
  try {
    return openSync('/dev/stdin', constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return 0;
  }
}

/** Reads `path` whole, or says why not. `-` reads standard input with the same limit. */
export function readBounded(path: string, maxBytes: number): ReadResult {
  let fd: number;
  try {
    fd = openInput(path);
  } catch (err) {
    return { ok: false, problem: openProblem(path, err) };
  }
  try {
    const stat = path === '-' ? null : statFile(path, fd, maxBytes);
    if (stat && 'problem' in stat) return { ok: false, problem: stat.problem };
    const chunks: Buffer[] = [];
    let total = 0;
    // A file is read into one buffer of the size it has, and one byte more: a read that fills
    // that byte shows a file that grew, read on in chunks. No chunk is then copied at the end.
    if (stat) {
      const whole = Buffer.allocUnsafe(stat.size + 1);
      for (;;) {
        const n = readSome(fd, whole.subarray(total));
        total += n;
        if (n === 0 || total === whole.length) break;
      }
      if (total < whole.length) return { ok: true, bytes: whole.subarray(0, total) };
      if (total > maxBytes) return { ok: false, problem: { kind: 'too-big', message: tooBig(path, total, maxBytes, true), bytes: total } };
      chunks.push(whole);
    }
    for (;;) {
      const buf = Buffer.allocUnsafe(CHUNK);
      const n = readSome(fd, buf);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) return { ok: false, problem: { kind: 'too-big', message: tooBig(path, total, maxBytes, true), bytes: total } };
      chunks.push(n === CHUNK ? buf : buf.subarray(0, n));
    }
    return { ok: true, bytes: Buffer.concat(chunks, total) };
  } catch (err) {
    return { ok: false, problem: openProblem(path, err) };
  } finally {
    if (fd !== 0) closeSync(fd);
  }
}

/** A read that stopped part way (the limit, an I/O error): thrown by the chunks of `readBoundedChunks`. */
export class ReadStopped extends Error {
  constructor(readonly problem: ReadProblem) {
    super(problem.message);
    this.name = 'ReadStopped';
  }
}

/**
 * `readBounded` for inputs read as they arrive (logs): the file is opened and checked at once
 * (what `readBounded` refuses, this refuses before anything is read), then read in 1 MiB chunks
 * decoded as they come, so memory holds one chunk, never the file. Going past `maxBytes` throws
 * `ReadStopped` from the iteration; the file is closed when the iteration ends either way.
 */
export function readBoundedChunks(path: string, maxBytes: number, encoding: 'utf8' | 'latin1' = 'utf8'): { ok: true; chunks: Iterable<string> } | { ok: false; problem: ReadProblem } {
  let fd: number;
  try {
    fd = openInput(path);
  } catch (err) {
    return { ok: false, problem: openProblem(path, err) };
  }
  if (path !== '-') {
    try {
      const stat = statFile(path, fd, maxBytes);
      if ('problem' in stat) {
        closeSync(fd);
        return { ok: false, problem: stat.problem };
      }
    } catch (err) {
      closeSync(fd);
      return { ok: false, problem: openProblem(path, err) };
    }
  }
  function* chunks(): Generator<string> {
    const decoder = new TextDecoder(encoding === 'latin1' ? 'latin1' : 'utf-8');
    let total = 0;
    try {
      for (;;) {
        const buf = Buffer.allocUnsafe(CHUNK);
        let n: number;
        try {
          n = readSome(fd, buf);
        } catch (err) {
          throw new ReadStopped(openProblem(path, err));
        }
        if (n === 0) break;
        total += n;
        if (total > maxBytes) throw new ReadStopped({ kind: 'too-big', message: tooBig(path, total, maxBytes, true), bytes: total });
        yield decoder.decode(buf.subarray(0, n), { stream: true });
      }
      const rest = decoder.decode();
      if (rest !== '') yield rest;
    } finally {
      if (fd !== 0) closeSync(fd);
    }
  }
  return { ok: true, chunks: chunks() };
}

/**
 * An opened path's size, or what makes it unreadable as an input: a folder, not a regular file,
 * too big by its size.
 */
function statFile(path: string, fd: number, maxBytes: number): { size: number } | { problem: ReadProblem } {
  const st = fstatSync(fd);
  if (st.isDirectory()) return { problem: { kind: 'folder', message: `${path} is a folder, not a file` } };
  if (!st.isFile()) return { problem: { kind: 'special', message: `${path} is not a regular file (a device, a FIFO or a socket); to read a pipe on purpose, give \`-\` and send it to standard input` } };
  return st.size > maxBytes ? { problem: { kind: 'too-big', message: tooBig(path, st.size, maxBytes), bytes: st.size } } : { size: st.size };
}

/**
 * One read into `buf`; 0 at the end. A non-blocking pipe with nothing in it yet waits a little
 * (never spins), and gives up when nothing has come for `stallMs()`.
 */
function readSome(fd: number, buf: Buffer): number {
  const since = Date.now();
  for (;;) {
    try {
      return readSync(fd, buf, 0, buf.length, null);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EOF') return 0;
      if (code !== 'EAGAIN') throw err;
      if (Date.now() - since > stallMs()) throw Object.assign(new Error('stalled'), { code: 'ESTALL' });
      Atomics.wait(PAUSE, 0, 0, 10);
    }
  }
}

function openProblem(path: string, err: unknown): ReadProblem {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return { kind: 'missing', message: `cannot read ${path}: no such file` };
  if (code === 'EACCES' || code === 'EPERM') return { kind: 'denied', message: `cannot read ${path}: permission denied` };
  if (code === 'EISDIR') return { kind: 'folder', message: `${path} is a folder, not a file` };
  if (code === 'ETTY') return { kind: 'special', message: 'standard input (`-`) is a terminal: pipe the input in (`cat plan.yaml | bootplan check -`) or give its path' };
  if (code === 'ESTALL') return { kind: 'other', message: `${path === '-' ? 'standard input' : path} sent nothing for ${stallMs() / 1000} s; is anything writing to it? (BOOTPLAN_STALL_SECONDS sets the wait)` };
  return { kind: 'other', message: `cannot read ${path}: ${code ?? String(err)}` };
}

function tooBig(path: string, bytes: number, max: number, growing = false): string {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return growing ? `${path} grew past ${mb(max)} while it was read (more than the limit accepted)` : `${path} is ${mb(bytes)}, more than the ${mb(max)} accepted`;
}
