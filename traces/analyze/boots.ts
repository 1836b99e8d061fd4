/**
 * Many boots of one image at once: per entry, per phase and for the whole boot, a mergeable
 * histogram of durations (median, p90, p99, maximum and the file that showed it). Memory grows
 * with the plan, not with the number of logs; summaries of shards merge into exactly the summary
 * of all their logs (`analyze --merge`).
 */
import { addValue, emptyHistogram, histogramFromJson, histogramToJson, mergeInto, quantile, type Histogram, type HistogramJson } from './histogram.js';
import { formatDuration as d } from './units.js';
import type { BootMeasure } from './types.js';

export interface BootsSummary {
  boots: number;
  total: Histogram;
  /** Entry (or core step) id → durations; insertion order is first appearance. */
  entries: Map<string, Histogram>;
  phases: Map<string, Histogram>;
  /** Entry id → boots in which it failed. */
  failed: Map<string, number>;
  /** Logs that could not be read, by file. */
  unreadable: Map<string, string>;
}

export function emptySummary(): BootsSummary {
  return { boots: 0, total: emptyHistogram(), entries: new Map(), phases: new Map(), failed: new Map(), unreadable: new Map() };
}

function histogramFor(map: Map<string, Histogram>, key: string): Histogram {
  let h = map.get(key);
  if (!h) map.set(key, (h = emptyHistogram()));
  return h;
}

/** Adds one boot's measures, read from `file`. */
export function addBoot(summary: BootsSummary, boot: BootMeasure, file: string): void {
  summary.boots++;
  addValue(summary.total, boot.total, file);
  for (const s of boot.spans) {
    addValue(histogramFor(summary.entries, s.id), s.duration, file);
    if (s.failed) summary.failed.set(s.id, (summary.failed.get(s.id) ?? 0) + 1);
  }
  for (const p of boot.phases) addValue(histogramFor(summary.phases, p.phase), p.duration, file);
}

/** Adds `from` into `into` (shards in file order keep the phases in boot order). */
export function mergeSummary(into: BootsSummary, from: BootsSummary): void {
  into.boots += from.boots;
  mergeInto(into.total, from.total);
  for (const [id, h] of from.entries) mergeInto(histogramFor(into.entries, id), h);
  for (const [name, h] of from.phases) mergeInto(histogramFor(into.phases, name), h);
  for (const [id, n] of from.failed) into.failed.set(id, (into.failed.get(id) ?? 0) + n);
  for (const [file, why] of from.unreadable) into.unreadable.set(file, why);
}

export interface BootsJson {
  bootplan: 1;
  kind: 'boots';
  plan: string;
  /** Histograms hold integer nanoseconds so that merging stays exact. */
  unit: 'ns';
  histogram: 'log2-16';
  boots: number;
  total: HistogramJson;
  entries: Record<string, HistogramJson & { failed?: number }>;
  phases: Array<HistogramJson & { phase: string }>;
  unreadable: Array<{ file: string; reason: string }>;
}

export function summaryToJson(summary: BootsSummary, plan: string): BootsJson {
  const entries: BootsJson['entries'] = {};
  for (const id of [...summary.entries.keys()].sort()) {
    const row: HistogramJson & { failed?: number } = histogramToJson(summary.entries.get(id)!);
    const failed = summary.failed.get(id);
    if (failed) row.failed = failed;
    entries[id] = row;
  }
  return {
    bootplan: 1, kind: 'boots', plan, unit: 'ns', histogram: 'log2-16', boots: summary.boots,
    total: histogramToJson(summary.total),
    entries,
    phases: [...summary.phases].map(([phase, h]) => ({ phase, ...histogramToJson(h) })),
    unreadable: [...summary.unreadable].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([file, reason]) => ({ file, reason })),
  };
}

/** Reads a summary written by `summaryToJson`; a message saying what is wrong otherwise. */
export function summaryFromJson(value: unknown): BootsSummary | string {
  if (typeof value !== 'object' || value === null) return 'not a JSON object';
  const o = value as Partial<BootsJson>;
  if (o.bootplan !== 1 || o.kind !== 'boots') return 'not a summary of boots (`bootplan analyze --trace A --trace B … --format json` writes one)';
  if (o.unit !== 'ns' || o.histogram !== 'log2-16') return `unit ${String(o.unit)} / histogram ${String(o.histogram)}: this bootplan reads ns / log2-16`;
  if (!Number.isSafeInteger(o.boots)) return '`boots` is not a count';
  const summary = emptySummary();
  summary.boots = o.boots!;
  const total = histogramFromJson(o.total);
  if (!total) return '`total` is not a histogram';
  summary.total = total;
  if (typeof o.entries !== 'object' || o.entries === null) return '`entries` is missing';
  for (const [id, raw] of Object.entries(o.entries)) {
    const h = histogramFromJson(raw);
    if (!h) return `entry \`${id}\` is not a histogram`;
    summary.entries.set(id, h);
    const failed = (raw as { failed?: unknown }).failed;
    if (failed !== undefined) {
      if (!Number.isSafeInteger(failed)) return `entry \`${id}\`: \`failed\` is not a count`;
      summary.failed.set(id, failed as number);
    }
  }
  if (!Array.isArray(o.phases)) return '`phases` is missing';
  for (const raw of o.phases) {
    const h = histogramFromJson(raw);
    if (!h || typeof (raw as { phase?: unknown }).phase !== 'string') return 'a phase is not a histogram';
    summary.phases.set((raw as { phase: string }).phase, h);
  }
  for (const u of Array.isArray(o.unreadable) ? o.unreadable : []) {
    if (typeof u?.file === 'string' && typeof u.reason === 'string') summary.unreadable.set(u.file, u.reason);
  }
  return summary;
}

const pad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);
const padEnd = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

function cells(h: Histogram): string {
  return [quantile(h, 0.5), quantile(h, 0.9), quantile(h, 0.99), h.max].map((v) => pad(d(v), 9)).join('  ');
}

/** The summary for a terminal: the boot's total, the slowest entries by median, the phases. */
export function summaryToPretty(summary: BootsSummary, options: { title: string; top?: number }): string {
  const top = options.top ?? 10;
  const out: string[] = [options.title, `${summary.boots} boots${summary.unreadable.size ? `, ${summary.unreadable.size} logs unreadable` : ''}; durations are median, p90, p99 and max (histograms within ~3%)`];
  const header = `  ${['median', 'p90', 'p99', 'max'].map((h) => pad(h, 9)).join('  ')}`;
  out.push('', 'Boot:', header, `  ${cells(summary.total)}  (slowest: ${summary.total.maxFile})`);
  const rows = [...summary.entries].sort((a, b) => quantile(b[1], 0.5) - quantile(a[1], 0.5) || b[1].max - a[1].max || (a[0] < b[0] ? -1 : 1)).slice(0, top);
  out.push('', `Slowest entries by median (${rows.length} of ${summary.entries.size}):`, `${header}  entry`);
  for (const [id, h] of rows) {
    const failed = summary.failed.get(id);
    out.push(`  ${cells(h)}  ${id}${failed ? ` (failed in ${failed} boots)` : ''}  (max in ${h.maxFile})`);
  }
  const nw = Math.min(40, Math.max(5, ...[...summary.phases.keys()].map((p) => p.length)));
  out.push('', 'Phases:', `  ${padEnd('phase', nw)}${header}`);
  for (const [name, h] of summary.phases) out.push(`  ${padEnd(name.length > nw ? `${name.slice(0, nw - 1)}…` : name, nw)}  ${cells(h)}`);
  if (summary.unreadable.size) {
    out.push('', 'Unreadable:');
    for (const [file, why] of [...summary.unreadable].slice(0, top)) out.push(`  ${file}: ${why}`);
  }
  return `${out.join('\n')}\n`;
}
