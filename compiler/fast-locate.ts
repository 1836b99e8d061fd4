/**
 * Positions of a plan's nodes without the `yaml` package: one more read of the file by the plan
 * reader (`yaml-plan.ts`), which records where each collection and each of its children start
 * and end, or — for a file that reader is unsure of — one more js-yaml load with its `listener`,
 * which reports where each node opens and closes. One pass per file gives every collection's
 * start and children in document order (one flat `SpanTable`), so that a `SourceRef` path is
 * followed by index, never by searching.
 *
 * Two views:
 * - `locate` (for reports that point at many entries at once: the HTML report of `analyze`) gives
 *   the line and column of the node or of its nearest collection;
 * - `locateExact` gives what `Locator`'s full `yaml` parse gives (start and end, keys for key
 *   diagnostics), or null where this pass cannot be sure (integer-like or merge keys, empty
 *   values, multi-line scalars, a file that does not load): `Locator` then asks `yaml`. A
 *   plan with 100,000 warnings is located in one such pass instead of a `yaml` parse that takes
 *   ten times as long and gigabytes.
 */
import jsYaml from 'js-yaml';
import type { Location, SourceRef } from './types.js';
import { readPlanYamlSpans } from './yaml-plan.js';
import { SpanTable } from './yaml-spans.js';

/** A node as the listener saw it: raw offsets where it opened and closed. */
interface Span {
  open: number;
  close: number;
}

interface Parsed {
  text: string;
  root: unknown;
  rootSpan: Span | undefined;
  /**
   * Each collection's start and its direct children's spans, in document order (maps: key,
   * value, key, value...).
   */
  spans: SpanTable;
  lineStarts: number[];
  /** Key → index in `Object.keys` per large mapping, built on first lookup. */
  keyIndex: WeakMap<object, Map<string, number>>;
}

/** A js-yaml listener's view of the parser state (the fields used here). */
interface ListenerState {
  position: number;
  result: unknown;
}

const INTEGER_LIKE = /^(0|[1-9]\d*)$/;

export class FastLocator {
  private readonly texts: Map<string, string>;
  private readonly cache = new Map<string, Parsed | null>();

  constructor(texts: Iterable<[string, string]>) {
    this.texts = new Map(texts);
  }

  private parsed(file: string): Parsed | null {
    if (this.cache.has(file)) return this.cache.get(file)!;
    const text = this.texts.get(file);
    let result: Parsed | null = null;
    // The plan reader where it is sure (a plan as written: its spans as it reads), else js-yaml.
    const quick = text === undefined ? undefined : readPlanYamlSpans(text);
    if (text !== undefined && quick) {
      result = { text, root: quick.value, rootSpan: quick.rootSpan, spans: quick.table, lineStarts: lineStartsOf(text), keyIndex: new WeakMap() };
    } else if (text !== undefined) {
      // One frame per open node: where it opened, and its children as flat (open, close) pairs,
      // allocated only for nodes that have children (scalars, the most, allocate nothing).
      const opens: number[] = [];
      const kidStack: Array<number[] | null> = [];
      const spans = new SpanTable();
      let rootSpan: Span | undefined;
      try {
        const root = jsYaml.load(text, {
          schema: jsYaml.CORE_SCHEMA,
          listener(event: 'open' | 'close', state: ListenerState) {
            if (event === 'open') {
              opens.push(state.position);
              kidStack.push(null);
              return;
            }
            if (opens.length === 0) return;
            const open = opens.pop()!;
            const kids = kidStack.pop()!;
            const value = state.result;
            // A node can close twice (js-yaml reads a flow collection as a would-be key first):
            // the inner, first close is the node itself.
            if (value !== null && typeof value === 'object' && !spans.has(value)) {
              spans.add(value, skipBlank(text, open), kids ?? NO_KIDS, 0, kids?.length ?? 0);
            }
            const depth = kidStack.length;
            if (depth > 0) {
              let parent = kidStack[depth - 1];
              if (!parent) kidStack[depth - 1] = parent = [];
              parent.push(open, state.position);
            } else rootSpan = { open, close: state.position };
          },
        } as jsYaml.LoadOptions);
        result = { text, root, rootSpan, spans, lineStarts: lineStartsOf(text), keyIndex: new WeakMap() };
      } catch {
        result = null;
      }
    }
    this.cache.set(file, result);
    return result;
  }

  /** The node at `ref.path` (or its nearest collection ancestor); line 1 when nothing is known. */
  locate(ref: SourceRef): Location {
    const fallback: Location = { file: ref.file, line: 1, column: 1 };
    const parsed = this.parsed(ref.file);
    if (!parsed) return fallback;
    let node: unknown = parsed.root;
    let offset = typeof node === 'object' && node !== null ? parsed.spans.start(node) : undefined;
    for (const step of ref.path) {
      if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, step)) break;
      node = (node as Record<string | number, unknown>)[step];
      if (node !== null && typeof node === 'object') offset = parsed.spans.start(node) ?? offset;
      else break;
    }
    if (offset === undefined) return fallback;
    const { line, column } = position(parsed.lineStarts, offset);
    return { file: ref.file, line, column };
  }

  /**
   * What `Locator.locate` gives (start and end of the node at `ref.path`, of its key with `key`,
   * or of the nearest ancestor when the path leaves the document), or null when unsure.
   */
  locateExact(ref: SourceRef, options: { key?: boolean } = {}): Location | null {
    const found = this.follow(ref, options.key === true, false);
    if (!found || found === ABSENT) return null;
    const { parsed, start, end } = found;
    const a = position(parsed.lineStarts, start);
    const b = position(parsed.lineStarts, end);
    return { file: ref.file, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }

  /**
   * What `Locator.nodeAt` gives — the offsets of the node at exactly `ref.path` (its key with
   * `key`) and, for a scalar, its value, quoting style and whether a flow collection holds it —
   * `undefined` when the path is not in the file, or null when this pass is unsure (aliases,
   * anchors, tags, block scalars: the `yaml` parse decides).
   */
  nodeExact(ref: SourceRef, options: { key?: boolean } = {}): NodeAt | undefined | null {
    const found = this.follow(ref, options.key === true, true);
    if (found === ABSENT) return undefined;
    if (!found) return null;
    const { parsed, start, end, node, flow } = found;
    const c = parsed.text.charCodeAt(start);
    if (node !== null && typeof node === 'object') return { start, end };
    const type = c === 39 ? 'QUOTE_SINGLE' : c === 34 ? 'QUOTE_DOUBLE' : 'PLAIN';
    return { start, end, scalar: { value: node, type, flow } };
  }

  /** The 1-based line and column of an offset, or null when the file did not load. */
  position(file: string, offset: number): { line: number; column: number } | null {
    const parsed = this.parsed(file);
    return parsed ? position(parsed.lineStarts, offset) : null;
  }

  /**
   * The node at `ref.path` and its offsets. With `exact`, a path that leaves the document is
   * ABSENT (when the collections on the way can be trusted) instead of its nearest ancestor.
   */
  private follow(ref: SourceRef, key: boolean, exact: boolean): Followed | typeof ABSENT | null {
    const parsed = this.parsed(ref.file);
    if (!parsed || parsed.root === null || typeof parsed.root !== 'object' || !parsed.rootSpan) return null;
    let node: unknown = parsed.root;
    let span: Span = parsed.rootSpan;
    let flow = false;
    let anyFlow = false;
    let isKey = false;
    let parentStart = 0;
    for (let i = 0; i < ref.path.length; i++) {
      const step = ref.path[i]!;
      if (node === null || typeof node !== 'object') {
        if (exact) return ABSENT;
        break;
      }
      const record = parsed.spans.recordOf(node);
      if (record < 0) return null;
      const kids = parsed.spans.countAt(record);
      const nodeStart = parsed.spans.startAt(record);
      const parentFlow = isFlowStart(parsed.text, nodeStart);
      let child: Span | undefined;
      let value: unknown;
      const last = i === ref.path.length - 1;
      if (Array.isArray(node)) {
        if (kids !== node.length) return null;
        if (typeof step !== 'number' || step < 0 || step >= node.length) {
          if (exact) return ABSENT;
          break;
        }
        child = parsed.spans.childAt(record, step);
        value = node[step];
      } else {
        const at = keyPosition(parsed, node, kids, String(step));
        if (at === null) return null;
        if (at < 0) {
          if (exact) return ABSENT;
          break;
        }
        if (last && key) {
          child = parsed.spans.childAt(record, 2 * at);
          value = String(step);
          isKey = true;
        } else {
          child = parsed.spans.childAt(record, 2 * at + 1);
          value = (node as Record<string, unknown>)[String(step)];
        }
      }
      if (!child) return null;
      // An alias stands for a node written elsewhere; an anchor or a tag moves where `yaml` starts it.
      if (exact && isAliasOrTagged(parsed.text, skipBlank(parsed.text, child.open))) return null;
      parentStart = nodeStart;
      node = value;
      span = child;
      flow = parentFlow;
      anyFlow ||= parentFlow;
      if (isKey) break;
    }
    const start = skipBlank(parsed.text, span.open);
    const end = nodeEnd(parsed, node, span, start, flow, isKey, parentStart);
    if (end === null) return null;
    return { parsed, node, start, end, flow: anyFlow };
  }
}

/** What `Locator.nodeAt` answers: offsets, and for a scalar its value and style. */
export interface NodeAt {
  start: number;
  end: number;
  scalar?: { value: unknown; type?: string; flow: boolean };
}

/** A path that is not in the document (as opposed to null: unsure). */
const ABSENT = Symbol('absent');

interface Followed {
  parsed: Parsed;
  node: unknown;
  start: number;
  end: number;
  /** Some collection on the way is a flow collection. */
  flow: boolean;
}

/** A node written as an alias, or with an anchor or a tag in front: `yaml` ranges differ there. */
function isAliasOrTagged(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return c === 38 || c === 42 || c === 33;
}

const NO_KIDS: number[] = [];

/** Mappings with more keys than this get a key index; smaller ones are searched (100,000 entries: no map each). */
const INDEXED_KEYS = 16;

/**
 * The key's position among the mapping's keys (-1: no such key); null when document order
 * cannot be trusted. `kids`: how many children (keys and values) the mapping has in the text.
 */
function keyPosition(parsed: Parsed, node: object, kids: number, key: string): number | null {
  const cached = parsed.keyIndex.get(node);
  if (cached) return cached.get(key) ?? -1;
  const keys = Object.keys(node);
  // Integer-like keys are listed first by JavaScript, whatever the document said; `<<` merges
  // bring in keys from elsewhere: both break "the i-th key is the i-th pair".
  if (kids !== 2 * keys.length) return null;
  for (const k of keys) if (INTEGER_LIKE.test(k) || k === '<<') return null;
  if (keys.length <= INDEXED_KEYS) return keys.indexOf(key);
  const index = new Map<string, number>();
  keys.forEach((k, i) => index.set(k, i));
  parsed.keyIndex.set(node, index);
  return index.get(key) ?? -1;
}

function isFlowStart(text: string, offset: number | undefined): boolean {
  if (offset === undefined) return false;
  const c = text.charCodeAt(offset);
  return c === 91 || c === 123; // [ {
}

/** Where `yaml` says the node's value ends (its range[1]), or null when unsure. */
function nodeEnd(parsed: Parsed, node: unknown, span: Span, start: number, flow: boolean, isKey: boolean, parentStart: number): number | null {
  const { text } = parsed;
  if (node === null || node === undefined) return null;
  if (typeof node === 'object') {
    if (isFlowStart(text, start)) {
      const close = text.charCodeAt(span.close - 1);
      return close === 93 || close === 125 ? span.close : null; // ] }
    }
    return blockEnd(parsed, node);
  }
  return scalarEnd(text, start, node, flow, isKey, parentStart);
}

/** A block collection ends after the line on which its last value ends (`yaml`'s range[1]). */
function blockEnd(parsed: Parsed, node: object): number | null {
  const record = parsed.spans.recordOf(node);
  if (record < 0) return null;
  const kids = parsed.spans.countAt(record);
  if (!kids) return null;
  const lastSpan = parsed.spans.childAt(record, kids - 1)!;
  const lastValue = Array.isArray(node) ? node[node.length - 1] : (node as Record<string, unknown>)[Object.keys(node).at(-1)!];
  const start = skipBlank(parsed.text, lastSpan.open);
  if (lastValue !== null && typeof lastValue === 'object' && !isFlowStart(parsed.text, start)) return blockEnd(parsed, lastValue);
  const end = nodeEnd(parsed, lastValue, lastSpan, start, false, false, parsed.spans.startAt(record));
  if (end === null) return null;
  const newline = parsed.text.indexOf('\n', end);
  if (newline < 0) return parsed.text.length;
  // `yaml` counts indented comment lines after the last value into the collection: unsure then.
  if (/^ +#/.test(parsed.text.slice(newline + 1, newline + 1 + 256))) return null;
  return newline + 1;
}

/** The end of a one-line scalar starting at `start`, checked against the value js-yaml read. */
function scalarEnd(text: string, start: number, value: unknown, flow: boolean, isKey: boolean, parentStart: number): number | null {
  const c = text.charCodeAt(start);
  if (c === 39 || c === 34) {
    // Quoted: to the closing quote on the same line ('' and \" do not close).
    for (let i = start + 1; i < text.length; i++) {
      const d = text.charCodeAt(i);
      if (d === 10 || d === 13) return null;
      if (c === 34 && d === 92) {
        i++;
        continue;
      }
      if (d === c) {
        if (c === 39 && text.charCodeAt(i + 1) === 39) {
          i++;
          continue;
        }
        return i + 1;
      }
    }
    return null;
  }
  if (c === 124 || c === 62 || c === 38 || c === 42 || c === 33) return null; // | > & * !
  let i = start;
  let end = start;
  for (; i < text.length; i++) {
    const d = text.charCodeAt(i);
    if (d === 10 || d === 13) break;
    if (d === 35 && i > start && isBlank(text.charCodeAt(i - 1))) break; // " #"
    if (d === 58 && (isBlankOrEol(text.charCodeAt(i + 1)) || i + 1 >= text.length || (flow && isFlowIndicator(text.charCodeAt(i + 1))))) break; // ": "
    if (flow && isFlowIndicator(d)) break;
    if (!isBlank(d)) end = i + 1;
  }
  // A plain scalar that goes on to the next line, or one js-yaml read differently: unsure.
  const source = text.slice(start, end);
  if (typeof value === 'string' ? source !== value : String(value) !== source) return null;
  if (!isKey && !flow && continuesOnNextLine(text, i, parentStart)) return null;
  return end;
}

/**
 * A block plain scalar goes on over the next line when that line is indented deeper than the
 * collection holding the scalar (`parentStart`, its first key or item): refuse to guess then.
 */
function continuesOnNextLine(text: string, at: number, parentStart: number): boolean {
  if (at >= text.length) return false;
  const indent = parentStart - (text.lastIndexOf('\n', parentStart - 1) + 1);
  let j = text.indexOf('\n', at);
  if (j < 0) return false;
  j++;
  let next = 0;
  while (text.charCodeAt(j + next) === 32) next++;
  const ch = text.charCodeAt(j + next);
  return next > indent && ch !== 35 && ch !== 10 && ch !== 13 && j + next < text.length;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

function isBlankOrEol(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function isFlowIndicator(c: number): boolean {
  return c === 44 || c === 91 || c === 93 || c === 123 || c === 125; // , [ ] { }
}

function lineStartsOf(text: string): number[] {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  return lineStarts;
}

function position(lineStarts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
}

/** js-yaml opens a node where the separator before it ends: skip blanks and comments to the node. */
function skipBlank(text: string, at: number): number {
  let i = at;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) i++;
    else if (c === 35) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end + 1;
    } else break;
  }
  return i;
}
