/** What every reporter receives: the diagnostics and enough context to print them. */
import type { Diagnostic } from '../types.js';

export interface ReportInput {
  diagnostics: Diagnostic[];
  /** The plan's root file (for summaries). */
  file: string;
  /** Source text of a file, for code frames. */
  text?: (file: string) => string | undefined;
}

export interface ReportOptions {
  color: boolean;
  /** Paths in output are shown relative to this folder. */
  cwd: string;
}

export type Reporter = (input: ReportInput, options: ReportOptions) => string;

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
