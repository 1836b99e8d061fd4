/**
 * Verifying a thread-model trace (Luna) against its plan: every step that ran is a step of the
 * plan, the order they ran in is a linearization of happens-before (a step never runs before what
 * it waits for, what spawned it, or an earlier step of its own process), faults are errors, and
 * when the boot settled every reachable step of a process that did not die ran.
 */
import type { Compiled, Diagnostic, Location, Severity } from '../../compiler/types.js';
import type { TraceEvent } from '../events.js';
import type { ParsedLog } from '../logs/parsed-log.js';
import { DEFAULT_COST_TOLERANCE, type EntryTiming, type VerifyOptions, type VerifyReport, type VerifySummary } from './conformance.js';

export function verifyLunaTrace(compiled: Compiled, log: ParsedLog, options: VerifyOptions = {}): VerifyReport {
  const luna = compiled.luna!;
  const traceFile = options.traceFile ?? 'trace';
  const byId = new Map(compiled.entries.map((e) => [e.id, e]));
  const diagnostics: Diagnostic[] = [];
  const at = (ev: TraceEvent | undefined): Location | undefined => (ev?.line !== undefined ? { file: traceFile, line: ev.line, column: 1 } : undefined);
  const say = (code: string, severity: Severity, message: string, ev?: TraceEvent, extra: Partial<Diagnostic> = {}) => {
    const d: Diagnostic = { code, severity, message, ...extra };
    const loc = at(ev);
    if (loc) d.location = loc;
    diagnostics.push(d);
  };
  const first = new Map<string, { pos: number; ev: TraceEvent }>();
  const mapping: VerifyReport['mapping'] = [];
  let calls = 0;
  let unmapped = 0;
  const unplanned: TraceEvent[] = [];
  log.events.forEach((ev, pos) => {
    if (ev.ev !== 'call') return;
    calls++;
    const entry = ev.id === undefined ? undefined : byId.get(ev.id);
    if (!entry) {
      unmapped++;
      unplanned.push(ev);
      return;
    }
    mapping.push({ seq: ev.seq, ...(ev.line !== undefined ? { line: ev.line } : {}), id: entry.id });
    if (!first.has(entry.id)) first.set(entry.id, { pos, ev });
  });
  const each = options.unplannedEachUpTo ?? 5;
  unplanned.slice(0, each).forEach((ev) => say('VERIFY_UNPLANNED', 'warning', `${ev.id ?? 'a call'} ran, but the plan has no such step`, ev));
  if (unplanned.length > each) say('VERIFY_UNPLANNED', 'warning', `${unplanned.length - each} more calls the plan does not have`, unplanned[each]);

  let outOfOrder = 0;
  for (const edge of luna.hb) {
    const a = first.get(edge.from);
    const b = first.get(edge.to);
    if (!a || !b || a.pos < b.pos) continue;
    outOfOrder++;
    const why = { program: 'comes later in its own process', spawn: 'is in a process spawned by it', start: 'waits to be started by it', wait: 'waits for it to exit', await: 'waits for what it provides' }[edge.kind];
    say('VERIFY_ORDER', 'error', `${edge.to} ran before ${edge.from}, which happens before it in every boot (${edge.to} ${why})`, b.ev, { subjects: [edge.to, edge.from], source: byId.get(edge.to)!.source });
  }
  const faults = log.events.filter((e) => e.ev === 'fault');
  for (const f of faults) say('VERIFY_FAILED', 'error', `${f.id ?? 'a step'} faulted: ${f.reason ?? f.capability ?? 'no reason given'}`, f, f.id && byId.has(f.id) ? { source: byId.get(f.id)!.source, subjects: [f.id] } : {});
  const halt = log.events.find((e) => e.ev === 'halt');
  const faulted = new Set(faults.flatMap((f) => (f.id && byId.get(f.id)?.luna ? [byId.get(f.id)!.luna!.lane] : [])));
  const blocked = new Set(luna.blocked);
  let missing = 0;
  let notReached = 0;
  const settled = halt?.target === 'HALT';
  for (const lane of luna.lanes) {
    const ranAny = lane.steps.some((s) => first.has(s));
    for (const id of lane.steps) {
      if (first.has(id) || blocked.has(id)) continue;
      if (!settled || faulted.has(lane.id) || !ranAny) {
        notReached++;
        continue;
      }
      missing++;
      say('VERIFY_NOT_RUN', 'error', `${id} never ran, though its process ran and the boot settled`, undefined, { source: byId.get(id)!.source, subjects: [id] });
      break;
    }
  }
  if (!halt) say('VERIFY_STOPPED', 'warning', 'the trace ends without the machine settling or halting: was it cut off?', log.events[log.events.length - 1]);
  // Time per step: from its call to the next event (the machine's clock moves by the step's cost
  // while it runs), against the `cost` the plan declares.
  const timings: EntryTiming[] = [];
  const slowFactor = options.slowFactor ?? DEFAULT_COST_TOLERANCE;
  let slow = 0;
  for (const [id, { pos, ev }] of first) {
    const next = log.events[pos + 1];
    if (!next) continue;
    const costNs = byId.get(id)!.cost;
    const durationNs = next.t - ev.t;
    timings.push({ id, durationNs, costNs, ...(ev.line !== undefined ? { line: ev.line } : {}) });
    if (costNs > 0 && durationNs > costNs * slowFactor) {
      slow++;
      say('VERIFY_SLOW', 'warning', `${id} took ${durationNs} ns, more than ${slowFactor}× its declared cost of ${costNs} ns`, ev, { source: byId.get(id)!.source, subjects: [id] });
    }
  }
  const last = log.events[log.events.length - 1];
  const summary: VerifySummary = {
    calls, mapped: calls - unmapped, unmapped, missing, notReached, unobservable: 0, outOfOrder, failed: faults.length, slow, terms: 0, termsOutOfOrder: 0, termsMissing: 0,
  };
  return {
    format: log.format, diagnostics, summary, mapping, timings,
    stopped: halt && halt.target !== 'HALT' ? { ...(halt.line !== undefined ? { line: halt.line } : {}), reason: halt.reason ?? 'crashed' } : null,
    end: last ? { ns: last.t, ...(last.line !== undefined ? { line: last.line } : {}) } : null,
  };
}
