/** The dependency graph as Graphviz dot or Mermaid, with edges that fail marked. */
import type { Compiled, Edge } from '../types.js';

const STATUS_STYLE: Record<Edge['status'], string> = {
  proven: 'color="gray40"',
  'link-order': 'color="blue", style="dashed"',
  race: 'color="orange", style="bold", penwidth=2',
  violation: 'color="red", style="bold", penwidth=2',
};

function label(edge: Edge): string {
  const r = edge.reason;
  const why = r.kind === 'uses' ? r.capability : r.kind === 'term-uses' ? `term: ${r.capability}` : r.kind;
  return edge.status === 'proven' ? why : `${why} (${edge.status.toUpperCase()})`;
}

function nodeLabel(compiled: Compiled, id: string, byId: Map<string, Compiled['entries'][number]>): string {
  const e = byId.get(id);
  if (!e) return id;
  const where = e.kind === 'main' ? 'main' : e.kind === 'ctor' ? `ctor ${e.prio}` : e.level === null ? e.table : `${e.level}${compiled.profile.tables.find((t) => t.name === e.table)?.prio ? ` ${e.prio}` : ''}`;
  return `${id}\\n${where}`;
}

const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\\\\n/g, '\\n')}"`;

export function toDot(compiled: Compiled): string {
  const lines = [`digraph ${q(compiled.plan.name)} {`, '  rankdir=LR;', '  node [shape=box, fontname="monospace", fontsize=10];', '  edge [fontname="monospace", fontsize=9];'];
  const byId = new Map(compiled.entries.map((e) => [e.id, e]));
  const steps = new Map(compiled.steps.map((s) => [s.id, s]));
  for (const id of compiled.order) {
    const step = steps.get(id);
    lines.push(`  ${q(id)} [label=${q(step ? `${step.title}` : nodeLabel(compiled, id, byId))}${step ? ', style="rounded,filled", fillcolor="gray90"' : byId.get(id)?.kind === 'main' ? ', style="bold"' : ''}];`);
  }
  for (const edge of compiled.edges) {
    lines.push(`  ${q(edge.from)} -> ${q(edge.to)} [label=${q(label(edge))}, ${STATUS_STYLE[edge.status]}];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

export function toMermaid(compiled: Compiled): string {
  const ids = new Map<string, string>();
  compiled.order.forEach((id, i) => ids.set(id, `n${i}`));
  const text = (s: string) => s.replace(/"/g, '#quot;');
  const lines = ['flowchart LR'];
  const byId = new Map(compiled.entries.map((e) => [e.id, e]));
  const steps = new Map(compiled.steps.map((s) => [s.id, s]));
  for (const id of compiled.order) {
    const step = steps.get(id);
    const shown = step ? step.title : nodeLabel(compiled, id, byId).replace('\\n', '<br/>');
    lines.push(step ? `  ${ids.get(id)}(["${text(shown)}"])` : `  ${ids.get(id)}["${text(shown)}"]`);
  }
  const styled: string[] = [];
  compiled.edges.forEach((edge, i) => {
    const arrow = edge.status === 'proven' ? '-->' : '-.->';
    lines.push(`  ${ids.get(edge.from)} ${arrow}|"${text(label(edge))}"| ${ids.get(edge.to)}`);
    if (edge.status === 'violation' || edge.status === 'race') styled.push(`  linkStyle ${i} stroke:${edge.status === 'violation' ? 'red' : 'orange'},stroke-width:3px`);
  });
  return [...lines, ...styled].join('\n') + '\n';
}
