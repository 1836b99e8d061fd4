/**
 * The analysis for a terminal: the blame list, the critical chain as a tree (`entry @start
 * +duration`, as `systemd-analyze critical-chain` prints it), the entries to defer, the phases.
 */
import { AFTER_LAST } from './phases.js';
import { formatDuration as d } from './units.js';
import type { Analysis, Span } from './types.js';

export interface PrettyOptions {
  /** Rows of the blame and defer lists; default 10. */
  top?: number;
  /** The first line: what was analysed. */
  title: string;
  /** Said under the title when the trace had findings (`verify` tells them). */
  findings?: string;
}

const pad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);
const padEnd = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

function tag(s: Span): string {
  const parts = [s.phase];
  if (s.kind === 'unplanned') parts.push('not in the plan');
  if (s.failed) parts.push(s.rc !== undefined ? `returned ${s.rc}` : 'failed');
  return parts.join(', ');
}

export function analysisToPretty(analysis: Analysis, options: PrettyOptions): string {
  const top = options.top ?? 10;
  const out: string[] = [options.title];
  const entries = analysis.spans.filter((s) => s.kind !== 'step').length;
  const outcome = analysis.outcome ? `, ended in ${analysis.outcome.target}${analysis.outcome.reason ? ` (${analysis.outcome.reason})` : ''}` : '';
  const steps = analysis.spans.length - entries;
  out.push(`${analysis.source === 'trace' ? 'measured' : 'declared costs'}: ${entries} entries${steps > 0 ? ` and ${steps} core steps` : ''}, boot ${d(analysis.total)}${outcome}`);
  if (options.findings) out.push(options.findings);

  const blame = analysis.blame.filter((r) => r.kind !== 'step').slice(0, top);
  out.push('', `Blame (slowest first, ${blame.length} of ${entries}):`);
  const dw = Math.max(0, ...blame.map((r) => d(r.duration).length));
  const sw = Math.max(0, ...blame.map((r) => d(r.start).length));
  for (const r of blame) out.push(`  ${pad(d(r.duration), dw)}  @${pad(d(r.start), sw)}  ${r.id}  (${tag(r)})`);

  out.push('', analysis.chainEnds === 'main'
    ? 'Critical chain (the longest chain of requirements that ends at main):'
    : 'Critical chain (main did not run: the longest chain of requirements in the boot):');
  const chain = [...analysis.criticalChain].reverse();
  chain.forEach((s, i) => {
    const indent = i === 0 ? '' : `${'  '.repeat(i - 1)}└─`;
    out.push(`  ${indent}${s.id} @${d(s.start)} +${d(s.duration)}${s.failed ? ' (failed)' : ''}`);
  });
  if (chain.length === 1) out.push('  (the plan requires nothing before it: no `uses`, `provides`, `after` or `before` links it to an earlier entry)');

  const deferTime = analysis.defer.reduce((t, s) => t + s.duration, 0);
  out.push('', analysis.chainEnds === 'main'
    ? `Defer candidates (main needs none of them, directly or through what it needs): ${analysis.defer.length} entries, ${d(deferTime)} in all`
    : `Defer candidates (the end of that chain needs none of them): ${analysis.defer.length} entries, ${d(deferTime)} in all`);
  const slack = new Map(analysis.blame.map((r) => [r.id, r.slack]));
  for (const s of analysis.defer.slice(0, top)) out.push(`  ${pad(d(s.duration), dw)}  ${s.id}  (slack ${d(slack.get(s.id) ?? 0)})`);
  if (analysis.defer.length > top) out.push(`  … ${analysis.defer.length - top} more (--top N, or --format json)`);

  out.push('', 'Phases:');
  const nw = Math.min(40, Math.max(5, ...analysis.phases.map((p) => p.phase.length)));
  out.push(`  ${padEnd('phase', nw)}  ${pad('start', 10)}  ${pad('duration', 10)}  ${pad('share', 6)}  ${pad('busy', 10)}  entries`);
  for (const p of analysis.phases) {
    const name = p.phase.length > nw ? `${p.phase.slice(0, nw - 1)}…` : p.phase;
    const share = analysis.total > 0 ? `${((100 * p.duration) / analysis.total).toFixed(1)}%` : '—';
    const entries = p.observed ? pad(String(p.entries), 7) : p.phase === AFTER_LAST ? pad('—', 7) : '      — (not in the trace)';
    out.push(`  ${padEnd(name, nw)}  ${pad(d(p.start), 10)}  ${pad(d(p.duration), 10)}  ${pad(share, 6)}  ${pad(p.observed ? d(p.busy) : '—', 10)}  ${entries}`);
  }
  return `${out.join('\n')}\n`;
}
