/**
 * The graph of a thread-model plan (Luna) with threads as lanes: one cluster per kernel thread or
 * process, its steps left to right in program order, the hand-offs between lanes (spawn, start,
 * wait, await) as dashed arrows, and the requirements (uses) coloured by status as in the table
 * model's graph.
 */
import type { Compiled, Edge } from '../types.js';
import type { HbEdge } from '../luna/model.js';
import type { GraphPart } from './graph-select.js';

const STATUS_STYLE: Record<Edge['status'], string> = {
  proven: 'color="gray40"',
  'link-order': 'color="blue", style="dashed"',
  race: 'color="orange", style="bold", penwidth=2',
  violation: 'color="red", style="bold", penwidth=2',
};

const HANDOFF_STYLE: Record<Exclude<HbEdge['kind'], 'program'>, string> = {
  spawn: 'color="steelblue", style="dashed"',
  start: 'color="darkgreen", style="dashed"',
  wait: 'color="purple", style="dashed"',
  await: 'color="darkorange3", style="dashed"',
};

const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

function edgeLabel(edge: Edge): string {
  const r = edge.reason;
  const why = r.kind === 'uses' || r.kind === 'term-uses' ? r.capability : r.kind;
  return edge.status === 'proven' ? why : `${why} (${edge.status.toUpperCase()})`;
}

/** The lanes a part's nodes belong to, in the order the lanes were created, each in program order. */
export function lanesOf(compiled: Compiled, part: GraphPart): Array<{ id: string; title: string; nodes: string[] }> {
  const wanted = new Set(part.nodes);
  return compiled.luna!.lanes
    .map((l) => ({ id: l.id, title: l.title, nodes: l.steps.filter((s) => wanted.has(s)) }))
    .filter((l) => l.nodes.length > 0);
}

export function lanesDot(compiled: Compiled, part: GraphPart): string {
  const byId = new Map(compiled.entries.map((e) => [e.id, e]));
  const wanted = new Set(part.nodes);
  const lines = [
    `digraph ${q(compiled.plan.name)} {`,
    '  rankdir=LR;', '  newrank=true;', '  nodesep=0.2;',
    '  node [shape=box, fontname="monospace", fontsize=10];',
    '  edge [fontname="monospace", fontsize=9];',
  ];
  lanesOf(compiled, part).forEach((lane, i) => {
    lines.push(`  subgraph ${q(`cluster_lane_${i}`)} {`, `    label=${q(`${lane.id}: ${lane.title}`)};`, '    style="rounded"; color="gray70"; fontname="monospace"; fontsize=10;');
    for (const id of lane.nodes) lines.push(`    ${q(id)} [label=${q(byId.get(id)?.fn ?? id)}];`);
    for (let k = 1; k < lane.nodes.length; k++) lines.push(`    ${q(lane.nodes[k - 1]!)} -> ${q(lane.nodes[k]!)} [color="gray70", arrowsize=0.5];`);
    lines.push('  }');
  });
  for (const e of compiled.luna!.hb) {
    if (e.kind === 'program' || !wanted.has(e.from) || !wanted.has(e.to)) continue;
    lines.push(`  ${q(e.from)} -> ${q(e.to)} [label=${q(e.kind)}, ${HANDOFF_STYLE[e.kind]}];`);
  }
  for (const edge of part.edges) {
    lines.push(`  ${q(edge.from)} -> ${q(edge.to)} [label=${q(edgeLabel(edge))}, ${STATUS_STYLE[edge.status]}, constraint=false];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

export function lanesMermaid(compiled: Compiled, part: GraphPart): string {
  const ids = new Map<string, string>();
  part.nodes.forEach((id, i) => ids.set(id, `n${i}`));
  const text = (s: string) => s.replace(/"/g, '#quot;');
  const byId = new Map(compiled.entries.map((e) => [e.id, e]));
  const lines = ['flowchart LR'];
  lanesOf(compiled, part).forEach((lane, i) => {
    lines.push(`  subgraph l${i}["${text(`${lane.id}: ${lane.title}`)}"]`, '    direction LR');
    for (const id of lane.nodes) lines.push(`    ${ids.get(id)}["${text(byId.get(id)?.fn ?? id)}"]`);
    for (let k = 1; k < lane.nodes.length; k++) lines.push(`    ${ids.get(lane.nodes[k - 1]!)} --> ${ids.get(lane.nodes[k]!)}`);
    lines.push('  end');
  });
  for (const e of compiled.luna!.hb) {
    if (e.kind === 'program' || !ids.has(e.from) || !ids.has(e.to)) continue;
    lines.push(`  ${ids.get(e.from)} -.->|${e.kind}| ${ids.get(e.to)}`);
  }
  for (const edge of part.edges) {
    if (!ids.has(edge.from) || !ids.has(edge.to)) continue;
    lines.push(`  ${ids.get(edge.from)} ${edge.status === 'proven' ? '==>' : '-.->'}|"${text(edgeLabel(edge))}"| ${ids.get(edge.to)}`);
  }
  return lines.join('\n') + '\n';
}
