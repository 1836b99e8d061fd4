/**
 * Puts what inference found into an imported plan: each entry whose `LIB.FN` id has an inferred
 * entry gets its `uses`, `provides`, `effects` and `evidence` (a term function's uses go on the
 * entry's `term: {fn, uses}`). A small helper for the importers (`import unikraft --src`), so that
 * the plan object stays what a person would write.
 */
import type { PlanEntryObject, PlanObject } from '../plan-object.js';
import type { InferredEntry } from './types.js';

export interface ApplyOptions {
  /** Also write `evidence` lists (plan language 1.1); default true. */
  evidence?: boolean;
}

/** Mutates `plan` in place; returns how many entries got at least one fact. */
export function applyInference(plan: PlanObject, entries: ReadonlyMap<string, InferredEntry>, options: ApplyOptions = {}): number {
  const withEvidence = options.evidence ?? true;
  let changed = 0;
  for (const [lib, library] of Object.entries(plan.libraries)) {
    for (const list of [library.ctors, library.initcalls, library.init_array]) {
      for (const entry of list ?? []) if (applyOne(lib, entry, entries, withEvidence)) changed++;
    }
  }
  return changed;
}

function applyOne(lib: string, entry: PlanEntryObject, entries: ReadonlyMap<string, InferredEntry>, withEvidence: boolean): boolean {
  let any = false;
  const evidence = [...(entry.evidence ?? [])];
  if (entry.fn) {
    const found = entries.get(`${lib}.${entry.fn}`);
    if (found) {
      entry.uses = union(entry.uses, found.uses);
      entry.provides = union(entry.provides, found.provides);
      if (found.effects.length > 0) entry.effects = [...(entry.effects ?? []), ...found.effects];
      evidence.push(...found.evidence);
      any = found.uses.length + found.provides.length + found.effects.length > 0;
      if (entry.uses.length === 0) delete entry.uses;
      if (entry.provides.length === 0) delete entry.provides;
    }
  }
  const termName = typeof entry.term === 'string' ? entry.term : undefined;
  if (termName) {
    const term = entries.get(`${lib}.${termName}`);
    if (term && term.uses.length > 0) {
      if (entry.fn) entry.term = { fn: termName, uses: term.uses };
      else entry.uses = union(entry.uses, term.uses);
      evidence.push(...term.evidence.filter((e) => e.uses !== undefined));
      any = true;
    }
  }
  if (withEvidence && evidence.length > 0) entry.evidence = evidence;
  return any;
}

function union(a: readonly string[] | undefined, b: readonly string[]): string[] {
  return [...new Set([...(a ?? []), ...b])];
}
