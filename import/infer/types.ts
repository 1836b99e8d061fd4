/**
 * The contract between the source importers (which decide what a build compiles and registers)
 * and dependency inference (which reads the registered functions' code and says what each one
 * uses and provides, with evidence). Importers for every system fill an `InferenceInput`;
 * `inferDependencies` (import/infer/index.ts) answers with one `InferredEntry` per function.
 */
import type { Diagnostic } from '../../compiler/types.js';

/** A C file of the image, as the build compiles it. */
export interface CompiledFile {
  /** Relative to the tree it came from, `/`-separated, prefixed the way diagnostics show it
   * (`lib/vfscore/main.c`, `lib-musl/__uk_init_tls.c`). */
  path: string;
  /**
   * The text after the importer evaluated the preprocessor's conditionals for this build:
   * lines of inactive `#if` branches (and the directives themselves) replaced by blank lines,
   * so every line number is the line of the real file. Without a configuration, the text as is.
   */
  text: string;
}

/** A function the boot calls through a registration. */
export interface RegisteredFunction {
  /** The plan entry's id, `LIB.FN` (`vfscore.vfscore_automount`); a term function's id is its
   * init's id with the term's name (`vfscore.vfscore_autoumount`). */
  id: string;
  /** The C function's name. */
  fn: string;
  /** Where the registration is (`UK_CTOR_PRIO(...)` line), for messages. */
  file: string;
  line: number;
  role: 'early' | 'ctor' | 'initcall' | 'term' | 'main';
}

export interface InferenceInput {
  profile: string;
  files: readonly CompiledFile[];
  functions: readonly RegisteredFunction[];
  /** How deep calls are followed from a registered function (default 8). */
  maxDepth?: number;
  /** Whether `files` are what one configured build compiles (`--config`): then a function defined
   * twice is a warning (the link would fail); without a configuration it is a note, since a whole
   * tree holds every architecture's and platform's alternative. Default false. */
  configured?: boolean;
  /** Mount points the image mounts besides `/` and those its entries' effects and literal `mount`
   * calls create (a compiled-in fstab, `vfs.fstab`): an absolute path under one needs that mount. */
  mountPoints?: readonly string[];
}

/** One fact of evidence: why an entry uses or provides a capability, or carries an effect. */
export interface Evidence {
  /** Exactly one of uses / provides / effect is set. */
  uses?: string;
  provides?: string;
  /** An effect kind (`mount`, `probe-buses`, `open-stdio`, `extract-initrd`, ...). */
  effect?: string;
  /** `file:line` of the call that needs it. */
  at: string;
  /** The API function called there (`uk_malloc`). */
  call: string;
  /** The chain from the registered function down to the caller, outermost first, each
   * `fn (file:line)` where `fn` is defined; empty when the registered function calls it itself. */
  via: string[];
  /** The catalog fact that says so: `specs/catalogs/<system>.yaml` plus the upstream
   * `file:line` the fact comes from. */
  fact: string;
}

/** An effect in the plan language's shape: `{ mount: { dev: devfs, at: /dev, fs: devfs } }`. */
export type EffectObject = Record<string, Record<string, string | number | boolean>>;

export interface InferredEntry {
  id: string;
  uses: string[];
  provides: string[];
  effects: EffectObject[];
  evidence: Evidence[];
  /** Calls that could not be followed (a function pointer, a function outside the image), as
   * `file:line: call` strings; notes, never guesses. */
  unresolved: string[];
}

export interface InferenceResult {
  entries: Map<string, InferredEntry>;
  /** Parse errors, depth bound reached, recursion, unresolvable pointers: warnings with file:line. */
  diagnostics: Diagnostic[];
  stats: {
    filesParsed: number;
    functionsIndexed: number;
    /** Calls followed into functions of the image, over all registered functions. */
    callsFollowed: number;
    /** Distinct call sites through function pointers that could not be resolved. */
    unresolvedCalls: number;
    /** Distinct names called that the image does not define and the catalog does not know
     * (macros such as `UK_ASSERT` among them): counted, never guessed at. */
    externalCalls: number;
    /** Files with at least one place the C parser could not read. */
    filesWithParseErrors: number;
  };
}
