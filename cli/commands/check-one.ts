/**
 * One plan as `check` sees it: checked, the allows and the project config applied, fixes
 * attached; and `--fix`: apply the fixes, check again, until nothing is left to apply.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { applyAllows } from '../../compiler/allow.js';
import { attachFixes } from '../../compiler/check/index.js';
import { checkPlan, sortDiagnostics, type PlanSource } from '../../compiler/index.js';
import { nodeHost } from '../../compiler/host.js';
import { Locator } from '../../compiler/locate.js';
import type { Diagnostic, TextEdit } from '../../compiler/types.js';
import { applyConfig, configFor, type Config } from '../config.js';

export interface CheckedPlan {
  source: PlanSource;
  diagnostics: Diagnostic[];
  suppressed: Diagnostic[];
  config: Config;
}

/**
 * `read`: the text of a file, for checking edited texts before they are written; the plan still
 * boots against the disk, so the checker reads the host folders and initrds from it.
 */
export async function checkOne(plan: string, options: { maxBytes?: number; maxFindings?: number; read?: (path: string) => string; configDone?: Set<string> } = {}): Promise<CheckedPlan> {
  const { source, compiled, diagnostics: found } = await checkPlan(plan, { ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}), ...(options.maxFindings !== undefined ? { maxFindings: options.maxFindings } : {}), ...(options.read ? { read: options.read } : {}), host: nodeHost });
  const config = configFor(source.root);
  // A bad config is said once, with the first plan it applies to.
  const configProblems = config.file && !options.configDone?.has(config.file) ? config.diagnostics : [];
  if (config.file) options.configDone?.add(config.file);
  const allowed = applyAllows(source.root, source.texts, found);
  const diagnostics = sortDiagnostics([...configProblems, ...applyConfig(config, allowed.diagnostics)]);
  // Allows that accept nothing are found only now; their fix (remove the allow) too.
  if (diagnostics.some((d) => d.code === 'unused-allow' && !d.fixes)) attachFixes(diagnostics, await new Locator(source.texts).ready(), compiled, source.texts);
  return { source, diagnostics, suppressed: allowed.suppressed, config };
}

export interface FixRun {
  /** The last check, of the texts with every fix applied. */
  checked: CheckedPlan;
  /** file → its text after the fixes, for the files that changed. */
  changed: Map<string, string>;
  /** What was applied, in order. */
  applied: Array<{ file: string; line: number; description: string }>;
  /** A pass taken back because it left more findings than it fixed: its fixes and the two counts. */
  takenBack?: { fixes: FixRun['applied']; before: number; after: number };
}

const MAX_PASSES = 10;

const findings = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.severity !== 'note').length;

/** The edits of `fixes` that overlap none chosen before (per file), whole fixes only. */
function chooseEdits(diagnostics: Diagnostic[]): { edits: TextEdit[]; applied: FixRun['applied']; fixed: Set<Diagnostic> } {
  const edits: TextEdit[] = [];
  const applied: FixRun['applied'] = [];
  const fixed = new Set<Diagnostic>();
  // A finding an allow is being corrected to accept is left alone in this pass: the allow
  // states the author's intent (accepted on purpose), and the next pass sees it accepted.
  const at = (l: { file: string; line: number; column: number }) => `${l.file}:${l.line}:${l.column}`;
  const accepting = new Set(diagnostics.filter((d) => d.code === 'unused-allow' && d.fixes && d.subjects?.[1]).flatMap((d) => (d.related ?? []).map((r) => r.location && `${d.subjects![1]}@${at(r.location)}`)));
  for (const d of diagnostics) {
    if (d.location && accepting.has(`${d.code}@${at(d.location)}`)) continue;
    for (const fix of d.fixes ?? []) {
      const clash = fix.edits.some((e) => edits.some((o) => o.file === e.file && e.start < Math.max(o.end, o.start + 1) && o.start < Math.max(e.end, e.start + 1)));
      if (clash) continue;
      edits.push(...fix.edits);
      applied.push({ file: fix.edits[0]!.file, line: fix.edits[0]!.range.line, description: fix.description });
      fixed.add(d);
      break; // one fix per finding
    }
  }
  return { edits, applied, fixed };
}

function applyTextEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start || b.end - a.end)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/**
 * Apply the findings' fixes and check again, up to ten passes (a fixed key can show a race that
 * was hidden behind it): everything in memory, nothing written here.
 */
export async function fixOne(plan: string, options: { maxBytes?: number; maxFindings?: number } = {}): Promise<FixRun> {
  const root = resolve(plan);
  const changed = new Map<string, string>();
  const read = (path: string) => changed.get(path) ?? readFileSync(path, 'utf8');
  const applied: FixRun['applied'] = [];
  let checked = await checkOne(root, options);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const chosen = chooseEdits(checked.diagnostics);
    if (chosen.edits.length === 0) break;
    const files = [...new Set(chosen.edits.map((e) => e.file))];
    let progress = false;
    for (const file of files) {
      const before = checked.source.texts.get(file);
      if (before === undefined) continue;
      const after = applyTextEdits(before, chosen.edits.filter((e) => e.file === file));
      if (after !== before) {
        changed.set(file, after);
        progress = true;
      }
    }
    if (!progress) break;
    const next = await checkOne(root, { ...options, read });
    // A pass that leaves more findings than it found is taken back, and fixing stops there.
    if (findings(next.diagnostics) > findings(checked.diagnostics)) {
      for (const file of files) {
        const earlier = checked.source.texts.get(file);
        if (earlier !== undefined && earlier !== readFileSync(file, 'utf8')) changed.set(file, earlier);
        else changed.delete(file);
      }
      // The report no longer offers what --fix has just refused.
      for (const d of chosen.fixed) delete d.fixes;
      return { checked, changed, applied, takenBack: { fixes: chosen.applied, before: findings(checked.diagnostics), after: findings(next.diagnostics) } };
    }
    applied.push(...chosen.applied);
    checked = next;
  }
  return { checked, changed, applied };
}
