/** Stage 5: linearizations. The default one is declaration order inside equal keys. */
import type { Graph, GraphNode } from './graph.js';

export function defaultLinearization(graph: Graph): string[] {
  return graph.nodes.map((n) => n.id);
}

/** Equal-key groups (ties) in the default order: where link order can make a difference. */
export function tieGroups(graph: Graph): GraphNode[][] {
  const groups: GraphNode[][] = [];
  let current: GraphNode[] = [];
  for (const node of graph.nodes) {
    if (current.length > 0 && current[0]!.key !== node.key) {
      if (current.length > 1) groups.push(current);
      current = [];
    }
    current.push(node);
  }
  if (current.length > 1) groups.push(current);
  return groups;
}
