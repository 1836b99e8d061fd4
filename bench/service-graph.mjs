// The dependency graph bootplan compiled, reduced to what service managers can express: one node
// per core step and entry, and per edge either a requirement (B uses what A provides: start A
// first, and B needs it) or an ordering alone (`after`/`before`, term functions). Both peer
// formats below are written from this, so all three tools check the same graph.

/** @param {{ steps: {id: string}[], entries: {id: string}[], edges: {from: string, to: string, reason: {kind: string}}[] }} compiled */
export function serviceGraph(compiled) {
  const nodes = [...compiled.steps.map((s) => s.id), ...compiled.entries.map((e) => e.id)];
  const requires = new Map(nodes.map((id) => [id, new Set()]));
  const after = new Map(nodes.map((id) => [id, new Set()]));
  const hasDependents = new Set();
  for (const edge of compiled.edges) {
    if (edge.from === edge.to) continue;
    if (edge.reason.kind === 'uses') requires.get(edge.to).add(edge.from);
    after.get(edge.to).add(edge.from);
    hasDependents.add(edge.from);
  }
  // The unit a manager is asked to start (`boot`): it pulls in every node nothing else pulls in.
  const sinks = nodes.filter((id) => !hasDependents.has(id));
  return { nodes, requires, after, sinks, edges: compiled.edges.length };
}
