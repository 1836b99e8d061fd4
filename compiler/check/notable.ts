/**
 * The entries with something most entries lack (effects, heap, ordering references, a term
 * function, a non-zero return), found in one pass for every rule. At 100,000 entries each pass over
 * the entries costs about as much as the work a rule does with what it finds, and most rules look
 * only at these few.
 */
import type { Entry } from '../types.js';
import { hasEvidence } from './evidence-notes.js';

/** Each list holds the entries of `compiled.entries` that have the thing, in that order. */
export interface NotableEntries {
  /** At least one effect. */
  effects: Entry[];
  /** `alloc` other than 0 (the heap the entry and its alloc effects take). */
  alloc: Entry[];
  /** Something under `after` or `before`. */
  ordering: Entry[];
  /** A term function. */
  term: Entry[];
  mains: Entry[];
  /** Returns something other than 0. */
  nonZero: Entry[];
  /** Some entry's id has a `#` (resolve numbers later duplicates `#2`, `#3`…). */
  numbered: boolean;
  /** Some entry has evidence (its own or its term function's) or fields an overlay set. */
  evidenced: boolean;
}

/**
 * `numbered`: whether some id has a `#`, when the caller knows it (resolve does): then no id is
 * read (each is a cache miss at 100,000 entries).
 */
export function notableEntries(entries: readonly Entry[], numbered?: boolean): NotableEntries {
  const found: NotableEntries = { effects: [], alloc: [], ordering: [], term: [], mains: [], nonZero: [], numbered: numbered ?? false, evidenced: false };
  const readIds = numbered === undefined;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.effects.length > 0) found.effects.push(e);
    if (e.alloc !== 0) found.alloc.push(e);
    if (e.after.length > 0 || e.before.length > 0) found.ordering.push(e);
    if (e.term) found.term.push(e);
    if (e.kind === 'main') found.mains.push(e);
    if (e.returns !== 0) found.nonZero.push(e);
    if (readIds && !found.numbered && e.id.includes('#')) found.numbered = true;
    if (!found.evidenced && hasEvidence(e)) found.evidenced = true;
  }
  return found;
}
