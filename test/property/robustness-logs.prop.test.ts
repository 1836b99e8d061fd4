/**
 * The trace readers never throw: `parseAnyTrace` (detected and forced formats),
 * `parseLinuxInitcallLog`, `parseUnikraftLog` (with and without a symbol map), `parseJsonl` and
 * `verifyTrace` take arbitrary text, keyword soup, arbitrary JSON lines, event-shaped objects
 * with wrong field types, and real logs cut, shuffled, duplicated and garbled — and answer with
 * events and well-formed diagnostics.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, loadPlan } from '../../compiler/index.js';
import type { Compiled, Diagnostic } from '../../compiler/types.js';
import { parseJsonl } from '../../runtime/index.js';
import { parseAnyTrace } from '../../traces/logs/detect.js';
import { parseLinuxInitcallLog } from '../../traces/logs/linux.js';
import { parseNm } from '../../traces/logs/nm.js';
import type { ParsedLog } from '../../traces/logs/parsed-log.js';
import { parseUnikraftLog } from '../../traces/logs/unikraft.js';
import type { TraceEvent } from '../../traces/events.js';
import { verifyTrace } from '../../traces/verify/conformance.js';
import { readSharedFixture } from '../shared-fixtures.js';
import { RUNS } from './arbitraries.js';
import { anyCase, checkText } from './harness.js';

const LINUX_LOG = readSharedFixture('linux-6.1/initcall_debug.log');
const UNIKRAFT_LOG = readSharedFixture('unikraft-0.17-rich/boot.log');
const SYMBOLS = parseNm(readSharedFixture('unikraft-0.17-rich/nm.txt'));
const PLANS = new URL('../../specs/plans/', import.meta.url).pathname;

function compiledSpec(relative: string): Compiled {
  const { compiled } = compile(loadPlan(join(PLANS, relative)));
  if (!compiled) throw new Error(`${relative} does not compile`);
  return compiled;
}
const REAL_PLANS = [compiledSpec('unikraft/helloworld-rich.yaml'), compiledSpec('linux/qemu-x86_64.yaml')];

const SEVERITIES = new Set(['error', 'warning', 'note']);

/**
 * What is wrong with a list of diagnostics (plain checks, one `expect` per list: a shuffled real
 * log gives hundreds of diagnostics). `lines` bounds the trace locations; null when unknown.
 */
function malformed(diagnostics: readonly Diagnostic[], lines: number | null): string[] {
  const out: string[] = [];
  for (const d of diagnostics) {
    if (typeof d.code !== 'string' || !SEVERITIES.has(d.severity) || typeof d.message !== 'string') out.push(`not a diagnostic: ${JSON.stringify(d)}`);
    else if (/INTERNAL/.test(d.code)) out.push(`${d.code}: ${d.message}`);
    // Integer, not safe integer: a hand-made 2^53 still locates (regressions/verify-bare-event-lines).
    else if (d.location?.file === 'trace' && !(Number.isSafeInteger(d.location.line) && d.location.line >= 1 && (lines === null || d.location.line <= lines + 1))) {
      out.push(`${d.code} points at line ${JSON.stringify(d.location.line)} of ${lines ?? '?'}`);
    }
  }
  return out;
}

function readable(log: ParsedLog, lines: number): void {
  expect(['jsonl', 'unikraft', 'linux']).toContain(log.format);
  expect(Array.isArray(log.events)).toBe(true);
  expect(log.events.filter((e, i) => e.seq !== i || typeof e.ev !== 'string')).toEqual([]);
  expect(malformed(log.diagnostics, lines)).toEqual([]);
}

function verifies(compiled: Compiled, trace: ParsedLog | readonly TraceEvent[], lines: number | null): void {
  const report = verifyTrace(compiled, trace);
  expect(malformed(report.diagnostics, lines)).toEqual([]);
  expect(Object.entries(report.summary).filter(([, n]) => !(Number.isSafeInteger(n) && n >= 0))).toEqual([]);
}

/** Every reader on one text, and verify against the real plans and a generated one. */
function survive(text: string, generated?: Compiled): void {
  const lines = text.split('\n').length;
  const logs = [
    parseAnyTrace(text),
    parseAnyTrace(text, { format: 'jsonl' }),
    parseAnyTrace(text, { format: 'linux' }),
    parseAnyTrace(text, { format: 'unikraft', symbols: SYMBOLS }),
    parseLinuxInitcallLog(text),
    parseUnikraftLog(text),
    parseUnikraftLog(text, SYMBOLS),
  ];
  for (const log of logs) readable(log, lines);
  const jsonl = parseJsonl(text);
  expect(Array.isArray(jsonl.events) && Array.isArray(jsonl.errors)).toBe(true);
  expect(jsonl.errors.filter((e) => !(e.line >= 1 && e.line <= lines && typeof e.message === 'string'))).toEqual([]);
  for (const compiled of [...REAL_PLANS, ...(generated ? [generated] : [])]) {
    verifies(compiled, logs[0]!, lines);
    // parseJsonl keeps an event's own `line` (the line of the log it was first read from), which
    // need not be a line of this text: `{"seq":0,"t":0,"ev":"return","line":3}` alone is located
    // at line 3. Only being a 1-based integer is asked of it.
    verifies(compiled, jsonl.events, null);
  }
}

const KEYWORDS = [
  'calling  ', 'initcall ', ' returned ', ' after ', ' usecs', '+0x0/0x1a4', ' @ 1', ' @ 0', ' [mod]', 'Run /sbin/init as init process',
  'reboot: System halted', 'Kernel panic - not syncing: ', 'Linux version 6.1.0', 'pci 0000:00:01.0: ',
  'Call init function: ', 'Call constructor: ', 'Call term function: ', 'Call pre-init constructor: ', '(0x10fa0)...', '())...', '(1, 0x10f80)...',
  'Init function at ', ' returned error ', 'Halting system (', ')', 'Unikraft halted', 'Unikraft crashed', 'Calling main(', 'main returned ',
  'Init Table @ 0x161000 - 0x161100', 'Unikraft constructor table at', 'Powered by Unikraft', 'CRIT: [libkvmplat] <x.c @ 1> ', 'ERR:  [libukboot] <boot.c @  2> ',
  '[    0.123456] ', '[', ']', 'dbg:  [libukboot] <boot.c @  381> ', '0x', 'ffffffff', '-', '12', '999999999999999999999', 'fn_name', 'uk_bus_lib_init',
  '\n', '\r\n', '\r', '\t', ' ', '\u0000', '\u001b[2J', '\uFEFF', '{"seq":0,"t":0,"ev":"call","fn":"x"}', '{', '}', '"', '\\',
];

/** A real log, mutated: lines cut, dropped, duplicated, shuffled, garbled, joined. */
const mutation = fc.oneof(
  fc.record({ op: fc.constant('cut' as const), at: fc.nat(), length: fc.nat() }),
  fc.record({ op: fc.constant('drop' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 50 }) }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ op: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ op: fc.constant('shuffle' as const), seed: fc.nat() }),
  fc.record({ op: fc.constant('garble' as const), at: fc.nat(), col: fc.nat(), with: fc.string({ unit: 'binary', maxLength: 8 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat(), col: fc.nat() }),
  fc.record({ op: fc.constant('join' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.array(fc.constantFrom(...KEYWORDS), { maxLength: 8 }).map((t) => t.join('')) }),
  fc.record({ op: fc.constant('long' as const), at: fc.nat(), times: fc.integer({ min: 2, max: 100 }) }),
  fc.record({ op: fc.constant('crlf' as const), on: fc.boolean() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(text: string, ops: readonly Mutation[]): string {
  let lines = text.split('\n');
  const at = (n: number) => (lines.length === 0 ? 0 : n % lines.length);
  for (const m of ops) {
    switch (m.op) {
      case 'cut': lines = lines.slice(at(m.at), at(m.at) + 1 + (m.length % 400)); break;
      case 'drop': lines.splice(at(m.at), m.count); break;
      case 'duplicate': lines.splice(at(m.at), 0, ...lines.slice(at(m.at), at(m.at) + m.count)); break;
      case 'swap': { const a = at(m.a), b = at(m.b); [lines[a], lines[b]] = [lines[b]!, lines[a]!]; break; }
      case 'shuffle': {
        let s = m.seed;
        for (let i = lines.length - 1; i > 0; i--) {
          s = (s * 1103515245 + 12345) >>> 0;
          const j = s % (i + 1);
          [lines[i], lines[j]] = [lines[j]!, lines[i]!];
        }
        break;
      }
      case 'garble': { const i = at(m.at), line = lines[i] ?? '', c = line.length === 0 ? 0 : m.col % line.length; lines[i] = line.slice(0, c) + m.with + line.slice(c + m.with.length); break; }
      case 'truncate': { const i = at(m.at), line = lines[i] ?? ''; lines[i] = line.slice(0, line.length === 0 ? 0 : m.col % line.length); break; }
      case 'join': { const i = at(m.at); if (i + 1 < lines.length) lines.splice(i, 2, lines[i]! + lines[i + 1]!); break; }
      case 'insert': lines.splice(at(m.at), 0, m.text); break;
      case 'long': { const i = at(m.at); lines[i] = (lines[i] ?? '').repeat(m.times); break; }
      case 'crlf': lines = lines.map((l) => (m.on ? (l.endsWith('\r') ? l : `${l}\r`) : l.replace(/\r$/, ''))); break;
    }
  }
  return lines.join('\n');
}

const anyField = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { maxLength: 3 }), fc.object({ maxDepth: 1 }));
const FIELD_NAMES = ['seq', 't', 'ev', 'id', 'lib', 'fn', 'table', 'level', 'prio', 'rc', 'capability', 'missing', 'provider', 'name', 'msg', 'target', 'path', 'fs', 'dev', 'size', 'addr', 'symSize', 'pid', 'durationNs', 'line', 'reason', '__proto__', 'constructor'];
const EVENT_KINDS = ['phase', 'call', 'return', 'fault', 'term', 'mount', 'alloc', 'spawn', 'log', 'halt', 'bogus'];
/** Objects shaped like trace events, with every field possibly of the wrong type. */
const eventLike = fc.record(
  { seq: fc.oneof(fc.nat(), anyField), t: fc.oneof(fc.nat(), anyField), ev: fc.oneof(fc.constantFrom(...EVENT_KINDS), anyField), extra: fc.dictionary(fc.constantFrom(...FIELD_NAMES), anyField, { maxKeys: 6 }) },
  { requiredKeys: [] },
).map(({ extra, ...fields }) => ({ ...fields, ...extra }));

describe('the trace readers never throw', () => {
  it('arbitrary text', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ unit: 'grapheme', maxLength: 400 })), (text) => survive(text)), { numRuns: RUNS });
  });

  it('keyword soup from both console formats and JSON Lines', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...KEYWORDS), { maxLength: 80 }), (tokens) => survive(tokens.join(''))), { numRuns: RUNS });
  });

  it('arbitrary JSON lines, and event-shaped objects with wrong field types', () => {
    const line = fc.oneof(fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'), eventLike.map((v) => JSON.stringify(v)), fc.string({ maxLength: 30 }));
    fc.assert(fc.property(fc.array(line, { maxLength: 30 }), (lines) => survive(lines.join('\n'))), { numRuns: RUNS });
  });

  it('verifyTrace on bare event lists of any shape, against generated plans', () => {
    fc.assert(fc.property(anyCase, fc.array(eventLike, { maxLength: 30 }), (g, events) => {
      const { compiled } = checkText(g.text);
      // As if a caller built the events itself, without going through a reader.
      verifies(compiled, events as unknown as TraceEvent[], null);
    }), { numRuns: RUNS });
  });

  it('the real Linux and Unikraft logs, mutated', () => {
    fc.assert(fc.property(fc.constantFrom(LINUX_LOG, UNIKRAFT_LOG), fc.array(mutation, { maxLength: 6 }), anyCase, (log, ops, g) => {
      survive(mutate(log, ops), checkText(g.text).compiled);
    }), { numRuns: RUNS });
  });
});
