/**
 * Traces as JSON Lines: one event per line, keys always in the order of `TraceEvent` (so two
 * equal traces are equal bytes), and a reader that checks each line and says which ones it
 * could not read instead of throwing.
 */
import type { EventKind, TraceEvent } from './events.js';

type FieldType = 'string' | 'number' | 'integer' | 'string[]' | 'string|null' | 'target';

/** Every field in serialisation order, with its type for the reader. */
const FIELDS: ReadonlyArray<readonly [keyof TraceEvent, FieldType]> = [
  ['seq', 'integer'], ['t', 'number'], ['ev', 'string'], ['id', 'string'], ['lib', 'string'], ['fn', 'string'],
  ['table', 'string'], ['level', 'string|null'], ['prio', 'integer'], ['rc', 'integer'], ['capability', 'string'],
  ['missing', 'string[]'], ['provider', 'string'], ['name', 'string'], ['msg', 'string'], ['target', 'target'],
  ['path', 'string'], ['fs', 'string'], ['dev', 'string'], ['size', 'integer'], ['addr', 'integer'],
  ['symSize', 'integer'], ['pid', 'integer'], ['ppid', 'integer'], ['user', 'string'], ['status', 'integer'],
  ['new', 'string'], ['old', 'string'], ['errno', 'string'], ['durationNs', 'number'], ['line', 'integer'], ['reason', 'string'],
];

export const EVENT_KINDS: readonly EventKind[] = ['phase', 'call', 'return', 'fault', 'term', 'mount', 'alloc', 'spawn', 'log', 'halt', 'exec', 'exit', 'umount', 'pivot-root'];
const KINDS = new Set<string>(EVENT_KINDS);

const KEYS = FIELDS.map(([key]) => key);
const PREFIXES = KEYS.map((key, i) => (i === 0 ? `{"${key}":` : `,"${key}":`));
// Strings with nothing to escape are written as they are; the rest go through JSON.stringify.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u2028\u2029\ud800-\udfff]/;

function value(v: unknown): string {
  if (typeof v === 'string') return NEEDS_ESCAPE.test(v) ? JSON.stringify(v) : `"${v}"`;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  return JSON.stringify(v);
}

/** One event as one JSON line (no newline). */
export function eventToJson(ev: TraceEvent): string {
  let out = '';
  for (let i = 0; i < KEYS.length; i++) {
    const v = ev[KEYS[i]!];
    if (v === undefined) continue;
    out += (out === '' ? '{' + PREFIXES[i]!.slice(1) : PREFIXES[i]!) + value(v);
  }
  return out === '' ? '{}' : out + '}';
}

const RANK: Record<string, number> = Object.create(null);
KEYS.forEach((key, i) => (RANK[key] = i));

/** Whether the event's own keys are already in serialisation order (then JSON.stringify, much faster, gives the same text). */
function canonical(ev: TraceEvent): boolean {
  let last = -1;
  for (const key in ev) {
    const rank = RANK[key];
    if (rank === undefined || rank <= last) return false;
    last = rank;
  }
  return true;
}

/** The whole trace, every line ending in `\n`. */
/**
 * The same text as `writeJsonl`, in chunks of about a mebibyte: a million-entry boot's trace is
 * more text than one string may hold.
 */
export function* jsonlChunks(events: readonly TraceEvent[]): Generator<string> {
  let buffer = '';
  for (const ev of events) {
    buffer += `${canonical(ev) ? JSON.stringify(ev) : eventToJson(ev)}\n`;
    if (buffer.length >= 1 << 20) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer !== '') yield buffer;
}

export function writeJsonl(events: readonly TraceEvent[]): string {
  const lines = new Array<string>(events.length + 1);
  for (let i = 0; i < events.length; i++) {
    const ev = events[i]!;
    lines[i] = canonical(ev) ? JSON.stringify(ev) : eventToJson(ev);
  }
  lines[events.length] = '';
  return events.length === 0 ? '' : lines.join('\n');
}

export interface JsonlError {
  /** 1-based line number. */
  line: number;
  message: string;
}

function fits(value: unknown, type: FieldType): boolean {
  switch (type) {
    case 'string': return typeof value === 'string';
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'integer': return Number.isSafeInteger(value);
    case 'string[]': return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'string|null': return value === null || typeof value === 'string';
    case 'target': return value === 'HALT' || value === 'CRASH';
  }
}

/** Reads a JSON Lines trace; blank lines are skipped, unreadable ones reported and left out. */
export function parseJsonl(text: string): { events: TraceEvent[]; errors: JsonlError[] } {
  const events: TraceEvent[] = [];
  const errors: JsonlError[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.replace(/\r$/, '');
    if (raw.trim() === '') continue;
    const line = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      errors.push({ line, message: `not JSON: ${(err as Error).message}` });
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      errors.push({ line, message: 'not a JSON object' });
      continue;
    }
    const obj = value as Record<string, unknown>;
    const problem = FIELDS.find(([key, type]) => obj[key] !== undefined && !fits(obj[key], type));
    if (problem) {
      errors.push({ line, message: `field "${problem[0]}" is not ${problem[1]}` });
      continue;
    }
    if (obj.seq === undefined || obj.t === undefined || !KINDS.has(String(obj.ev))) {
      errors.push({ line, message: `an event needs seq, t and ev (one of ${EVENT_KINDS.join(', ')})` });
      continue;
    }
    const ev = {} as Record<string, unknown>;
    for (const [key] of FIELDS) if (obj[key] !== undefined) ev[key] = obj[key];
    events.push(ev as unknown as TraceEvent);
  }
  return { events, errors };
}
