/**
 * The analysis as JSON (`schemas/analysis.schema.json`): times in microseconds, `blame` slowest
 * first, `critical_chain` from its first requirement to `main`, `phases` in boot order.
 */
import type { Diagnostic } from '../../compiler/types.js';
import { micros } from './units.js';
import type { Analysis, BlameRow, Span } from './types.js';

export interface AnalysisJsonContext {
  /** The plan file. */
  plan: string;
  /** The trace file, or null for the declared analysis. */
  trace: string | null;
  /** The trace's format (`jsonl`, `unikraft`, `linux`), or `declared`. */
  format: string;
  diagnostics: Diagnostic[];
}

function span(s: Span): Record<string, unknown> {
  const out: Record<string, unknown> = { entry: s.id, start: micros(s.start), duration: micros(s.duration), kind: s.kind, phase: s.phase };
  if (s.lib !== undefined) out.lib = s.lib;
  if (s.failed) out.failed = true;
  if (s.rc !== undefined) out.rc = s.rc;
  if (s.line !== undefined) out.line = s.line;
  return out;
}

function blameRow(r: BlameRow): Record<string, unknown> {
  return { ...span(r), slack: micros(r.slack), needed_by: r.neededBy };
}

/** The report as an object, ready for `JSON.stringify`. */
export function analysisToJson(analysis: Analysis, context: AnalysisJsonContext): Record<string, unknown> {
  return {
    bootplan: 1,
    plan: context.plan,
    trace: context.trace,
    format: context.format,
    source: analysis.source,
    unit: 'us',
    total: micros(analysis.total),
    outcome: analysis.outcome,
    blame: analysis.blame.map(blameRow),
    critical_chain: analysis.criticalChain.map(span),
    critical_chain_ends: analysis.chainEnds,
    defer: analysis.defer.map(span),
    phases: analysis.phases.map((p) => ({ phase: p.phase, start: micros(p.start), end: micros(p.end), duration: micros(p.duration), busy: micros(p.busy), entries: p.entries, observed: p.observed })),
    diagnostics: context.diagnostics,
  };
}
