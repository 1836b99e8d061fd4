/**
 * The preprocessor's conditionals of one C file, evaluated against what is known: `#if`,
 * `#ifdef`, `#ifndef`, `#elif`, `#else`, `#endif` with `defined`, `!`, `&&`, `||`, comparisons,
 * arithmetic, integer literals, the file's own `#define`/`#undef`, integer macros of the tree,
 * the configuration (a `CONFIG_` option is 1 when `y`, undefined when unset) and `IS_ENABLED`-style
 * helpers. Logic is three-valued: a condition that depends on something unknown is undecided,
 * and its branch is kept, marked with its full condition (the earlier branches of its chain
 * negated), as one alternative of its chain. Lines of branches known to be false, and the
 * directives themselves, are blanked; every line keeps its number. Never throws.
 */
import type { Diagnostic } from '../compiler/types.js';
import type { MacroDefinition } from './c-source.js';
import { blankComments } from './c-source.js';
import { tokenize } from './c-macros.js';

/** What the evaluator knows about a name outside the file. */
export type Known = { defined: true; body: string } | { defined: false } | undefined;

export interface ConditionContext {
  /** The build's knowledge of a name (config, target, tree), or undefined when it cannot say. */
  lookup(name: string, file: string): Known;
}

/** One branch of an `#if` chain whose truth the evaluator could not decide. */
export interface OpenBranch {
  /** `file:line` of the chain's `#if`. */
  chain: string;
  /** 0 for the `#if`, 1 for the first `#elif`/`#else`, … */
  branch: number;
}

export interface EvaluatedFile {
  /** The text with inactive lines and directives blanked, comments blanked, strings kept. */
  text: string;
  /** Definitions from lines that may be active. */
  defines: MacroDefinition[];
  /** Per line (index = line − 1): the undecided conditions around it, joined with `&&`. */
  conditions: (string | undefined)[];
  /** Per line: the undecided chain branches it sits in, outermost first. */
  branches: (readonly OpenBranch[] | undefined)[];
  /** Unbalanced directives (warnings) and undecided conditions (one note per file). */
  diagnostics: Diagnostic[];
  /** How many conditions could not be decided. */
  undecided: number;
}

type Truth = true | false | null;

interface Frame {
  line: number;
  /** The truth of the frame's enclosing context (false: everything inside is inactive). */
  parentActive: Truth;
  /** Some earlier branch of this chain is known true. */
  taken: boolean;
  /** Undecided earlier conditions of the chain, for the negations. */
  earlier: string[];
  /** This branch's truth (taking the earlier branches into account). */
  truth: Truth;
  /** This branch's undecided condition text, or undefined when decided. */
  condition: string | undefined;
  branch: number;
  seenElse: boolean;
}

const MAX_MACRO_DEPTH = 8;
/** `#if` nesting evaluated; real code nests a handful deep. */
const MAX_NESTING = 256;

/** Evaluates the conditionals of `text`. */
export function evaluateConditionals(text: string, file: string, context: ConditionContext): EvaluatedFile {
  const withStrings = blankComments(text, true);
  const code = blankComments(text, false);
  const lines = withStrings.split('\n');
  const codeLines = code.split('\n');
  const out: string[] = new Array(lines.length);
  const conditions: (string | undefined)[] = new Array(lines.length);
  const branches: (readonly OpenBranch[] | undefined)[] = new Array(lines.length);
  const defines: MacroDefinition[] = [];
  const diagnostics: Diagnostic[] = [];
  const local = new Map<string, { body: string } | null | 'unknown'>();
  const stack: Frame[] = [];
  const undecidedAt: string[] = [];
  let tooDeep = false;
  let ignoredDepth = 0;
  let current: { active: Truth; condition: string | undefined; branches: readonly OpenBranch[] | undefined } = { active: true, condition: undefined, branches: undefined };

  for (let l = 0; l < lines.length; l++) {
    const codeLine = codeLines[l] ?? '';
    const hash = /^\s*#/.exec(codeLine);
    if (!hash) {
      out[l] = current.active === false ? blank(lines[l]!) : lines[l]!;
      if (current.active !== false) {
        conditions[l] = current.condition;
        branches[l] = current.branches;
      }
      continue;
    }
    // A directive with its continuation lines.
    let last = l;
    let directive = codeLine;
    while (/\\\r?$/.test(codeLines[last] ?? '') && last + 1 < lines.length) {
      last++;
      directive = directive.replace(/\\\r?$/, ' ') + (codeLines[last] ?? '');
    }
    for (let k = l; k <= last; k++) out[k] = blank(lines[k]!);
    readDirective(directive.trim().slice(1).trim(), l + 1);
    l = last;
  }
  for (const frame of stack.reverse()) {
    diagnostics.push(problem('IMPORT_UNBALANCED_IF', 'warning', `${file}:${frame.line}: this #if has no #endif; the rest of the file is read as if it ended there`, frame.line));
  }
  if (undecidedAt.length > 0) {
    diagnostics.push(problem(
      'IMPORT_UNDECIDED_IF',
      'note',
      `${file}: ${undecidedAt.length} condition(s) could not be decided from the configuration, kept as alternatives: ${undecidedAt.slice(0, 3).join('; ')}${undecidedAt.length > 3 ? '; …' : ''}`,
      Number(/:(\d+):/.exec(undecidedAt[0]!)?.[1] ?? 1),
    ));
  }
  return { text: out.join('\n'), defines, conditions, branches, diagnostics, undecided: undecidedAt.length };

  function readDirective(d: string, line: number): void {
    const m = /^(\w+)\s*([\s\S]*)$/.exec(d);
    if (!m) return;
    const keyword = m[1]!;
    const rest = m[2]!.trim();
    switch (keyword) {
      case 'if':
      case 'ifdef':
      case 'ifndef': {
        const source = keyword === 'if' ? rest : keyword === 'ifdef' ? `defined(${firstWord(rest)})` : `!defined(${firstWord(rest)})`;
        if (stack.length >= MAX_NESTING) {
          if (!tooDeep) diagnostics.push(problem('IMPORT_UNBALANCED_IF', 'warning', `${file}:${line}: #if nested deeper than ${MAX_NESTING}; deeper conditions are not evaluated (their lines are kept)`, line));
          tooDeep = true;
          ignoredDepth++;
          return;
        }
        const truth = current.active === false ? false : evaluate(source, line);
        const frame: Frame = { line, parentActive: current.active, taken: false, earlier: [], truth, condition: undefined, branch: 0, seenElse: false };
        stack.push(frame);
        enter(frame, truth, source, line);
        return;
      }
      case 'elif':
      case 'else': {
        if (ignoredDepth > 0) return;
        const frame = stack[stack.length - 1];
        if (!frame || frame.seenElse) {
          diagnostics.push(problem('IMPORT_UNBALANCED_IF', 'warning', `${file}:${line}: #${keyword} without a matching #if; ignored`, line));
          return;
        }
        // What the earlier branches say about this one.
        if (frame.truth === true) frame.taken = true;
        else if (frame.truth === null && frame.condition !== undefined) frame.earlier.push(frame.condition);
        frame.branch++;
        if (keyword === 'else') frame.seenElse = true;
        const source = keyword === 'else' ? '1' : rest;
        const truth = frame.parentActive === false || frame.taken ? false : evaluate(source, line);
        enter(frame, truth, keyword === 'else' ? undefined : source, line);
        return;
      }
      case 'endif': {
        if (ignoredDepth > 0) {
          ignoredDepth--;
          return;
        }
        if (!stack.pop()) {
          diagnostics.push(problem('IMPORT_UNBALANCED_IF', 'warning', `${file}:${line}: #endif without a matching #if; ignored`, line));
          return;
        }
        recompute();
        return;
      }
      case 'define': {
        if (current.active === false) return;
        const def = /^([A-Za-z_]\w*)(\(([^)]*)\))?\s*([\s\S]*)$/.exec(rest);
        if (!def) return;
        const params = def[2] !== undefined ? def[3]!.split(',').map((p) => p.trim()).filter((p) => p !== '') : null;
        const body = def[4]!.trim();
        defines.push({ name: def[1]!, params, body, file, line });
        local.set(def[1]!, current.active === true ? (params === null ? { body } : { body: '' }) : 'unknown');
        return;
      }
      case 'undef': {
        if (current.active === false) return;
        local.set(firstWord(rest), current.active === true ? null : 'unknown');
        return;
      }
      default:
        return;
    }
  }

  function enter(frame: Frame, truth: Truth, source: string | undefined, line: number): void {
    frame.truth = truth;
    frame.condition = truth === null ? source : undefined;
    if (truth === null) undecidedAt.push(`${file}:${line}: ${source ?? 'else'}`);
    recompute();
  }

  /** The active state, full condition and open branches of the innermost context. */
  function recompute(): void {
    let active: Truth = true;
    const parts: string[] = [];
    const open: OpenBranch[] = [];
    for (const f of stack) {
      // A branch after undecided ones is itself undecided unless known false.
      const branchTruth: Truth = f.taken || f.truth === false ? false : f.earlier.length > 0 ? null : f.truth;
      if (branchTruth === false) active = false;
      else if (branchTruth === null && active !== false) active = null;
      const undecided = f.earlier.length > 0 || f.truth === null;
      if (!undecided || branchTruth === false) continue;
      for (const e of f.earlier) parts.push(`!(${e})`);
      if (f.truth === null && f.condition !== undefined) parts.push(f.condition);
      open.push({ chain: `${file}:${f.line}`, branch: f.branch });
    }
    current = { active, condition: active === false || parts.length === 0 ? undefined : parts.join(' && '), branches: open.length === 0 ? undefined : open };
  }

  function evaluate(source: string, line: number): Truth {
    const value = evaluateExpression(source, (name) => known(name), 0);
    if (value === undefined && /\S/.test(source) === false) {
      diagnostics.push(problem('IMPORT_UNBALANCED_IF', 'warning', `${file}:${line}: empty #if condition`, line));
    }
    return value === undefined ? null : value !== 0;
  }

  function known(name: string): Known {
    const l = local.get(name);
    if (l === 'unknown') return undefined;
    if (l === null) return { defined: false };
    if (l) return { defined: true, body: l.body };
    return context.lookup(name, file);
  }

  function problem(codeName: string, severity: Diagnostic['severity'], message: string, line: number): Diagnostic {
    return { code: codeName, severity, message, location: { file, line, column: 1 } };
  }
}

/**
 * Evaluates a `#if` expression; undefined when it depends on something unknown or cannot be
 * read. `lookup` says what a name is.
 */
export function evaluateExpression(source: string, lookup: (name: string) => Known, depth: number): number | undefined {
  const tokens = tokenize(source).map((t) => t.text);
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];
  const next = (): string | undefined => tokens[pos++];
  let failed = false;
  let result: number | undefined;
  try {
    result = ternary();
  } catch (err) {
    // Parentheses nested past the stack: undecidable, like any expression it cannot read.
    if (err instanceof RangeError) return undefined;
    throw err;
  }
  if (failed || pos !== tokens.length) return undefined;
  return result;

  // Each level returns a number or undefined (unknown); `failed` marks a syntax error.
  function ternary(): number | undefined {
    const c = binary(0);
    if (peek() !== '?') return c;
    next();
    const a = ternary();
    if (next() !== ':') failed = true;
    const b = ternary();
    if (c === undefined) return a !== undefined && a === b ? a : undefined;
    return c !== 0 ? a : b;
  }

  function binary(level: number): number | undefined {
    const ops = LEVELS[level];
    if (!ops) return unary();
    let left = binary(level + 1);
    while (!failed && ops.includes(peek() ?? '')) {
      const op = next()!;
      const right = binary(level + 1);
      left = apply(op, left, right);
    }
    return left;
  }

  function unary(): number | undefined {
    const t = next();
    if (t === undefined) {
      failed = true;
      return undefined;
    }
    if (t === '!') {
      const v = unary();
      return v === undefined ? undefined : v === 0 ? 1 : 0;
    }
    if (t === '-') {
      const v = unary();
      return v === undefined ? undefined : -v;
    }
    if (t === '+') return unary();
    if (t === '~') {
      const v = unary();
      return v === undefined ? undefined : ~v;
    }
    if (t === '(') {
      const v = ternary();
      if (next() !== ')') failed = true;
      return v;
    }
    if (/^\d/.test(t)) return parseNumber(t);
    if (/^'/.test(t)) return t.length === 3 ? t.charCodeAt(1) : undefined;
    if (t === 'defined') {
      const paren = peek() === '(';
      if (paren) next();
      const name = next();
      if (paren && next() !== ')') failed = true;
      if (name === undefined || !/^[A-Za-z_]/.test(name)) {
        failed = true;
        return undefined;
      }
      const k = lookup(name);
      return k === undefined ? undefined : k.defined ? 1 : 0;
    }
    if (/^[A-Za-z_]/.test(t)) {
      if (peek() === '(') return call(t);
      return identifier(t);
    }
    failed = true;
    return undefined;
  }

  /** `IS_ENABLED(CONFIG_X)` and friends: 1 when the option is 1, 0 when it is undefined. */
  function call(name: string): number | undefined {
    next(); // (
    const args: string[][] = [[]];
    let d = 1;
    while (pos < tokens.length) {
      const t = next()!;
      if (t === '(') d++;
      else if (t === ')' && --d === 0) break;
      else if (t === ',' && d === 1) {
        args.push([]);
        continue;
      }
      args[args.length - 1]!.push(t);
    }
    if (d !== 0) failed = true;
    if (/^(IS_ENABLED|IS_BUILTIN|CONFIG_IS_ENABLED|UK_IS_ENABLED)$/.test(name) && args.length === 1 && args[0]!.length === 1) {
      const k = lookup(args[0]![0]!);
      if (k === undefined) return undefined;
      if (!k.defined) return 0;
      return evaluateExpression(k.body, lookup, depth + 1) === 1 ? 1 : 0;
    }
    return undefined;
  }

  function identifier(name: string): number | undefined {
    const k = lookup(name);
    if (k === undefined) return undefined;
    if (!k.defined) return 0;
    if (depth >= MAX_MACRO_DEPTH || k.body.trim() === '') return undefined;
    return evaluateExpression(k.body, lookup, depth + 1);
  }
}

const LEVELS: readonly string[][] = [['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '<=', '>', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];

function apply(op: string, a: number | undefined, b: number | undefined): number | undefined {
  if (op === '||') return a !== undefined && a !== 0 ? 1 : b !== undefined && b !== 0 ? 1 : a === undefined || b === undefined ? undefined : 0;
  if (op === '&&') return a === 0 || b === 0 ? 0 : a === undefined || b === undefined ? undefined : 1;
  if (a === undefined || b === undefined) return undefined;
  switch (op) {
    case '|': return a | b;
    case '^': return a ^ b;
    case '&': return a & b;
    case '==': return a === b ? 1 : 0;
    case '!=': return a !== b ? 1 : 0;
    case '<': return a < b ? 1 : 0;
    case '<=': return a <= b ? 1 : 0;
    case '>': return a > b ? 1 : 0;
    case '>=': return a >= b ? 1 : 0;
    case '<<': return a << b;
    case '>>': return a >> b;
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return b === 0 ? undefined : Math.trunc(a / b);
    case '%': return b === 0 ? undefined : a % b;
    default: return undefined;
  }
}

function parseNumber(t: string): number | undefined {
  const m = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)[uUlL]*$/.exec(t);
  if (!m) return undefined;
  const s = m[1]!;
  if (/^0[xX]/.test(s)) return Number.parseInt(s.slice(2), 16);
  if (s.length > 1 && s.startsWith('0')) return Number.parseInt(s, 8);
  return Number(s);
}

function firstWord(s: string): string {
  return /^[A-Za-z_]\w*/.exec(s)?.[0] ?? s;
}

/** A line (no newline in it) as spaces. */
function blank(s: string): string {
  return ' '.repeat(s.length);
}
