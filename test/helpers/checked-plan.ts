/**
 * A plan text checked the whole way `bootplan check` checks it (compiler/index.ts `checkPlan`:
 * salvage, the findings cap, carets narrowed to the field, causes grouped, fixes attached; then
 * the allows, as cli/commands/check-one.ts applies them), with no host, and `--fix`'s edits
 * applied in memory.
 */
import { applyAllows } from '../../compiler/allow.js';
import { attachFixes } from '../../compiler/check/index.js';
import { checkPlan, sortDiagnostics } from '../../compiler/index.js';
import { Locator } from '../../compiler/locate.js';
import type { Diagnostic, TextEdit } from '../../compiler/types.js';
import { findingOf, type Finding } from './findings.js';

export const PLAN = '/virtual/plan.yaml';

/** `files`: other files beside the plan (relative path → text), e.g. included catalogs. */
export async function checkedPlan(text: string, options: { files?: Record<string, string>; maxFindings?: number } = {}): Promise<{ diagnostics: Diagnostic[]; texts: Map<string, string> }> {
  const all = new Map<string, string>([[PLAN, text], ...Object.entries(options.files ?? {}).map(([p, t]) => [`/virtual/${p}`, t] as [string, string])]);
  const read = (path: string) => {
    const found = all.get(path);
    if (found === undefined) throw Object.assign(new Error('not found'), { code: 'ENOENT' });
    return found;
  };
  const { source, compiled, diagnostics: found } = await checkPlan(PLAN, { read, ...(options.maxFindings !== undefined ? { maxFindings: options.maxFindings } : {}) });
  const diagnostics = sortDiagnostics(applyAllows(source.root, source.texts, found).diagnostics);
  if (diagnostics.some((d) => d.code === 'unused-allow' && !d.fixes)) attachFixes(diagnostics, await new Locator(source.texts).ready(), compiled, source.texts);
  return { diagnostics, texts: source.texts };
}

/** The findings of `text` as a user reads them, fixes included; only those of `code` when given. */
export async function checkedFindings(text: string, options: { code?: string; files?: Record<string, string>; maxFindings?: number } = {}): Promise<Finding[]> {
  const { diagnostics } = await checkedPlan(text, options);
  return diagnostics.filter((d) => options.code === undefined || d.code === options.code).map(findingOf);
}

/** `text` with every edit of the findings' first fixes in `file` applied (as `check --fix` does one pass). */
export function applyFixes(text: string, diagnostics: Diagnostic[], file = PLAN): string {
  const edits: TextEdit[] = diagnostics.flatMap((d) => d.fixes?.[0]?.edits ?? []).filter((e) => e.file === file);
  let out = text;
  for (const e of edits.sort((a, b) => b.start - a.start || b.end - a.end)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
