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
import type { Analysis, BootMeasure } from './types.js';

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
  const diagnostics: Diagnostic[] = [];
  const timeline = log ? traceTimeline(compiled, log, options, diagnostics) : spansFromCosts(compiled);
  const { spans, total, outcome } = timeline;
  const { chain, ends, rows, defer } = criticalChain(compiled, spans, total);
  return {
    analysis: { source: log ? 'trace' : 'declared', total, outcome, spans, blame: rows, criticalChain: chain, chainEnds: ends, defer, phases: phasesOf(compiled, spans, total) },
    diagnostics,
  };
}

/**
 * One boot's total, spans and phases from its trace, as {@link analyze} measures them, without
 * the critical chain, the blame table and the verdicts' diagnostics, which a summary of many
 * boots does not keep (leaving them out cut its CPU time over a thousand logs by about 40%).
 */
export function measureBoot(compiled: Compiled, log: ParsedLog, options: AnalyzeOptions = {}): BootMeasure {
  const { spans, total } = traceTimeline(compiled, log, options, null);
  return { total, spans, phases: phasesOf(compiled, spans, total) };
}

/** The trace's timeline, with verify's mapping of its calls to the plan; its findings into `diagnostics`. */
function traceTimeline(compiled: Compiled, log: ParsedLog, options: AnalyzeOptions, diagnostics: Diagnostic[] | null): Timeline {
  const report = verifyTrace(compiled, log, { traceFile: options.traceFile ?? 'trace' });
  diagnostics?.push(...log.diagnostics, ...report.diagnostics);
  return spansFromTrace(compiled, log, new Map(report.mapping.map((m) => [m.seq, m.id])));
}
