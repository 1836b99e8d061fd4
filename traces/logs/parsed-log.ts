/**
 * What every log parser returns: the boot events it could read, in log order, and a diagnostic
 * for every line that looked like a boot event but could not be read. Parsers never throw.
 */
import type { Diagnostic } from '../../compiler/types.js';
import type { TraceEvent } from '../events.js';

export type LogFormat = 'jsonl' | 'unikraft' | 'linux';

export interface ParsedLog {
  format: LogFormat;
  /** In log order; `seq` is the position in this array, `line` the 1-based log line. */
  events: TraceEvent[];
  diagnostics: Diagnostic[];
}

/** Options every parser takes. */
export interface ParseOptions {
  /** Shown as the diagnostics' file; default `trace`. */
  file?: string;
}

/** Lines longer than this are only searched around their keywords (a bound on regex work). */
export const MAX_SCAN_LINE = 4096;

/** A diagnostic pointing at one log line. */
export function logDiagnostic(
  code: string,
  severity: Diagnostic['severity'],
  message: string,
  file: string,
  line: number,
  hint?: string,
): Diagnostic {
  const d: Diagnostic = { code, severity, message, location: { file, line, column: 1 } };
  if (hint !== undefined) d.hint = hint;
  return d;
}

/**
 * Splits a log into lines without copying it twice: `\r\n`, `\n` and lone `\r` all end a line
 * (serial consoles mix them). Calls `visit(line, lineNumber)` with the line's text.
 */
/**
 * A log as the readers take it: the whole text, or its text in chunks as they are read from the
 * file (any split, even inside a line or a `\r\n`), so a 1 GB log is never one string.
 */
export type LogText = string | Iterable<string>;

/** Longest line kept from a chunked log; the rest of a longer line is skipped (the readers scan
 * MAX_SCAN_LINE characters of a line at most, so nothing they would read is lost). */
export const MAX_STREAM_LINE = 1 << 20;

/** What a reader was given, as `forEachLine` takes it: a string stays one, chunks stay chunks, anything else (a fuzzer's null) is its string. */
export function logText(text: unknown): LogText {
  if (typeof text === 'string') return text;
  if (text !== null && typeof text === 'object' && Symbol.iterator in text) return text as Iterable<string>;
  return String(text ?? '');
}

export function forEachLine(text: LogText, visit: (line: string, lineNumber: number) => void): void {
  if (typeof text !== 'string') {
    forEachStreamedLine(text, visit);
    return;
  }
  let start = 0;
  let lineNumber = 1;
  const n = text.length;
  while (start <= n) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = n;
    let stop = end;
    if (stop > start && text.charCodeAt(stop - 1) === 13) stop--;
    // A lone `\r` inside a line is a carriage return the terminal would overwrite with; the
    // parsers search rather than anchor, so the line is kept whole.
    visit(text.slice(start, stop), lineNumber);
    if (end >= n) break;
    start = end + 1;
    lineNumber++;
  }
}

/** `forEachLine` over chunks: memory is one chunk plus one line (at most MAX_STREAM_LINE). */
function forEachStreamedLine(chunks: Iterable<string>, visit: (line: string, lineNumber: number) => void): void {
  let carry = '';
  let skipping = false;
  let lineNumber = 1;
  const finish = (line: string) => {
    visit(line.length > 0 && line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line, lineNumber++);
  };
  for (const chunk of chunks) {
    let start = 0;
    for (;;) {
      const end = chunk.indexOf('\n', start);
      if (end < 0) {
        if (!skipping) {
          carry += chunk.slice(start);
          if (carry.length > MAX_STREAM_LINE) {
            carry = carry.slice(0, MAX_STREAM_LINE);
            skipping = true;
          }
        }
        break;
      }
      const piece = skipping ? '' : chunk.slice(start, end);
      finish(carry.length + piece.length > MAX_STREAM_LINE ? (carry + piece).slice(0, MAX_STREAM_LINE) : carry + piece);
      carry = '';
      skipping = false;
      start = end + 1;
    }
  }
  finish(carry);
}

/**
 * `[    1.209527]` → nanoseconds, computed on the digits so no float rounding creeps in.
 * Returns null for anything that is not `seconds.fraction`.
 */
export function timestampNs(seconds: string, fraction: string): number | null {
  if (seconds.length > 9 || fraction.length > 9) return null;
  const s = Number(seconds);
  const f = Number((fraction + '000000000').slice(0, 9));
  if (!Number.isFinite(s) || !Number.isFinite(f)) return null;
  return s * 1e9 + f;
}

/** Replaces control characters (ANSI escapes, NUL) for quoting a line in a message. */
export function printable(text: string, max = 160): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b./g, '').replace(/[\x00-\x1f\x7f]/g, '·');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** Renumbers `seq` so it is the position in the array (parsers build events before knowing). */
export function sequence(events: TraceEvent[]): TraceEvent[] {
  for (let i = 0; i < events.length; i++) events[i]!.seq = i;
  return events;
}
