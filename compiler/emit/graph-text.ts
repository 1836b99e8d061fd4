/**
 * The dependency graph as Graphviz dot or Mermaid, edges that fail marked, boot order as the main
 * axis: the nodes, in the default linearization, fall into stages (each core step alone, then a
 * cluster per init level, constructor priority or table), and the stages follow each other left
 * to right. Edges that run against boot order (violations) do not bend the layout.
 */
import type { Compiled, CoreStep, Edge, Entry } from '../types.js';
import { lanesDot, lanesMermaid } from './graph-lanes.js';
import type { GraphPart } from './graph-select.js';

const STATUS_STYLE: Record<Edge['status'], string> = {
  proven: 'color="gray40"',
  'link-order': 'color="blue", style="dashed"',
  race: 'color="orange", style="bold", penwidth=2',
  violation: 'color="red", style="bold", penwidth=2',
};

/** Consecutive nodes of one boot stage: a core step alone, or the entries of one level. */
export interface Stage {
  /** `level core`, `ctor 101`, `main`, or the core step's title. */
  label: string;
  step: CoreStep | null;
  nodes: string[];
}

function label(edge: Edge): string {
  const r = edge.reason;
  const why = r.kind === 'uses' ? r.capability : r.kind === 'term-uses' ? `term: ${r.capability}` : r.kind;
  return edge.status === 'proven' ? why : `${why} (${edge.status.toUpperCase()})`;
}

function where(compiled: Compiled, e: Entry): string {
  if (e.kind === 'main') return 'main';
  if (e.kind === 'ctor') return `ctor ${e.prio}`;
  if (e.level === null) return e.table;
  return `${e.level}${compiled.profile.tables.find((t) => t.name === e.table)?.prio ? ` ${e.prio}` : ''}`;
}

function stageOf(e: Entry): string {
  if (e.kind === 'main') return 'main';
  if (e.kind === 'ctor') return `constructors, priority ${e.prio}`;
  return e.level === null ? e.table : `level ${e.level}`;
}

/** The nodes of a part in boot order, cut into stages. */
export function stagesOf(compiled: Compiled, part: GraphPart): Stage[] {
  const entries = new Map(compiled.entries.map((e) => [e.id, e]));
  const steps = new Map(compiled.steps.map((s) => [s.id, s]));
  const stages: Stage[] = [];
  for (const id of part.nodes) {
    const step = steps.get(id);
    const entry = entries.get(id);
    if (step) {
      stages.push({ label: step.title, step, nodes: [id] });
      continue;
    }
    const name = entry ? stageOf(entry) : id;
    const last = stages[stages.length - 1];
    if (last && !last.step && last.label === name) last.nodes.push(id);
    else stages.push({ label: name, step: null, nodes: [id] });
  }
  return stages;
}

const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\\\\n/g, '\\n')}"`;

/** The whole graph, every node and edge. */
export function wholeGraph(compiled: Compiled): GraphPart {
  return { nodes: [...compiled.order], edges: [...compiled.edges] };
}

export function toDot(compiled: Compiled, part: GraphPart = wholeGraph(compiled)): string {
  if (compiled.luna) return lanesDot(compiled, part);
  const lines = [
    `digraph ${q(compiled.plan.name)} {`,
    '  rankdir=LR;', '  newrank=true;', '  ranksep=0.6;', '  nodesep=0.15;',
    '  node [shape=box, fontname="monospace", fontsize=10];',
    '  edge [fontname="monospace", fontsize=9];',
  ];
  const entries = new Map(compiled.entries.map((e) => [e.id, e]));
  const position = new Map(part.nodes.map((id, i) => [id, i]));
  const stages = stagesOf(compiled, part);
  stages.forEach((stage, i) => {
    if (stage.step) {
      lines.push(`  ${q(stage.nodes[0]!)} [label=${q(stage.step.title)}, style="rounded,filled", fillcolor="gray90"];`);
      return;
    }
    lines.push(`  subgraph ${q(`cluster_${i}`)} {`, `    label=${q(stage.label)};`, '    style="rounded"; color="gray70"; fontname="monospace"; fontsize=10;', '    rank=same;');
    for (const id of stage.nodes) {
      const e = entries.get(id);
      lines.push(`    ${q(id)} [label=${q(e ? `${id}\\n${where(compiled, e)}` : id)}${e?.kind === 'main' ? ', style="bold"' : ''}];`);
    }
    lines.push('  }');
  });
  // The boot order itself: each stage one rank after the one before.
  for (let i = 1; i < stages.length; i++) {
    lines.push(`  ${q(stages[i - 1]!.nodes[0]!)} -> ${q(stages[i]!.nodes[0]!)} [style="invis", weight=10];`);
  }
  for (const edge of part.edges) {
    const backwards = (position.get(edge.to) ?? 0) < (position.get(edge.from) ?? 0);
    lines.push(`  ${q(edge.from)} -> ${q(edge.to)} [label=${q(label(edge))}, ${STATUS_STYLE[edge.status]}${backwards ? ', constraint=false' : ''}];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

export function toMermaid(compiled: Compiled, part: GraphPart = wholeGraph(compiled)): string {
  if (compiled.luna) return lanesMermaid(compiled, part);
  const ids = new Map<string, string>();
  part.nodes.forEach((id, i) => ids.set(id, `n${i}`));
  const text = (s: string) => s.replace(/"/g, '#quot;');
  const lines = ['flowchart LR'];
  const entries = new Map(compiled.entries.map((e) => [e.id, e]));
  stagesOf(compiled, part).forEach((stage, i) => {
    if (stage.step) {
      lines.push(`  ${ids.get(stage.nodes[0]!)}(["${text(stage.step.title)}"])`);
      return;
    }
    lines.push(`  subgraph s${i}["${text(stage.label)}"]`);
    for (const id of stage.nodes) {
      const e = entries.get(id);
      lines.push(`    ${ids.get(id)}["${text(e ? `${id}<br/>${where(compiled, e)}` : id)}"]`);
    }
    lines.push('  end');
  });
  const styled: string[] = [];
  part.edges.forEach((edge, i) => {
    const arrow = edge.status === 'proven' ? '-->' : '-.->';
    lines.push(`  ${ids.get(edge.from)} ${arrow}|"${text(label(edge))}"| ${ids.get(edge.to)}`);
    if (edge.status === 'violation' || edge.status === 'race') styled.push(`  linkStyle ${i} stroke:${edge.status === 'violation' ? 'red' : 'orange'},stroke-width:3px`);
  });
  return [...lines, ...styled].join('\n') + '\n';
}
