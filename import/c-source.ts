/**
 * Just enough of C's lexical structure to find registration macros in source files: comments
 * and string contents blanked (offsets and line numbers kept), preprocessor directives read and
 * blanked (so a macro's own definition is never mistaken for a use), the `#if` context of every
 * line, and macro invocations with their arguments split at top-level commas. Not a
 * preprocessor: nothing is included and conditions are not evaluated.
 */

export interface MacroDefinition {
  name: string;
  /** Parameter names for a function-like macro, null for an object-like one. */
  params: string[] | null;
  body: string;
  file: string;
  line: number;
}

export interface CleanSource {
  /** The text with comments, string contents and directives replaced by spaces (newlines kept). */
  code: string;
  defines: MacroDefinition[];
  /** Offsets where each line starts, for offset → line. */
  lineStarts: number[];
  /** The `CONFIG_` conditions around each line (index = line − 1); undefined where there are none. */
  conditions: (string | undefined)[];
}

export interface Invocation {
  name: string;
  args: string[];
  /** Offset of the macro name. */
  offset: number;
  /** Offset just after the closing parenthesis. */
  end: number;
  line: number;
}

/** Blanks comments and string contents, reads directives. Linear in the text's length. */
export function cleanSource(text: string, file: string): CleanSource {
  const code = blankComments(text, false);
  const lineStarts = [0];
  for (let i = code.indexOf('\n'); i >= 0; i = code.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const defines: MacroDefinition[] = [];
  const conditions: (string | undefined)[] = new Array(lineStarts.length);
  const stack: string[] = [];
  const out: string[] = [];
  let last = 0;
  for (let l = 0; l < lineStarts.length; l++) {
    const start = lineStarts[l]!;
    const end = l + 1 < lineStarts.length ? lineStarts[l + 1]! - 1 : code.length;
    const relevant = stack.filter((c) => c.includes('CONFIG_'));
    if (relevant.length > 0) conditions[l] = relevant.join(' && ');
    let i = start;
    while (i < end && (code[i] === ' ' || code[i] === '\t')) i++;
    if (code[i] !== '#') continue;
    // A directive, with its backslash-continued lines.
    let stop = end;
    let l2 = l;
    while (code[stop - 1] === '\\' || (code[stop - 1] === '\r' && code[stop - 2] === '\\')) {
      if (l2 + 1 >= lineStarts.length) break;
      l2++;
      stop = l2 + 1 < lineStarts.length ? lineStarts[l2 + 1]! - 1 : code.length;
    }
    const directive = code.slice(i + 1, stop).replace(/\\\r?\n/g, ' ').trim();
    readDirective(directive, l + 1);
    out.push(code.slice(last, i), code.slice(i, stop).replace(/[^\n]/g, ' '));
    last = stop;
    for (let k = l + 1; k <= l2; k++) if (relevant.length > 0) conditions[k] = relevant.join(' && ');
    l = l2;
  }
  out.push(code.slice(last));
  return { code: out.join(''), defines, lineStarts, conditions };

  function readDirective(d: string, line: number): void {
    const m = /^(\w+)\s*([\s\S]*)$/.exec(d);
    if (!m) return;
    const [, keyword, rest] = m as unknown as [string, string, string];
    switch (keyword) {
      case 'define': {
        const def = /^([A-Za-z_]\w*)(\(([^)]*)\))?\s*([\s\S]*)$/.exec(rest);
        if (!def) return;
        const params = def[2] !== undefined ? def[3]!.split(',').map((p) => p.trim()).filter((p) => p !== '') : null;
        defines.push({ name: def[1]!, params, body: def[4]!.trim(), file, line });
        return;
      }
      case 'if': stack.push(rest.trim()); return;
      case 'ifdef': stack.push(rest.trim()); return;
      case 'ifndef': stack.push(`!${rest.trim()}`); return;
      case 'elif': if (stack.length > 0) stack[stack.length - 1] = rest.trim(); return;
      case 'else': if (stack.length > 0) stack[stack.length - 1] = `!(${stack[stack.length - 1]})`; return;
      case 'endif': stack.pop(); return;
      default: return;
    }
  }
}

/** 1-based line of an offset. */
export function lineOf(source: CleanSource, offset: number): number {
  let lo = 0;
  let hi = source.lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (source.lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/**
 * Finds invocations `NAME(args)` of the given macro names in cleaned code. Arguments are split
 * at top-level commas and trimmed; an invocation whose parentheses never close is skipped.
 */
export function findInvocations(source: CleanSource, names: ReadonlySet<string>, pattern: RegExp): Invocation[] {
  const found: Invocation[] = [];
  const code = source.code;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(code); m; m = pattern.exec(code)) {
    const name = m[1]!;
    if (!names.has(name)) continue;
    const open = m.index + m[0].length - 1; // the pattern ends at `(`
    const args = splitArguments(code, open);
    if (!args) continue;
    found.push({ name, args: args.args, offset: m.index, end: args.end, line: lineOf(source, m.index) });
    pattern.lastIndex = args.end;
  }
  return found;
}

/** Splits `( a, f(b, c), d )` starting at the `(`; null when it never closes (within 8 KiB). */
export function splitArguments(code: string, open: number): { args: string[]; end: number } | null {
  let depth = 0;
  let start = open + 1;
  const args: string[] = [];
  const limit = Math.min(code.length, open + 8192);
  for (let i = open; i < limit; i++) {
    const c = code.charCodeAt(i);
    if (c === 40 /* ( */ || c === 91 /* [ */ || c === 123 /* { */) depth++;
    else if (c === 41 /* ) */ || c === 93 /* ] */ || c === 125 /* } */) {
      depth--;
      if (depth === 0) {
        args.push(code.slice(start, i).trim());
        if (args.length === 1 && args[0] === '') args.length = 0;
        return { args, end: i + 1 };
      }
    } else if (c === 44 /* , */ && depth === 1) {
      args.push(code.slice(start, i).trim());
      start = i + 1;
    }
  }
  return null;
}

/** Replaces comments, and unless `keepStrings` the contents of string and character literals,
 * with spaces (newlines kept). */
export function blankComments(text: string, keepStrings: boolean): string {
  const parts: string[] = [];
  let last = 0;
  const n = text.length;
  const special = /\/\*|\/\/|["']/g;
  for (let m = special.exec(text); m; m = special.exec(text)) {
    const at = m.index;
    let end: number;
    if (m[0] === '/*') {
      const close = text.indexOf('*/', at + 2);
      end = close < 0 ? n : close + 2;
      parts.push(text.slice(last, at), blank(text.slice(at, end)));
    } else if (m[0] === '//') {
      let close = text.indexOf('\n', at);
      if (close < 0) close = n;
      end = close;
      parts.push(text.slice(last, at), blank(text.slice(at, end)));
    } else {
      const quote = m[0];
      let i = at + 1;
      while (i < n) {
        const c = text[i]!;
        if (c === '\\') i += 2;
        else if (c === quote || c === '\n') break;
        else i++;
      }
      end = Math.min(n, text[i] === quote ? i + 1 : i);
      if (keepStrings) parts.push(text.slice(last, end));
      else parts.push(text.slice(last, at + 1), blank(text.slice(at + 1, Math.max(at + 1, end - 1))), text.slice(Math.max(at + 1, end - 1), end));
    }
    last = end;
    special.lastIndex = end;
  }
  parts.push(text.slice(last));
  return parts.join('');
}

function blank(s: string): string {
  // Hot on license headers: repeat() instead of a per-character replace.
  if (!s.includes('\n')) return ' '.repeat(s.length);
  return s.split('\n').map((part) => ' '.repeat(part.length)).join('\n');
}
