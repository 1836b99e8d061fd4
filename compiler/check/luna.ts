/** Shared by the thread-model rules: the state analysis turned into diagnostics with schedules. */
import { analyzeState, type StateFinding } from '../luna/state.js';
import { ERRNO_TEXT } from '../luna/fs.js';
import type { Diagnostic } from '../types.js';
import { named, place, type CheckContext } from './rule.js';
import { defaultWitness, scheduleWitness } from './witness.js';

export function stateFindings(ctx: CheckContext): StateFinding[] {
  if (!ctx.compiled.luna || !ctx.graph.hb) return [];
  return analyzeState(ctx.compiled, ctx.graph).findings;
}

/** A finding as a diagnostic: message, the step's place, and the schedule that shows it. */
export function findingDiagnostic(ctx: CheckContext, code: string, f: StateFinding, what: string, hint: string): Diagnostic {
  const node = ctx.graph.byId.get(f.entry.id)!;
  const expect = { kind: 'fault' as const, entry: f.entry.id, capability: f.fault };
  const when = f.status === 'violation'
    ? 'in every schedule'
    : f.after
      ? `in a schedule that runs ${f.after.id} (${place(ctx.graph.byId.get(f.after.id)!)}) first`
      : 'in a schedule that runs it before the steps it needs';
  return {
    code,
    severity: 'error',
    message: `${named(node)} (${place(node)}): ${what}: ${f.errno} (${ERRNO_TEXT[f.errno]}) ${when}`,
    source: f.entry.source,
    ...(f.after ? { related: [{ message: `${f.after.id}: the step that makes the difference`, source: f.after.source }] } : {}),
    hint,
    witness: f.status === 'violation' ? defaultWitness(ctx, expect) : scheduleWitness(ctx, f.entry.id, expect, f.after ? [f.after.id] : []),
    subjects: [f.entry.id, ...(f.after ? [f.after.id] : [])],
  };
}
