/**
 * At most so many findings of one rule per plan, as compilers cap their errors (`-fmax-errors`):
 * a plan with a million races is one mistake made a million times, and listing every one (each
 * with its witness, locations and fix) takes gigabytes. The rest are counted in one note, so the
 * report still says how many there are and the exit code is the same.
 */
import type { Diagnostic } from '../types.js';

/** Findings of one rule kept per plan unless told otherwise (`check --max-findings`). */
export const DEFAULT_MAX_FINDINGS = 100_000;

/**
 * A count with its thousands grouped as `toLocaleString('en')` writes it (`100,000`), without
 * Intl: the first Intl call of a process loads ICU, ~14 ms of start-up, and `check --help` and
 * the rule docs print the default bound.
 */
export function groupThousands(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+$)/g, ',');
}

/**
 * The diagnostics with at most `max` of each code (the first ones, in the order found), and for
 * each code that had more, a `findings-capped` note at the first finding left out.
 */
export function capFindings(diagnostics: Diagnostic[], max: number): Diagnostic[] {
  if (diagnostics.length <= max) return diagnostics;
  const count = new Map<string, number>();
  for (const d of diagnostics) count.set(d.code, (count.get(d.code) ?? 0) + 1);
  if (![...count.values()].some((n) => n > max)) return diagnostics;
  const kept: Diagnostic[] = [];
  const seen = new Map<string, number>();
  const notes: Diagnostic[] = [];
  for (const d of diagnostics) {
    const n = (seen.get(d.code) ?? 0) + 1;
    seen.set(d.code, n);
    if (n <= max) {
      kept.push(d);
      continue;
    }
    if (n === max + 1) {
      const total = count.get(d.code)!;
      const plural = (k: number, word: string) => `${k.toLocaleString('en')} ${word}${k === 1 ? '' : 's'}`;
      notes.push({
        code: 'findings-capped',
        severity: 'note',
        message: `${plural(total, `${d.code} finding`)} in this plan: the first ${max.toLocaleString('en')} are listed, the ${(total - max).toLocaleString('en')} from here on are only counted`,
        hint: `fix the first ones (often one cause repeated); \`--max-findings all\` lists every one`,
        subjects: [d.code],
        ...(d.source ? { source: d.source } : {}),
        ...(d.location ? { location: d.location } : {}),
      });
    }
  }
  return [...kept, ...notes];
}
