/**
 * Machine-applicable fixes: the hints a tool can apply, as text edits with ranges. Only changes
 * that say exactly what the finding asks for and touch one value: a misspelt key, level,
 * capability or entry name with a "did you mean", a race untied by the `prio: after(…)` /
 * `before(…)` its hint names (quoted as compiler/fix/rewrite.ts writes it, comments and style kept;
 * added to the entry when it has none), an allow that accepts nothing. `check --fix` applies them and checks the result again; findings
 * whose fix needs judgement (a cycle, a failing entry, a missing provider) get none.
 */
import { keySplice } from '../fix/key-splice.js';
import type { Locator } from '../locate.js';
import type { Compiled, Diagnostic, Entry, Fix, SourceRef } from '../types.js';

/** One replacement in a file's text: `[at, end)` becomes `text`. */
interface Splice {
  at: number;
  end: number;
  text: string;
}

const GUESS = /did you mean ["`]([^"`]+)["`]\?/;
const UNTIE = /^write `prio: (after|before)\(([^)\s]+)\)` on (\S+) \(priority \d+\)$/;
const PLAIN = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** A scalar's new text in the quoting style of the old one (plain only when it stays plain). */
function scalarText(value: string, type: string | undefined): string {
  if (type === 'QUOTE_SINGLE') return `'${value.replaceAll("'", "''")}'`;
  if (type === 'QUOTE_DOUBLE' || !PLAIN.test(value)) return JSON.stringify(value);
  return value;
}

function toFix(locator: Locator, file: string, description: string, splices: Splice[]): Fix {
  return {
    description,
    edits: splices.map((s) => {
      const from = locator.position(file, s.at);
      const to = locator.position(file, s.end);
      return { file, start: s.at, end: s.end, range: { line: from.line, column: from.column, endLine: to.line, endColumn: to.column }, text: s.text };
    }),
  };
}

/** Replace the scalar at `ref` (a value, or a key with `key`) by `value`, if it is there as written. */
function replaceScalar(locator: Locator, ref: SourceRef, value: string, description: string, key = false): Fix | undefined {
  const node = locator.nodeAt(ref, { key });
  if (!node?.scalar || typeof node.scalar.value !== 'string' || node.scalar.value === value) return undefined;
  if (node.scalar.type === 'BLOCK_LITERAL' || node.scalar.type === 'BLOCK_FOLDED') return undefined;
  return toFix(locator, ref.file, description, [{ at: node.start, end: node.end, text: scalarText(value, node.scalar.type) }]);
}

function guessFix(d: Diagnostic, locator: Locator): Fix | undefined {
  const guess = GUESS.exec(d.message)?.[1];
  if (!guess || !d.source) return undefined;
  const last = d.source.path[d.source.path.length - 1];
  switch (d.code) {
    case 'unknown-key':
      return replaceScalar(locator, d.source, guess, `rename the key "${String(last)}" to "${guess}"`, true);
    case 'unknown-level':
      return replaceScalar(locator, d.source, guess, `write level "${guess}"`);
    case 'unknown-entry-ref': {
      // In a symbolic priority the name sits inside `after(…)`/`before(…)`.
      const symbolic = last === 'prio' ? /^(after|before)\(/.exec(d.message)?.[1] : undefined;
      const value = symbolic ? `${symbolic}(${guess})` : guess;
      return replaceScalar(locator, d.source, value, `name "${guess}"`);
    }
    case 'capability-never-provided': {
      // Only a use written in the entry's `uses` (focus narrowed the source to it), and only a
      // misspelling: `mount:/` is not a typo of `mount:/dev`. (The rule never guesses what the
      // entry provides itself: that use would be a new error.)
      const cap = d.capability ?? d.witness?.expect.capability ?? '';
      if (d.source.path[d.source.path.length - 2] !== 'uses' || guess.startsWith(cap) || cap.startsWith(guess)) return undefined;
      return replaceScalar(locator, d.source, guess, `use \`${guess}\``);
    }
    default:
      return undefined;
  }
}

function untieFix(d: Diagnostic, locator: Locator, entries: ReadonlyMap<string, Entry>, root: string | undefined): Fix | undefined {
  const m = d.code === 'race' && d.hint ? UNTIE.exec(d.hint) : null;
  const entry = m ? entries.get(m[3]!) : undefined;
  // Only in the plan itself: a catalog's priorities are shared with the other plans that include it.
  if (!m || !entry || entry.origins?.prio || entry.source.file !== root) return undefined;
  // The `prio:` as written is replaced (quoted as rewrite.ts quotes it); an entry without one
  // (the default priority) gets the key, in the entry's own style, as \`bootplan fix\` adds it.
  const value = `${m[1]}(${m[2]})`;
  const description = `write \`prio: ${value}\` on ${entry.id}`;
  const node = locator.nodeAt({ file: entry.source.file, path: [...entry.source.path, 'prio'] });
  if (!node) return addPrio(locator, entry, value, description);
  if (!node.scalar || node.scalar.type === 'BLOCK_LITERAL' || node.scalar.type === 'BLOCK_FOLDED') return undefined;
  // `after(…)` is no plain name: double-quoted, unless the old value was single-quoted.
  return toFix(locator, entry.source.file, description, [{ at: node.start, end: node.end, text: scalarText(value, node.scalar.type) }]);
}

/** `prio: value` added to an entry that has no `prio` key at all (not one through an alias). */
function addPrio(locator: Locator, entry: Entry, value: string, description: string): Fix | undefined {
  const found = locator.mapAt(entry.source);
  const text = locator.text(entry.source.file);
  if (!found || text === undefined || found.map.items.some((p) => (p.key as { value?: unknown } | null)?.value === 'prio')) return undefined;
  const splice = keySplice(found.map, found.lines, text, 'prio', JSON.stringify(value));
  return splice ? toFix(locator, entry.source.file, description, [splice]) : undefined;
}

/**
 * Take the unused code out of its allow comment; the whole comment (its line, if alone) when it was
 * the only one. A misspelt code (`subjects[1]`: the rule the entry reports) is corrected instead.
 */
function allowFix(d: Diagnostic, locator: Locator, texts: ReadonlyMap<string, string>): Fix | undefined {
  const loc = d.location;
  const code = d.subjects?.[0];
  const text = loc ? texts.get(loc.file) : undefined;
  if (!loc || !code || text === undefined) return undefined;
  let lineStart = 0;
  for (let n = 1; n < loc.line; n++) {
    lineStart = text.indexOf('\n', lineStart) + 1;
    if (lineStart === 0) return undefined;
  }
  const lineEnd = text.indexOf('\n', lineStart) < 0 ? text.length : text.indexOf('\n', lineStart);
  const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
  const hash = loc.column - 1;
  const m = /^#\s*bootplan-allow:\s*([A-Za-z0-9_,\s-]*?)\s*(--.*)?$/.exec(line.slice(hash));
  if (!m) return undefined;
  const codes = m[1]!.split(',').map((c) => c.trim()).filter(Boolean);
  const rest = codes.filter((c) => c !== code);
  const meant = d.subjects?.[1];
  if (meant !== undefined) {
    // A misspelt code: write the one meant in its place.
    const from = lineStart + hash + m[0].indexOf(m[1]!);
    return toFix(locator, loc.file, `write \`${meant}\` for \`${code}\` in the allow`, [{ at: from, end: from + m[1]!.length, text: codes.map((c) => (c === code ? meant : c)).join(', ') }]);
  }
  if (rest.length > 0) {
    const from = lineStart + hash + m[0].indexOf(m[1]!);
    return toFix(locator, loc.file, `take \`${code}\` out of the allow`, [{ at: from, end: from + m[1]!.length, text: rest.join(', ') }]);
  }
  const before = line.slice(0, hash);
  const own = before.trim() === '';
  const splice = own
    ? { at: lineStart, end: Math.min(text.length, lineEnd + 1), text: '' }
    : { at: lineStart + before.trimEnd().length, end: lineStart + line.length, text: '' };
  return toFix(locator, loc.file, 'remove the allow', [splice]);
}

/** Attach `fixes` to the findings that have a safe one (in place). Needs `locator` ready. */
export function attachFixes(diagnostics: Diagnostic[], locator: Locator, compiled: Compiled | null, texts: ReadonlyMap<string, string>): Diagnostic[] {
  let entries: Map<string, Entry> | undefined;
  const byId = () => (entries ??= new Map((compiled?.entries ?? []).map((e) => [e.id, e])));
  for (const d of diagnostics) {
    if (d.fixes) continue;
    const fix = d.code === 'unused-allow' ? allowFix(d, locator, texts)
      : d.code === 'race' ? untieFix(d, locator, byId(), compiled?.plan.source.file)
      : GUESS.test(d.message) ? guessFix(d, locator) : undefined;
    if (fix) d.fixes = [fix];
  }
  return diagnostics;
}
