/**
 * The timeline of one boot: from a trace (our JSON Lines, a Unikraft console, a Linux
 * `initcall_debug` log) mapped onto the plan's entries the way `verify` maps them, or laid out from
 * the plan's declared costs in its default order.
 */
import type { Compiled, CoreStep, Entry } from '../../compiler/types.js';
import type { TraceEvent } from '../events.js';
import type { ParsedLog } from '../logs/parsed-log.js';
import type { Span, SpanKind } from './types.js';

const BOUNDARY: ReadonlySet<TraceEvent['ev']> = new Set(['phase', 'call', 'return', 'term', 'halt']);

/** The phase an entry or step belongs to (see `Phase.phase`). */
export function phaseOf(node: Entry | CoreStep): string {
  if ('kind' in node) {
    if (node.kind === 'main') return 'main';
    return node.level ? `${node.table}.${node.level}` : node.table;
  }
  return node.name;
}

export interface Timeline {
  spans: Span[];
  total: number;
  outcome: { target: 'HALT' | 'CRASH'; reason?: string; line?: number } | null;
}

/**
 * Spans from a parsed trace. `idBySeq` maps a call (or orphan return) event's `seq` to its plan
 * entry, as `verifyTrace` decided. A call without a return lasts until the next event (Unikraft
 * prints no returns); a Linux return's `after N usecs` is its duration.
 */
export function spansFromTrace(compiled: Compiled, log: ParsedLog, idBySeq: ReadonlyMap<number, string>): Timeline {
  const entries = new Map(compiled.entries.map((e) => [e.id, e]));
  const steps = new Map<string, CoreStep>();
  for (const s of compiled.steps) {
    steps.set(s.id, s);
    if (!steps.has(s.name)) steps.set(s.name, s);
  }
  const events = log.events;
  const spans: Span[] = [];
  const open = new Map<string, Span[]>();
  const untilNext: Array<{ span: Span; pos: number }> = [];
  const returned = new Set<Span>();
  let outcome: Timeline['outcome'] = null;
  let lastPhase = compiled.order.length > 0 ? phaseOfId(compiled.order[0]!) : 'boot';
  let lastTime = 0;

  function phaseOfId(id: string): string {
    const node = entries.get(id) ?? steps.get(id);
    return node ? phaseOf(node) : 'boot';
  }

  const startSpan = (ev: TraceEvent, pos: number, start: number): Span => {
    const id = idBySeq.get(ev.seq);
    const entry = id !== undefined ? entries.get(id) : undefined;
    const span: Span = entry
      ? { id: entry.id, kind: entry.kind, lib: entry.lib, phase: phaseOf(entry), start, duration: 0, failed: false }
      : { id: ev.id ?? ev.fn ?? '?', kind: 'unplanned', phase: lastPhase, start, duration: 0, failed: false };
    if (!entry && ev.lib !== undefined) span.lib = ev.lib;
    if (ev.line !== undefined) span.line = ev.line;
    lastPhase = span.phase;
    spans.push(span);
    untilNext.push({ span, pos });
    return span;
  };
  const finish = (span: Span, ev: TraceEvent): void => {
    span.duration = ev.durationNs ?? Math.max(0, ev.t - span.start);
    if (ev.rc !== undefined) {
      span.rc = ev.rc;
      if (ev.rc !== 0) span.failed = true;
    }
  };

  for (let pos = 0; pos < events.length; pos++) {
    const ev = events[pos]!;
    if (Number.isFinite(ev.t) && ev.t > lastTime) lastTime = ev.t;
    const key = ev.id ?? ev.fn ?? '';
    switch (ev.ev) {
      case 'call': {
        const span = startSpan(ev, pos, ev.t);
        const list = open.get(key);
        if (list) list.push(span);
        else open.set(key, [span]);
        break;
      }
      case 'return': {
        let span = open.get(key)?.pop();
        if (!span) {
          if (ev.fn === undefined && ev.id === undefined) break;
          // A return whose call line is missing: it ran, for as long as the return says.
          span = startSpan(ev, pos, Math.max(0, ev.t - (ev.durationNs ?? 0)));
        }
        finish(span, ev);
        returned.add(span);
        break;
      }
      case 'phase': {
        const step = (ev.id !== undefined ? steps.get(ev.id) : undefined) ?? (ev.table === undefined && ev.name !== undefined ? steps.get(ev.name) : undefined);
        if (!step) break;
        const span: Span = { id: step.id, kind: 'step', phase: step.name, start: ev.t, duration: 0, failed: false };
        if (ev.line !== undefined) span.line = ev.line;
        lastPhase = span.phase;
        spans.push(span);
        untilNext.push({ span, pos });
        break;
      }
      case 'fault': {
        const span = open.get(key)?.at(-1) ?? [...spans].reverse().find((s) => s.id === ev.id);
        if (span) span.failed = true;
        break;
      }
      case 'halt':
        outcome = { target: ev.target ?? 'HALT', ...(ev.reason !== undefined ? { reason: ev.reason } : {}), ...(ev.line !== undefined ? { line: ev.line } : {}) };
        break;
      default:
        break;
    }
  }
  // Calls without a return (and core steps) last until the next thing the boot runs; what they
  // do meanwhile (console lines, mounts, allocations) is part of them.
  for (const { span, pos } of untilNext) {
    if (returned.has(span)) continue;
    let end: number | null = null;
    for (let p = pos + 1; p < events.length; p++) {
      if (!BOUNDARY.has(events[p]!.ev)) continue;
      end = events[p]!.t;
      break;
    }
    span.duration = end !== null && end >= span.start ? end - span.start : 0;
  }
  spans.sort((a, b) => a.start - b.start);
  const lastEnd = spans.reduce((m, s) => Math.max(m, s.start + s.duration), 0);
  return { spans, total: Math.max(lastTime, lastEnd), outcome };
}

/**
 * Spans laid out from declared costs in the default order (`compiled.order`), as the emulated
 * machine's clock would run them. A failing initcall in a table that stops the boot ends it there.
 */
export function spansFromCosts(compiled: Compiled): Timeline {
  const entries = new Map(compiled.entries.map((e) => [e.id, e]));
  const steps = new Map(compiled.steps.map((s) => [s.id, s]));
  const stops = new Set(compiled.profile.tables.filter((t) => t.canFail).map((t) => t.name));
  const spans: Span[] = [];
  let t = 0;
  let outcome: Timeline['outcome'] = null;
  for (const id of compiled.order) {
    const entry = entries.get(id);
    const step = entry ? undefined : steps.get(id);
    // A term-only entry's init slot is 0x0: the boot skips it.
    if ((!entry && !step) || entry?.fn === null) continue;
    const kind: SpanKind = entry ? entry.kind : 'step';
    const duration = entry ? entry.cost : step!.cost;
    const span: Span = { id, kind, phase: phaseOf((entry ?? step)!), start: t, duration, failed: false };
    if (entry) span.lib = entry.lib;
    if (entry && entry.returns !== 0) {
      span.failed = true;
      span.rc = entry.returns;
    }
    spans.push(span);
    t += duration;
    if (entry && entry.returns < 0 && stops.has(entry.table) && entry.kind !== 'main') {
      outcome = { target: 'CRASH', reason: `${id} returns ${entry.returns}` };
      break;
    }
  }
  return { spans, total: t, outcome };
}
