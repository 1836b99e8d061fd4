/**
 * What a run can be told: the link order to replay, an injected failure, and limits. The CLI
 * turns its flags into these with `parseLinkOrder`, `parseFailSpec` and `witnessFromJson`.
 */
import { InputError, type Witness } from '../compiler/types.js';
import type { HostFs } from './vfs/host.js';

/** How entries with equal keys are ordered; nothing ever runs out of key order. */
export type LinkOrder =
  | { kind: 'declared' }
  | { kind: 'reverse' }
  | { kind: 'random'; seed: number }
  | { kind: 'witness'; witness: Witness };

export interface FailInjection {
  /** Entry id, `lib.fn`. */
  id: string;
  /** What it returns instead; default -1. */
  rc?: number;
}

export interface RunOptions {
  linkOrder?: LinkOrder;
  fail?: FailInjection;
  /** Stop after this many trace events (default 10,000,000). */
  maxEvents?: number;
  /** Stop once the virtual clock passes this many nanoseconds. */
  maxTimeNs?: number;
  /** Folder that the plan's host paths (initrd, 9p `hostdir`) are relative to; default the plan file's. */
  baseDir?: string;
  /** Host access (tests pass an in-memory one); default the real filesystem, read-only. */
  host?: HostFs;
  /**
   * Record faults and init errors but carry on as if they had not happened (the entry goes on
   * as if the capability had been there, or as if it had succeeded): every failure of the boot
   * in one run. Witness replay uses it; the outcome is still CRASH when anything failed.
   */
  keepGoing?: boolean;
  /**
   * Under a profile's init loop (`exitStatus.initLoop`, Unikraft LIBUKBOOT_INIT): main is stopped
   * by this signal (a graceful shutdown sends SIGTERM, 15) and its status is 0x80|signal.
   */
  stopSignal?: number;
}

export const DEFAULT_MAX_EVENTS = 10_000_000;

function inputError(code: string, message: string, hint?: string): InputError {
  return new InputError([{ code, severity: 'error', message, ...(hint ? { hint } : {}) }]);
}

/** `declared`, `reverse` or `random:SEED`; `witness:FILE` needs the file read, see `witnessFromJson`. */
export function parseLinkOrder(text: string): LinkOrder {
  if (text === 'declared') return { kind: 'declared' };
  if (text === 'reverse') return { kind: 'reverse' };
  const m = /^random:(\d{1,10})$/.exec(text);
  if (m && Number(m[1]) <= 0xffffffff) return { kind: 'random', seed: Number(m[1]) };
  throw inputError('bad-link-order', `link order "${text}" is not declared, reverse, random:SEED (SEED 0..4294967295) or witness:FILE`);
}

/** `lib.fn` or `lib.fn=RC` (RC an integer, default -1). */
export function parseFailSpec(text: string): FailInjection {
  const m = /^([^=\s]+\.[^=\s]+)(?:=(-?\d{1,10}))?$/.exec(text);
  if (!m) throw inputError('bad-fail', `--fail "${text}" is not LIB.FN or LIB.FN=RC`, 'e.g. --fail vfscore.vfscore_automount=-2');
  return m[2] === undefined ? { id: m[1]! } : { id: m[1]!, rc: Number(m[2]) };
}

/** A witness found in a check report, with the plan it was found for when the report says. */
export interface FoundWitness {
  witness: Witness;
  /** The plan file the report names (`filePath` of `check --format json`), if any. */
  plan?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isMove = (v: unknown): v is { entry: string; before: string } =>
  isObject(v) && typeof v.entry === 'string' && typeof v.before === 'string';
const isExpect = (v: unknown): boolean => isObject(v) && typeof v.entry === 'string' && typeof v.kind === 'string';

/**
 * One witness in either form: `{ expect, move? }` (what `check --format json` writes: the plan's
 * default order, with one entry moved) or `{ order: [ids], expect? }` (a full order, the earlier
 * form and hand-written files); null when `v` is neither.
 */
function asWitness(v: unknown): Witness | null {
  if (!isObject(v)) return null;
  if (Array.isArray(v.order)) return v.order.every((x) => typeof x === 'string') ? (v as unknown as Witness) : null;
  if (!isExpect(v.expect) || (v.move !== undefined && !isMove(v.move))) return null;
  // No order in the file: the runtime orders by `move`, or declared order when there is none.
  return { order: [], expect: v.expect as Witness['expect'], ...(v.move !== undefined ? { move: v.move as { entry: string; before: string } } : {}) };
}

/**
 * Every witness in parsed JSON, in the order `check` printed them: a Witness itself, a diagnostic
 * carrying one, an old single report (`{ file, diagnostics }`), or `check --format json`'s array
 * of per-file reports (`[{ filePath, messages }]`). `witness:FILE#N` is the N-th of these.
 */
export function witnessesFromJson(value: unknown): FoundWitness[] {
  const direct = asWitness(value);
  if (direct) return [{ witness: direct }];
  const out: FoundWitness[] = [];
  const fromList = (list: unknown, plan: unknown) => {
    if (!Array.isArray(list)) return;
    for (const d of list) {
      const w = isObject(d) ? asWitness(d.witness) : null;
      if (w) out.push({ witness: w, ...(typeof plan === 'string' && plan !== '' ? { plan } : {}) });
    }
  };
  if (Array.isArray(value)) {
    for (const f of value) if (isObject(f)) fromList(f.messages, f.filePath);
  } else if (isObject(value)) {
    const own = asWitness(value.witness);
    if (own) return [{ witness: own }];
    fromList(value.diagnostics, value.file);
  }
  return out;
}

/** The first witness in parsed JSON (see `witnessesFromJson`); a `bad-witness` input error when there is none. */
export function witnessFromJson(value: unknown): Witness {
  const found = witnessesFromJson(value);
  if (found.length === 0) throw inputError('bad-witness', 'the witness file holds no witness (an object with `expect` and an optional `move`, or an `order` array of node ids)', 'write it with `bootplan check --format json PLAN > w.json`');
  return found[0]!.witness;
}
