/**
 * A C parser for the Linux and Zephyr importers: tree-sitter's C grammar in WebAssembly
 * (web-tree-sitter with the `.wasm` that tree-sitter-c ships; nothing is built natively). Kernel
 * sources are full of attribute macros the grammar does not know (`__init`, `__ro_after_init`,
 * `__section(".x")`); they are blanked to spaces of the same length before parsing, so every
 * node keeps the line and column of the real file.
 */
import { createRequire } from 'node:module';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';

let ready: Promise<Parser> | null = null;

/** The parser, loaded once per process. */
export function loadCParser(): Promise<Parser> {
  ready ??= (async () => {
    await Parser.init();
    const wasm = createRequire(import.meta.url).resolve('tree-sitter-c/tree-sitter-c.wasm');
    const parser = new Parser();
    parser.setLanguage(await Language.load(wasm));
    return parser;
  })();
  return ready;
}

// Attribute-like macros of the Linux and Zephyr trees: a word alone, or a word with a
// parenthesised argument list. Blanking them keeps function definitions parseable.
const BARE = [
  '__init', '__exit', '__initdata', '__initconst', '__exitdata', '__ref', '__refdata', '__meminit',
  '__read_mostly', '__ro_after_init', '__maybe_unused', '__always_unused', '__always_inline',
  'noinline', '__cold', '__used', 'notrace', 'asmlinkage', '__visible', '__weak', '__noreturn',
  '__must_check', '__cpuinit', '__devinit', '__user', '__iomem', '__percpu', '__rcu', '__force',
  '__noinstr', 'noinstr', '__unused', 'ALWAYS_INLINE', 'FUNC_NORETURN', '__ramfunc', '__boot_func',
];
const WITH_ARGS = ['__section', '__aligned', '__attribute__', '__printf', '__alias', '__diag_ignore', '__cacheline_aligned_in_smp'];
const BARE_RE = new RegExp(String.raw`\b(?:${BARE.join('|')})\b`, 'g');
const ARGS_RE = new RegExp(String.raw`\b(?:${WITH_ARGS.join('|')})\b`, 'g');

/** The text with attribute macros replaced by spaces (same length, same line breaks). */
export function blankAttributes(text: string): string {
  let out = text.replace(BARE_RE, (m) => ' '.repeat(m.length));
  out = out.replace(ARGS_RE, (m) => ' '.repeat(m.length));
  // The argument list that followed a blanked WITH_ARGS word: blank balanced parentheses.
  const chars = out.split('');
  ARGS_RE.lastIndex = 0;
  for (let m = ARGS_RE.exec(text); m; m = ARGS_RE.exec(text)) {
    let i = m.index + m[0].length;
    while (i < chars.length && (chars[i] === ' ' || chars[i] === '\t')) i++;
    if (chars[i] !== '(') continue;
    let depth = 0;
    for (; i < chars.length; i++) {
      const ch = chars[i]!;
      if (ch === '(') depth++;
      else if (ch === ')') depth--;
      if (ch !== '\n') chars[i] = ' ';
      if (depth === 0) break;
      if (i - m.index > 4096) break; // an unbalanced list: leave the rest alone
    }
  }
  return chars.join('');
}

/** Parses a C file; the tree's rows are 0-based lines of the real file. */
export function parseC(parser: Parser, text: string): Tree | null {
  return parser.parse(blankAttributes(text));
}

/** The name a declarator declares (`foo` in `*foo(int)`, `(foo)(void)`, `foo[3]`). */
export function declaredName(node: Node | null): string | null {
  for (let n: Node | null = node, guard = 0; n && guard < 64; guard++) {
    if (n.type === 'identifier' || n.type === 'field_identifier') return n.text;
    n = n.childForFieldName('declarator') ?? n.namedChildren.find((c) => c !== null && c.type !== 'parameter_list') ?? null;
  }
  return null;
}
