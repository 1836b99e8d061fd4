/**
 * What the property files share: one case shape over both plan generators, compiling and
 * checking a case, the link orders a property tries, and reading a trace back as the order of
 * the nodes it ran.
 */
import fc from 'fast-check';
import { check, compile, loadPlanText } from '../../compiler/index.js';
import type { Compiled, Diagnostic, Witness } from '../../compiler/types.js';
import { replayWitness, run, type LinkOrder } from '../../runtime/index.js';
import type { TraceEvent } from '../../traces/events.js';
import { memoryHost, type HostFs } from '../../runtime/vfs/host.js';
import { EXPECTED_CODE, maybeBrokenPlan, validPlan, type GeneratedPlan, type ProfileName } from './arbitraries.js';
import { HOST_FILES, maybeBrokenRichPlan, PLAN_FILE, RICH_EXPECTED_CODE, richPlan, type RichPlan } from './rich-arbitraries.js';

/** A generated plan from either generator, with the bug it carries (if any) and its rule code. */
export interface PlanCase {
  generator: 'basic' | 'rich';
  profile: ProfileName;
  text: string;
  plan: Record<string, unknown>;
  bug: { kind: string; code: string; entry: string; capability?: string; first?: string } | null;
  features: string[];
}

/** fast-check prints a failing case as its plan text and bug, not as a wall of JSON. */
function printable(c: PlanCase): PlanCase {
  return Object.defineProperty(c, fc.toStringMethod, {
    value: () => `${c.generator} plan, bug ${c.bug ? JSON.stringify(c.bug) : 'none'}:\n${c.text}`,
    enumerable: false,
  });
}

const fromBasic = (g: GeneratedPlan): PlanCase => printable({
  generator: 'basic',
  profile: g.profile,
  text: g.text,
  plan: g.plan,
  bug: g.bug ? { ...g.bug, code: EXPECTED_CODE[g.bug.kind] } : null,
  features: [],
});

const fromRich = (g: RichPlan): PlanCase => printable({
  generator: 'rich',
  profile: g.profile,
  text: g.text,
  plan: g.plan,
  bug: g.bug ? { ...g.bug, code: RICH_EXPECTED_CODE[g.bug.kind] } : null,
  features: g.features,
});

/** Correct plans from both generators. */
export const correctCase: fc.Arbitrary<PlanCase> = fc.oneof(validPlan.map(fromBasic), richPlan.map(fromRich));
/** Plans with at most one injected bug, from both generators (the rich one twice as often). */
export const maybeBrokenCase: fc.Arbitrary<PlanCase> = fc.oneof(
  { arbitrary: maybeBrokenPlan.map(fromBasic), weight: 1 },
  { arbitrary: maybeBrokenRichPlan.map(fromRich), weight: 2 },
);
/** Anything either generator makes. */
export const anyCase: fc.Arbitrary<PlanCase> = fc.oneof(correctCase, maybeBrokenCase);

/** The host every generated plan runs against: the 9p share `guest_fs/` and `initrd.cpio` beside the plan. */
export const HOST: HostFs = memoryHost(HOST_FILES);

export interface Checked {
  compiled: Compiled;
  diagnostics: Diagnostic[];
  errors: Diagnostic[];
}

/** Load, compile and check a plan text against `host`; throws when it does not compile (generators never do that). */
export function checkText(text: string, host: HostFs = HOST): Checked {
  const { compiled, diagnostics } = compile(loadPlanText(PLAN_FILE, text));
  if (!compiled) throw new Error(`generated plan does not compile: ${diagnostics.map((d) => `${d.code}: ${d.message}`).join('; ')}\n${text}`);
  // The checker reads the host the machine runs against.
  const all = [...diagnostics, ...check(compiled, { host })];
  return { compiled, diagnostics: all, errors: all.filter((d) => d.severity === 'error') };
}

/**
 * The link orders a property tries: declared, reverse and a few `random:SEED`s; Linux ties are
 * deterministic link order, so only its declared order is a real boot.
 */
export function linkOrdersFor(profile: string, seeds: readonly number[]): LinkOrder[] {
  if (profile.startsWith('linux')) return [{ kind: 'declared' }];
  return [{ kind: 'declared' }, { kind: 'reverse' }, ...seeds.map((seed) => ({ kind: 'random' as const, seed }))];
}

export const seedsArb = fc.array(fc.nat({ max: 0xffffffff }), { minLength: 3, maxLength: 3 });

export function orderName(order: LinkOrder): string {
  return order.kind === 'random' ? `random:${order.seed}` : order.kind;
}

/** The ids of the core steps and entries a trace ran, in the order it ran them. */
export function ranOrder(events: readonly TraceEvent[], compiled: Compiled): string[] {
  const steps = new Set(compiled.steps.map((s) => s.id));
  const out: string[] = [];
  for (const e of events) {
    if (e.ev === 'call' && e.id !== undefined) out.push(e.id);
    else if (e.ev === 'phase' && e.id !== undefined && steps.has(e.id)) out.push(e.id);
  }
  return out;
}

/** Every node's sort key, entries and core steps alike. */
export function keysOf(compiled: Compiled): Map<string, number> {
  return new Map<string, number>([...compiled.steps.map((s) => [s.id, s.key] as const), ...compiled.entries.map((e) => [e.id, e.key] as const)]);
}

/**
 * Why `order` is not a link order the machine can replay (a linearization: every node exactly
 * once, keys never decreasing), or null when it is one.
 */
export function linearizationProblem(compiled: Compiled, order: readonly string[]): string | null {
  const keys = keysOf(compiled);
  const seen = new Set<string>();
  let last = -Infinity;
  for (const id of order) {
    const key = keys.get(id);
    if (key === undefined) return `${id} is not a node of the plan`;
    if (seen.has(id)) return `${id} appears twice`;
    if (key < last) return `${id} (key ${key}) comes after a node with key ${last}`;
    seen.add(id);
    last = key;
  }
  return seen.size === keys.size ? null : `${keys.size - seen.size} node(s) are missing`;
}

/**
 * Runs the witness's link order (a plain run: it stops at the first failure, as a real boot
 * does) and reads the trace: the first failure must be the one the witness names, at the entry
 * it names. Returns what was wrong, or null.
 */
export function witnessProblem(compiled: Compiled, witness: Witness, host: HostFs = HOST): string | null {
  const { events, outcome } = run(compiled, { linkOrder: { kind: 'witness', witness }, host });
  const want = witness.expect;
  // What stops a boot: a fault, or an error return where errors stop it (Linux and Zephyr log
  // a failing initcall and go on).
  const stopsOnError = new Set(compiled.entries.filter((e) => compiled.profile.tables.find((t) => t.name === e.table)?.canFail).map((e) => e.id));
  const failures = events.filter((e) => e.ev === 'fault' || (e.ev === 'return' && (e.rc ?? 0) < 0 && stopsOnError.has(e.id!)));
  const first = failures[0];
  const seen = first ? `${first.ev} at ${first.id}${first.ev === 'fault' ? ` (missing ${first.missing?.join(', ')})` : ` rc ${first.rc}`}` : `no failure (${outcome.target}: ${outcome.reason})`;
  switch (want.kind) {
    case 'fault':
    case 'term': {
      const fault = events.find((e) => e.ev === 'fault');
      if (!fault || first !== fault || fault.id !== want.entry) return `expected a ${want.kind} fault at ${want.entry}; the first failure is ${seen}`;
      if (want.capability !== undefined && !fault.missing?.includes(want.capability)) return `${want.entry} faulted, but ${want.capability} is not among the missing (${fault.missing?.join(', ')})`;
      if (outcome.fault?.kind !== want.kind) return `the fault is a ${outcome.fault?.kind} fault, not a ${want.kind} fault`;
      const termAt = events.findIndex((e) => e.ev === 'term' && e.id === want.entry);
      const faultAt = events.indexOf(fault);
      if (want.kind === 'term' && !(termAt >= 0 && termAt < faultAt)) return `the fault at ${want.entry} is not in its term function`;
      if (want.kind === 'fault' && events.some((e, i) => i < faultAt && e.ev === 'term')) return 'the fault is in teardown, not at init';
      if (outcome.target !== 'CRASH' || outcome.exitCode !== 1) return `the boot ended ${outcome.target}, exit ${outcome.exitCode}`;
      return null;
    }
    case 'return': {
      const ret = events.find((e) => e.ev === 'return' && e.id === want.entry && (want.rc === undefined ? (e.rc ?? 0) < 0 : e.rc === want.rc));
      if (!ret || (first !== undefined && events.indexOf(first) < events.indexOf(ret))) return `expected ${want.entry} to return ${want.rc ?? '< 0'} as the first failure; the first failure is ${seen}`;
      const entry = compiled.entries.find((e) => e.id === want.entry);
      const table = compiled.profile.tables.find((t) => t.name === entry?.table);
      if (table?.canFail && (outcome.failed?.id !== want.entry || outcome.target !== 'CRASH')) return `${want.entry} returned ${ret.rc} but the boot did not stop there (${outcome.reason})`;
      return null;
    }
    case 'order': {
      const calledAt = (id: string | undefined) => events.findIndex((e) => e.ev === 'call' && e.id === id);
      const entry = calledAt(want.entry);
      const firstAt = calledAt(want.first);
      if (entry < 0) return `${want.entry} was never called (${seen})`;
      if (firstAt >= 0 && firstAt < entry) return `${want.first} was called before ${want.entry}`;
      return null;
    }
  }
}

/**
 * Soundness for one plan text: null when the checker reports an error, or when the plan boots to
 * a normal halt in every link order tried; otherwise what went wrong.
 */
export function soundnessProblem(text: string, seeds: readonly number[] = [1, 2, 3]): string | null {
  const { compiled, errors } = checkText(text);
  if (errors.length > 0) return null;
  for (const linkOrder of linkOrdersFor(compiled.plan.profile, seeds)) {
    const { outcome, events } = run(compiled, { linkOrder, host: HOST });
    const fault = events.find((e) => e.ev === 'fault');
    if (outcome.target !== 'HALT' || fault || outcome.exitCode !== 0) {
      return `the checker finds no error, but in the ${orderName(linkOrder)} order the boot ends ${outcome.target}: ${outcome.reason}`;
    }
  }
  return null;
}

/** Completeness for one plan text: every witnessed error that does not replay, with why. */
export function completenessProblems(text: string): string[] {
  const { compiled, errors } = checkText(text);
  const out: string[] = [];
  for (const d of errors) {
    if (!d.witness) continue;
    const replay = replayWitness(compiled, d.witness, { host: HOST });
    if (!replay.matched) out.push(`${d.code}: replayWitness observed ${replay.observed}`);
    const problem = witnessProblem(compiled, d.witness);
    if (problem) out.push(`${d.code}: ${problem}`);
  }
  return out;
}
