/** What every reporter receives: the diagnostics and enough context to print them. */
import type { Diagnostic } from '../types.js';
import type { CodeDoc } from './rule-doc.js';

export interface ReportInput {
  diagnostics: Diagnostic[];
  /** The plan's root file (for summaries). */
  file: string;
  /** Source text of a file, for code frames: its text, or its lines (a sparse list holding only
   * the lines the diagnostics point at, for a log too large to keep). */
  text?: (file: string) => string | readonly string[] | undefined;
  /** Findings accepted on purpose (`# bootplan-allow:`): SARIF lists them as suppressed results. */
  suppressed?: Diagnostic[];
}

export interface ReportOptions {
  color: boolean;
  /** Paths in output are shown relative to this folder. */
  cwd: string;
  /** The folder SARIF URIs are relative to (`%SRCROOT%`); default `cwd`. */
  base?: string;
  /** The tool's version, for SARIF `tool.driver.version`. */
  version?: string;
  /** The exit code of the run being reported, for SARIF `invocations`. */
  exitCode?: number;
  /** Codes that are no checker rule (`bootplan verify`'s), for SARIF rule metadata and `helpUri`. */
  codes?: Readonly<Record<string, CodeDoc>>;
  /**
   * pretty: print at most this many findings, in order, then a count of the rest (default
   * `DEFAULT_SHOWN`; `Infinity` for all). The machine-readable reports always carry every one.
   */
  limit?: number;
}

/** How many findings pretty output prints before it only counts the rest. */
export const DEFAULT_SHOWN = 200;

export type Reporter = (input: ReportInput, options: ReportOptions) => string;

/** Longest message, hint or note text a reporter prints; a value of megabytes is cut. */
export const MAX_TEXT = 2000;

/** A text cut to `max` characters around its middle, with its length, when it is longer. */
export function clip(text: string, max = MAX_TEXT): string {
  if (text.length <= max) return text;
  const half = Math.floor((max - 40) / 2);
  return `${text.slice(0, half)}… (${text.length.toLocaleString('en')} characters) …${text.slice(-half)}`;
}

/** The diagnostic with every printed text bounded (values in messages can be huge). */
export function clipped(d: Diagnostic): Diagnostic {
  const longKey = (d.source?.path ?? []).some((p) => typeof p === 'string' && p.length > 300);
  const long = longKey || d.message.length > MAX_TEXT || (d.hint?.length ?? 0) > MAX_TEXT || (d.related ?? []).some((r) => r.message.length > MAX_TEXT) || (d.subjects ?? []).some((s) => s.length > MAX_TEXT) || (d.cause?.message.length ?? 0) > MAX_TEXT || (d.fixes ?? []).some((f) => f.description.length > MAX_TEXT);
  if (!long) return d;
  return {
    ...d,
    message: clip(d.message),
    ...(d.hint !== undefined ? { hint: clip(d.hint) } : {}),
    ...(d.related ? { related: d.related.map((r) => ({ ...r, message: clip(r.message) })) } : {}),
    ...(d.subjects ? { subjects: d.subjects.map((s) => clip(s, 300)) } : {}),
    ...(d.cause ? { cause: { ...d.cause, message: clip(d.cause.message) } } : {}),
    ...(d.fixes ? { fixes: d.fixes.map((f) => ({ ...f, description: clip(f.description) })) } : {}),
    ...(d.source ? { source: { file: d.source.file, path: d.source.path.map((p) => (typeof p === 'string' ? clip(p, 300) : p)) } } : {}),
  };
}

export function summarize(diagnostics: Diagnostic[]): { errors: number; warnings: number; notes: number } {
  let errors = 0, warnings = 0, notes = 0;
  for (const d of diagnostics) {
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warning') warnings++;
    else notes++;
  }
  return { errors, warnings, notes };
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
