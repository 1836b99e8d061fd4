/**
 * The timeline as an SVG Gantt chart: a row per entry and core step in start order, coloured by
 * phase (level), the critical chain outlined in red, failures marked ✕, the phases as bands
 * behind the rows and as a strip on top. Every bar has a `<title>` (hover in a browser). Pure:
 * a string from the analysis, no fonts or files needed to write it.
 */
import { formatDuration } from './units.js';
import type { Analysis, Span } from './types.js';

export interface SvgOptions {
  /** The heading. */
  title: string;
  /**
   * Draw at most this many rows: the slowest spans (and the critical chain) keep theirs, the rest
   * share one row at the bottom. Default: every span its own row.
   */
  maxRows?: number;
  /** Total width in pixels; default 1400. */
  width?: number;
}

const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#9c755f', '#ff9da7', '#86bcb6', '#e15759', '#8cd17d', '#bab0ac', '#499894', '#d37295', '#a0cbe8', '#ffbe7d'];
const STEP_COLOUR = '#9e9e9e';
const UNPLANNED_COLOUR = '#ffffff';
const CRITICAL = '#c00000';
const ROW = 13;
const LABEL_WIDTH = 340;

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const num = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));

/** Tick spacing: 1, 2 or 5 × 10^k nanoseconds, about `count` ticks over `total`. */
function tickStep(total: number, count: number): number {
  if (!(total > 0)) return 1;
  const raw = total / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * pow >= raw) return m * pow;
  return 10 * pow;
}

export function analysisToSvg(analysis: Analysis, options: SvgOptions): string {
  const width = options.width ?? 1400;
  const plotLeft = LABEL_WIDTH + 10;
  const plotWidth = width - plotLeft - 90;
  const total = analysis.total > 0 ? analysis.total : 1;
  const x = (t: number) => plotLeft + (Math.max(0, t) / total) * plotWidth;

  const phaseIndex = new Map<string, number>();
  for (const p of analysis.phases) if (p.observed && !phaseIndex.has(p.phase)) phaseIndex.set(p.phase, phaseIndex.size);
  const colour = (s: Span) => (s.kind === 'step' ? STEP_COLOUR : s.kind === 'unplanned' ? UNPLANNED_COLOUR : PALETTE[(phaseIndex.get(s.phase) ?? 0) % PALETTE.length]!);
  const critical = new Set(analysis.criticalChain);
  const slack = new Map(analysis.blame.map((r) => [r.id, r]));

  // Which spans get a row of their own.
  let rows: Span[] = analysis.spans;
  let rest: Span[] = [];
  if (options.maxRows !== undefined && analysis.spans.length > options.maxRows) {
    const keep = new Set<Span>(analysis.criticalChain);
    for (const s of [...analysis.spans].sort((a, b) => b.duration - a.duration || a.start - b.start)) {
      if (keep.size >= Math.max(1, options.maxRows - 1)) break;
      keep.add(s);
    }
    rows = analysis.spans.filter((s) => keep.has(s));
    rest = analysis.spans.filter((s) => !keep.has(s));
  }
  const rowCount = rows.length + (rest.length > 0 ? 1 : 0);
  const out: string[] = [];
  const failures = analysis.spans.filter((s) => s.failed).length;
  const outcome = analysis.outcome ? `, ${analysis.outcome.target}${analysis.outcome.reason ? `: ${analysis.outcome.reason}` : ''}` : '';
  out.push(`<text x="10" y="20" font-size="14" font-weight="bold">${escape(options.title)}</text>`);
  out.push(`<text x="10" y="36" fill="#444">${escape(`${analysis.source === 'trace' ? 'measured' : 'declared costs'}: ${analysis.spans.length} rows, boot ${formatDuration(analysis.total)}${outcome}; ${failures} failed; critical chain ${analysis.criticalChain.length} entries (red outline)${rest.length > 0 ? `; ${rest.length} shorter spans share the last row` : ''}`)}</text>`);

  // Legend: the phases' colours, wrapped.
  let lx = 10;
  let ly = 52;
  for (const [phase, i] of phaseIndex) {
    const advance = 22 + phase.length * 6;
    if (lx + advance > width - 10) {
      lx = 10;
      ly += 14;
    }
    out.push(`<rect x="${lx}" y="${ly - 8}" width="10" height="10" fill="${PALETTE[i % PALETTE.length]}"/><text x="${lx + 13}" y="${ly + 1}">${escape(phase)}</text>`);
    lx += advance;
  }
  const top = ly + 34;

  // Phase strip and bands.
  const stripY = top - 8;
  const plotTop = top + 30;
  out.push(`<g class="phases">`);
  analysis.phases.forEach((p, i) => {
    const x0 = x(p.start);
    const w = Math.max(0.5, x(p.end) - x0);
    const fill = p.observed ? PALETTE[(phaseIndex.get(p.phase) ?? 0) % PALETTE.length]! : '#e0e0e0';
    out.push(`<rect x="${num(x0)}" y="${stripY}" width="${num(w)}" height="14" fill="${fill}" stroke="#fff" stroke-width="0.5"><title>${escape(`${p.phase}: ${formatDuration(p.duration)} from ${formatDuration(p.start)}${p.observed ? `, ${p.entries} entries, busy ${formatDuration(p.busy)}` : ' (not in the trace)'}`)}</title></rect>`);
    if (p.observed && i % 2 === 0) out.push(`<rect x="${num(x0)}" y="${plotTop}" width="${num(w)}" height="${rowCount * ROW}" fill="#f4f6fa"/>`);
    if (w > p.phase.length * 6 + 4) out.push(`<text x="${num(x0 + 2)}" y="${stripY + 10.5}" fill="${p.observed ? '#111' : '#555'}" font-size="9">${escape(p.phase)}</text>`);
  });
  out.push('</g>');

  // Time axis.
  const step = tickStep(total, 10);
  out.push(`<g class="axis" fill="#666" font-size="9">`);
  for (let t = 0; t <= total + step / 1e6; t += step) {
    const tx = num(x(t));
    out.push(`<line x1="${tx}" y1="${plotTop - 6}" x2="${tx}" y2="${plotTop + rowCount * ROW}" stroke="#ddd" stroke-width="0.5"/><text x="${tx}" y="${plotTop - 9}" text-anchor="middle">${formatDuration(t)}</text>`);
  }
  out.push('</g>');

  // Rows.
  out.push(`<g class="rows">`);
  rows.forEach((s, i) => {
    const y = plotTop + i * ROW;
    const isCritical = critical.has(s);
    const x0 = x(s.start);
    const w = Math.max(1, x(s.start + s.duration) - x0);
    const row = slack.get(s.id);
    const info = `${s.id} (${s.kind}, ${s.phase}) @${formatDuration(s.start)} +${formatDuration(s.duration)}${row ? `, slack ${formatDuration(row.slack)}${row.neededBy ? ` (needed by ${row.neededBy})` : ''}` : ''}${s.rc !== undefined && s.rc !== 0 ? `, returned ${s.rc}` : ''}${s.line !== undefined ? `, trace line ${s.line}` : ''}`;
    const labelColour = s.failed ? CRITICAL : isCritical ? '#000' : '#222';
    const label = s.id.length > 56 ? `${s.id.slice(0, 55)}…` : s.id;
    out.push(`<g><title>${escape(info)}</title>`);
    out.push(`<text x="${LABEL_WIDTH}" y="${y + 9.5}" text-anchor="end" fill="${labelColour}"${isCritical ? ' font-weight="bold"' : ''}>${escape(label)}</text>`);
    out.push(`<rect x="${num(x0)}" y="${y + 1.5}" width="${num(w)}" height="${ROW - 3}" fill="${colour(s)}"${isCritical ? ` stroke="${CRITICAL}" stroke-width="1.5"` : s.kind === 'unplanned' ? ' stroke="#666" stroke-dasharray="2,1"' : ''}/>`);
    let after = x0 + w + 3;
    if (s.failed) {
      out.push(`<text x="${num(after)}" y="${y + 9.5}" fill="${CRITICAL}" font-weight="bold">✕${s.rc !== undefined ? ` ${s.rc}` : ''}</text>`);
      after += 24;
    }
    if (s.duration >= total / 400) out.push(`<text x="${num(after)}" y="${y + 9.5}" fill="#555" font-size="9">${formatDuration(s.duration)}</text>`);
    out.push('</g>');
  });
  if (rest.length > 0) {
    const y = plotTop + rows.length * ROW;
    out.push(`<g><title>${escape(`${rest.length} shorter spans, ${formatDuration(rest.reduce((t, s) => t + s.duration, 0))} in all`)}</title>`);
    out.push(`<text x="${LABEL_WIDTH}" y="${y + 9.5}" text-anchor="end" fill="#555" font-style="italic">${escape(`… ${rest.length} shorter spans`)}</text>`);
    for (const s of rest) out.push(`<rect x="${num(x(s.start))}" y="${y + 1.5}" width="${num(Math.max(0.5, x(s.start + s.duration) - x(s.start)))}" height="${ROW - 3}" fill="${colour(s)}"/>`);
    out.push('</g>');
  }
  out.push('</g>');
  const height = plotTop + rowCount * ROW + 40;
  out.unshift(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Verdana, sans-serif" font-size="10">`, `<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="10" y="${height - 12}" fill="#888" font-size="9">bootplan analyze --format svg · a row per span in start order · colour: phase · red outline: critical chain · ✕: failed · grey: core step · dashed: not in the plan</text>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
