/**
 * The functions of an image and who calls whom: every definition of the compiled files indexed
 * (static ones per file, global ones by name), and each function's calls resolved once (memoized)
 * to a function of the image, a catalog fact, a call through a pointer that could or could not be
 * resolved, or a function outside the image. Resolution through pointers is deliberately modest:
 * a local variable or parameter, or a struct field, that the same function body assigns a known
 * function name to (`fp = helper;`, `ops.init = helper;`, `{ .init = helper }`). Anything else is
 * reported as unresolved, never guessed.
 */
import type { Diagnostic } from '../../compiler/types.js';
import type { CatalogFact, FactTable } from '../catalog.js';
import type { CallSite, FunctionDefinition, ParsedFile } from './c-parse.js';

/** Where one call leads. */
export type CallTarget =
  | { kind: 'function'; site: CallSite; fn: FunctionDefinition; pointer: boolean }
  | { kind: 'api'; site: CallSite; name: string; fact: CatalogFact; pointer: boolean }
  | { kind: 'unresolved'; site: CallSite }
  | { kind: 'external'; site: CallSite };

export class CallGraph {
  private readonly perFile = new Map<string, Map<string, FunctionDefinition>>();
  private readonly globals = new Map<string, FunctionDefinition>();
  /** `static inline` functions of headers: visible wherever the header is included. */
  private readonly headerStatics = new Map<string, FunctionDefinition>();
  private readonly edges = new Map<FunctionDefinition, CallTarget[]>();
  readonly functionCount: number;
  readonly diagnostics: Diagnostic[] = [];

  constructor(files: readonly ParsedFile[], private readonly calls: FactTable, private readonly configured = false) {
    let count = 0;
    for (const file of files) {
      const local = new Map<string, FunctionDefinition>();
      this.perFile.set(file.path, local);
      for (const fn of file.functions) {
        count++;
        const earlier = local.get(fn.name);
        if (earlier) {
          // Alternatives of one `#if` may each define it; only a plain second definition is a problem.
          if (!earlier.conditional || !fn.conditional) this.duplicate(fn, earlier);
          continue;
        }
        local.set(fn.name, fn);
        if (fn.isStatic) {
          if (file.path.endsWith('.h') && !this.headerStatics.has(fn.name)) this.headerStatics.set(fn.name, fn);
          continue;
        }
        const other = this.globals.get(fn.name);
        if (other) this.duplicate(fn, other);
        else this.globals.set(fn.name, fn);
        for (const alias of fn.aliases ?? []) if (!this.globals.has(alias)) this.globals.set(alias, fn);
      }
    }
    this.functionCount = count;
  }

  /** The definition a call from `file` to `name` reaches: the file's own first, then a global,
   * then a header's static inline function. */
  find(name: string, file: string): FunctionDefinition | undefined {
    return this.perFile.get(file)?.get(name) ?? this.globals.get(name) ?? this.headerStatics.get(name);
  }

  /** Every call of `fn`, resolved; computed once per function. */
  targets(fn: FunctionDefinition): CallTarget[] {
    let list = this.edges.get(fn);
    if (list) return list;
    list = [];
    for (const site of fn.calls) list.push(...this.resolve(fn, site));
    this.edges.set(fn, list);
    return list;
  }

  private resolve(fn: FunctionDefinition, site: CallSite): CallTarget[] {
    if (site.kind === 'other') return [{ kind: 'unresolved', site }];
    if (site.kind === 'field' || fn.locals.has(site.callee)) {
      const names = fn.assigned.get(`${site.kind === 'field' ? 'f' : 'v'}:${site.callee}`);
      if (!names) return [{ kind: 'unresolved', site }];
      const out: CallTarget[] = [];
      for (const name of names) {
        const target = this.named(fn, site, name, true);
        if (target.kind !== 'external') out.push(target);
      }
      return out.length > 0 ? out : [{ kind: 'unresolved', site }];
    }
    return [this.named(fn, site, site.callee, false)];
  }

  private named(fn: FunctionDefinition, site: CallSite, name: string, pointer: boolean): CallTarget {
    // The catalog's API functions are the boundary: their bodies are not followed.
    const fact = this.calls.lookup(name);
    if (fact) return { kind: 'api', site, name, fact, pointer };
    const def = this.find(name, fn.file);
    if (def) return { kind: 'function', site, fn: def, pointer };
    return { kind: 'external', site };
  }

  private duplicate(fn: FunctionDefinition, first: FunctionDefinition): void {
    this.diagnostics.push({
      code: 'IMPORT_DUPLICATE_FUNCTION',
      severity: this.configured ? 'warning' : 'note',
      message: `${fn.file}:${fn.line}: \`${fn.name}\` is defined again (first at ${first.file}:${first.line}); calls resolve to the first definition${this.configured ? '' : ' (without a configuration, both alternatives are read)'}`,
      location: { file: fn.file, line: fn.line, column: 1 },
      related: [{ message: 'first definition', location: { file: first.file, line: first.line, column: 1 } }],
    });
  }
}
