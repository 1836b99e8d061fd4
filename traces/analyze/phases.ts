/**
 * Time per phase — platform entry, constructors, each core step, each init level, GCC
 * constructors, `main` — in the plan's order. Phases tile the boot: each lasts until the next one
 * starts, and a stretch of core steps or levels the trace has no line for (a Linux log shows no
 * `setup_arch`) becomes one unobserved phase covering the time between what the trace shows.
 */
import type { Compiled } from '../../compiler/types.js';
import { phaseOf } from './spans.js';
import type { Phase, Span } from './types.js';

/** The name of the stretch from the last entry's end to the end of the boot. */
export const AFTER_LAST = 'after the last entry';

export function phasesOf(compiled: Compiled, spans: readonly Span[], total: number): Phase[] {
  const nodes = new Map<string, string>();
  for (const e of compiled.entries) nodes.set(e.id, phaseOf(e));
  for (const s of compiled.steps) nodes.set(s.id, phaseOf(s));
  const order: string[] = [];
  const seen = new Set<string>();
  for (const id of compiled.order) {
    const phase = nodes.get(id);
    if (phase !== undefined && !seen.has(phase)) (seen.add(phase), order.push(phase));
  }
  const measured = new Map<string, { start: number; end: number; busy: number; entries: number }>();
  for (const s of spans) {
    if (!seen.has(s.phase)) (seen.add(s.phase), order.push(s.phase));
    const m = measured.get(s.phase);
    const end = s.start + s.duration;
    if (!m) measured.set(s.phase, { start: s.start, end, busy: s.duration, entries: 1 });
    else {
      m.start = Math.min(m.start, s.start);
      m.end = Math.max(m.end, end);
      m.busy += s.duration;
      m.entries++;
    }
  }

  const phases: Phase[] = [];
  let pending: string[] = [];
  const flushUnobserved = (until: number): void => {
    if (pending.length === 0) return;
    const from = phases.length > 0 ? phases.at(-1)!.end : 0;
    if (until > from) phases.push({ phase: pending.join(' + '), start: from, end: until, duration: until - from, busy: 0, entries: 0, observed: false });
    pending = [];
  };
  for (const name of order) {
    const m = measured.get(name);
    if (!m) {
      pending.push(name);
      continue;
    }
    if (pending.length > 0) flushUnobserved(m.start);
    else if (phases.length > 0) {
      // The previous phase lasts until this one starts.
      const prev = phases.at(-1)!;
      prev.end = Math.max(prev.end, m.start);
      prev.duration = prev.end - prev.start;
    }
    const start = phases.length > 0 ? Math.max(m.start, phases.at(-1)!.end) : m.start;
    phases.push({ phase: name, start, end: Math.max(start, m.end), duration: Math.max(start, m.end) - start, busy: m.busy, entries: m.entries, observed: true });
  }
  flushUnobserved(total);
  // What follows the last entry (teardown, a panic's last lines) is time too.
  const last = phases.at(-1);
  if (last && last.end < total) phases.push({ phase: AFTER_LAST, start: last.end, end: total, duration: total - last.end, busy: 0, entries: 0, observed: false });
  return phases;
}
