/**
 * Many boots as an SVG: a row per histogram (the whole boot, each phase, the slowest entries by
 * median) on one logarithmic time axis; each row draws its buckets as a density strip and marks
 * the median (black), p90 (orange), p99 (red) and the maximum (✕, its file in the tooltip). Pure.
 */
import { bucketRange, quantile, type Histogram } from './histogram.js';
import type { BootsSummary } from './boots.js';
import { formatDuration } from './units.js';

export interface BootsSvgOptions {
  title: string;
  /** Entry rows (slowest medians first); default 40. */
  maxRows?: number;
  width?: number;
}

const ROW = 16;
const LABEL_WIDTH = 340;
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const num = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));

export function bootsToSvg(summary: BootsSummary, options: BootsSvgOptions): string {
  const width = options.width ?? 1400;
  const plotLeft = LABEL_WIDTH + 10;
  const plotWidth = width - plotLeft - 30;
  const entries = [...summary.entries]
    .sort((a, b) => quantile(b[1], 0.5) - quantile(a[1], 0.5) || b[1].max - a[1].max || (a[0] < b[0] ? -1 : 1))
    .slice(0, options.maxRows ?? 40);
  const rows: Array<{ label: string; h: Histogram; group: string }> = [
    { label: 'whole boot', h: summary.total, group: 'boot' },
    ...[...summary.phases].map(([label, h]) => ({ label, h, group: 'phase' })),
    ...entries.map(([label, h]) => ({ label, h, group: 'entry' })),
  ].filter((r) => r.h.count > 0);

  // One log axis from the smallest positive minimum to the largest maximum (1 µs at least).
  let low = Infinity;
  let high = 1000;
  for (const r of rows) {
    if (r.h.min > 0) low = Math.min(low, r.h.min);
    high = Math.max(high, r.h.max);
  }
  low = Math.min(Number.isFinite(low) ? low : 1000, high / 10);
  const lo = Math.floor(Math.log10(Math.max(1, low)));
  const hi = Math.ceil(Math.log10(high));
  const x = (v: number) => plotLeft + ((Math.log10(Math.max(10 ** lo, v)) - lo) / Math.max(1, hi - lo)) * plotWidth;

  const top = 70;
  const height = top + rows.length * ROW + 50;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Verdana, sans-serif" font-size="10">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="10" y="20" font-size="14" font-weight="bold">${escape(options.title)}</text>`,
    `<text x="10" y="36" fill="#444">${escape(`${summary.boots} boots: the whole boot, ${summary.phases.size} phases and the ${entries.length} entries with the slowest medians; log time axis; strip: the histogram; | median, | p90, | p99, ✕ max`)}</text>`,
  ];
  for (let e = lo; e <= hi; e++) {
    const tx = num(x(10 ** e));
    out.push(`<line x1="${tx}" y1="${top - 6}" x2="${tx}" y2="${top + rows.length * ROW}" stroke="#ddd" stroke-width="0.5"/><text x="${tx}" y="${top - 9}" text-anchor="middle" fill="#666" font-size="9">${formatDuration(10 ** e)}</text>`);
  }
  rows.forEach((r, i) => {
    const y = top + i * ROW;
    const h = r.h;
    const p50 = quantile(h, 0.5);
    const p90 = quantile(h, 0.9);
    const p99 = quantile(h, 0.99);
    const info = `${r.label}: median ${formatDuration(p50)}, p90 ${formatDuration(p90)}, p99 ${formatDuration(p99)}, max ${formatDuration(h.max)} (${h.maxFile}), ${h.count} boots`;
    out.push(`<g><title>${escape(info)}</title>`);
    if (r.group !== 'entry' && (i === 0 || rows[i - 1]!.group !== r.group)) out.push(`<line x1="10" y1="${y}" x2="${width - 10}" y2="${y}" stroke="#bbb" stroke-width="0.5"/>`);
    const label = r.label.length > 56 ? `${r.label.slice(0, 55)}…` : r.label;
    out.push(`<text x="${LABEL_WIDTH}" y="${y + 11}" text-anchor="end"${r.group === 'entry' ? '' : ' font-style="italic"'}>${escape(label)}</text>`);
    const peak = Math.max(...h.buckets.values());
    for (const [b, n] of [...h.buckets].sort((a, c) => a[0] - c[0])) {
      const [from, to] = bucketRange(b);
      const x0 = x(Math.max(from, 1));
      const w = Math.max(1, x(to) - x0);
      out.push(`<rect x="${num(x0)}" y="${y + 3}" width="${num(w)}" height="${ROW - 6}" fill="${r.group === 'entry' ? '#4e79a7' : r.group === 'phase' ? '#59a14f' : '#b07aa1'}" fill-opacity="${(0.15 + (0.85 * n) / peak).toFixed(2)}"/>`);
    }
    for (const [v, colour] of [[p50, '#000'], [p90, '#d07000'], [p99, '#c00000']] as const) {
      out.push(`<line x1="${num(x(v))}" y1="${y + 1}" x2="${num(x(v))}" y2="${y + ROW - 1}" stroke="${colour}" stroke-width="1.5"/>`);
    }
    out.push(`<text x="${num(x(h.max))}" y="${y + 11.5}" text-anchor="middle" fill="#c00000" font-size="9">✕</text>`);
    out.push('</g>');
  });
  out.push(`<text x="10" y="${height - 14}" fill="#888" font-size="9">bootplan analyze --trace LOG... --format svg · histograms of durations, 16 log-linear buckets per power of two · hover a row for its numbers and the slowest boot's file</text>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
