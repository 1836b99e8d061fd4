/**
 * Positions of a plan's nodes without the `yaml` package: one more js-yaml load (the fast
 * loader's parser) with its `listener`, which reports where each node opens; a mapping or a
 * sequence is found by walking the loaded tree along the `SourceRef` path. For reports that
 * point at many entries at once (the HTML report of `analyze` shows every entry's line), where
 * `Locator`'s full `yaml` parse costs hundreds of milliseconds on a kernel-sized plan. Gives the
 * same line and column as `Locator` for collections; a scalar gets its nearest collection's.
 */
import jsYaml from 'js-yaml';
import type { Location, SourceRef } from './types.js';

interface Parsed {
  root: unknown;
  starts: Map<object, number>;
  lineStarts: number[];
}

/** A js-yaml listener's view of the parser state (the fields used here). */
interface ListenerState {
  position: number;
  result: unknown;
}

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
    if (text !== undefined) {
      const opened: number[] = [];
      const starts = new Map<object, number>();
      try {
        const root = jsYaml.load(text, {
          listener(event: 'open' | 'close', state: ListenerState) {
            if (event === 'open') opened.push(state.position);
            else {
              const at = opened.pop() ?? 0;
              const value = state.result;
              if (value !== null && typeof value === 'object' && !starts.has(value)) starts.set(value, skipBlank(text, at));
            }
          },
        } as jsYaml.LoadOptions);
        const lineStarts = [0];
        for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
        result = { root, starts, lineStarts };
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
    let offset = typeof node === 'object' && node !== null ? parsed.starts.get(node) : undefined;
    for (const step of ref.path) {
      if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, step)) break;
      node = (node as Record<string | number, unknown>)[step];
      if (node !== null && typeof node === 'object') offset = parsed.starts.get(node) ?? offset;
      else break;
    }
    if (offset === undefined) return fallback;
    let lo = 0;
    let hi = parsed.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (parsed.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file: ref.file, line: lo + 1, column: offset - parsed.lineStarts[lo]! + 1 };
  }
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
