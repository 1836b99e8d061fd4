/** Shared analysis for the rules about a use that comes too early: which case it is, and its witness. */
import type { GraphNode } from '../graph.js';
import type { Diagnostic, Edge, RelatedInfo } from '../types.js';
import { named, place, type CheckContext } from './rule.js';
import { isServiceOrderEdge } from '../luna/service-order.js';
import { defaultWitness } from './witness.js';

export type UseClass = 'pre-init' | 'mount' | 'general';

export function classify(ctx: CheckContext, node: GraphNode, capability: string): UseClass {
  const pre = ctx.compiled.profile.preInit;
  const entry = node.entry;
  if (pre && entry && entry.table === pre.table && pre.capabilities.includes(capability) && (!pre.levels || (entry.level !== null && pre.levels.includes(entry.level)))) {
    return 'pre-init';
  }
  if (capability.startsWith('mount:')) return 'mount';
  return 'general';
}

export function providedHere(node: GraphNode, what = 'provided here'): RelatedInfo[] {
  if (node.entry) return [{ message: `${node.id} (${place(node)}): ${what}`, source: node.entry.source }];
  return [];
}

/** Use edges that fail in every boot, with the class of each. */
export function violatedUses(ctx: CheckContext): Array<{ edge: Edge; from: GraphNode; to: GraphNode; cls: UseClass }> {
  const out = [];
  for (const edge of ctx.doubtful) {
    if (edge.reason.kind !== 'uses' || edge.status !== 'violation' || edge.from === edge.to) continue;
    if (isServiceOrderEdge(ctx.compiled, ctx.graph, edge)) continue;
    const from = ctx.graph.byId.get(edge.from)!;
    const to = ctx.graph.byId.get(edge.to)!;
    out.push({ edge, from, to, cls: classify(ctx, to, edge.reason.capability) });
  }
  return out;
}

export function useViolation(ctx: CheckContext, code: string, v: { edge: Edge; from: GraphNode; to: GraphNode }, extra: { message?: string; hint: string }): Diagnostic {
  const cap = (v.edge.reason as { capability: string }).capability;
  const when = ctx.compiled.profile.ties === 'link-order' && v.from.key === v.to.key ? 'is linked after it' : `runs only later (${place(v.from)})`;
  return {
    code,
    severity: 'error',
    message: extra.message ?? `${named(v.to)} (${place(v.to)}) uses \`${cap}\`, which ${named(v.from)} provides but ${when}: it fails in every boot`,
    source: v.to.entry!.source,
    related: providedHere(v.from),
    hint: extra.hint,
    witness: defaultWitness(ctx, { kind: 'fault', entry: v.to.id, capability: cap }),
    subjects: [v.to.id, v.from.id],
  };
}
