/** Printing diagnostics and choosing the exit code, shared by the commands that check things. */
import { isInputError } from '../compiler/index.js';
import { REPORTERS } from '../compiler/emit/index.js';
import { clipped } from '../compiler/emit/report.js';
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

export function render(format: DiagnosticFormat, diagnostics: Diagnostic[], file: string, text?: (f: string) => string | undefined): string {
  return REPORTERS[format]!({ diagnostics: diagnostics.map(clipped), file, ...(text ? { text } : {}) }, { color: format === 'pretty' && useColor(), cwd: process.cwd() });
}

export function exitCodeFor(diagnostics: Diagnostic[], strict = false): number {
  if (diagnostics.some(isInputError)) return EXIT_INPUT;
  if (diagnostics.some((d) => d.severity === 'error' || (strict && d.severity === 'warning'))) return EXIT_FAIL;
  return EXIT_OK;
}
