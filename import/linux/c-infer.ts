/**
 * Dependency inference for the Linux and Zephyr importers: parses each registered function with
 * tree-sitter, follows its calls into functions defined elsewhere in the tree (static helpers
 * first, then other files) down to a depth bound, and matches every call against a capability
 * catalog. Each use and provide found carries its evidence (the call's file:line, the chain of
 * helpers, the catalog fact); calls through pointers and arguments the importer cannot name are
 * notes, never guesses. Produces import/infer/types.ts `InferredEntry` values.
 */
import type { Node, Parser } from 'web-tree-sitter';
import type { Diagnostic } from '../../compiler/types.js';
import type { CompiledFile, Evidence, InferredEntry } from '../infer/types.js';
import { templateRefs, type Catalog, type CatalogFunction } from './catalog.js';
import { declaredName, parseC } from './c-parser.js';

/** A function the boot calls, as the importer found it. */
export interface InferenceRoot {
  id: string;
  fn: string;
  /** The file that registers it: its definition is looked for there first. */
  file: string;
  /**
   * For registrations that generate their function (`module_platform_driver(foo)` defines
   * `foo_init` calling `platform_driver_register(&foo)`): the calls it makes, with the line of
   * the macro.
   */
  synthesized?: { calls: Array<{ name: string; args: string[] }>; line: number };
}

export interface InferenceOptions {
  maxDepth?: number;
}

export interface InferenceStats {
  filesParsed: number;
  functionsFollowed: number;
  catalogCalls: number;
  unresolvedCalls: number;
  /** Calls to functions neither in the tree nor in the catalog (printk, memcpy, ...). */
  outsideCalls: number;
}

interface ParsedFile {
  path: string;
  functions: Map<string, Node>;
  /** `static struct x name = { ... }`: the initializer list by variable name. */
  initializers: Map<string, Node>;
  /** `name = call(...)` anywhere in the file. */
  assignments: Map<string, Node[]>;
}

/** Infers uses/provides for every root. Never throws on bad C: tree-sitter recovers. */
export function inferFromC(
  parser: Parser,
  files: readonly CompiledFile[],
  roots: readonly InferenceRoot[],
  catalog: Catalog,
  options: InferenceOptions = {},
): { entries: Map<string, InferredEntry>; diagnostics: Diagnostic[]; stats: InferenceStats } {
  const maxDepth = options.maxDepth ?? 8;
  const byPath = new Map(files.map((f) => [f.path, f]));
  const parsed = new Map<string, ParsedFile | null>();
  const definers = indexDefinitions(files);
  const diagnostics: Diagnostic[] = [];
  const stats: InferenceStats = { filesParsed: 0, functionsFollowed: 0, catalogCalls: 0, unresolvedCalls: 0, outsideCalls: 0 };
  const entries = new Map<string, InferredEntry>();

  for (const root of roots) {
    const entry: InferredEntry = { id: root.id, uses: [], provides: [], effects: [], evidence: [], unresolved: [] };
    entries.set(root.id, entry);
    const visited = new Set<string>();
    let depthHit = false;
    const home = fileOf(root.file);
    if (root.synthesized) {
      for (const call of root.synthesized.calls) {
        const fact = catalog.functions.get(call.name);
        if (fact && home) record(entry, home, fact, call.name, call.args.map((a) => ({ text: a, node: null })), root.synthesized.line, [], home);
      }
      finish(entry);
      continue;
    }
    const start = findFunction(root.fn, root.file);
    if (!start) {
      entry.unresolved.push(`${root.file}: ${root.fn} — no definition found in the tree`);
      stats.unresolvedCalls++;
      finish(entry);
      continue;
    }
    walk(start.file, start.node, root.fn, [], 0);
    if (depthHit) {
      diagnostics.push({
        code: 'IMPORT_DEPTH_BOUND',
        severity: 'note',
        message: `calls from \`${root.fn}\` were followed ${maxDepth} levels deep and not further`,
        location: { file: root.file, line: start.node.startPosition.row + 1, column: 1 },
      });
    }
    finish(entry);

    function walk(file: ParsedFile, fnNode: Node, fnName: string, via: string[], depth: number): void {
      visited.add(`${file.path}:${fnName}`);
      stats.functionsFollowed++;
      const body = fnNode.childForFieldName('body');
      if (!body) return;
      for (const call of body.descendantsOfType('call_expression')) {
        if (!call) continue;
        const callee = call.childForFieldName('function');
        const line = call.startPosition.row + 1;
        const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => a !== null && a.type !== 'comment');
        if (!callee) continue;
        if (callee.type !== 'identifier') {
          entry.unresolved.push(`${file.path}:${line}: ${oneLine(callee.text)}(...) — a call through a pointer`);
          stats.unresolvedCalls++;
          continue;
        }
        const name = callee.text;
        const fact = catalog.functions.get(name);
        if (fact) {
          stats.catalogCalls++;
          record(entry, file, fact, name, args.map((a) => ({ text: a.text, node: a })), line, via, file);
          continue;
        }
        const target = findFunction(name, file.path);
        if (!target) {
          stats.outsideCalls++;
          continue;
        }
        if (visited.has(`${target.file.path}:${name}`)) continue; // recursion or a helper seen before
        if (depth + 1 > maxDepth) {
          depthHit = true;
          continue;
        }
        walk(target.file, target.node, name, [...via, `${name} (${target.file.path}:${target.node.startPosition.row + 1})`], depth + 1);
      }
    }
  }
  return { entries, diagnostics, stats };

  function record(entry: InferredEntry, file: ParsedFile, fact: CatalogFunction, call: string, args: Array<{ text: string; node: Node | null }>, line: number, via: string[], ctx: ParsedFile): void {
    const at = `${file.path}:${line}`;
    const evidenceFact = `${catalog.file} ${call}: ${fact.fact}`;
    for (const [kind, templates] of [['uses', fact.uses], ['provides', fact.provides]] as const) {
      for (const template of templates) {
        const capability = resolveTemplate(template, args, ctx);
        if (capability === null) {
          entry.unresolved.push(`${at}: ${call}(${args.map((a) => oneLine(a.text)).join(', ')}) — cannot name \`${template}\` from its arguments`);
          stats.unresolvedCalls++;
          continue;
        }
        const ev: Evidence = kind === 'uses' ? { uses: capability, at, call, via, fact: evidenceFact } : { provides: capability, at, call, via, fact: evidenceFact };
        entry.evidence.push(ev);
        (kind === 'uses' ? entry.uses : entry.provides).push(capability);
      }
    }
  }

  function resolveTemplate(template: string, args: Array<{ text: string; node: Node | null }>, ctx: ParsedFile): string | null {
    let out = template;
    for (const ref of templateRefs(template)) {
      const arg = args[ref.index];
      if (!arg) return null;
      const value = resolveValue(arg.text, ref.path, ctx, template.slice(0, template.indexOf(':') + 1), 0);
      if (value === null) return null;
      out = out.replace(ref.text, value);
    }
    return /^[A-Za-z0-9_][A-Za-z0-9_.@+-]*(:[^\s]*)?$/.test(out) ? out : null;
  }

  /** The name an argument stands for, following `&x`, struct initializers and `x = provider(...)`. */
  function resolveValue(text: string, path: string[], ctx: ParsedFile, prefix: string, depth: number): string | null {
    if (depth > 6) return null;
    const t = text.trim();
    const str = /^"((?:[^"\\]|\\.)*)"$/.exec(t);
    if (str) return path.length === 0 ? str[1]! : null;
    const ident = /^&?\s*([A-Za-z_]\w*)$/.exec(t) ?? /^&?\s*\(\s*([A-Za-z_]\w*)\s*\)$/.exec(t);
    if (!ident) return null;
    const name = ident[1]!;
    if (path.length === 0) {
      // A pointer variable holding what a provider returned: `misc_class = class_create(..., "misc")`.
      for (const call of ctx.assignments.get(name) ?? []) {
        const calleeName = call.childForFieldName('function')?.text ?? '';
        const provider = catalog.functions.get(calleeName);
        const template = provider?.provides.find((p) => p.startsWith(prefix));
        if (!provider || !template || prefix === '') continue;
        const callArgs = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => a !== null).map((a) => ({ text: a.text, node: a }));
        const resolved = resolveTemplate(template, callArgs, ctx);
        if (resolved) return resolved.slice(prefix.length);
      }
      return name;
    }
    const local = ctx.initializers.get(name);
    const init = local ? { node: local, file: ctx } : initializerElsewhere(name);
    if (!init) return null;
    const value = fieldOf(init.node, path);
    return value === null ? null : resolveValue(value, [], init.file, prefix, depth + 1);
  }

  function initializerElsewhere(name: string): { node: Node; file: ParsedFile } | undefined {
    for (const path of definers.variables.get(name) ?? []) {
      const pf = fileOf(path);
      const node = pf?.initializers.get(name);
      if (pf && node) return { node, file: pf };
    }
    return undefined;
  }

  function findFunction(name: string, preferFile: string): { file: ParsedFile; node: Node } | null {
    const own = fileOf(preferFile);
    const local = own?.functions.get(name);
    if (own && local) return { file: own, node: local };
    for (const path of definers.functions.get(name) ?? []) {
      if (path === preferFile) continue;
      const pf = fileOf(path);
      const node = pf?.functions.get(name);
      if (pf && node && (!own || !isStatic(node))) return { file: pf, node }; // static: only without a home file
    }
    return null;
  }

  function fileOf(path: string): ParsedFile | null {
    if (parsed.has(path)) return parsed.get(path)!;
    const source = byPath.get(path);
    let result: ParsedFile | null = null;
    if (source) {
      const tree = parseC(parser, source.text);
      if (tree) {
        stats.filesParsed++;
        result = indexFile(path, tree.rootNode);
        if (tree.rootNode.hasError) {
          const bad = firstError(tree.rootNode);
          diagnostics.push({
            code: 'IMPORT_C_PARSE',
            severity: 'warning',
            message: `${path} does not parse as C from line ${bad ? bad.startPosition.row + 1 : 1} on (a macro the parser does not know, or broken code); functions and calls around it may be missed`,
            location: { file: path, line: bad ? bad.startPosition.row + 1 : 1, column: bad ? bad.startPosition.column + 1 : 1 },
          });
        }
      }
    }
    parsed.set(path, result);
    return result;
  }
}

function finish(entry: InferredEntry): void {
  entry.uses = [...new Set(entry.uses)].filter((c) => !entry.provides.includes(c));
  entry.provides = [...new Set(entry.provides)];
}

function firstError(root: Node): Node | null {
  const stack: Node[] = [root];
  for (let guard = 0; stack.length > 0 && guard < 1_000_000; guard++) {
    const n = stack.pop()!;
    if (n.isError || n.isMissing) return n;
    if (!n.hasError) continue;
    for (let i = n.childCount - 1; i >= 0; i--) {
      const c = n.child(i);
      if (c) stack.push(c);
    }
  }
  return null;
}

function isStatic(fn: Node): boolean {
  return fn.namedChildren.some((c) => c?.type === 'storage_class_specifier' && c.text === 'static');
}

function oneLine(text: string): string {
  const s = text.replace(/\s+/g, ' ');
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function indexFile(path: string, root: Node): ParsedFile {
  const functions = new Map<string, Node>();
  const initializers = new Map<string, Node>();
  const assignments = new Map<string, Node[]>();
  for (const fn of root.descendantsOfType('function_definition')) {
    if (!fn) continue;
    const name = declaredName(fn.childForFieldName('declarator'));
    if (name && !functions.has(name)) functions.set(name, fn);
  }
  for (const decl of root.descendantsOfType('init_declarator')) {
    const value = decl?.childForFieldName('value');
    if (!decl || value?.type !== 'initializer_list') continue;
    const name = declaredName(decl.childForFieldName('declarator'));
    if (name && !initializers.has(name)) initializers.set(name, value);
  }
  for (const a of root.descendantsOfType('assignment_expression')) {
    const left = a?.childForFieldName('left');
    const right = a?.childForFieldName('right');
    if (!a || left?.type !== 'identifier' || right?.type !== 'call_expression') continue;
    const list = assignments.get(left.text) ?? [];
    list.push(right);
    assignments.set(left.text, list);
  }
  return { path, functions, initializers, assignments };
}

/** `.a.b` of a designated initializer: `{ .a = { .b = X } }` or `{ .a.b = X }`; X's text. */
function fieldOf(list: Node, path: string[]): string | null {
  let current: Node | null = list;
  let rest = path;
  while (current && rest.length > 0) {
    let next: Node | null = null;
    let consumed = 0;
    for (const pair of current.namedChildren) {
      if (pair?.type !== 'initializer_pair') continue;
      const designators = pair.childrenForFieldName('designator').filter((d): d is Node => d !== null);
      const names = designators.map((d) => d.text.replace(/^\./, '').trim());
      if (names.length === 0 || names.length > rest.length || !names.every((n, i) => n === rest[i])) continue;
      next = pair.childForFieldName('value');
      consumed = names.length;
      break;
    }
    if (!next) return null;
    rest = rest.slice(consumed);
    if (rest.length === 0) return next.type === 'initializer_list' ? null : next.text;
    if (next.type !== 'initializer_list') return null;
    current = next;
  }
  return null;
}

// Definitions start at column 0 in kernel style: `static int __init foo(void)` or a return type
// on the line before (`static int __init\nfoo(void)`). The index only says where to look; the
// parse decides.
const DEFINITION_RE = /^(?![#\s/*])[^;=(){}]*?\b([A-Za-z_]\w*)\s*\(/gm;
const VARIABLE_RE = /^(?![#\s/*])[^;=(){}]*?\b([A-Za-z_]\w*)(?:\[[^\]]*\])?\s*=\s*\{/gm;

function indexDefinitions(files: readonly CompiledFile[]): { functions: Map<string, string[]>; variables: Map<string, string[]> } {
  const functions = new Map<string, string[]>();
  const variables = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, name: string, path: string): void => {
    const list = map.get(name);
    if (!list) map.set(name, [path]);
    else if (list[list.length - 1] !== path) list.push(path);
  };
  for (const f of files) {
    if (!f.path.endsWith('.c')) continue;
    for (const m of f.text.matchAll(DEFINITION_RE)) add(functions, m[1]!, f.path);
    for (const m of f.text.matchAll(VARIABLE_RE)) add(variables, m[1]!, f.path);
  }
  return { functions, variables };
}
