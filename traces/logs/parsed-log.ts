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
export function forEachLine(text: string, visit: (line: string, lineNumber: number) => void): void {
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
