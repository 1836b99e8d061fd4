/** Stage 6: run every rule over the compiled plan and its graph. */
import type { Graph } from '../graph.js';
import type { HostFs } from '../host.js';
import type { Compiled, Diagnostic } from '../types.js';
import { addEvidenceNotes } from './evidence-notes.js';
import { notableEntries } from './notable.js';
import type { CheckContext } from './rule.js';
import { CHECK_RULES } from './rules/index.js';
import { append } from '../append.js';

export { attachFixes } from './fixes.js';
export { focusFields } from './focus.js';
export { groupCauses } from './group.js';

/**
 * `reported`: whether earlier stages already reported an error or warning about the plan; `host`:
 * the host the machine will read (see CheckContext.host).
 */
export function runRules(compiled: Compiled, graph: Graph, reported = false, host?: HostFs): Diagnostic[] {
  const position = { get: (id: string) => graph.byId.get(id)?.pos };
  // The key model's table gives the few edges that are not proven without making the others.
  const doubtful = graph.edgeTable ? graph.edgeTable.doubtful() : compiled.edges.filter((e) => e.status !== 'proven');
  // What resolve knows of the ids holds for the entries it made (not for a list changed since).
  const notable = notableEntries(compiled.entries, graph.capabilities?.entries === compiled.entries ? graph.numbered : undefined);
  const ctx: CheckContext = { compiled, graph, position, doubtful, notable, reported, ...(host ? { host } : {}) };
  const out: Diagnostic[] = [];
  for (const rule of CHECK_RULES) {
    ctx.reported = reported || out.some((d) => d.severity !== 'note');
    append(out, rule.check!(ctx));
  }
  if (notable.evidenced) addEvidenceNotes(compiled, out);
  return out;
}
