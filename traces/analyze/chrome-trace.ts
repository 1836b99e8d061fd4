/**
 * The timeline as Chrome trace-event JSON (the "JSON Object Format" that Perfetto and
 * `chrome://tracing` load): one complete event (`ph: X`) per entry and core step on the boot
 * thread, the phases on a track of their own, the halt as an instant event. Times in microseconds.
 */
import { micros } from './units.js';
import type { Analysis } from './types.js';

export interface ChromeTraceOptions {
  /** The process name shown (the plan's name). */
  name: string;
}

interface TraceEventJson {
  name: string;
  ph: 'X' | 'M' | 'i';
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  cat?: string;
  s?: 'g' | 'p' | 't';
  args?: Record<string, unknown>;
}

const PID = 1;
const BOOT = 1;
const PHASES = 2;

export function analysisToChromeTrace(analysis: Analysis, options: ChromeTraceOptions): string {
  const critical = new Set(analysis.criticalChain.map((s) => s.id));
  const slack = new Map(analysis.blame.map((r) => [r.id, r]));
  const events: TraceEventJson[] = [
    { name: 'process_name', ph: 'M', pid: PID, tid: BOOT, args: { name: options.name } },
    { name: 'thread_name', ph: 'M', pid: PID, tid: BOOT, args: { name: 'boot' } },
    { name: 'thread_name', ph: 'M', pid: PID, tid: PHASES, args: { name: 'phases' } },
    { name: 'thread_sort_index', ph: 'M', pid: PID, tid: PHASES, args: { sort_index: 0 } },
    { name: 'thread_sort_index', ph: 'M', pid: PID, tid: BOOT, args: { sort_index: 1 } },
  ];
  for (const p of analysis.phases) {
    events.push({ name: p.phase, cat: p.observed ? 'phase' : 'phase,unobserved', ph: 'X', pid: PID, tid: PHASES, ts: micros(p.start), dur: micros(p.duration), args: { busy_us: micros(p.busy), entries: p.entries } });
  }
  for (const s of analysis.spans) {
    const cats = [s.kind, s.phase];
    if (critical.has(s.id)) cats.push('critical');
    if (s.failed) cats.push('failed');
    const args: Record<string, unknown> = { phase: s.phase };
    if (s.lib !== undefined) args.lib = s.lib;
    if (s.rc !== undefined) args.rc = s.rc;
    if (s.line !== undefined) args.line = s.line;
    const row = slack.get(s.id);
    if (row) {
      args.slack_us = micros(row.slack);
      args.needed_by = row.neededBy;
    }
    events.push({ name: s.id, cat: cats.join(','), ph: 'X', pid: PID, tid: BOOT, ts: micros(s.start), dur: micros(s.duration), args });
  }
  if (analysis.outcome) {
    events.push({ name: analysis.outcome.target, cat: 'halt', ph: 'i', s: 'g', pid: PID, tid: BOOT, ts: micros(analysis.total), args: { ...(analysis.outcome.reason ? { reason: analysis.outcome.reason } : {}) } });
  }
  return JSON.stringify({ traceEvents: events, displayTimeUnit: 'ms', otherData: { source: analysis.source, total_us: micros(analysis.total) } });
}
