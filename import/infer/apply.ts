/**
 * Puts what inference found into an imported plan: each entry whose `LIB.FN` id has an inferred
 * entry gets its `uses`, `provides`, `effects` and `evidence`; a term function's uses and their
 * evidence go on the entry's `term: {fn, uses, evidence}` (term-only entries too, where the
 * checker looks for them). With evidence the plan is language 1.1. A small helper for the
 * importers (`import unikraft --src`), so that the plan object stays what a person would write.
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
    for (const list of [library.early, library.ctors, library.initcalls, library.init_array]) {
      for (const entry of list ?? []) if (applyOne(lib, entry, entries, withEvidence)) changed++;
    }
  }
  if (withEvidence && changed > 0) plan.bootplan = 1.1;
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
      // Copies: a shared object would come out of the YAML writer as an anchor and an alias.
      if (found.effects.length > 0) entry.effects = [...(entry.effects ?? []), ...structuredClone(found.effects)];
      evidence.push(...structuredClone(found.evidence));
      any = found.uses.length + found.provides.length + found.effects.length > 0;
      if (entry.uses.length === 0) delete entry.uses;
      if (entry.provides.length === 0) delete entry.provides;
    }
  }
  const termName = typeof entry.term === 'string' ? entry.term : entry.term?.fn;
  const term = termName ? entries.get(`${lib}.${termName}`) : undefined;
  if (termName && term && term.uses.length > 0) {
    const before = typeof entry.term === 'object' ? entry.term : { fn: termName };
    // A term-only entry's own `uses` are its term's: they move into the term object with the rest.
    const uses = union(union(before.uses, entry.fn ? [] : entry.uses ?? []), term.uses);
    if (!entry.fn) delete entry.uses;
    const termEvidence = [...(before.evidence ?? []), ...structuredClone(term.evidence.filter((e) => e.uses !== undefined))];
    entry.term = { fn: termName, uses, ...(withEvidence && termEvidence.length > 0 ? { evidence: termEvidence } : {}) };
    any = true;
  }
  if (withEvidence && evidence.length > 0) entry.evidence = evidence;
  return any;
}

function union(a: readonly string[] | undefined, b: readonly string[]): string[] {
  return [...new Set([...(a ?? []), ...b])];
}
