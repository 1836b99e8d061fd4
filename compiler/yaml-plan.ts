/**
 * A YAML reader specialised to how plans are written: block mappings and sequences whose leaves
 * are one-line flow mappings and sequences, plain scalars and simply quoted scalars. It returns
 * exactly the value js-yaml's `load` (CORE_SCHEMA) returns for such a document, or `undefined`
 * when it is not sure — anchors, aliases, tags, block scalars, multi-line flow or plain scalars,
 * most escapes, directives and document markers, odd indentation, duplicate or forbidden keys,
 * tabs, CR, a BOM, control characters — and the caller then loads the whole
 * document with js-yaml. Plain scalars are resolved by js-yaml's own implicit types, so `yes`,
 * `0x1F`, `1e3`, `.inf` and `~` mean what they mean to js-yaml.
 *
 * Values it returns never hold aliases, keys that shadow object internals, or nesting deeper than
 * {@link MAX_NESTING}: the loader's safety walk has nothing to find in them.
 */
import jsYaml from 'js-yaml';
import { SpanTable } from './yaml-spans.js';

/** Collections nested deeper than this are left to js-yaml (and the loader's depth check). */
export const MAX_NESTING = 48;

interface ImplicitType {
  resolve(data: string): boolean;
  construct(data: string): unknown;
}

/** js-yaml's implicit scalar types for CORE_SCHEMA (null, bool, int, float), in its order. */
const IMPLICIT: ImplicitType[] | null = (() => {
  const list = (jsYaml.CORE_SCHEMA as unknown as { compiledImplicit?: unknown }).compiledImplicit;
  return Array.isArray(list) && list.every((t) => typeof t?.resolve === 'function' && typeof t?.construct === 'function') ? (list as ImplicitType[]) : null;
})();

/** Thrown inside the reader when the document leaves what it knows; caught at the top. */
const UNSURE: unique symbol = Symbol('unsure');

/** Printable ASCII and newlines: the usual plan, checked in one quick pass. */
const OUTSIDE_ASCII = /[^\n\x20-\x7e]/;
/**
 * Beyond ASCII: tabs, CR, other control characters, a BOM, NEL and the Unicode line separators,
 * non-characters and lone surrogates go to js-yaml, which has its own rules for each.
 */
const UNSURE_CHARACTER = /[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ud800-\udfff\ue000-\ufefe\uff00-\ufffd]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Double-quoted escapes read here; any other goes to js-yaml. */
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '"': '"', '\\': '\\', '/': '/' };

const SPACE = 32;
const NEWLINE = 10;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const COMMA = 44;
const QUOTE_SINGLE = 39;
const QUOTE_DOUBLE = 34;
const BRACKET_OPEN = 91;
const BRACKET_CLOSE = 93;
const BRACE_OPEN = 123;
const BRACE_CLOSE = 125;

/**
 * 1 for the ASCII characters that mean nothing inside a plain scalar or key: neither a space, a
 * newline, `#`, `:` nor a flow indicator. The scanning loops step over runs of them at once.
 */
const ORDINARY = new Uint8Array(128);
for (let c = 33; c < 127; c++) ORDINARY[c] = c === 35 || c === 58 || c === 44 || c === 91 || c === 93 || c === 123 || c === 125 ? 0 : 1;

const isFlowIndicator = (c: number): boolean => c === COMMA || c === BRACKET_OPEN || c === BRACKET_CLOSE || c === BRACE_OPEN || c === BRACE_CLOSE;
/** A space, a newline or the end of the text (NaN). */
const isBreakOrEnd = (c: number): boolean => c === SPACE || c === NEWLINE || c !== c;

/**
 * Characters that may not start a plain scalar here (js-yaml's list, plus `:` and `?`, which
 * start keys or values in ways this reader does not follow).
 */
function cannotStartPlain(c: number): boolean {
  return (
    c === SPACE || c === NEWLINE || c !== c || isFlowIndicator(c) ||
    c === HASH || c === 38 || c === 42 || c === 33 || c === 124 || c === 62 || // # & * ! | >
    c === QUOTE_SINGLE || c === QUOTE_DOUBLE || c === 37 || c === 64 || c === 96 || // ' " % @ `
    c === COLON || c === 63 // : ?
  );
}

/** Keys left to js-yaml: those that shadow object internals, `<<`, and a key said twice. */
function refused(map: object, key: string): boolean {
  return key === '__proto__' || key === 'constructor' || key === 'prototype' || key === '<<' || Object.prototype.hasOwnProperty.call(map, key);
}

/** A plain scalar's value, as js-yaml resolves it. */
function plainValue(raw: string): unknown {
  const c = raw.charCodeAt(0);
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 47) {
    // Only null and the booleans (at most five letters, from n N t T f F) resolve from a letter.
    if (raw.length > 5 || (c !== 110 && c !== 78 && c !== 116 && c !== 84 && c !== 102 && c !== 70)) return raw;
  } else if (c >= 49 && c <= 57 && raw.length <= 15) {
    let digits = true;
    for (let i = 1; i < raw.length && digits; i++) {
      const d = raw.charCodeAt(i);
      digits = d >= 48 && d <= 57;
    }
    if (digits) return Number(raw);
  }
  for (let t = 0; t < IMPLICIT!.length; t++) if (IMPLICIT![t]!.resolve(raw)) return IMPLICIT![t]!.construct(raw);
  return raw;
}

/**
 * The keys plans are written with, by length and first character. A key read as one of them is
 * that constant: no slice, no plain-scalar resolution, and an internalised string, so that
 * setting and testing the property does not look the key up in V8's string table first.
 */
const KNOWN_KEYS: Array<string[] | undefined> = [];
if (IMPLICIT !== null) for (const key of [
  'fn', 'level', 'prio', 'term', 'uses', 'provides', 'after', 'before', 'effects', 'cost', 'alloc', 'returns', 'note',
  'evidence', 'pinned', 'ordinal', 'exit', 'early', 'ctors', 'initcalls', 'init_array', 'main', 'libraries',
  'bootplan', 'name', 'profile', 'target', 'memory', 'cmdline', 'devices', 'mounts', 'include', 'initrd',
  'kind', 'tag', 'hostdir', 'dev', 'at', 'fs', 'opts', 'mount', 'from', 'size', 'rc', 'path', 'at', 'call', 'via', 'fact', 'effect',
]) {
  // Only keys that read as themselves (no null or boolean among them: a guard, not a filter).
  if (String(plainValue(key)) !== key) continue;
  const list = (KNOWN_KEYS[keySlot(key.length, key.charCodeAt(0))] ??= []);
  if (!list.includes(key)) list.push(key);
}

const MAX_KNOWN_KEY = 16;

function keySlot(length: number, first: number): number {
  return length * 128 + first;
}

/** The known key that `text[start, end)` spells, or null. */
export function knownKey(text: string, start: number, end: number): string | null {
  const length = end - start;
  if (length > MAX_KNOWN_KEY) return null;
  const list = KNOWN_KEYS[keySlot(length, text.charCodeAt(start))];
  if (list === undefined) return null;
  for (let k = 0; k < list.length; k++) {
    const key = list[k]!;
    let i = 1;
    while (i < length && key.charCodeAt(i) === text.charCodeAt(start + i)) i++;
    if (i === length) return key;
  }
  return null;
}

/** A key written plain at `text[start, end)`, as js-yaml reads it. */
function plainKey(text: string, start: number, end: number): string {
  return knownKey(text, start, end) ?? String(plainValue(text.slice(start, end)));
}

/**
 * A plain scalar at `text[start, end)`: single digits and other decimal integers (the priorities,
 * levels and numbers of a plan) without a slice, anything else by {@link plainValue}.
 */
function plainAt(text: string, start: number, end: number): unknown {
  const c = text.charCodeAt(start);
  if (c >= 48 && c <= 57) {
    if (end - start === 1) return c - 48;
    if (c !== 48 && end - start <= 15) {
      let n = c - 48;
      for (let i = start + 1; i < end; i++) {
        const d = text.charCodeAt(i);
        if (d < 48 || d > 57) return plainValue(text.slice(start, end));
        n = n * 10 + (d - 48);
      }
      return n;
    }
  }
  return plainValue(text.slice(start, end));
}

class Reader {
  private pos = 0;
  private depth = 0;
  private readonly length: number;
  /** Where the last inline value ended (before any comment). */
  private valueEnd = 0;
  /** Where the last key {@link readKey} read ends: after its last character, and its `:`. */
  private keyClose = -1;
  private colon = -1;
  /** With a table: the children's spans of the collections being read, as a stack of pairs. */
  private readonly scratch: number[] = [];
  /**
   * The items of the sequences being read, as a stack (`itemsTop` is its height): a list is
   * made once its length is known, with room for exactly its items. An empty array grown by
   * `push` gets room for 17 (136 bytes where a plan's lists of two or three names need 24), kept
   * for as long as the plan is: at 100,000 entries, 24 MB of the heap.
   */
  private readonly items: unknown[] = [];
  private itemsTop = 0;
  rootSpan = { open: 0, close: 0 };

  constructor(private readonly text: string, private readonly table: SpanTable | null) {
    this.length = text.length;
  }

  document(): unknown {
    const indent = this.nextLine();
    if (indent !== 0) throw UNSURE;
    const open = this.pos;
    const value = this.block(0, true);
    this.rootSpan = { open, close: this.pos };
    if (this.nextLine() !== -1) throw UNSURE;
    return value;
  }

  /**
   * The next item of the sequence being read. Called once the item is read: a sequence nested in
   * it has used the stack above `itemsTop` and left it as it was.
   */
  private keep(value: unknown): void {
    this.items[this.itemsTop++] = value;
  }

  /** The items kept since the stack's height was `base`, as a list; the stack is back at `base`. */
  private take(base: number): unknown[] {
    // `slice` allocates exactly the items it copies.
    const list = this.items.slice(base, this.itemsTop);
    this.itemsTop = base;
    return list;
  }

  /** A child of the collection being read spans [open, close). */
  private note(open: number, close: number): void {
    if (this.table) this.scratch.push(open, close);
  }

  /** The collection starting at `start` is read: its children are the pairs from `mark` on. */
  private done<T extends object>(node: T, start: number, mark: number): T {
    if (this.table) {
      this.table.add(node, start, this.scratch, mark, this.scratch.length);
      this.scratch.length = mark;
    }
    return node;
  }

  /**
   * From the start of a line: skip blank and comment-only lines; leaves `pos` at the start of
   * the next line with content and returns its indentation, or -1 at the end of the text.
   */
  private nextLine(): number {
    const { text, length } = this;
    let start = this.pos;
    for (;;) {
      let i = start;
      while (text.charCodeAt(i) === SPACE) i++;
      if (i >= length) {
        this.pos = length;
        return -1;
      }
      const c = text.charCodeAt(i);
      if (c === NEWLINE) start = i + 1;
      else if (c === HASH) {
        const end = text.indexOf('\n', i);
        if (end < 0) {
          this.pos = length;
          return -1;
        }
        start = end + 1;
      } else {
        // `---` and `...` at the start of a line: document markers (js-yaml takes `---:` as one too).
        if (i === start && (c === DASH || c === 46) && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c) throw UNSURE;
        this.pos = start;
        return i - start;
      }
    }
  }

  /**
   * The block collection whose first line (at `indent`) starts at `pos`; at the top of the
   * document, also a one-line flow collection or scalar.
   */
  private block(indent: number, top = false): unknown {
    if (++this.depth > MAX_NESTING) throw UNSURE;
    const at = this.pos + indent;
    const c = this.text.charCodeAt(at);
    let value: unknown;
    if (c === DASH && isBreakOrEnd(this.text.charCodeAt(at + 1))) value = this.sequence(indent);
    else if (this.readKey(at) !== null) value = this.mapping(indent, at);
    else if (top) value = this.inlineValue(at);
    else throw UNSURE;
    this.depth--;
    return value;
  }

  /** The first offset from `at` that is not a space. */
  private spacesFrom(at: number): number {
    while (this.text.charCodeAt(at) === SPACE) at++;
    return at;
  }

  /**
   * Whether the line holds nothing more from `at` (the first non-space after an indicator that
   * ends at `after`) but maybe a comment; if so, `pos` moves to the next line.
   */
  private nothingFrom(at: number, after: number): boolean {
    const c = this.text.charCodeAt(at);
    if (!(c === NEWLINE || at >= this.length || (c === HASH && at > after))) return false;
    const end = this.text.indexOf('\n', at);
    this.pos = end < 0 ? this.length : end + 1;
    return true;
  }

  /** Skip spaces, then a comment, to the end of the line; `pos` after its newline. Anything else: unsure. */
  private endOfLine(from: number): void {
    const { text } = this;
    let i = from;
    while (text.charCodeAt(i) === SPACE) i++;
    const c = text.charCodeAt(i);
    if (c === HASH && i > from) i = text.indexOf('\n', i);
    else if (c !== NEWLINE && i < this.length) throw UNSURE;
    this.pos = i < 0 || i >= this.length ? this.length : i + 1;
  }

  /** A block sequence at `indent`; `pos` at the start of its first item's line. */
  private sequence(indent: number): unknown[] {
    const { text } = this;
    const base = this.itemsTop;
    const start = this.pos + indent;
    const mark = this.scratch.length;
    for (;;) {
      const dash = this.pos + indent;
      if (text.charCodeAt(dash) !== DASH || !isBreakOrEnd(text.charCodeAt(dash + 1))) return this.done(this.take(base), start, mark);
      const at = this.spacesFrom(dash + 1);
      const c = text.charCodeAt(at);
      if (this.nothingFrom(at, dash + 1)) {
        // `-` alone: the item is the block below it.
        const next = this.nextLine();
        // An empty item: js-yaml has quirks there (the next line's `- x` can join this sequence).
        if (next <= indent) throw UNSURE;
        const open = this.pos + next;
        this.keep(this.block(next));
        this.note(open, this.pos);
      } else if (c === DASH && isBreakOrEnd(text.charCodeAt(at + 1))) {
        throw UNSURE; // - - nested compact sequence
      } else if (c === BRACE_OPEN || c === BRACKET_OPEN) {
        this.keep(this.inlineValue(at));
        this.note(at, this.valueEnd);
        if (this.nextLine() > indent) throw UNSURE;
      } else {
        if (this.readKey(at) !== null) {
          // - key: value — a mapping that starts on the item's line, at the key's column.
          const column = at - (text.lastIndexOf('\n', at - 1) + 1);
          if (++this.depth > MAX_NESTING) throw UNSURE;
          this.keep(this.mapping(column, at));
          this.note(at, this.pos);
          this.depth--;
        } else {
          this.keep(this.inlineValue(at));
          this.note(at, this.valueEnd);
          if (this.nextLine() > indent) throw UNSURE;
        }
      }
      const next = this.nextLine();
      if (next < indent) return this.done(this.take(base), start, mark);
      if (next > indent) throw UNSURE;
    }
  }

  /**
   * The key starting at `at` (its `:` in `colon`), or null when the line holds no key there.
   * Keys are plain or quoted, on one line, followed by `: ` or `:` at the end of the line.
   */
  private readKey(at: number): string | null {
    const { text } = this;
    const c = text.charCodeAt(at);
    if (c === QUOTE_SINGLE || c === QUOTE_DOUBLE) {
      const pos = this.pos;
      this.pos = at;
      const key = this.quoted();
      let i = this.pos;
      this.pos = pos;
      const close = i;
      while (text.charCodeAt(i) === SPACE) i++;
      if (text.charCodeAt(i) !== COLON || !isBreakOrEnd(text.charCodeAt(i + 1))) return null;
      this.colon = i;
      this.keyClose = close;
      return key;
    }
    if (cannotStartPlain(c) || (c === DASH && isBreakOrEnd(text.charCodeAt(at + 1)))) return null;
    for (let i = at + 1; i < this.length; i++) {
      const d = text.charCodeAt(i);
      if (d < 128 && ORDINARY[d] === 1) continue;
      if (d === NEWLINE) return null;
      if (d === HASH && text.charCodeAt(i - 1) === SPACE) return null;
      if (d === COLON && isBreakOrEnd(text.charCodeAt(i + 1))) {
        let end = i;
        while (text.charCodeAt(end - 1) === SPACE) end--;
        if (end - at > 1024) throw UNSURE;
        this.colon = i;
        this.keyClose = end;
        return plainKey(text, at, end);
      }
    }
    return null;
  }

  /** A block mapping at column `indent` whose first key starts at `at`. */
  private mapping(indent: number, at: number): Record<string, unknown> {
    const { text } = this;
    const map: Record<string, unknown> = {};
    const mark = this.scratch.length;
    let keyAt = at;
    for (;;) {
      const key = this.readKey(keyAt);
      if (key === null) throw UNSURE;
      const colon = this.colon;
      this.note(keyAt, this.keyClose);
      if (refused(map, key)) throw UNSURE;
      const v = this.spacesFrom(colon + 1);
      if (this.nothingFrom(v, colon + 1)) {
        const next = this.nextLine();
        if (next > indent) {
          const open = this.pos + next;
          map[key] = this.block(next);
          this.note(open, this.pos);
        } else if (next === indent && text.charCodeAt(this.pos + indent) === DASH && isBreakOrEnd(text.charCodeAt(this.pos + indent + 1))) {
          // key:\n- item — a sequence at the key's own indentation.
          if (++this.depth > MAX_NESTING) throw UNSURE;
          const open = this.pos + indent;
          map[key] = this.sequence(indent);
          this.note(open, this.pos);
          this.depth--;
        } else {
          map[key] = null;
          this.note(v, v);
        }
      } else {
        map[key] = this.inlineValue(v);
        this.note(v, this.valueEnd);
        if (this.nextLine() > indent) throw UNSURE; // a plain scalar going on, or bad indentation
      }
      const next = this.nextLine();
      if (next < indent) return this.done(map, at, mark);
      if (next > indent) throw UNSURE;
      keyAt = this.pos + indent;
    }
  }

  /** A value that starts at `at` and ends on its line (a flow collection, a quoted or plain scalar). */
  private inlineValue(at: number): unknown {
    const { text } = this;
    const c = text.charCodeAt(at);
    let value: unknown;
    let end: number;
    if (c === BRACE_OPEN || c === BRACKET_OPEN) {
      this.pos = at;
      value = this.flow();
      end = this.pos;
    } else if (c === QUOTE_SINGLE || c === QUOTE_DOUBLE) {
      this.pos = at;
      value = this.quoted();
      end = this.pos;
    } else {
      if (cannotStartPlain(c) || (c === DASH && isBreakOrEnd(text.charCodeAt(at + 1)))) throw UNSURE;
      let i = at + 1;
      let last = i;
      for (; i < this.length; i++) {
        const d = text.charCodeAt(i);
        if (d < 128 && ORDINARY[d] === 1) {
          last = i + 1;
          continue;
        }
        if (d === NEWLINE) break;
        if (d === HASH && text.charCodeAt(i - 1) === SPACE) break;
        if (d === COLON && isBreakOrEnd(text.charCodeAt(i + 1))) throw UNSURE;
        if (d !== SPACE) last = i + 1;
      }
      value = plainAt(text, at, last);
      end = last;
    }
    this.valueEnd = end;
    this.endOfLine(end);
    return value;
  }

  /** A one-line flow collection at `pos`; `pos` ends after its closing bracket. */
  private flow(): unknown {
    if (++this.depth > MAX_NESTING) throw UNSURE;
    const { text } = this;
    const mapping = text.charCodeAt(this.pos) === BRACE_OPEN;
    const close = mapping ? BRACE_CLOSE : BRACKET_CLOSE;
    // Only the mapping being read is made: this runs for every entry and every list in it.
    const map: Record<string, unknown> = mapping ? {} : (null as never);
    const base = this.itemsTop;
    const start = this.pos;
    const mark = this.scratch.length;
    this.pos++;
    this.skipSpaces();
    if (text.charCodeAt(this.pos) === close) {
      this.pos++;
      this.depth--;
      return this.done(mapping ? map : [], start, mark);
    }
    for (;;) {
      if (mapping) {
        const keyAt = this.pos;
        if (cannotStartPlain(text.charCodeAt(keyAt)) || text.charCodeAt(keyAt) === DASH) throw UNSURE;
        let i = keyAt + 1;
        let last = i;
        for (;; i++) {
          const d = text.charCodeAt(i);
          if (d < 128 && ORDINARY[d] === 1) {
            last = i + 1;
            continue;
          }
          if (d === COLON) {
            if (text.charCodeAt(i + 1) === SPACE) break;
            if (isBreakOrEnd(text.charCodeAt(i + 1)) || isFlowIndicator(text.charCodeAt(i + 1))) throw UNSURE;
          } else if (d === NEWLINE || d !== d || isFlowIndicator(d) || (d === HASH && text.charCodeAt(i - 1) === SPACE)) throw UNSURE;
          if (d !== SPACE) last = i + 1;
        }
        const key = plainKey(text, keyAt, last);
        if (refused(map, key)) throw UNSURE;
        this.note(keyAt, last);
        this.pos = i + 2;
        this.skipSpaces();
        const open = this.pos;
        map[key] = this.flowValue();
        this.note(open, this.pos);
      } else {
        const open = this.pos;
        this.keep(this.flowValue());
        this.note(open, this.pos);
      }
      this.skipSpaces();
      const c = text.charCodeAt(this.pos++);
      if (c === close) break;
      if (c !== COMMA) throw UNSURE;
      this.skipSpaces();
      if (text.charCodeAt(this.pos) === close) throw UNSURE; // a trailing comma
    }
    this.depth--;
    if (mapping) return this.done(map, start, mark);
    return this.done(this.take(base), start, mark);
  }

  private skipSpaces(): void {
    while (this.text.charCodeAt(this.pos) === SPACE) this.pos++;
  }

  /** A value inside a flow collection at `pos`. */
  private flowValue(): unknown {
    const { text } = this;
    const c = text.charCodeAt(this.pos);
    if (c === BRACE_OPEN || c === BRACKET_OPEN) return this.flow();
    if (c === QUOTE_SINGLE || c === QUOTE_DOUBLE) {
      const value = this.quoted();
      // A quoted key of a single-pair mapping (`['a': b]`) or a comment: js-yaml's business.
      this.skipSpaces();
      if (text.charCodeAt(this.pos) === COLON) throw UNSURE;
      return value;
    }
    if (cannotStartPlain(c) || (c === DASH && (text.charCodeAt(this.pos + 1) === SPACE || isFlowIndicator(text.charCodeAt(this.pos + 1))))) throw UNSURE;
    const start = this.pos;
    let i = start + 1;
    let last = i;
    for (;; i++) {
      const d = text.charCodeAt(i);
      if (d < 128 && ORDINARY[d] === 1) {
        last = i + 1;
        continue;
      }
      if (isFlowIndicator(d)) break;
      if (d === NEWLINE || d !== d || (d === HASH && text.charCodeAt(i - 1) === SPACE)) throw UNSURE;
      if (d === COLON && (isBreakOrEnd(text.charCodeAt(i + 1)) || isFlowIndicator(text.charCodeAt(i + 1)))) throw UNSURE;
      if (d !== SPACE) last = i + 1;
    }
    this.pos = last;
    return plainAt(text, start, last);
  }

  /** A quoted scalar on one line at `pos` ('' escapes a single quote; a few escapes in double quotes). */
  private quoted(): string {
    const { text } = this;
    const quote = text.charCodeAt(this.pos);
    const start = this.pos + 1;
    let value = '';
    let from = start;
    for (let i = start; ; i++) {
      const d = text.charCodeAt(i);
      if (d === NEWLINE || d !== d) throw UNSURE;
      if (d === 92 && quote === QUOTE_DOUBLE) {
        const escaped = ESCAPES[text[i + 1]!];
        if (escaped === undefined) throw UNSURE;
        value += text.slice(from, i) + escaped;
        from = i + 2;
        i++;
        continue;
      }
      if (d !== quote) continue;
      if (quote === QUOTE_SINGLE && text.charCodeAt(i + 1) === QUOTE_SINGLE) {
        value += text.slice(from, i + 1);
        from = i + 2;
        i++;
        continue;
      }
      value += text.slice(from, i);
      this.pos = i + 1;
      return value;
    }
  }
}

/**
 * The value js-yaml (CORE_SCHEMA) loads from `text`, read by the specialised reader; `undefined`
 * when the reader is not sure, and the caller must ask js-yaml.
 */
export function readPlanYaml(text: string): unknown {
  return read(text, null)?.value;
}

/**
 * What {@link readPlanYaml} reads, with where each collection and each child of one is: every
 * collection of the value is in `table`, and the document's own span in `rootSpan`. Undefined
 * when unsure.
 */
export function readPlanYamlSpans(text: string): { value: unknown; table: SpanTable; rootSpan: { open: number; close: number } } | undefined {
  const table = new SpanTable();
  const read_ = read(text, table);
  return read_ && { value: read_.value, table, rootSpan: read_.rootSpan };
}

function read(text: string, table: SpanTable | null): { value: unknown; rootSpan: { open: number; close: number } } | undefined {
  if (IMPLICIT === null || text.length === 0 || (OUTSIDE_ASCII.test(text) && UNSURE_CHARACTER.test(text))) return undefined;
  try {
    const reader = new Reader(text, table);
    const value = reader.document();
    return { value, rootSpan: reader.rootSpan };
  } catch (err) {
    if (err === UNSURE) return undefined;
    throw err;
  }
}
