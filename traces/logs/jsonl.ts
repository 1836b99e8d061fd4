/**
 * Reads our own trace format back: JSON Lines, one `TraceEvent` per line (what the emulated
 * machine writes). Each line's shape is checked field by field; a bad line is a diagnostic and
 * is left out, the rest is kept. Only known fields are copied, so a `__proto__` key or an extra
 * field can never reach the events.
 */
import type { Diagnostic } from '../../compiler/types.js';
import type { EventKind, TraceEvent } from '../events.js';
import { EVENT_KINDS } from '../jsonl.js';
import { forEachLine, logDiagnostic, logText, printable, sequence, type LogText, type ParsedLog, type ParseOptions } from './parsed-log.js';

// One list of event kinds: the writer's (traces/jsonl.ts).
const KINDS: ReadonlySet<string> = new Set<EventKind>(EVENT_KINDS);
const STRING_FIELDS = ['id', 'lib', 'fn', 'table', 'capability', 'provider', 'name', 'msg', 'path', 'fs', 'dev', 'reason', 'user', 'new', 'old', 'errno'] as const;
const NUMBER_FIELDS = ['prio', 'rc', 'size', 'addr', 'symSize', 'pid', 'ppid', 'status', 'durationNs'] as const;
const KNOWN = new Set<string>(['seq', 't', 'ev', 'level', 'missing', 'target', 'line', ...STRING_FIELDS, ...NUMBER_FIELDS]);

/** Parses a JSON Lines trace. Never throws. */
export function parseJsonlTrace(text: LogText, options: ParseOptions = {}): ParsedLog {
  const file = options.file ?? 'trace';
  const events: TraceEvent[] = [];
  const diagnostics: Diagnostic[] = [];
  const unknownFields = new Set<string>();
  forEachLine(logText(text), (line, lineNumber) => {
    const raw = line.replace(/^\uFEFF/, '').trim();
    if (raw === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      diagnostics.push(bad(lineNumber, `is not JSON (${err instanceof Error ? err.message : String(err)}): "${printable(raw, 80)}"`));
      return;
    }
    const result = toEvent(value);
    if (typeof result === 'string') {
      diagnostics.push(bad(lineNumber, result));
      return;
    }
    for (const key of Object.keys(value as object)) if (!KNOWN.has(key)) unknownFields.add(key);
    result.line = lineNumber;
    events.push(result);
  });
  if (unknownFields.size > 0) {
    diagnostics.push({
      code: 'TRACE_UNKNOWN_FIELD',
      severity: 'note',
      message: `fields not in the trace format were ignored: ${[...unknownFields].sort().slice(0, 10).join(', ')}`,
      location: { file, line: 1, column: 1 },
    });
  }
  return { format: 'jsonl', events: sequence(events), diagnostics };

  function bad(line: number, what: string): Diagnostic {
    return logDiagnostic('TRACE_BAD_LINE', 'error', `trace line ${line} ${what}`, file, line, 'the line is left out; the rest of the trace is still checked');
  }
}

/** The event a parsed JSON value stands for, or why it is not one. */
function toEvent(value: unknown): TraceEvent | string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'is not a JSON object';
  const o = value as Record<string, unknown>;
  if (typeof o.ev !== 'string' || !KINDS.has(o.ev)) return `has no valid \`ev\` (one of ${[...KINDS].join(', ')})`;
  if (!isCount(o.seq)) return '`seq` is not a non-negative integer';
  if (!isCount(o.t)) return '`t` is not a non-negative integer (nanoseconds)';
  const ev: TraceEvent = { seq: o.seq, t: o.t, ev: o.ev as EventKind };
  for (const key of STRING_FIELDS) {
    const v = o[key];
    if (v === undefined) continue;
    if (typeof v !== 'string') return `\`${key}\` is not a string`;
    ev[key] = v;
  }
  for (const key of NUMBER_FIELDS) {
    const v = o[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) return `\`${key}\` is not a number`;
    ev[key] = v;
  }
  if (o.level !== undefined) {
    if (o.level !== null && typeof o.level !== 'string') return '`level` is not a string or null';
    ev.level = o.level;
  }
  if (o.missing !== undefined) {
    if (!Array.isArray(o.missing) || !o.missing.every((m) => typeof m === 'string')) return '`missing` is not a list of strings';
    ev.missing = [...(o.missing as string[])];
  }
  if (o.target !== undefined) {
    if (o.target !== 'HALT' && o.target !== 'CRASH') return '`target` is not HALT or CRASH';
    ev.target = o.target;
  }
  if ((ev.ev === 'call' || ev.ev === 'return' || ev.ev === 'term') && ev.id === undefined && ev.fn === undefined) {
    return `is a \`${ev.ev}\` event with neither \`id\` nor \`fn\``;
  }
  return ev;
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}
