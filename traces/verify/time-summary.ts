/**
 * The time lines under `bootplan verify`'s pretty report: how far the trace got in time, how
 * long the entries it mapped took together, and the slowest of them against their declared cost.
 * Pure: a report in, lines out.
 */
import { formatDuration } from '../analyze/units.js';
import type { EntryTiming, VerifyReport } from './conformance.js';

/** How many of the slowest entries the pretty report names. */
export const SLOWEST_SHOWN = 5;

/** The time lines of a verify report (none when the trace carries no time). */
export function timeSummary(report: Pick<VerifyReport, 'timings' | 'end'>, top = SLOWEST_SHOWN): string[] {
  if (!report.end || report.end.ns <= 0) return [];
  const total = report.timings.reduce((sum, t) => sum + t.durationNs, 0);
  const at = report.end.line !== undefined ? ` (line ${report.end.line})` : '';
  const lines = [`time: the trace ends ${formatDuration(report.end.ns)} after boot${at}; the ${report.timings.length} planned entries it shows took ${formatDuration(total)}`];
  const slowest = [...report.timings].sort((a, b) => b.durationNs - a.durationNs || a.id.localeCompare(b.id)).slice(0, top);
  if (slowest.length > 0 && slowest[0]!.durationNs > 0) {
    lines.push('slowest:');
    for (const t of slowest) lines.push(`  ${formatDuration(t.durationNs).padStart(10)}  ${t.id}${declared(t)}${t.line !== undefined ? `  (line ${t.line})` : ''}`);
  }
  return lines;
}

function declared(t: EntryTiming): string {
  return t.costNs > 0 ? `, declared ${formatDuration(t.costNs)}` : '';
}
