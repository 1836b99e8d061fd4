/**
 * Macro expansion as the C preprocessor does it, for the few places the importer needs it: a
 * registration written through the tree's own macros (`UK_BUS_REGISTER(&b)` →
 * `static void libukbus_pci_uk_bus_register(void) {…} UK_CTOR_PRIO(libukbus_pci_uk_bus_register, 2)`).
 * Object-like and function-like macros, `#` stringizing, `##` pasting, arguments expanded before
 * substitution, rescanning with hide sets (Prosser's algorithm, so a macro never expands inside
 * itself). Names in `stop` are left as they are (their arguments are still expanded), which keeps
 * the registration macros visible in the output. Bounded: at most `maxSteps` expansions.
 */

export interface MacroBody {
  /** Parameter names for a function-like macro (`...` for variadic), null for object-like. */
  params: string[] | null;
  body: string;
}

export interface ExpandOptions {
  lookup: (name: string) => MacroBody | undefined;
  stop?: ReadonlySet<string>;
  /** Expansions allowed before giving up (default 20,000). */
  maxSteps?: number;
}

export interface ExpandResult {
  text: string;
  /** Set when the step bound was reached: the text is then expanded only partly. */
  truncated: boolean;
}

interface Token {
  text: string;
  kind: 'id' | 'num' | 'str' | 'punct';
  /** Whitespace before the token (for stringizing and for readable output). */
  space: boolean;
  hide: ReadonlySet<string>;
}

const EMPTY: ReadonlySet<string> = new Set();
const TOKEN_RE = /\s+|([A-Za-z_$][\w$]*)|(\.?\d(?:[eEpP][+-]|[\w.])*)|("(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?)|(##|->|\+\+|--|<<=?|>>=?|[<>=!&|^+\-*/%]=|&&|\|\||\.\.\.|[^\s])/g;

/** Splits text into preprocessing tokens. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let space = false;
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(text); m; m = TOKEN_RE.exec(text)) {
    if (m[1] === undefined && m[2] === undefined && m[3] === undefined && m[4] === undefined) {
      space = true;
      continue;
    }
    const kind = m[1] !== undefined ? 'id' : m[2] !== undefined ? 'num' : m[3] !== undefined ? 'str' : 'punct';
    tokens.push({ text: m[0], kind, space, hide: EMPTY });
    space = false;
  }
  return tokens;
}

/** Expands every macro in `text`. */
export function expandMacros(text: string, options: ExpandOptions): ExpandResult {
  const stop = options.stop ?? EMPTY;
  let steps = options.maxSteps ?? 20_000;
  // Tokens moved in all: nested arguments are copied once per level, so work can grow
  // quadratically with nesting; past this the rest is left unexpanded.
  let work = 500_000;
  let truncated = false;
  try {
    const out = expand(tokenize(text));
    return { text: render(out), truncated };
  } catch (err) {
    // Arguments nested thousands deep exhaust the stack before the step bound: the same answer.
    if (err instanceof RangeError) return { text, truncated: true };
    throw err;
  }

  function expand(input: Token[]): Token[] {
    work -= input.length;
    const output: Token[] = [];
    const queue = input.slice().reverse(); // pop from the end
    while (queue.length > 0) {
      if (--work <= 0) {
        truncated = true;
        for (let i = queue.length - 1; i >= 0; i--) output.push(queue[i]!);
        break;
      }
      const t = queue.pop()!;
      if (t.kind !== 'id' || t.hide.has(t.text) || stop.has(t.text)) {
        output.push(t);
        continue;
      }
      const def = options.lookup(t.text);
      if (!def) {
        output.push(t);
        continue;
      }
      if (steps-- <= 0) {
        truncated = true;
        output.push(t);
        continue;
      }
      if (def.params === null) {
        const hide = withName(t.hide, t.text);
        const body = substitute(def, [], hide, t.space);
        for (let i = body.length - 1; i >= 0; i--) queue.push(body[i]!);
        continue;
      }
      // A function-like macro is invoked only when `(` follows.
      if (queue.length === 0 || queue[queue.length - 1]!.text !== '(') {
        output.push(t);
        continue;
      }
      const args = collectArguments(queue);
      if (!args) {
        output.push(t);
        continue;
      }
      const hide = withName(intersect(t.hide, args.close.hide), t.text);
      const body = substitute(def, args.args, hide, t.space);
      for (let i = body.length - 1; i >= 0; i--) queue.push(body[i]!);
    }
    return output;
  }

  /** Takes `( … )` off the queue and splits it at top-level commas; null when it never closes. */
  function collectArguments(queue: Token[]): { args: Token[][]; close: Token } | null {
    const taken: Token[] = [];
    let depth = 0;
    const args: Token[][] = [[]];
    while (queue.length > 0) {
      work--;
      const t = queue.pop()!;
      taken.push(t);
      if (t.text === '(') {
        depth++;
        if (depth === 1) continue;
      } else if (t.text === ')') {
        depth--;
        if (depth === 0) return { args: args.length === 1 && args[0]!.length === 0 ? [] : args, close: t };
      } else if (t.text === ',' && depth === 1) {
        args.push([]);
        continue;
      }
      args[args.length - 1]!.push(t);
    }
    for (let i = taken.length - 1; i >= 0; i--) queue.push(taken[i]!);
    return null;
  }

  function substitute(def: MacroBody, args: Token[][], hide: ReadonlySet<string>, space: boolean): Token[] {
    const params = def.params ?? [];
    const value = (name: string): Token[] | undefined => {
      const i = name === '__VA_ARGS__' ? params.indexOf('...') : params.indexOf(name);
      if (i < 0) return undefined;
      if (params[i] === '...') return joinArgs(args.slice(i));
      return args[i] ?? [];
    };
    const body = tokenize(def.body);
    work -= body.length + args.reduce((n, a) => n + a.length, 0);
    const result: Token[] = [];
    for (let i = 0; i < body.length; i++) {
      const t = body[i]!;
      const next = body[i + 1];
      if (def.params !== null && t.text === '#' && next && next.kind === 'id' && value(next.text)) {
        result.push({ text: JSON.stringify(render(value(next.text)!)), kind: 'str', space: t.space, hide: EMPTY });
        i++;
        continue;
      }
      if (t.text === '##' && result.length > 0 && next) {
        // Paste the last token with the first of the right operand (raw, not expanded).
        const right = next.kind === 'id' && value(next.text) ? value(next.text)! : [next];
        i++;
        if (right.length === 0) continue;
        const left = result.pop()!;
        const pasted = tokenize(left.text + right[0]!.text);
        result.push(...pasted.map((p, k) => ({ ...p, space: k === 0 ? left.space : p.space })), ...right.slice(1));
        continue;
      }
      const arg = t.kind === 'id' ? value(t.text) : undefined;
      if (arg) {
        if (next?.text === '##') result.push(...arg);
        else {
          const expanded = expand(arg);
          result.push(...expanded.map((e, k) => (k === 0 ? { ...e, space: t.space } : e)));
        }
        continue;
      }
      result.push(t);
    }
    return result.map((r, k) => ({ ...r, space: k === 0 ? space : r.space, hide: union(r.hide, hide) }));
  }
}

function joinArgs(args: Token[][]): Token[] {
  const joined: Token[] = [];
  args.forEach((a, i) => {
    if (i > 0) joined.push({ text: ',', kind: 'punct', space: false, hide: EMPTY });
    joined.push(...a);
  });
  return joined;
}

/** Tokens back to text, one space where the source had whitespace. */
function render(tokens: readonly Token[]): string {
  let s = '';
  for (const t of tokens) s += (s !== '' && t.space ? ' ' : '') + t.text;
  return s;
}

function withName(set: ReadonlySet<string>, name: string): ReadonlySet<string> {
  if (set.has(name)) return set;
  const next = new Set(set);
  next.add(name);
  return next;
}

function intersect(a: ReadonlySet<string>, b: ReadonlySet<string>): ReadonlySet<string> {
  if (a.size === 0 || b.size === 0) return EMPTY;
  const next = new Set<string>();
  for (const x of a) if (b.has(x)) next.add(x);
  return next;
}

function union(a: ReadonlySet<string>, b: ReadonlySet<string>): ReadonlySet<string> {
  if (a.size === 0) return b;
  if (b.size === 0) return a;
  const next = new Set(a);
  for (const x of b) next.add(x);
  return next;
}
