/**
 * `bootplan fix`: find levels and priorities within the profile's ranges that make every
 * requirement of the plan proven, changing as few entries as possible and never a held one
 * (`pinned: true`, included files, `main`, core steps). Returns the changes with the reason for
 * each, the new text of every file touched, and what the checker says about the result — or, when
 * no assignment exists, a diagnostic naming the requirements that conflict.
 */
import { check, compile, loadPlan, type PlanSource } from '../index.js';
import type { Compiled, Diagnostic, Edge, Entry } from '../types.js';
import { buildProblem, rawEntry, type FixNode, type FixProblem, type ModelOptions, type Slot } from './model.js';
import { applyEdits, type ValueEdit } from './rewrite.js';
import { conflicts, solve, type Infeasible } from './solve.js';

export interface FixChange {
  id: string;
  file: string;
  path: ReadonlyArray<string | number>;
  from: { level: string | null; prio: number | null };
  to: { level: string | null; prio: number | null };
  /** "posix-tty.init_posix_tty: prio 2 → 4, because it uses `mount:/dev`, provided by devfs.devfs_automount at rootfs 3" */
  message: string;
}

export interface FixResult {
  /** `clean`: nothing to change; `fixed`: changes found; `conflict`: no assignment exists. */
  status: 'clean' | 'fixed' | 'conflict';
  changes: FixChange[];
  /** file → new text, for the files the changes touch. */
  texts: Map<string, string>;
  /** The conflict, or what the checker still reports after the changes (problems no priority fixes). */
  diagnostics: Diagnostic[];
}

function levelName(compiled: Compiled, entry: Entry, slot: Slot): string | null {
  if (slot.levelIndex < 0) return null;
  return compiled.profile.tables.find((t) => t.name === entry.table)?.levels?.[slot.levelIndex]?.name ?? null;
}

/** How a node's place reads: "rootfs 3", "ctor prio 2", "device", `core step "…"`. */
function placeOf(compiled: Compiled, node: FixNode, slotIndex: number): string {
  const e = node.entry;
  if (!e) return node.held ?? node.id;
  if (e.kind === 'main') return 'main';
  const slot = node.domain[slotIndex]!;
  if (e.kind === 'ctor') return `ctor prio ${slot.prio ?? e.prio}`;
  if (e.kind === 'early') return `early prio ${slot.prio ?? e.prio}`;
  const level = slot.levelIndex >= 0 ? levelName(compiled, e, slot) : e.level;
  const prio = slot.prio;
  const where = [level, prio].filter((p) => p !== null).join(' ');
  return where || e.table;
}

/** "devfs.devfs_automount at rootfs 3", or `the core step "Initialize scheduling"`. */
function label(compiled: Compiled, node: FixNode, slotIndex: number): string {
  return node.entry ? `${node.id} at ${placeOf(compiled, node, slotIndex)}` : `the ${node.held}`;
}

function edgeReason(edge: Edge, other: string, subject: 'to' | 'from'): string {
  const r = edge.reason;
  if (subject === 'to') {
    if (r.kind === 'uses') return `it uses \`${r.capability}\`, provided by ${other}`;
    if (r.kind === 'after') return `\`after\` says it runs after ${other}`;
    if (r.kind === 'before') return `\`before\` on ${other} says it runs first`;
    return `its term function uses \`${r.capability}\`, which the term of ${other} withdraws`;
  }
  if (r.kind === 'uses') return `${other} uses \`${r.capability}\`, which it provides`;
  if (r.kind === 'after') return `\`after\` on ${other} says it runs first`;
  if (r.kind === 'before') return `\`before\` says it runs before ${other}`;
  return `the term function of ${other} uses \`${r.capability}\`, which its term withdraws`;
}

function describeChange(compiled: Compiled, problem: FixProblem, slot: number[], i: number): FixChange {
  const node = problem.nodes[i]!;
  const entry = node.entry!;
  const before = node.domain[node.original]!;
  const after = node.domain[slot[i]!]!;
  const from = { level: before.levelIndex >= 0 ? levelName(compiled, entry, before) : entry.level, prio: before.prio };
  const to = { level: after.levelIndex >= 0 ? levelName(compiled, entry, after) : entry.level, prio: after.prio };
  const parts: string[] = [];
  if (from.level !== to.level) parts.push(`level ${from.level} → ${to.level}`);
  if (from.prio !== to.prio) parts.push(`prio ${from.prio} → ${to.prio}`);
  const keyOf = (n: number) => problem.nodes[n]!.domain[slot[n]!]!.key;
  // The requirement that would break at the old slot: the reason it moved.
  let because = '';
  if (after.key > before.key) {
    const r = problem.in[i]!.map((r) => problem.requirements[r]!).filter((r) => (r.strict ? keyOf(r.from) >= before.key : keyOf(r.from) > before.key)).sort((a, b) => keyOf(b.from) - keyOf(a.from))[0];
    if (r) because = edgeReason(r.edge, label(compiled, problem.nodes[r.from]!, slot[r.from]!), 'to');
  } else {
    const r = problem.out[i]!.map((r) => problem.requirements[r]!).filter((r) => (r.strict ? keyOf(r.to) <= before.key : keyOf(r.to) < before.key)).sort((a, b) => keyOf(a.to) - keyOf(b.to))[0];
    if (r) because = edgeReason(r.edge, label(compiled, problem.nodes[r.to]!, slot[r.to]!), 'from');
  }
  if (!because) because = 'the entries it must run between moved';
  return { id: node.id, file: entry.source.file, path: entry.source.path, from, to, message: `${node.id}: ${parts.join(', ')}, because ${because}` };
}

function conflictDiagnostic(compiled: Compiled, problem: FixProblem, why: Infeasible): Diagnostic {
  const stuck = problem.nodes[why.node]!;
  const steps = why.chain.map((r) => {
    const a = problem.nodes[r.from]!;
    const b = problem.nodes[r.to]!;
    const what = r.edge.reason.kind === 'uses' || r.edge.reason.kind === 'term-uses' ? `${r.edge.reason.kind === 'term-uses' ? 'term uses' : 'uses'} \`${r.edge.reason.capability}\`` : r.edge.reason.kind;
    return `${b.id} ${what} from ${a.id}`;
  });
  const limit = stuck.held ? `${stuck.id} cannot move (${stuck.held})` : `${stuck.id} has no later slot in its table (its last is ${placeOf(compiled, stuck, stuck.domain.length - 1)})`;
  const self = why.chain.length === 1 && why.chain[0]!.from === why.chain[0]!.to ? why.chain[0]! : null;
  const message = self
    ? `no levels and priorities satisfy ${stuck.id}: it ${steps[0]!.replace(/^\S+ /, '').replace(/ from \S+$/, '')}, which only it provides`
    : why.cycle
    ? `no levels and priorities satisfy these requirements: they form a cycle: ${why.chain.map((r) => problem.nodes[r.from]!.id).join(' → ')} → ${problem.nodes[why.chain[0]!.from]!.id} (${steps.join('; ')})`
    : `no levels and priorities satisfy these requirements together: ${steps.join('; ')}; ${limit}`;
  const held = why.chain.flatMap((r) => [r.from, r.to]).map((n) => problem.nodes[n]!).filter((n, i, all) => n.entry && n.held && all.indexOf(n) === i);
  return {
    code: 'fix-conflict',
    severity: 'error',
    message,
    ...(stuck.entry ? { source: stuck.entry.source } : {}),
    related: held.map((n) => ({ message: `${n.id} is held: ${n.held}`, source: n.entry!.source })),
    hint: self ? 'let another entry provide it, or drop the use' : why.cycle ? 'remove one requirement of the cycle' : 'unpin an entry of the chain, give one a level in another place, or drop a requirement',
    subjects: [...new Set(why.chain.flatMap((r) => [problem.nodes[r.from]!.id, problem.nodes[r.to]!.id]))],
  };
}

/** The YAML edits that write `change` (in the entry's own style for levels: name or number). */
function editsFor(source: PlanSource, compiled: Compiled, change: FixChange, entry: Entry): ValueEdit[] {
  const edits: ValueEdit[] = [];
  const raw = rawEntry(source.files, entry);
  if (change.from.level !== change.to.level && change.to.level !== null) {
    const level = compiled.profile.tables.find((t) => t.name === entry.table)?.levels?.find((l) => l.name === change.to.level);
    const value = typeof raw?.level === 'number' && level?.number !== undefined ? level.number : change.to.level;
    edits.push({ path: change.path, key: 'level', value });
  }
  if (change.from.prio !== change.to.prio && change.to.prio !== null) edits.push({ path: change.path, key: 'prio', value: change.to.prio });
  return edits;
}

/** Solve, rewrite and check again. `source` must compile (no errors before the checker's). */
export function fixPlan(source: PlanSource, compiled: Compiled, options: ModelOptions = {}): FixResult {
  const problem = buildProblem(compiled, source.files, source.root, options);
  const result = solve(problem);
  if ('chain' in result) {
    return { status: 'conflict', changes: [], texts: new Map(), diagnostics: conflicts(problem, result).map((why) => conflictDiagnostic(compiled, problem, why)) };
  }
  const changes = result.changed.map((i) => describeChange(compiled, problem, result.slot, i));
  const byFile = new Map<string, ValueEdit[]>();
  for (const [k, change] of changes.entries()) {
    const entry = problem.nodes[result.changed[k]!]!.entry!;
    const list = byFile.get(change.file) ?? [];
    list.push(...editsFor(source, compiled, change, entry));
    byFile.set(change.file, list);
  }
  const texts = new Map<string, string>();
  const unwritable: Diagnostic[] = [];
  for (const [file, edits] of byFile) {
    const text = applyEdits(source.texts.get(file)!, edits);
    if (typeof text === 'string') texts.set(file, text);
    else unwritable.push({ code: 'fix-rewrite', severity: 'error', message: `fix cannot write its changes into ${file}: ${text.error} (an alias or merge key stands for the entry there)`, location: { file, line: 1, column: 1 }, hint: 'write the entry out in full, or apply the changes listed above by hand' });
  }
  if (unwritable.length > 0) return { status: 'fixed', changes, texts: new Map(), diagnostics: unwritable };
  const again = loadPlan(source.root, { read: (p) => texts.get(p) ?? source.texts.get(p) ?? (() => { throw Object.assign(new Error('not found'), { code: 'ENOENT' }); })() });
  const recompiled = compile(again);
  const diagnostics = [...recompiled.diagnostics, ...(recompiled.compiled ? check(recompiled.compiled) : [])].filter((d) => d.severity === 'error');
  return { status: changes.length === 0 ? 'clean' : 'fixed', changes, texts, diagnostics };
}
