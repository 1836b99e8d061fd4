/** Machine output: the diagnostics as data, witnesses included (what `run --link-order witness:` reads). */
import type { Diagnostic } from '../types.js';
import { jsonChunks, MappedList } from './json-stream.js';
import { clipped, summarize, type Reporter } from './report.js';

export const json: Reporter = (input) =>
  JSON.stringify({ bootplan: 1, file: input.file, summary: summarize(input.diagnostics), diagnostics: input.diagnostics.map(({ source, ...d }) => ({ ...d, ...(source ? { path: source.path } : {}) })) }, null, 2) + '\n';

/** One plan's findings as `check --format json` reports them (ESLint's per-file shape). */
export interface FileReport {
  /** The plan file, absolute. */
  filePath: string;
  diagnostics: Diagnostic[];
  /** Findings an allow or the config accepted on purpose (not counted). */
  suppressed?: Diagnostic[];
}

const asData = ({ source, ...d }: Diagnostic) => ({ ...d, ...(source ? { path: source.path } : {}) });

/**
 * The report of a check of several plans: an array with one object per plan, as ESLint's JSON
 * formatter writes it — `filePath`, `messages` and the counts — so CI tools that read ESLint's
 * format read it; `schemas/report.schema.json` (`bootplan schema report`) describes it.
 */
export function jsonFiles(files: FileReport[]): string {
  return JSON.stringify(jsonFilesValue(files), null, 2) + '\n';
}

/** `jsonFiles` in chunks, for reports too long to be one string (a million findings). */
export function jsonFilesChunks(files: FileReport[]): Iterable<string> {
  return jsonChunks(jsonFilesValue(files), 2, '\n', 3);
}

function jsonFilesValue(files: FileReport[]): unknown {
  return files.map((f) => {
    const s = summarize(f.diagnostics);
    return {
      filePath: f.filePath, errorCount: s.errors, warningCount: s.warnings, noteCount: s.notes,
      messages: new MappedList(f.diagnostics, (d) => asData(clipped(d))),
      suppressedMessages: new MappedList(f.suppressed ?? [], (d) => asData(clipped(d))),
    };
  });
}
