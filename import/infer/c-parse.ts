/**
 * C files → the functions they define and the calls inside each, with file:line, through
 * tree-sitter's C grammar (web-tree-sitter + the `.wasm` tree-sitter-c ships: no native build).
 * The grammar is loaded lazily, once per process. Only what inference needs is kept: a function's
 * name, whether it is `static`, where it is, the calls in its body, the local names and fields it
 * assigns function names to (for calls through pointers), and the string literals passed to the
 * calls the caller asks about.
 */
import { createRequire } from 'node:module';
import { Language, Parser, Query, type Node } from 'web-tree-sitter';

export interface CallSite {
  /** `name`: `f(...)`; `field`: `x->op(...)` / `x.op(...)` (callee = the field); `other`: anything else. */
  kind: 'name' | 'field' | 'other';
  /** The identifier or field name; for `other` the callee's text (trimmed to 60 characters). */
  callee: string;
  line: number;
  column: number;
  /** Argument i's value when it is a plain string literal, else null; only for calls `wantLiterals` accepts. */
  literals?: (string | null)[];
}

export interface FunctionDefinition {
  name: string;
  file: string;
  line: number;
  isStatic: boolean;
  /** Other names the build gives the same code (`uk_syscall_r_mkdir` for a syscall's `mkdir`). */
  aliases?: string[];
  /** Inside an `#if`/`#ifdef` branch as the file was given (alternatives may define it twice). */
  conditional: boolean;
  calls: CallSite[];
  /** Parameters and local variables: a call to one of these is a call through a pointer. */
  locals: Set<string>;
  /** `v:<name>` (a local or parameter) or `f:<field>` → function names assigned to it in this body. */
  assigned: Map<string, string[]>;
}

export interface ParsedFile {
  path: string;
  functions: FunctionDefinition[];
  /** tree-sitter ERROR and MISSING nodes: how many, and the first one's place. */
  errors: number;
  firstError?: { line: number; column: number };
  /** Why the file was not parsed at all. */
  skipped?: string;
}

const QUERY = `
(function_definition) @function
(call_expression) @call
(assignment_expression) @assign
(init_declarator) @init
(initializer_pair) @pair
(declaration) @declaration
(ERROR) @error
(MISSING) @missing
`;

interface Grammar {
  parser: Parser;
  query: Query;
}

let grammar: Promise<Grammar> | null = null;

/** The parser and the query, loaded on first use. */
export function loadGrammar(): Promise<Grammar> {
  grammar ??= (async () => {
    await Parser.init();
    const wasm = createRequire(import.meta.url).resolve('tree-sitter-c/tree-sitter-c.wasm');
    const language = await Language.load(wasm);
    const parser = new Parser();
    parser.setLanguage(language);
    return { parser, query: new Query(language, QUERY) };
  })();
  return grammar;
}

/** Real C nests a few dozen levels; tree-sitter's query cursor slows down sharply past thousands. */
export const MAX_NESTING = 1000;

/** Parses one file. Never throws for any text; a file nested deeper than `MAX_NESTING` is not parsed. */
export function parseFile(g: Grammar, path: string, text: string, wantLiterals: (callee: string) => boolean): ParsedFile {
  const deep = nestingBeyond(text, MAX_NESTING);
  if (deep) return { path, functions: [], errors: 1, firstError: deep, skipped: `brackets nest deeper than ${MAX_NESTING} levels` };
  const prepared = prepareText(text);
  const tree = g.parser.parse(prepared.text);
  if (!tree) return { path, functions: [], errors: 1, firstError: { line: 1, column: 1 } };
  try {
    const parsed = readTree(g.query, tree.rootNode, path, wantLiterals);
    for (const fn of parsed.functions) if (prepared.syscalls.has(fn.name)) fn.aliases = [`uk_syscall_r_${fn.name}`, `uk_syscall_e_${fn.name}`];
    return parsed;
  } finally {
    tree.delete();
  }
}

// Attribute and annotation macros the grammar cannot know (`int f(void *arg __unused)`,
// `static int __init foo_init(void)`, `const char __user *p`): blanked. Unikraft, Linux, Zephyr.
const ATTRIBUTES = new RegExp(String.raw`\b(?:${[
  '__unused', '__maybe_unused', '__used', '__noreturn', '__weak', '__packed', '__naked', '__hidden', '__nonnull',
  '__returns_nonnull', '__must_check', '__noinline', '__always_inline', '__constructor', '__destructor', '__pure',
  '__const_func', '__fallthrough', '__restrict', '__uk_tls', '__uk_single_byte', '__check_result',
  '__init', '__exit', '__initdata', '__exitdata', '__initconst', '__ref', '__refdata', '__meminit', '__cold', '__hot',
  '__sched', '__visible', 'asmlinkage', 'notrace', 'noinline', '__init_or_module', '__user', '__iomem', '__rcu',
  '__percpu', '__force', '__kernel', '__nocast', '__safe', '__ro_after_init', '__read_mostly', 'noinstr',
  '__noinit', 'ALWAYS_INLINE', 'FUNC_NORETURN', '__syscall', '__boot_func', '__pinned_func', '__isr', 'ZTEST_BMEM',
].join('|')})\b`, 'g');
// A type as a macro argument (`__containerof(p, struct dev, list)`, `DECONST(char *, s)`): read
// as a name of the same length.
const TYPE_ARGUMENT = /([,(][ \t\r\n]*)((?:const[ \t]+)?(?:(?:struct|union|enum)[ \t]+[A-Za-z_]\w*|(?:unsigned[ \t]+|signed[ \t]+)?(?:char|short|int|long|void|size_t|ssize_t|uintptr_t|intmax_t|u?int(?:8|16|32|64)_t|__[us](?:8|16|32|64)|__sz|__ssz|__off|__nsec))(?:[ \t]*\*+)?(?:[ \t]*const\b)?)(?=[ \t]*[,)])/g;
// Loop macros used as statements (`uk_list_for_each_entry(p, &l, list) {`): read as `while (...)`.
const LOOP_MACRO = /\b[A-Za-z_]\w*(?:for_each|foreach|FOREACH|FOR_EACH)\w*\s*\(/g;
// `UK_SYSCALL_R_DEFINE(int, mkdir, const char *, path, mode_t, mode) {`: a definition of `mkdir`.
const SYSCALL_DEFINE = /^[ \t]*(UK_(?:LL)?SYSCALL_(?:R_)?DEFINE)[ \t]*\(/gm;
// Linux: `SYSCALL_DEFINE2(mkdir, const char __user *, pathname, umode_t, mode) {`: `sys_mkdir`.
const LINUX_SYSCALL_DEFINE = /^[ \t]*(?:COMPAT_)?SYSCALL_DEFINE[0-6][ \t]*\(/gm;

export interface PreparedText {
  text: string;
  /** Functions defined through Unikraft's `UK_SYSCALL_*DEFINE` (also known as `uk_syscall_[er]_<name>`);
   * Linux's `SYSCALL_DEFINEn(name, ...)` is read as `sys_<name>`. */
  syscalls: Set<string>;
}

/**
 * The text the grammar reads: `#define`/`#undef`/`#error`/`#pragma` lines blanked (a macro body is
 * not C), attribute macros blanked, type arguments of macros read as names, loop macros wrapped in
 * `while (...)`, and syscall definitions written as the functions they define. Line numbers are
 * kept; columns after a rewritten macro may shift by a few characters.
 */
export function prepareText(source: string): PreparedText {
  let out = source.replace(/^[ \t]*#[ \t]*(?:define|undef|error|warning|pragma)\b(?:[^\n]*\\\r?\n)*[^\n]*/gm, (m) => m.replace(/[^\n]/g, ' '));
  out = out.replace(ATTRIBUTES, (m) => ' '.repeat(m.length));
  const syscalls = new Set<string>();
  out = rewriteCalls(out, SYSCALL_DEFINE, (m, inner) => {
    const args = splitTopLevel(inner);
    if (args.length < 2 || args.length % 2 !== 0 || !/^\s*[A-Za-z_]\w*\s*$/.test(args[1]!)) return null;
    const name = args[1]!.trim();
    syscalls.add(name);
    const params: string[] = [];
    for (let i = 2; i < args.length; i += 2) params.push(`${args[i]!.trim()} ${args[i + 1]!.trim()}`);
    const text = `${args[0]!.trim()} ${name}(${params.length > 0 ? params.join(', ') : 'void'})`;
    return `${m.replace(/\S[\s\S]*/, '')}${text}${'\n'.repeat(newlines(inner))}`;
  });
  out = rewriteCalls(out, LINUX_SYSCALL_DEFINE, (m, inner) => {
    const args = splitTopLevel(inner);
    if (args.length % 2 !== 1 || !/^\s*[A-Za-z_]\w*\s*$/.test(args[0]!)) return null;
    const name = `sys_${args[0]!.trim()}`;
    const params: string[] = [];
    for (let i = 1; i < args.length; i += 2) params.push(`${args[i]!.trim()} ${args[i + 1]!.trim()}`);
    return `${m.replace(/\S[\s\S]*/, '')}long ${name}(${params.length > 0 ? params.join(', ') : 'void'})${'\n'.repeat(newlines(inner))}`;
  });
  out = out.replace(TYPE_ARGUMENT, (_m, before: string, type: string) => `${before}${type.includes('\n') ? type : `t${'_'.repeat(type.length - 1)}`}`);
  out = rewriteCalls(out, LOOP_MACRO, (m, inner, next) => (/[{A-Za-z_]/.test(next) ? `while (${m}${inner}))` : null));
  return { text: out, syscalls };
}

/**
 * Replaces `NAME(inner)` where `pattern` matches `NAME(`: `replace(head, inner, next)` gets the
 * matched head, the text between the parentheses, and the first non-space character after them;
 * returning null keeps the text.
 */
function rewriteCalls(text: string, pattern: RegExp, replace: (head: string, inner: string, next: string) => string | null): string {
  pattern.lastIndex = 0;
  if (!pattern.test(text)) return text;
  pattern.lastIndex = 0;
  const parts: string[] = [];
  let last = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const open = m.index + m[0].length - 1;
    const close = matchingParen(text, open);
    if (close < 0) continue;
    let next = close + 1;
    while (next < text.length && /\s/.test(text[next]!)) next++;
    const replaced = replace(m[0], text.slice(open + 1, close), text[next] ?? '');
    if (replaced === null) continue;
    parts.push(text.slice(last, m.index), replaced);
    last = close + 1;
    pattern.lastIndex = close + 1;
  }
  parts.push(text.slice(last));
  return parts.join('');
}

function splitTopLevel(inner: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      out.push(inner.slice(start, i));
      start = i + 1;
    }
  }
  out.push(inner.slice(start));
  return out;
}

function newlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Where `(`/`[`/`{` first nest deeper than `limit`, or null. */
function nestingBeyond(text: string, limit: number): { line: number; column: number } | null {
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      lineStart = i + 1;
    } else if (c === 40 || c === 91 || c === 123) {
      if (++depth > limit) return { line, column: i - lineStart + 1 };
    } else if ((c === 41 || c === 93 || c === 125) && depth > 0) depth--;
  }
  return null;
}

function matchingParen(text: string, open: number): number {
  let depth = 0;
  const limit = Math.min(text.length, open + 4096);
  for (let i = open; i < limit; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
    else if (c === ';' || c === '{' || c === '}') return -1;
  }
  return -1;
}

function readTree(query: Query, root: Node, path: string, wantLiterals: (callee: string) => boolean): ParsedFile {
  const functions: FunctionDefinition[] = [];
  let errors = 0;
  let firstError: { line: number; column: number } | undefined;
  let current: FunctionDefinition | null = null;
  let currentEnd = -1;
  for (const { name, node } of query.captures(root)) {
    if (name === 'error' || name === 'missing') {
      errors++;
      firstError ??= { line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
      continue;
    }
    if (current && node.startIndex >= currentEnd) current = null;
    switch (name) {
      case 'function': {
        const fn = readFunction(node, path);
        if (fn) {
          functions.push(fn);
          current = fn;
          currentEnd = node.endIndex;
        }
        break;
      }
      case 'call': {
        const callee = node.childForFieldName('function');
        const args = node.childForFieldName('arguments');
        if (current && callee && args) current.calls.push(readCall(callee, args, wantLiterals));
        break;
      }
      case 'assign':
      case 'init': {
        const left = node.childForFieldName(name === 'assign' ? 'left' : 'declarator');
        const right = node.childForFieldName(name === 'assign' ? 'right' : 'value');
        if (!current || !left || !right) break;
        const target = assignmentTarget(left);
        const fn = functionName(right);
        if (target && fn) push(current.assigned, target, fn);
        break;
      }
      case 'pair': {
        if (!current) break;
        const designators = node.childrenForFieldName('designator');
        const last = designators[designators.length - 1];
        const field = last?.type === 'field_designator' ? last.namedChild(0)?.text : undefined;
        const value = node.childForFieldName('value');
        const fn = value ? functionName(value) : null;
        if (field && fn) push(current.assigned, `f:${field}`, fn);
        break;
      }
      case 'declaration': {
        if (!current) break;
        for (const d of node.childrenForFieldName('declarator')) {
          const id = d ? declaredName(d) : null;
          if (id) current.locals.add(id);
        }
        break;
      }
      default: break;
    }
  }
  return { path, functions, errors, ...(firstError ? { firstError } : {}) };
}

function readFunction(node: Node, file: string): FunctionDefinition | null {
  const declarator = node.childForFieldName('declarator');
  let d: Node | null = declarator;
  while (d && d.type !== 'function_declarator') d = d.childForFieldName('declarator');
  const id = d?.childForFieldName('declarator');
  if (!d || !id || id.type !== 'identifier') return null;
  const locals = new Set<string>();
  for (const p of d.childForFieldName('parameters')?.namedChildren ?? []) {
    const pd = p?.childForFieldName('declarator');
    const pname = pd ? declaredName(pd) : null;
    if (pname) locals.add(pname);
  }
  let isStatic = false;
  for (const c of node.namedChildren) if (c?.type === 'storage_class_specifier' && c.text === 'static') isStatic = true;
  let conditional = false;
  for (let p = node.parent; p; p = p.parent) {
    if (p.type.startsWith('preproc_if') || p.type === 'preproc_else' || p.type === 'preproc_elif' || p.type === 'preproc_elifdef') {
      conditional = true;
      break;
    }
  }
  return { name: id.text, file, line: node.startPosition.row + 1, isStatic, conditional, calls: [], locals, assigned: new Map() };
}

function readCall(callee: Node, args: Node, wantLiterals: (callee: string) => boolean): CallSite {
  const line = callee.startPosition.row + 1;
  const column = callee.startPosition.column + 1;
  let c = callee;
  while (c.type === 'parenthesized_expression' || (c.type === 'pointer_expression' && c.child(0)?.type === '*')) {
    const inner: Node | null = c.type === 'pointer_expression' ? c.childForFieldName('argument') : c.namedChild(0);
    if (!inner) break;
    c = inner;
  }
  if (c.type === 'identifier') {
    const site: CallSite = { kind: 'name', callee: c.text, line, column };
    if (wantLiterals(c.text)) site.literals = args.namedChildren.map((a) => (a ? stringLiteral(a) : null));
    return site;
  }
  if (c.type === 'field_expression') {
    const field = c.childForFieldName('field');
    if (field) return { kind: 'field', callee: field.text, line, column };
  }
  return { kind: 'other', callee: c.text.replace(/\s+/g, ' ').slice(0, 60), line, column };
}

/** `v:name` for a plain variable, `f:field` for `x.field` / `x->field`. */
function assignmentTarget(left: Node): string | null {
  let l = left;
  // `int (*fp)(void) = f;`: the declarator wraps the name.
  while (l.type === 'function_declarator' || l.type === 'parenthesized_declarator' || l.type === 'pointer_declarator') {
    const inner: Node | null = l.childForFieldName('declarator') ?? l.namedChild(0);
    if (!inner) return null;
    l = inner;
  }
  if (l.type === 'identifier') return `v:${l.text}`;
  if (l.type === 'field_expression') {
    const field = l.childForFieldName('field');
    return field ? `f:${field.text}` : null;
  }
  return null;
}

/** The function a value names: `f`, `&f`, `(cast) f`; otherwise null. */
function functionName(value: Node): string | null {
  let v = value;
  for (;;) {
    if (v.type === 'identifier') return v.text;
    if (v.type === 'pointer_expression' && v.child(0)?.type === '&') {
      const arg = v.childForFieldName('argument');
      if (!arg) return null;
      v = arg;
    } else if (v.type === 'cast_expression') {
      const inner = v.childForFieldName('value');
      if (!inner) return null;
      v = inner;
    } else if (v.type === 'parenthesized_expression') {
      const inner = v.namedChild(0);
      if (!inner) return null;
      v = inner;
    } else return null;
  }
}

function declaredName(declarator: Node): string | null {
  let d: Node | null = declarator;
  while (d && d.type !== 'identifier') {
    if (d.type === 'init_declarator' || d.type === 'pointer_declarator' || d.type === 'array_declarator' || d.type === 'function_declarator' || d.type === 'attributed_declarator') d = d.childForFieldName('declarator') ?? d.namedChild(0);
    else if (d.type === 'parenthesized_declarator') d = d.namedChild(0);
    else return null;
  }
  return d ? d.text : null;
}

function stringLiteral(node: Node): string | null {
  if (node.type !== 'string_literal') return null;
  const parts = node.namedChildren.filter((c) => c !== null);
  if (parts.some((c) => c!.type !== 'string_content')) return parts.length === 0 ? '' : null;
  return parts.map((c) => c!.text).join('');
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) {
    if (!list.includes(value)) list.push(value);
  } else map.set(key, [value]);
}
