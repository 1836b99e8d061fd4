/**
 * Numbers checked for range where they enter the compiler: an entry's or a step's `cost`, sizes
 * (`alloc`), and the total of the costs. Every front end (the table model's resolve and Luna's
 * unfolding) reads them through here, so a value refused in one is refused in the other.
 */
import { err } from './keys.js';
import type { Diagnostic, Entry, SourceRef } from './types.js';
import { DEFAULT_COST, MAX_COST_NS, MAX_TOTAL_COST_NS, measure } from './units.js';

const durations = new Map<unknown, number | string>();

/**
 * A `cost` in nanoseconds, checked for range where it enters (at most MAX_COST_NS); plans repeat a
 * few values. `at` may be a function that makes the source, only called for a diagnostic.
 */
export function checkedCost(value: unknown, at: SourceRef | (() => SourceRef), diagnostics: Diagnostic[], fallback = DEFAULT_COST): number {
  if (value === undefined) return fallback;
  let ns = durations.get(value);
  if (ns === undefined) {
    const read = measure(value, 'duration');
    if (read === null) return fallback; // not a duration at all: the schema reported it
    ns = 'problem' in read ? read.problem : read.value > MAX_COST_NS ? `is longer than a day (${MAX_COST_NS / 1e9} s), more than any init function takes` : read.value;
    if (durations.size < 10_000) durations.set(value, ns);
  }
  if (typeof ns === 'number') return ns;
  diagnostics.push(err('value-out-of-range', `cost ${excerpt(value)} ${ns}`, typeof at === 'function' ? at() : at, 'write the time the entry takes with a unit, e.g. 300us or 2ms'));
  return fallback;
}

/** A size in bytes, checked for range and precision where it enters; 0 after a diagnostic. */
export function checkedSize(value: unknown, what: string, at: SourceRef, diagnostics: Diagnostic[]): number {
  const read = measure(value, 'size');
  if (read === null) return 0; // not a size at all: the schema reported it
  if ('problem' in read) {
    diagnostics.push(err('value-out-of-range', `${what} ${excerpt(value)} ${read.problem}`, at, 'write whole bytes with a unit, e.g. 64Ki'));
    return 0;
  }
  return read.value;
}

/**
 * The sum of every entry's cost, in declaration order: the finding on
 * the entry whose cost takes the total past MAX_TOTAL_COST_NS, or null. Each cost is in range on
 * its own (at most a day), but a hundred thousand of them add up to a boot no machine has, and
 * past 2^53 ns the virtual clock would no longer count single nanoseconds.
 */
export function totalCostProblem(entries: readonly Entry[], noun = 'entries'): Diagnostic | null {
  let total = 0;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    total += e.cost;
    if (total > MAX_TOTAL_COST_NS) {
      return err('value-out-of-range', `the costs of the ${noun} up to ${e.id} add up to more than a day (${MAX_TOTAL_COST_NS / 1e9} s): no boot takes that long`, { file: e.source.file, path: [...e.source.path, 'cost'] }, `write what each of the ${noun} takes (e.g. 300us or 2ms); \`cost\` is one run, not a total`);
    }
  }
  return null;
}

/** A value as a message may quote it: at most 40 characters, with its length beyond. */
export function excerpt(value: unknown): string {
  const text = String(value);
  return text.length <= 40 ? text : `${text.slice(0, 40)}… (${text.length} characters)`;
}
