/**
 * Stage 1: read plan files (a plan, the plan it extends, the files they include). The fast path
 * parses with a reader specialised to plans (`yaml-plan.ts`, about twice as fast as js-yaml),
 * falling back to js-yaml (about ten times faster than `yaml` here) for any document it is not
 * sure of; neither records positions; `locate.ts` finds positions later, only for files that
 * have something to report. Everything that can go wrong with the bytes themselves — size,
 * syntax, duplicate keys, alias bombs, `__proto__`, nesting, include cycles, missing files — ends
 * as a located diagnostic, never as an exception escaping to the user.
 */
import { dirname, resolve as resolvePath } from 'node:path';
import jsYaml from 'js-yaml';
import { readBounded } from './read-bounded.js';
import type { Diagnostic, SourceRef } from './types.js';
import { append } from './append.js';
import { readPlanYaml } from './yaml-plan.js';

export const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;
export const MAX_DEPTH = 64;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Keys a plan may not use (they shadow JavaScript object internals): importers rename them. */
export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN_KEYS.has(key);
}

export interface LoadedFile {
  /** Absolute path (or the name given for in-memory text). */
  file: string;
  text: string;
  data: unknown;
  /** `plan` for the root and every plan it `extends` (validated as whole plans), else `fragment`. */
  kind: 'plan' | 'fragment';
  /**
   * Which plan of the `extends` chain the file belongs to: 0 for the root plan and its includes,
   * 1 for the plan it extends and that plan's includes, and so on. Top-level values of a lower
   * layer win over those of a higher one.
   */
  layer: number;
  /** The language version the file is read at: its own `bootplan`, else its includer's. */
  version: number;
}

export interface LoadOptions {
  maxBytes?: number;
  /** Read a file; defaults to the file system. Tests and the library API may supply text. */
  read?: (path: string) => string;
}

export interface Loaded {
  /** Included files first, in the order their libraries are declared, then the root plan. */
  files: LoadedFile[];
  /** The text of every file that could be read, parsed or not (for positions and code frames). */
  texts: Map<string, string>;
  diagnostics: Diagnostic[];
}

function diag(code: string, file: string, message: string, line = 1, column = 1, hint?: string): Diagnostic {
  return { code, severity: 'error', message, location: { file, line, column }, ...(hint ? { hint } : {}) };
}

/** Line and column (1-based) of a character offset. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, column: offset - last };
}

/** Parse one YAML text; returns the data or the diagnostics that explain why not. */
export function parseYamlText(file: string, text: string): { data?: unknown; diagnostics: Diagnostic[] } {
  // Plans as people and importers write them: the specialised reader, whose values need no
  // safety walk (no aliases, no forbidden keys, shallow). Anything it is unsure of: js-yaml.
  const quick = readPlanYaml(text);
  if (quick !== undefined) return { data: quick, diagnostics: [] };
  let data: unknown;
  try {
    data = jsYaml.load(text, { filename: file, schema: jsYaml.CORE_SCHEMA, json: false });
  } catch (err) {
    if (err instanceof jsYaml.YAMLException) {
      const mark = err.mark as { line?: number; column?: number } | undefined;
      const reason = err.reason || 'malformed YAML';
      const nesting = /maxDepth/.test(reason);
      return {
        diagnostics: [
          diag(
            nesting ? 'yaml-depth' : 'yaml-syntax',
            file,
            nesting ? `nesting deeper than the YAML loader allows (${reason})` : `malformed YAML: ${reason}`,
            (mark?.line ?? 0) + 1,
            (mark?.column ?? 0) + 1,
          ),
        ],
      };
    }
    if (err instanceof RangeError) {
      return { diagnostics: [diag('yaml-depth', file, 'the document nests too deeply to read')] };
    }
    throw err;
  }
  const problem = inspect(data, text.length);
  if (problem) {
    if (problem.path) {
      // Located later, from the path, like every other diagnostic that names a node.
      return { diagnostics: [{ code: problem.code, severity: 'error', message: problem.message, source: { file, path: problem.path }, ...(problem.hint ? { hint: problem.hint } : {}) }] };
    }
    const at = firstAlias(text);
    return { diagnostics: [diag(problem.code, file, problem.message, at.line, at.column, problem.hint)] };
  }
  return { data, diagnostics: [] };
}

interface Problem {
  kind: 'alias' | 'key' | 'depth';
  code: string;
  message: string;
  hint?: string;
  /** Where in the document (for keys and depth; aliases are found in the text). */
  path?: Array<string | number>;
}

/**
 * One iterative walk over the loaded tree: refuses prototype-polluting keys, bounds nesting, and
 * bounds the expanded size (js-yaml resolves aliases by reference, so an alias bomb loads in a
 * millisecond and explodes whoever walks it later).
 */
function inspect(root: unknown, textLength: number): Problem | null {
  const budget = 1_000_000 + 4 * textLength;
  let visited = 0;
  // Two parallel stacks and no per-node objects: this walk sees every node of every plan.
  const values: unknown[] = [root];
  const depths: number[] = [0];
  while (values.length > 0) {
    const value = values.pop();
    const depth = depths.pop()!;
    if (++visited > budget) {
      return {
        kind: 'alias',
        code: 'alias-bomb',
        message: `aliases expand this document past ${budget.toLocaleString('en')} nodes (an alias bomb?)`,
        hint: 'write the values out instead of nesting aliases of aliases',
      };
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_DEPTH) {
      const path = pathTo(root, (v, d) => v === value && d === depth) ?? [];
      return { kind: 'depth', code: 'yaml-depth', message: `nesting deeper than ${MAX_DEPTH} levels at ${show(path)}`, path };
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) {
        values.push(value[i]);
        depths.push(depth + 1);
      }
      continue;
    }
    for (const key in value) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
      if (FORBIDDEN_KEYS.has(key)) {
        const path = pathTo(root, (v) => v === value) ?? [];
        return {
          kind: 'key',
          code: 'forbidden-key',
          message: `the key "${key}" is not allowed (at ${show(path)})`,
          hint: 'rename it: keys that shadow JavaScript object internals are refused',
          path: [...path, key],
        };
      }
      values.push((value as Record<string, unknown>)[key]);
      depths.push(depth + 1);
    }
  }
  return null;
}

const show = (path: Array<string | number>) => (path.length === 0 ? '/' : '/' + path.join('/'));

/** The path to the first node (depth first) that `match` accepts; only run for a node being reported. */
function pathTo(root: unknown, match: (value: unknown, depth: number) => boolean): Array<string | number> | null {
  const stack: Array<{ value: unknown; path: Array<string | number> }> = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (match(value, path.length)) return path;
    if (value === null || typeof value !== 'object' || path.length > MAX_DEPTH) continue;
    const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.keys(value).map((k) => [k, (value as Record<string, unknown>)[k]]);
    for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], path: [...path, entries[i]![0]] });
  }
  return null;
}

function firstAlias(text: string): { line: number; column: number } {
  const m = /(^|[\s,[{:-])\*[^\s,\]}]/m.exec(text);
  return m ? positionOf(text, m.index + m[1]!.length) : { line: 1, column: 1 };
}

/** Read one input file within the size limit, or say why not (a located diagnostic). */
export function readText(file: string, options: LoadOptions): { text?: string; diagnostic?: Diagnostic } {
  const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
  try {
    if (options.read) {
      const text = options.read(file);
      if (Buffer.byteLength(text) > max) return { diagnostic: tooBig(file, Buffer.byteLength(text), max) };
      return { text };
    }
    const read = readBounded(file, max);
    if (read.ok) return { text: read.bytes.toString('utf8') };
    if (read.problem.kind === 'too-big') return { diagnostic: tooBig(file, read.problem.bytes, max) };
    return { diagnostic: diag('file-unreadable', file, read.problem.kind === 'folder' ? `${file} is a directory, not a plan file` : read.problem.message) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(code ?? err);
    return { diagnostic: diag('file-unreadable', file, `cannot read ${file}: ${why}`) };
  }
}

function tooBig(file: string, size: number, max: number): Diagnostic {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return diag('file-too-big', file, `${file} is ${mb(size)}, more than the ${mb(max)} a plan may be`, 1, 1,
    'split the plan with `include:` or raise the limit with --max-bytes');
}

function includesOf(data: unknown): Array<{ path: string; at: Array<string | number> }> {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return [];
  const inc = (data as Record<string, unknown>).include;
  if (typeof inc === 'string') return [{ path: inc, at: ['include'] }];
  if (!Array.isArray(inc)) return [];
  return inc.flatMap((p, index) => (typeof p === 'string' ? [{ path: p, at: ['include', index] }] : []));
}

/** Plans an `extends` chain may have beyond the root (each layer is read, merged and overlaid). */
export const MAX_EXTENDS = 256;

/** The plan a file `extends` (language 1.1), if it names one. */
function extendsOf(data: unknown): string | null {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return null;
  const base = (data as Record<string, unknown>).extends;
  return typeof base === 'string' ? base : null;
}

function versionOf(data: unknown): number | null {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return null;
  const v = (data as Record<string, unknown>).bootplan;
  return typeof v === 'number' ? v : null;
}

/** The newest language version: what a file that names none is read at when nothing includes it. */
export const LATEST_VERSION = 1.1;

/**
 * Load a plan and, depth first, every file it extends and includes (paths relative to the
 * file that names them). The plan it `extends` comes first (with its own includes), then the
 * files it includes, then the plan itself: libraries are declared base first.
 */
export function loadFiles(path: string, options: LoadOptions = {}): Loaded {
  const files: LoadedFile[] = [];
  const texts = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  const done = new Set<string>();
  interface Visit { kind: LoadedFile['kind']; layer: number; version: number }
  interface Child { file: string; how: Visit; from: SourceRef }
  interface Frame { file: string; how: Visit; text: string; data: unknown; version: number; children: Child[]; next: number }
  // Depth first with an explicit stack: a chain of 20,000 includes is 20,000 frames of data, not
  // of the call stack. Files are listed after what they include or extend, as before.
  const stack: Frame[] = [];
  const onChain = new Set<string>();
  const enter = (file: string, how: Visit, from?: SourceRef): void => {
    if (onChain.has(file)) {
      const chain = stack.map((f) => f.file);
      const cycle = [...chain.slice(chain.indexOf(file)), file].join(' → ');
      const what = from?.path[0] === 'extends' ? 'extends cycle' : 'include cycle';
      diagnostics.push({ code: 'include-cycle', severity: 'error', message: `${what}: ${cycle}`,
        ...(from ? { source: from } : { location: { file, line: 1, column: 1 } }),
        hint: `remove one of the ${from?.path[0] === 'extends' ? '`extends`' : 'includes'} in the cycle` });
      return;
    }
    if (done.has(file)) return;
    done.add(file);
    const { text, diagnostic } = readText(file, options);
    if (diagnostic) {
      if (from) {
        delete diagnostic.location;
        diagnostic.source = from;
      }
      diagnostics.push(diagnostic);
      return;
    }
    texts.set(file, text!);
    const parsed = parseYamlText(file, text!);
    append(diagnostics, parsed.diagnostics);
    if (parsed.diagnostics.length > 0) return;
    const version = versionOf(parsed.data) ?? how.version;
    const children: Child[] = [];
    const base = extendsOf(parsed.data);
    if (base !== null && how.layer + 1 > MAX_EXTENDS) {
      diagnostics.push({ code: 'extends-too-deep', severity: 'error', message: `this plan is the ${MAX_EXTENDS + 1}th of an \`extends\` chain; bootplan follows at most ${MAX_EXTENDS} plans a plan builds on`, source: { file, path: ['extends'] }, hint: 'extend the import directly: a chain of plans each overlaying the last is one overlay file' });
    } else if (base !== null) children.push({ file: resolvePath(dirname(file), base), how: { kind: 'plan', layer: how.layer + 1, version: LATEST_VERSION }, from: { file, path: ['extends'] } });
    for (const inc of includesOf(parsed.data)) {
      children.push({ file: resolvePath(dirname(file), inc.path), how: { kind: 'fragment', layer: how.layer, version }, from: { file, path: inc.at } });
    }
    stack.push({ file, how, text: text!, data: parsed.data, version, children, next: 0 });
    onChain.add(file);
  };
  enter(options.read || path === '-' ? path : resolvePath(path), { kind: 'plan', layer: 0, version: LATEST_VERSION });
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next < top.children.length) {
      const child = top.children[top.next++]!;
      enter(child.file, child.how, child.from);
      continue;
    }
    stack.pop();
    onChain.delete(top.file);
    files.push({ file: top.file, text: top.text, data: top.data, kind: top.how.kind, layer: top.how.layer, version: top.version });
  }
  return { files, texts, diagnostics };
}
