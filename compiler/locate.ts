/**
 * Positions on demand. The fast loader keeps none; when a diagnostic must be printed, the file it
 * points into is read once more with js-yaml's listener (`FastLocator.locateExact`: the same
 * answer `yaml` gives, in one pass a tenth of its cost), and only the nodes that pass cannot be
 * sure of are looked up in a full `yaml` parse (which keeps every node's range). A clean plan
 * never pays for this.
 */
import { FastLocator, type NodeAt } from './fast-locate.js';
import type { Diagnostic, Location, SourceRef } from './types.js';
import { yamlModule } from './yaml-lazy.js';

/** Diagnostics about a key itself point at the key, not its value. */
const KEY_CODES = new Set(['unknown-key', 'duplicate-library', 'forbidden-key', 'language-version', 'overlay-unknown-entry', 'nothing-proven']);

type YamlModule = typeof import('yaml');
interface Indexed {
  doc: import('yaml').Document.Parsed;
  lines: import('yaml').LineCounter;
}

export interface LocatorOptions {
  /** Use the js-yaml pass where it is sure (default true); false: always the `yaml` parse. */
  fast?: boolean;
}

export class Locator {
  private readonly texts: Map<string, string>;
  private readonly cache = new Map<string, Indexed | null>();
  private yaml: YamlModule | null = null;
  /** Key → pair index per mapping node, built on first lookup (plans have maps of 100k keys). */
  private readonly keyIndex = new WeakMap<object, Map<string, unknown>>();

  private readonly fast: FastLocator | null;

  constructor(texts: Iterable<[string, string]>, options: LocatorOptions = {}) {
    this.texts = new Map(texts);
    this.fast = options.fast === false ? null : new FastLocator(this.texts);
  }

  /** Kept for callers that awaited it: the `yaml` package is now required when first needed. */
  async ready(): Promise<this> {
    return this;
  }

  private index(file: string): Indexed | null {
    if (this.cache.has(file)) return this.cache.get(file)!;
    const text = this.texts.get(file);
    let result: Indexed | null = null;
    if (text !== undefined) {
      this.yaml ??= yamlModule();
      const lines = new this.yaml.LineCounter();
      const doc = this.yaml.parseDocument(text, { lineCounter: lines, keepSourceTokens: false, uniqueKeys: false });
      result = { doc, lines };
    }
    this.cache.set(file, result);
    return result;
  }

  /**
   * The location of the node at `path`; for a path that ends in a key that is absent, the
   * nearest existing ancestor. Keys point at the key itself when `key` is set (unknown-key errors).
   */
  locate(ref: SourceRef, options: { key?: boolean } = {}): Location {
    const quick = this.fast?.locateExact(ref, options);
    if (quick) return quick;
    const fallback: Location = { file: ref.file, line: 1, column: 1 };
    const indexed = this.index(ref.file);
    if (!indexed || !this.yaml) return fallback;
    const { isMap, isSeq, isScalar } = this.yaml;
    let node: unknown = indexed.doc.contents;
    let range: [number, number, number] | undefined = (node as { range?: [number, number, number] } | null)?.range;
    for (let depth = 0; depth < ref.path.length; depth++) {
      const step = ref.path[depth]!;
      if (isMap(node)) {
        const pair = this.pairOf(node, String(step)) as (typeof node.items)[number] | undefined;
        if (!pair) break;
        // By position: a key spelled like the last one higher up (kernel.start[8].start) is not it.
        const last = depth === ref.path.length - 1;
        if (last && options.key && isScalar(pair.key) && pair.key.range) {
          range = pair.key.range;
          node = pair.key;
          break;
        }
        node = pair.value;
        range = (pair.value as { range?: [number, number, number] } | null)?.range ?? (pair.key as { range?: [number, number, number] }).range;
      } else if (isSeq(node) && typeof step === 'number') {
        const item = node.items[step];
        if (item === undefined) break;
        node = item;
        range = (item as { range?: [number, number, number] } | null)?.range ?? range;
      } else break;
    }
    if (!range) return fallback;
    const start = indexed.lines.linePos(range[0]);
    const end = indexed.lines.linePos(range[1]);
    return { file: ref.file, line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
  }

  /** The pair of `key` in a mapping, through an index built on first lookup. */
  private pairOf(node: import('yaml').YAMLMap, key: string): unknown {
    const { isPair, isScalar } = this.yaml!;
    let index = this.keyIndex.get(node);
    if (!index) {
      index = new Map();
      for (const p of node.items) if (isPair(p) && isScalar(p.key) && !index.has(String(p.key.value))) index.set(String(p.key.value), p);
      this.keyIndex.set(node, index);
    }
    return index.get(key);
  }

  /**
   * The node at exactly `path` (no falling back to an ancestor), with its offsets; for a scalar,
   * its value and quoting style. The key itself when `key` is set. Undefined when the path is not
   * in the file, or goes through an alias (an edit there would change every use of the anchor).
   */
  nodeAt(ref: SourceRef, options: { key?: boolean } = {}): NodeAt | undefined {
    const quick = this.fast?.nodeExact(ref, options);
    if (quick !== null && quick !== undefined) return quick;
    if (quick === undefined && this.fast) return undefined;
    const found = this.walk(ref, options);
    if (!found) return undefined;
    const { node, flow } = found;
    const range = (node as { range?: [number, number, number] }).range;
    if (!range) return undefined;
    return { start: range[0], end: range[1], ...(this.yaml!.isScalar(node) ? { scalar: { value: node.value, ...(node.type ? { type: node.type } : {}), flow } } : {}) };
  }

  /**
   * The mapping at exactly `path` with its file's line counter, to add a key to it
   * (compiler/fix/key-splice.ts). Undefined as for `nodeAt`, and for a mapping with a merge key.
   */
  mapAt(ref: SourceRef): { map: import('yaml').YAMLMap; lines: import('yaml').LineCounter } | undefined {
    const found = this.walk(ref, {});
    if (!found || !this.yaml!.isMap(found.node)) return undefined;
    const { isScalar } = this.yaml!;
    if (found.node.items.some((p) => isScalar(p.key) && p.key.value === '<<')) return undefined;
    return { map: found.node, lines: found.lines };
  }

  /** The `yaml` node at exactly `path`, through the full parse. */
  private walk(ref: SourceRef, options: { key?: boolean }): { node: unknown; flow: boolean; lines: import('yaml').LineCounter } | undefined {
    const indexed = this.index(ref.file);
    if (!indexed || !this.yaml) return undefined;
    const { isMap, isSeq, isAlias } = this.yaml;
    let node: unknown = indexed.doc.contents;
    let flow = false;
    for (let i = 0; i < ref.path.length; i++) {
      const step = ref.path[i]!;
      if (isAlias(node)) return undefined;
      flow ||= (node as { flow?: boolean } | null)?.flow === true;
      if (isMap(node)) {
        const pair = this.pairOf(node, String(step)) as (typeof node.items)[number] | undefined;
        if (!pair) return undefined;
        node = options.key && i === ref.path.length - 1 ? pair.key : pair.value;
      } else if (isSeq(node) && typeof step === 'number') {
        node = node.items[step];
      } else return undefined;
    }
    if (!node || isAlias(node)) return undefined;
    return { node, flow, lines: indexed.lines };
  }

  /** The 1-based line and column of an offset into a file. */
  position(file: string, offset: number): { line: number; column: number } {
    const quick = this.fast?.position(file, offset);
    if (quick) return quick;
    const indexed = this.index(file);
    if (!indexed) return { line: 1, column: 1 };
    const p = indexed.lines.linePos(offset);
    return { line: p.line, column: p.col };
  }

  /** Fill in `location` for every diagnostic (and related item) that only has a `source`. */
  async locateAll(diagnostics: Diagnostic[]): Promise<Diagnostic[]> {
    if (!diagnostics.some((d) => (d.source && !d.location) || d.related?.some((r) => r.source && !r.location))) {
      return diagnostics;
    }
    for (const d of diagnostics) {
      if (d.source && !d.location) d.location = this.locate(d.source, { key: KEY_CODES.has(d.code) });
      for (const r of d.related ?? []) if (r.source && !r.location) r.location = this.locate(r.source);
    }
    return diagnostics;
  }

  text(file: string): string | undefined {
    return this.texts.get(file);
  }
}
