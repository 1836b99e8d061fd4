/**
 * One entry point for `verify --trace FILE`: decides whether the file is our JSON Lines trace, a
 * Unikraft console log or a Linux `initcall_debug` log, and parses it.
 */
import { parseJsonlTrace } from './jsonl.js';
import { parseLinuxInitcallLog } from './linux.js';
import type { SymbolMap } from './nm.js';
import type { LogFormat, LogText, ParsedLog } from './parsed-log.js';
import { looksLikeUnikraftLine, parseUnikraftLog } from './unikraft.js';

export interface ParseAnyOptions {
  /** Shown as the diagnostics' file. */
  file?: string;
  /** `nm` map of the Unikraft image, to name printed addresses. */
  symbols?: SymbolMap;
  /** Skip detection. */
  format?: LogFormat | 'auto';
}

/** Which format a trace is in, or null when nothing in it is recognisable. */
export function detectTraceFormat(text: string): LogFormat | null {
  const head = text.slice(0, 4096).replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('{')) return 'jsonl';
  if (
    text.includes('Call init function: ') ||
    text.includes('Call constructor: ') ||
    text.includes('[libukboot]') ||
    text.includes('Unikraft constructor table at')
  ) {
    return 'unikraft';
  }
  if (/calling {2}\S+ @ -?\d/.test(text) || /initcall \S+ returned -?\d+ after/.test(text) || text.includes('Linux version ')) {
    return 'linux';
  }
  // Last resort: a Unikraft console line anywhere in the first lines (a log with debug output off).
  for (const line of text.slice(0, 65536).split('\n')) if (looksLikeUnikraftLine(line)) return 'unikraft';
  return null;
}

/** Detects the format and parses. Never throws; an unrecognised file gives an error diagnostic. */
export function parseAnyTrace(text: LogText, options: ParseAnyOptions = {}): ParsedLog {
  const file = options.file ?? 'trace';
  const forced = options.format && options.format !== 'auto' ? options.format : null;
  let source: LogText;
  let format: LogFormat | null;
  if (typeof text === 'string' || text === null || typeof text !== 'object') {
    const whole = typeof text === 'string' ? text : String(text ?? '');
    source = whole;
    format = forced ?? detectTraceFormat(whole);
  } else {
    // Chunks: the format is decided on the first MiB, then the whole log is read as it streams.
    const peeked = peek(text, STREAM_HEAD);
    source = peeked.chunks;
    format = forced ?? detectTraceFormat(peeked.head);
  }
  switch (format) {
    case 'jsonl':
      return parseJsonlTrace(source, { file });
    case 'unikraft':
      return parseUnikraftLog(source, options.symbols, { file });
    case 'linux':
      return parseLinuxInitcallLog(source, { file });
    default:
      return {
        format: 'linux',
        events: [],
        diagnostics: [{
          code: 'TRACE_UNKNOWN_FORMAT',
          severity: 'error',
          message: 'the trace is neither bootplan JSON Lines, a Unikraft console log nor a Linux initcall_debug log',
          location: { file, line: 1, column: 1 },
          hint: 'boot Linux with `initcall_debug`, Unikraft with debug printing, or pass a trace written by `bootplan run`',
        }],
      };
  }
}

/** Characters of a streamed log the format is decided on. */
const STREAM_HEAD = 1 << 20;

/** The first `size` characters of a chunk stream, and the stream again from its start. */
function peek(chunks: Iterable<string>, size: number): { head: string; chunks: Iterable<string> } {
  const it = chunks[Symbol.iterator]();
  const first: string[] = [];
  let length = 0;
  let done = false;
  while (length < size) {
    const next = it.next();
    if (next.done) {
      done = true;
      break;
    }
    first.push(next.value);
    length += next.value.length;
  }
  const head = first.join('').slice(0, size);
  function* again(): Generator<string> {
    yield* first;
    if (done) return;
    for (let next = it.next(); !next.done; next = it.next()) yield next.value;
  }
  return { head, chunks: again() };
}
