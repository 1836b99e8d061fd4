/**
 * SARIF 2.1.0 for code-scanning UIs: one run, rule metadata from the registry with a `helpUri` to
 * the rule's page, the tool's version and the invocation's exit code, URIs relative to
 * `%SRCROOT%` (the `base` folder, by default the working directory) so uploads from a CI checkout
 * line up with the repository, and fingerprints that survive reruns and line shifts.
 */
import { createHash } from 'node:crypto';
import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Fix as SarifFix, Log, ReportingDescriptor, Result } from 'sarif';
import { RULES_BY_CODE } from '../check/rules/index.js';
import type { Diagnostic, Fix, Location } from '../types.js';
import { jsonChunks, MappedList } from './json-stream.js';
import type { ReportInput, ReportOptions, Reporter } from './report.js';
import { firstSentence, ruleDocUrl } from './rule-doc.js';

const SRCROOT = 'SRCROOT';

function artifact(file: string, base: string): { uri: string; uriBaseId?: string } {
  // A relative path is an evidence location in the imported source tree (`lib/foo/foo.c`), not a
  // file beside the plan: it stays as written, relative to the tree's root.
  if (!isAbsolute(file)) return { uri: file.split(sep).join('/'), uriBaseId: SRCROOT };
  const rel = relative(base, file);
  if (rel && !rel.startsWith('..') && !rel.startsWith(sep)) return { uri: rel.split(sep).join('/'), uriBaseId: SRCROOT };
  return { uri: pathToFileURL(file).href };
}

function physical(loc: Location, base: string) {
  return {
    physicalLocation: {
      artifactLocation: artifact(loc.file, base),
      region: { startLine: loc.line, startColumn: loc.column, ...(loc.endLine ? { endLine: loc.endLine, endColumn: loc.endColumn } : {}) },
    },
  };
}

/** A fix as SARIF 2.1.0 writes one: per file, the regions to delete and the text to insert. */
function sarifFix(fix: Fix, base: string): SarifFix {
  const files = [...new Set(fix.edits.map((e) => e.file))];
  return {
    description: { text: fix.description },
    artifactChanges: files.map((file) => ({
      artifactLocation: artifact(file, base),
      replacements: fix.edits.filter((e) => e.file === file).map((e) => ({
        deletedRegion: { startLine: e.range.line, startColumn: e.range.column, endLine: e.range.endLine, endColumn: e.range.endColumn },
        ...(e.text ? { insertedContent: { text: e.text } } : {}),
      })),
    })),
  };
}

/** Stable across runs and line shifts: the rule, the file (relative) and what the finding is about. */
function fingerprint(d: Diagnostic, base: string): string {
  const file = d.location ? artifact(d.location.file, base).uri : '';
  const about = d.subjects && d.subjects.length > 0 ? [...d.subjects].sort().join('\n') : d.message;
  return createHash('sha256').update(`${d.code}\0${file}\0${about}`).digest('hex').slice(0, 32);
}

/**
 * The SARIF 2.1.0 log of a report, as data. With `lazy`, the results are a `MappedList` made one
 * by one as `jsonChunks` writes them (the same text; only for writing).
 */
function sarifLog(input: ReportInput, options: ReportOptions, lazy = false): Log {
  const base = options.base ?? options.cwd;
  const suppressed = input.suppressed ?? [];
  const used = [...new Set([...input.diagnostics, ...suppressed].map((d) => d.code))].sort();
  const rules: ReportingDescriptor[] = used.map((code) => {
    const rule = RULES_BY_CODE.get(code);
    const other = !rule && options.codes && Object.hasOwn(options.codes, code) ? options.codes[code] : undefined;
    const doc = rule?.doc ?? other?.doc;
    return {
      id: code,
      shortDescription: { text: rule?.title ?? (other ? firstSentence(other.doc) : code) },
      fullDescription: { text: doc?.replace(/\s*\n\s*/g, ' ') ?? code },
      defaultConfiguration: { level: (rule?.severity ?? other?.severity ?? 'error') as 'error' | 'warning' | 'note' },
      help: { text: `bootplan explain ${code}` },
      ...(doc !== undefined ? { helpUri: ruleDocUrl(code) } : {}),
    };
  });
  // Two findings with one fingerprint (same rule, file and subjects) are told apart by a count.
  const seen = new Map<string, number>();
  const result = (d: Diagnostic, i: number): Result => {
    const print = fingerprint(d, base);
    const n = seen.get(print) ?? 0;
    seen.set(print, n + 1);
    // The finding that explains this one comes first among the related locations.
    const related = [
      ...(d.cause?.location ? [{ message: `follows from ${d.cause.code}: ${d.cause.message}`, location: d.cause.location }] : []),
      ...(d.related ?? []).filter((r) => r.location),
    ];
    return {
      ruleId: d.code,
      ruleIndex: used.indexOf(d.code),
      level: d.severity,
      message: { text: d.hint ? `${d.message}. ${d.hint}` : d.message },
      locations: d.location ? [physical(d.location, base)] : [],
      partialFingerprints: { 'bootplanFinding/v1': n === 0 ? print : `${print}:${n}` },
      // Accepted in the plan by `# bootplan-allow:`: code-scanning UIs show it as dismissed.
      ...(i >= input.diagnostics.length ? { suppressions: [{ kind: 'inSource' as const, status: 'accepted' as const }] } : {}),
      ...(related.length > 0 ? { relatedLocations: related.map((r, i) => ({ id: i, message: { text: r.message }, ...physical(r.location!, base) })) } : {}),
      ...(d.fixes?.length ? { fixes: d.fixes.map((f) => sarifFix(f, base)) } : {}),
      ...(d.witness || d.subjects || d.cause ? { properties: { ...(d.witness ? { witness: d.witness } : {}), ...(d.subjects ? { subjects: d.subjects } : {}), ...(d.cause ? { cause: { ruleId: d.cause.code, message: d.cause.message } } : {}) } } : {}),
    };
  };
  const all = suppressed.length > 0 ? [...input.diagnostics, ...suppressed] : input.diagnostics;
  // Lazy results write the same JSON (MappedList.toJSON) but are not an array: only for jsonChunks.
  const results = lazy ? (new MappedList(all, result) as unknown as Result[]) : all.map(result);
  const log: Log = {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [{
      tool: { driver: { name: 'bootplan', ...(options.version ? { version: options.version, semanticVersion: options.version } : {}), informationUri: 'https://github.com/bootplan/bootplan', rules } },
      ...(options.exitCode !== undefined ? { invocations: [{ executionSuccessful: options.exitCode < 2, exitCode: options.exitCode }] } : {}),
      originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(base.endsWith(sep) ? base : base + sep).href } },
      results,
    }],
  };
  return log;
}

export const sarif: Reporter = (input, options) => JSON.stringify(sarifLog(input, options), null, 2) + '\n';

/** The SARIF text in chunks (results one by one), for logs too long to be one string. */
export function sarifChunks(input: ReportInput, options: ReportOptions): Iterable<string> {
  return jsonChunks(sarifLog(input, options, true), 2, '\n', 4);
}
