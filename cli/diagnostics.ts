/** Printing diagnostics and choosing the exit code, shared by the commands that check things. */
import { relative, resolve } from 'node:path';
import { isInputError } from '../compiler/index.js';
import { REPORTERS } from '../compiler/emit/index.js';
import { clipped, type ReportInput, type ReportOptions } from '../compiler/emit/report.js';
import type { CodeDoc } from '../compiler/emit/rule-doc.js';
import { sarifChunks } from '../compiler/emit/sarif.js';
import { VERSION } from './version.js';
import type { Diagnostic } from '../compiler/types.js';
import { EXIT_FAIL, EXIT_INPUT, EXIT_OK, UsageError } from './io.js';

export const DIAGNOSTIC_FORMATS = ['pretty', 'json', 'sarif'] as const;
export type DiagnosticFormat = (typeof DIAGNOSTIC_FORMATS)[number];

export function parseFormat(value: string): DiagnosticFormat {
  if (!(DIAGNOSTIC_FORMATS as readonly string[]).includes(value)) {
    throw new UsageError(`unknown format "${value}"; use one of ${DIAGNOSTIC_FORMATS.join(', ')}`);
  }
  return value as DiagnosticFormat;
}

export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  if ('NO_COLOR' in process.env) return false;
  if ('FORCE_COLOR' in process.env) return true;
  return stream.isTTY === true;
}

/** What the machine-readable reports say about the run itself. */
export interface RunFacts {
  exitCode?: number;
  /** `--base`: the folder SARIF URIs are relative to. */
  base?: string;
  /** Findings accepted by allows (SARIF: suppressed results). */
  suppressed?: Diagnostic[];
  /** pretty: how many findings to print before counting the rest (default DEFAULT_SHOWN). */
  limit?: number;
  /** Codes that are no checker rule (verify's), for SARIF rule metadata and helpUri. */
  codes?: Readonly<Record<string, CodeDoc>>;
}

export function render(format: DiagnosticFormat, diagnostics: Diagnostic[], file: string, text?: (f: string) => string | readonly string[] | undefined, run: RunFacts = {}): string {
  const { input, options } = reportArguments(format, diagnostics, file, text, run);
  return REPORTERS[format]!(input, options);
}

/**
 * `render` in chunks: a SARIF log is written result by result (a million findings do not fit
 * one string); the other formats are one chunk.
 */
export function renderChunks(format: DiagnosticFormat, diagnostics: Diagnostic[], file: string, text?: (f: string) => string | readonly string[] | undefined, run: RunFacts = {}): Iterable<string> {
  if (format !== 'sarif') return [render(format, diagnostics, file, text, run)];
  const { input, options } = reportArguments(format, diagnostics, file, text, run);
  return sarifChunks(input, options);
}

function reportArguments(format: DiagnosticFormat, diagnostics: Diagnostic[], file: string, text: ((f: string) => string | readonly string[] | undefined) | undefined, run: RunFacts): { input: ReportInput; options: ReportOptions } {
  return {
    input: { diagnostics: diagnostics.map(clipped), file, ...(text ? { text } : {}), ...(run.suppressed?.length ? { suppressed: run.suppressed.map(clipped) } : {}) },
    options: { color: format === 'pretty' && useColor(), cwd: process.cwd(), version: VERSION, ...(run.base ? { base: resolve(run.base) } : {}), ...(run.exitCode !== undefined ? { exitCode: run.exitCode } : {}), ...(run.limit !== undefined ? { limit: run.limit } : {}), ...(run.codes ? { codes: run.codes } : {}) },
  };
}

export function exitCodeFor(diagnostics: Diagnostic[], strict = false): number {
  if (diagnostics.some(isInputError)) return EXIT_INPUT;
  if (diagnostics.some((d) => d.severity === 'error' || (strict && d.severity === 'warning'))) return EXIT_FAIL;
  return EXIT_OK;
}

/**
 * Why warnings failed the run, for stderr: `--strict` names the warnings that failed it, and
 * `--max-warnings N` says the count went over. Empty when warnings did not decide the exit code.
 */
export function failedBy(diagnostics: Diagnostic[], opts: { strict?: boolean; maxWarnings?: number }): string {
  if (!opts.strict && opts.maxWarnings === undefined) return '';
  const warnings = diagnostics.filter((d) => d.severity === 'warning');
  if (warnings.length === 0) return '';
  const at = (d: Diagnostic) => `${d.code}${d.location ? ` at ${relative(process.cwd(), d.location.file) || d.location.file}:${d.location.line}` : ''}`;
  // A handful is listed one by one; many are grouped by rule, each with its first place.
  const byCode = new Map<string, Diagnostic[]>();
  for (const w of warnings) {
    const same = byCode.get(w.code);
    if (same) same.push(w);
    else byCode.set(w.code, [w]);
  }
  const listed = warnings.length <= 10
    ? warnings.map(at).join(', ')
    : [...byCode.values()].map((ws) => `${ws.length} ${at(ws[0]!)}${ws.length > 1 ? ' (the first)' : ''}`).join(', ');
  const out: string[] = [];
  if (opts.strict) out.push(`bootplan: --strict: ${warnings.length === 1 ? 'this warning fails' : `these ${warnings.length} warnings fail`} the run: ${listed}`);
  if (opts.maxWarnings !== undefined && warnings.length > opts.maxWarnings) out.push(`bootplan: ${warnings.length} warning${warnings.length === 1 ? '' : 's'}, more than --max-warnings ${opts.maxWarnings}: ${listed}`);
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}
