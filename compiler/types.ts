import type { LunaModel, LunaStepInfo } from './luna/model.js';

/**
 * The data that flows through the compiler pipeline. Every stage is a pure function from one of
 * these shapes to the next; the runtime and the CLI consume them and never reach inside a stage.
 */

/** A place in a source file, 1-based line and column. */
export interface Location {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/** Where a value came from: the file and its path inside the YAML document. Resolved to a
 * {@link Location} only when a diagnostic needs printing (positions cost a second parse). */
export interface SourceRef {
  file: string;
  path: ReadonlyArray<string | number>;
}

export type Severity = 'error' | 'warning' | 'note';

/**
 * A link order that the emulated machine can replay. `expect` says what replaying it must show.
 *
 * Witnesses of one plan share its default order: a witness is that order, or that order with one
 * entry moved (`move`), so a plan with thousands of findings holds one order, not one per finding.
 * `order` is the full list of node ids (entries and core steps) in the order they run; for a
 * moved witness it is built on each read, so read it once. It is not written to JSON: the JSON
 * form is `{ expect, move? }` (the plan's default order, with `move` applied), which
 * `run --link-order witness:FILE` replays against the plan; a JSON witness with an explicit
 * `order` array (the form before) is still read.
 *
 * What "replays" means in a plan with several errors: a witness names one failure, and another,
 * independent error may fire first in the same order (in the same entry, even: an fstab row
 * before the bad one, an `alloc` that gets ENOMEM before the effects run). A witness is not
 * built to dodge the other errors — a link order cannot move an fstab row — but replayed with
 * `keepGoing` (runtime/replay.ts): every fault is recorded and the boot goes on, a failing init
 * function is looked past, and an entry runs its remaining effects and fstab rows past an error,
 * recording each one. The witness replays when the named failure is among what that run shows.
 * Where the error is the plan's only one, the plain run (which stops at the first failure, as a
 * real boot does) shows it first as well; `Replay.first` says whether it did.
 */
export interface Witness {
  readonly order: readonly string[];
  /** The default order with `entry` run just before `before` (an entry of the same key). */
  move?: { entry: string; before: string };
  expect: {
    /** The entry that faults (or whose term runs too late). */
    entry: string;
    /** The capability it finds missing. */
    capability?: string;
    /**
     * `fault` at init time, `term` when the failure is in teardown, `order` for a pure
     * after/before (the trace shows `entry` called before `first`), `return` when the entry
     * returns an error (`rc`) and the boot stops there.
     */
    kind: 'fault' | 'term' | 'order' | 'return';
    rc?: number;
    /** For `order`: the entry that should have run first. */
    first?: string;
  };
}

export interface RelatedInfo {
  message: string;
  location?: Location;
  source?: SourceRef;
}

/** One finding. Reporters turn these into text; nothing else prints. */
export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  /** Resolved position; filled in by `locate` before reporting. */
  location?: Location;
  /** Unresolved position; `locate` turns it into `location`. */
  source?: SourceRef;
  related?: RelatedInfo[];
  /** What to change, one sentence. */
  hint?: string;
  witness?: Witness;
  /** Entry ids or other names the finding is about, for JSON consumers and tests. */
  subjects?: string[];
  /** The capability the finding is about, when it is about one (a use, a race on it): the
   * evidence pass adds the entries' evidence for it. */
  capability?: string;
  /** The finding that explains this one (a cycle it is part of, the dropped or failing provider
   * it needs, the first use of a capability nothing provides): reporters fold this one under it. */
  cause?: Cause;
  /** Machine-applicable changes that resolve the finding; `check --fix` applies them. */
  fixes?: Fix[];
}

/** Which finding explains another: enough to find it in the same report. */
export interface Cause {
  code: string;
  message: string;
  location?: Location;
}

/** One text edit: replace `[start, end)` of `file` (offsets into its text; 1-based positions for readers) with `text`. */
export interface TextEdit {
  file: string;
  start: number;
  end: number;
  range: { line: number; column: number; endLine: number; endColumn: number };
  text: string;
}

/** A change that resolves a finding, as edits to the plan's files. */
export interface Fix {
  description: string;
  edits: TextEdit[];
}

/** Thrown by loading stages for input that cannot be read at all; the CLI maps it to exit 2. */
export class InputError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => d.message).join('\n'));
    this.name = 'InputError';
    this.diagnostics = diagnostics;
  }
}

// ---------------------------------------------------------------------------------------------
// Profiles (data under specs/profiles/, validated by schemas/profile.schema.json)

export interface ProfileLevel {
  name: string;
  /** The number real code uses (Unikraft class 1..6, Linux 0..7); absent for levels without one. */
  number?: number;
  /** Other spellings accepted in plans, e.g. Linux "0s" for pure_sync. */
  aliases?: string[];
  /** What real code writes, for messages: `uk_rootfs_initcall_prio`, `fs_initcall`. */
  macro?: string;
  note?: string;
}

export interface ProfileTable {
  name: string;
  /** Which plan list registers into it. */
  role: 'early' | 'ctor' | 'initcall' | 'init_array' | 'step';
  /** Human name: "constructor table", "init table". */
  title: string;
  levels?: ProfileLevel[];
  /** `names`: the system's priority macros (`UK_FS_PRIO_FSAVAIL: 2`), accepted as `prio:` in plans. */
  prio?: { min: number; max: number; default: number; names?: Record<string, number> };
  /** Entries return an int and a negative value stops the boot. */
  canFail: boolean;
  /** Entries may carry a term function run at teardown. */
  terms: boolean;
  /** Entries may carry a devicetree ordinal that orders them inside one level and priority (Zephyr). */
  ordinals?: boolean;
  /** The section or macro family, for messages. */
  section?: string;
  /** What the real system does with an out-of-range priority. */
  badPrio?: string;
}

/** How the exit status is made at teardown: term functions may write it; an init loop (LIBUKBOOT_INIT)
 * gives a main stopped by a signal the status `killedBase | signal`. */
export interface ProfileExitStatus {
  termsWrite: boolean;
  /** Printed after the term functions, with `{status}` and `{target}`. */
  log?: string;
  initLoop?: { option: string; killedBase: number; stopSignal?: number };
}

export interface ProfileStep {
  name: string;
  title: string;
  provides: string[];
  /** Console lines the step prints (the real system's format). */
  log?: string[];
  cost?: string;
}

/** One phase of the boot: a core step or a slice of a registration table. */
export type ProfilePhase =
  | { step: ProfileStep }
  | { table: string; levels?: string[] }
  | { main: true };

export interface ProfilePlatform {
  /** `qemu/x86_64` */
  target: string;
  protocol: string;
  bootloader: string;
  steps: ProfileStep[];
}

/** How a profile's mount table treats a second mount of one point (schemas/profile.schema.json `mountOver`). */
export type MountOver = 'busy' | 'stack';

/** A profile's `mountOver`, `busy` when it says nothing (the vfscore model the machine always had). */
export function mountOverOf(profile: Pick<Profile, 'mountOver'>): MountOver {
  return profile.mountOver ?? 'busy';
}

/**
 * Whether an error an entry returns stops the boot: an early init call's always (Unikraft's
 * lib/ukboot/early_init.c crashes on it), an initcall's where its table `canFail`. Elsewhere (a
 * Linux or Zephyr initcall, a constructor, main) the boot goes on past it. The checker's
 * filesystem replay decides by this; the machine reads the same `canFail` through its slot
 * tables (runtime/machine-tables.ts) and crashes on an early init call's error in runtime/boot.ts.
 */
export function errorStopsBoot(profile: Pick<Profile, 'tables'>, entry: Pick<Entry, 'kind' | 'table'>): boolean {
  return entry.kind === 'early' || (entry.kind === 'initcall' && profile.tables.some((t) => t.name === entry.table && t.canFail));
}

export interface Profile {
  name: string;
  version: string;
  title: string;
  default?: boolean;
  /** How entries with equal keys are ordered: unspecified (a race) or deterministic link order. */
  ties: 'unspecified' | 'link-order';
  /** Unikraft: the teardown line before ` (target)`; default `Halting system` (after 0.17: `Shutting down system`). */
  shutdownLog?: string;
  /** Unikraft after 0.17: the exit status at teardown (schemas/profile.schema.json `exitStatus`). */
  exitStatus?: ProfileExitStatus;
  /** Console log format the machine writes and `verify` reads. */
  log: 'unikraft' | 'linux' | 'zephyr' | 'luna';
  /**
   * `tables` (default): registration tables sorted by key. `threads`: kernel threads and processes
   * whose steps run in program order, ordered across lanes by spawn, start, wait and await (Luna).
   */
  model?: 'tables' | 'threads';
  /** Thread model: the stages of the boot in order (`--show` prints the tables after each). */
  stages?: string[];
  /** Thread model: how many times init restarts a service that keeps dying before it gives up. */
  restartLimit?: number;
  platforms?: ProfilePlatform[];
  /** Capabilities the whole boot starts with (before any phase). */
  initial?: string[];
  tables: ProfileTable[];
  phases: ProfilePhase[];
  /** What a non-zero `main` return means. */
  mainNonZero: 'halt' | 'crash';
  /**
   * A mount over a point that is already a mount point: `busy` (vfscore, Zephyr: EBUSY) or
   * `stack` (Linux: on top of the one below). Read through `mountOverOf` (default `busy`).
   */
  mountOver?: MountOver;
  /** Capability words users may write; anything else must be provided by some entry or effect. */
  capabilities: { name: string; doc: string; pattern?: boolean }[];
  /** Capabilities that exist only in other configurations: name → how to get it. */
  unavailable?: Record<string, string>;
  /** Sharper messages for well-known misuse: capability → text. */
  preInit?: { table: string; levels?: string[]; capabilities: string[]; advice: string };
  file?: string;
}

// ---------------------------------------------------------------------------------------------
// Plans

/** One executed action, with its static contract already applied by `resolve`. */
export interface Effect {
  kind: string;
  args: Record<string, unknown>;
  uses: string[];
  provides: string[];
  source: SourceRef;
}

export interface Device {
  kind: 'virtio-9p' | 'virtio-net' | 'virtio-blk';
  tag: string;
  hostdir?: string;
  source: SourceRef;
}

export interface Mount {
  dev: string;
  at: string;
  fs: string;
  opts: string;
  /** From the plan's `mounts`, the command line's `vfs.fstab`, or an effect's own args. */
  origin: 'mounts' | 'cmdline' | 'effect';
  source: SourceRef;
}

/**
 * Why an entry uses or provides a capability or carries an effect (plan language 1.1): the call
 * in the C code that needs it. The same shape as `Evidence` in import/infer/types.ts, which the
 * importers write; `check` prints it as notes under every diagnostic about that capability.
 */
export interface Evidence {
  /** Exactly one of uses / provides / effect is set. */
  uses?: string;
  provides?: string;
  effect?: string;
  /** `file:line` of the call. */
  at: string;
  /** The function called there (`uk_malloc`). */
  call: string;
  /** The call chain from the registered function down, outermost first, each `fn (file:line)`. */
  via: string[];
  /** The catalog fact that says so. */
  fact: string;
}

export interface TermSpec {
  fn: string;
  uses: string[];
  /** Evidence for the term function's uses (language 1.1). */
  evidence?: Evidence[];
  /** The exit status it writes into the term context (profiles with `exitStatus.termsWrite`). */
  exit?: number;
  source: SourceRef;
}

export type EntryKind = 'early' | 'ctor' | 'initcall' | 'init_array' | 'main' | 'step';

/** A resolved registration. */
export interface Entry {
  /** `lib.fn` (or `lib.term` for term-only entries); `#2`… appended to later duplicates. */
  id: string;
  /** Global declaration index: the default link order. */
  index: number;
  lib: string;
  fn: string | null;
  kind: EntryKind;
  table: string;
  level: string | null;
  levelNumber: number | null;
  prio: number;
  /** Index into the profile's phases. */
  phase: number;
  /** Sort key: (phase, level, prio, devicetree ordinal) packed into one number. Equal keys tie on link order. */
  key: number;
  /** Zephyr devicetree dependency ordinal: orders devicetree devices of one level and priority. */
  ordinal?: number;
  /** Declared uses plus every effect's contract, deduplicated, declaration order. */
  uses: string[];
  provides: string[];
  /** Only what the entry itself declared (messages distinguish these from effect contracts). */
  declaredUses: string[];
  after: string[];
  before: string[];
  effects: Effect[];
  /** Virtual nanoseconds. */
  cost: number;
  /** Bytes of heap it takes. */
  alloc: number;
  /** Return value (fault injection); 0 by default. */
  returns: number;
  term: TermSpec | null;
  note?: string;
  /** Why its uses, provides and effects are there (plan language 1.1); absent or empty when none. */
  evidence?: Evidence[];
  /**
   * Where fields an overlay set come from (plan language 1.1): `uses:alloc`, `provides:x`,
   * `level`, `prio`, ... → the overlay's node. Undefined for entries no overlay touched.
   */
  origins?: Record<string, SourceRef>;
  /** Thread model: the lane, the operation and the credentials of a step. */
  luna?: LunaStepInfo;
  source: SourceRef;
}

/** A fixed action of the boot core (or platform entry). */
export interface CoreStep {
  id: string;
  name: string;
  title: string;
  phase: number;
  key: number;
  provides: string[];
  log: string[];
  cost: number;
}

export interface PlanInfo {
  name: string;
  profile: string;
  target: string | null;
  memory: number;
  cmdline: string;
  argv: string[];
  libparams: Record<string, string>;
  devices: Device[];
  mounts: Mount[];
  initrd: string | null;
  files: string[];
  source: SourceRef;
}

export type EdgeReason =
  | { kind: 'uses'; capability: string }
  | { kind: 'after' }
  | { kind: 'before' }
  | { kind: 'term-uses'; capability: string };

export type EdgeStatus = 'proven' | 'race' | 'violation' | 'link-order';

/** A requirement "from must run before to", with why and whether every boot keeps it. */
export interface Edge {
  from: string;
  to: string;
  reason: EdgeReason;
  status: EdgeStatus;
}

export interface Compiled {
  plan: PlanInfo;
  profile: Profile;
  entries: Entry[];
  steps: CoreStep[];
  edges: Edge[];
  /** The default linearization: every node id in the order the declared link order runs them. */
  order: string[];
  /** Entries the real build would drop (a priority the linker cannot place): never run. */
  dropped: Array<{ id: string; reason: string; provides: string[]; source: SourceRef }>;
  /** Entries `check` left out because they have input errors (reported); absent when none. */
  skipped?: Array<{ id: string; reason: string; provides: string[]; source: SourceRef }>;
  /** Thread-model profiles: lanes, images, users and the happens-before edges. */
  luna?: LunaModel;
}
