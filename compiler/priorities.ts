/** Priorities (numeric, default, `after(LIB.FN)`/`before(LIB.FN)`) and `after`/`before` references. */
import type { NameLookup } from './name-index.js';
import { suggest } from './suggest.js';
import { err, PRIO_SHIFT, type DroppedEntry, type Pending } from './keys.js';
import type { Diagnostic, Entry, Profile, ProfileTable, SourceRef } from './types.js';

const SYMBOLIC_PRIO = /^\s*(after|before)\(\s*([^)\s]+)\s*\)\s*$/;

/**
 * Sets the priority of an entry whose priority needs no other entry and says nothing: none
 * written (the table's default) or a whole number in the table's range. False when
 * `resolvePriorities` must decide (a name, an after()/before() reference, a number out of range,
 * an entry without a level, a table without priorities). Resolve calls it as it makes each
 * entry, while the entry is in the cache, and leaves only the others to `resolvePriorities`.
 */
export function plainPriority(entry: Entry, raw: unknown, table: ProfileTable | null): boolean {
  const range = table?.prio;
  if (!range || entry.key < 0) return false;
  let prio: number;
  if (raw === undefined) prio = range.default;
  else if (typeof raw === 'number' && Number.isInteger(raw) && raw >= range.min && raw <= range.max) prio = raw;
  else return false;
  setPriority(entry, prio, range.min);
  return true;
}

/** The entry's priority, and its place in the sort key (counted from the table's lowest). */
function setPriority(entry: Entry, prio: number, min: number): void {
  entry.prio = prio;
  entry.key += (prio - min) * PRIO_SHIFT;
}

/** Numeric, default and symbolic priorities; entries with a priority the linker would drop. */
export function resolvePriorities(pending: Pending[], byId: NameLookup<Pending>, profile: Profile, diagnostics: Diagnostic[]): DroppedEntry[] {
  const dropped: DroppedEntry[] = [];
  const drop = (p: Pending, reason: string) => {
    p.state = 'bad';
    dropped.push({ id: p.entry.id, reason, provides: p.entry.provides, source: p.entry.source });
  };
  const prioSource = (e: Entry): SourceRef => e.origins?.prio ?? { file: e.source.file, path: [...e.source.path, 'prio'] };
  const setPrio = (p: Pending, prio: number) => setPriority(p.entry, prio, p.table?.prio?.min ?? 0);
  // Iterative walk down chains of after()/before() references; empty between entries.
  const stack: Pending[] = [];
  for (let i = 0; i < pending.length; i++) {
    const start = pending[i]!;
    if (start.state || !start.table || start.entry.kind === 'main') continue;
    stack.push(start);
    while (stack.length > 0) {
      const p = stack[stack.length - 1]!;
      const e = p.entry;
      if (p.state === 'done' || p.state === 'bad') { stack.pop(); continue; }
      const table = p.table!; // main is never on this stack: it has no priority to refer to
      const range = table.prio;
      const raw = p.rawPrio;
      if (e.key < 0) { drop(p, 'it has no level'); stack.pop(); continue; }
      if (!range) {
        if (raw !== undefined) diagnostics.push(err('prio-out-of-range', `${table.title} of ${profile.name}@${profile.version} has no priorities; order inside a level is link order`, prioSource(e), 'remove `prio`; order entries of one level by declaration order'));
        p.state = 'done'; stack.pop(); continue;
      }
      if (plainPriority(e, raw, table)) { p.state = 'done'; stack.pop(); continue; }
      if (typeof raw === 'number') {
        diagnostics.push(err('prio-out-of-range', `priority ${raw} of ${e.id} is outside ${range.min}..${range.max}: ${table.badPrio ?? 'the entry never runs'}`, prioSource(e), `use a priority in ${range.min}..${range.max}`));
        drop(p, `priority ${raw} is outside ${range.min}..${range.max}`);
        stack.pop(); continue;
      }
      const named = typeof raw === 'string' && range.names && Object.hasOwn(range.names, raw.trim()) ? range.names[raw.trim()]! : undefined;
      if (named !== undefined) { setPrio(p, named); p.state = 'done'; stack.pop(); continue; }
      const m = SYMBOLIC_PRIO.exec(String(raw));
      if (!m) {
        diagnostics.push(err('prio-out-of-range', `priority "${String(raw)}" of ${e.id} is not a number in ${range.min}..${range.max}: ${table.badPrio ?? 'the entry never runs'}`, prioSource(e), 'define the priority macro, or write the number'));
        drop(p, `priority "${String(raw)}" is not a priority token`);
        stack.pop(); continue;
      }
      const refPending = byId.get(m[2]!);
      const ref = refPending?.entry;
      if (!ref || !refPending) {
        const guess = suggest(m[2]!, byId.keys());
        diagnostics.push(err('unknown-entry-ref', `${m[1]}(${m[2]}) in the priority of ${e.id} names no entry${guess ? `; did you mean "${guess}"?` : ''}`, prioSource(e)));
        drop(p, `its priority refers to ${m[2]}, which does not exist`);
        stack.pop(); continue;
      }
      if (!refPending.table) {
        diagnostics.push(err('unknown-entry-ref', `${m[1]}(${ref.id}) in the priority of ${e.id}: ${ref.id} is main, which has no priority`, prioSource(e), 'name an initcall or a constructor'));
        drop(p, `its priority refers to ${ref.id}, which has none`);
        stack.pop(); continue;
      }
      const refState = refPending.state;
      if (refState === 'busy' && ref !== e) {
        diagnostics.push(err('cycle', `priorities of ${e.id} and ${ref.id} are defined in terms of each other`, prioSource(e)));
        drop(p, 'its priority is defined circularly');
        stack.pop(); continue;
      }
      if (refState === undefined && ref !== e) { p.state = 'busy'; stack.push(refPending); continue; }
      if (refState === 'bad' || ref === e) {
        if (ref === e) diagnostics.push(err('cycle', `the priority of ${e.id} refers to itself`, prioSource(e)));
        drop(p, `its priority refers to ${ref.id}, which is dropped`);
        stack.pop(); continue;
      }
      const value = ref.prio + (m[1] === 'after' ? 1 : -1);
      if (value < range.min || value > range.max) {
        const macro = m[1] === 'after' ? 'UK_PRIO_AFTER' : 'UK_PRIO_BEFORE';
        diagnostics.push(err('prio-out-of-range', `${m[1]}(${ref.id}) gives priority ${value} for ${e.id}, outside ${range.min}..${range.max} (${ref.id} is at ${ref.prio}); in C, ${macro}(${ref.prio}) does not compile`, prioSource(e), `move ${ref.id} ${m[1] === 'after' ? 'earlier' : 'later'}, or give ${e.id} a level ${m[1] === 'after' ? 'after' : 'before'} ${ref.level ?? 'its level'}`));
        drop(p, `${m[1]}(${ref.id}) leaves the priority range`);
      } else {
        setPrio(p, value);
        p.state = 'done';
      }
      stack.pop();
    }
  }
  return dropped;
}

export function resolveRefs(entries: Entry[], byId: NameLookup<Entry>, diagnostics: Diagnostic[]): void {
  for (let p = 0; p < entries.length; p++) {
    const entry = entries[p]!;
    // Two fields by name, not a loop over them: an iterator per entry, 100,000 times, for lists
    // nearly always empty.
    if (entry.after.length > 0) keptRefs(entry, 'after', byId, diagnostics);
    if (entry.before.length > 0) keptRefs(entry, 'before', byId, diagnostics);
  }
}

/** `entry[field]` as written unless a reference is dropped: then a copy of the ones kept. */
function keptRefs(entry: Entry, field: 'after' | 'before', byId: NameLookup<Entry>, diagnostics: Diagnostic[]): void {
  const refs = entry[field];
  let kept: string[] | null = null;
  for (let i = 0; i < refs.length; i++) {
    const ref = refs[i]!;
    if (knownRef(entry, field, ref, i, byId, diagnostics)) kept?.push(ref);
    else kept ??= refs.slice(0, i);
  }
  if (kept !== null) entry[field] = kept;
}

/** Whether `entry`'s `field[i]` names an entry it can be ordered against; if not, says why. */
function knownRef(entry: Entry, field: 'after' | 'before', ref: string, i: number, byId: NameLookup<Entry>, diagnostics: Diagnostic[]): boolean {
  const target = byId.get(ref);
  if (target && (target.fn === null || entry.fn === null)) {
    // Term-only entries have no init function: nothing runs at boot to order against.
    const which = entry.fn === null ? entry.id : ref;
    diagnostics.push(err('unknown-entry-ref', `${field}: "${ref}" in ${entry.id} orders against ${which}, a term-only entry: it has no init function, so nothing of it runs at boot`, { file: entry.source.file, path: [...entry.source.path, field, i] }, 'order term functions by the level and priority of their entries instead'));
    return false;
  }
  if (target) return true;
  const guess = suggest(ref, byId.keys());
  diagnostics.push(err('unknown-entry-ref', `${field}: "${ref}" in ${entry.id} names no entry${guess ? `; did you mean "${guess}"?` : ''}`, { file: entry.source.file, path: [...entry.source.path, field, i] }, 'entries are named library.function'));
  return false;
}

