/**
 * `bootplan analyze`: where the boot time goes, measured from a trace or declared by the plan's
 * costs. Pure: the trace comes parsed, the plan compiled.
 */
import type { Compiled, Diagnostic } from '../../compiler/types.js';
import type { ParsedLog } from '../logs/parsed-log.js';
import { verifyTrace } from '../verify/conformance.js';
import { criticalChain } from './chain.js';
import { phasesOf } from './phases.js';
import { spansFromCosts, spansFromTrace, type Timeline } from './spans.js';
import type { Analysis } from './types.js';

export interface AnalyzeOptions {
  /** The trace's file name, for locations; default `trace`. */
  traceFile?: string;
}

export interface AnalyzeResult {
  analysis: Analysis;
  /** What reading the trace and holding it against the plan found (`verify`'s findings). */
  diagnostics: Diagnostic[];
}

/** Analyses one boot: from `log` when given, else from the plan's declared costs. Never throws. */
export function analyze(compiled: Compiled, log?: ParsedLog | null, options: AnalyzeOptions = {}): AnalyzeResult {
  let timeline: Timeline;
  const diagnostics: Diagnostic[] = [];
  if (log) {
    const report = verifyTrace(compiled, log, { traceFile: options.traceFile ?? 'trace' });
    diagnostics.push(...log.diagnostics, ...report.diagnostics);
    timeline = spansFromTrace(compiled, log, new Map(report.mapping.map((m) => [m.seq, m.id])));
  } else {
    timeline = spansFromCosts(compiled);
  }
  const { spans, total, outcome } = timeline;
  const { chain, ends, rows, defer } = criticalChain(compiled, spans, total);
  return {
    analysis: { source: log ? 'trace' : 'declared', total, outcome, spans, blame: rows, criticalChain: chain, chainEnds: ends, defer, phases: phasesOf(compiled, spans, total) },
    diagnostics,
  };
}
