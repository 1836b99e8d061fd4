/**
 * What the importers produce: a plan in the plan language as a plain object (exactly what a
 * person would write in YAML), plus the comments `writePlan` puts around it and whatever the
 * importer could not decide on its own.
 */
import type { Diagnostic } from '../compiler/types.js';
import type { EffectObject, Evidence } from './infer/types.js';

export interface PlanEntryObject {
  fn?: string;
  level?: string | number;
  /** A number, or the raw token when the source's priority is not a digit (kept so the checker
   * reports what the linker would silently do: drop the entry). */
  prio?: number | string;
  /** The term function, or `{fn, uses, evidence}` when inference found what it still needs at
   * teardown. */
  term?: string | PlanTermObject;
  /** Zephyr: the devicetree dependency ordinal of a device (its sub-priority). */
  ordinal?: number;
  /** Inferred from the code (import/infer), each backed by `evidence`. */
  uses?: string[];
  provides?: string[];
  effects?: EffectObject[];
  /** Declared or measured time (`--log`): a duration string such as `350us`. */
  cost?: string;
  /** Why each inferred use, provide and effect is there (plan language 1.1, `evidence`). */
  evidence?: Evidence[];
  note?: string;
}

/** A term function that still uses something at teardown (plan language: `{fn, uses}`). */
export interface PlanTermObject {
  fn: string;
  uses?: string[];
  evidence?: Evidence[];
}

export interface PlanLibraryObject {
  /** Unikraft 0.21: the early table (`UK_BOOT_EARLYTAB_ENTRY`). */
  early?: PlanEntryObject[];
  ctors?: PlanEntryObject[];
  initcalls?: PlanEntryObject[];
  init_array?: PlanEntryObject[];
  main?: Record<string, never>;
  note?: string;
}

export interface PlanObject {
  bootplan: 1 | 1.1;
  name: string;
  profile: string;
  target?: string;
  /** Devices the image needs from the machine (a 9p share its compiled-in mounts name). */
  devices?: Array<{ kind: 'virtio-9p' | 'virtio-net' | 'virtio-blk'; tag: string; hostdir?: string; note?: string }>;
  /** The compiled-in fstab (`mount: {from: fstab}` mounts these first). */
  mounts?: Array<{ dev: string; at: string; fs: 'ramfs' | '9pfs' | 'devfs' | 'extract'; opts?: string; note?: string }>;
  /** Insertion order is the declaration order, which is the default link order. */
  libraries: Record<string, PlanLibraryObject>;
  note?: string;
}

export interface ImportedPlan {
  plan: PlanObject;
  /** Comment lines for the top of the file (without `#`). */
  header: string[];
  /** Comment lines written above a library's key. */
  libraryComments: Record<string, string[]>;
  diagnostics: Diagnostic[];
}

/**
 * Whether a library name would be reordered by JavaScript: integer-like keys (`8250`, Linux's
 * serial driver module) are enumerated before all others, which would silently change the
 * declaration order. Importers rename such libraries.
 */
export function isIndexLikeKey(name: string): boolean {
  return /^(0|[1-9]\d{0,9})$/.test(name) && Number(name) < 2 ** 32 - 1;
}

/**
 * An empty object for names that come from the input (library names, module names): no
 * prototype, so a library called `constructor`, `hasOwnProperty` or `__proto__` is a key like
 * any other, not a property of Object.prototype (or a prototype change, silently dropped).
 */
export function dictionary<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
