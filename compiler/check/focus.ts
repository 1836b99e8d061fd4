/**
 * Carets on the field at fault. Rules point at the entry a finding is about; when the finding is
 * about one of the entry's fields — a use of a capability (`uses: [fdtab]` → `fdtab`), the
 * `after` item that names the other entry, `returns`, `fn` — this pass narrows the source path to
 * that field (and a finding at a whole `after`/`before` list to the item naming the other entry), so the code frame underlines `fdtab`, not a 140-column entry. Related notes that
 * point at a provider narrow to its `provides` item the same way. Paths only: run before `locate`.
 */
import type { Compiled, Diagnostic, Entry, SourceRef } from '../types.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value at `path` in a file's data; undefined past its end. Paths come from that data (each step an own key or an index). */
function getIn(data: unknown, path: ReadonlyArray<string | number>): unknown {
  let node = data;
  for (const step of path) node = typeof node === 'object' && node !== null ? (node as Obj)[step] : undefined;
  return node;
}

const key = (ref: SourceRef) => `${ref.file}\0${ref.path.map(String).join('\0')}`;

/** `[...path, field, i]` when the field at `path` is a list holding `value`. */
function item(raw: unknown, ref: SourceRef, field: string, value: string | undefined): SourceRef | undefined {
  if (!isObj(raw)) return undefined;
  const list = raw[field];
  const i = Array.isArray(list) ? list.indexOf(value) : -1;
  return i >= 0 ? { file: ref.file, path: [...ref.path, field, i] } : undefined;
}

function field(raw: unknown, ref: SourceRef, name: string): SourceRef | undefined {
  return isObj(raw) && raw[name] !== undefined ? { file: ref.file, path: [...ref.path, name] } : undefined;
}

interface Declared {
  entry: Entry;
  term: boolean;
}

/**
 * The entries (and term functions) by where they are declared. By the source object first: rules
 * report most findings about an entry at the entry's own source. Else by file and path, a string
 * key per entry, made only for a source whose path can end as an entry's does (at an index, or at
 * a name some entry's path ends with): a plan with a warning on each of 100,000 `provides` lists
 * then builds no keys at all, where it built 200,000 strings.
 */
function declaredAt(compiled: Compiled): { get(ref: SourceRef): Declared | undefined } {
  const byObject = new Map<SourceRef, Declared>();
  for (const entry of compiled.entries) {
    byObject.set(entry.source, { entry, term: false });
    if (entry.term) byObject.set(entry.term.source, { entry, term: true });
  }
  let lastNames: Set<string | number> | undefined;
  let byKey: Map<string, Declared> | undefined;
  return {
    get(ref) {
      const found = byObject.get(ref);
      if (found) return found;
      const last = ref.path.at(-1);
      if (last === undefined) return undefined;
      if (typeof last !== 'number') {
        lastNames ??= new Set([...byObject.keys()].map((r) => r.path.at(-1)).filter((l) => typeof l === 'string'));
        if (!lastNames.has(last)) return undefined;
      }
      byKey ??= new Map([...byObject].map(([r, declared]) => [key(r), declared]));
      return byKey.get(key(ref));
    },
  };
}

/** Narrow the source of each finding about an entry to the field at fault (in place). */
export function focusFields(diagnostics: Diagnostic[], compiled: Compiled, files: ReadonlyArray<{ file: string; data: unknown }>): Diagnostic[] {
  if (diagnostics.length === 0) return diagnostics;
  const dataOf = new Map(files.map((f) => [f.file, f.data]));
  const entries = declaredAt(compiled);
  const rawAt = (ref: SourceRef) => getIn(dataOf.get(ref.file), ref.path);
  for (const d of diagnostics) {
    if (!d.source || d.location) continue;
    const hit = entries.get(d.source);
    if (!hit) {
      // A finding at an entry's `after` or `before` list (order-violated): the item naming the other entry.
      const list = d.source.path.at(-1);
      const owner = list === 'after' || list === 'before' ? { file: d.source.file, path: d.source.path.slice(0, -1) } : undefined;
      const stated = owner && entries.get(owner);
      const named = stated && item(rawAt(owner), owner, list as string, d.subjects?.find((s) => s !== stated.entry.id));
      if (named) d.source = named;
      continue;
    }
    const raw = rawAt(d.source);
    // A cycle's source is the entry at the end of its first step: the use, or the `after` item, that step names.
    const first = d.code === 'cycle' ? /^dependency cycle: (\S+) → \((?:uses (\S+)|after|before)\) /.exec(d.message) : null;
    const cap = first ? first[2] : d.capability ?? d.witness?.expect.capability;
    const other = first ? first[1] : d.subjects?.find((s) => s !== hit.entry.id);
    const narrowed =
      (cap !== undefined ? item(raw, d.source, 'uses', cap) ?? (hit.term ? undefined : item(raw, d.source, 'provides', cap) ?? hit.entry.effects.find((e) => e.uses.includes(cap) || e.provides.includes(cap))?.source) : undefined) ??
      (d.subjects && d.subjects.length > 1 ? item(raw, d.source, 'after', other) ?? item(raw, d.source, 'before', other) : undefined) ??
      (d.code === 'entry-fails' ? field(raw, d.source, 'returns') : undefined) ??
      (d.code === 'duplicate-registration' ? field(raw, d.source, 'fn') : undefined);
    if (narrowed) d.source = narrowed;
    for (const r of d.related ?? []) {
      if (!r.source || r.location || !entries.get(r.source)) continue;
      // A cycle's steps: "B uses CAP (from A)" points at B's use, "B after (from A)" at B's `after`
      // item (a `before` is written on A: B's note stays on B); any other note about a provider at its `provides`.
      const noteRaw = rawAt(r.source);
      const step = d.code === 'cycle' ? /^\S+ (?:uses (\S+)|after) \(from (\S+)\)$/.exec(r.message) : null;
      const narrowedNote = step ? (step[1] !== undefined ? item(noteRaw, r.source, 'uses', step[1]) : item(noteRaw, r.source, 'after', step[2])) : d.code !== 'cycle' ? item(noteRaw, r.source, 'provides', cap) : undefined;
      if (narrowedNote) r.source = narrowedNote;
    }
  }
  return diagnostics;
}
